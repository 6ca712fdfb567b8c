#!/usr/bin/env bash
# entities.test.sh: `herald code --entities` on our own documents (tests/entities/*.txt, each
# with the entities it must give in the .json beside it, scored by tools/entities_eval.py) and
# on the seed report (the `entities` of ../shared/seed/expected.json). Floors: 90% of our
# documents' expected entities, all of the seed's.
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
command -v python3 >/dev/null || { skip_all entities "python3 missing"; }
hit=0; total=0
for txt in tests/entities/*.txt; do
  exp=${txt%.txt}.json
  date=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['publication_date'])" "$exp")
  out=$(mktemp)
  if ! "$BUILD/herald" code --entities --no-progress --date "$date" "$txt" >"$out"; then
    echo "not ok entities-$(basename "$txt" .txt) (herald exited non-zero)"
  fi
  line=$(python3 tools/entities_eval.py --min-recall 0 "$exp" "$out")
  rm -f "$out"
  echo "# $(basename "$txt" .txt): $line"
  h=$(echo "$line" | sed -n 's/.*recall \([0-9]*\)\/\([0-9]*\)$/\1/p'); t=$(echo "$line" | sed -n 's/.*recall \([0-9]*\)\/\([0-9]*\)$/\2/p')
  hit=$((hit + ${h:-0})); total=$((total + ${t:-0}))
done
echo "# our documents: $hit/$total expected entities found"
if [ "$total" -gt 0 ] && [ $((hit * 100)) -ge $((total * 90)) ]; then echo "ok entities-own-floor"; else echo "not ok entities-own-floor ($hit/$total)"; fi
shared=../shared
if [ ! -f "$shared/seed/expected.json" ]; then
  skip_all entities-seed "../shared missing"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BUILD/herald" code --entities --no-progress "$shared/seed/joinfo-2015-10-01.jsonl" >"$out"
if line=$(python3 tools/entities_eval.py "$shared/seed/expected.json" "$out"); then
  echo "ok entities-seed ($line)"
else
  echo "not ok entities-seed ($line)"
fi
done_testing
