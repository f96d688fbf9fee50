#!/bin/sh
# The demo's settings, config/ckan-settings.ini, applied to the container's ckan.ini by the
# same script scripts/configure.sh uses (scripts/apply-settings.sh), with production values for
# its placeholders. Hosts and passwords differ from the demo's: CKAN's own environment
# variables (CKAN_SQLALCHEMY_URL, CKAN_DATASTORE_*_URL, CKAN_SOLR_URL, CKAN_REDIS_URL,
# CKAN_SITE_URL, set in docker-compose.yml) take precedence over the ini for those.
# Secrets come from the environment so every replica and the worker share them.
set -e
: "${NLC_SECRET_KEY:?set NLC_SECRET_KEY (one value for every replica and the worker)}"
export ROOT="$NLC_SRC" DB_SUFFIX="" SOLR_CORE=ckan SOLR_PORT=8983 REDIS_PORT=6379 REDIS_DB=1 \
  SITE_URL="$CKAN_SITE_URL" STORAGE="${CKAN_STORAGE_PATH:-/var/lib/ckan}" \
  PG_URL="postgresql://ckan:${POSTGRES_PASSWORD}@db:5432"
"$NLC_SRC/scripts/apply-settings.sh" "$CKAN_INI" "$NLC_SRC/config/ckan-settings.ini"
ckan config-tool "$CKAN_INI" "SECRET_KEY=$NLC_SECRET_KEY" "WTF_CSRF_SECRET_KEY=$NLC_SECRET_KEY" \
  "api_token.jwt.encode.secret=string:$NLC_SECRET_KEY" "api_token.jwt.decode.secret=string:$NLC_SECRET_KEY"
