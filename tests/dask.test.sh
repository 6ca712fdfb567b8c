#!/usr/bin/env bash
# dask.test.sh: examples/dask_code.py on a LocalCluster of 2 worker processes gives the same
# events (by event id) as one `herald code` run over the same input, and both throughputs are
# printed. Needs Debian's python3-dask and python3-distributed (scripts/setup.sh); skipped in
# the sanitizer build (the sanitizer runtime would have to be preloaded into every worker).
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import dask.bag, distributed' 2>/dev/null; then
  skip_all dask "python3-dask or python3-distributed missing"
fi
if nm -D "$BUILD/libherald.so" 2>/dev/null | grep -q __asan_init; then
  skip_all dask "sanitizer build"
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ -f ../shared/corpus/allsides-world.jsonl ]; then
  # repeated texts (duplicate_of) are left out: a store skips them by text, event records carry none
  head -1600 ../shared/corpus/allsides-world.jsonl | grep -v '"duplicate_of"' | head -1500 >"$T/corpus.jsonl"
else
  "$PY" - "$T/corpus.jsonl" <<'PY'
import json, sys
base = [json.loads(l) for l in open("tests/store/dedup.jsonl")]
with open(sys.argv[1], "w") as f:
    for i in range(400):
        d = dict(base[i % len(base)]); d["id"] = "dask-%d" % i
        f.write(json.dumps(d) + "\n")
PY
fi
export HERALD_LIB="$PWD/$BUILD/libherald.so" HERALD_MODEL="$PWD/$BUILD/herald.hdm"
s0=$(date +%s%N)
"$BUILD/herald" code --no-progress "$T/corpus.jsonl" -o "$T/single.jsonl"
s1=$(date +%s%N)
"$PY" examples/dask_code.py "$T/corpus.jsonl" "$T/parts" --workers 2 --blocksize 256KB >"$T/out" 2>"$T/err"
rc=$?
bytes=$(stat -c %s "$T/corpus.jsonl")
echo "# single herald code: $(awk -v b="$bytes" -v ns=$((s1 - s0)) 'BEGIN{printf "%.2f s, %.2f MB/s of input", ns/1e9, b/1e6/(ns/1e9)}')"
sed 's/^/# /' "$T/out"
[ "$rc" -eq 0 ] && echo "ok dask run (2 worker processes)" || { echo "not ok dask run"; tail -5 "$T/err"; }
if "$PY" - "$T/single.jsonl" "$T/parts" <<'PY'
import glob, json, os, sys
single = {json.loads(l)["event_id"] for l in open(sys.argv[1])}
dask = set()
for p in glob.glob(os.path.join(sys.argv[2], "part-*.jsonl")):
    dask |= {json.loads(l)["event_id"] for l in open(p)}
print("# events: single %d, dask %d, in both %d" % (len(single), len(dask), len(single & dask)))
sys.exit(0 if single == dask and single else 1)
PY
then echo "ok dask: the same events as one herald code run"; else echo "not ok dask: events differ"; fi
grep -q "2 worker processes" "$T/out" && echo "ok dask: the partitions ran in 2 processes" || echo "not ok dask: worker processes"
grep -q "models loaded per process: 1, 1$" "$T/out" && echo "ok dask: one model per worker process" || echo "not ok dask: models per process"
# the partitions' events into one store, as an ingest of the articles would have stored them
# (event records hold sentences, not articles: each document is a story of its own, as with
# --no-stories)
"$BUILD/herald" ingest --no-progress --events "$T/dask.db" "$T"/parts/part-*.jsonl 2>"$T/err"; rc=$?
"$BUILD/herald" ingest --no-progress --no-stories "$T/direct.db" "$T/corpus.jsonl" 2>/dev/null
counts() { sqlite3 "$1" "SELECT (SELECT count(*) FROM documents WHERE n_mentions > 0)||' '||(SELECT count(*) FROM events)||' '||(SELECT count(*) FROM mentions)||' '||(SELECT sum(num_sources) FROM events)"; }
echo "# store from dask partitions: $(counts "$T/dask.db"); from the articles: $(counts "$T/direct.db") (documents with events, events, mentions, sources)"
[ "$rc" -eq 0 ] && [ "$(counts "$T/dask.db")" = "$(counts "$T/direct.db")" ] && echo "ok dask: herald ingest --events of the partitions gives the store of the articles" || echo "not ok dask: stores differ"
done_testing
