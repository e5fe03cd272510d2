#!/usr/bin/env bash
# Benchmark: ten concurrent 20 MB uploads (one file each, multipart/form-data
# as a browser sends it, all of one account: the server is started with
# --uploads-per-account UPLOADS, the default being 2) to POST
# /api/v1/attachments, and the server's peak
# resident memory before and after (VmHWM from /proc). Bodies are streamed
# (64 KiB chunks to a temp file, then into the database in 256 KiB chunks),
# so the growth must stay well under 100 MB. Then DOWNLOADS clients at once
# fetch the first uploaded file (GET .../content, each client reading at
# 20 MB/s so that all are in flight together), and the peak RSS of that
# phase is printed (VmHWM reset before it): downloads are streamed from the
# database piece by piece, so it does not grow with the clients.
#   bench/attachments.sh [UPLOADS] [MB] [DOWNLOADS]   (defaults 10, 20, 20; SQLite)
#   DUXING=path/to/duxing bench/attachments.sh ...     (another binary, e.g. an older build)
set -euo pipefail
cd "$(dirname "$0")/.."
uploads=${1:-10}
mb=${2:-20}
downloads=${3:-20}
duxing=${DUXING:-build/duxing}
work=$(mktemp -d /tmp/duxing-bench.XXXXXX)
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench-pass-2021" > "$work/pw"
"$duxing" init --db "sqlite:$work/bench.db" --demo --demo-password-file "$work/pw" > /dev/null
# Port 0: the kernel picks a free one; the server's log says which.
"$duxing" serve --db "sqlite:$work/bench.db" --listen "127.0.0.1:0" \
  --uploads-per-account "$uploads" \
  > "$work/server.log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 200); do
  port=$(grep -so 'serving http://127.0.0.1:[0-9]*' "$work/server.log" | head -1 | cut -d: -f3 || true)
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { cat "$work/server.log"; exit 1; }

login=$(curl -sS -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"username":"dangwei","password":"bench-pass-2021"}' \
  "http://127.0.0.1:$port/api/v1/auth/login")
csrf=$(node -e 'console.log(JSON.parse(process.argv[1]).csrf_token)' "$login")
curl -sS -b "$work/cookies" -o "$work/people.json" "http://127.0.0.1:$port/api/v1/people?limit=1"
person=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).items[0].id)' \
  "$work/people.json") || { cat "$work/people.json"; exit 1; }

# Distinct text files (each its own blob: no deduplication shortcut).
for i in $(seq 1 "$uploads"); do
  node -e '
    const fs = require("fs"), [file, mb, seed] = process.argv.slice(1)
    const line = Buffer.from(`第${seed}份 学史明理 学史增信 学史崇德 学史力行 0123456789abcdef\n`)
    const out = fs.openSync(file, "w")
    const block = Buffer.concat(Array(4096).fill(line))
    // Whole lines only: a cut character would not be UTF-8 text.
    let left = Math.floor((Number(mb) << 20) / line.length) * line.length
    while (left > 0) { const n = Math.min(left, block.length); fs.writeSync(out, block, 0, n); left -= n }
    fs.closeSync(out)' "$work/f$i.txt" "$mb" "$i"
done

hwm() { awk '/VmHWM/{print $2}' "/proc/$pid/status"; }
before=$(hwm)
start=$(date +%s.%N)
for i in $(seq 1 "$uploads"); do
  curl -s -o "$work/r$i.json" -w '%{http_code}\n' -b "$work/cookies" -H "X-CSRF-Token: $csrf" \
    -F "file=@$work/f$i.txt;filename=资料$i.txt" \
    "http://127.0.0.1:$port/api/v1/attachments?record_type=person&record_id=$person" \
    > "$work/status$i" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
end=$(date +%s.%N)
after=$(hwm)
ok=$(cat "$work"/status* | grep -c '^201$' || true)
echo "uploads: $ok of $uploads answered 201 (${mb} MB each) in $(echo "$end - $start" | bc) s"
echo "peak RSS (VmHWM): before $((before / 1024)) MB, after $((after / 1024)) MB," \
  "growth $(((after - before) / 1024)) MB (target < 100 MB)"
[[ $ok -eq $uploads ]] || { echo "some uploads failed:"; cat "$work"/r*.json; exit 1; }

# Downloads: one file, DOWNLOADS clients at once.
id=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).items[0].id)' \
  "$work/r1.json")
size=$(stat -c %s "$work/f1.txt")
echo 5 > "/proc/$pid/clear_refs"  # resets VmHWM to the current RSS
before=$(hwm)
start=$(date +%s.%N)
for i in $(seq 1 "$downloads"); do
  curl -s -o /dev/null --limit-rate 20M -w '%{http_code} %{size_download}\n' -b "$work/cookies" \
    "http://127.0.0.1:$port/api/v1/attachments/$id/content" > "$work/download$i" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
end=$(date +%s.%N)
after=$(hwm)
ok=$(cat "$work"/download* | grep -c "^200 $size\$" || true)
echo "downloads: $ok of $downloads answered 200 with all $size bytes in $(echo "$end - $start" | bc) s"
echo "peak RSS while downloading (VmHWM reset before): before $((before / 1024)) MB," \
  "peak $((after / 1024)) MB, growth $(((after - before) / 1024)) MB"
[[ $ok -eq $downloads ]] || { echo "some downloads failed:"; cat "$work"/download*; exit 1; }
