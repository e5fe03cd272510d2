#!/usr/bin/env bash
# Benchmark: POST /api/v1/people/import of the same file of ROWS people
# (default 100,000; bench/people_csv.mjs), as CSV and as .xlsx, on SQLite and
# on PostgreSQL, through the real server.
#
# Each round builds a fresh database on each engine and format (a SQLite
# file; a new database on a throwaway PostgreSQL server of its own,
# scripts/pg-test-server.sh in a temp dir on port PG_PORT), initialises it
# with the demo bureau, starts `duxing serve` on it, signs in as dangwei and
# times the one import request (curl's time_total); then reads the server's
# peak resident memory (VmHWM in /proc/PID/status: the whole process, start
# included). Rounds alternate the engines so that drift in the machine's
# load falls on both. Prints each time with rows/s and peak MiB, the medians,
# the PostgreSQL/SQLite ratio (target: at most 2) and the targets of issue
# 11 (SQLite under 30 s, peak under 300 MiB on both engines).
#   bench/import.sh [ROWS]     ROUNDS=1 FORMATS="csv xlsx" PG_PORT=55491
#                              DUXING_BIN=build/duxing   (needs make deps-test)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
rounds=${ROUNDS:-1}
formats=${FORMATS:-csv xlsx}
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
for format in $formats; do node bench/people_csv.mjs "$work/people.$format" "$rows"; done
scripts/pg-test-server.sh start "$pg_dir" "$pg_port" > /dev/null

# Prints the seconds one import of people.FORMAT takes on a fresh database at
# URL, and the server's peak resident memory in KiB.
time_import() {
  local url=$1 format=$2 type=text/csv
  [[ $format == xlsx ]] && type=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
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
  out=$(curl -s -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H "Content-Type: $type" \
    --data-binary "@$work/people.$format" -o "$work/answer.json" -w '%{http_code} %{time_total}' \
    "http://127.0.0.1:$dx_port/api/v1/people/import")
  local hwm
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$dx_pid/status")
  kill "$dx_pid" && wait "$dx_pid" 2>/dev/null || true
  dx_pid=""
  if [[ ${out%% *} != 200 ]]; then
    echo "import failed on $url: $out $(cat "$work/answer.json")" >&2
    exit 1
  fi
  echo "${out#* } $hwm"
}

results=()  # "format engine seconds peak_kib" per import
for round in $(seq 1 "$rounds"); do
  for format in $formats; do
    rm -f "$work"/bench.db*
    s=$(time_import "sqlite:$work/bench.db" "$format")
    pg_url=$(scripts/pg-test-server.sh createdb "$pg_dir" "$pg_port" "bench_${round}_$format" 2> /dev/null | tail -1)
    p=$(time_import "$pg_url" "$format")
    echo "round $round $format: sqlite $s  postgresql $p (seconds, peak KiB)" >&2
    results+=("$format sqlite $s" "$format postgresql $p")
  done
done

node -e '
const [rows, rounds, ...lines] = process.argv.slice(1);
const runs = lines.map((l) => { const [format, engine, s, kib] = l.split(" "); return { format, engine, s: Number(s), mib: Number(kib) / 1024 } });
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log("");
console.log(`import of ${rows} rows over HTTP, fresh database each time (medians of ${rounds} round(s))`);
console.log("format  engine       seconds    rows/s   peak RSS MiB  targets");
let met = true;
const sec = {};
for (const format of [...new Set(runs.map((r) => r.format))]) {
  for (const engine of ["sqlite", "postgresql"]) {
    const mine = runs.filter((r) => r.format === format && r.engine === engine);
    const s = median(mine.map((r) => r.s)), mib = median(mine.map((r) => r.mib));
    sec[format + engine] = s;
    const ok = mib < 300 && (engine !== "sqlite" || s < 30);
    met &&= ok;
    console.log(`${format.padEnd(7)} ${engine.padEnd(10)} ${s.toFixed(2).padStart(9)} ${Math.round(rows / s).toString().padStart(9)} ${mib.toFixed(0).padStart(14)}  ${ok ? "met" : "NOT MET"}`);
  }
  console.log(`${format.padEnd(7)} ratio postgresql/sqlite: ${(sec[format + "postgresql"] / sec[format + "sqlite"]).toFixed(2)}`);
}
console.log("");
console.log(`targets (SQLite < 30 s, peak RSS < 300 MiB on both engines): ${met ? "MET" : "NOT MET"}`);
' "$rows" "$rounds" "${results[@]}"
