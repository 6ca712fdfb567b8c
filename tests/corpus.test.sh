#!/usr/bin/env bash
# corpus.test.sh: real news from ../shared/corpus coded end to end must give exit status 0
# and only well-formed events (JSON with sane spans and triggers inside their sentences).
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
corpus=../shared/corpus
if [ ! -f "$corpus/sample-100.jsonl" ] || ! command -v python3 >/dev/null; then
  skip_all corpus "../shared missing"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for f in sample-100.jsonl basil.jsonl; do
  if "$BUILD/herald" code --no-progress "$corpus/$f" >"$out"; then echo "ok corpus-codes-$f"; else echo "not ok corpus-codes-$f"; fi
  if python3 - "$out" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    n += 1
    s, t = e["span"]
    assert 0 <= s <= t, e["event_id"]
    assert e["trigger"] and len(e["trigger"]) < 300, (e["event_id"], e["trigger"][:80])
    assert e["case_label"], e["event_id"]
    for a in (e["source"], e["target"]):
        assert a is None or (a["code"] and len(a["text"]) < 300), e["event_id"]
assert n > 0
PY
  then echo "ok corpus-events-$f"; else echo "not ok corpus-events-$f"; fi
done
# A document's events must not depend on the documents a coder saw before it: -j N hands
# documents to coders in any order, and a store must not change with the input's order.
rev=$(mktemp); fw=$(mktemp); rv=$(mktemp)
for f in sample-100.jsonl basil.jsonl; do
  tac "$corpus/$f" >"$rev"
  "$BUILD/herald" code --no-progress "$corpus/$f" -o "$fw" && "$BUILD/herald" code --no-progress "$rev" -o "$rv"
  if python3 - "$fw" "$rv" <<'PY'
import collections, json, sys
def by_doc(path):
    docs = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        docs[json.loads(line)["doc_id"]].append(line)
    return docs
a, b = by_doc(sys.argv[1]), by_doc(sys.argv[2])
differ = [d for d in set(a) | set(b) if a.get(d) != b.get(d)]
assert a and not differ, differ[:5]
PY
  then echo "ok corpus-order-independent-$f"; else echo "not ok corpus-order-independent-$f"; fi
done
rm -f "$rev" "$fw" "$rv"
done_testing
