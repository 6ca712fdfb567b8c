#!/usr/bin/env bash
# geo.test.sh: place resolution and date expressions on herald's own test sets
# (tests/geo/places.tsv, tests/dates/dates.tsv) must not fall below the floors measured when
# they were added; make eval prints the figures themselves.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
BUILD=${BUILD:-build}
PLACES_FLOOR=95.0 # percent of mentions resolved to the right GeoNames entry
DATES_FLOOR=98.0  # percent of expressions resolved to the right date and precision
if ! command -v python3 >/dev/null; then
  skip_all geo "python3 missing"
fi
places=$(python3 tools/geo_eval.py --herald "$BUILD/herald" | tail -1)
pct=$(echo "$places" | sed -n 's/.*right entry [0-9]*\/[0-9]* (\([0-9.]*\)%).*/\1/p')
if [ -n "$pct" ] && python3 -c "import sys; sys.exit(0 if float('$pct') >= $PLACES_FLOOR else 1)"; then
  echo "ok places-floor ($places)"
else
  echo "not ok places-floor ($places; floor $PLACES_FLOOR%)"
fi
dates=$(python3 tools/date_eval.py --herald "$BUILD/herald" | tail -1)
pct=$(echo "$dates" | sed -n 's/.*(\([0-9.]*\)%).*/\1/p')
if [ -n "$pct" ] && python3 -c "import sys; sys.exit(0 if float('$pct') >= $DATES_FLOOR else 1)"; then
  echo "ok dates-floor ($dates)"
else
  echo "not ok dates-floor ($dates; floor $DATES_FLOOR%)"
fi
done_testing
