#!/usr/bin/env bash
# Install everything the platform needs, idempotently: Debian packages, the
# Python virtualenv with pinned packages, and the npm packages for browser tests.
source "$(dirname "$0")/lib.sh"

APT_PACKAGES=(postgresql-15 postgresql-15-postgis-3 redis-server maven openjdk-17-jdk-headless
              gdal-bin chromium libpq-dev libmagic1 curl ca-certificates nodejs npm wrk)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
# A machine may already have Java/Node from elsewhere: accept those.
filtered=()
for pkg in "${missing[@]}"; do
  case "$pkg" in
    openjdk-17-jdk-headless) command -v javac >/dev/null || filtered+=("$pkg") ;;
    maven) command -v mvn >/dev/null || filtered+=("$pkg") ;;
    nodejs|npm) command -v "${pkg/nodejs/node}" >/dev/null || filtered+=("$pkg") ;;
    *) filtered+=("$pkg") ;;
  esac
done
if [ "${#filtered[@]}" -gt 0 ]; then
  say "Installing Debian packages: ${filtered[*]}"
  export DEBIAN_FRONTEND=noninteractive
  quiet "apt-get update (Debian package index unreachable?)" apt-get update
  quiet "apt-get install ${filtered[*]}" apt-get install -y --no-install-recommends "${filtered[@]}"
else
  say "Debian packages already installed"
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' \
  || die "Python 3.11 is required (found $("$PYTHON" --version 2>&1))"

stamp="$VENV/.nlc-stamp"
want="$(cat "$ROOT/requirements/"*.txt "$ROOT/setup.py" "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
if [ ! -x "$PY" ]; then
  say "Creating virtualenv $VENV"
  "$PYTHON" -m venv "$VENV" || die "could not create a virtualenv (install python3-venv)"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "Installing pinned Python packages (a few minutes the first time)"
  quiet "pip install pip (PyPI unreachable?)" "$PY" -m pip install -q pip==24.3.1 setuptools==75.6.0 wheel==0.45.1
  quiet "pip install requirements/base.txt (PyPI unreachable?)" \
    "$PY" -m pip install -q -r "$ROOT/requirements/base.txt" -c "$ROOT/requirements/constraints.txt"
  quiet "pip install -e . (the project itself)" \
    "$PY" -m pip install -q --no-deps -e "$ROOT"
  quiet "pip check (conflicting Python packages)" "$PY" -m pip check
  echo "$want" > "$stamp"
else
  say "Python packages up to date"
fi

npm_stamp="$ROOT/node_modules/.nlc-stamp"
npm_want="$(sha256sum "$ROOT/package.json" "$ROOT/package-lock.json" 2>/dev/null | sha256sum | cut -c1-16)"
if [ -f "$ROOT/package.json" ] && [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_want" ]; then
  say "Installing npm packages for browser tests (playwright-core, axe-core)"
  (cd "$ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 quiet "npm ci (npm registry unreachable?)" npm ci --no-audit --no-fund)
  echo "$npm_want" > "$npm_stamp"
fi
