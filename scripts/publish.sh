#!/usr/bin/env bash
# Publish every bundled dataset to the demo CKAN, migrate the GIS layers for /ogc,
# import the sample FOI log and compute the FOI coverage report.
source "$(dirname "$0")/lib.sh"
token="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_token"])' "$STATE/sysadmin.json")"
url="http://127.0.0.1:$CKAN_PORT"
say "Publishing bundled datasets to $url"
if "$VENV/bin/nlc" --help 2>/dev/null | grep -q harvest; then
  # The token goes in the environment, not on the command line where ps shows it.
  CKAN_API_TOKEN="$token" "$VENV/bin/nlc" harvest --ckan-url "$url" --report "$STATE/harvest-report.json" \
    || die "some datasets failed to publish: see $STATE/harvest-report.json"
else
  echo "    (no harvester installed yet)"
fi

say "Migrating the bundled GIS layers for OGC API - Features (/ogc)"
mapfile -t layers < <("$PY" - "$ROOT/datasets" <<'PYEOF'
import sys, pathlib, yaml
for meta in sorted(pathlib.Path(sys.argv[1]).glob("*/dataset.yaml")):
    for res in yaml.safe_load(meta.read_text()).get("resources") or []:
        src = res.get("source") or {}
        if src.get("type") == "gis_file":
            print(meta.parent / src["path"])
PYEOF
)
# Source paths are recorded relative to NLC_GIS_SOURCE_ROOT (the checkout), so two checkouts
# give byte-identical outputs.
NLC_GIS_SOURCE_ROOT="$ROOT" NLC_GIS_STATE_DIR="$STATE/gis" "$VENV/bin/nlc" gis migrate "${layers[@]}" \
  --out "$STATE/gis/migrated" --state-dir "$STATE/gis" || die "GIS migration failed: see the messages above"

# The FOI sample log and the coverage report (publication_plan/).
"$ROOT/scripts/foi_demo.sh"
say "FOI coverage report (top 20 topics over 12 months) -> $STATE/coverage.json"
export NLC_DB_URL="${NLC_DB_URL:-$PG_URL/nlc}"
"$VENV/bin/nlc" coverage --ckan-url "$url" --format json > "$STATE/coverage.json.new" \
  || die "the coverage report failed: see the message above"
mv "$STATE/coverage.json.new" "$STATE/coverage.json"
"$VENV/bin/nlc" coverage --ckan-url "$url" | head -n 30
