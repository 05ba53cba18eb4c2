"""Render a Word file to PDF with LibreOffice, as an official would print it."""

import re
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(docx: bytes, folder: Path) -> int:
    """The number of pages LibreOffice prints `docx` on."""
    # `make test` installs LibreOffice first (make system-deps): missing, the test fails.
    assert SOFFICE is not None, "LibreOffice is missing: `make system-deps` installs it"
    source = folder / "document.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (folder / "document.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    # LibreOffice writes each page as an object of its own: "/Type /Page" (not "/Pages").
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
