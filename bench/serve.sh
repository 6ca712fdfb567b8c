#!/usr/bin/env bash
# bench/serve.sh: `herald serve` under load, on loopback only. wrk, 64 connections for 30 s
# against /api/events?country=SY over the large store of bench/store.sh ($HERALD_SCALE_DB):
# requests/s, latency percentiles and errors. Then under abuse: a slowloris attack of 700
# connections (bench/slowloris.py, from 29 addresses and from one) while a normal client makes
# 30 requests, and eight clients looping on an expensive full-text tally while a ninth times
# GET /api/events/1 (bench/expensive.py, over $HERALD_ABUSE_DB, default the large store).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
scale=${HERALD_SCALE_DB:-/tmp/herald-scale.db}
abuse_db=${HERALD_ABUSE_DB:-$scale}
if ! command -v wrk >/dev/null; then
  echo "skipped: wrk missing"
elif [ ! -f "$scale" ]; then
  echo "skipped: no large store (bench/store.sh builds $scale)"
else
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  log=$(mktemp)
  "$BUILD/herald" serve "$scale" --port "$port" 2>"$log" &
  pid=$!
  trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
  for i in $(seq 1 50); do grep -q "http://" "$log" && break; sleep 0.1; done
  echo "serve load          $(sqlite3 "$scale" 'SELECT count(*) FROM events') events; wrk -t2 -c64 -d30s /api/events?country=SY"
  wrk -t2 -c64 -d30s --latency "http://127.0.0.1:$port/api/events?country=SY" | sed 's/^/  /'
  kill "$pid"
  wait "$pid" 2>/dev/null || true
fi
echo "serve slowloris     700 connections from 29 addresses"
python3 bench/slowloris.py --herald "$BUILD/herald" --addresses 29 | sed 's/^/  /'
echo "serve slowloris     700 connections from 1 address"
python3 bench/slowloris.py --herald "$BUILD/herald" --addresses 1 | sed 's/^/  /'
if [ -f "$abuse_db" ]; then
  echo "serve expensive     8 clients on /api/stats?text=t* OR a* OR s* OR p* OR c*, 1 on /api/events/1"
  python3 bench/expensive.py --herald "$BUILD/herald" --store "$abuse_db" | sed 's/^/  /'
else
  echo "skipped: no store for bench/expensive.py (\$HERALD_ABUSE_DB)"
fi
