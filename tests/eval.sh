#!/usr/bin/env bash
# eval.sh: accuracy figures on the labelled sets in ../shared: the seed report against its
# expected events, and the PETRARCH2 unit-test records coded from raw text.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
shared=../shared
if [ ! -d "$shared" ]; then echo "skipped: ../shared missing"; exit 0; fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BUILD/herald" code --no-progress "$shared/seed/joinfo-2015-10-01.jsonl" >"$out"
echo "seed (place and attribution relaxed): $(python3 "$shared/tools/check_seed.py" --ignore location,reported_by,speaker "$shared/seed/expected.json" "$out" | tail -1)"
echo "seed (all checks):                    $(python3 "$shared/tools/check_seed.py" "$shared/seed/expected.json" "$out" | tail -1)"
python3 tools/petrarch_eval.py --herald "$BUILD/herald" | tail -1
