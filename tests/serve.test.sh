#!/usr/bin/env bash
# serve.test.sh: `herald serve` over a store of our own articles: every endpoint, and requests
# that try to break it — malformed parameters, SQL metacharacters in filters, NUL bytes,
# malformed %-escapes and bytes that are not UTF-8, oversized or absurd bodies (refused by
# their length, before "100 Continue"), path traversal on static files, unknown endpoints and
# methods (405 with Allow), garbage request lines — each answered with a clear 4xx while the
# server stays up; a Content-Security-Policy on every answer; a per-address connection limit
# that leaves other clients served; a request-header deadline that cuts a slow sender; a query
# past its deadline (503, logged) and a damaged store (500, logged); SIGTERM stops each server
# cleanly.
# Deterministic: servers listen on --port 0 and the test reads the port, and waits for log
# lines, from their stderr as they come; no step waits a fixed time.
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
H="$BUILD/herald"
command -v python3 >/dev/null || { skip_all serve "python3 missing"; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$H" ingest --no-progress "$T/s.db" tests/store/dedup.jsonl 2>/dev/null
mkdir -p "$T/www"
echo '<html><body>dashboard</body></html>' >"$T/www/index.html"
echo 'secret' >"$T/secret.txt"

# a damaged copy: the events table's root page overwritten
cp "$T/s.db" "$T/broken.db"
python3 - "$T/broken.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
page = db.execute("PRAGMA page_size").fetchone()[0]
root = db.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'events'").fetchone()[0]
db.close()
with open(sys.argv[1], "r+b") as f:
    f.seek((root - 1) * page)
    f.write(b"\xff" * page)
PY
check "the damaged store fails a query" bash -c "! '$H' query '$T/broken.db' --limit 5 >/dev/null 2>&1"

for bad in "--query-timeout abc" "--query-timeout -1" "--header-timeout 0" "--max-per-address 0" "--port 70000"; do
  # shellcheck disable=SC2086
  "$H" serve "$T/s.db" $bad >/dev/null 2>"$T/opt.err"
  rc=$?
  check "serve $bad: refused with a message" test "$rc" -eq 2 -a -s "$T/opt.err"
done

python3 - "$H" "$T" <<'PY'
import csv, http.client, io, json, re, signal, socket, subprocess, sys, threading, time
H, T = sys.argv[1], sys.argv[2]
CSP = ("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data:")
BOUND = 30  # seconds: only ever a bound for a failure, never a wait that a pass needs

def check(name, cond):
    print(("ok " if cond else "not ok ") + name, flush=True)


class Server:
    """herald serve on --port 0; its stderr is read as it comes, so a test can wait for a line."""

    def __init__(self, db, *options):
        self.proc = subprocess.Popen([H, "serve", db, "--port", "0", "--static", T + "/www", *options],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.lines, self.ended = [], False
        self.cv = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        m = self.wait_log(r"http://127\.0\.0\.1:(\d+)/")
        self.port = int(m.group(1)) if m else 0

    def _read(self):
        for raw in self.proc.stderr:
            with self.cv:
                self.lines.append(raw.decode("utf-8", "replace"))
                self.cv.notify_all()
        with self.cv:
            self.ended = True
            self.cv.notify_all()

    def wait_log(self, pattern):
        rx, seen, until = re.compile(pattern), 0, time.monotonic() + BOUND
        with self.cv:
            while True:
                for line in self.lines[seen:]:
                    m = rx.search(line)
                    if m:
                        return m
                seen = len(self.lines)
                if self.ended or time.monotonic() > until:
                    return None
                self.cv.wait(until - time.monotonic())

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=BOUND)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -1


def req(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=BOUND)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r, data


def raw(port, data, source="127.0.0.1"):
    """Sends bytes on a new connection and reads until the server closes it."""
    s = socket.create_connection(("127.0.0.1", port), timeout=BOUND, source_address=(source, 0))
    s.sendall(data)
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except ConnectionResetError:
        pass
    except socket.timeout:
        out = None  # never answered nor closed within BOUND
    s.close()
    return out


def read_answer(s):
    """One HTTP answer on a kept-alive socket: its status, or None when the server closed it."""
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            b = s.recv(65536)
            if not b:
                return None
            buf += b
        head, _, body = buf.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        while len(body) < length:
            b = s.recv(65536)
            if not b:
                return None
            body += b
        return int(head.split()[1])
    except (ConnectionResetError, BrokenPipeError):
        return None


# a header deadline far past BOUND: no check on this server can pass or fail by when it comes
main = Server(T + "/s.db", "--max-per-address", "4", "--header-timeout", "3600")
port = main.port
check("serve --port 0: the bound port is printed", port > 0)

s, r, d = req(port, "GET", "/api/events?country=PS&limit=5")
j = json.loads(d)
check("GET /api/events: 200 JSON", s == 200 and r.getheader("Content-Type").startswith("application/json"))
check("GET /api/events: filtered and paginated", j["limit"] == 5 and j["count"] == len(j["events"]) >= 1
      and all(e["location"]["country"] == "PS" for e in j["events"]))
check("Content-Security-Policy on an API answer", r.getheader("Content-Security-Policy") == CSP)
s, r, d = req(port, "GET", "/api/events?limit=1&offset=1")
check("GET /api/events: offset", s == 200 and json.loads(d)["offset"] == 1)
s, r, d = req(port, "GET", "/api/events?limit=2")
jt = json.loads(d)
s2, r2, d2 = req(port, "GET", "/api/events?limit=1000")
check("GET /api/events: total counts every match beyond the page",
      s == 200 and jt["count"] == 2 and jt["total"] == len(json.loads(d2)["events"]) > 2)
s, r, d = req(port, "GET", "/api/events?country=PS&format=csv&limit=5000")
rows = list(csv.reader(io.StringIO(d.decode())))
check("GET /api/events?format=csv: text/csv with a header, a download's limit",
      s == 200 and r.getheader("Content-Type").startswith("text/csv") and rows[0][0] == "event_id" and len(rows) >= 2)
s, r, d = req(port, "GET", "/api/events?format=geojson")
g = json.loads(d)
check("GET /api/events?format=geojson: a FeatureCollection of points",
      s == 200 and r.getheader("Content-Type") == "application/geo+json" and g["type"] == "FeatureCollection"
      and any(f["geometry"] and f["geometry"]["type"] == "Point" for f in g["features"]))
s, r, d = req(port, "GET", "/api/events?format=geojson&placed=1&limit=100000")
gp = json.loads(d)
check("GET /api/events?placed=1: every placed event and no other (the dashboard's map)",
      s == 200 and gp["features"] and all(f["geometry"] for f in gp["features"])
      and len(gp["features"]) == sum(1 for f in json.loads(req(port, "GET", "/api/events?format=geojson&limit=100000")[2])["features"] if f["geometry"])
      and all("num_sources" in f["properties"] for f in gp["features"]))
s, r, d = req(port, "GET", "/api/events?placed=yes")
check("GET /api/events?placed=yes: 400 naming it", s == 400 and "placed" in json.loads(d)["error"])
s, r, d = req(port, "GET", "/api/events?format=xml")
check("GET /api/events?format=xml: 400", s == 400 and "format" in json.loads(d)["error"])
s, r, d = req(port, "GET", "/api/events?country=S%27Y")
check("API errors in the API's words (no command-line options)", s == 400 and "--" not in json.loads(d)["error"]
      and "country" in json.loads(d)["error"])
eid = j["events"][0]["store_id"]
s, r, d = req(port, "GET", "/api/events/%d" % eid)
ev = json.loads(d)
m = ev["mentions"][0]
check("GET /api/events/ID: event and mentions", s == 200 and ev["event"]["store_id"] == eid and len(ev["mentions"]) >= 1)
hl = {h["kind"]: m["text"].encode()[h["start"]:h["end"]].decode() for h in m["highlights"]}
check("GET /api/events/ID: highlighted trigger in the sentence", "trigger" in hl and hl["trigger"] in m["text"])
check("GET /api/events/ID: article metadata", m["document"]["outlet"] and m["document"]["url"])
s, r, d = req(port, "GET", "/api/stats")
st = json.loads(d)
check("GET /api/stats: by day, country, root, ACLED type",
      s == 200 and all(k in st for k in ("by_day", "by_country", "by_root", "by_acled")) and st["by_country"])
s, r, d = req(port, "POST", "/api/code?date=2024-05-18", body="Russian forces shelled Kharkiv on Saturday.".encode())
check("POST /api/code: events of the text", s == 200 and json.loads(d)["events"][0]["code"].startswith("19"))
s, r, d = req(port, "GET", "/")
check("GET /: the dashboard", s == 200 and b"dashboard" in d and r.getheader("Content-Type").startswith("text/html"))
check("Content-Security-Policy on a static file", r.getheader("Content-Security-Policy") == CSP)

# requests that try to break it: each a JSON 4xx with the policy
bad = [("GET", "/api/events?limit=abc", 400), ("GET", "/api/events?limit=0", 400),
       ("GET", "/api/events?limit=100000", 400), ("GET", "/api/events?near=1,2", 400),
       ("GET", "/api/events?from=2024-99-99", 400), ("GET", "/api/events?actor=X%27%3BDROP%20TABLE%20events%3B--", 400),
       ("GET", "/api/events?country=S%27Y", 400), ("GET", "/api/events?text=%22unbalanced", 400),
       ("GET", "/api/events/abc", 400), ("GET", "/api/events/-1", 400), ("GET", "/api/events/999999", 404),
       ("GET", "/api/nothing", 404), ("DELETE", "/api/events", 405), ("GET", "/api/code", 405),
       ("PUT", "/", 405), ("POST", "/api/code", 400), ("GET", "/../secret.txt", 400),
       ("GET", "/%2e%2e/secret.txt", 400), ("GET", "/.hidden", 400), ("GET", "/missing.js", 404),
       ("GET", "/api/events?text=%00", 400), ("GET", "/api/events?text=Kharkiv%00", 400),
       ("GET", "/api/events?text=%zz", 400), ("GET", "/api/events?country=%4", 400),
       ("GET", "/api/stats?actor=R%0", 400), ("GET", "/index%zz.html", 400), ("GET", "/%00", 400),
       ("GET", "/api/events?country=%ff", 400), ("GET", "/api/events?text=%C0%80", 400),
       ("GET", "/api/events?text=%ED%A0%80", 400), ("GET", "/caf%ff.html", 400)]
for method, path, want in bad:
    s, r, d = req(port, method, path)
    ok = s == want and r.getheader("Content-Type").startswith("application/json") and "error" in json.loads(d)
    check("%s %s: %d with a JSON error" % (method, path, want), ok and r.getheader("Content-Security-Policy") == CSP)
for path, allow in [("/api/events", "GET, HEAD"), ("/api/code", "POST"), ("/", "GET, HEAD")]:
    s, r, d = req(port, "DELETE" if path != "/api/code" else "GET", path)
    check("405 on %s names what is allowed (%s)" % (path, allow), s == 405 and r.getheader("Allow") == allow)
for path, name in [("/api/events?text=%00", "text"), ("/api/events?limit=1&country=%zz", "country"),
                   ("/api/events?text=a&source=%4", "source"), ("/api/%zz", "path"),
                   ("/api/events?from=%ff", "from")]:
    s, r, d = req(port, "GET", path)
    check("400 for %s names %s" % (path, name), s == 400 and name in json.loads(d)["error"])

# bodies: refused by their announced length, at once, before "100 Continue" and before the body
def head_only(length, extra=b""):
    return (b"POST /api/code HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n" + extra + b"\r\n")

a = raw(port, head_only(b"209715200", b"Expect: 100-continue\r\n"))
check("Expect: 100-continue with 200 MB: 413 and no 100", a.startswith(b"HTTP/1.1 413") and b" 100 " not in a)
a = raw(port, head_only(b"2097152"))
check("Content-Length of 2 MB: 413 before the body", a.startswith(b"HTTP/1.1 413"))
a = raw(port, head_only(b"9223372036854775808"))
check("Content-Length 2^63: 413 at once", a.startswith(b"HTTP/1.1 413"))
a = raw(port, head_only(b"99999999999999999999999"))
check("Content-Length past 2^64: refused at once", a.startswith(b"HTTP/1.1 413") or a.startswith(b"HTTP/1.1 400"))
a = raw(port, head_only(b"12abc"))
check("non-numeric Content-Length: 400 at once", a.startswith(b"HTTP/1.1 400"))
a = raw(port, b"GET /api/stats HTTP/1.1\r\nHost: x\r\nContent-Length: 9223372036854775808\r\n\r\n")
check("a GET announcing 2^63 bytes: 413 at once", a.startswith(b"HTTP/1.1 413"))
chunk = b"a" * 65536
chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(20)) + b"0\r\n\r\n"
a = raw(port, b"POST /api/code HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked)
check("a chunked body over 1 MB: 413", a.startswith(b"HTTP/1.1 413"))

# garbage request lines: an answer or a close, never a wait for the header deadline (an hour
# on this server: any end at all shows the server did not wait for it)
for junk in [b"HELLO\r\n\r\n", b"a b c\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
             b"GET / HTTP/9.9\r\n\r\n"]:
    a = raw(port, junk)
    check("garbage request line %r: answered 4xx/5xx or closed at once" % junk[:12],
          a is not None and (a == b"" or re.match(rb"HTTP/1\.[01] [45]\d\d ", a) is not None))
a = raw(port, b"GET /../../../../etc/passwd HTTP/1.0\r\n\r\n")
check("raw traversal request: refused", b"root:" not in a and (b" 400 " in a or b" 404 " in a))

# per-address limit: ten idle connections from 127.0.0.2, four are kept; 127.0.0.1 is served
idle = []
for _ in range(10):
    try:
        idle.append(socket.create_connection(("127.0.0.1", port), timeout=BOUND, source_address=("127.0.0.2", 0)))
    except OSError:
        pass
s, r, d = req(port, "GET", "/api/events?limit=1")
check("per-address limit: 127.0.0.1 served while 127.0.0.2 holds idle connections", s == 200)
answers = []
for sock in idle:
    try:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    except OSError:
        pass
    answers.append(read_answer(sock))
    sock.close()
check("per-address limit: 4 of 127.0.0.2's 10 connections kept, the rest closed (%s)" % answers,
      answers.count(200) == 4 and answers.count(None) == 6)
s, r, d = req(port, "GET", "/api/events?limit=1")
check("still up after all of that", s == 200)
check("SIGTERM: clean stop", main.stop() == 0)

# deadlines: headers in 1 s, queries in a microsecond
fast = Server(T + "/s.db", "--header-timeout", "1", "--query-timeout", "0.000001")
port = fast.port
s, r, d = req(port, "GET", "/api/stats")
check("a query past its deadline: 503 with Retry-After", s == 503 and r.getheader("Retry-After") is not None
      and "longer than" in json.loads(d)["error"])
check("a query past its deadline: logged", fast.wait_log(r"503 GET /api/stats: the query ran longer") is not None)
s, r, d = req(port, "GET", "/api/events/1")
check("a lookup past its deadline: 200, 404 or 503", s in (200, 404, 503))

idle = socket.create_connection(("127.0.0.1", port), timeout=BOUND)
try:
    cut = idle.recv(1) == b""
except ConnectionResetError:
    cut = True
check("header deadline: an idle connection is cut", cut)
slow = socket.create_connection(("127.0.0.1", port), timeout=BOUND)
slow.sendall(b"GET / HTTP/1.1\r\n")
served_meanwhile, cut, t0 = False, False, time.monotonic()
while not cut and time.monotonic() - t0 < BOUND:
    try:
        slow.sendall(b"X")  # one header byte at a time: MHD's own timeout starts again each time
        slow.settimeout(0.2)
        cut = slow.recv(1) == b""
    except socket.timeout:
        pass
    except OSError:
        cut = True
    if not served_meanwhile:
        served_meanwhile = req(port, "GET", "/")[0] == 200
check("header deadline: a connection sending a byte at a time is cut", cut)
check("header deadline: others are served meanwhile", served_meanwhile)
slow.close()
check("SIGTERM: clean stop (deadlines)", fast.stop() == 0)
check("header deadline: the cuts are logged", fast.wait_log(r"cut \d+ connection") is not None)

# a damaged store: 500, and the reason in the log
broken = Server(T + "/broken.db")
port = broken.port
s, r, d = req(port, "GET", "/api/events?limit=5")
check("a damaged store: 500 with a JSON error", s == 500 and "error" in json.loads(d))
check("a damaged store: logged", broken.wait_log(r"500 GET /api/events\?limit=5: .*malformed") is not None)
check("SIGTERM: clean stop (damaged store)", broken.stop() == 0)
PY
rc=$?
check "the HTTP checks ran to their end" test "$rc" -eq 0
done_testing
