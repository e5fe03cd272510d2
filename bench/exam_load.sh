#!/usr/bin/env bash
# Load and crash benchmark of the assessments module (issue 10): many takers
# start a closed-book exam, save answers with think time and hand in; then the
# same with the server killed by SIGKILL in the middle and restarted. Prints
# saves/s, p99 of save and submit, lost acknowledged saves and submissions,
# scores against a recomputation from the stored answers, and peak RSS.
#   bench/exam_load.sh        TAKERS=5000 ANSWERS=30 RAMP=30 RATE=2100 (or THINK_MS) CONNECTIONS=64 CLIENTS=2 [WORKERS=4 COMMIT_WORKERS=16]
# SQLite only (the checks read the database with sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== without crash"
CRASH=0 node bench/exam_load.mjs
echo "== SIGKILL in the middle, restart"
CRASH=1 PORT=18492 node bench/exam_load.mjs
