#!/usr/bin/env bash
# Print how to reach the portal and log in.
source "$(dirname "$0")/lib.sh"
creds="$STATE/sysadmin.json"
echo
say "The portal is running: http://127.0.0.1:$CKAN_PORT"
echo "    log in at http://127.0.0.1:$CKAN_PORT/user/login as 'admin'"
if [ -f "$STATE/.password-to-show" ]; then
  echo "    password (shown once; also kept in $creds): $(cat "$STATE/.password-to-show")"
  rm -f "$STATE/.password-to-show"
else
  echo "    password: see $creds"
fi
echo "    stop everything with: make stop"
