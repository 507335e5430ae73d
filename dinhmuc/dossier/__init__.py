"""Hồ sơ ban hành — drafting the administrative dossier (.docx) for a set of norms."""
