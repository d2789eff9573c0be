"""Driving the admin's table imports in tests: upload a file, confirm the preview, read the page."""

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def upload(client, url_name: str, content: bytes, file_name: str):
    """The admin's first step; there is one format, found from the file's content."""
    data = {"import_file": SimpleUploadedFile(file_name, content), "format": "0", "resource": "0"}
    return client.post(reverse(url_name), data)


def confirm(client, url_name: str, preview, **extra):
    """The confirmation of `preview`, with `extra` fields of the confirmation form (a ticked box)."""
    return client.post(reverse(url_name), {**preview.context["confirm_form"].initial, **extra})


def page_text(response) -> str:
    """The page's text, entities decoded and every space (non-breaking ones too) as one plain space."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))
