#!/usr/bin/env bash
# Benchmark: the QR sign-in burst of a large meeting (issue 8), on SQLite.
#
# Builds the demo bureau, imports MEMBERS people (bench/people_csv.mjs, through
# the import endpoint) and gives each an account and a session of its own.
# Accounts and sessions are written straight into the bench database, as a
# sign-in would write them: 5,000 argon2id logins would take minutes here and
# are not what is measured. Then:
#   1. an event of 机关党委 for all its members, published, in its sign-in
#      window; every member signs in once with the code shown (refreshed from
#      the organizer's GET /sign-in-code as it rotates), CONCURRENCY at a time;
#      prints sign-ins/s, p50 and p99 and the answers by status;
#   2. a second event, the same burst, and the server is killed (SIGKILL) once
#      half the members have been answered; the server is started again on the
#      same database and the acknowledged sign-ins (answered 200) missing from
#      the attendance are counted: must be 0.
#   bench/event_signin.sh        MEMBERS=5000 CONCURRENCY=64 KEEP_LOG=file
set -euo pipefail
cd "$(dirname "$0")/.."
members=${MEMBERS:-5000}
concurrency=${CONCURRENCY:-64}
work=$(mktemp -d /tmp/duxing-bench.XXXXXX)
chmod 755 "$work"
dx_port=18496
ng_port=18497
source bench/lib/versus_nginx.sh
db="$work/bench.db"
base="http://127.0.0.1:$dx_port/api/v1"

start_duxing "sqlite:$db"
sign_in dangwei
api() {  # api METHOD PATH [JSON]: as dangwei
  curl -sf -X "$1" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$base$2"
}

node bench/people_csv.mjs "$work/people.csv" "$members"
out=$(curl -s -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
  --data-binary "@$work/people.csv" "$base/people/import")
[[ $out == *'"imported"'* ]] || { echo "import failed: ${out:0:300}" >&2; exit 1; }

# One account, member role and session per imported person; their session
# cookies and CSRF tokens go to sessions.tsv (person id, token, csrf).
python3 - "$db" "$work/people.csv" "$work/sessions.tsv" <<'PY'
import csv, datetime, hashlib, secrets, sqlite3, sys
db, people_csv, out = sys.argv[1:]
con = sqlite3.connect(db, timeout=60)
names = {(r[0], r[2]) for r in list(csv.reader(open(people_csv, encoding='utf-8')))[1:]}
rows = con.execute("SELECT id, name, birth_date, org_id FROM people").fetchall()
pw = con.execute("SELECT password_hash FROM accounts WHERE username = 'dangwei'").fetchone()[0]
now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
end = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=10)).strftime('%Y-%m-%dT%H:%M:%SZ')
with open(out, 'w') as f, con:
    for pid, name, birth, org in rows:
        if (name, birth) not in names:
            continue
        acc = con.execute("INSERT INTO accounts (username, display_name, password_hash, person_id, "
                          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                          (f'm{pid}', name, pw, pid, now, now)).lastrowid
        con.execute("INSERT INTO role_grants (account_id, role, org_id, created_at) VALUES (?, 'member', ?, ?)",
                    (acc, org, now))
        token, csrf = secrets.token_hex(32), secrets.token_hex(16)
        h = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
        con.execute("INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at, "
                    "last_seen_at) VALUES (?, ?, ?, ?, ?, ?)", (h, acc, csrf, now, end, now))
        f.write(f'{pid}\t{token}\t{csrf}\n')
PY
echo "members with sessions: $(wc -l < "$work/sessions.tsv")" >&2

committee=$(api GET /orgs | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.find(o=>o.name==="市统计局机关党委").id))')
type_id=$(api GET /event-types | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.find(t=>t.code==="topic_study").id))')
make_event() {  # make_event TITLE: a published event in its window; prints its id
  local start end
  start=$(date -u -d '-5 minutes' +%Y-%m-%dT%H:%M:%SZ)
  end=$(date -u -d '+3 hours' +%Y-%m-%dT%H:%M:%SZ)
  api POST /events "{\"org_id\":$committee,\"title\":\"$1\",\"type_id\":$type_id,\"starts_at\":\"$start\",\"ends_at\":\"$end\",\"target_org_ids\":[$committee],\"target_categories\":[\"member\"],\"status\":\"published\"}" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))'
}

burst() {  # burst EVENT_ID [KILL_PID]
  node bench/event_signin.mjs "$dx_port" "$1" "$work/sessions.tsv" "$concurrency" "$cookie" "$csrf" \
    "$work/acked.txt" ${2:-}
}

event=$(make_event "全体党员大会（签到压力测试）")
echo "== burst 1: $members members sign in to event $event, $concurrency at a time"
burst "$event"

event2=$(make_event "全体党员大会（断电测试）")
echo "== burst 2: event $event2, server killed (SIGKILL) halfway"
burst "$event2" "$dx_pid" || true
wait "$dx_pid" 2>/dev/null || true
# Start again on the same database (as start_duxing does, without init).
build/duxing serve --db "sqlite:$db" --listen "127.0.0.1:$dx_port" \
  --max-connections-per-address 256 --log-level "${DUXING_LOG_LEVEL:-warn}" >> "$work/server.log" 2>&1 &
dx_pid=$!
for _ in $(seq 1 100); do
  curl -sf "$base/health" > /dev/null && break
  sleep 0.1
done
python3 - "$db" "$event2" "$work/acked.txt" <<'PY'
import sqlite3, sys
db, event, acked = sys.argv[1:]
signed = {r[0] for r in sqlite3.connect(db).execute(
    "SELECT person_id FROM event_attendance WHERE event_id = ? AND status = 'signed'", (int(event),))}
ack = [int(x) for x in open(acked).read().split()]
missing = [p for p in ack if p not in signed]
print(f"acknowledged sign-ins: {len(ack)}, in the database after restart: {len(signed)}, "
      f"acknowledged but missing: {len(missing)}")
sys.exit(1 if missing else 0)
PY
