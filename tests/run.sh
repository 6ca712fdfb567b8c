#!/usr/bin/env bash
# run.sh: runs every test program and script and ends with "N passed, N failed".
# Unit tests are cmocka programs in $BUILD/tests; tests/*.test.sh are end-to-end scripts that
# print "ok NAME" / "not ok NAME" lines (and "skipped: ..." when ../shared is missing) and end
# with "# done" (tests/lib.sh). A program that crashes, a script that exits non-zero or never
# prints "# done" (it died part-way), counts as a failure whatever it printed before. The
# "rate: ..." lines of a unit test (test_spec_rated: rates against floors) are shown.
# TEST_SCRIPTS (a glob, default tests/*.test.sh) lets the runner's own test point it elsewhere.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
TEST_SCRIPTS=${TEST_SCRIPTS:-tests/*.test.sh}
export BUILD HERALD_MODEL="$PWD/$BUILD/herald.hdm"
passed=0; failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  "$t" >"$log" 2>&1
  rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or sanitizer report
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -ne 0 ]; then echo "FAIL $(basename "$t") (exit $rc)"; grep -E "FAILED|ERROR|error|Sanitizer|runtime error" "$log" | head -20; else echo "ok   $(basename "$t") ($p)"; fi
  grep '^rate: ' "$log" | sed 's/^/     /'   # a rated test's measures (test_spec_rated.c)
done
for s in $TEST_SCRIPTS; do
  [ -f "$s" ] || continue
  bash "$s" >"$log" 2>&1
  rc=$?
  p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
  why=
  if [ "$rc" -ne 0 ]; then why="exited with status $rc"
  elif ! grep -qx '# done' "$log"; then why="stopped before its end (no '# done')"
  fi
  if [ -n "$why" ]; then
    f=$((f + 1))
    echo "not ok $(basename "$s"): $why; its last lines:"
    tail -5 "$log" | sed 's/^/    /'
  fi
  passed=$((passed + p)); failed=$((failed + f))
  grep -E '^(not ok|skipped)' "$log"
  echo "$([ "$f" -eq 0 ] && echo "ok  " || echo "FAIL") $(basename "$s") ($p passed, $f failed)"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
