import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from extranet import fragments

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "extranet.settings")
application = get_wsgi_application()

# The URLconf, and with it every view module (WeasyPrint among them), is imported while the worker
# starts rather than during the first request it serves: 0.65 s of CPU, 1–6 s on a busy machine,
# that the first person after each start of a worker (a deployment, a worker killed) waited for.
import_module(settings.ROOT_URLCONF)
# So is the fingerprint of the release that the cached fragments' keys hold (extranet/fragments.py).
fragments.code_version()
