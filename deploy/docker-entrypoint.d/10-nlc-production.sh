#!/bin/sh
# ckan/ckan-base runs /docker-entrypoint.d/*.sh before serving: apply the production settings
# (Secure cookies, CSRF referrer check) and keep the ini readable by its owner only.
set -e
ckan config-tool "$CKAN_INI" -f /srv/app/src_extensions/nlc-open-data/deploy/production-settings.ini
chmod 600 "$CKAN_INI"
