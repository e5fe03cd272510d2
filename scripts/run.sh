#!/usr/bin/env bash
# Creates the demo database if it does not exist, then serves it.
#   scripts/run.sh [DB_URL] [HOST:PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite:var/duxing.db}
listen=${2:-127.0.0.1:8080}
mkdir -p var
password_file=var/demo-password.txt
if [[ ! -s $password_file ]]; then
  # A random demo password, kept so that later runs print the same one.
  (umask 077 && head -c 12 /dev/urandom | base64 | tr -d '/+=' | head -c 12 > "$password_file" && echo 7 >> "$password_file")
fi
build/duxing init --db "$db" --demo --demo-password-file "$password_file"
echo
echo "duxing: http://$listen"
echo "演示账号: admin / dangwei / zhibu1 / dangyuan1 / lingdao"
echo "演示密码: $(tr -d '\n' < "$password_file")   (保存在 $password_file)"
echo
exec build/duxing serve --db "$db" --listen "$listen" --web web/dist
