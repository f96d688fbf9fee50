#!/usr/bin/env bash
# The test suite against the real services (test.ini: *_test databases, ckan_test core), in
# three stages: unit and integration tests (no demo portal needed), then, with the demo
# portal started and published, the tests marked `demo`, then the `disruptive` ones that stop
# a shared service. Every stage runs; the exit status is non-zero if any failed.
# With arguments, runs just `pytest ARGS` (e.g. scripts/test.sh tests/lookups -x).
source "$(dirname "$0")/lib.sh"
mkdir -p "$ROOT/test-artifacts"
cd "$ROOT"
if [ $# -gt 0 ]; then
  exec "$VENV/bin/pytest" "$@"  # pytest.ini adds --ckan-ini=test.ini
fi

failed=()
stage() {
  local name=$1
  shift
  say "Tests: $name"
  "$VENV/bin/pytest" "$@" || failed+=("$name")
}

# Stage 1 on pytest-xdist workers (NLC_TEST_WORKERS, default 2): gw0 on test.ini's databases,
# every other worker on databases of its own; a test file runs on one worker (--dist loadfile:
# a file's fixed-port servers and databases, tests/ckan_server.py, are never used twice at once).
workers="${NLC_TEST_WORKERS:-2}"
for ((i = 1; i < workers; i++)); do
  "$ROOT/scripts/test-private.sh" --prepare "gw$i" || failed+=("set-up of worker gw$i")
done
stage "unit and integration" -m "not demo and not disruptive" -n "$workers" --dist loadfile
say "Starting and publishing the demo portal for the demo stage"
"$ROOT/scripts/ckan.sh" start && "$ROOT/scripts/publish.sh" || failed+=("demo set-up")
stage "demo portal" -m "demo and not disruptive"
stage "disruptive (stops and restarts Solr)" -m disruptive

if [ ${#failed[@]} -gt 0 ]; then
  printf 'Failed stage(s): %s\n' "${failed[*]}" >&2
  exit 1
fi
say "All test stages passed"
