#!/usr/bin/env bash
# serve.test.sh: `herald serve` over a store of our own articles: every endpoint, and requests
# that try to break it — malformed parameters, SQL metacharacters in filters, an oversized body,
# path traversal on static files, unknown endpoints and methods — each answered with a clear
# JSON 4xx while the server stays up; SIGTERM stops it cleanly.
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
H="$BUILD/herald"
command -v python3 >/dev/null || { skip_all serve "python3 missing"; }
T=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$T"' EXIT
"$H" ingest --no-progress "$T/s.db" tests/store/dedup.jsonl 2>/dev/null
mkdir -p "$T/www"
echo '<html><body>dashboard</body></html>' >"$T/www/index.html"
echo 'secret' >"$T/secret.txt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$H" serve "$T/s.db" --port "$port" --static "$T/www" 2>"$T/err" &
pid=$!
for i in $(seq 1 50); do grep -q "http://" "$T/err" && break; sleep 0.1; done
python3 - "$port" <<'PY'
import http.client, json, socket, sys
port = int(sys.argv[1])

def req(method, path, body=None, raw=False):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.request(method, path, body=body)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader("Content-Type") or "", data

def check(name, cond):
    print(("ok " if cond else "not ok ") + name)

s, t, d = req("GET", "/api/events?country=PS&limit=5")
j = json.loads(d)
check("GET /api/events: 200 JSON", s == 200 and t.startswith("application/json"))
check("GET /api/events: filtered and paginated", j["limit"] == 5 and j["count"] == len(j["events"]) >= 1
      and all(e["location"]["country"] == "PS" for e in j["events"]))
s, t, d = req("GET", "/api/events?limit=1&offset=1")
check("GET /api/events: offset", s == 200 and json.loads(d)["offset"] == 1)
eid = j["events"][0]["store_id"]
s, t, d = req("GET", "/api/events/%d" % eid)
ev = json.loads(d)
m = ev["mentions"][0]
check("GET /api/events/ID: event and mentions", s == 200 and ev["event"]["store_id"] == eid and len(ev["mentions"]) >= 1)
hl = {h["kind"]: m["text"].encode()[h["start"]:h["end"]].decode() for h in m["highlights"]}
check("GET /api/events/ID: highlighted trigger in the sentence", "trigger" in hl and hl["trigger"] in m["text"])
check("GET /api/events/ID: article metadata", m["document"]["outlet"] and m["document"]["url"])
s, t, d = req("GET", "/api/stats")
st = json.loads(d)
check("GET /api/stats: by day, country, root, ACLED type",
      s == 200 and all(k in st for k in ("by_day", "by_country", "by_root", "by_acled")) and st["by_country"])
s, t, d = req("POST", "/api/code?date=2024-05-18", body="Russian forces shelled Kharkiv on Saturday.".encode())
check("POST /api/code: events of the text", s == 200 and json.loads(d)["events"][0]["code"].startswith("19"))
s, t, d = req("GET", "/")
check("GET /: the dashboard", s == 200 and b"dashboard" in d and t.startswith("text/html"))

# requests that try to break it
bad = [("GET", "/api/events?limit=abc", 400), ("GET", "/api/events?limit=0", 400),
       ("GET", "/api/events?limit=100000", 400), ("GET", "/api/events?near=1,2", 400),
       ("GET", "/api/events?from=2024-99-99", 400), ("GET", "/api/events?actor=X%27%3BDROP%20TABLE%20events%3B--", 400),
       ("GET", "/api/events?country=S%27Y", 400), ("GET", "/api/events?text=%22unbalanced", 400),
       ("GET", "/api/events/abc", 400), ("GET", "/api/events/-1", 400), ("GET", "/api/events/999999", 404),
       ("GET", "/api/nothing", 404), ("DELETE", "/api/events", 405), ("GET", "/api/code", 405),
       ("POST", "/api/code", 400), ("GET", "/../secret.txt", 400), ("GET", "/%2e%2e/secret.txt", 400),
       ("GET", "/.hidden", 400), ("GET", "/missing.js", 404)]
for method, path, want in bad:
    s, t, d = req(method, path)
    ok = s == want and t.startswith("application/json") and "error" in json.loads(d)
    check("%s %s: %d with a JSON error" % (method, path, want), ok)
s, t, d = req("POST", "/api/code", body=b"a" * (2 << 20))
check("POST /api/code of 2 MB: 413", s == 413)
# a raw request line with traversal that a client would not normalise
sock = socket.create_connection(("127.0.0.1", port))
sock.sendall(b"GET /../../../../etc/passwd HTTP/1.0\r\n\r\n")
answer = sock.recv(4096)
sock.close()
check("raw traversal request: refused", b"root:" not in answer and (b" 400 " in answer or b" 404 " in answer))
s, t, d = req("GET", "/api/events?limit=1")
check("still up after all of that", s == 200)
PY
kill -TERM "$pid"
wait "$pid"; rc=$?
if [ "$rc" -eq 0 ]; then echo "ok SIGTERM: clean stop"; else echo "not ok SIGTERM: exit $rc"; fi
done_testing
