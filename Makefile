# The Makefile is the interface: `make run` and `make test` set everything up on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := DJANGO_DEBUG=1

.PHONY: run test install lock upgrade migrate demo quality browser check-deploy backup restore emails load load-saturation faults clean

# Installs exactly the versions and files of the lock (requirements/dev.txt: runtime + dev tools, every
# file checked against its sha256). pyproject.toml keeps the ranges; `make lock` turns them into pins.
$(VENV)/.installed: requirements/dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

# The lock: requirements/base.txt (what the production image installs) and requirements/dev.txt (the
# same pins plus the test and quality tools). `make lock` re-pins after a change to pyproject.toml and
# keeps every version it can; `make upgrade` moves every pin to the newest release the ranges allow.
# No index or find-links line is written into the files: they install from whatever index pip is
# configured with. pip-tools runs from its own virtualenv so it never mixes with the project's.
PIP_TOOLS := .venv-lock/bin/pip-compile
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(PIP_TOOLS) --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

$(PIP_TOOLS):
	python3 -m venv .venv-lock
	.venv-lock/bin/pip install --quiet "pip-tools>=7.4"

lock: $(PIP_TOOLS)
	$(PIP_COMPILE) -o requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements/base.txt -o requirements/dev.txt pyproject.toml

upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

migrate: install
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py createcachetable

demo: migrate
	$(DEV) $(PY) manage.py load_demo
	$(DEV) $(PY) manage.py load_calendar_demo
	$(DEV) $(PY) manage.py load_forum_demo
	$(DEV) $(PY) manage.py load_fichiers_demo
	$(DEV) $(PY) manage.py load_itinerance_demo

run: demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium drives the browser tests (Playwright cannot download its own browsers here);
# WeasyPrint draws the PDFs with Pango, HarfBuzz's subsetter (without it WeasyPrint warns at import: an
# error for the tests) and fonts from Debian; the tests turn PDF pages into images with
# poppler's pdftoppm.
SYSTEM_PACKAGES = chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
browser:
	@{ command -v chromium && command -v pdftoppm && ldconfig -p | grep -q libpangoft2 && ldconfig -p | grep -q libharfbuzz-subset; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "Missing system packages: apt-get install $(SYSTEM_PACKAGES)"; fi; }

# Mozilla's calendar engine (ical.js, as in Thunderbird), which the tests use to read our calendars.
tests/js/node_modules/.installed: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
	touch $@

test: install browser tests/js/node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

quality: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV) $(PY) manage.py check

check-deploy: install
	DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-a-long-enough-random-looking-secret-key-value \
	DJANGO_ALLOWED_HOSTS=extranet.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Operations (README « Exploitation »): with the site's environment (DATABASE_URL, DJANGO_MEDIA_ROOT,
# BACKUP_DIR, BACKUP_KEEP_DAILY). `make restore BACKUP=/var/backups/extranet/2026-12-02_030000`
# asks for confirmation before replacing the database and the uploaded files.
backup:
	$(PY) manage.py backup

restore:
	@test -n "$(BACKUP)" || { echo "Indiquez la sauvegarde : make restore BACKUP=dossier"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"

# The e-mail outbox: what the mail server refused or a stopped worker left, sent now (cron runs
# `manage.py send_pending_emails` every minute, README « Tâches planifiées »).
emails:
	$(PY) manage.py send_pending_emails --all-pending

# Load scenario (benchmarks/load/): gunicorn with the production settings on PostgreSQL, locust.
load: install
	$(PY) benchmarks/load/run.py

# The throughput at which the workers saturate: nobody thinks, one run per number of people.
load-saturation: install
	LOAD_THINK=0 LOAD_STEPS=$${LOAD_STEPS:-2,4,8,16} LOAD_TIME=$${LOAD_TIME:-30s} $(PY) benchmarks/load/run.py

# Fault drill (benchmarks/load/faults.py): the load scenario while a worker is killed, the database
# connections are cut and the mail server refuses; then every acknowledged write is looked for.
faults: install
	$(PY) benchmarks/load/faults.py

clean:
	rm -rf $(VENV) .venv-lock tests/js/node_modules staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
