#!/usr/bin/env bash
# browser.test.sh: the dashboard in headless Chromium (tests/browser/dashboard.js): the seed
# report (or, without ../shared, our own multi-outlet articles) ingested into a fresh store,
# served on a free loopback port; a marker near Hama (Khan Younis), its event panel, a pasted
# article coded live; markup planted in the store shown as text, never run; screenshot in
# $BUILD/dashboard.png.
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
# the server says its port when it listens: read from a pipe, no waiting by the clock
mkfifo "$T/err.fifo"
"$H" serve "$T/s.db" --port 0 --static "$BUILD/www" 2>"$T/err.fifo" &
pid=$!
exec 4<"$T/err.fifo"
port=
while IFS= read -r line <&4; do
  case $line in *http://*) port=${line##*:}; port=${port%%/*}; break ;; esac
done
cat <&4 >"$T/err" &
check "serve says its port" [ -n "$port" ]
timeout 300 node tests/browser/dashboard.js "http://127.0.0.1:$port/" "$lat" "$lon" "$BUILD/dashboard.png"
[ -s "$BUILD/dashboard.png" ] && echo "ok screenshot saved ($BUILD/dashboard.png)" || echo "not ok screenshot"
done_testing
