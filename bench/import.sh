#!/usr/bin/env bash
# Benchmark: POST /api/v1/people/import of the same 10,000-row CSV
# (bench/people_csv.mjs) on SQLite and on PostgreSQL, through the real server.
#
# Each round builds a fresh database on each engine (a SQLite file; a new
# database on a throwaway PostgreSQL server of its own, scripts/pg-test-server.sh
# in a temp dir on port PG_PORT), initialises it with the demo bureau, starts
# `duxing serve` on it, signs in as dangwei and times the one import request
# (curl's time_total). Rounds alternate the engines so that drift in the
# machine's load falls on both; prints each time, the medians and the
# PostgreSQL/SQLite ratio (target: at most 2).
#   bench/import.sh [ROWS]     ROUNDS=3 PG_PORT=55491 DUXING_BIN=build/duxing
#   (needs make deps-test)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
rounds=${ROUNDS:-3}
pg_port=${PG_PORT:-55491}
dx_port=18490
bin=${DUXING_BIN:-build/duxing}
work=$(mktemp -d /tmp/dx-bimp.XXXXXX)
chmod 755 "$work"  # the PostgreSQL server runs as postgres
pg_dir=$work/pg
cleanup() {
  [[ -n ${dx_pid:-} ]] && kill "$dx_pid" 2>/dev/null && wait "$dx_pid" 2>/dev/null
  scripts/pg-test-server.sh stop "$pg_dir" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench-pass-2021" > "$work/pw"
node bench/people_csv.mjs "$work/people.csv" "$rows"
scripts/pg-test-server.sh start "$pg_dir" "$pg_port" > /dev/null

# Prints the seconds one import of people.csv takes on a fresh database at URL.
time_import() {
  local url=$1
  "$bin" init --db "$url" --demo --demo-password-file "$work/pw" > /dev/null
  "$bin" serve --db "$url" --listen "127.0.0.1:$dx_port" --log-level warn \
    > "$work/server.log" 2>&1 &
  dx_pid=$!
  local up=""
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$dx_port/api/v1/health" > /dev/null && up=1 && break
    sleep 0.1
  done
  [[ -n $up ]] || { cat "$work/server.log" >&2; echo "server did not start" >&2; exit 1; }
  local login csrf out
  login=$(curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
    -d '{"username":"dangwei","password":"bench-pass-2021"}' \
    "http://127.0.0.1:$dx_port/api/v1/auth/login")
  csrf=$(node -e 'console.log(JSON.parse(process.argv[1]).csrf_token)' "$login")
  out=$(curl -s -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
    --data-binary "@$work/people.csv" -o "$work/answer.json" -w '%{http_code} %{time_total}' \
    "http://127.0.0.1:$dx_port/api/v1/people/import")
  kill "$dx_pid" && wait "$dx_pid" 2>/dev/null || true
  dx_pid=""
  if [[ ${out%% *} != 200 ]]; then
    echo "import failed on $url: $out $(cat "$work/answer.json")" >&2
    exit 1
  fi
  echo "${out#* }"
}

sqlite_times=()
pg_times=()
for round in $(seq 1 "$rounds"); do
  rm -f "$work"/bench.db*
  s=$(time_import "sqlite:$work/bench.db")
  pg_url=$(scripts/pg-test-server.sh createdb "$pg_dir" "$pg_port" "bench_$round" 2> /dev/null | tail -1)
  p=$(time_import "$pg_url")
  echo "round $round: sqlite ${s}s  postgresql ${p}s" >&2
  sqlite_times+=("$s")
  pg_times+=("$p")
done

node -e '
const [rows, n, ...t] = process.argv.slice(1);
const sqlite = t.slice(0, n).map(Number), pg = t.slice(n).map(Number);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const ms = (s) => (s * 1000).toFixed(0).padStart(7);
console.log("");
console.log(`import of ${rows} rows over HTTP, fresh database each round`);
console.log("round   sqlite ms  postgresql ms");
sqlite.forEach((s, i) => console.log(`${String(i + 1).padStart(5)} ${ms(s)}     ${ms(pg[i])}`));
const ratio = median(pg) / median(sqlite);
console.log("");
console.log(`median: sqlite ${ms(median(sqlite)).trim()} ms, postgresql ${ms(median(pg)).trim()} ms`);
console.log(`ratio postgresql/sqlite: ${ratio.toFixed(2)}  (target <= 2.00) ${ratio <= 2 ? "MET" : "NOT MET"}`);
' "$rows" "$rounds" "${sqlite_times[@]}" "${pg_times[@]}"
