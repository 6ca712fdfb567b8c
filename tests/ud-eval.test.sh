#!/usr/bin/env bash
# ud-eval.test.sh: herald-ud-eval scores parses as the CoNLL 2018 shared task's scorer defines
# it, on small hand-written files (tests/ud-eval/) whose figures are worked out below by hand
# from that definition; it refuses texts that differ and malformed files with exit status 2 and
# file:line; the alignment cases of the official scorer's own tests align as many words as they
# expect; EWT dev against itself is 100 everywhere.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
BUILD=${BUILD:-build}
ud=$BUILD/herald-ud-eval
d=tests/ud-eval
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# row OUT METRIC: the figures of METRIC's row in OUT, as "P|R|F1|" or "P|R|F1|AlignedAcc"
row() { sed -n "s/^$2 *|//p" "$1" | tr -d ' '; }
# scores NAME SYSTEM.conllu "METRIC=FIGURES" ...: gold.conllu against SYSTEM, each row as given
scores() {
  local name=$1 sys=$2 ok=1 m want got
  shift 2
  "$ud" "$d/gold.conllu" "$sys" >"$tmp/out" 2>"$tmp/err" || ok=0
  for m in "$@"; do
    want=${m#*=}
    got=$(row "$tmp/out" "${m%%=*}")
    if [ "$got" != "$want" ]; then
      echo "# $name: ${m%%=*} is '$got', expected '$want'"
      ok=0
    fi
  done
  check "$name" test $ok -eq 1
}
H='100.00|100.00|100.00|'         # a span metric or Words, all right
A='100.00|100.00|100.00|100.00'   # a metric on aligned words, all right
ALL=(Tokens=$H Sentences=$H Words=$H UPOS=$A XPOS=$A Lemmas=$A UAS=$A LAS=$A "LAS with subtypes=$A")

# gold.conllu: two sentences, "The old cat didn't sleep well." (7 tokens, 8 words: "didn't"
# is the multiword token 4-5 did + n't) and "Dogs bark at night." (5 tokens, 5 words; "night"
# is obl:tmod; the final "." has lemma "_"). 12 tokens, 13 words, 2 sentences.
scores "gold against itself: 100 everywhere, its multiword token included" $d/gold.conllu "${ALL[@]}"

# split: the system cuts "night" into "nig" + "ht" and hangs "at" on "nig". Tokens: 11 of 12
# gold, 11 of 13 system match: P 11/13 = 84.62, R 11/12 = 91.67, F1 22/25 = 88.00. Words: 12
# aligned of 13 gold, 14 system: P 12/14 = 85.71, R 12/13 = 92.31, F1 24/27 = 88.89; the tags
# of the 12 are right (aligned accuracy 100). UAS: "at"'s system head "nig" is aligned to no
# gold word, so not to its gold head "night": 11 right, P 11/14 = 78.57, R 11/13 = 84.62,
# F1 22/27 = 81.48, aligned accuracy 11/12 = 91.67; LAS the same.
W='85.71|92.31|88.89|'
T='85.71|92.31|88.89|100.00'
U='78.57|84.62|81.48|91.67'
scores "a split token: tokens, words and the head through an unaligned word" $d/split.conllu \
  "Tokens=84.62|91.67|88.00|" Sentences=$H Words=$W UPOS=$T XPOS=$T Lemmas=$T UAS=$U LAS=$U "LAS with subtypes=$U"

# merge: the system writes "well." as one token (one word). Tokens: 10 match, of 12 gold and 11
# system: P 10/11 = 90.91, R 10/12 = 83.33, F1 20/23 = 86.96. Words: 11 aligned of 13 gold,
# 12 system: P 11/12 = 91.67, R 11/13 = 84.62, F1 22/25 = 88.00, all of them right.
W='91.67|84.62|88.00|'
T='91.67|84.62|88.00|100.00'
scores "a merged token" $d/merge.conllu \
  "Tokens=90.91|83.33|86.96|" Sentences=$H Words=$W UPOS=$T XPOS=$T Lemmas=$T UAS=$T LAS=$T "LAS with subtypes=$T"

# nosent: no boundary between the two sentences; "bark" hangs on "sleep" (parataxis). The one
# system sentence starts where gold's first does but ends elsewhere, and no system sentence
# starts where gold's second does: 0 right of 1 system and 2 gold, 0.00 everywhere. UAS:
# "bark" is a gold root with a system head, 12 of 13 right: 92.31 everywhere; LAS the same.
B='92.31|92.31|92.31|92.31'
scores "a missing sentence boundary" $d/nosent.conllu \
  Tokens=$H "Sentences=0.00|0.00|0.00|" Words=$H UPOS=$A XPOS=$A Lemmas=$A UAS=$B LAS=$B "LAS with subtypes=$B"

# head: "old" hangs on "sleep" instead of "cat": UAS, LAS and LAS with subtypes 12/13 = 92.31
scores "a wrong head" $d/head.conllu \
  Tokens=$H Sentences=$H Words=$H UPOS=$A XPOS=$A Lemmas=$A UAS=$B LAS=$B "LAS with subtypes=$B"

# label: "The" is amod instead of det: heads all right (UAS 100), LAS 12/13 = 92.31
scores "a wrong label" $d/label.conllu Tokens=$H Words=$H UAS=$A LAS=$B "LAS with subtypes=$B"

# subtype: "night" is obl:npmod instead of obl:tmod: LAS compares only "obl" (100, as in 2018),
# LAS with subtypes 12/13 = 92.31
scores "a label that differs only in its subtype" $d/subtype.conllu UAS=$A LAS=$A "LAS with subtypes=$B"

# tags: UPOS wrong on "old" (12/13 = 92.31); XPOS on "cat", "did", "night" (10/13 = 76.92);
# lemmas on "sleep" and "bark" (11/13 = 84.62), while the final "." has lemma "." against a gold
# "_", which counts as right (else it would be 10/13)
scores "UPOS, XPOS and lemmas; a gold lemma _ matches any" $d/tags.conllu Words=$H \
  "UPOS=92.31|92.31|92.31|92.31" "XPOS=76.92|76.92|76.92|76.92" "Lemmas=84.62|84.62|84.62|84.62" UAS=$A

# nomwt: the system has "did" and "n't" as two plain tokens where gold has the multiword token
# "didn't". Tokens: 11 match, of 12 gold and 13 system: 84.62 / 91.67 / 88.00. Words: the
# multiword span is "didn't"; its gold words did, n't and system words did, n't align by form:
# 13 of 13, 100 everywhere.
scores "multiword token in gold, plain tokens in the system" $d/nomwt.conllu \
  "Tokens=84.62|91.67|88.00|" Sentences=$H Words=$H UPOS=$A XPOS=$A Lemmas=$A UAS=$A LAS=$A "LAS with subtypes=$A"

# mwtforms: the same multiword token with words "DID" + "not": "DID" aligns to "did" (forms are
# compared lowercased), "not" to nothing. Tokens 100; words 12 of 13 on each side, 92.31; the
# 12 are right (aligned accuracy 100).
M='92.31|92.31|92.31|100.00'
scores "words inside a multiword token align by their forms" $d/mwtforms.conllu \
  Tokens=$H "Words=92.31|92.31|92.31|" UPOS=$M UAS=$M LAS=$M

# space: gold has the one token "10 000" (spaces are removed before matching), the system
# "10" + "000". Tokens and words: 1 ("people") right of 2 gold, 3 system: P 1/3 = 33.33,
# R 1/2 = 50.00, F1 2/5 = 40.00.
"$ud" "$d/space-gold.conllu" "$d/space-system.conllu" >"$tmp/out" 2>&1
check "a gold token with a space in it matches the same text split" \
  test "$(row "$tmp/out" Tokens)" = "33.33|50.00|40.00|" -a "$(row "$tmp/out" Words)" = "33.33|50.00|40.00|"

# Alignment cases with the number of aligned words the official scorer's own tests expect. A
# file is one sentence of tokens separated by ","; "abc a BX c" is the multiword token "abc"
# with words a, BX, c. Heads: word 1 is the root, the others hang on it.
tokens_file() { # SPEC FILE
  tr ',' '\n' <<<"$1" | awk '
    { if (NF == 1) { n++; printf "%d\t%s\t_\t_\t_\t_\t%d\t_\t_\t_\n", n, $1, (n > 1); next }
      printf "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t_\n", n + 1, n + NF - 1, $1
      for (i = 2; i <= NF; i++) { n++; printf "%d\t%s\t_\t_\t_\t_\t%d\t_\t_\t_\n", n, $i, (n > 1) } }' >"$2"
  echo >>"$2"
}
aligned() { # GOLD SYSTEM N: N words aligned
  tokens_file "$1" "$tmp/g.conllu"
  tokens_file "$2" "$tmp/s.conllu"
  local got
  got=$("$ud" --verbose "$tmp/g.conllu" "$tmp/s.conllu" | sed -n 's/^Words *| *\([0-9]*\) |.*/\1/p')
  [ "$got" = "$3" ] || echo "# [$1] against [$2]: $got aligned, expected $3"
  check "alignment: [$1] against [$2] aligns $3" test "$got" = "$3"
}
aligned "abc a b c" "a,b,c" 3
aligned "a,bc b c,d" "a,b,c,d" 4
aligned "abcd a b c d" "ab a b,cd c d" 4
aligned "abc a b c,de d e" "a,bcd b c d,e" 5
aligned "abcd" "a,b,c,d" 0
aligned "abc,d" "a,b,c,d" 1
aligned "a,bc,d" "a,b,c,d" 2
aligned "a,bc b c,d" "a,b,cd" 2
aligned "abc a BX c,def d EX f" "ab a b,cd c d,ef e f" 4
aligned "ab a b,cd bc d" "a,bc,d" 2
aligned "a,bc b c,d" "ab AX BX,cd CX a" 1

# differ: "Dogs" became "Digs". Without spaces the text is "Theoldcatdidn'tsleepwell." (25
# bytes), then "Dogs...": the first differing byte is 26.
"$ud" "$d/gold.conllu" "$d/differ.conllu" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "texts that differ: exit 2" test $rc -eq 2
check "the message gives the byte offset" grep -q 'texts differ at byte 26 ' "$tmp/err"
check "and both contexts with file and line" \
  grep -q "gold   $d/gold.conllu:15: after \"catdidn'tsleepwell.D\" comes \"ogsbarkatnight.\"" "$tmp/err"
check "the system's too" grep -q "system $d/differ.conllu:15: .*comes \"igsbarkatnight.\"" "$tmp/err"
check "nothing on standard output" test ! -s "$tmp/out"
# the first 9 lines end the text after "sleep": "Theoldcatdidn'tsleep" is 20 bytes
head -n 9 "$d/gold.conllu" >"$tmp/short.conllu"
"$ud" "$d/gold.conllu" "$tmp/short.conllu" 2>"$tmp/err"
check "a system text that stops early: exit 2" test $? -eq 2
check "the offset is its end" grep -q "texts differ at byte 20 " "$tmp/err"
check "and the message says so" grep -qF "system $tmp/short.conllu (at its end): after \"Theoldcatdidn'tsleep\" comes \"\"" "$tmp/err"

# malformed files: exit 2 and file:line: reason
bad() { # NAME FILE 'file:line: reason' (a grep pattern): as gold and as system
  "$ud" "$2" "$d/gold.conllu" >/dev/null 2>"$tmp/err"
  local rc1=$? ok=1
  grep -q "^herald-ud-eval: $3" "$tmp/err" || ok=0
  "$ud" "$d/gold.conllu" "$2" >/dev/null 2>"$tmp/err"
  local rc2=$?
  grep -q "^herald-ud-eval: $3" "$tmp/err" || ok=0
  [ $ok -eq 1 ] || echo "# $1: $(cat "$tmp/err")"
  check "$1" test $rc1 -eq 2 -a $rc2 -eq 2 -a $ok -eq 1
}
bad "nine columns" $d/bad-columns.conllu "$d/bad-columns.conllu:7: a word line has 10 tab-separated columns, this one 9"
bad "a HEAD that is no number" $d/bad-head.conllu "$d/bad-head.conllu:7: HEAD \"x\" is not a number"
bad "a HEAD outside the sentence" $d/bad-head-range.conllu "$d/bad-head-range.conllu:7: HEAD 3 points outside"
bad "ids out of order" $d/bad-id.conllu "$d/bad-id.conllu:7: word ID 3, expected 2"
bad "two roots" $d/bad-roots.conllu "$d/bad-roots.conllu:7: a second root"
bad "a cycle" $d/bad-cycle.conllu "$d/bad-cycle.conllu:6: word 1 is on a cycle"
bad "a multiword token short of its words" $d/bad-mwt.conllu "$d/bad-mwt.conllu:6: multiword token 1-2: the sentence ends"
bad "a comment inside a sentence" $d/bad-comment.conllu "$d/bad-comment.conllu:7: a comment inside a sentence"
printf '1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tba\0rk\tbark\tVERB\tVBP\t_\t0\troot\t_\t_\n\n' >"$tmp/nul.conllu"
bad "a NUL byte" "$tmp/nul.conllu" "$tmp/nul.conllu:2: NUL byte"
printf '# x\n1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tb\xe9rk\tbark\tVERB\tVBP\t_\t0\troot\t_\t_\n\n' >"$tmp/latin1.conllu"
bad "invalid UTF-8" "$tmp/latin1.conllu" "$tmp/latin1.conllu:3: invalid UTF-8"
printf '1\t \tdog\tNOUN\tNNS\t_\t0\troot\t_\t_\n' >"$tmp/empty.conllu"
bad "a form of spaces only" "$tmp/empty.conllu" "$tmp/empty.conllu:1: empty FORM"
"$ud" "$d/gold.conllu" "$tmp/missing.conllu" 2>"$tmp/err"
check "a missing file: exit 2 and its name" test $? -eq 2 -a -n "$(grep "$tmp/missing.conllu: No such file" "$tmp/err")"
"$ud" "$d/gold.conllu" 2>/dev/null
check "one file only: usage, exit 2" test $? -eq 2
"$ud" "$d/gold.conllu" "$d/gold.conllu" --frobnicate 2>/dev/null
check "an unknown option: exit 2" test $? -eq 2

# --verbose adds the counts and the words that found no partner
"$ud" "$d/gold.conllu" "$d/split.conllu" --verbose >"$tmp/out"
check "--verbose: counts (Words: 12 aligned of 13 gold, 14 system)" \
  grep -qE '^Words +\| +12 \| +13 \| +14 \| +12$' "$tmp/out"
check "--verbose: the unaligned gold word with its line" grep -qF "$d/gold.conllu:18: \"night\"" "$tmp/out"

# CRLF line ends, repeated blank lines and no blank line at the end change nothing
{ printf '\r\n\n'; sed 's/$/\r/' "$d/gold.conllu" | sed 's/^\r$/\r\n/' | head -n -2; } >"$tmp/crlf.conllu"
scores "CRLF, extra blank lines, no final blank line" "$tmp/crlf.conllu" "${ALL[@]}"

ewt=../shared/treebank/en_ewt/dev.conllu
if [ -f "$ewt" ]; then
  "$ud" "$ewt" "$ewt" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  n=$(grep -c '| *100\.00 | *100\.00 | *100\.00 |' "$tmp/out")
  check "EWT dev against itself: 100.00 on all 9 rows" test $rc -eq 0 -a "$n" -eq 9
else
  echo "skipped: ../shared missing"
fi
done_testing
