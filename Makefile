# The Makefile is the interface: `make run` and `make test` set everything up on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := DJANGO_DEBUG=1

.PHONY: run test install migrate demo quality browser check-deploy clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py createcachetable

demo: migrate
	$(DEV) $(PY) manage.py load_demo
	$(DEV) $(PY) manage.py load_calendar_demo
	$(DEV) $(PY) manage.py load_forum_demo
	$(DEV) $(PY) manage.py load_fichiers_demo

run: demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium drives the browser tests (Playwright cannot download its own browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: the browser tests will be skipped (apt-get install chromium)."; fi; }

# Mozilla's calendar engine (ical.js, as in Thunderbird), which the tests use to read our calendars.
tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $@

test: install browser tests/js/node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

quality: install
	$(VENV)/bin/ruff check .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV) $(PY) manage.py check

check-deploy: install
	DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-enough-random-looking-secret-key-value \
	DJANGO_ALLOWED_HOSTS=extranet.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) tests/js/node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
