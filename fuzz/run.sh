#!/usr/bin/env bash
# fuzz/run.sh SECONDS [TARGET...]: runs the libFuzzer targets built in build-fuzz (make
# fuzz-build), JOBS at a time (default 2, one per core), each for SECONDS from our seeds
# (fuzz/seeds/TARGET) and what earlier runs kept (build-fuzz/corpus-TARGET), and prints one
# line per target: executions, coverage (edges), features, corpus size and what it found. A
# crash, leak or sanitizer report leaves its input as build-fuzz/crash-TARGET-* and fails.
set -u
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=${*:-$(ls build-fuzz/fuzz_* 2>/dev/null | sed 's|.*/fuzz_||' | tr '\n' ' ')}
jobs=${JOBS:-2}
model=${HERALD_MODEL:-$PWD/build/herald.hdm}
run_one() {
  local t=$1 max_len=16384
  # a syntax image that a parser and tagger can be read from is tens of kilobytes: libFuzzer
  # would cut the seeds to max_len, and every input would be refused at its header
  [ "$t" = syntax ] && max_len=131072
  mkdir -p "build-fuzz/corpus-$t"
  HERALD_MODEL=$model build-fuzz/fuzz_$t -max_total_time="$seconds" -max_len=$max_len -timeout=30 -rss_limit_mb=4096 \
    -artifact_prefix="build-fuzz/crash-$t-" -print_final_stats=1 "build-fuzz/corpus-$t" "fuzz/seeds/$t" \
    >"build-fuzz/fuzz-$t.log" 2>&1
  echo $? >"build-fuzz/fuzz-$t.rc"
}
running=0
for t in $targets; do
  [ -x "build-fuzz/fuzz_$t" ] || { echo "fuzz $t: not built (make fuzz-build)"; exit 2; }
  echo "fuzz $t: $seconds s"
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
failed=0
printf '%-10s %8s %12s %8s %8s %8s  %s\n' target seconds executions cov ft corpus found
for t in $targets; do
  log=build-fuzz/fuzz-$t.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
  [ -n "$done_line" ] || done_line=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$done_line")
  rc=$(cat "build-fuzz/fuzz-$t.rc")
  found=none
  if [ "$rc" -ne 0 ]; then
    found="FAILED (exit $rc): $(grep -m1 -E 'ERROR|Sanitizer|runtime error|deadly signal|Test unit written' "$log")"
    failed=1
  fi
  printf '%-10s %8s %12s %8s %8s %8s  %s\n' "$t" "$seconds" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found"
done
exit $failed
