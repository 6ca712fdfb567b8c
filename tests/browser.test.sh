#!/usr/bin/env bash
# browser.test.sh: the dashboard in headless Chromium (tests/browser/dashboard.js): the seed
# report (or, without ../shared, our own multi-outlet articles) ingested into a fresh store,
# served on a free loopback port; a marker near Hama (Khan Younis), its event panel, a pasted
# article coded live; markup planted in the store shown as text, never run; screenshots in
# $BUILD/dashboard.png and dashboard-filtered.png. Then the same over a store of the 8,514
# articles of ../shared/corpus/allsides-world.jsonl (clusters, a marker near Baghdad):
# $BUILD/dashboard-world.png and dashboard-world-filtered.png.
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
H="$BUILD/herald"
if [ ! -x /usr/bin/chromium ] || [ ! -d node_modules/playwright-core ] || ! command -v node >/dev/null; then
  skip_all browser "chromium or playwright-core missing (scripts/setup.sh installs them)"
fi
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$T"' EXIT
if [ -f ../shared/seed/joinfo-2015-10-01.jsonl ]; then
  input=../shared/seed/joinfo-2015-10-01.jsonl; lat=35.1318; lon=36.7578
else
  echo "skipped: ../shared missing (using our own articles instead of the seed)"
  input=tests/store/dedup.jsonl; lat=31.3402; lon=34.3063
fi
"$H" ingest --no-progress "$T/s.db" "$input" 2>/dev/null
# stored XSS: markup in every kind of string the dashboard shows (names, codes, sentences,
# attribution, outlets), written straight into the store as a tampered or older store could
# hold it (herald ingest itself refuses markup in names); the page must show it as text
xss() { printf '<img src=x onerror="window.__xss=(window.__xss||[]).concat(%s)">' "$1"; }
sqlite3 "$T/s.db" "UPDATE mentions SET place_mention = '$(xss 1)', text = text || ' $(xss 2)';
  UPDATE events SET source_code = '$(xss 3)';
  UPDATE attributions SET name = '$(xss 4)';
  UPDATE documents SET outlet = '<script>window.__xss=[5]</script>', date = '$(xss 6)';"
# serves a store on a free port and drives the dashboard over it: DB LAT LON SCREENSHOT [plain]
drive() {
  local db=$1 name=$2 port= line
  # the server says its port when it listens: read from a pipe, no waiting by the clock
  rm -f "$T/err.fifo"; mkfifo "$T/err.fifo"
  "$H" serve "$db" --port 0 --static "$BUILD/www" 2>"$T/err.fifo" &
  pid=$!
  exec 4<"$T/err.fifo"
  while IFS= read -r line <&4; do
    case $line in *http://*) port=${line##*:}; port=${port%%/*}; break ;; esac
  done
  cat <&4 >"$T/err-$name" &
  check "serve says its port ($name)" [ -n "$port" ]
  timeout 300 node tests/browser/dashboard.js "http://127.0.0.1:$port/" "$3" "$4" "$BUILD/$name.png" ${5:-}
  [ -s "$BUILD/$name.png" ] && echo "ok screenshot saved ($BUILD/$name.png)" || echo "not ok screenshot ($name)"
  kill $pid 2>/dev/null; wait $pid 2>/dev/null; pid=
  exec 4<&-
}
drive "$T/s.db" dashboard "$lat" "$lon"

WORLD=../shared/corpus/allsides-world.jsonl
if [ -f "$WORLD" ]; then
  "$H" ingest --no-progress -j 2 "$T/world.db" "$WORLD" 2>"$T/ingest-err"
  check "allsides-world ingested" [ "$(sqlite3 "$T/world.db" 'SELECT count(*) FROM documents')" -gt 8000 ]
  drive "$T/world.db" dashboard-world 33.3152 44.3661 plain # Baghdad
else
  echo "skipped: ../shared missing (the dashboard over allsides-world)"
fi
done_testing
