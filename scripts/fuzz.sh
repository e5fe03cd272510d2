#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang, ASan + UBSan) in build-fuzz/
# and runs each for a bounded time from its seed corpus in fuzz/corpus/.
# Any crash, timeout (one input slower than FUZZ_TIMEOUT s), out-of-memory
# (over FUZZ_RSS_MB) or leak fails the run; the reproducer is kept under
# test-output/fuzz/ and its path printed.
#
#   scripts/fuzz.sh                      every target, FUZZ_SECONDS (30) each
#   FUZZ_SECONDS=600 scripts/fuzz.sh xlsx_reader    one target, longer
#   build-fuzz/fuzz/xlsx_reader_fuzz test-output/fuzz/crash-...   replay one
#
# New inputs the fuzzer finds go to test-output/fuzz/<target>-corpus/, not
# into the repo: copy a useful one into fuzz/corpus/<target>/ by hand.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
timeout_s=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
out=test-output/fuzz
targets=("$@")
((${#targets[@]})) || targets=(json_body csv_reader xlsx_reader xml_scanner multipart)

if [[ ! -f build-fuzz/build.ninja ]]; then
  CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DDUXING_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
fi
ninja -C build-fuzz -j "${JOBS:-2}" || exit 1
mkdir -p "$out"

status=0
ok=0
bad=0
for t in "${targets[@]}"; do
  bin=build-fuzz/fuzz/${t}_fuzz
  log=$out/$t.log
  mkdir -p "$out/$t-corpus"
  "$bin" -max_total_time="$seconds" -timeout="$timeout_s" -rss_limit_mb="$rss_mb" \
    -malloc_limit_mb="$rss_mb" -print_final_stats=1 -artifact_prefix="$out/$t-" \
    "$out/$t-corpus" "fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  if [[ $rc == 0 ]]; then
    echo "fuzz ok    $t (${runs:-?} inputs in ${seconds}s)"
    ok=$((ok + 1))
  else
    reproducer=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | cut -d' ' -f5)
    kind=$(grep -m1 -oE "ERROR: libFuzzer: [a-z-]+|ERROR: AddressSanitizer: [a-z-]+|runtime error|deadly signal" "$log")
    echo "fuzz FAIL  $t: ${kind:-exit $rc}; reproducer: ${reproducer:-none} (log: $log)"
    grep -m1 -A12 -E "^==[0-9]+==ERROR|runtime error|ERROR: libFuzzer" "$log" | sed 's/^/    /'
    bad=$((bad + 1))
    status=1
  fi
done
echo "fuzz: $ok passed, $bad failed"
exit $status
