#!/usr/bin/env bash
# Benchmark: GET /api/v1/notifications/unread-count, signed in (session
# cookie), against nginx serving a static file with the same body, in the
# same run on the same machine. Every open page polls this endpoint, so it
# must stay cheap: target >= 0.5x nginx's requests/s.
#
# Seeds a fresh SQLite database with the demo bureau; the system admin resets
# 钱党员's (dangyuan1) password, which notifies that account, and the
# benchmark signs in as dangyuan1 (1 unread). Then wrk (64 connections,
# 2 threads, DURATION, default 15 s) alternates nginx and duxing in ROUNDS
# rounds (default 3) and prints requests/s, p99 latency and their ratio.
#   bench/notifications.sh [DURATION]     (needs wrk and nginx: make deps-test)
# DX_PORT and NG_PORT (default 18482, 18483) move the two servers, so that
# runs by several people on one machine do not collide.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15s}
work=$(mktemp -d /tmp/duxing-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run as www-data
dx_port=${DX_PORT:-18482}
ng_port=${NG_PORT:-18483}
source bench/lib/versus_nginx.sh

start_duxing
sign_in admin
member_id=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$dx_port/api/v1/accounts?q=dangyuan1" |
  node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>console.log(JSON.parse(s).items.find((a)=>a.username==="dangyuan1").id))')
curl -sf -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"password":"bench-reset-2026"}' "http://127.0.0.1:$dx_port/api/v1/accounts/$member_id/password"
sign_in dangyuan1 bench-reset-2026
# A password an administrator set must be changed first (403 otherwise).
curl -sf -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"old_password":"bench-reset-2026","new_password":"bench-own-choice-2026"}' \
  "http://127.0.0.1:$dx_port/api/v1/auth/password"
sign_in dangyuan1 bench-own-choice-2026

path="/api/v1/notifications/unread-count"
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$dx_port$path" > "$work/body.json"
echo "body: $(wc -c < "$work/body.json") bytes: $(cat "$work/body.json")"
start_nginx "$work/body.json"
compare_with_nginx "$path" "signed in as dangyuan1"
