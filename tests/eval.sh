#!/usr/bin/env bash
# eval.sh: accuracy figures: the seed report against its expected events and entities, the
# PETRARCH2 unit-test records coded from raw text, our place, date, entity and deduplication
# sets, BASIL's outlet triplets, CASE 2021 and PLOVER.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
shared=../shared
if [ ! -d "$shared" ]; then
  echo "skipped: ../shared missing"
  BUILD="$BUILD" bash tests/entities.test.sh | grep '^# our documents' | sed 's/^# /entities, /'
  python3 tools/dedup_eval.py --herald "$BUILD/herald" --input tests/store/dedup.jsonl
  exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BUILD/herald" code --no-progress "$shared/seed/joinfo-2015-10-01.jsonl" >"$out"
echo "seed (place and attribution relaxed): $(python3 "$shared/tools/check_seed.py" --ignore location,reported_by,speaker "$shared/seed/expected.json" "$out" | tail -1)"
echo "seed (all checks):                    $(python3 "$shared/tools/check_seed.py" "$shared/seed/expected.json" "$out" | tail -1)"
"$BUILD/herald" code --entities --no-progress "$shared/seed/joinfo-2015-10-01.jsonl" >"$out"
echo "seed $(python3 tools/entities_eval.py --min-recall 0 "$shared/seed/expected.json" "$out")"
python3 tools/petrarch_eval.py --herald "$BUILD/herald" | tail -1
# our own test sets: place resolution and date expressions
python3 tools/geo_eval.py --herald "$BUILD/herald" | tail -1
# outside geoparsing gold sets (GeoWebNews, TR-News)
[ -f "$shared/geo/TR-News.xml" ] && python3 tools/geo_news_eval.py --herald "$BUILD/herald" --shared "$shared"
# the same with a division resolved to the gold's division counted right, as a country is
[ -f "$shared/geo/TR-News.xml" ] && python3 tools/geo_news_eval.py --herald "$BUILD/herald" --shared "$shared" --set trnews --divisions | sed 's/^TR-News:/TR-News (divisions as countries):/'
python3 tools/date_eval.py --herald "$BUILD/herald" | tail -1
BUILD="$BUILD" bash tests/entities.test.sh | grep '^# our documents' | sed 's/^# /entities, /'
# event store: clustering of reports of one event (our own set; BASIL's outlet triplets)
python3 tools/dedup_eval.py --herald "$BUILD/herald" --input tests/store/dedup.jsonl
[ -f "$shared/corpus/basil.jsonl" ] && python3 tools/dedup_eval.py --herald "$BUILD/herald" --input "$shared/corpus/basil.jsonl" --group-field triplet --label basil
# CASE 2021 task 2: one label per snippet, from the coded events
case_dev="$shared/eval/case2021/dev.tsv"
if [ -f "$case_dev" ]; then
  pred=$(mktemp)
  "$BUILD/herald" classify "$case_dev" >"$pred"
  python3 "$shared/tools/case_f1.py" "$case_dev" "$pred" -v
  python3 - "$case_dev" "$pred" <<'PY'
import collections, sys
gold = {}
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    p = line.rstrip("\n").split("\t")
    if i == 0 and p[0].lower() == "id":
        continue
    if len(p) >= 3:
        gold[p[0]] = p[2]
errors = collections.Counter()
for line in open(sys.argv[2], encoding="utf-8"):
    i, label = line.rstrip("\n").split("\t")
    if i in gold and gold[i] != label:
        errors[(gold[i], label)] += 1
print("most frequent errors (gold -> predicted):")
for (g, p), n in errors.most_common(10):
    print(f"  {n:3d}  {g} -> {p}")
PY
  rm -f "$pred"
fi
# PLOVER gold-standard records (older PLOVER schema)
python3 tools/plover_eval.py --herald "$BUILD/herald" | tail -1
# the confidence written on every event, on outside sets it was not trained on
python3 tools/confidence_eval.py --herald "$BUILD/herald"
# what police did (IndiaPoliceEvents), as herald's events say it
python3 tools/india_eval.py --herald "$BUILD/herald"
