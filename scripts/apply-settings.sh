#!/usr/bin/env bash
# Apply a settings file (config/ckan-settings.ini format: `key = value` lines, ${NAME}
# placeholders filled from the environment) to a CKAN ini with `ckan config-tool`.
# Used by scripts/configure.sh (demo and test inis) and by the production containers
# (deploy/docker-entrypoint.d/05-nlc-settings.sh), so both apply the same file.
#   apply-settings.sh INI SETTINGS_FILE      (CKAN_BIN: the ckan command, default `ckan`)
set -euo pipefail
ini="$1" file="$2"
settings=()
while IFS= read -r line; do
  case "$line" in '' | '#'*) continue ;; esac
  key="${line%% = *}" value="${line#* = }"
  settings+=("$key=$(eval "printf '%s' \"$value\"")")
done <"$file"
"${CKAN_BIN:-ckan}" config-tool "$ini" "${settings[@]}"
