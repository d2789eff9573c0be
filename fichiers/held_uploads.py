"""An upload that passed its checks, held for a short while when the rest of its form was refused.

The browser cannot put a chosen file back into a file input, so without this the member would have to
find the file again after correcting, say, the title. The file goes into the shared cache (every worker
and host reads it) under a random token that the form sends back in a hidden field; the token is bound
to its member, the file is checked again when it comes back, and it is dropped once stored or after
`HOLD_SECONDS`. The cache is the database or Redis (never memcached, whose items stop at 1 MB).
"""

import re
import secrets

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

HOLD_SECONDS = 60 * 60
_PREFIX = "fichiers:held-upload:"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # what token_urlsafe(32) writes


def hold(upload: UploadedFile, user) -> str:
    """Keep `upload` for `user`; return the token that gives it back."""
    token = secrets.token_urlsafe(32)
    upload.seek(0)
    held = {
        "user": user.pk,
        "name": upload.name,
        "content_type": upload.content_type,
        "content": upload.read(),
    }
    upload.seek(0)
    cache.set(_PREFIX + token, held, HOLD_SECONDS)
    return token


def retrieve(token: str, user) -> UploadedFile | None:
    """The upload held under `token` for `user`, or None (unknown, expired, or someone else's)."""
    held = cache.get(_PREFIX + token) if _TOKEN.fullmatch(token) else None
    if held is None or held["user"] != user.pk:
        return None
    return SimpleUploadedFile(held["name"], held["content"], held["content_type"])


def release(token: str) -> None:
    if _TOKEN.fullmatch(token):
        cache.delete(_PREFIX + token)
