"""The base layer (tầng nền): errors, units and grades registry, labels, YAML reading
and Vietnamese text formatting.

Every other module of dinhmuc may import from here; nothing here imports from
the layers above (evidence, methods, norm, costing, dossier, appraisal, cli).
"""
