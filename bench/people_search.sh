#!/usr/bin/env bash
# Benchmark: people lists at city scale with the response cache defeated.
#
# On SQLite and on PostgreSQL (a throwaway server of its own on PG_PORT),
# builds the demo bureau plus 100,000 people made through the import endpoint
# (bench/people_csv.mjs) in one file, signs in as dangwei (机关党委 admin) and runs four workloads with wrk
# and a Lua script choosing each request at random:
#   name     a two-character name search (q=王伟 …)
#   initials a pinyin-initials search (q=wf …)
#   page     a random page × sort (name, birth date; asc/desc; offset ≤ 10,000)
#   org      a random org subtree, random page
# each against nginx serving a static file of the same size (a sample answer
# of the workload) in the same run. Prints req/s, p99 and the ratio to nginx
# per workload and engine, and PostgreSQL against SQLite.
#   bench/people_search.sh [DURATION]   PEOPLE=100000 PG_PORT=55492 ENGINES="sqlite postgresql" WARMUP=2s
#   VERBOSE=1 prints wrk's output (needs wrk, nginx)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-5s}
people=${PEOPLE:-100000}
pg_port=${PG_PORT:-55492}
work=$(mktemp -d /tmp/duxing-bench.XXXXXX)
chmod 755 "$work"  # nginx workers and the PostgreSQL server run as other users
dx_port=18486
ng_port=18487
source bench/lib/versus_nginx.sh
trap 'cleanup; scripts/pg-test-server.sh stop "$work/pg" > /dev/null 2>&1 || true' EXIT

node bench/people_csv.mjs "$work/people.csv" "$people"

seed() {
  local t0=$SECONDS out
  # One file, all or nothing (the import streams it; --import-max-rows 100,000).
  out=$(curl -s -b "$work/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
    --data-binary "@$work/people.csv" "http://127.0.0.1:$dx_port/api/v1/people/import")
  [[ $out == *'"imported"'* ]] || { echo "import failed: ${out:0:300}" >&2; exit 1; }
  echo "seeded $people people in $((SECONDS - t0)) s" >&2
}

# paths WORKLOAD: 20,000 random request paths of the workload, one a line.
paths() {
  node - "$1" "$work/orgs.txt" <<'NODE'
const [kind, orgsFile] = process.argv.slice(2)
const s = '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗', g = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚'
const si = 'wlzlcyhzzwxshzglhgml', gi = 'wfnmjlqljyyyjjtmcxpg'
const orgs = require('fs').readFileSync(orgsFile, 'utf8').trim().split('\n')
const r = (n) => Math.floor(Math.random() * n)
const sorts = ['name', '-name', 'birth_date', '-birth_date']
// Each request differs in its limit (40..60) too, so that the server's page
// cache seldom holds the answer: the workloads measure the queries.
for (let i = 0; i < 20000; i++) {
  let p
  if (kind === 'name') p = `q=${encodeURIComponent(s[r(20)] + g[r(20)])}&offset=${50 * r(3)}`
  else if (kind === 'initials') p = `q=${si[r(20)] + gi[r(20)]}&offset=${50 * r(3)}`
  else if (kind === 'page') p = `sort=${sorts[r(4)]}&offset=${50 * r(201)}`
  else p = `org_id=${orgs[r(orgs.length)]}&offset=${50 * r(5)}`
  console.log(`/api/v1/people?limit=${40 + r(21)}&${p}`)
}
NODE
}

# lua FILE: a wrk script sending the paths of FILE in random order.
lua() {
  { echo 'local paths = {'
    sed 's/.*/  "&",/' "$1"
    echo '}'
    echo 'math.randomseed(os.time())'
    echo 'request = function() return wrk.format("GET", paths[math.random(#paths)]) end'
  } > "$1.lua"
}

# settle_postgres URL: waits until no autovacuum worker runs on the bench's
# server (at most 120 s). The import leaves 100,000 people and 1.7 million name
# grams that autovacuum then reads and analyzes; measured meanwhile, the first
# workloads share the two cores with it (name search 1,680 req/s one run, 2,422
# the next).
settle_postgres() {
  local busy
  for _ in $(seq 1 240); do
    busy=$(psql -At "$1" -c "SELECT COUNT(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
    [[ $busy == 0 ]] && return
    sleep 0.5
  done
  echo "autovacuum still running after 120 s; measuring anyway" >&2
}

results=()
bench_engine() {  # ENGINE URL
  local engine=$1
  start_duxing "$2"
  sign_in dangwei
  seed
  [[ $engine == postgresql ]] && settle_postgres "$2"
  # The orgs whose subtree holds people (a department or an empty branch
  # would answer an empty page).
  curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$dx_port/api/v1/orgs" |
    node -e 'console.log(JSON.parse(require("fs").readFileSync(0)).items.map((o) => o.id).join("\n"))' |
    while read -r id; do
      n=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$dx_port/api/v1/people?limit=1&org_id=$id" |
        node -e 'console.log(JSON.parse(require("fs").readFileSync(0)).total)')
      if (( n > 50 )); then echo "$id"; fi
    done > "$work/orgs.txt"
  for w in name initials page org; do
    paths "$w" > "$work/$w.paths"
    lua "$work/$w.paths"
    curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$dx_port$(head -1 "$work/$w.paths")" > "$work/$w.body"
    cp "$work/$w.body" "$work/www/body.json" 2>/dev/null || start_nginx "$work/$w.body"
    echo "--- $engine $w: nginx ($(wc -c < "$work/$w.body") bytes)" >&2
    local ng dx out
    out=$(wrk -t2 -c64 -d"$duration" --latency "http://127.0.0.1:$ng_port/")
    ng=$(wrk_summary "$out")
    echo "--- $engine $w: duxing" >&2
    # A warm-up run first, not counted: a fresh process (and the one that just
    # imported) answers its first requests of a workload while its database
    # pages, statements and cached totals are cold; the targets are the
    # steady state. WARMUP=0 measures from cold.
    if [[ ${WARMUP:-2s} != 0 ]]; then
      wrk -t2 -c64 -d"${WARMUP:-2s}" -H "Cookie: $cookie" -s "$work/$w.paths.lua" "http://127.0.0.1:$dx_port" > /dev/null
    fi
    out=$(wrk -t2 -c64 -d"$duration" --latency -H "Cookie: $cookie" -s "$work/$w.paths.lua" \
      "http://127.0.0.1:$dx_port")
    echo "$out" | grep -E "Non-2xx|Socket errors" >&2 || true
    [[ -n ${VERBOSE:-} ]] && echo "$out" >&2
    dx=$(wrk_summary "$out")
    results+=("$engine $w $ng $dx")
  done
  kill "$dx_pid"; wait "$dx_pid" 2>/dev/null || true; dx_pid=
}

engines=${ENGINES:-sqlite postgresql}
[[ $engines == *sqlite* ]] && bench_engine sqlite "sqlite:$work/bench.db"
if [[ $engines == *postgresql* ]]; then
  pg_url=$(scripts/pg-test-server.sh start "$work/pg" "$pg_port" | tail -1)
  bench_engine postgresql "$pg_url"
fi

node -e '
const rows = process.argv.slice(1).map((r) => r.split(" "))
console.log("")
console.log("engine      workload   nginx req/s  p99 ms   duxing req/s  p99 ms  ratio   target (>= 2000 req/s, p99 < 50 ms)")
for (const [e, w, ngr, ngp, dxr, dxp] of rows) {
  const met = Number(dxr) >= 2000 && Number(dxp) < 50
  console.log(`${e.padEnd(11)} ${w.padEnd(9)} ${Number(ngr).toFixed(0).padStart(12)} ${Number(ngp).toFixed(2).padStart(7)} ${Number(dxr).toFixed(0).padStart(14)} ${Number(dxp).toFixed(2).padStart(7)} ${(dxr / ngr).toFixed(2).padStart(6)}   ${met ? "MET" : "NOT MET"}`)
}
console.log("")
for (const w of ["name", "initials", "page", "org"]) {
  const s = rows.find((r) => r[0] === "sqlite" && r[1] === w), p = rows.find((r) => r[0] === "postgresql" && r[1] === w)
  if (!s || !p) continue  // ENGINES named one engine
  const x = Number(s[4]) / Number(p[4])
  console.log(`${w.padEnd(9)} SQLite/PostgreSQL req/s: ${x.toFixed(2)}  (target <= 2) ${x <= 2 ? "MET" : "NOT MET"}`)
}
' "${results[@]}"
