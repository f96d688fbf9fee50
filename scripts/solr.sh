#!/usr/bin/env bash
# Solr 9 for CKAN from Maven Central jars: start|stop|status.
# Serves http://127.0.0.1:$SOLR_PORT/solr/ckan (demo) and /solr/ckan_test (tests).
source "$(dirname "$0")/lib.sh"
SRC="$ROOT/services/solr"
CACHE="${NLC_CACHE:-$ROOT/.cache}/solr"
HOME_DIR="$STATE/solr"
PIDFILE="$STATE/solr.pid"
LOG="$STATE/logs/solr.log"
CORES=(ckan ckan_test)
mkdir -p "$CACHE" "$STATE/logs"

ping_core() { curl -fsS -m 5 "http://127.0.0.1:$SOLR_PORT/solr/$1/admin/ping?wt=json" 2>/dev/null | grep -q '"OK"'; }
all_up() { for c in "${CORES[@]}"; do ping_core "$c" || return 1; done; }
# While starting: up, or give up at once if the process died.
up_or_dead() { all_up || ! pid_alive "$PIDFILE"; }

build() {  # Resolve jars (cached per pom.xml hash) and compile the launcher.
  local key; key="$(sha256sum "$SRC/pom.xml" "$SRC"/src/main/java/uk/gov/northlanarkshire/solr/*.java | sha256sum | cut -c1-16)"
  if [ -f "$CACHE/classpath-$key.txt" ] && [ -d "$CACHE/classes-$key" ]; then
    CLASSPATH_FILE="$CACHE/classpath-$key.txt"; CLASSES="$CACHE/classes-$key"; return
  fi
  local version; version="$(grep -oP '(?<=<solr.version>)[^<]+' "$SRC/pom.xml")"
  say "Fetching Solr $version jars from Maven Central (once; cached in ~/.m2)"
  if ! mvn -q -B -f "$SRC/pom.xml" dependency:build-classpath \
        -Dmdep.outputFile="$CACHE/classpath-$key.txt" >"$CACHE/maven.log" 2>&1; then
    local reason; reason="$(grep -m1 -oE '(Could not (resolve|transfer)|Unknown host|Connection refused|Network is unreachable|Connect timed out)[^.]*' "$CACHE/maven.log" | cut -c1-200)"
    rm -f "$CACHE/classpath-$key.txt"
    die "could not fetch Solr jars from Maven Central (org.apache.solr:solr-test-framework:$version): ${reason:-see $CACHE/maven.log}"
  fi
  mkdir -p "$CACHE/classes-$key"
  javac -d "$CACHE/classes-$key" -cp "$(cat "$CACHE/classpath-$key.txt")" \
    "$SRC"/src/main/java/uk/gov/northlanarkshire/solr/*.java >"$CACHE/javac.log" 2>&1 \
    || { rm -rf "$CACHE/classes-$key"; die "could not compile the Solr launcher: $(head -n 3 "$CACHE/javac.log")"; }
  CLASSPATH_FILE="$CACHE/classpath-$key.txt"; CLASSES="$CACHE/classes-$key"
}

layout() {  # Solr home with one core per name; CKAN's schema as managed-schema, bbox fields added.
  local ckan_dir schema
  ckan_dir="$("$PY" -c 'import ckan, os; print(os.path.dirname(ckan.__file__))')" \
    || die "CKAN is not installed in $VENV (run scripts/setup.sh)"
  schema="$ckan_dir/config/solr/schema.xml"
  mkdir -p "$HOME_DIR"
  cp "$SRC/conf/solr.xml" "$HOME_DIR/solr.xml"
  for core in "${CORES[@]}"; do
    mkdir -p "$HOME_DIR/$core/conf"
    cp "$SRC/conf/solrconfig.xml" "$SRC/conf/"{protwords,synonyms,stopwords}.txt "$HOME_DIR/$core/conf/"
    # Insert ckanext-spatial's bbox fields before the first dynamicField (idempotent: fresh copy).
    awk -v extra="$SRC/conf/spatial-fields.xml" '
      /<dynamicField/ && !done { while ((getline line < extra) > 0) print line; done = 1 }
      { print }' "$schema" > "$HOME_DIR/$core/conf/managed-schema.xml.new"
    mv "$HOME_DIR/$core/conf/managed-schema.xml.new" "$HOME_DIR/$core/conf/managed-schema"
    rm -f "$HOME_DIR/$core/conf/schema.xml"
    printf 'name=%s\n' "$core" > "$HOME_DIR/$core/core.properties"
  done
}

start() {
  if all_up; then echo "    Solr already running on 127.0.0.1:$SOLR_PORT"; return; fi
  if pid_alive "$PIDFILE"; then stop_pidfile "$PIDFILE" "Solr (not answering)"; fi
  build
  layout
  say "Starting Solr on http://127.0.0.1:$SOLR_PORT/solr"
  nohup java -Xms256m -Xmx768m -Djava.awt.headless=true \
    -Dlog4j.configurationFile="$SRC/conf/log4j2.xml" -Dsolr.log.dir="$STATE/logs" \
    -Dsolr.solr.home="$HOME_DIR" -Dsolr.install.dir="$HOME_DIR" -Dhost=127.0.0.1 \
    -cp "$CLASSES:$(cat "$CLASSPATH_FILE")" uk.gov.northlanarkshire.solr.SolrLauncher \
    "$HOME_DIR" "$SOLR_PORT" >"$LOG" 2>&1 &
  echo $! > "$PIDFILE"
  wait_for 120 "Solr cores ${CORES[*]}" up_or_dead || true
  if ! all_up; then
    tail -n 15 "$LOG" >&2
    die "Solr did not come up (log: $LOG)"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop_pidfile "$PIDFILE" Solr ;;
  status) if all_up; then echo "Solr: up"; else echo "Solr: down"; exit 1; fi ;;
  *) die "usage: $0 start|stop|status" ;;
esac
