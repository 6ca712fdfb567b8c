#!/usr/bin/env bash
# python.test.sh: the Python binding's unittest suite (python/tests) against $BUILD's libherald.
# Under a sanitizer build the library needs the sanitizer runtime preloaded into python3.
set -u
BUILD=${BUILD:-build}
command -v python3 >/dev/null || { echo "skipped: python3 missing"; echo "ok python-skipped"; exit 0; }
export HERALD_LIB="$PWD/$BUILD/libherald.so" HERALD_MODEL="$PWD/$BUILD/herald.hdm"
if nm -D "$HERALD_LIB" 2>/dev/null | grep -q __asan_init; then
  export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
  export ASAN_OPTIONS=detect_leaks=0
fi
out=$(python3 -m unittest discover -s python/tests -v 2>&1)
echo "$out" | sed -n 's/^\(test_[a-z_]*\) .* \.\.\. ok$/ok python \1/p'
echo "$out" | sed -n 's/^\(test_[a-z_]*\) .* \.\.\. \(FAIL\|ERROR\)$/not ok python \1/p'
echo "$out" | grep -q '^OK' || { echo "not ok python suite"; echo "$out" | tail -20; }
