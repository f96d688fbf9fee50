#!/usr/bin/env bash
# Initialise and run the demo CKAN: database, DataStore permissions, sysadmin,
# organisations, the web server (uWSGI, deploy/uwsgi.ini, 127.0.0.1 only) and the job worker.
source "$(dirname "$0")/lib.sh"
INI="${NLC_CKAN_INI:-$ROOT/ckan.ini}"  # NLC_CKAN_INI: the tests' own ini (tests/security)

init_db() {  # $1 = ini
  say "Initialising CKAN database ($(basename "$1"))"
  quiet "ckan db init ($1)" "$CKAN" -c "$1" db init
  quiet "ckan db upgrade ($1)" "$CKAN" -c "$1" db upgrade
  quiet "nlc foi db upgrade ($1)" "$VENV/bin/nlc" foi db upgrade --ini "$1"  # FOI store: Alembic
  # DataStore: the read-only datastore_default role may only read.
  "$CKAN" -c "$1" datastore set-permissions 2>/dev/null \
    | su postgres -c "psql -q -v ON_ERROR_STOP=1" >/dev/null \
    || die "could not set DataStore permissions for $1"
}

token_known() {
  # Is this API token's id (its JWT "jti") among user $2's (default admin) tokens in the database?
  local jti
  jti="$("$PY" -c 'import base64,json,sys
p = sys.argv[1].split(".")[1]
print(json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))["jti"])' "$1" 2>/dev/null)" || return 1
  [ -n "$jti" ] && "$CKAN" -c "$INI" user token list "${2:-admin}" 2>/dev/null | grep -qF "[$jti]"
}

ensure_sysadmin() {
  # The credentials file is the source of truth: its password is (re)applied on every run.
  local creds="$STATE/sysadmin.json" password token=""
  if [ -f "$creds" ]; then
    password="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["password"])' "$creds")"
    token="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_token"])' "$creds")"
  else
    say "Creating sysadmin 'admin'"
    password="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(12))')"
    echo "$password" > "$STATE/.password-to-show"
  fi
  if ! "$CKAN" -c "$INI" user show admin 2>/dev/null | grep -q "name=admin"; then
    quiet "ckan user add admin" "$CKAN" -c "$INI" user add admin \
      email=opendata@northlanarkshire.gov.uk password="$password" fullname="Open data administrator"
    token=""  # a new user: tokens of an older one are gone
  fi
  quiet "ckan user setpass admin" "$CKAN" -c "$INI" user setpass admin -p "$password"
  quiet "ckan sysadmin add admin" "$CKAN" -c "$INI" sysadmin add admin
  if [ -n "$token" ] && ! token_known "$token"; then
    echo "    the stored API token is not in this database (recreated?): issuing a new one"
    token=""
  fi
  if [ -z "$token" ]; then
    token="$("$CKAN" -c "$INI" user token add admin nlc-harvest 2>/dev/null | tail -n 1 | tr -d '[:space:]')"
    [ -n "$token" ] || die "could not create an API token for admin"
  fi
  (umask 077; printf '{"user": "admin", "password": "%s", "api_token": "%s", "url": "http://127.0.0.1:%s"}\n' \
    "$password" "$token" "$CKAN_PORT" > "$creds")
}

ensure_jobs_user() {
  # xloader and background jobs sign in with a token of their own user (ckanext.nlc.jobs_user:
  # editor of every organisation, not a sysadmin), never the sysadmin's.
  local user token
  user="$("$CKAN" -c "$INI" api action nlc_jobs_user_sync 2>"$STATE/logs/jobs-user.log" \
    | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["name"])')" \
    || die "could not set up the jobs user (see $STATE/logs/jobs-user.log)"
  token="$("$PY" -c 'import configparser,sys
c = configparser.ConfigParser(interpolation=None, strict=False); c.read(sys.argv[1])
print(c.get("app:main", "ckanext.xloader.api_token", fallback=""))' "$INI")"
  if [ -z "$token" ] || ! token_known "$token" "$user"; then
    echo "    issuing an API token for the jobs user $user"
    token="$("$CKAN" -c "$INI" user token add "$user" xloader 2>/dev/null | tail -n 1 | tr -d '[:space:]')"
    [ -n "$token" ] || die "could not create an API token for $user"
  fi
  quiet "ckan config-tool (xloader token)" "$CKAN" config-tool "$INI" "ckanext.xloader.api_token=$token"
  chmod 600 "$INI"
}

ours() {  # $1 = PID file, $2 = what its process's command line must contain
  [ -f "$1" ] || return 1
  local pid; pid="$(cat "$1")"
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"; then return 0; fi
  echo "    removing stale $1 (pid $pid is not $2)"; rm -f "$1"; return 1
}

ckan_up() { curl -fsS "http://127.0.0.1:$CKAN_PORT/api/3/action/status_show" >/dev/null; }

code_version() {  # what the running CKAN was started from: commit, uncommitted changes, ini
  { git -C "$ROOT" rev-parse HEAD 2>/dev/null; git -C "$ROOT" diff HEAD 2>/dev/null; cat "$INI"; } | sha256sum | cut -c1-16
}

start_web() {
  local version; version="$(code_version)"
  if pid_alive "$STATE/ckan.pid" && ckan_up; then
    if [ "$(cat "$STATE/ckan.version" 2>/dev/null)" = "$version" ]; then echo "    CKAN already running"; return; fi
    echo "    the code or ckan.ini changed since CKAN started: restarting it and its job worker"
    stop_pidfile "$STATE/worker.pid" "job worker"
  fi
  stop_pidfile "$STATE/ckan.pid" CKAN
  say "Starting CKAN on http://127.0.0.1:$CKAN_PORT (uWSGI, $CKAN_PROCESSES processes, one thread each)"
  (cd "$ROOT" && CKAN_INI="$INI" NLC_BIND="127.0.0.1:$CKAN_PORT" NLC_PROCESSES="$CKAN_PROCESSES" \
      nohup "$VENV/bin/uwsgi" --ini "$ROOT/deploy/uwsgi.ini" --pidfile "$STATE/ckan.pid" \
      --req-logger "file:$STATE/logs/ckan-access.log" >>"$STATE/logs/ckan.log" 2>&1 &)
  wait_for 90 CKAN ckan_up || die "CKAN did not start: $(tail -n 3 "$STATE/logs/ckan.log")"
  echo "$version" >"$STATE/ckan.version"
}

start_worker() {
  if pid_alive "$STATE/worker.pid"; then echo "    job worker already running"; return; fi
  pkill -TERM -f -- "$CKAN -c $INI jobs worker" 2>/dev/null || true
  # $! of the nohup itself (not of a subshell around it): the PID file names the worker.
  (cd "$ROOT" && { nohup "$CKAN" -c "$INI" jobs worker default >"$STATE/logs/worker.log" 2>&1 & echo $! > "$STATE/worker.pid"; })
  echo "    job worker started (pid $(cat "$STATE/worker.pid"))"
}

case "${1:-}" in
  init)
    init_db "$INI"; init_db "$ROOT/test.ini"; ensure_sysadmin; ensure_jobs_user
    # A Solr index that lost datasets (new Solr data dir, restored database) is completed.
    quiet "ckan search-index rebuild --only-missing" "$CKAN" -c "$INI" search-index rebuild -o -q
    ;;
  start) mkdir -p "$STATE/logs"; start_web; start_worker ;;
  jobs-user) mkdir -p "$STATE/logs"; ensure_jobs_user ;;  # also run by init
  stop)
    # Only the processes these scripts started: a PID file whose PID now names another program
    # (reused after a reboot or a crash) is removed, not acted on.
    ours "$STATE/worker.pid" "jobs worker" && stop_pidfile "$STATE/worker.pid" "job worker"
    ours "$STATE/ckan.pid" "uwsgi" && stop_pidfile "$STATE/ckan.pid" CKAN
    # Workers left by an interrupted start (their PID file was overwritten): match this ini exactly.
    pkill -TERM -f -- "$CKAN -c $INI jobs worker" 2>/dev/null && echo "    stopped stray job workers" || true
    ;;
  *) die "usage: $0 init|start|stop|jobs-user" ;;
esac
