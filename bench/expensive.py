#!/usr/bin/env python3
"""bench/expensive.py: do cheap requests wait behind expensive ones in `herald serve`? Loopback only.

--clients (default 8) clients loop on an expensive tally (/api/stats with a five-way wildcard
text search) while one more measures GET /api/events/1 every 0.1 s, for --seconds (default 20)
over a large store (--store, e.g. the ~200k-event store of bench/store.sh or one ingested from
../shared/corpus). Reports the cheap request's latencies (target: each under 200 ms) and what
the expensive ones were answered (200 or 503 at the query deadline, 503 busy) and after how long.

    python3 bench/expensive.py --store /tmp/big.db [--herald build/herald] [-- SERVE-OPTIONS...]
"""
import argparse
import http.client
import os
import sys
import threading
import time
import urllib.parse

from serve_process import start_server

EXPENSIVE = "/api/stats?text=" + urllib.parse.quote("t* OR a* OR s* OR p* OR c*")




def get(conn_box, port, path):
    """One request on a kept-alive connection (reopened when the server closed it)."""
    t0 = time.monotonic()
    for attempt in range(2):
        try:
            if conn_box[0] is None:
                conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn_box[0].request("GET", path)
            r = conn_box[0].getresponse()
            body = r.read()
            if r.getheader("Connection", "").lower() == "close":
                conn_box[0].close()
                conn_box[0] = None
            return r.status, body, time.monotonic() - t0
        except (OSError, http.client.HTTPException) as e:
            if conn_box[0]:
                conn_box[0].close()
            conn_box[0] = None
            err = type(e).__name__
    return err, b"", time.monotonic() - t0


def expensive_client(port, stop, out):
    box = [None]
    while not stop.is_set():
        status, body, lat = get(box, port, EXPENSIVE)
        kind = status
        if status == 503:
            kind = "503 deadline" if b"longer than" in body else "503 busy"
        out.append((kind, lat))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--store", required=True)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("serve_options", nargs="*")
    a = ap.parse_args()
    log = []
    proc, port = start_server(a.herald, a.store, a.serve_options, log)
    box = [None]
    get(box, port, EXPENSIVE)  # warm the page cache once, alone
    t_alone = get(box, port, EXPENSIVE)
    stop = threading.Event()
    expensive = []
    threads = [threading.Thread(target=expensive_client, args=(port, stop, expensive)) for _ in range(a.clients)]
    for t in threads:
        t.start()
    time.sleep(1)
    cheap = []
    until = time.monotonic() + a.seconds
    while time.monotonic() < until:
        status, _, lat = get(box, port, "/api/events/1")
        cheap.append((status, lat))
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join()
    proc.terminate()
    proc.wait(timeout=60)
    lats = sorted(lat for _, lat in cheap)
    print("expensive request alone: %s in %.2f s" % (t_alone[0], t_alone[2]))
    print("cheap GET /api/events/1 with %d expensive clients: %d requests, %d answered 200; latency p50 %.1f ms, "
          "p95 %.1f ms, max %.1f ms; over 200 ms: %d" % (
              a.clients, len(cheap), sum(1 for s, _ in cheap if s == 200), 1000 * lats[len(lats) // 2],
              1000 * lats[int(len(lats) * 0.95)], 1000 * lats[-1], sum(1 for l in lats if l > 0.2)))
    kinds = {}
    for kind, lat in expensive:
        kinds.setdefault(kind, []).append(lat)
    for kind, ls in sorted(kinds.items(), key=lambda kv: str(kv[0])):
        ls.sort()
        print("expensive: %-13s %4d  latency min %.2f s, median %.2f s, max %.2f s" % (
            kind, len(ls), ls[0], ls[len(ls) // 2], ls[-1]))
    logged = sum(1 for line in log if b" 503 " in line)
    print("server log: %d lines, %d about a 503" % (len(log), logged))


if __name__ == "__main__":
    sys.exit(main())
