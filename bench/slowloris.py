#!/usr/bin/env python3
"""bench/slowloris.py: `herald serve` under a slowloris attack, on loopback only.

N attacking connections (default 700) each send a request line and then one header byte a
second, never finishing their headers, and open a new connection when the server cuts one
(at most once a second each). They come from loopback source addresses 127.0.0.2 and up
(--addresses, default 29, so that the per-address limit alone does not stop them; 1 sends
them all from one address). Meanwhile a normal client on 127.0.0.1 makes --requests requests
(default 30, every 0.5 s: a static file, an event list, an event) and the script reports
how many were answered (200) and their latencies. Bounded: the attack stops when the normal
client is done, or after --max-seconds.

    python3 bench/slowloris.py [--herald build/herald] [--store DB] [--connections 700]
                               [--addresses 29] [--requests 30] [-- SERVE-OPTIONS...]
"""
import argparse
import http.client
import os
import re
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time

from serve_process import start_server




class Attack:
    """Slow connections driven from one thread with non-blocking sockets."""

    def __init__(self, port, n, addresses):
        self.port, self.n, self.addresses = port, n, addresses
        self.sel = selectors.DefaultSelector()
        self.socks = {}  # socket -> (slot, bytes sent)
        self.opened = self.cut = self.refused = 0
        self.stop = threading.Event()
        self.held = []  # open connections, sampled once a second
        self.pending = []  # slots to reconnect on the next tick

    def connect(self, slot):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind(("127.0.0.%d" % (2 + slot % self.addresses), 0))
            s.connect_ex(("127.0.0.1", self.port))
        except OSError:
            s.close()
            self.refused += 1
            return
        self.sel.register(s, selectors.EVENT_READ, slot)
        self.socks[s] = (slot, 0)
        self.opened += 1

    def drop(self, s):
        slot = self.socks.pop(s)[0]
        self.sel.unregister(s)
        s.close()
        return slot

    def tick(self):
        """Sends each connection its next byte; replaces those the server closed."""
        dead = []
        for s, (slot, sent) in list(self.socks.items()):
            data = b"GET / HTTP/1.1\r\n" if sent == 0 else b"X"
            try:
                s.send(data)
                self.socks[s] = (slot, sent + 1)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                dead.append(s)
        for s in dead:
            self.cut += 1
            self.connect(self.drop(s))

    def run(self):
        for slot in range(self.n):
            self.connect(slot)
        next_tick = time.monotonic()
        while not self.stop.is_set():
            for key, _ in self.sel.select(timeout=max(0, next_tick - time.monotonic())):
                s = key.fileobj
                try:
                    closed = s.recv(4096) == b""
                except (BlockingIOError, InterruptedError):
                    closed = False
                except OSError:
                    closed = True
                if closed and s in self.socks:
                    self.cut += 1
                    slot = self.drop(s)
                    # reconnect on the next tick, not in a tight loop
                    self.pending.append(slot)
            if time.monotonic() >= next_tick:
                for slot in self.pending:
                    self.connect(slot)
                self.pending = []
                self.tick()
                self.held.append(len(self.socks))
                next_tick += 1.0
        for s in list(self.socks):
            self.drop(s)


def normal_client(port, n, out):
    paths = ["/", "/api/events?limit=5", "/api/events/1"]
    for i in range(n):
        t0 = time.monotonic()
        status = None
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("GET", paths[i % len(paths)])
            r = c.getresponse()
            r.read()
            status = r.status
            c.close()
        except OSError as e:
            status = type(e).__name__
        out.append((status, time.monotonic() - t0))
        time.sleep(0.5)


def make_store(herald, tmp):
    store = os.path.join(tmp, "s.db")
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([herald, "ingest", "--no-progress", store, os.path.join(here, "..", "tests", "store", "dedup.jsonl")],
                   check=True, stderr=subprocess.DEVNULL)
    return store


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--store")
    ap.add_argument("--connections", type=int, default=700)
    ap.add_argument("--addresses", type=int, default=29)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--max-seconds", type=float, default=120)
    ap.add_argument("serve_options", nargs="*")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        www = os.path.join(tmp, "www")
        os.mkdir(www)
        with open(os.path.join(www, "index.html"), "w") as f:
            f.write("<html><body>dashboard</body></html>\n")
        store = a.store or make_store(a.herald, tmp)
        log = []
        proc, port = start_server(a.herald, store, ["--static", www, *a.serve_options], log)
        attack = Attack(port, a.connections, a.addresses)
        t = threading.Thread(target=attack.run)
        t.start()
        time.sleep(2)  # let the attack open its connections first
        results = []
        client = threading.Thread(target=normal_client, args=(port, a.requests, results), daemon=True)
        client.start()
        client.join(a.max_seconds)
        attack.stop.set()
        t.join()
        proc.terminate()
        proc.wait(timeout=30)
    answered = [lat for status, lat in results if status == 200]
    lat = sorted(lat for _, lat in results)
    print("slowloris: %d connections from %d address(es); the server cut %d of them (%d reconnects); "
          "held open at once: max %d" % (a.connections, a.addresses, attack.cut, attack.opened - a.connections,
                                         max(attack.held or [0])))
    print("normal client: %d/%d answered 200; latency p50 %.3f s, max %.3f s; others: %s" % (
        len(answered), a.requests, lat[len(lat) // 2] if lat else 0, lat[-1] if lat else 0,
        [s for s, _ in results if s != 200]))
    kinds = {}
    for line in log:
        key = re.sub(rb"\d+", b"N", line.strip())[:90].decode("utf-8", "replace")
        kinds[key] = kinds.get(key, 0) + 1
    print("server log: %d lines%s" % (len(log), "".join("\n  %6d  %s" % (n, k) for k, n in
                                                      sorted(kinds.items(), key=lambda kv: -kv[1])[:5])))


if __name__ == "__main__":
    sys.exit(main())
