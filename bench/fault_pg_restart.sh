#!/usr/bin/env bash
# PostgreSQL restarting under load: gunicorn (2 workers) on the scale-10 demo, wrk on one page for
# $duration seconds at $connections connections, and `pg_ctlcluster 15 main restart` in the middle.
# Reports every answer per second (200, the 503 busy page, anything else), wrk's socket errors, and
# how long after the restart the app answered 200 again (a probe asks five times a second); then checks
# that a series of requests after the restart all succeed. Exits non-zero if they do not, or if any
# answer was neither 200 nor the busy page. Needs root (it restarts the cluster).
#   DATABASE_URL=postgres://.../samen_load bench/fault_pg_restart.sh [seconds, default 40] [connections, default 32]
# The database is filled with the scale-10 demo when it holds no demo yet: give it a throw-away one.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgres://samen_ci:samen_ci@127.0.0.1:5432/samen_load}"
duration="${1:-40}"
connections="${2:-32}"
restart_after=$((duration * 2 / 5))
port=8056
# The cheapest real page by default (bench/urls.py: session, login and the user from the database on
# every request); FAULT_PAGE=/regions/flevoland/ for a heavy one.
page="${FAULT_PAGE:-/bench/baseline/}"
user=projectleider
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
export DJANGO_SETTINGS_MODULE=bench.settings
py=.venv/bin/python
log=/tmp/samen-fault-gunicorn.log
probe_log=/tmp/samen-fault-probe.log

if ! $py manage.py shell -c "from governance.demo import demo_is_loaded; raise SystemExit(0 if demo_is_loaded() else 1)" \
     >/dev/null 2>&1; then
  echo "building the scale-10 demo"
  $py manage.py migrate --noinput >/dev/null
  $py manage.py load_demo --scale 10 >/dev/null
fi
session=$($py manage.py shell -c "
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username='$user')
s = SessionStore(); s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create(); print(s.session_key)" | tail -1)

.venv/bin/gunicorn config.wsgi --bind 127.0.0.1:$port --workers 2 --env DJANGO_SETTINGS_MODULE=bench.settings \
  --log-level warning >"$log" 2>&1 &
gunicorn_pid=$!
probe_pid=""
trap 'kill $gunicorn_pid $probe_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/" && break; sleep 0.5; done

ask() {  # one request to the page: its status, 000 when there was no answer
  curl -s -o /dev/null -m 5 -w "%{http_code}" -H "Cookie: sessionid=$session" "http://127.0.0.1:$port$page" || true
}

: >"$probe_log"
# Each line: when the request was sent, when it was answered, the status.
( while true; do sent=$(date +%s.%N); status=$(ask); echo "$sent $(date +%s.%N) $status" >>"$probe_log"; sleep 0.2
  done ) &
probe_pid=$!

echo "=== GET $page as $user, ${duration}s, 2 threads, $connections connections; restart after ${restart_after}s ==="
wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s bench/fault_check.lua \
    -H "Cookie: sessionid=$session" "http://127.0.0.1:$port$page" >/tmp/samen-fault-wrk.txt &
wrk_pid=$!
sleep "$restart_after"
restart_start=$(date +%s.%N)
pg_ctlcluster 15 main restart
restart_end=$(date +%s.%N)
wait $wrk_pid
kill $probe_pid 2>/dev/null || true
probe_pid=""

out=$(cat /tmp/samen-fault-wrk.txt)
echo "$out" | grep -E "Requests/sec|Latency|requests in|Socket errors|Non-2xx" || true
echo "restart took $(echo "$restart_end - $restart_start" | bc) s"
echo "$out" | grep -E "^answers:"
echo "--- the probe (one request at a time, 0.2 s apart), seconds from the restart command's start ---"
awk -v start="$restart_start" -v end="$restart_end" '$1 >= start - 1 && $1 <= end + 2 {
  printf "sent %+6.2f s  answered %+6.2f s  %s\n", $1 - start, $2 - start, $3 }' "$probe_log"
# Recovery: how long after the restart command returned the app answered 200 again.
awk -v start="$restart_start" -v end="$restart_end" '
  $2 >= start && $3 != "200" { failed++ }
  $2 >= start && $3 == "200" && $1 >= end && !seen { seen = 1
    printf "probe: %d failed answers during the restart; the first request sent after it answered 200, %.2f s after the restart command returned\n", failed, $2 - end }
  END { if (!seen) print "probe: no 200 after the restart" }' "$probe_log"

bad=0
for _ in $(seq 1 20); do [ "$(ask)" = 200 ] || bad=$((bad + 1)); done
echo "after the restart: $((20 - bad)) of 20 requests answered 200"
other=$(echo "$out" | sed -n 's/^answers:.*other \([0-9]*\)$/\1/p')
[ "$bad" = 0 ] && [ "$other" = 0 ] || { echo "failed: see $log"; exit 1; }
echo "recovered"
