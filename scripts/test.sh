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
  scripts/pg-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true
}
trap cleanup EXIT

passed=0
failed=0
step() {  # step NAME COMMAND...  (output also kept in test-output/NAME.log)
  local name=$1
  shift
  local log
  log="$out/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-').log"
  echo
  echo "=== $name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  # Count what the runners report: ctest's "N tests failed out of M",
  # node's "# pass N" / "# fail N", scripts/fuzz.sh's "fuzz: N passed, M failed".
  local p f
  p=$(awk '/tests passed, .* tests failed out of/{s += $NF - $4} /^# pass /{s += $3} /^fuzz: [0-9]+ passed, [0-9]+ failed$/{s += $2} END{print s + 0}' "$log")
  f=$(awk '/tests passed, .* tests failed out of/{s += $4} /^# fail /{s += $3} /^fuzz: [0-9]+ passed, [0-9]+ failed$/{s += $4} END{print s + 0}' "$log")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [[ $rc == 0 ]]; then
    summary+=("ok    $name (${p:-0} passed, ${f:-0} failed)")
  else
    summary+=("FAIL  $name (${p:-0} passed, ${f:-0} failed, exit $rc)")
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

# The layer checker itself on listings with violations (the real build is
# checked by the check_layers ctest above).
step "layer check (scripts/check-layers.sh)" node --test tests/layers/

# libFuzzer targets of fuzz/ (clang, ASan + UBSan), FUZZ_SECONDS (30) each.
step "fuzzing (JSON body, CSV, XLSX, XML)" scripts/fuzz.sh

# The served document (`duxing openapi`): Redocly lint (web/redocly.yaml), and
# web/src/api/schema.d.ts must be what openapi-typescript makes of it (the web
# build's vue-tsc checks the client against those types).
api_document() {
  (cd web && REDOCLY_TELEMETRY=off npm run -s lint:api) || return 1
  if ! (cd web && npm run -s gen:api -- --check); then
    echo "web/src/api/schema.d.ts is not generated from the served document: run (cd web && npm run gen:api)"
    return 1
  fi
}
step "API document (OpenAPI lint, generated web types)" api_document

# The harness records every call (tests/api/harness.mjs); coverage.mjs fails
# naming each documented operation not called with a success and a refusal.
rm -rf "$out/api-calls"
step "API tests on SQLite" \
  env DUXING_DB_KIND=sqlite node --test --test-concurrency=2 tests/api/
step "API operation coverage on SQLite" node tests/api/coverage.mjs "$out/api-calls/sqlite"

step "API tests on PostgreSQL" \
  env DUXING_DB_KIND=postgresql DUXING_PG_DIR="$pg_dir" DUXING_PG_PORT="$pg_port" \
  node --test --test-concurrency=2 tests/api/
step "API operation coverage on PostgreSQL" node tests/api/coverage.mjs "$out/api-calls/postgresql"

run_ui() {
  (cd tests/ui && { [[ node_modules/.package-lock.json -nt package-lock.json ]] ||
    npm ci --no-audit --no-fund; }) || return 1
  ui_dir=$(mktemp -d)
  echo "ui-test-pass-2021" > "$ui_dir/pw"
  build/duxing init --db "sqlite:$ui_dir/ui.db" --demo --demo-password-file "$ui_dir/pw" >/dev/null || return 1
  # --test-hooks: tests/ui/jobs.test.mjs makes jobs of the test kinds.
  build/duxing serve --db "sqlite:$ui_dir/ui.db" --listen 127.0.0.1:0 --web web/dist --test-hooks \
    > "$out/ui-server.log" 2>&1 &
  ui_pid=$!
  # This runs in a pipeline's subshell: stop the server on every way out.
  trap 'kill "$ui_pid" 2>/dev/null; wait "$ui_pid" 2>/dev/null; rm -rf "$ui_dir"' EXIT
  local url=""
  for _ in $(seq 1 100); do
    url=$(grep -o 'serving http://[0-9.:]*' "$out/ui-server.log" | head -1 | cut -d' ' -f2)
    [[ -n $url ]] && break
    sleep 0.1
  done
  [[ -n $url ]] || { cat "$out/ui-server.log"; return 1; }
  DUXING_URL=$url DUXING_DEMO_PASSWORD=ui-test-pass-2021 node --test --test-concurrency=1 tests/ui/
}
step "browser tests (headless Chromium)" run_ui

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "duxing: $passed passed, $failed failed"
exit $status
