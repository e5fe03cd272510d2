# Shared by the bench/*.sh scripts that measure one duxing endpoint against
# nginx serving a static file of the same body, in the same run on the same
# machine. Source it after setting: work (a temp dir, mode 755), dx_port,
# ng_port, duration; it sets dx_pid and cleans up on exit.

cleanup() {
  [[ -n ${dx_pid:-} ]] && kill "$dx_pid" 2>/dev/null && wait "$dx_pid" 2>/dev/null
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  [[ -n ${KEEP_LOG:-} && -f $work/server.log ]] && cp "$work/server.log" "$KEEP_LOG"
  rm -rf "$work"
}
trap cleanup EXIT

# start_duxing [URL]: builds the demo bureau in a fresh database at URL (by
# default a SQLite file in $work; password in $work/pw) and starts `duxing
# serve` on dx_port (with $DUXING_SERVE_FLAGS added); returns once it answers.
start_duxing() {
  local url=${1:-sqlite:$work/bench.db}
  echo "bench-pass-2021" > "$work/pw"
  build/duxing init --db "$url" --demo --demo-password-file "$work/pw" > /dev/null
  # wrk's 64 connections all come from 127.0.0.1: past the default
  # --max-connections-per-address (32) the rest would be answered 503, which
  # is not the work being measured (as behind a load balancer, allow them).
  build/duxing serve --db "$url" --listen "127.0.0.1:$dx_port" \
    --max-connections-per-address 256 --log-level "${DUXING_LOG_LEVEL:-warn}" ${DUXING_SERVE_FLAGS:-} > "$work/server.log" 2>&1 &
  dx_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$dx_port/api/v1/health" > /dev/null && return 0
    sleep 0.1
  done
  echo "duxing did not start" >&2
  return 1
}

# sign_in USER [PASSWORD]: sets csrf and cookie ("duxing_session=...").
sign_in() {
  local login
  login=$(curl -sf -c "$work/cookies" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"${2:-bench-pass-2021}\"}" \
    "http://127.0.0.1:$dx_port/api/v1/auth/login")
  csrf=$(node -e 'console.log(JSON.parse(process.argv[1]).csrf_token)' "$login")
  cookie="duxing_session=$(awk '$6=="duxing_session"{print $7}' "$work/cookies")"
}

# Starts nginx on ng_port answering every path with the file $1 (gzipped
# per request, as duxing does, when ACCEPT_ENCODING is set).
start_nginx() {
  mkdir -p "$work/www"
  cp "$1" "$work/www/body.json"
  local gzip=""
  [[ -n ${ACCEPT_ENCODING:-} ]] && gzip="gzip on; gzip_comp_level 1; gzip_min_length 2048; gzip_types application/json;"
  run_nginx "  default_type application/json;
  $gzip
  server {
    listen 127.0.0.1:$ng_port;
    root $work/www;
    location / { try_files /body.json =404; }
  }"
}

# run_nginx HTTP_BLOCK [MAIN_LINES]: starts nginx (2 workers, no access log)
# with HTTP_BLOCK inside its http {} and MAIN_LINES (load_module ...) before
# it; returns once ng_port answers.
run_nginx() {
  cat > "$work/nginx.conf" <<NGINX
${2:-}
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
$1
}
NGINX
  nginx -c "$work/nginx.conf"
  for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$ng_port/" > /dev/null && return 0
    sleep 0.1
  done
  echo "nginx did not start" >&2
  return 1
}

# run_wrk URL [header] -> "req_per_sec p99_ms" (wrk's output on stderr); with
# ACCEPT_ENCODING set, every request sends it (people_list.sh:
# ACCEPT_ENCODING=gzip measures the lists gzipped by both servers).
run_wrk() {
  local out headers=()
  [[ -n ${2:-} ]] && headers+=(-H "$2")
  [[ -n ${ACCEPT_ENCODING:-} ]] && headers+=(-H "Accept-Encoding: $ACCEPT_ENCODING")
  out=$(wrk -t2 -c64 -d"$duration" --latency "${headers[@]}" "$1")
  echo "$out" >&2
  wrk_summary "$out"
}

# wrk_summary WRK_OUTPUT -> "req_per_sec p99_ms": the one reading of wrk's
# --latency output, for every bench script.
wrk_summary() {
  local rps p99
  rps=$(echo "$1" | awk '/Requests\/sec/{print $2}')
  p99=$(echo "$1" | awk '$1=="99%"{print $2}')
  echo "$rps $(to_ms "$p99")"
}
to_ms() {  # wrk latency like 1.23ms, 850.00us, 1.02s -> ms
  node -e 'const s=process.argv[1]; const v=parseFloat(s);
    console.log((s.endsWith("us")?v/1000:s.endsWith("ms")?v:s.endsWith("s")?v*1000:v).toFixed(2))' "$1"
}

# compare_with_nginx PATH LABEL [P99_TARGET_MS]: ROUNDS rounds (default 3)
# alternating nginx and duxing (GET PATH with $cookie), so that drift in the
# machine's load falls on both; prints each round, the median round's ratio
# against the 0.5 target (RATIO_TARGET moves it), the worst p99 (against P99_TARGET_MS when given) and
# duxing's peak resident memory (against RSS_TARGET_MB, default 150; empty:
# no target).
compare_with_nginx() {
  local path=$1 label=$2 p99_target=${3:-} rounds=${ROUNDS:-3} results=() round ng_rps ng_p99 dx_rps dx_p99
  for round in $(seq 1 "$rounds"); do
    echo "--- round $round: nginx (static file, same body)" >&2
    read -r ng_rps ng_p99 < <(run_wrk "http://127.0.0.1:$ng_port$path")
    echo "--- round $round: duxing ($label)" >&2
    read -r dx_rps dx_p99 < <(run_wrk "http://127.0.0.1:$dx_port$path" "Cookie: $cookie")
    results+=("$ng_rps $dx_rps $ng_p99 $dx_p99")
  done
  local peak_kb
  peak_kb=$(awk '/VmHWM/{print $2}' "/proc/$dx_pid/status")
  node -e '
const kb = Number(process.argv[1]);
const p99_target = process.argv[2] === "" ? null : Number(process.argv[2]);
const ratio_target = Number(process.argv[3]);
const rounds = process.argv.slice(5).map((r) => r.split(" ").map(Number));
console.log("");
console.log("round   nginx req/s  p99 ms   duxing req/s  p99 ms   ratio");
rounds.forEach(([ngr, dxr, ngp, dxp], i) =>
  console.log(`${String(i + 1).padStart(5)} ${ngr.toFixed(0).padStart(12)} ${ngp.toFixed(2).padStart(7)} ${dxr.toFixed(0).padStart(14)} ${dxp.toFixed(2).padStart(7)} ${(dxr / ngr).toFixed(2).padStart(7)}`));
const sorted = [...rounds].sort((a, b) => a[1] / a[0] - b[1] / b[0]);
const [ngr, dxr] = sorted[Math.floor(sorted.length / 2)];
const worst_p99 = Math.max(...rounds.map((r) => r[3]));
const ratio = dxr / ngr;
console.log("");
console.log(`median ratio duxing/nginx req/s: ${ratio.toFixed(2)}  (target >= ${ratio_target.toFixed(2)}) ${ratio >= ratio_target ? "MET" : "NOT MET"}`);
console.log(`duxing p99, worst round: ${worst_p99.toFixed(2)} ms` + (p99_target === null ? "" :
  `  (target < ${p99_target} ms) ${worst_p99 < p99_target ? "MET" : "NOT MET"}`));
const rss_target = process.argv[4] === "" ? null : Number(process.argv[4]);
console.log(`duxing peak RSS: ${(kb / 1024).toFixed(1)} MB` + (rss_target === null ? "" :
  `  (target < ${rss_target} MB) ${kb / 1024 < rss_target ? "MET" : "NOT MET"}`));
' "$peak_kb" "$p99_target" "${RATIO_TARGET:-0.5}" "${RSS_TARGET_MB-150}" "${results[@]}"
}
