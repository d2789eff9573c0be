#!/usr/bin/env bash
# `make load`: the load scenario against gunicorn with the production settings on PostgreSQL.
# Prepares a throw-away database (load_extranet, emptied first) with the network's data and a session
# per simulated person, collects the static files, starts gunicorn (LOAD_WORKERS sync workers, 2 by
# default, as on a 2-core host), runs locust headless (LOAD_USERS people, 50 by default, for LOAD_TIME,
# 60 s by default; bounded in count and time, loopback only) and prints the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.venv/bin/python
PORT="${LOAD_PORT:-8765}"
WORK="$(mktemp -d -t extranet-load-XXXX)"
DB_URL="postgres://postgres@127.0.0.1:5432/load_extranet"
$PY -c "
import psycopg
with psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', autocommit=True) as c:
    if not c.execute(\"select 1 from pg_database where datname='load_extranet'\").fetchone():
        c.execute('create database load_extranet')
"
export DJANGO_SETTINGS_MODULE=extranet.settings
export DJANGO_SECRET_KEY="load-run-only-$(date +%s)-not-a-real-secret-key-0123456789"
export DJANGO_ALLOWED_HOSTS=extranet.example.org DJANGO_BEHIND_PROXY=1
export DJANGO_STATIC_ROOT="$WORK/static" DJANGO_MEDIA_ROOT="$WORK/media"
export DATABASE_URL="$DB_URL" BENCH_DATABASE_URL="$DB_URL"
echo "== Données et sessions"
$PY benchmarks/load/prepare.py "$WORK/plan.json"
$PY manage.py collectstatic --no-input -v 0
echo "== gunicorn, ${LOAD_WORKERS:-2} workers, port $PORT"
.venv/bin/gunicorn extranet.wsgi:application --bind "127.0.0.1:$PORT" --workers "${LOAD_WORKERS:-2}" \
  --log-level warning 2>"$WORK/gunicorn.log" >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.5
done
echo "== locust: ${LOAD_USERS:-50} personnes, ${LOAD_TIME:-60s}"
LOAD_PLAN="$WORK/plan.json" .venv/bin/locust -f benchmarks/load/locustfile.py --headless \
  --users "${LOAD_USERS:-50}" --spawn-rate "${LOAD_SPAWN_RATE:-10}" --run-time "${LOAD_TIME:-60s}" \
  --host "http://127.0.0.1:$PORT" --csv "$WORK/load" --only-summary --loglevel WARNING >/dev/null 2>&1 || true
$PY benchmarks/load/summary.py "$WORK/load"
echo "(fichiers du passage : $WORK)"
