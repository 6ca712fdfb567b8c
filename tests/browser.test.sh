#!/usr/bin/env bash
# browser.test.sh: the dashboard in headless Chromium (tests/browser/dashboard.js): the seed
# report (or, without ../shared, our own multi-outlet articles) ingested into a fresh store,
# served on a free loopback port; a marker near Hama (Khan Younis), its event panel, a pasted
# article coded live; screenshot in $BUILD/dashboard.png.
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
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$H" serve "$T/s.db" --port "$port" --static "$BUILD/www" 2>"$T/err" &
pid=$!
for i in $(seq 1 50); do grep -q "http://" "$T/err" && break; sleep 0.1; done
timeout 120 node tests/browser/dashboard.js "http://127.0.0.1:$port/" "$lat" "$lon" "$BUILD/dashboard.png"
[ -s "$BUILD/dashboard.png" ] && echo "ok screenshot saved ($BUILD/dashboard.png)" || echo "not ok screenshot"
done_testing
