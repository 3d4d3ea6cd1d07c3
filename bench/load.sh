#!/usr/bin/env bash
# A short, bounded load test: gunicorn (2 workers) on PostgreSQL with the scale-10 demo, wrk from
# 127.0.0.1 only. Every answer other than 200 counts as an error (a 302 to the login page included),
# and the script exits non-zero when there is one.
#   DATABASE_URL=postgres://... bench/load.sh [seconds per page, default 15] [connections, default 8]
# The database named in DATABASE_URL is emptied and refilled: give it a throw-away one.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a throw-away PostgreSQL database}"
duration="${1:-15}"
connections="${2:-8}"
port=8055
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
export DJANGO_SETTINGS_MODULE=bench.settings
py=.venv/bin/python

$py manage.py flush --noinput >/dev/null 2>&1 || true
echo "building the scale-10 demo on $($py -c "import os;print(os.environ['DATABASE_URL'].rsplit('/',1)[-1])")"
$py manage.py migrate --noinput >/dev/null
$py manage.py load_demo --scale 10 >/dev/null

session_for() {  # a logged-in session for a demo user, as the login view would store it
  $py manage.py shell -c "
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username='$1')
s = SessionStore(); s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create(); print(s.session_key)" | tail -1
}

.venv/bin/gunicorn config.wsgi --bind 127.0.0.1:$port --workers 2 --env DJANGO_SETTINGS_MODULE=bench.settings \
  --log-level warning >/tmp/samen-load-gunicorn.log 2>&1 &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/" && break; sleep 0.5; done

failed=0
# (user, path): the alderman's start page is the region's dashboard.
for target in "wethouder /" "projectleider /regions/flevoland/dashboard/" "projectleider /regions/flevoland/" \
              "beleidsmedewerker /regions/flevoland/escalations/" "projectleider /regions/flevoland/map/"; do
  read -r user path <<<"$target"
  session=$(session_for "$user")
  echo "=== GET $path as $user, ${duration}s, 2 threads, $connections connections ==="
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s bench/load_check.lua \
          -H "Cookie: sessionid=$session" "http://127.0.0.1:$port$path")
  echo "$out" | grep -E "Requests/sec|Latency|requests in|Socket errors|answers other than 200"
  echo "$out" | grep -q "answers other than 200: 0$" || failed=1
  echo "$out" | grep -q "Socket errors" && failed=1
done
[ "$failed" = 0 ] && echo "0 errors" || { echo "errors: see above and /tmp/samen-load-gunicorn.log"; exit 1; }
