"""Settings of the test suite (pytest's DJANGO_SETTINGS_MODULE) and of the benchmarks.

The production settings with what a test run needs instead: a fixed secret, the test client's host,
no HTTPS redirect, static files read from the source folders (no `collectstatic`), a fast password
hasher and e-mails kept in memory. DEBUG stays off, as in production: the tests see the same error
pages and the same checks.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-never-used-in-production-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

from extranet.settings import *  # noqa: E402, F403
from extranet.settings import STORAGES  # noqa: E402

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Hashing with the production hasher (hundreds of thousands of rounds) would be most of the suite's time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
