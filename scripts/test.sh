#!/usr/bin/env bash
# Run the whole test suite against the real services (test.ini: *_test databases, ckan_test core).
source "$(dirname "$0")/lib.sh"
say "Running the test suite"
mkdir -p "$ROOT/test-artifacts"
cd "$ROOT"
exec "$VENV/bin/pytest" "$@"  # pytest.ini adds --ckan-ini=test.ini
