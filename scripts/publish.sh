#!/usr/bin/env bash
# Publish every bundled dataset to the demo CKAN and compute the FOI coverage report.
source "$(dirname "$0")/lib.sh"
token="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_token"])' "$STATE/sysadmin.json")"
url="http://127.0.0.1:$CKAN_PORT"
say "Publishing bundled datasets to $url"
if "$VENV/bin/nlc" --help 2>/dev/null | grep -q harvest; then
  "$VENV/bin/nlc" harvest --ckan-url "$url" --api-token "$token" --report "$STATE/harvest-report.json" \
    || die "some datasets failed to publish: see $STATE/harvest-report.json"
else
  echo "    (no harvester installed yet)"
fi
