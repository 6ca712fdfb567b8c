#!/usr/bin/env bash
# python.test.sh: the Python binding's unittest suite (python/tests) against $BUILD's libherald.
# Under a sanitizer build the library needs the sanitizer runtime preloaded into python3.
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
command -v python3 >/dev/null || { skip_all python "python3 missing"; }
export HERALD_LIB="$PWD/$BUILD/libherald.so" HERALD_MODEL="$PWD/$BUILD/herald.hdm"
if nm -D "$HERALD_LIB" 2>/dev/null | grep -q __asan_init; then
  export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
  export ASAN_OPTIONS=detect_leaks=0
fi
# herald.Store's DataFrames need pandas (python3-pandas, scripts/setup.sh)
PY=$(python_with pandas) || { echo "not ok python with pandas (scripts/setup.sh installs python3-pandas)"; PY=python3; }
export HERALD_BIN="$PWD/$BUILD/herald"
out=$("$PY" -m unittest discover -s python/tests -v 2>&1)
echo "$out" | sed -n 's/^\(test_[a-z_]*\) .* \.\.\. ok$/ok python \1/p'
echo "$out" | sed -n 's/^\(test_[a-z_]*\) .* \.\.\. \(FAIL\|ERROR\)$/not ok python \1/p'
echo "$out" | grep -q '^OK' || { echo "not ok python suite"; echo "$out" | tail -20; }

# a wheel built from the source tree, installed into a fresh virtual environment, used from
# outside the tree (libherald and the model found through HERALD_LIB and HERALD_MODEL), with
# Debian's python3 and its pip, setuptools, wheel and venv
if nm -D "$HERALD_LIB" 2>/dev/null | grep -q __asan_init; then
  echo "ok python-wheel-skipped (sanitizer build)"
elif ! /usr/bin/python3 -c 'import setuptools, wheel, venv' 2>/dev/null || ! /usr/bin/python3 -m pip --version >/dev/null 2>&1; then
  echo "skipped: python3-pip, python3-setuptools, python3-wheel or python3-venv missing"; echo "ok python-wheel-skipped"
else
  W=$(mktemp -d)
  export PWD_TREE=$PWD
  # built from a copy: setuptools leaves build/ and *.egg-info beside the sources
  cp -r python "$W/src"
  if /usr/bin/python3 -m pip wheel -q --no-deps --no-build-isolation --no-index -w "$W/dist" "$W/src" >"$W/log" 2>&1 &&
     /usr/bin/python3 -m venv "$W/venv" >>"$W/log" 2>&1 &&
     "$W/venv/bin/python" -m pip install -q --no-index "$W"/dist/herald-*.whl >>"$W/log" 2>&1 &&
     (cd "$W" && "$W/venv/bin/python" -c '
import herald, os
assert not herald.__file__.startswith(os.environ["PWD_TREE"]), herald.__file__
events = herald.Model().code("Russian jets bombed the city of Hama.", date="2015-10-06")
assert events and events[0]["code"].startswith("19"), events') >>"$W/log" 2>&1; then
    echo "ok python wheel built, installed in a venv and used"
  else
    echo "not ok python wheel"; tail -20 "$W/log"
  fi
  rm -rf "$W"
fi
# the README's install command, offline: an editable install into a venv that sees Debian's
# pandas (--system-site-packages), built with the installed setuptools (--no-build-isolation)
if nm -D "$HERALD_LIB" 2>/dev/null | grep -q __asan_init; then
  echo "ok python-editable-skipped (sanitizer build)"
elif /usr/bin/python3 -c 'import setuptools, venv, pandas' 2>/dev/null && /usr/bin/python3 -m pip --version >/dev/null 2>&1; then
  E=$(mktemp -d)
  cp -r python "$E/python"
  if (cd "$E" && /usr/bin/python3 -m venv --system-site-packages .venv &&
      .venv/bin/pip install -q --no-index --no-build-isolation --no-deps -e python/ &&
      cd / && "$E/.venv/bin/python" -c 'import herald, sys; assert herald.__file__.startswith(sys.argv[1]); herald.Store' "$E") >"$E/log" 2>&1; then
    echo "ok python README install (editable, offline) and herald.Store"
  else
    echo "not ok python README install"; tail -20 "$E/log"
  fi
  rm -rf "$E"
else
  echo "skipped: python3-pandas, -setuptools, -venv or -pip missing"; echo "ok python-editable-skipped"
fi
# the example of a store as pandas and Dask DataFrames
if nm -D "$HERALD_LIB" 2>/dev/null | grep -q __asan_init; then
  echo "ok python-dataframe-example-skipped (sanitizer build)"
elif [ -n "${PY:-}" ] && "$PY" -c 'import dask.dataframe' 2>/dev/null; then
  D=$(mktemp -d)
  "$BUILD/herald" ingest --no-progress "$D/s.db" tests/store/dedup.jsonl 2>/dev/null
  if "$PY" examples/store_dataframe.py "$D/s.db" --partitions 2 >"$D/out" 2>&1 && grep -q "places with most events" "$D/out" &&
     grep -q "Khān Yūnis" "$D/out"; then
    echo "ok python examples/store_dataframe.py: a store as pandas and Dask DataFrames"
  else
    echo "not ok python examples/store_dataframe.py"; tail -5 "$D/out"
  fi
  rm -rf "$D"
else
  echo "skipped: dask missing (python3-dask)"; echo "ok python-dataframe-example-skipped"
fi
done_testing
