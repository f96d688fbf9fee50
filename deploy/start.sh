#!/bin/bash
# Container start, web or worker. Unlike the base image's start_ckan.sh, the project's
# settings (/docker-entrypoint.d) are applied before CKAN's prerun (database init and the
# admin user), and the web role serves with deploy/uwsgi.ini, as the demo does.
set -euo pipefail
role="${1:-web}"
cd /srv/app
for f in /docker-entrypoint.d/*.sh; do
  echo "start.sh: running $f"
  . "$f"
done
case "$role" in
  web)
    python3 prerun.py
    exec uwsgi --ini "$NLC_SRC/deploy/uwsgi.ini"
    ;;
  worker) exec ckan -c "$CKAN_INI" jobs worker default ;;
  *) echo "start.sh: unknown role '$role' (web or worker)" >&2; exit 2 ;;
esac
