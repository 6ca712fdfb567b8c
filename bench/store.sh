#!/usr/bin/env bash
# bench/store.sh: the event store at work. (1) Ingests every file of ../shared/corpus/ and the
# seed into a fresh store: articles/s, store size per 1,000 articles; a second ingest of the
# same input must leave the row counts unchanged; the same input with -j 2 must give the same
# rows. (2) Grows that store to at least 5 million events by copies of its rows, re-dated
# (53 days apart) and re-keyed, and (3) times typical `herald query` calls on it (a new process
# each, --limit 100): the first run, then p50 and p99 of 200 more.
# The large store is kept in $HERALD_SCALE_DB (default /tmp/herald-scale.db) for later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
H="$BUILD/herald"
shared=../shared
if [ ! -d "$shared/corpus" ]; then echo "skipped: ../shared missing"; exit 0; fi
command -v sqlite3 >/dev/null || { echo "skipped: the sqlite3 shell is missing"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/corpus.db"
inputs=("$shared/seed/joinfo-2015-10-01.jsonl" "$shared"/corpus/*.jsonl)
counts() { sqlite3 "$db" "SELECT (SELECT count(*) FROM documents)||' documents, '||(SELECT count(*) FROM events)||' events, '||(SELECT count(*) FROM mentions)||' mentions, '||(SELECT count(*) FROM attributions)||' attributions'"; }
t0=$(date +%s.%N)
"$H" ingest --no-progress "$db" "${inputs[@]}"
t1=$(date +%s.%N)
one_s=$(echo "$t1 - $t0" | bc)
articles=$(cat "${inputs[@]}" | grep -c '')
first=$(counts)
size=$(stat -c %s "$db")
python3 -c "
import sys
a, s, t = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
print(f'store ingest        {a} articles in {t:.1f} s: {a/t:.0f} articles/s; store {s/1e6:.0f} MB, {s/1e6/a*1000:.2f} MB per 1,000 articles')
" "$articles" "$size" "$(echo "$t1 - $t0" | bc)"
echo "store contents      $first"
"$H" ingest --no-progress "$db" "${inputs[@]}"
second=$(counts)
if [ "$first" = "$second" ]; then echo "store re-ingest     row counts unchanged"; else echo "store re-ingest     CHANGED: $second"; fi
# the same input with two coding threads (one thread stores): time, and the same rows
one_db=$db
db="$work/corpus-j2.db"
t0=$(date +%s.%N)
"$H" ingest --no-progress -j 2 "$db" "${inputs[@]}"
t1=$(date +%s.%N)
python3 -c "
import sys
a, t, t1 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f'store ingest -j 2   {a} articles in {t:.1f} s: {a/t:.0f} articles/s, {t1/t:.2f}x one thread')
" "$articles" "$(echo "$t1 - $t0" | bc)" "$one_s"
if [ "$(counts)" = "$first" ]; then echo "store ingest -j 2   the same rows as one thread"; else echo "store ingest -j 2   DIFFERENT rows: $(counts)"; fi
db=$one_db

scale=${HERALD_SCALE_DB:-/tmp/herald-scale.db}
want=5000000
have=0
[ -f "$scale" ] && have=$(sqlite3 "$scale" "SELECT count(*) FROM events" 2>/dev/null || echo 0)
if [ "$have" -lt "$want" ]; then
  rm -f "$scale" "$scale-wal" "$scale-shm"
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  cp "$db" "$scale"
  E=$(sqlite3 "$scale" "SELECT max(id) FROM events")
  M=$(sqlite3 "$scale" "SELECT max(id) FROM mentions")
  D=$(sqlite3 "$scale" "SELECT max(id) FROM documents")
  copies=$(( (want + E - 1) / E ))
  t0=$(date +%s.%N)
  sqlite3 "$scale" <<SQL
PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;
CREATE TEMP TABLE k(n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < $copies - 1) INSERT INTO k SELECT n FROM c;
DROP INDEX events_date; DROP INDEX events_root_date; DROP INDEX events_country_date; DROP INDEX events_source;
DROP INDEX events_target; DROP INDEX events_code; DROP INDEX events_lat; DROP INDEX mentions_event; DROP INDEX mentions_doc;
INSERT INTO documents(id, doc_key, url, text_hash, title, date, outlet, n_mentions)
  SELECT d.id + k.n * $D, d.doc_key || '#' || k.n, CASE WHEN d.url IS NULL THEN NULL ELSE d.url || '#' || k.n END,
         d.text_hash || '#' || k.n, d.title, date(d.date, '+' || (k.n * 53) || ' days'), d.outlet, d.n_mentions
  FROM k, documents d WHERE d.id <= $D;
INSERT INTO events SELECT e.id + k.n * $E, date(e.date, '+' || (k.n * 53) || ' days'), e.date_precision, e.code, e.root,
         e.quad_class, e.goldstein, e.source_code, e.source_country, e.source_role, e.target_code, e.target_country,
         e.target_role, e.geonames_id, e.country, e.precision, e.lat, e.lon, e.acled_type, e.acled_sub_type,
         e.plover_type, e.plover_mode, e.case_label, e.num_mentions, e.num_sources, e.num_articles,
         date(e.first_seen, '+' || (k.n * 53) || ' days'), date(e.last_seen, '+' || (k.n * 53) || ' days')
  FROM k, events e WHERE e.id <= $E;
INSERT INTO mentions SELECT m.id + k.n * $M, m.event_id + k.n * $E, m.doc_id + k.n * $D, m.event_index, m.sentence,
         m.span_start, m.span_end, m.text, m.trigger, m.rule, m.code, date(m.date, '+' || (k.n * 53) || ' days'),
         m.source_text, m.target_text, m.place_mention, m.hedged, m.background
  FROM k, mentions m WHERE m.id <= $M;
INSERT INTO attributions SELECT a.mention_id + k.n * $M, a.position, a.kind, a.name FROM k, attributions a WHERE a.mention_id <= $M;
INSERT INTO event_sources SELECT s.event_id + k.n * $E, s.outlet FROM k, event_sources s WHERE s.event_id <= $E;
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root_date ON events(root, date);
CREATE INDEX events_country_date ON events(country, date);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_code ON events(code);
CREATE INDEX events_lat ON events(lat);
CREATE INDEX mentions_event ON mentions(event_id, doc_id);
CREATE INDEX mentions_doc ON mentions(doc_id);
INSERT INTO mentions_fts(mentions_fts) VALUES('rebuild');
ANALYZE;
PRAGMA journal_mode = WAL;
SQL
  t1=$(date +%s.%N)
  echo "scale store built   in $(echo "$t1 - $t0" | bc | cut -d. -f1) s"
fi
# a store of an older schema is migrated by opening it for writing
if [ "$(sqlite3 "$scale" 'PRAGMA user_version')" != "$(sqlite3 "$db" 'PRAGMA user_version')" ]; then
  "$H" ingest --no-progress "$scale" /dev/null
  sqlite3 "$scale" "ANALYZE"
fi
nev=$(sqlite3 "$scale" "SELECT count(*) FROM events")
nment=$(sqlite3 "$scale" "SELECT count(*) FROM mentions")
echo "scale store         $nev events, $nment mentions, $(( $(stat -c %s "$scale") / 1000000 )) MB ($scale)"
latency() { # NAME ARGS...: the first (cold) run, then p50 and p99 over 200 more runs
  local name=$1; shift
  local times=() s0 e0
  s0=$(date +%s%N)
  "$H" query "$scale" "$@" >/dev/null
  e0=$(date +%s%N)
  for i in $(seq 1 200); do
    local s e
    s=$(date +%s%N)
    "$H" query "$scale" "$@" >/dev/null
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  python3 -c "
import math, sys
cold = int(sys.argv[2]) / 1000
t = sorted(int(x) / 1000 for x in sys.argv[3:])
rank = lambda p: t[max(0, math.ceil(p * len(t)) - 1)]
print(f'query {sys.argv[1]:<34} p50 {rank(0.5):7.1f} ms   p99 {rank(0.99):7.1f} ms   (first, cold: {cold:.1f} ms)')
" "$name" "$(( (e0 - s0) / 1000 ))" "${times[@]}"
}
latency "--country SY (latest 100)" --country SY --limit 100
latency "--country SY --from/--to (a month)" --country SY --from 2016-03-01 --to 2016-03-31 --limit 100
latency "--actor RUS --code 19" --actor RUS --code 19 --limit 100
latency "--code 14 (protests)" --code 14 --limit 100
latency "--near Aleppo 50 km" --near 36.2,37.16,50 --limit 100
latency "--source cnn" --source cnn --limit 100
latency "--text airstrike" --text airstrike --limit 100
latency "--acled-type Protests --country US" --acled-type Protests --country US --limit 100
latency "--count-by day --country UA" --count-by day --country UA
latency "--count-by country (a month)" --count-by country --from 2016-03-01 --to 2016-03-31
