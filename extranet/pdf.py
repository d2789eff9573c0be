"""PDF documents drawn on the server: a Django template rendered to HTML, then to PDF by WeasyPrint.

One helper for every PDF of the extranet (posters, programmes, reports): templates extend
`extranet/pdf_base.html`, which links the print stylesheet `static/css/print.css` (A4 page, margins,
fonts installed on the server), and the file leaves through `download_response`, the one place that
writes the Content-Disposition header.

WeasyPrint fetches every stylesheet, image and font the HTML names. Left to itself it would follow
any `http(s)://` or `file://` address found in a template or in text someone typed: a request to a
third party while a PDF is drawn (a leak, and a page that hangs when the network does), or a file of
the server read into a PDF. `StaticOnlyFetcher` answers only for our static files and `data:` URIs;
anything else is refused and WeasyPrint draws the document without it.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from extranet.spreadsheets.writing import download_response

logger = logging.getLogger(__name__)

PDF_CONTENT_TYPE = "application/pdf"
# The documents' relative URLs (`{% static %}` gives `/static/…`) resolve against this origin, which
# is never contacted: the fetcher reads the file from disk instead. `.invalid` cannot exist (RFC 2606).
BASE_URL = "https://pdf.invalid/"
_BASE = urlsplit(BASE_URL)


def static_file_path(url: str) -> Path | None:
    """The file on disk behind one of our static URLs, or None if `url` is anything else."""
    parts = urlsplit(url)
    static_url = urlsplit(settings.STATIC_URL)
    if static_url.netloc:
        # STATIC_URL given as a full address: match it as is.
        same_origin = (parts.scheme, parts.netloc) == (static_url.scheme, static_url.netloc)
    else:
        same_origin = (parts.scheme, parts.netloc) == (_BASE.scheme, _BASE.netloc)
    if not same_origin or not parts.path.startswith(static_url.path):
        return None
    name = unquote(parts.path[len(static_url.path) :])
    if not name or name.endswith("/"):
        return None
    try:
        # Collected files first (in production their names carry the manifest's hash), then the
        # sources (development and tests, where nothing is collected).
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
        found = finders.find(name)
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        # `../` out of the static folders, or a storage without local files.
        return None
    return Path(found) if found else None


class StaticOnlyFetcher(URLFetcher):
    """Reads our static files and `data:` URIs; refuses every other address (see the module docstring)."""

    def __init__(self, **kwargs):
        # `data:` goes through WeasyPrint's own handler; nothing else reaches it.
        super().__init__(allowed_protocols=("data",), **kwargs)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file_path(url)
        if path is None:
            logger.warning("PDF: refused to fetch %s (only our static files are read)", url)
            raise ValueError(f"Not one of our static files: {url}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(path)})


def _content_type(path: Path) -> str:
    # WeasyPrint needs the type of stylesheets; it sniffs images and fonts itself.
    types = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
    return types.get(path.suffix, "application/octet-stream")


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document whose relative URLs point to our static files."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def render_pdf(template_name: str, context: dict | None = None, request: HttpRequest | None = None) -> bytes:
    """The PDF of a template (usually extending `extranet/pdf_base.html`)."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(
    template_name: str,
    context: dict | None,
    filename: str,
    *,
    request: HttpRequest | None = None,
    inline: bool = False,
) -> HttpResponse:
    """A PDF download named `filename` (with its `.pdf`); `inline` lets the browser show it in place."""
    content = render_pdf(template_name, context, request=request)
    return download_response(content, filename, PDF_CONTENT_TYPE, inline=inline)
