#!/usr/bin/env bash
# cli.test.sh: end-to-end checks of the herald command line on files made here: exit statuses
# (0 good, 1 when a record failed, 2 on usage errors), messages naming file and line, stdin,
# output formats and files, forced input formats, directories, explain/info, and inputs meant
# to break it (a 20 MB line, binary garbage). Prints "ok NAME" / "not ok NAME" per check.
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
BUILD=${BUILD:-build}
H=$PWD/$BUILD/herald
T=$(mktemp -d "${TMPDIR:-/tmp}/herald-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT


# run ARGS...: runs herald, stdout to $T/out, stderr to $T/err, status in $rc
run() {
  "$H" "$@" >"$T/out" 2>"$T/err"
  rc=$?
}

crashed() { [ "$rc" -ge 128 ] || grep -qE 'Sanitizer|runtime error|Segmentation' "$T/err"; }
lines() { grep -c '' "$1"; }

cat >"$T/good.jsonl" <<'EOF'
{"id":"g1","text":"Russian jets bombed the city of Hama on Tuesday.","date":"2015-10-06"}
{"id":"g2","text":"Israeli soldiers shot a man in Hebron.","date":"2015-10-07","source":"Example","url":"http://example.com/2"}
{"id":"g3","text":"The weather was fine."}
EOF
cat >"$T/mixed.jsonl" <<'EOF'
{"id":"m1","text":"Russian jets bombed the city of Hama."}
{"id":"m2","text":"broken
{"text":"no id here"}
{"id":"m4","text":"Israeli soldiers shot a man in Hebron."}
{"id":"m5","text":"x","date":"not a date"}
EOF

# ---- good input -----------------------------------------------------------------------------
run code "$T/good.jsonl"
check "good file exits 0" [ "$rc" -eq 0 ]
check "good file gives events" [ "$(lines "$T/out")" -ge 2 ]
check "good file: nothing on stderr" [ ! -s "$T/err" ]
check "good file: JSON lines" python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    assert o["doc_id"] in ("g1", "g2"), o
    assert o["event_id"].startswith(o["doc_id"] + "-")
' "$T/out"
good_events=$(lines "$T/out")

# ---- bad records ----------------------------------------------------------------------------
run code "$T/mixed.jsonl"
check "bad records: exit 1" [ "$rc" -eq 1 ]
check "bad records: good ones still coded" [ "$(grep -c '"doc_id":"m[14]"' "$T/out")" -eq "$(lines "$T/out")" -a "$(lines "$T/out")" -ge 2 ]
check "bad records: both good documents present" grep -q '"doc_id":"m4"' "$T/out"
check "bad records: message names file:2" grep -q "mixed.jsonl:2:" "$T/err"
check "bad records: message names file:3" grep -q "mixed.jsonl:3:" "$T/err"
check "bad records: message names file:5" grep -q "mixed.jsonl:5:" "$T/err"
check "bad records: three messages" [ "$(lines "$T/err")" -eq 3 ]

# ---- document entities ----------------------------------------------------------------------
run code --entities "$T/good.jsonl"
check "entities: exit 0" [ "$rc" -eq 0 ]
check "entities: one record per document" [ "$(lines "$T/out")" -eq 3 ]
check "entities: records are JSON with every part" python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    for k in ("doc_id", "persons", "organizations", "places", "counts", "quotations", "tone"):
        assert k in o, k
    assert "event_id" not in o
' "$T/out"
run code --entities "$T/mixed.jsonl"
check "entities, bad records: exit 1" [ "$rc" -eq 1 ]
check "entities, bad records: the good documents (and m5, whose bad date costs it its date only)" [ "$(cut -c1-20 "$T/out" | tr '\n' ' ')" = '{"doc_id":"m1","pers {"doc_id":"m4","pers {"doc_id":"m5","pers ' ]
check "entities, bad records: three messages" [ "$(lines "$T/err")" -eq 3 ]

# ---- threads ---------------------------------------------------------------------------------
python3 -c '
import json
texts = ["Russian jets bombed the city of Hama on Tuesday.", "Israeli soldiers shot a man in Hebron.",
         "The weather was fine.", "Police arrested 12 protesters in Lagos on Friday."]
with open("'"$T"'/many.jsonl", "w") as f:
    for i in range(700):
        f.write(json.dumps({"id": "d%d" % i, "text": texts[i % 4], "date": "2020-01-%02d" % (1 + i % 28)}) + "\n")
        if i % 250 == 0:
            f.write("{broken\n")
'
"$H" code "$T/many.jsonl" >"$T/one" 2>"$T/err1"; rc1=$?
"$H" code -j 2 "$T/many.jsonl" >"$T/two" 2>"$T/err2"; rc2=$?
check "-j 2: the same events in the same order as one thread" cmp -s "$T/one" "$T/two"
check "-j 2: the same exit status and messages" [ "$rc1" -eq "$rc2" -a "$rc1" -eq 1 ] && check "-j 2: bad records named" [ "$(sort "$T/err1")" = "$(sort "$T/err2")" ]
"$H" code --entities "$T/many.jsonl" >"$T/one" 2>/dev/null
"$H" code --entities -j 3 --unordered "$T/many.jsonl" >"$T/two" 2>/dev/null
check "-j 3 --entities: the same records" cmp -s "$T/one" "$T/two"
run code -j 0 "$T/good.jsonl"
check "-j 0: usage error" [ "$rc" -eq 2 ]
run code -j x "$T/good.jsonl"
check "-j x: usage error" [ "$rc" -eq 2 ]

# ---- usage errors ---------------------------------------------------------------------------
run code --no-such-option "$T/good.jsonl"
check "unknown option: exit 2" [ "$rc" -eq 2 ]
check "unknown option: named" grep -q -- "--no-such-option" "$T/err"
run code
check "no input: exit 2" [ "$rc" -eq 2 ]
run code --format xml "$T/good.jsonl"
check "bad --format: exit 2" [ "$rc" -eq 2 ]
check "bad --format: no output" [ ! -s "$T/out" ]
run code --input-format pdf "$T/good.jsonl"
check "bad --input-format: exit 2" [ "$rc" -eq 2 ]
run code "$T/good.jsonl" --format
check "--format without a value: exit 2" [ "$rc" -eq 2 ]
run frobnicate
check "unknown command: exit 2" [ "$rc" -eq 2 ]
run
check "no command: exit 2" [ "$rc" -eq 2 ]
run code --model "$T/nope.hdm" "$T/good.jsonl"
check "missing model: exit 2" [ "$rc" -eq 2 ]
check "missing model: named" grep -q "nope.hdm" "$T/err"
run code --date 2015-99-99 "$T/good.jsonl"
check "bad --date: fails" [ "$rc" -ne 0 ]
check "bad --date: named" grep -q "2015-99-99" "$T/err"
run code "$T/does-not-exist.jsonl"
check "missing input: exit 1" [ "$rc" -eq 1 ]
check "missing input: named" grep -q "does-not-exist.jsonl" "$T/err"
run code -o "$T/no/such/dir/out.jsonl" "$T/good.jsonl"
check "unwritable -o: fails" [ "$rc" -ne 0 ]
run version
check "version" grep -q "^herald " "$T/out"

# ---- stdin, formats, output file ------------------------------------------------------------
"$H" code - <"$T/good.jsonl" >"$T/out" 2>"$T/err"
rc=$?
check "stdin: exit 0" [ "$rc" -eq 0 ]
check "stdin: same events as the file" [ "$(lines "$T/out")" -eq "$good_events" ]
printf '%s\n' '{"id":"s1","text":"broken' | "$H" code - >"$T/out" 2>"$T/err"
rc=$?
check "stdin: bad record exit 1" [ "$rc" -eq 1 ]
check "stdin: message names stdin:1" grep -q "stdin:1:" "$T/err"
# a headline's "X to do Y" says what X will do; a headline's present tense is a fact
printf '%s\n' '{"id":"h1","title":"Egypt to host truce talks with Israel","text":"Officials confirmed the plan.","date":"2022-11-09"}' \
  '{"id":"h2","title":"Police arrest 20 protesters in Lagos","text":"The protest was banned.","date":"2022-11-09"}' | "$H" code - >"$T/head" 2>/dev/null
check "headline 'X to host': intent" grep -q '"doc_id":"h1","sentence":0,.*"mood":"intent"' "$T/head"
check "headline present tense: fact" grep -q '"doc_id":"h2","sentence":0,.*"mood":"fact"' "$T/head"
printf '%s\n' '{"id":"h3","title":"Police fire tear gas at students in Dhaka","text":"","date":"2022-11-09"}' | "$H" code - >"$T/head" 2>/dev/null
check "headline 'Police fire tear gas': police act" grep -q '"doc_id":"h3".*"code":"175"' "$T/head"
# a headline drops a passive's auxiliary: "engineers kidnapped" underwent the kidnapping, and
# "suspects arrested" did not arrest anyone
printf '%s\n' '{"id":"h4","title":"Chinese engineers kidnapped in Pakistan","text":"","date":"2004-10-10"}' \
  '{"id":"h5","title":"Two Chinese engineers abducted in Pakistan","text":"","date":"2004-10-10"}' | "$H" code - >"$T/head" 2>/dev/null
check "headline 'engineers kidnapped': they kidnapped no one" bash -c '! grep -q "$0" "$1"' '"source":{"text":"[A-Za-z ]*engineers"' "$T/head"
# (the coder's reading: a headline without its doer is beyond what the confidence classifier learnt from)
printf '%s\n' '{"id":"h6","title":"National Guard headquarters attacked near Baghdad","text":"","date":"2004-10-10"}' | "$H" code --min-confidence 0 - >"$T/head" 2>/dev/null
check "headline 'headquarters attacked': it underwent the attack" grep -q '"source":null,"target":{"text":"National Guard headquarters"' "$T/head"
# a headline names bare whom its lede introduces with a title
printf '%s\n' '{"id":"h7","title":"Ted Cruz Accuses Donald Trump Of Lying","text":"Senator Ted Cruz accused Donald Trump of lying on Friday.","date":"2016-03-25"}' | "$H" code --min-confidence 0 - >"$T/head" 2>/dev/null
check "headline's bare name: the lede's titled person" grep -q '"doc_id":"h7","sentence":0,.*"source":{"text":"Ted Cruz","code":"USALEG"' "$T/head"
# a dateline says where a report was filed: no one in it acts
printf '%s\n' '{"id":"d1","text":"WASHINGTON (Reuters) - Gunmen kidnapped two engineers on Tuesday.","date":"2004-10-10"}' | "$H" code - >"$T/head" 2>/dev/null
check "dateline: the place is no actor" grep -q '"doc_id":"d1".*"source":{"text":"Gunmen"' "$T/head"
# the map step of Hadoop Streaming or Spark's RDD.pipe: each partition piped through its own
# herald process; together they give the events of one run over the whole input
grep -v broken "$T/many.jsonl" >"$T/clean.jsonl"
"$H" code "$T/clean.jsonl" >"$T/whole" 2>/dev/null
(cd "$T" && split -n l/3 clean.jsonl part-)
for p in "$T"/part-*; do "$H" code - <"$p"; done >"$T/parts" 2>/dev/null
check "partitions piped through herald code - one by one: the events of one run" cmp -s "$T/whole" "$T/parts"

run code --format gdelt "$T/good.jsonl"
check "gdelt: exit 0" [ "$rc" -eq 0 ]
check "gdelt: one row per event" [ "$(lines "$T/out")" -eq "$good_events" ]
check "gdelt: 61 columns" awk -F'\t' 'NF != 61 { bad = 1 } END { exit bad }' "$T/out"
check "gdelt: root code and quad class columns" awk -F'\t' '
  { if (substr($27, 1, 2) != $29 || $30 !~ /^[1-4]$/ || $31 !~ /^-?[0-9]+(\.[0-9]+)?$/) bad = 1 }
  END { exit bad }' "$T/out"
check "gdelt: SQLDATE of g1" grep -q $'\t20151006\t201510\t2015\t' "$T/out"
check "gdelt: SOURCEURL last" awk -F'\t' '$2 == "20151007" && $61 != "http://example.com/2" { bad = 1 } END { exit bad }' "$T/out"

run code -o "$T/events.jsonl" "$T/good.jsonl"
check "-o: exit 0" [ "$rc" -eq 0 ]
check "-o: nothing on stdout" [ ! -s "$T/out" ]
check "-o: events in the file" [ "$(lines "$T/events.jsonl")" -eq "$good_events" ]
run code --no-negated "$T/good.jsonl"
check "--no-negated: runs" [ "$rc" -eq 0 ]

# ---- input formats and directories -----------------------------------------------------------
printf 'Russian jets bombed the city of Hama.\n' >"$T/article"
run code --date 2015-10-01 "$T/article"
check "text without extension: exit 0" [ "$rc" -eq 0 ]
check "text without extension: coded" grep -q '"date":"2015-10-01"' "$T/out"
check "text: id is the path" grep -qF "\"doc_id\":\"$T/article\"" "$T/out"
run code --input-format jsonl "$T/article"
check "--input-format jsonl on text: exit 1" [ "$rc" -eq 1 ]
check "--input-format jsonl on text: file:1" grep -q "article:1:" "$T/err"
cp "$T/good.jsonl" "$T/good.txt"
run code --input-format jsonl "$T/good.txt"
check "--input-format jsonl on .txt: exit 0" [ "$rc" -eq 0 ]
check "--input-format jsonl on .txt: events" [ "$(lines "$T/out")" -eq "$good_events" ]
cat >"$T/page.html" <<'EOF'
<!DOCTYPE html><html><head><title>Jets strike Hama</title></head><body>
<nav>Home | World | Sport</nav><article><p>Russian jets bombed the city of Hama on Tuesday,
killing ten people, a monitor said.</p></article><footer>Copyright</footer></body></html>
EOF
run code --date 2015-10-06 "$T/page.html"
check "html: exit 0" [ "$rc" -eq 0 ]
check "html: coded" [ "$(lines "$T/out")" -ge 1 ]
run code --input-format text "$T/page.html"
check "--input-format text on html: runs" [ "$rc" -eq 0 ]

mkdir -p "$T/corpus/sub" "$T/corpus/.hidden"
cp "$T/good.jsonl" "$T/corpus/a.jsonl"
cp "$T/article" "$T/corpus/sub/b.txt"
cp "$T/mixed.jsonl" "$T/corpus/.hidden/c.jsonl"
run code "$T/corpus"
check "directory: exit 0" [ "$rc" -eq 0 ]
check "directory: events from both files" [ "$(lines "$T/out")" -eq $((good_events + 1)) ]
check "directory: hidden skipped" [ ! -s "$T/err" ]
cp "$T/mixed.jsonl" "$T/corpus/sub/m.jsonl"
run code "$T/corpus" "$T/good.jsonl"
check "directory with a bad record: exit 1" [ "$rc" -eq 1 ]
check "directory with a bad record: names the file" grep -q "sub/m.jsonl:2:" "$T/err"

# ---- explain and info -----------------------------------------------------------------------
run explain "Russian jets bombed the city of Hama."
check "explain: exit 0" [ "$rc" -eq 0 ]
check "explain: shows the sentence" grep -q "SENTENCE 1" "$T/out"
check "explain: shows an event" grep -q "EVENT" "$T/out"
run explain --date 2015-10-01 ""
check "explain empty: no crash" [ "$rc" -le 1 ]
run explain "$(printf 'bad \xff bytes')"
check "explain invalid UTF-8: exit 1" [ "$rc" -eq 1 ]
run explain
check "explain without text: exit 2" [ "$rc" -eq 2 ]
run info
check "info: exit 0" [ "$rc" -eq 0 ]
check "info: counts" awk -F'\t' '$1 == "words" && $2 > 1000 { ok = 1 } END { exit !ok }' "$T/out"
run info --model "$T/article"
check "info with a bad model: exit 2" [ "$rc" -eq 2 ]

# ---- inputs meant to break it ---------------------------------------------------------------
python3 -c '
import sys
sys.stdout.write("{\"id\":\"ok1\",\"text\":\"Russian jets bombed the city.\"}\n")
sys.stdout.write("{\"id\":\"huge\",\"text\":\"" + "attack " * (20 * 1024 * 1024 // 7) + "\"}\n")
sys.stdout.write("{\"id\":\"ok2\",\"text\":\"Israeli soldiers shot a man.\"}\n")
' >"$T/huge.jsonl"
run code "$T/huge.jsonl"
check "20 MB line: no crash" eval '! crashed'
check "20 MB line: exit 1" [ "$rc" -eq 1 ]
check "20 MB line: named" grep -q "huge.jsonl:2:" "$T/err"
check "20 MB line: others coded" grep -q '"doc_id":"ok2"' "$T/out"

head -c 200000 /dev/urandom >"$T/garbage.bin"
run code "$T/garbage.bin"
check "binary garbage: no crash" eval '! crashed'
check "binary garbage: exit 1" [ "$rc" -eq 1 ]
check "binary garbage: message" [ -s "$T/err" ]
run code --input-format jsonl "$T/garbage.bin"
check "binary garbage as JSONL: no crash" eval '! crashed'
check "binary garbage as JSONL: exit 1" [ "$rc" -eq 1 ]
run code --input-format html "$T/garbage.bin"
check "binary garbage as HTML: no crash" eval '! crashed'
check "binary garbage as HTML: exit 0 or 1 (gumbo repairs any bytes)" [ "$rc" -le 1 ]
printf '\x00\x00\x00' >"$T/nul.txt"
run code "$T/nul.txt"
check "NUL bytes in text: exit 1" [ "$rc" -eq 1 ]
check "NUL bytes in text: byte offset" grep -q "byte 0" "$T/err"
: >"$T/empty.txt"
run code "$T/empty.txt"
check "empty file: exit 0, no events" [ "$rc" -eq 0 -a ! -s "$T/out" ]
# a long run-on line of sentence material
python3 -c 'print(("Russian jets bombed the city, " * 20000) + ".")' >"$T/runon.txt"
run code "$T/runon.txt"
check "run-on text: no crash" eval '! crashed'
check "run-on text: exit 0" [ "$rc" -eq 0 ]
# classify: snippets in, labels out; bad lines named by line, the others still labelled
printf 'id\ttext\tlabel\n1\tRussian jets bombed the city of Hama on Wednesday.\tAIR_STRIKE\nno tab here\n\tno id\n2\tA\000B\n3\tbad \377 byte\n4\tPolice fired tear gas at students.\n' >"$T/snippets.tsv"
"$H" classify "$T/snippets.tsv" >"$T/out" 2>"$T/err"; rc=$?
check "classify: bad lines make exit 1" [ "$rc" -eq 1 ]
check "classify: good lines labelled (1, 3 as OTHER, 4)" [ "$(cut -f1 "$T/out" | tr '\n' ' ')" = "1 3 4 " ]
check "classify: each bad line named" grep -q "snippets.tsv:3: expected id<TAB>text" "$T/err" && grep -q "snippets.tsv:4: empty id" "$T/err" && grep -q "snippets.tsv:5: NUL byte" "$T/err" && grep -q "snippets.tsv:6:" "$T/err"
# ---- the command line's own defects (getopt_long, one date check, capped messages) -----------
for cmd in code ingest query serve explain classify parse info; do
  run $cmd --help
  check "$cmd --help: exit 0, options, EXAMPLES and EXIT STATUS" \
    bash -c '[ "$0" -eq 0 ] && grep -q "^usage: herald '$cmd'" "$1" && grep -q "^EXAMPLES" "$1" && grep -q "^EXIT STATUS" "$1"' "$rc" "$T/out"
done
run --help
check "herald --help: the commands" grep -q "herald COMMAND --help" "$T/out"
run code --format=gdelt "$T/good.jsonl"
check "--format=gdelt (an option and its value in one word)" awk -F'\t' 'NF != 61 { bad = 1 } END { exit bad || NR == 0 }' "$T/out"
run code "$T/good.jsonl" --format gdelt --header
check "code --header: GDELT's column names first" grep -q $'^GLOBALEVENTID\tSQLDATE\t' "$T/out"
run explain --date 2015-13-01 "Russian jets bombed Hama."
check "explain --date 2015-13-01: exit 2, the date named" [ "$rc" -eq 2 ] && check "explain: a bad date is no UTF-8 error" grep -q "2015-13-01" "$T/err"
run code --date 2015-02-30 "$T/good.jsonl"
check "code --date 2015-02-30: a usage error (exit 2), no output" [ "$rc" -eq 2 -a ! -s "$T/out" ]
run classify --date 2015-02-30 -
check "classify --date 2015-02-30: exit 2" [ "$rc" -eq 2 ]
run classify --bogus x.tsv
check "classify --bogus: exit 2, named" [ "$rc" -eq 2 ] && check "classify --bogus: message" grep -q -- "--bogus" "$T/err"
run info --bogus
check "info --bogus: exit 2 (was ignored)" [ "$rc" -eq 2 ]
run code -j "$T/good.jsonl"
check "-j with a file for its value: exit 2, named" [ "$rc" -eq 2 ]
printf '{"id":"y1","text":"Russian jets bombed Hama on Tuesday.","date":"yesterday"}\n' >"$T/yesterday.jsonl"
run code --date 2015-10-08 "$T/yesterday.jsonl"
check "a record dated 'yesterday': coded, exit 0" [ "$rc" -eq 0 ] && check "a record dated 'yesterday': dated by --date" grep -q '"date":"2015-10-06"' "$T/out"
check "a record dated 'yesterday': a warning names file:line" grep -q "yesterday.jsonl:1: .*yesterday.*--date 2015-10-08" "$T/err"
head -c 1000000 /dev/urandom >"$T/random.bin"
run code --input-format jsonl "$T/random.bin"
check "a 1 MB random file: exit 1" [ "$rc" -eq 1 ]
check "a 1 MB random file: at most 21 lines of messages, the last a count" bash -c '[ "$(wc -l <"$0")" -le 21 ] && tail -1 "$0" | grep -q "more messages not shown"' "$T/err"
run code -j 2 --input-format jsonl "$T/random.bin"
check "a 1 MB random file, -j 2: capped too" [ "$(lines "$T/err")" -le 21 ]
run ingest "$T/new.db" "$T/nope.jsonl"
check "ingest of a missing input: exit 2, no store created" [ "$rc" -eq 2 -a ! -e "$T/new.db" ]
check "ingest of a missing input: named" grep -q "nope.jsonl" "$T/err"
run ingest --window-days=x "$T/new.db" "$T/good.jsonl"
check "ingest --window-days=x: exit 2, the value named" [ "$rc" -eq 2 ] && check "ingest --window-days=x: message" grep -q "'x'" "$T/err"
run ingest --no-progress "$T/q.db" "$T/good.jsonl"
run query "$T/q.db" --from 2017-02-30
check "query --from 2017-02-30: refused (exit 2)" [ "$rc" -eq 2 ] && check "query --from: the date named" grep -q "2017-02-30" "$T/err"
run query "$T/q.db" --near ""
check "query --near '': exit 2, says what it wants" [ "$rc" -eq 2 ] && check "query --near: LAT,LON,KM" grep -q "LAT,LON,KM" "$T/err"
run query "$T/q.db" --near 1,2
check "query --near 1,2: the value named" grep -q "'1,2'" "$T/err"
run query "$T/q.db" --format=csv --limit=1
check "query --format=csv --limit=1" [ "$rc" -eq 0 -a "$(lines "$T/out")" -eq 2 ]
run serve "$T/q.db" --port x
check "serve --port x: exit 2" [ "$rc" -eq 2 ]
# ---- make install: the command, library, header, model, gazetteer, dashboard and manual -----
if make -s install BUILD="$BUILD" DESTDIR="$T/inst" PREFIX=/usr >"$T/inst.log" 2>&1; then
  check "make install: every file in PREFIX" bash -c 'for f in bin/herald lib/libherald.so include/herald.h share/herald/herald.hdm share/herald/herald.hdg share/herald/www/index.html share/man/man1/herald.1; do [ -s "$0/usr/$f" ] || exit 1; done' "$T/inst"
  check "make install: the installed herald codes" bash -c '"$0/usr/bin/herald" code --model "$0/usr/share/herald/herald.hdm" examples/aerial-campaign.jsonl | grep -q "\"code\""' "$T/inst"
  if command -v man >/dev/null; then
    check "the manual page renders, with its sections" bash -c 'MANWIDTH=80 man -l "$0" 2>/dev/null | grep -q "EXIT STATUS" && MANWIDTH=80 man -l "$0" 2>/dev/null | grep -q "EXAMPLES"' "$T/inst/usr/share/man/man1/herald.1"
  else
    echo "skipped: man missing (the manual page's rendering)"
  fi
else
  echo "not ok make install"; tail -5 "$T/inst.log"
fi
done_testing
