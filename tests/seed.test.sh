#!/usr/bin/env bash
# seed.test.sh: the founding report of ../shared/seed must give every "must" event of its
# expected.json (place and attribution checks relaxed until geocoding lands, issue 4).
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
shared=../shared
if [ ! -f "$shared/seed/joinfo-2015-10-01.jsonl" ] || ! command -v python3 >/dev/null; then
  skip_all seed "../shared missing"
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if "$BUILD/herald" code --no-progress "$shared/seed/joinfo-2015-10-01.jsonl" >"$out"; then
  echo "ok seed-codes"
else
  echo "not ok seed-codes (herald exited non-zero)"
fi
if python3 "$shared/tools/check_seed.py" "$shared/seed/expected.json" "$out" >/dev/null; then
  echo "ok seed-must-events"
else
  echo "not ok seed-must-events"
  python3 "$shared/tools/check_seed.py" "$shared/seed/expected.json" "$out"
fi
# every event line is JSON with the documented fields
if python3 - "$out" <<'PY'
import json, sys
need = ["event_id","doc_id","sentence","span","text","date","source","target","code","root",
        "quad_class","goldstein","location","attribution","negated","rule"]
for line in open(sys.argv[1]):
    e = json.loads(line)
    missing = [k for k in need if k not in e]
    if missing:
        sys.exit("missing fields %s" % missing)
PY
then echo "ok seed-fields"; else echo "not ok seed-fields"; fi
done_testing
