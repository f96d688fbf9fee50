# Shared settings and helpers for the set-up scripts. Source it; do not run it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${NLC_STATE:-$ROOT/.state}"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
CKAN="$VENV/bin/ckan"
PG_VERSION=15
PG_CLUSTER=main
# The platform's PostgreSQL role and password: the one place they are written (services.sh
# creates the role; config/ckan-settings.ini builds every database URL from PG_URL).
PG_USER=ckan
PG_PASSWORD=ckan
PG_URL="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:5432"
REDIS_PORT="${REDIS_PORT:-6379}"
SOLR_PORT="${SOLR_PORT:-8983}"
CKAN_PORT="${CKAN_PORT:-5000}"
CKAN_PROCESSES="${CKAN_PROCESSES:-4}"  # uWSGI worker processes, one thread each (deploy/uwsgi.ini)
export ROOT STATE VENV SOLR_PORT
mkdir -p "$STATE"

say()  { printf '\033[1m==> %s\033[0m\n' "$*"; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a noisy command with its output in a log file; on failure print a one-line
# reason (the log's last line) and the log's path instead of a wall of output.
quiet() {
  local what="$1"; shift
  local log="$STATE/logs/$(echo "$what" | tr -c 'a-zA-Z0-9' '_').log"
  mkdir -p "$STATE/logs"
  if ! "$@" >"$log" 2>&1; then
    local reason
    reason="$(grep -iE 'error|could not|failed|unable|refused|timed out' "$log" | tail -n 1 | cut -c1-240)"
    die "$what failed: ${reason:-see log} (full log: $log)"
  fi
}

# Wait until a command succeeds, printing a dot a second; give up after $1 seconds.
wait_for() {
  local secs="$1" what="$2"; shift 2
  local i=0
  printf '    waiting for %s ' "$what"
  until "$@" >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -ge "$secs" ] && { echo; return 1; }
    printf '.'; sleep 1
  done
  echo ' up'
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() {
  local pidfile="$1" name="$2"
  if pid_alive "$pidfile"; then
    local pid; pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    echo "    stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}
