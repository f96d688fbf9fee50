#!/usr/bin/env bash
# Start, stop or check the backing services, all bound to loopback:
# PostgreSQL 15 (Debian cluster), Redis, Solr 9 (our Jetty launcher).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }

# What `stop` may stop: only what these scripts started. PostgreSQL: the marker holds the PID
# of the postmaster they started; one (re)started by anyone else since has another PID.
# Redis: the PID file's process must still be redis-server on our port (PIDs get reused).
PG_MARKER="$STATE/postgres.started-by-nlc"
pg_datadir() {
  echo "${PG_DATADIR:-$(pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $6}')}"
}
pg_postmaster_pid() { local f; f="$(pg_datadir)/postmaster.pid"; [ -r "$f" ] && head -n 1 "$f"; }
pg_started_by_us() {
  local pid; pid="$(pg_postmaster_pid)" || return 1
  [ -n "$pid" ] && [ -f "$PG_MARKER" ] && [ "$(cat "$PG_MARKER")" = "$pid" ]
}
redis_started_by_us() {
  local pid; [ -f "$STATE/redis.pid" ] || return 1
  pid="$(cat "$STATE/redis.pid")"
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE "^redis-server [^ ]*:$REDIS_PORT( |\$)"
}
psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }

start_postgres() {
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$PG_VERSION $PG_CLUSTER"; then
    quiet "pg_createcluster" pg_createcluster "$PG_VERSION" "$PG_CLUSTER"
  fi
  if pg_up; then
    echo "    PostgreSQL already running"
    pg_started_by_us || rm -f "$PG_MARKER"  # not (or no longer) the one these scripts started
  else
    quiet "start PostgreSQL" pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
    wait_for 60 PostgreSQL pg_up || die "PostgreSQL did not start (see /var/log/postgresql)"
    pg_postmaster_pid >"$PG_MARKER"
  fi
  # Roles and databases: CKAN, DataStore (+ read-only role), and a PostGIS work database.
  for role in "$PG_USER:$PG_PASSWORD" datastore_default:datastore_default; do
    [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname='${role%%:*}'\"")" = 1 ] \
      || psql_admin "-c \"CREATE ROLE ${role%%:*} LOGIN PASSWORD '${role#*:}'\""
  done
  for db in ckan datastore nlc ckan_test datastore_test nlc_test; do
    [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='$db'\"")" = 1 ] \
      || su postgres -c "createdb -O $PG_USER -E utf-8 -T template0 $db"
  done
  for db in nlc nlc_test; do  # PostGIS only in the spatial work databases, never in CKAN's.
    PGOPTIONS='--client-min-messages=warning' psql_admin "-d $db -c 'CREATE EXTENSION IF NOT EXISTS postgis'" >/dev/null
  done
}

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

stop_redis() {
  if redis_started_by_us; then stop_pidfile "$STATE/redis.pid" Redis; return; fi
  if [ -f "$STATE/redis.pid" ]; then echo "    removing stale $STATE/redis.pid"; rm -f "$STATE/redis.pid"; fi
  if redis_up; then echo "    Redis on port $REDIS_PORT not started by these scripts: left running"; fi
}

stop_postgres() {
  if pg_started_by_us; then
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop && echo "    stopped PostgreSQL"
  elif pg_up; then
    echo "    PostgreSQL not started by these scripts: left running"
  fi
  rm -f "$PG_MARKER"
}

start_redis() {
  if redis_up; then echo "    Redis already running"; return; fi
  mkdir -p "$STATE/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$STATE/redis.pid" --dir "$STATE/redis" --logfile "$STATE/redis.log" \
    --save "" >/dev/null
  wait_for 30 Redis redis_up || die "Redis did not start (see $STATE/redis.log)"
}

# Sourced (tests/security): the functions only.
[[ "${BASH_SOURCE[0]}" != "$0" ]] && return 0

case "${1:-start}" in
  start)
    say "Starting services (PostgreSQL, Redis, Solr) on 127.0.0.1"
    start_postgres
    start_redis
    "$ROOT/scripts/solr.sh" start
    ;;
  stop)
    say "Stopping services"
    "$ROOT/scripts/solr.sh" stop || true
    stop_redis
    stop_postgres
    ;;
  status)
    pg_up && echo "PostgreSQL: up" || echo "PostgreSQL: down"
    redis_up && echo "Redis: up" || echo "Redis: down"
    "$ROOT/scripts/solr.sh" status || true
    ;;
  *) die "usage: $0 start|stop|status" ;;
esac
