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
source bench/lib/versus_nginx.sh

start_duxing
sign_in dangwei

# 10,000 people in one CSV, imported through the API in one transaction.
node bench/people_csv.mjs "$work/people.csv" 10000
imported=$(curl -s -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
  --data-binary "@$work/people.csv" "http://127.0.0.1:$dx_port/api/v1/people/import")
echo "seeded: $imported"

path="/api/v1/people?limit=50"
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$dx_port$path" > "$work/body.json"
total=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).total)' "$work/body.json")
echo "body: $(wc -c < "$work/body.json") bytes, total=$total people in scope"

start_nginx "$work/body.json"
compare_with_nginx "$path" "signed in as dangwei" 20
