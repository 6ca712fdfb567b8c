#!/usr/bin/env bash
# run.sh: runs every test program and script and ends with "N passed, N failed".
# Unit tests are cmocka programs in $BUILD/tests; tests/*.test.sh are end-to-end scripts that
# print "ok NAME" / "not ok NAME" lines (and "skipped: ..." when ../shared is missing).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD HERALD_MODEL="$PWD/$BUILD/herald.hdm"
passed=0; failed=0
log=$(mktemp)
for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  "$t" >"$log" 2>&1
  rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or sanitizer report
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -ne 0 ]; then echo "FAIL $(basename "$t")"; grep -E "FAILED|ERROR|error|Sanitizer|runtime error" "$log" | head -20; else echo "ok   $(basename "$t") ($p)"; fi
done
for s in tests/*.test.sh; do
  [ -f "$s" ] || continue
  bash "$s" >"$log" 2>&1
  p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
  passed=$((passed + p)); failed=$((failed + f))
  grep -E '^(not ok|skipped)' "$log"
  echo "ok   $(basename "$s") ($p passed, $f failed)"
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
