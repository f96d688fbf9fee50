#!/usr/bin/env bash
# Run pytest against databases of one's own, so two suites can run at once on one machine:
#   scripts/test-private.sh NAME [pytest args]
# NAME picks ckan_NAME_test, datastore_NAME_test, nlc_NAME_test (created when missing), the
# Solr entries of site nlc_NAME_test (same core; CKAN's index reset is per site_id), Redis
# database NAME's hash and a file store of its own. Needs `make setup` (services up) first.
#   scripts/test-private.sh --prepare NAME   only makes them (what make test's second pytest-xdist
#                                            worker, gw1, runs on: tests/conftest.py)
source "$(dirname "$0")/lib.sh"
prepare_only=
if [ "${1:-}" = --prepare ]; then prepare_only=1; shift; fi
name="${1:?usage: $0 [--prepare] NAME [pytest args]}"; shift
[[ "$name" =~ ^[a-z][a-z0-9]{0,15}$ ]] || die "NAME: lower-case letters and digits"
dir="$STATE/private/$name"; ini="$dir/test.ini"; mkdir -p "$dir/storage"
psql_admin() { su postgres -c "psql -qtA $1"; }
redis_db=$(( 2 + $(printf '%s' "$name" | cksum | cut -d' ' -f1) % 14 ))
for db in "ckan_${name}_test" "datastore_${name}_test" "nlc_${name}_test"; do
  [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='$db'\"")" = 1 ] \
    || su postgres -c "createdb -O ckan -E utf-8 -T template0 $db"
done
PGOPTIONS='--client-min-messages=warning' psql_admin "-d nlc_${name}_test -c 'CREATE EXTENSION IF NOT EXISTS postgis'" >/dev/null
sed -e "s#5432/ckan_test\b#5432/ckan_${name}_test#g" -e "s#5432/datastore_test\b#5432/datastore_${name}_test#g" \
    -e "s#5432/nlc_test\b#5432/nlc_${name}_test#g" -e "s#^ckan.site_id *=.*#ckan.site_id = nlc_${name}_test#" \
    -e "s#^ckan.storage_path *=.*#ckan.storage_path = $dir/storage#" \
    -e "s#^\(ckan.redis.url *=.*/\)[0-9]*\$#\1$redis_db#" "$ROOT/test.ini" >"$ini"
chmod 600 "$ini"
if [ ! -f "$dir/initialised" ] || [ "$ROOT/test.ini" -nt "$dir/initialised" ]; then
  quiet "ckan db init ($ini)" "$CKAN" -c "$ini" db init
  quiet "ckan db upgrade ($ini)" "$CKAN" -c "$ini" db upgrade
  "$CKAN" -c "$ini" datastore set-permissions 2>/dev/null | su postgres -c "psql -q -v ON_ERROR_STOP=1" >/dev/null \
    || die "could not set DataStore permissions for $ini"
  touch "$dir/initialised"
fi
quiet "nlc foi db upgrade ($ini)" "$VENV/bin/nlc" foi db upgrade --ini "$ini"  # FOI store: Alembic
[ -n "$prepare_only" ] && exit 0
cd "$ROOT"
exec "$VENV/bin/pytest" --ckan-ini="$ini" "$@"
