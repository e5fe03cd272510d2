#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests, independent of the Debian
# default cluster (no pg_ctlcluster): its data, socket and log live in DIR.
#
#   pg-test-server.sh start DIR PORT        init DIR if needed, start, create
#                                           database duxing_test; prints its URL
#   pg-test-server.sh createdb DIR PORT NAME  (re)create database NAME empty;
#                                           prints its URL
#   pg-test-server.sh stop DIR              fast shutdown; fine if not running
#
# The URL is the last line on stdout (postgresql://postgres@127.0.0.1:PORT/db);
# progress goes to stderr, so `url=$(pg-test-server.sh start ...)` works.
# The server listens on 127.0.0.1 only, trusts every local connection and runs
# with fsync off: for tests, never for data that matters. When run as root the
# server runs as the `postgres` OS user, which must be able to reach DIR.
# Keep DIR short: the socket path DIR/.s.PGSQL.PORT must fit in 107 bytes.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
TEST_DB=duxing_test

die() {
  echo "pg-test-server: $*" >&2
  exit 1
}
log() { echo "pg-test-server: $*" >&2; }

usage() {
  die "usage: $0 start DIR PORT | createdb DIR PORT NAME | stop DIR"
}

# Runs a server-side command as the cluster owner.
as_owner() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- env LC_ALL="$LOCALE" "$@"
  else
    env LC_ALL="$LOCALE" "$@"
  fi
}

check_port() {
  if ! [[ "$1" =~ ^[0-9]+$ ]] || (($1 < 1 || $1 > 65535)); then
    die "bad port: $1"
  fi
}

# Client commands connect over TCP as the postgres role (trusted).
psql_admin() {
  PGOPTIONS='-c client_min_messages=warning' "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres \
    -d postgres "$@"
}

url_for() { echo "postgresql://postgres@127.0.0.1:$PORT/$1"; }

# Creates database $1 unless it exists (or, with $2 = fresh, drops it first).
make_db() {
  local name=$1 mode=${2:-keep}
  [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] ||
    die "database name must be lower-case letters, digits and _: $name"
  if [[ "$mode" == fresh ]]; then
    psql_admin -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >&2
  fi
  local exists
  exists=$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$name'")
  if [[ "$exists" != 1 ]]; then
    psql_admin -c "CREATE DATABASE \"$name\" ENCODING 'UTF8' TEMPLATE template0" >&2
  fi
}

wait_ready() {
  for _ in $(seq 1 120); do
    if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then return 0; fi
    sleep 0.5
  done
  die "server on 127.0.0.1:$PORT not ready after 60s; see $DIR/postgres.log"
}

cmd=${1:-}
[[ -n "$cmd" ]] || usage
[[ -x "$PGBIN/initdb" ]] || die "PostgreSQL 15 not found in $PGBIN (apt-get install postgresql-15)"
if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then LOCALE=C.UTF-8; else LOCALE=C; fi

case "$cmd" in
  start)
    (($# == 3)) || usage
    DIR=$2 PORT=$3
    check_port "$PORT"
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd)
    DATA=$DIR/data
    if [[ $(id -u) == 0 ]]; then
      id postgres >/dev/null 2>&1 || die "no postgres OS user to run the server as"
      chown postgres: "$DIR"
      [[ -d "$DATA" ]] && chown -R postgres: "$DATA"
      runuser -u postgres -- test -w "$DIR" ||
        die "the postgres user cannot write $DIR (is a parent directory private?)"
    fi
    cd "$DIR"  # the server's working directory must be readable by its owner
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
      log "initializing a cluster in $DATA"
      as_owner "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 -N \
        --locale="$LOCALE" >&2
      # Trust, but only on the socket and loopback.
      cat >"$DATA/pg_hba.conf" <<'EOF'
local all all trust
host all all 127.0.0.1/32 trust
EOF
      cat >>"$DATA/postgresql.conf" <<'EOF'
# pg-test-server.sh: a disposable test server.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
timezone = 'UTC'
EOF
      [[ $(id -u) == 0 ]] && chown postgres: "$DATA/pg_hba.conf" "$DATA/postgresql.conf"
    fi
    if as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      log "already running in $DATA"
    else
      log "starting on 127.0.0.1:$PORT"
      as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR" start >&2 ||
        die "start failed; see $DIR/postgres.log"
    fi
    wait_ready
    make_db "$TEST_DB"
    url_for "$TEST_DB"
    ;;
  createdb)
    (($# == 4)) || usage
    DIR=$2 PORT=$3
    check_port "$PORT"
    wait_ready
    make_db "$4" fresh
    url_for "$4"
    ;;
  stop)
    (($# == 2)) || usage
    DIR=$(cd "$2" 2>/dev/null && pwd) || die "no such directory: $2"
    DATA=$DIR/data
    cd "$DIR"
    if as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    else
      log "not running in $DATA"
    fi
    ;;
  *)
    usage
    ;;
esac
