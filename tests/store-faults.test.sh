#!/usr/bin/env bash
# store-faults.test.sh: the event store when the world goes wrong, each case made to happen at a
# known moment (no sleeps, nothing left to timing):
# - Ctrl-C while ingest reads a pipe (a FIFO kept open, so the signal always lands before the
#   end of the input), on one thread and on two: exit 130, "run again", and a second run
#   completes the store; a signal just after the last commit (a test hook) changes nothing.
# - A full disk (a 1 MB tmpfs in a private mount namespace) and a file-size limit (ulimit -f):
#   the exact count of stored documents, exit 1, "run again when there is space", a consistent
#   store, and a rerun with space that ends with the rows of an uninterrupted run.
# - A read-only mount: query reads a WAL store there; ingest refuses it with one message.
# - ingest --events refuses records with markup in names or malformed codes.
# Mounts need root and unshare(1); without them those cases say "skipped".
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
H="$PWD/$BUILD/herald"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
command -v python3 >/dev/null && command -v sqlite3 >/dev/null || { skip_all store-faults "python3 or sqlite3 missing"; }

# 600 distinct articles made from our fixtures
python3 tests/store/articles.py 600 fault "$T/in.jsonl"
docs() { sqlite3 "$1" "SELECT count(*) FROM documents"; }
"$H" ingest --no-progress --batch 7 "$T/ref.db" "$T/in.jsonl" 2>/dev/null
ref=$(store_digest "$T/ref.db")

# ---- signals ------------------------------------------------------------------------------------
mkfifo "$T/fifo"
for jobs in 1 2; do
  rm -f "$T/s.db"*
  "$H" ingest --no-progress -j "$jobs" --batch 7 "$T/s.db" "$T/fifo" 2>"$T/err" &
  pid=$!
  # herald opens the pipe only after its signal handlers are set: once this open returns, a
  # SIGINT is handled, and with the pipe still open the input cannot have ended
  exec 3>"$T/fifo"
  head -100 "$T/in.jsonl" >&3
  kill -INT "$pid"
  wait "$pid"
  rc=$?
  exec 3>&-
  check "SIGINT while reading a pipe (-j $jobs): exit 130" [ "$rc" -eq 130 ]
  check "SIGINT while reading a pipe (-j $jobs): says how to complete" grep -q "interrupted: run again to complete" "$T/err"
  check "SIGINT while reading a pipe (-j $jobs): no read error reported" [ "$(grep -c 'reading after' "$T/err")" -eq 0 ]
  n=$(docs "$T/s.db")
  check "SIGINT (-j $jobs): the stored count said is the store's ($n)" grep -q " $n stored," "$T/err"
  "$H" ingest --no-progress -j "$jobs" --batch 7 "$T/s.db" "$T/in.jsonl" 2>/dev/null
  check "SIGINT (-j $jobs) then a second run: the uninterrupted rows" [ "$(store_digest "$T/s.db")" = "$ref" ]
done
rm -f "$T/s.db"*
HERALD_TEST_SIGNAL=after-commit "$H" ingest --no-progress --batch 7 "$T/s.db" "$T/in.jsonl" 2>"$T/err"
rc=$?
check "SIGINT after the last commit: exit 0, nothing said" [ "$rc" -eq 0 -a ! -s "$T/err" ]
check "SIGINT after the last commit: the uninterrupted rows" [ "$(store_digest "$T/s.db")" = "$ref" ]

# ---- file-size limit ----------------------------------------------------------------------------
rm -f "$T/f.db"*
(ulimit -f 600; exec "$H" ingest --no-progress --batch 7 "$T/f.db" "$T/in.jsonl") 2>"$T/err"
rc=$?
n=$(docs "$T/f.db")
check "file-size limit: exit 1, not killed by SIGXFSZ (rc $rc)" [ "$rc" -eq 1 ]
check "file-size limit: named, with the exact count stored ($n)" grep -q "file-size limit.*" "$T/err" && grep -q ": $n documents stored, run again when there is space" "$T/err"
check "file-size limit: the store is consistent" [ "$(sqlite3 "$T/f.db" 'PRAGMA integrity_check')" = ok ]
check "file-size limit: whole batches only ($n of 7)" [ $((n % 7)) -eq 0 -a "$n" -gt 0 -a "$n" -lt 600 ]
"$H" ingest --no-progress --batch 7 "$T/f.db" "$T/in.jsonl" 2>/dev/null
check "file-size limit, then a run with room: the uninterrupted rows" [ "$(store_digest "$T/f.db")" = "$ref" ]

# ---- event records: what cannot come from herald code is refused --------------------------------
good='{"event_id":"x-0","doc_id":"x","sentence":1,"text":"Troops shelled Izium.","date":"2022-04-04","code":"195","source":{"text":"Troops","code":"UKRMIL","country":"UKR","role":"MIL"},"location":{"name":"Izium","mention":"Izium","country":"UA","geonames_id":"707292","precision":"city","lat":49.2,"lon":37.3}}'
python3 - "$T/events.jsonl" "$good" <<'PY'
import json, sys
good = json.loads(sys.argv[2])
def variant(i, path, value):
    d = json.loads(json.dumps(good)); d["doc_id"] = d["event_id"][:-2] + str(i); d["event_id"] = d["doc_id"] + "-0"
    o = d
    for k in path[:-1]:
        o = o[k]
    o[path[-1]] = value
    return d
rows = [good,
        variant(1, ["location", "mention"], "<img src=x onerror=alert(1)>"),
        variant(2, ["source", "code"], "<b>RUS</b>"),
        variant(3, ["code"], "19x"),
        variant(4, ["location", "lat"], 123),
        variant(5, ["date"], "2022-02-30"),
        variant(6, ["trigger"], "a" * 5000),
        variant(7, ["text"], "line\u0000cut")]
with open(sys.argv[1], "w") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")
PY
"$H" ingest --no-progress --events "$T/e.db" "$T/events.jsonl" 2>"$T/err"
rc=$?
check "--events: bad records refused, exit 1" [ "$rc" -eq 1 ]
check "--events: each bad record named by line (7)" [ "$(grep -c 'events.jsonl:[2-8]:' "$T/err")" -eq 7 ]
check "--events: markup in a place mention refused" grep -q "events.jsonl:2: location.mention holds characters" "$T/err"
check "--events: only the good record stored" [ "$(sqlite3 "$T/e.db" 'SELECT count(*) FROM mentions')" = 1 ]

# ---- mounts: a full disk, a read-only store -----------------------------------------------------
if [ "$(id -u)" -ne 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
  skip_all store-faults-mounts "disk-full and read-only-mount cases need root and unshare"
fi
mkdir -p "$T/small" "$T/ro"
unshare -m --propagation private bash -c '
  H=$1; T=$2
  mount -t tmpfs -o size=1m tmpfs "$T/small" || exit 3
  "$H" ingest --no-progress --batch 7 "$T/small/d.db" "$T/in.jsonl" 2>"$T/err"
  echo $? >"$T/rc"
  sqlite3 "$T/small/d.db" "SELECT count(*) FROM documents" >"$T/n"
  sqlite3 "$T/small/d.db" "PRAGMA integrity_check" >"$T/integrity"
  cp "$T/small/d.db" "$T/d.db"
  for f in "$T/small/d.db-wal" "$T/small/d.db-shm"; do [ -f "$f" ] && cp "$f" "$T/"; done
  exit 0' _ "$H" "$T"
n=$(cat "$T/n")
check "disk full: exit 1" [ "$(cat "$T/rc")" -eq 1 ]
check "disk full: the exact count stored ($n), and what to do" grep -q "disk full: $n documents stored, run again when there is space" "$T/err"
check "disk full: the count in the summary is the same" grep -q " $n stored," "$T/err"
check "disk full: the store is consistent" [ "$(cat "$T/integrity")" = ok ]
check "disk full: stopped at the failure (one error line, whole batches: $n)" [ "$(grep -c 'is full' "$T/err")" -eq 1 -a $((n % 7)) -eq 0 ]
"$H" ingest --no-progress --batch 7 "$T/d.db" "$T/in.jsonl" 2>/dev/null
check "disk full, then a run with space: the uninterrupted rows" [ "$(store_digest "$T/d.db")" = "$ref" ]

cp "$T/ref.db" "$T/ro/a.db"
unshare -m --propagation private bash -c '
  H=$1; T=$2
  mount --bind "$T/ro" "$T/ro" && mount -o remount,ro,bind "$T/ro" || exit 3
  "$H" query "$T/ro/a.db" --count-by country >"$T/q.out" 2>"$T/q.err"; echo $? >"$T/q.rc"
  "$H" ingest --no-progress "$T/ro/a.db" "$T/in.jsonl" >/dev/null 2>"$T/i.err"; echo $? >"$T/i.rc"
  exit 0' _ "$H" "$T"
check "read-only mount: query reads the WAL store" [ "$(cat "$T/q.rc")" -eq 0 -a -s "$T/q.out" ]
check "read-only mount: ingest refused before any document (exit 2, one line)" [ "$(cat "$T/i.rc")" -eq 2 -a "$(grep -c '' "$T/i.err")" -eq 1 ]
check "read-only mount: the refusal says why" grep -q "cannot be written" "$T/i.err"

done_testing
