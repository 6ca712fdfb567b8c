#!/usr/bin/env bash
# petrarch.test.sh: the PETRARCH/TABARI importer on the PETRARCH 2 validation dictionaries and
# unit-test records (tools/petrarch_eval.py). Fails when the exact-match rate falls below the
# floor last measured, so that importer or coder changes cannot silently lose records.
cd "$(dirname "$0")/.."
. tests/lib.sh
BUILD=${BUILD:-build}
FLOOR=176  # records matched exactly (of 284) when last measured; raise it as the coder improves
if [ ! -f ../shared/petrarch2/text/PETR.UnitTest.records.xml ]; then
  skip_all petrarch-import "../shared missing"
fi
out=$(BUILD=$BUILD python3 tools/petrarch_eval.py 2>&1)
rc=$?
last=$(printf '%s\n' "$out" | tail -1)
echo "$last"
if [ $rc -eq 0 ] && printf '%s\n' "$last" | grep -q '^petrarch: exact [0-9]*/[0-9]*'; then
  echo "ok petrarch-import loads the validation dictionaries"
else
  printf '%s\n' "$out" | tail -5
  echo "not ok petrarch-import loads the validation dictionaries"
  done_testing
fi
n=$(printf '%s\n' "$last" | sed -n 's/^petrarch: exact \([0-9]*\)\/.*/\1/p')
if [ "${n:-0}" -ge "$FLOOR" ]; then
  echo "ok petrarch-import exact matches $n >= $FLOOR"
else
  echo "not ok petrarch-import exact matches $n < floor $FLOOR"
fi
done_testing
