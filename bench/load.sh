#!/usr/bin/env bash
# A short, bounded load test: gunicorn (2 workers) on PostgreSQL with the scale-10 demo, wrk from
# 127.0.0.1 only. Usage: DATABASE_URL=postgres://... bench/load.sh  [seconds per page, default 15]
# The database named in DATABASE_URL is emptied and refilled: give it a throw-away one.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a throw-away PostgreSQL database}"
duration="${1:-15}"
port=8055
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
export DJANGO_SETTINGS_MODULE=bench.settings
py=.venv/bin/python

$py manage.py flush --noinput >/dev/null 2>&1 || true
echo "building the scale-10 demo on $($py -c "import os;print(os.environ['DATABASE_URL'].rsplit('/',1)[-1])")"
$py manage.py migrate --noinput >/dev/null
$py manage.py load_demo --scale 10 >/dev/null
session=$($py manage.py shell -c "
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username='projectleider')
s = SessionStore(); s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create(); print(s.session_key)" | tail -1)

.venv/bin/gunicorn config.wsgi --bind 127.0.0.1:$port --workers 2 --env DJANGO_SETTINGS_MODULE=bench.settings \
  --log-level warning >/tmp/samen-load-gunicorn.log 2>&1 &
echo "session: ${#session} characters"
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/" && break; sleep 0.5; done

for path in /regions/flevoland/ / ; do
  echo "=== GET $path as projectleider, ${duration}s, 2 threads, 8 connections ==="
  wrk -t2 -c8 -d"${duration}s" --timeout 5s -H "Cookie: sessionid=$session" "http://127.0.0.1:$port$path" \
    | grep -E "Requests/sec|Latency|Non-2xx|Socket errors|requests in"
done
