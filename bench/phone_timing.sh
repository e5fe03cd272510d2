#!/usr/bin/env bash
# The sign-in page's load time on a phone on a weak network (target < 3 s):
# starts `duxing serve` with the demo bureau on a fresh SQLite database and
# web/dist, then bench/phone_timing.mjs opens /login RUNS times (default 3) in
# headless Chromium at 390×844 throttled to 1.6 Mbit/s down, 750 kbit/s up,
# 150 ms round trip, cold cache, and prints bytes, requests and the time to
# network idle. The byte budgets themselves are a test: tests/ui/bytes.test.mjs.
#   bench/phone_timing.sh [RUNS]      (or `make bench-phone-timing`; needs `make server web`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d /tmp/duxing-bench.XXXXXX)
dx_port=18484
source bench/lib/versus_nginx.sh

# playwright-core, as scripts/test.sh installs it for the browser tests.
(cd tests/ui && { [[ node_modules/.package-lock.json -nt package-lock.json ]] ||
  npm ci --no-audit --no-fund; })
start_duxing
node bench/phone_timing.mjs "http://127.0.0.1:$dx_port" "$runs"
