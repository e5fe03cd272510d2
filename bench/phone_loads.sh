#!/usr/bin/env bash
# Benchmark: a hall of phones opening the sign-in page at once (issue 12).
# LOADS (default 5,000) first loads of the sign-in page's assets, each the
# requests a phone makes: index.html, then every script, modulepreload and
# stylesheet it references, all with `Accept-Encoding: br, gzip`, the last one
# with `Connection: close` (a phone's first load opens its connection). Run
# against duxing serving web/dist and against nginx serving the same
# precompressed files (gzip_static, and brotli_static when the module
# libnginx-mod-http-brotli-static is installed: make deps-bench), alternating
# over ROUNDS rounds (default 3), with wrk (1 thread, 64 connections; a Lua
# script counts the loads and ends the run at the last one). Prints bytes on
# the wire per load, loads/s per round and the median round's ratio (target
# duxing/nginx >= 0.5).
#   bench/phone_loads.sh [LOADS]        (needs a built web/dist: make web)
set -euo pipefail
cd "$(dirname "$0")/.."
loads=${1:-5000}
work=$(mktemp -d /tmp/duxing-bench.XXXXXX)
chmod 755 "$work"  # nginx workers run as www-data
dx_port=18482
ng_port=18483
duration=600s  # a cap: each run ends at its last load
source bench/lib/versus_nginx.sh

[[ -f web/dist/index.html ]] || { echo "web/dist is not built: make web" >&2; exit 1; }
cp -a web/dist "$work/www"
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
main_lines="" brotli_line=""
if [[ -f $brotli_module ]]; then
  main_lines="load_module $brotli_module;"
  brotli_line="brotli_static on;"
else
  echo "note: $brotli_module not installed (make deps-bench): nginx sends gzip, duxing brotli" >&2
fi
# As nginx is deployed: sendfile, open files cached.
run_nginx "  include /etc/nginx/mime.types;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=1000;
  server {
    listen 127.0.0.1:$ng_port;
    root $work/www;
    gzip_static on;
    gzip_vary on;
    $brotli_line
    location /assets/ { add_header Cache-Control \"public, max-age=31536000, immutable\"; }
    location / { try_files \$uri /index.html; }
  }" "$main_lines"
start_duxing

# The sign-in page's requests, from the built index.html.
mapfile -t paths < <(node -e '
const html = require("fs").readFileSync(process.argv[1], "utf8")
const urls = ["/"]
for (const m of html.matchAll(/<(script|link)\b[^>]*>/g)) {
  const tag = m[0]
  const rel = /\brel="([^"]*)"/.exec(tag)?.[1]
  const url = (m[1] === "script" ? /\bsrc="([^"]*)"/ : /\bhref="([^"]*)"/).exec(tag)?.[1]
  if (url?.startsWith("/") && (m[1] === "script" || rel === "modulepreload" || rel === "stylesheet")) urls.push(url)
}
console.log(urls.join("\n"))' web/dist/index.html)

# Both servers send the same bytes in the same coding for each request.
echo "request                                        coding   duxing B    nginx B"
for p in "${paths[@]}"; do
  for side in dx ng; do
    port=$([[ $side == dx ]] && echo "$dx_port" || echo "$ng_port")
    curl -sf -H 'Accept-Encoding: br, gzip' -D "$work/$side.head" -o "$work/$side.body" "http://127.0.0.1:$port$p"
  done
  coding=$(awk 'tolower($1)=="content-encoding:"{print $2}' "$work/dx.head" | tr -d '\r')
  ng_coding=$(awk 'tolower($1)=="content-encoding:"{print $2}' "$work/ng.head" | tr -d '\r')
  printf '%-46s %-8s %9d %10d\n' "$p" "${coding:-none}" "$(wc -c < "$work/dx.body")" "$(wc -c < "$work/ng.body")"
  if [[ $coding == "$ng_coding" ]] && ! cmp -s "$work/dx.body" "$work/ng.body"; then
    echo "duxing and nginx send different bytes for $p" >&2
    exit 1
  fi
done

# The wrk script: the requests of one load in turn; stops at the last load.
{
  echo 'local paths = {'
  printf '  "%s",\n' "${paths[@]}"
  echo '}'
  cat <<LUA
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *ts);
int kill(int pid, int sig);
int getpid(void);
]]
local function now()
  local ts = ffi.new("bench_timespec")
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end
local total = $loads * #paths
sent, received, failed, started, finished = 0, 0, 0, 0, 0
request = function()
  if sent == 0 then started = now() end
  local i = sent % #paths
  sent = sent + 1
  local headers = { ["Accept-Encoding"] = "br, gzip" }
  if i == #paths - 1 then headers["Connection"] = "close" end
  return wrk.format("GET", paths[i + 1], headers)
end
response = function(status)
  if received >= total then return end
  received = received + 1
  if status ~= 200 then failed = failed + 1 end
  if received == total then
    finished = now()
    ffi.C.kill(ffi.C.getpid(), 2)  -- SIGINT: wrk ends the run and reports
  end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary)
  local t = threads[1]
  local seconds = t:get("finished") - t:get("started")
  io.write(string.format("RESULT %d %d %.6f %d\n", t:get("received"), t:get("failed"),
                         seconds, math.floor(summary.bytes / summary.requests * #paths)))
end
LUA
} > "$work/loads.lua"

run_loads() {  # PORT -> "loads_per_s bytes_per_load"
  local out received failed seconds bytes
  out=$(wrk -t1 -c64 -d"$duration" -s "$work/loads.lua" "http://127.0.0.1:$1/")
  echo "$out" >&2
  read -r received failed seconds bytes < <(echo "$out" | awk '/^RESULT/{print $2, $3, $4, $5}')
  if [[ $failed != 0 || $received != $((loads * ${#paths[@]})) ]]; then
    echo "port $1: $failed of $received answers were not 200" >&2
    exit 1
  fi
  node -e 'console.log((Number(process.argv[1]) / Number(process.argv[2])).toFixed(1), process.argv[3])' \
    "$loads" "$seconds" "$bytes"
}

results=()
for round in $(seq 1 "${ROUNDS:-3}"); do
  echo "--- round $round: nginx (gzip_static${brotli_line:+, brotli_static})" >&2
  read -r ng_lps ng_bytes < <(run_loads "$ng_port")
  echo "--- round $round: duxing" >&2
  read -r dx_lps dx_bytes < <(run_loads "$dx_port")
  results+=("$ng_lps $dx_lps $ng_bytes $dx_bytes")
done
node -e '
const loads = Number(process.argv[1]), per = Number(process.argv[2])
const rounds = process.argv.slice(3).map((r) => r.split(" ").map(Number))
const kib = (b) => (b / 1024).toFixed(1)
console.log("")
console.log(`${loads} first loads of the sign-in page per run, ${per} requests each, Accept-Encoding: br, gzip`)
console.log("round   nginx loads/s  KiB/load   duxing loads/s  KiB/load   ratio")
rounds.forEach(([ng, dx, ngb, dxb], i) => console.log(`${String(i + 1).padStart(5)} ${ng.toFixed(0).padStart(15)} ${kib(ngb).padStart(9)} ${dx.toFixed(0).padStart(16)} ${kib(dxb).padStart(9)} ${(dx / ng).toFixed(2).padStart(7)}`))
const sorted = [...rounds].sort((a, b) => a[1] / a[0] - b[1] / b[0])
const [ng, dx, ngb, dxb] = sorted[Math.floor(sorted.length / 2)]
console.log("")
console.log(`bytes on the wire per load (headers included): duxing ${kib(dxb)} KiB, nginx ${kib(ngb)} KiB`)
console.log(`median ratio duxing/nginx loads/s: ${(dx / ng).toFixed(2)}  (target >= 0.50) ${dx / ng >= 0.5 ? "MET" : "NOT MET"}`)
console.log(`a hall of ${loads} phones pulls ${(dxb * loads / 1048576).toFixed(0)} MiB from duxing`)
' "$loads" "${#paths[@]}" "${results[@]}"
