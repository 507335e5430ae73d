"""Chuyển đổi PDF — LibreOffice headless conversion and PDF text extraction.

``convert_to_pdf`` runs ``soffice --headless --convert-to pdf`` with a private,
throw-away user profile (so parallel runs never share one) and moves the PDF
into ``outdir`` atomically. ``pdf_text`` extracts text with ``pdftotext``
(Debian package poppler-utils). Both raise :class:`OfficeUnavailable` when the
external program is missing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path

from ..core.i18n import tr

__all__ = ["OfficeConversionError", "OfficeUnavailable", "convert_many", "convert_to_pdf", "find_soffice", "pdf_text"]


class OfficeUnavailable(RuntimeError):
    """LibreOffice (``soffice``) or ``pdftotext`` is not installed / not on PATH."""


class OfficeConversionError(RuntimeError):
    """The conversion ran but failed, timed out or produced no PDF."""


def find_soffice() -> str | None:
    """Path of the LibreOffice binary (``$DINHMUC_SOFFICE``, ``soffice`` or ``libreoffice``)."""
    override = os.environ.get("DINHMUC_SOFFICE")
    if override:
        return shutil.which(override)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run ``cmd`` in its own process group; on timeout kill that group (soffice forks)."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise OfficeConversionError(tr("office.timeout", name=Path(cmd[0]).name, timeout=timeout, cmd=" ".join(cmd)))
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def convert_to_pdf(path, outdir, timeout: float = 180) -> Path:
    """Chuyển .docx sang PDF — convert a document with LibreOffice headless.

    The PDF is written as ``outdir/<stem>.pdf`` (replaced atomically if it
    exists); nothing is written next to the source. Raises
    :class:`OfficeUnavailable` if soffice is missing, :class:`FileNotFoundError`
    if ``path`` does not exist, :class:`OfficeConversionError` on failure or
    timeout.
    """
    src = Path(path).resolve()
    made = convert_many([src], outdir, "pdf", timeout=timeout)
    target = Path(outdir) / f"{src.stem}.pdf"
    if target not in made:
        raise OfficeConversionError(tr("office.not_converted", name=src.name, name2=target.name))
    return target


def pdf_text(pdf_path, layout: bool = False, timeout: float = 60) -> str:
    """Văn bản trong PDF — the text of a PDF via ``pdftotext`` (poppler-utils).

    ``layout=True`` keeps the physical layout (columns side by side).
    Raises :class:`OfficeUnavailable` if pdftotext is missing.
    """
    exe = shutil.which("pdftotext")
    if exe is None:
        raise OfficeUnavailable(tr("office.no_pdftotext"))
    cmd = [exe, "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf_path), "-"]
    result = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise OfficeConversionError(
            tr(
                "office.pdftotext_failed",
                pdf_path=pdf_path,
                returncode=result.returncode,
                strip=result.stderr.decode("utf-8", "replace").strip(),
            )
        )
    return result.stdout.decode("utf-8", "replace")


_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def convert_many(paths, outdir, target: str = "pdf", *, recalc: bool = False, timeout: float = 300) -> list[Path]:
    """Chuyển nhiều tệp — convert several files in ONE LibreOffice run (much faster than one by one).

    ``target`` is a LibreOffice ``--convert-to`` argument (``"pdf"``,
    ``"xlsx"``, or a csv filter string). ``recalc=True`` makes Calc recalculate
    every formula on load (OOXMLRecalcMode = always), whatever cached values the
    file holds. Returns the files written in ``outdir`` (for a multi-sheet csv
    export, LibreOffice writes one ``<stem>-<sheet>.csv`` per sheet). Raises
    :class:`OfficeUnavailable` without soffice, :class:`OfficeConversionError`
    when nothing was produced.
    """
    srcs = [Path(p).resolve() for p in paths]
    for s in srcs:
        if not s.is_file():
            raise FileNotFoundError(s)
    soffice = find_soffice()
    if soffice is None:
        raise OfficeUnavailable(tr("office.no_soffice"))
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / f"lo_profile_{uuid.uuid4().hex}"
    if recalc:
        (profile / "user").mkdir(parents=True, exist_ok=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix=".convert-", dir=outdir))
    try:
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--convert-to",
            target,
            "--outdir",
            str(work),
            *map(str, srcs),
        ]
        result = _run(cmd, timeout)
        produced = sorted(p for p in work.iterdir() if p.is_file() and p.stat().st_size > 0)
        if not produced:
            detail = (result.stderr or result.stdout or b"").decode("utf-8", "replace").strip()
            raise OfficeConversionError(tr("office.nothing", returncode=result.returncode, detail=detail[-800:]))
        out = []
        for p in produced:
            target_path = outdir / p.name
            os.replace(p, target_path)
            out.append(target_path)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
