"""Reading back the PDFs the extranet draws (extranet/pdf.py), the way a reader's viewer would."""

import io
import re

from pypdf import PdfReader


def pdf_reader(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-"), content[:20]
    return PdfReader(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    """The text of every page, spaces of any kind (non-breaking ones included) folded into one."""
    text = "\n".join(page.extract_text() for page in pdf_reader(content).pages)
    return re.sub(r"[^\S\n]+", " ", text)


def response_pdf_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)
