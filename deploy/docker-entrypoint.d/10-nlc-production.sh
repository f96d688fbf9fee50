#!/bin/sh
# deploy/start.sh runs /docker-entrypoint.d/*.sh in order (05 the demo settings first): apply the production settings
# (Secure cookies, CSRF referrer check) and keep the ini readable by its owner only.
set -e
ckan config-tool "$CKAN_INI" -f "$NLC_SRC/deploy/production-settings.ini"
chmod 600 "$CKAN_INI"
