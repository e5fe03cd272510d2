#!/usr/bin/env bash
# Benchmark: GET /api/v1/people?limit=50, signed in, against nginx serving a
# static file with the same body, in the same run on the same machine.
#
# Seeds a fresh SQLite database with the demo bureau plus 10,000 people
# (imported through the real import endpoint), then runs wrk (64 connections,
# 2 threads, 15 s) against duxing and against nginx, alternating, in ROUNDS
# rounds (default 3), and prints requests/s,
# p99 latency, their ratios and duxing's peak resident memory.
#   bench/people_list.sh [DURATION]     (needs wrk and nginx: make deps-test)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15s}
work=$(mktemp -d /tmp/duxing-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run as www-data
dx_port=18480
ng_port=18481
cleanup() {
  [[ -n ${dx_pid:-} ]] && kill "$dx_pid" 2>/dev/null && wait "$dx_pid" 2>/dev/null
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench-pass-2021" > "$work/pw"
build/duxing init --db "sqlite:$work/bench.db" --demo --demo-password-file "$work/pw" > /dev/null
build/duxing serve --db "sqlite:$work/bench.db" --listen "127.0.0.1:$dx_port" \
  --log-level warn > "$work/server.log" 2>&1 &
dx_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$dx_port/api/v1/health" > /dev/null && break
  sleep 0.1
done

login=$(curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"dangwei","password":"bench-pass-2021"}' \
  "http://127.0.0.1:$dx_port/api/v1/auth/login")
csrf=$(node -e 'console.log(JSON.parse(process.argv[1]).csrf_token)' "$login")
cookie="duxing_session=$(awk '$6=="duxing_session"{print $7}' "$work/cookies")"

# 10,000 people in one CSV, imported through the API in one transaction.
node bench/people_csv.mjs "$work/people.csv" 10000
imported=$(curl -s -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
  --data-binary "@$work/people.csv" "http://127.0.0.1:$dx_port/api/v1/people/import")
echo "seeded: $imported"

path="/api/v1/people?limit=50"
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$dx_port$path" > "$work/body.json"
total=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).total)' "$work/body.json")
echo "body: $(wc -c < "$work/body.json") bytes, total=$total people in scope"

mkdir -p "$work/www"
cp "$work/body.json" "$work/www/people.json"
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server {
    listen 127.0.0.1:$ng_port;
    root $work/www;
    location / { try_files /people.json =404; }
  }
}
NGINX
nginx -c "$work/nginx.conf"
sleep 0.3

run_wrk() {  # URL [header] -> "req_per_sec p99_ms"
  local out
  if [[ -n ${2:-} ]]; then
    out=$(wrk -t2 -c64 -d"$duration" --latency -H "$2" "$1")
  else
    out=$(wrk -t2 -c64 -d"$duration" --latency "$1")
  fi
  echo "$out" >&2
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  echo "$rps $p99"
}
to_ms() {  # wrk latency like 1.23ms, 850.00us, 1.02s -> ms
  node -e 'const s=process.argv[1]; const v=parseFloat(s);
    console.log((s.endsWith("us")?v/1000:s.endsWith("ms")?v:s.endsWith("s")?v*1000:v).toFixed(2))' "$1"
}

# Rounds alternate nginx and duxing so that drift in the machine's load
# falls on both; the ratio reported is the median round's.
rounds=${ROUNDS:-3}
results=()
for round in $(seq 1 "$rounds"); do
  echo "--- round $round: nginx (static file, same body)" >&2
  read -r ng_rps ng_p99 < <(run_wrk "http://127.0.0.1:$ng_port$path")
  echo "--- round $round: duxing (signed in as dangwei)" >&2
  read -r dx_rps dx_p99 < <(run_wrk "http://127.0.0.1:$dx_port$path" "Cookie: $cookie")
  results+=("$ng_rps $dx_rps $(to_ms "$ng_p99") $(to_ms "$dx_p99")")
done
peak_kb=$(awk '/VmHWM/{print $2}' "/proc/$dx_pid/status")

node -e '
const kb = Number(process.argv[1]);
const rounds = process.argv.slice(2).map((r) => r.split(" ").map(Number));
console.log("");
console.log("round   nginx req/s  p99 ms   duxing req/s  p99 ms   ratio");
rounds.forEach(([ngr, dxr, ngp, dxp], i) =>
  console.log(`${String(i + 1).padStart(5)} ${ngr.toFixed(0).padStart(12)} ${ngp.toFixed(2).padStart(7)} ${dxr.toFixed(0).padStart(14)} ${dxp.toFixed(2).padStart(7)} ${(dxr / ngr).toFixed(2).padStart(7)}`));
const sorted = [...rounds].sort((a, b) => a[1] / a[0] - b[1] / b[0]);
const [ngr, dxr, ngp, dxp] = sorted[Math.floor(sorted.length / 2)];
const worst_p99 = Math.max(...rounds.map((r) => r[3]));
const ratio = dxr / ngr;
console.log("");
console.log(`median ratio duxing/nginx req/s: ${ratio.toFixed(2)}  (target >= 0.50) ${ratio >= 0.5 ? "MET" : "NOT MET"}`);
console.log(`duxing p99, worst round: ${worst_p99.toFixed(2)} ms  (target < 20 ms) ${worst_p99 < 20 ? "MET" : "NOT MET"}`);
console.log(`duxing peak RSS: ${(kb / 1024).toFixed(1)} MB  (target < 150 MB) ${kb / 1024 < 150 ? "MET" : "NOT MET"}`);
' "$peak_kb" "${results[@]}"
