#!/usr/bin/env bash
# Runs every test against real parts: unit tests (GoogleTest, on SQLite and on
# a PostgreSQL 15 server started here), API tests (the real binary over HTTP,
# on both engines) and browser tests (headless Debian Chromium).
# Expects `make server web` to have run (make test does that).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/test-output
mkdir -p "$out"
pg_dir=${DUXING_PG_DIR:-/tmp/duxing-test-pg}
pg_port=${DUXING_PG_PORT:-55440}
status=0
summary=()

cleanup() {
  [[ -n ${ui_pid:-} ]] && kill "$ui_pid" 2>/dev/null && wait "$ui_pid" 2>/dev/null
  scripts/pg-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

step() {  # step NAME COMMAND...
  local name=$1
  shift
  echo
  echo "=== $name"
  if "$@"; then
    summary+=("ok    $name")
  else
    summary+=("FAIL  $name")
    status=1
  fi
}

echo "=== starting PostgreSQL 15 on 127.0.0.1:$pg_port"
if ! pg_url=$(scripts/pg-test-server.sh start "$pg_dir" "$pg_port"); then
  echo "cannot start PostgreSQL" >&2
  exit 1
fi

step "unit tests (SQLite + PostgreSQL)" \
  env DUXING_TEST_PG_URL="$pg_url" DUXING_REQUIRE_PG=1 \
  ctest --test-dir build --output-on-failure -j 2

step "API tests on SQLite" \
  env DUXING_DB_KIND=sqlite node --test --test-concurrency=2 tests/api/

step "API tests on PostgreSQL" \
  env DUXING_DB_KIND=postgresql DUXING_PG_DIR="$pg_dir" DUXING_PG_PORT="$pg_port" \
  node --test --test-concurrency=2 tests/api/

run_ui() {
  (cd tests/ui && { [[ node_modules/.package-lock.json -nt package-lock.json ]] ||
    npm ci --no-audit --no-fund; }) || return 1
  local dir
  dir=$(mktemp -d)
  echo "ui-test-pass-2021" > "$dir/pw"
  build/duxing init --db "sqlite:$dir/ui.db" --demo --demo-password-file "$dir/pw" >/dev/null || return 1
  build/duxing serve --db "sqlite:$dir/ui.db" --listen 127.0.0.1:0 --web web/dist \
    > "$out/ui-server.log" 2>&1 &
  ui_pid=$!
  local url=""
  for _ in $(seq 1 100); do
    url=$(grep -o 'serving http://[0-9.:]*' "$out/ui-server.log" | head -1 | cut -d' ' -f2)
    [[ -n $url ]] && break
    sleep 0.1
  done
  [[ -n $url ]] || { cat "$out/ui-server.log"; return 1; }
  DUXING_URL=$url DUXING_DEMO_PASSWORD=ui-test-pass-2021 node --test --test-concurrency=1 tests/ui/
  local rc=$?
  kill "$ui_pid"
  wait "$ui_pid" 2>/dev/null
  ui_pid=""
  rm -rf "$dir"
  return $rc
}
step "browser tests (headless Chromium)" run_ui

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit $status
