#!/usr/bin/env bash
# Generate the sample FOI log (12 months to today, ~1,636 requests, fictional
# requesters) and import it into the demo work database. Idempotent: requests
# are upserted by reference, and rows of an earlier sample that the new one
# no longer contains (it was generated on another day) are removed first.
source "$(dirname "$0")/lib.sh"
INI="${CKAN_INI:-$ROOT/ckan.ini}"
DIR="$STATE/foi"
NEW="$DIR/sample-foi-log.new.csv"
CUR="$DIR/sample-foi-log.csv"
END="${FOI_SAMPLE_END:-$(date +%F)}"
mkdir -p "$DIR"
if [ -z "${NLC_DB_URL:-}" ]; then
  NLC_DB_URL="$(sed -n 's/^ckanext\.nlc\.work_db_url[[:space:]]*=[[:space:]]*//p' "$INI" | tail -n 1)"
fi
export NLC_DB_URL="${NLC_DB_URL:-$PG_URL/nlc}"

say "Sample FOI log (12 months to $END)"
(cd "$ROOT" && "$PY" -m demo.sample_log --out "$NEW" --end "$END")  # demo data: not in the package
if [ -f "$CUR" ] && ! cmp -s "$CUR" "$NEW"; then
  "$PY" - "$CUR" "$NEW" <<'PY'
"""Delete requests of the previous sample that the new sample does not contain."""
import csv
import sys

import sqlalchemy as sa

from publication_plan.store import FoiStore


def refs(path: str) -> set[str]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    col = next(i for i, h in enumerate(rows[0]) if "ref" in h.lower())
    return {r[col] for r in rows[1:] if r}


stale = sorted(refs(sys.argv[1]) - refs(sys.argv[2]))
store = FoiStore()
with store.engine.begin() as conn:
    for start in range(0, len(stale), 500):
        conn.execute(sa.delete(store.requests).where(store.requests.c.reference.in_(stale[start : start + 500])))
print(f"    removed {len(stale)} request(s) of the previous sample")
PY
fi
mv "$NEW" "$CUR"
say "Importing the sample FOI log into the work database"
"$VENV/bin/nlc" foi import "$CUR"
