#!/usr/bin/env bash
# Generate ckan.ini (demo site) and test.ini (tests: *_test databases, ckan_test core)
# from CKAN's own template plus config/ckan-settings.ini. Secrets are kept between runs.
source "$(dirname "$0")/lib.sh"

make_ini() {
  local ini="$1"
  export DB_SUFFIX="$2" SOLR_CORE="$3" REDIS_DB="$4" SITE_URL="$5" STORAGE="$6" REDIS_PORT ROOT PG_URL SOLR_PORT
  mkdir -p "$STORAGE"
  # The ini holds the SECRET_KEY, database passwords and the jobs user's API token: owner only,
  # from its first byte (umask) and after every rewrite (chmod).
  if [ ! -f "$ini" ]; then
    (umask 077; quiet "ckan generate config $ini" "$CKAN" generate config "$ini")
    # A 256-bit secret: the generated one is shorter than HS256 API tokens should use (RFC 7518 3.2).
    quiet "ckan config-tool $ini (secret)" "$CKAN" config-tool "$ini" \
      "SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
  fi
  quiet "ckan config-tool $ini" env CKAN_BIN="$CKAN" "$ROOT/scripts/apply-settings.sh" "$ini" "$ROOT/config/ckan-settings.ini"
  chmod 600 "$ini"
}

say "Writing ckan.ini and test.ini"
make_ini "$ROOT/ckan.ini" "" ckan 0 "http://127.0.0.1:$CKAN_PORT" "$STATE/storage"
make_ini "$ROOT/test.ini" "_test" ckan_test 1 "http://127.0.0.1:$CKAN_PORT" "$STATE/storage_test"
