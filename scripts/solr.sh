#!/usr/bin/env bash
# Solr 9 for CKAN from Maven Central jars (no Docker, no Debian package): start|stop|status.
# Serves http://127.0.0.1:$SOLR_PORT/solr/ckan (demo core) and /solr/ckan_test (test core).
#
# Environment: VENV (CKAN's virtualenv, default <repo>/.venv), NLC_STATE (default <repo>/.state),
# NLC_CACHE (default <repo>/.cache), SOLR_PORT (8983), SOLR_HEAP (512m),
# SOLR_MVN_ARGS (extra Maven arguments, e.g. "-o" or "-s settings.xml").
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

SRC="$ROOT/services/solr"
CACHE="${NLC_CACHE:-$ROOT/.cache}/solr"
HOME_DIR="$STATE/solr"
PIDFILE="$STATE/solr.pid"
LOG="$STATE/logs/solr.log"
CORES=(ckan ckan_test)
LAUNCHER=uk.gov.northlanarkshire.solr.SolrLauncher
LAUNCHER_SRC=("$SRC"/src/main/java/uk/gov/northlanarkshire/solr/*.java)
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
BASE_URL="http://127.0.0.1:$SOLR_PORT/solr"

ping_core() { curl -fsS -m 5 "$BASE_URL/$1/admin/ping?wt=json" 2>/dev/null | grep -q '"status":"OK"'; }
all_up() { local c; for c in "${CORES[@]}"; do ping_core "$c" || return 1; done; }
solr_pid() {  # Our launcher's PID: the PID file's if alive, else found by its exact command line.
  local pid=""
  if [ -f "$PIDFILE" ]; then
    pid="$(cat "$PIDFILE")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && ps -o args= -p "$pid" 2>/dev/null | grep -q "$LAUNCHER"; then
      echo "$pid"; return 0
    fi
  fi
  # The PID file was lost (e.g. an interrupted start): adopt the launcher serving this home.
  pid="$(pgrep -f -- "$LAUNCHER $HOME_DIR $SOLR_PORT" | head -n 1)"
  [ -n "$pid" ] || return 1
  echo "$pid" >"$PIDFILE"
  echo "$pid"
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$SOLR_PORT") 2>/dev/null; }
wait_up() {  # $1 seconds: a dot a second until every core answers; fails at once if Solr died.
  local i
  printf '    waiting for Solr cores %s ' "${CORES[*]}"
  for ((i = 0; i < $1; i++)); do
    if all_up; then echo ' up'; return 0; fi
    if ! solr_pid >/dev/null; then echo ' Solr exited'; return 1; fi
    printf '.'; sleep 1
  done
  echo " no answer after $1 s"; return 1
}
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found on PATH ($2)"; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

solr_version() { grep -oP '(?<=<solr.version>)[^<]+' "$SRC/pom.xml"; }

# Maven's first error on one line: its start and, if long, its innermost cause.
maven_reason() {
  local msg
  msg="$(grep -m1 '^\[ERROR\]' "$1" | sed -E 's/^\[ERROR\] *//; s/ -> \[Help [0-9]+\]$//;
    s/.*(could not be resolved|Could not resolve dependencies for project [^:]*:[^:]*:[^:]*:[^:]*): //')"
  if [ "${#msg}" -gt 300 ]; then msg="${msg:0:200} ... ${msg##*: }"; fi
  printf '%s' "$msg"
}

resolve_classpath() {  # Sets CLASSPATH_FILE: Solr's jars, resolved once per pom.xml.
  CLASSPATH_FILE="$CACHE/classpath-$(hash_of "$SRC/pom.xml").txt"
  if [ -s "$CLASSPATH_FILE" ]; then
    local jar missing=0
    while IFS= read -r jar; do [ -f "$jar" ] || { missing=1; break; }; done < <(tr ':' '\n' <"$CLASSPATH_FILE")
    [ "$missing" = 0 ] && return
  fi
  need mvn "install Maven 3.8+"
  local version log="$CACHE/maven.log"
  version="$(solr_version)"
  say "Fetching Solr $version jars from Maven Central (once; log: $log)"
  # shellcheck disable=SC2086  # SOLR_MVN_ARGS is a list of arguments
  if ! mvn -B ${SOLR_MVN_ARGS:-} -f "$SRC/pom.xml" "$DEPENDENCY_PLUGIN:build-classpath" \
      -Dmdep.outputFile="$CLASSPATH_FILE.tmp" >"$log" 2>&1 || [ ! -s "$CLASSPATH_FILE.tmp" ]; then
    rm -f "$CLASSPATH_FILE.tmp"
    local reason; reason="$(maven_reason "$log")"
    die "could not fetch Solr jars from Maven Central (org.apache.solr:solr-test-framework:$version): ${reason:-see $log} (full log: $log)"
  fi
  mv "$CLASSPATH_FILE.tmp" "$CLASSPATH_FILE"
  find "$CACHE" -maxdepth 1 -name 'classpath-*.txt' ! -path "$CLASSPATH_FILE" -delete  # older pom.xml
}

compile_launcher() {  # Sets CLASSES: the launcher compiled once per (pom.xml, source).
  CLASSES="$CACHE/classes-$(hash_of "$SRC/pom.xml" "${LAUNCHER_SRC[@]}")"
  [ -f "$CLASSES/.built" ] && return
  need javac "install a JDK 17+"
  rm -rf "$CLASSES"
  if ! javac --release 17 -d "$CLASSES" -cp "$(cat "$CLASSPATH_FILE")" "${LAUNCHER_SRC[@]}" >"$CACHE/javac.log" 2>&1; then
    rm -rf "$CLASSES"
    die "could not compile the Solr launcher: $(grep -m1 'error:' "$CACHE/javac.log" || head -n 1 "$CACHE/javac.log") (full log: $CACHE/javac.log)"
  fi
  touch "$CLASSES/.built"
  find "$CACHE" -maxdepth 1 -name 'classes-*' ! -path "$CLASSES" -exec rm -rf {} +  # older builds
}

install_if_changed() {  # $1 new file (moved away), $2 destination: replace only if different.
  if cmp -s "$1" "$2"; then rm -f "$1"; else mv "$1" "$2"; fi
}

write_schema() {  # $1 CKAN's schema.xml, $2 managed-schema (services/solr/write-schema.sh)
  "$SRC/write-schema.sh" "$1" "$2.new" || die "could not write Solr's schema from $1"
  install_if_changed "$2.new" "$2"
}

layout() {  # Solr home: solr.xml and one core per name; conf refreshed, data/ kept.
  [ -x "$PY" ] || die "no Python at $PY (set VENV to CKAN's virtualenv, or run scripts/setup.sh)"
  local ckan_dir schema core
  ckan_dir="$("$PY" -c 'import ckan, os; print(os.path.dirname(ckan.__file__))' 2>/dev/null)" \
    || die "CKAN is not installed in $VENV (set VENV, or run scripts/setup.sh)"
  schema="$ckan_dir/config/solr/schema.xml"
  [ -f "$schema" ] || die "CKAN's Solr schema not found: $schema"
  mkdir -p "$HOME_DIR"
  cp "$SRC/conf/solr.xml" "$HOME_DIR/solr.xml.new"; install_if_changed "$HOME_DIR/solr.xml.new" "$HOME_DIR/solr.xml"
  for core in "${CORES[@]}"; do
    mkdir -p "$HOME_DIR/$core/conf"
    local f
    for f in solrconfig.xml protwords.txt synonyms.txt stopwords.txt; do
      cp "$SRC/conf/$f" "$HOME_DIR/$core/conf/$f.new"
      install_if_changed "$HOME_DIR/$core/conf/$f.new" "$HOME_DIR/$core/conf/$f"
    done
    write_schema "$schema" "$HOME_DIR/$core/conf/managed-schema"
    rm -f "$HOME_DIR/$core/conf/schema.xml"  # would make Solr upgrade it over managed-schema
    printf 'name=%s\n' "$core" >"$HOME_DIR/$core/core.properties.new"
    install_if_changed "$HOME_DIR/$core/core.properties.new" "$HOME_DIR/$core/core.properties"
  done
}

start() {
  local pid
  if pid="$(solr_pid)" && all_up; then
    echo "    Solr already running (pid $pid) at $BASE_URL"; return 0
  fi
  if [ -z "${pid:-}" ] && all_up; then
    echo "    Solr already answering at $BASE_URL (not started by this script: no live $PIDFILE)"; return 0
  fi
  if [ -n "${pid:-}" ]; then stop "(not answering)"; fi
  port_in_use && die "port $SOLR_PORT on 127.0.0.1 is taken by another program (set SOLR_PORT)"
  need java "install a JDK 17+"
  mkdir -p "$CACHE" "$STATE/logs"
  resolve_classpath
  compile_launcher
  layout
  say "Starting Solr $(solr_version) at $BASE_URL (cores: ${CORES[*]}; log: $LOG)"
  [ -f "$LOG" ] && mv "$LOG" "$LOG.1"
  local t0=$SECONDS
  nohup java -Xms128m -Xmx"${SOLR_HEAP:-512m}" -Djava.awt.headless=true \
    -Dlog4j.configurationFile="$SRC/conf/log4j2.xml" \
    -Djava.util.logging.config.file="$SRC/conf/logging.properties" \
    -Dsolr.solr.home="$HOME_DIR" -Dsolr.install.dir="$HOME_DIR" -Dsolr.log.dir="$STATE/logs" \
    -Dhost=127.0.0.1 \
    -cp "$CLASSES:$(cat "$CLASSPATH_FILE")" "$LAUNCHER" "$HOME_DIR" "$SOLR_PORT" \
    >"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  if ! wait_up 90; then
    echo "---- last lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    solr_pid >/dev/null && stop "(did not come up)" >/dev/null
    rm -f "$PIDFILE"
    die "Solr did not come up at $BASE_URL (log: $LOG)"
  fi
  echo "    Solr up in $((SECONDS - t0)) s (pid $(cat "$PIDFILE"))"
}

stop() {  # TERM, wait up to 30 s, then KILL; removes the PID file.
  local pid
  if ! pid="$(solr_pid)"; then
    [ -f "$PIDFILE" ] && echo "    removing stale $PIDFILE"
    rm -f "$PIDFILE"
    echo "    Solr not running${1:+ $1}"; return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    echo "    killed Solr (pid $pid) after 30 s${1:+ $1}"
  else
    echo "    stopped Solr (pid $pid)${1:+ $1}"
  fi
  rm -f "$PIDFILE"
}

status() {
  local pid=""
  pid="$(solr_pid)" || true
  if all_up; then
    echo "Solr: up at $BASE_URL (cores: ${CORES[*]}${pid:+; pid $pid})"
  elif [ -n "$pid" ]; then
    echo "Solr: down (pid $pid is running but cores do not answer at $BASE_URL)"; return 1
  else
    echo "Solr: down"; return 1
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start|stop|status" ;;
esac
