#!/usr/bin/env bash
# Installs the Debian packages duxing needs to build, run and test.
# Idempotent: does nothing when every package is already installed.
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libxlsxwriter-dev libqrencode-dev zlib1g-dev libminizip-dev
  libicu-dev libvips-dev libjemalloc-dev
  nodejs npm
)
test_pkgs=(postgresql-15 postgresql-client-15 chromium fonts-noto-cjk nginx-light wrk curl sqlite3
  # libFuzzer (scripts/fuzz.sh): clang and its runtime libraries (the fuzzer
  # and sanitizer runtimes are in libclang-rt-14-dev on Debian 12).
  clang libclang-rt-14-dev)

# bench/phone_loads.sh: nginx's brotli_static, so that nginx serves the same
# precompressed .br files as duxing.
bench_pkgs=(libnginx-mod-http-brotli-static)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" || "${1:-}" == "--bench" ]]; then want+=("${test_pkgs[@]}"); fi
if [[ "${1:-}" == "--bench" ]]; then want+=("${bench_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # node may come from outside Debian's packages; accept any working node/npm.
    if [[ "$p" == nodejs ]] && command -v node >/dev/null; then continue; fi
    if [[ "$p" == npm ]] && command -v npm >/dev/null; then continue; fi
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
