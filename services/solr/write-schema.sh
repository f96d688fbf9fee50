#!/usr/bin/env bash
# Solr's managed-schema for the portal: CKAN's schema.xml plus the bbox fields of
# spatial-fields.xml it lacks (ckanext-spatial's solr-bbox backend), inserted before the first
# <dynamicField>. Used by scripts/solr.sh (demo) and deploy/solr/Dockerfile (production).
#   write-schema.sh CKAN_SCHEMA_XML OUT
set -euo pipefail
src="$1" out="$2" fields="$(dirname "$0")/conf/spatial-fields.xml"
extra="$(mktemp)"
trap 'rm -f "$extra"' EXIT
while IFS= read -r line; do
  name="$(sed -n 's/.*<field name="\([^"]*\)".*/\1/p' <<<"$line")"
  if [ -n "$name" ] && grep -q "<field name=\"$name\"" "$src"; then continue; fi
  printf '%s\n' "$line"
done <"$fields" >"$extra"
awk -v extra="$extra" '
  /<dynamicField/ && !done { while ((getline l < extra) > 0) print l; done = 1 }
  { print }' "$src" >"$out"
for name in minx maxx miny maxy bbox_area; do
  [ "$(grep -c "<field name=\"$name\"" "$out")" = 1 ] || {
    echo "could not add the bbox field '$name' to CKAN's schema ($src has no <dynamicField> to insert before?)" >&2
    exit 1
  }
done
