#!/usr/bin/env bash
# bench/serve.sh: `herald serve` under load: wrk, 64 connections for 30 s on loopback against
# /api/events?country=SY over the large store of bench/store.sh ($HERALD_SCALE_DB): requests/s,
# latency percentiles and errors.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
scale=${HERALD_SCALE_DB:-/tmp/herald-scale.db}
command -v wrk >/dev/null || { echo "skipped: wrk missing"; exit 0; }
[ -f "$scale" ] || { echo "skipped: no large store (bench/store.sh builds $scale)"; exit 0; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp)
"$BUILD/herald" serve "$scale" --port "$port" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for i in $(seq 1 50); do grep -q "http://" "$log" && break; sleep 0.1; done
echo "serve load          $(sqlite3 "$scale" 'SELECT count(*) FROM events') events; wrk -t2 -c64 -d30s /api/events?country=SY"
wrk -t2 -c64 -d30s --latency "http://127.0.0.1:$port/api/events?country=SY" | sed 's/^/  /'
