#!/usr/bin/env bash
# garbage.test.sh: the programs, not only the library, refuse damaged inputs loudly. herald
# refuses a byte-flipped or truncated dictionary image or gazetteer ("checksum mismatch ...
# rebuild it with make"); herald-dictc fails on a dictionary of 10,000 bad lines while
# printing about 20 of them; `herald code --petrarch-dicts` exits 2 on a discard "TO".
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{"id":"a","text":"Russian troops shelled Aleppo.","date":"2015-10-01"}\n' >"$tmp/doc.jsonl"

# flip one byte of a copy at offset $3 (xor 0x20)
flip() {
  cp "$1" "$2"
  local b
  b=$(od -An -tu1 -j "$3" -N1 "$1" | tr -d ' ')
  printf "$(printf '\\%03o' $((b ^ 32)))" | dd of="$2" bs=1 seek="$3" conv=notrunc status=none
}

size=$(stat -c %s "$BUILD/herald.hdm")
flip "$BUILD/herald.hdm" "$tmp/flipped.hdm" $((size / 2))
"$BUILD/herald" code --model "$tmp/flipped.hdm" "$tmp/doc.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "herald refuses a byte-flipped dictionary image" test $rc -ne 0
check "the message says checksum mismatch and rebuild" grep -q 'checksum mismatch (corrupt or truncated image); rebuild it with make' "$tmp/err"

head -c $((size - 100)) "$BUILD/herald.hdm" >"$tmp/short.hdm"
"$BUILD/herald" code --model "$tmp/short.hdm" "$tmp/doc.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "herald refuses a truncated dictionary image" test $rc -ne 0 -a -s "$tmp/err"

gsize=$(stat -c %s "$BUILD/herald.hdg")
flip "$BUILD/herald.hdg" "$tmp/flipped.hdg" $((gsize - 1000))
"$BUILD/herald" code --gazetteer "$tmp/flipped.hdg" "$tmp/doc.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "herald refuses a byte-flipped gazetteer" test $rc -ne 0
check "the gazetteer message says checksum mismatch" grep -q 'checksum mismatch' "$tmp/err"

# the untouched images still work
"$BUILD/herald" code "$tmp/doc.jsonl" >"$tmp/out" 2>"$tmp/err"
check "the built images load and code" grep -q '"code"' "$tmp/out"

# 10,000 bad lines: herald-dictc fails and prints 20 of them, a count and its verdict
for i in $(seq 10000); do echo "frobnicate $i"; done >"$tmp/bad.txt"
"$BUILD/herald-dictc" -o "$tmp/bad.hdm" "$tmp/bad.txt" 2>"$tmp/err"
rc=$?
lines=$(wc -l <"$tmp/err")
echo "# herald-dictc on 10,000 bad lines printed $lines lines"
check "herald-dictc fails on a bad dictionary" test $rc -ne 0 -a ! -e "$tmp/bad.hdm"
check "herald-dictc prints at most 22 lines for 10,000 bad ones" test "$lines" -le 22
check "herald-dictc says how many were not shown" grep -q 'bad.txt: 9980 more warnings/errors not shown' "$tmp/err"

# a PETRARCH directory whose discards file says "TO"
mkdir "$tmp/petr"
printf 'VELORIA [VEL]\nBRASK [BRK]\n' >"$tmp/petr/t.actors.txt"
printf -- '--- PRAISE [051] ---\nPRAISE\n' >"$tmp/petr/t.verbs.txt"
printf 'CROQUET\nTO\n' >"$tmp/petr/t.discards.txt"
"$BUILD/herald" code --petrarch-dicts "$tmp/petr" "$tmp/doc.jsonl" >/dev/null 2>"$tmp/err"
rc=$?
check "a PETRARCH discard 'TO' refuses the directory with exit 2" test $rc -eq 2
check "the message names file and line" grep -q 't.discards.txt:2: discard phrase .TO. has no content word' "$tmp/err"
printf 'CROQUET\n' >"$tmp/petr/t.discards.txt"
"$BUILD/herald" code --petrarch-dicts "$tmp/petr" "$tmp/doc.jsonl" >/dev/null 2>"$tmp/err"
check "the same directory loads without it" test $? -eq 0
done_testing
