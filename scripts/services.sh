#!/usr/bin/env bash
# Start, stop or check the backing services, all bound to loopback:
# PostgreSQL 15 (Debian cluster), Redis, Solr 9 (our Jetty launcher).
source "$(dirname "$0")/lib.sh"

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }

start_postgres() {
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$PG_VERSION $PG_CLUSTER"; then
    quiet "pg_createcluster" pg_createcluster "$PG_VERSION" "$PG_CLUSTER"
  fi
  if pg_up; then echo "    PostgreSQL already running"; else
    quiet "start PostgreSQL" pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
    wait_for 60 PostgreSQL pg_up || die "PostgreSQL did not start (see /var/log/postgresql)"
  fi
  touch "$STATE/postgres.started-by-nlc"
  # Roles and databases: CKAN, DataStore (+ read-only role), and a PostGIS work database.
  for role in ckan datastore_default; do
    [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname='$role'\"")" = 1 ] \
      || psql_admin "-c \"CREATE ROLE $role LOGIN PASSWORD '$role'\""
  done
  for db in ckan datastore nlc ckan_test datastore_test nlc_test; do
    [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='$db'\"")" = 1 ] \
      || su postgres -c "createdb -O ckan -E utf-8 -T template0 $db"
  done
  for db in nlc nlc_test; do  # PostGIS only in the spatial work databases, never in CKAN's.
    PGOPTIONS='--client-min-messages=warning' psql_admin "-d $db -c 'CREATE EXTENSION IF NOT EXISTS postgis'" >/dev/null
  done
}

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

start_redis() {
  if redis_up; then echo "    Redis already running"; return; fi
  mkdir -p "$STATE/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$STATE/redis.pid" --dir "$STATE/redis" --logfile "$STATE/redis.log" \
    --save "" >/dev/null
  wait_for 30 Redis redis_up || die "Redis did not start (see $STATE/redis.log)"
}

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
    if [ -f "$STATE/redis.pid" ]; then stop_pidfile "$STATE/redis.pid" Redis
    elif redis_up; then redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; echo "    stopped Redis"; fi
    if [ -f "$STATE/postgres.started-by-nlc" ] && pg_up; then
      pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop && echo "    stopped PostgreSQL"
      rm -f "$STATE/postgres.started-by-nlc"
    fi
    ;;
  status)
    pg_up && echo "PostgreSQL: up" || echo "PostgreSQL: down"
    redis_up && echo "Redis: up" || echo "Redis: down"
    "$ROOT/scripts/solr.sh" status || true
    ;;
  *) die "usage: $0 start|stop|status" ;;
esac
