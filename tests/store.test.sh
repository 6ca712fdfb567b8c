#!/usr/bin/env bash
# store.test.sh: the event store end to end: clustering on our own multi-outlet set
# (tests/store/dedup.jsonl, floors on pairwise precision and recall), idempotent ingest (by id,
# URL and text), every query filter and format, bad filters and bad databases (clear errors,
# never SQL, never a crash), and a crash test: ingest killed with SIGKILL at random points, then
# run again (every other time with -j 2), must end with exactly the rows of an uninterrupted run
# (whatever moment the kill lands at). Signals, a full disk and read-only stores: store-faults.test.sh.
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
H="$BUILD/herald"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
q() { sqlite3 "$1" "$2"; }
command -v python3 >/dev/null || { skip_all store "python3 missing"; }

# ---- clustering ------------------------------------------------------------------------------
line=$(python3 tools/dedup_eval.py --herald "$H" --input tests/store/dedup.jsonl --min-precision 0.9 --min-recall 0.9)
check "dedup floors (precision and recall >= 0.9): $line" [ $? -eq 0 ]

# ---- idempotent ingest ---------------------------------------------------------------------------
DB="$T/a.db"
"$H" ingest --no-progress "$DB" tests/store/dedup.jsonl 2>"$T/err"
check "ingest exits 0" [ $? -eq 0 ]
counts() { q "$DB" "SELECT (SELECT count(*) FROM documents)||' '||(SELECT count(*) FROM events)||' '||(SELECT count(*) FROM mentions)||' '||(SELECT count(*) FROM attributions)||' '||(SELECT count(*) FROM event_sources)||' '||(SELECT sum(num_mentions) FROM events)"; }
before=$(counts)
"$H" ingest --no-progress "$DB" tests/store/dedup.jsonl 2>"$T/err"
check "second ingest of the same input adds nothing ($before)" [ "$(counts)" = "$before" ]
check "schema version recorded (11)" [ "$(q "$DB" 'PRAGMA user_version')" = 11 ]
check "WAL mode" [ "$(q "$DB" 'PRAGMA journal_mode')" = wal ]
python3 - "$T/dups.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    # same URL as dedup-a1, new id; same text as dedup-b1 with other case and spacing, new id and URL
    f.write(json.dumps({"id": "new-1", "text": "Something else entirely was reported.", "url": "https://daily-wire-service.example/a1"}) + "\n")
    f.write(json.dumps({"id": "new-2", "text": "THOUSANDS of protesters  marched in Nairobi on Tuesday\nagainst a new finance bill that raises taxes on bread and fuel.", "date": "2024-06-25"}) + "\n")
    f.write(json.dumps({"id": "new-3", "text": "Police in Lagos arrested 20 protesters on Friday.", "date": "2024-08-02", "source": "Lagos Daily"}) + "\n")
PY
"$H" ingest --progress "$DB" "$T/dups.jsonl" 2>"$T/err"
check "same URL or same normalised text: skipped" grep -q "1 stored, 2 already stored" "$T/err"
check "progress lines when stderr is no terminal" grep -q "articles read" "$T/err"

# ---- ingest -j: threads code, one thread stores: the same store as one thread ------------------
DBJ="$T/j.db"
cp "$T/dups.jsonl" "$T/mixed.jsonl"
printf '{"id": "bad-json", "text": \n' >>"$T/mixed.jsonl"
printf '{"id": "bad-utf8", "text": "\xff\xfe"}\n' >>"$T/mixed.jsonl"
"$H" ingest --no-progress -j 2 "$DBJ" tests/store/dedup.jsonl "$T/mixed.jsonl" 2>"$T/errj"
rcj=$?
check "ingest -j 2 with bad records exits 1 and names them" [ "$rcj" -eq 1 ] && grep -q "mixed.jsonl" "$T/errj" && grep -q "bad-utf8" "$T/errj"
one=$(DB="$DB" counts)
check "ingest -j 2: the same documents, events, mentions and sources as one thread ($one)" [ "$(DB="$DBJ" counts)" = "$one" ]
"$H" ingest --no-progress -j 2 "$DBJ" tests/store/dedup.jsonl 2>"$T/errj"
check "ingest -j 2 again: nothing added" [ "$(DB="$DBJ" counts)" = "$one" ]
"$H" ingest --progress -j 2 "$DBJ" "$T/dups.jsonl" 2>"$T/errj"
check "ingest -j 2: stored documents skipped and counted" grep -q "0 stored, 3 already stored" "$T/errj"
"$H" ingest --no-progress -j 0 "$DBJ" "$T/dups.jsonl" 2>"$T/errj"
check "ingest -j 0 refused" [ $? -eq 2 ]

# ---- queries ------------------------------------------------------------------------------------
run() { "$H" query "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
run --country PS
check "--country PS: events" [ "$rc" -eq 0 -a -s "$T/out" ]
check "--country PS: only PS" python3 -c 'import json,sys; assert all(json.loads(l)["location"]["country"]=="PS" for l in open(sys.argv[1]))' "$T/out"
run --near 31.34,34.30,25
check "--near Khan Younis 25 km: the strike, reported by 3 outlets" python3 -c '
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
assert rows and max(r["num_sources"] for r in rows)==3, rows' "$T/out"
run --placed
check "--placed: events with a place only" python3 -c '
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
assert rows and all(r["location"] and r["location"]["lat"] is not None for r in rows), rows' "$T/out"
check "--placed: fewer than all" [ "$(wc -l <"$T/out")" -lt "$("$H" query "$DB" | wc -l)" ]
run --actor ISR --code 19 --from 2023-11-01 --to 2023-11-30
check "--actor --code --from --to" [ "$(grep -c '' "$T/out")" -ge 1 -a "$(grep -c '"code":"19' "$T/out")" -eq "$(grep -c '' "$T/out")" ]
run --source "euro times" --text aircraft
check "--source and --text (FTS5)" [ "$(grep -c '' "$T/out")" -eq 1 ]
run --from 2023-01-01 --to 2024-12-31 --country PS --actor ISR --code 19 --acled-type "Air/drone strike" --near 31.34,34.30,25 --source "euro times" --text aircraft --limit 5 --offset 0
check "every filter at once (25 query parameters): exit 0" [ "$rc" -eq 0 ]
run --from 2023-01-01 --to 2024-12-31 --country PS --actor ISR --code 19 --acled-type "Air/drone strike" --near 31.34,34.30,25 --source "euro times" --text aircraft --count-by day
check "every filter at once, counted: exit 0" [ "$rc" -eq 0 ]
run --acled-type "Air/drone strike"
check "--acled-type" [ "$rc" -eq 0 -a -s "$T/out" ]
run --count-by day --format csv
check "--count-by day (CSV)" grep -qP '^2023-11-20,[0-9]+$' "$T/out"
run --count-by day --format gdelt
check "--count-by day (tab-separated in other formats)" grep -qP '^2023-11-20\t[0-9]+$' "$T/out"
run --count-by country
check "--count-by country (JSON)" grep -q '"key":"KE"' "$T/out"
run --count-by week --format csv
check "--count-by week: ISO 8601 weeks (2023-11-20 is 2023-W47), a CSV header" \
  python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); assert r[0]==["week","count"] and any(x[0]=="2023-W47" for x in r[1:]), r' "$T/out"
run --count-by month --format csv
check "--count-by month" grep -qP '^2024-06,[0-9]+$' "$T/out"
run --count-by year --format csv
check "--count-by year" grep -qP '^2024,[0-9]+$' "$T/out"
run --count-by actor --format csv --limit 2
check "--count-by actor: most counted first, --limit" python3 -c '
import csv,sys
r=list(csv.reader(open(sys.argv[1])))
assert r[0]==["actor","count"] and len(r)==3 and int(r[1][1])>=int(r[2][1]), r' "$T/out"
run --count-by outlet --format csv
check "--count-by outlet" grep -q '^Daily Wire Service,[0-9]' "$T/out"
run --count-by outlet --format csv --limit 1 --offset 1
check "--count-by with --offset" [ "$(wc -l <"$T/out")" -eq 2 ]
run --format gdelt
check "gdelt: 61 columns" awk -F'\t' 'NF!=61{bad=1} END{exit bad}' "$T/out"
run --format gdelt-mentions
check "gdelt-mentions: 16 columns" awk -F'\t' 'NF!=16{bad=1} END{exit bad}' "$T/out"
run --format gdelt --header
cp "$T/out" "$T/events.tsv"
run --format gdelt-mentions --header
cp "$T/out" "$T/mentions.tsv"
check "gdelt: every column herald can fill is filled" python3 - "$T/events.tsv" "$T/mentions.tsv" <<'PY'
import csv, sys
csv.field_size_limit(1 << 24)
def rows(path):
    r = list(csv.reader(open(path, encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    return [dict(zip(r[0], x)) for x in r[1:]]
events, mentions = rows(sys.argv[1]), rows(sys.argv[2])
assert len(events) > 5 and len(mentions) >= len(events)
for e in events:
    assert e["AvgTone"] != "" and -100 <= float(e["AvgTone"]) <= 100, e  # the articles' mean tone
    assert e["Actor1Name"] or not e["Actor1Code"], e
for m in mentions:
    assert m["MentionDocLen"].isdigit() and m["MentionDocTone"] != "" and m["Confidence"] != "", m
    if m["MentionIdentifier"].startswith("http"):  # the web domain, else the outlet's name
        assert "." in m["MentionSourceName"] and "/" not in m["MentionSourceName"], m
    assert int(m["ActionCharOffset"]) >= 0 and int(m["ActionCharOffset"]) < int(m["MentionDocLen"]), m
assert any(int(m["Actor1CharOffset"]) >= 0 for m in mentions) and any(int(m["Actor2CharOffset"]) >= 0 for m in mentions)
PY
# the parts of an actor code in their own columns, from a store (dict/actor-codes.txt)
printf '%s\n' '{"id":"grp1","date":"2016-05-01","text":"Islamic State fighters attacked Kurdish forces near Kirkuk on Sunday. The European Union condemned the Islamic State. Human Rights Watch criticized the World Health Organization."}' >"$T/groups.jsonl"
"$H" ingest --no-progress "$T/groups.db" "$T/groups.jsonl" 2>"$T/err"
"$H" query "$T/groups.db" --format gdelt --header >"$T/groups.tsv" 2>"$T/err"
check "gdelt: known group, religion, region and second type from the actor code" python3 - "$T/groups.tsv" <<'PY'
import csv, sys
r = list(csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
actors = {}
for row in (dict(zip(r[0], x)) for x in r[1:]):
    for side in ("Actor1", "Actor2"):
        if row[side + "Code"]:
            actors[row[side + "Code"]] = [row[side + c] for c in ("CountryCode", "KnownGroupCode", "Religion1Code", "Type1Code", "Type2Code")]
assert actors.get("IMGMOSISI") == ["", "ISI", "MOS", "IMG", ""], actors
assert actors.get("IGOEUREEC") == ["EUR", "EEC", "", "IGO", ""], actors
assert actors.get("NGOHRIHRW") == ["", "HRW", "", "NGO", "HRI"], actors
PY
GDELT_REF=../shared/reference/gdelt
if [ -d "$GDELT_REF" ]; then
  check "gdelt: the Events header row is GDELT's 61 column names" python3 -c '
import csv,sys
names=[r[0] for r in list(csv.reader(open(sys.argv[1])))[1:]]
assert open(sys.argv[2]).readline().rstrip("\n").split("\t")==names' "$GDELT_REF/GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv" "$T/events.tsv"
  check "gdelt: the Mentions header row is GDELT's 16 column names" python3 -c '
import sys
names=[l.split("\t")[1] for l in open(sys.argv[1]).read().splitlines()[1:] if l.strip()]
assert open(sys.argv[2]).readline().rstrip("\n").split("\t")==names, names' "$GDELT_REF/GDELT_2.0_eventMentions_Column_Labels_Header_Row_Sep2016.tsv" "$T/mentions.tsv"
else
  echo "skipped: ../shared missing (GDELT's column names)"
fi
run --format csv
check "csv: a header and rows a CSV reader reads" python3 -c '
import csv,sys
rows=list(csv.reader(open(sys.argv[1])))
assert rows[0][0]=="event_id" and len(rows)>5 and all(len(r)==len(rows[0]) for r in rows)' "$T/out"
run --format acled
ACLED_HEADER=event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
check "acled: ACLED's 31 columns in its order" [ "$(head -1 "$T/out")" = "$ACLED_HEADER" ]
check "acled: every row 31 fields, ACLED's codes and names" python3 - "$T/out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert rows and all(len(r) == 31 and None not in r for r in rows), "a row of another width"
assert all(r["event_type"] for r in rows), "an event of no ACLED type"
kherson = [r for r in rows if r["location"] == "Kherson"][0]
assert kherson["actor1"] == "Military Forces of Russia" and kherson["inter1"] == "8", kherson  # a foreign state's forces
assert kherson["iso"] == "804" and kherson["country"] == "Ukraine" and kherson["region"] == "Europe", kherson
assert kherson["disorder_type"] == "Political violence" and kherson["time_precision"] == "1", kherson
nairobi = [r for r in rows if r["location"] == "Nairobi"][0]
assert nairobi["actor1"] == "Protesters (Kenya)" and nairobi["inter1"] == "6" and nairobi["interaction"] == "60", nairobi
assert nairobi["admin1"] == "Nairobi County" and nairobi["region"] == "Eastern Africa" and nairobi["event_id_cnty"].startswith("KEN"), nairobi
# fatalities: the most dead a report counts ("killing at least 12 people"), 0 when none counts any
khan = [r for r in rows if r["location"] == "Khān Yūnis" and "12 people" in r["notes"]][0]
assert khan["fatalities"] == "12" and nairobi["fatalities"] == "0", (khan["fatalities"], nairobi["fatalities"])
assert int(nairobi["timestamp"]) % 86400 == 0 and nairobi["event_date"] == "2024-06-25", nairobi
PY
PY_PANDAS=$(python_with pandas)
check "acled: a python with pandas (scripts/setup.sh installs python3-pandas)" [ -n "$PY_PANDAS" ]
check "acled: pandas reads it with ACLED's header and number columns" "${PY_PANDAS:-false}" - "$T/out" "$ACLED_HEADER" <<'PY'
import sys
import pandas as pd
df = pd.read_csv(sys.argv[1], dtype={"event_id_cnty": str})
assert list(df.columns) == sys.argv[2].split(","), list(df.columns)
assert pd.api.types.is_integer_dtype(df["inter1"]) and pd.api.types.is_integer_dtype(df["year"])
assert pd.api.types.is_float_dtype(df["latitude"]) and pd.api.types.is_integer_dtype(df["timestamp"])
assert pd.to_datetime(df["event_date"]).notna().all()
PY
ACLED_REF=../shared/events/acled/acled-2023-subset.csv
if [ -f "$ACLED_REF" ]; then
  check "acled: the header of ACLED's own export" [ "$(head -1 "$ACLED_REF" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" = "$ACLED_HEADER" ]
else
  echo "skipped: ../shared missing (the header of ACLED's own export)"
fi
run --format plover --limit 3
check "plover: JSON lines, --limit" python3 -c '
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
assert len(rows)==3 and all("event_type" in r for r in rows)' "$T/out"
run --format plover
PY_SCHEMA=$(python_with jsonschema)
check "plover: a python with jsonschema (scripts/setup.sh installs python3-jsonschema)" [ -n "$PY_SCHEMA" ]
check "plover: every record valid against docs/plover-event.schema.json (PLOVER 2021 types, modes, contexts)" \
  "${PY_SCHEMA:-false}" - "$T/out" <<'PY'
import json, sys, jsonschema
schema = json.load(open("docs/plover-event.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
rows = [json.loads(line) for line in open(sys.argv[1])]
assert len(rows) > 5
for r in rows:
    validator.validate(r)
dhaka = [r for r in rows if r["location"] and r["location"]["name"] == "Dhaka"][0]
assert dhaka["event_type"] == "COERCE" and dhaka["event_mode"] == "arrest" and dhaka["event_context"] == ["legal"], dhaka
assert dhaka["location"]["geonames_id"] == "1185241" and dhaka["location"]["admin1"] == "Dhaka Division", dhaka
assert dhaka["actor"]["sector"] == "COP" and dhaka["publication_date"] == "2024-07-20", dhaka
# a mode of herald's finer list is the draft's in event_mode, herald's own in event_mode_detail
strikes = [r for r in rows if r["event_mode_detail"] == "aerial"]
assert strikes and all(r["event_mode"] == "heavy-weapons" for r in strikes), strikes[:1]
# a record that breaks the draft is caught: a PLOVER 0.5 type, a mode of no draft
for field, value in (("event_type", "DISAPPROVE"), ("event_mode", "aerial")):
    try:
        validator.validate(dict(rows[0], **{field: value}))
        raise SystemExit("the schema let %s %s through" % (field, value))
    except jsonschema.ValidationError:
        pass
PY

# ---- bad filters and bad stores -----------------------------------------------------------------
for bad in "--actor X';DROP TABLE events;--" "--country S'Y" "--code 1%" "--from 2024-13" "--count-by fortnight" "--near 200,0,5" "--text AND(("; do
  set -- $bad
  run "$1" "${*:2}"
  check "bad $1 refused with a message (exit 2)" [ "$rc" -eq 2 -a -s "$T/err" ]
done
check "tables intact after hostile filters" [ "$(counts)" != "" ]
run --limit -3
check "negative --limit refused" [ "$rc" -eq 2 ]
"$H" query "$T/none.db" >"$T/out" 2>"$T/err"
check "missing store: exit 2, named" [ $? -eq 2 ] && check "missing store: message" grep -q "none.db" "$T/err"
echo "not a database" >"$T/text.db"
"$H" query "$T/text.db" >"$T/out" 2>"$T/err"; rc=$?
check "a text file as store: exit 2, no crash" [ "$rc" -eq 2 ]
"$H" ingest --no-progress "$T/text.db" tests/store/dedup.jsonl >"$T/out" 2>"$T/err"; rc=$?
check "ingest into a non-database: exit 2 with a message" [ "$rc" -eq 2 -a -s "$T/err" ]
printf '{"id":"x1","text":"Troops shelled the town of Izium on Monday.","date":"2022-04-04"}\n{"id":"x2","text":"broken\n{"id":"x3","text":"bad \xff byte"}\n' >"$T/mixed.jsonl"
"$H" ingest --no-progress "$T/m.db" "$T/mixed.jsonl" >"$T/out" 2>"$T/err"; rc=$?
check "bad records: exit 1, good ones stored" [ "$rc" -eq 1 -a "$(q "$T/m.db" 'SELECT count(*) FROM documents')" = 1 ]
check "bad records: named by line" grep -q "mixed.jsonl:2" "$T/err"

# ---- crash test ---------------------------------------------------------------------------------
# 3,000 articles made from our fixtures (re-dated and re-worded so none is a duplicate)
python3 tests/store/articles.py 3000 crash "$T/crash.jsonl"
"$H" ingest --no-progress --batch 7 "$T/ref.db" "$T/crash.jsonl" 2>/dev/null
ref=$(store_digest "$T/ref.db")
t0=$(date +%s%N)
"$H" ingest --no-progress --batch 7 "$T/time.db" "$T/crash.jsonl" 2>/dev/null
span_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$span_ms" -lt 20 ] && span_ms=20
same=0; interrupted=0
for i in $(seq 1 20); do
  rm -f "$T/c.db" "$T/c.db-wal" "$T/c.db-shm"
  jobs=$((i % 2 + 1)) # every other run codes on two threads
  "$H" ingest --no-progress -j "$jobs" --batch 7 "$T/c.db" "$T/crash.jsonl" 2>/dev/null &
  pid=$!
  sleep "$(python3 -c "import random; print(random.Random($i).uniform(0, $span_ms) / 1000)")"
  kill -9 "$pid" 2>/dev/null && interrupted=$((interrupted + 1))
  wait "$pid" 2>/dev/null
  "$H" ingest --no-progress -j "$jobs" --batch 7 "$T/c.db" "$T/crash.jsonl" 2>/dev/null
  [ "$(store_digest "$T/c.db")" = "$ref" ] && same=$((same + 1))
done
echo "# crash test: $interrupted of 20 runs killed mid-way (an uninterrupted run takes $span_ms ms); $same of 20 completed to the reference rows"
check "crash test: 20 kill -9 runs end with the uninterrupted rows" [ "$same" -eq 20 ]
done_testing
