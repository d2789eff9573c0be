# Production image of the Extranet France Services 82: gunicorn, static files collected and served
# by whitenoise, non-root user, health check on /healthz.
# Reproducible: the base image is pinned to a Python patch release and a Debian release (one
# PYTHON_IMAGE for both stages), and the packages come from the lock file, each file checked by its hash.

ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN python -m venv /venv && /venv/bin/pip install --require-hashes --no-deps -r requirements/base.txt
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    /venv/bin/python manage.py collectstatic --no-input

FROM ${PYTHON_IMAGE}
ENV PATH="/venv/bin:$PATH" PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT=8000
# Pango, HarfBuzz's subsetter and fonts: WeasyPrint draws the PDFs (posters, programmes, annual report)
# with them (without the subsetter it warns at import, and the test suite treats warnings as errors).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 1000 --home /app extranet \
    && mkdir -p /var/lib/extranet/media && chown extranet /var/lib/extranet/media
COPY --from=build /venv /venv
COPY --from=build --chown=extranet /app /app
WORKDIR /app
USER extranet
ENV DJANGO_MEDIA_ROOT=/var/lib/extranet/media
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)"
# gunicorn trusts X-Forwarded-* only from the addresses in FORWARDED_ALLOW_IPS (the load balancer's,
# comma-separated); by default only from the container itself, never from anyone ('*').
ENV FORWARDED_ALLOW_IPS=127.0.0.1,::1
# Migrations run as a separate release step: `docker run … python manage.py migrate`. The scheduled
# tasks run from this image too, among them the e-mail outbox every minute:
# `docker run --env-file .env extranet-fs82 python manage.py send_pending_emails` (README).
CMD ["sh", "-c", "exec gunicorn extranet.wsgi:application --bind 0.0.0.0:${PORT} --workers ${GUNICORN_WORKERS:-3} --access-logfile - --forwarded-allow-ips=\"${FORWARDED_ALLOW_IPS}\""]
