#!/usr/bin/env bash
# layout.test.sh: src/ shows the pipeline (issue 13). It has one folder a stage, in this order:
#   base < text < syntax < model < coding < typing < places < document < store
# and a file uses what its own folder and the folders before it define, never what a later one
# does. The syntax stage reads a lexicon through syntax/hd_lexicon.h and knows nothing of the
# dictionary image (model/), which embeds the trained syntax and tokenises its phrases with
# text/; the typing stage scores coded events with the trained
# classifiers the dictionary image also embeds (model/hd_linear.h); places are resolved from the coded sentences; the document driver runs every stage
# before it; the store codes documents and writes them out. No two files may call each other,
# even round a longer circle. The same holds in cli/: the dispatcher (herald.c) calls the
# commands, both call the helpers of cli.c, nothing calls back; and the commands include no
# header of src/, only include/herald.h.
#
# Calls are read off the build's objects with nm: every undefined symbol of a file's object
# that another of our objects defines must be defined by the same stage or an earlier one (the
# rest come from system libraries). Includes are read off the sources, and name their folder
# ("text/hd_token.h"). Each upward call, upward include and circle is a "not ok" line naming
# the files, the symbol and the stages; the "# " lines list what each file includes and calls.
# A small tree made to break each rule checks that the check itself sees it.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
export LC_ALL=C # sort and join must agree on the order
BUILD=${BUILD:-build}
NM=${NM:-nm}
STAGES="base text syntax model coding typing places document store"
command -v "$NM" >/dev/null || skip_all layout "nm missing (binutils)"
command -v tsort >/dev/null || skip_all layout "tsort missing (coreutils)"

rank_of() { # WORD LIST: the position of WORD in LIST; nothing when it is not there
  local i=0 w
  for w in $2; do
    [ "$w" = "$1" ] && { echo "$i"; return; }
    i=$((i + 1))
  done
}

folders() { # ROOT: every file of ROOT is in a stage folder
  local e name
  for e in "$1"/*; do
    name=${e#"$1"/}
    if [ -d "$e" ]; then
      [ -n "$(rank_of "$name" "$STAGES")" ] || echo "folder of no stage: src/$name (the stages: $STAGES)"
    else
      echo "file outside the stage folders: src/$name"
    fi
  done
}

includes() { # ROOT: the quoted includes of ROOT/STAGE/*.[ch] name the same or an earlier stage
  local f rel stage rank inc folder r list
  for f in "$1"/*/*.[ch]; do
    [ -f "$f" ] || continue
    rel=${f#"$1"/}
    stage=${rel%%/*}
    rank=$(rank_of "$stage" "$STAGES")
    [ -n "$rank" ] || continue
    list=
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
      list="$list $inc"
      [ "$inc" = herald.h ] && continue
      case $inc in
      */*)
        folder=${inc%%/*}
        r=$(rank_of "$folder" "$STAGES")
        if [ -z "$r" ]; then
          echo "include of no stage: $rel includes \"$inc\""
        elif [ "$r" -gt "$rank" ]; then
          echo "upward include: $rel includes $inc ($folder comes after $stage)"
        fi
        ;;
      *) echo "include without its folder: $rel includes \"$inc\" (write \"FOLDER/$inc\")" ;;
      esac
    done
    [ -n "$list" ] && echo "# $rel includes$list"
  done
}

calls() { # RANKS: a line "FILE RANK STAGE OBJECT" a file; no file uses a symbol of a higher rank
  local t file rank stage obj
  t=$(mktemp -d)
  : >"$t/def"
  : >"$t/undef"
  while read -r file rank stage obj; do
    if [ ! -f "$obj" ]; then
      echo "missing object: $obj, of $file (run make)"
      continue
    fi
    "$NM" -P -g --defined-only "$obj" | awk -v f="$file" '{ print $1, f }' >>"$t/def"
    "$NM" -P -u "$obj" | awk -v f="$file" '{ print $1, f }' >>"$t/undef"
  done <"$1"
  sort -o "$t/def" "$t/def"
  sort -o "$t/undef" "$t/undef"
  join "$t/undef" "$t/def" >"$t/edges" # SYMBOL USER DEFINER
  awk 'NR == FNR { rank[$1] = $2; stage[$1] = $3; next }
       rank[$3] > rank[$2] { printf "upward call: %s uses %s of %s (%s comes after %s)\n", $2, $1, $3, stage[$3], stage[$2] }' \
    "$1" "$t/edges"
  awk '{ used[$2 " calls " $3] = used[$2 " calls " $3] " " $1 }
       END { for (k in used) print "# " k ":" used[k] }' "$t/edges" | sort
  # tsort names the files of each circle it finds, one a line, after "input contains a loop"
  awk '{ print $2, $3 }' "$t/edges" | sort -u | tsort 2>&1 >/dev/null | awk '
    /input contains a loop/ { if (c != "") print "circle of calls: " c; c = ""; next }
    { sub(/^tsort: /, ""); c = c == "" ? $0 : c " -> " $0 }
    END { if (c != "") print "circle of calls: " c }'
  rm -rf "$t"
}

layout() { # SRC OBJ: every problem of the library's tree, one a line, and the "# " lines
  local c rel stage ranks
  folders "$1"
  includes "$1"
  ranks=$(mktemp)
  for c in "$1"/*/*.c; do
    [ -f "$c" ] || continue
    rel=${c#"$1"/}
    stage=${rel%%/*}
    [ -n "$(rank_of "$stage" "$STAGES")" ] || continue
    echo "$rel $(rank_of "$stage" "$STAGES") $stage $2/${rel%.c}.o"
  done >"$ranks"
  calls "$ranks"
  rm -f "$ranks"
}

cli_layout() { # CLI SRC OBJ: the command's files: helpers (cli.c) < commands < dispatcher (herald.c)
  local c name rank stage ranks f inc
  ranks=$(mktemp)
  for c in "$1"/*.c; do
    name=$(basename "$c" .c)
    case $name in
    cli) rank=0 stage=helpers ;;
    herald) rank=2 stage=dispatcher ;;
    *) rank=1 stage=commands ;;
    esac
    echo "cli/$name.c $rank $stage $3/$name.o"
  done >"$ranks"
  calls "$ranks"
  rm -f "$ranks"
  for f in "$1"/*.[ch]; do
    for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
      [ -f "$2/$inc" ] && echo "library header in cli: cli/${f##*/} includes $inc (commands use include/herald.h only)"
    done
  done
}

report() { # NAME OUTPUT: "not ok" a problem, or "ok NAME" when there is none; "# " lines as they are
  local problems
  printf '%s\n' "$2" | grep '^# '
  problems=$(printf '%s\n' "$2" | grep -v '^# ' | grep .)
  if [ -n "$problems" ]; then
    printf '%s\n' "$problems" | sed 's/^/not ok /'
  else
    echo "ok $1"
  fi
}

[ -d "$BUILD/obj" ] || { echo "not ok layout: no $BUILD/obj (run make first)"; done_testing; }
report "src/: every file in a stage folder; includes and calls run down the stages ($STAGES)" \
  "$(layout src "$BUILD/obj")"
report "cli/: herald.c calls the commands, they call cli.c, nothing calls back; no src/ header" \
  "$(cli_layout cli src "$BUILD/obj/cli")"
check "include/ holds one header, herald.h" [ "$(ls include)" = herald.h ]

# The check itself, on a tree made to break each rule.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/src/base" "$T/src/store" "$T/src/junk" "$T/obj/base" "$T/obj/store"
printf '#include "store/b.h"\nint b_fn(void);\nint a_fn(void) { return b_fn(); }\n' >"$T/src/base/a.c"
printf 'int b_fn(void) { return 1; }\n' >"$T/src/store/b.c"
printf 'int b_fn(void);\n' >"$T/src/store/b.h"
printf 'int d_fn(int);\nint c_fn(int n) { return n ? d_fn(n - 1) : 0; }\n' >"$T/src/base/c.c"
printf 'int c_fn(int);\nint d_fn(int n) { return n ? c_fn(n - 1) : 1; }\n' >"$T/src/base/d.c"
printf '#include "e.h"\n' >"$T/src/base/e.h"
: >"$T/src/loose.c"
for c in a c d; do ${CC:-cc} -I"$T/src" -c "$T/src/base/$c.c" -o "$T/obj/base/$c.o" || exit 1; done
${CC:-cc} -c "$T/src/store/b.c" -o "$T/obj/store/b.o" || exit 1
out=$(layout "$T/src" "$T/obj")
has() { grep -qxF "$1" <<<"$out"; }
check "the check sees an upward call" has "upward call: base/a.c uses b_fn of store/b.c (store comes after base)"
check "the check sees an upward include" has "upward include: base/a.c includes store/b.h (store comes after base)"
check "the check sees a circle of calls" grep -q "^circle of calls: base/[cd].c -> base/[cd].c$" <<<"$out"
check "the check sees an include without its folder" grep -q '^include without its folder: base/e.h' <<<"$out"
check "the check sees a folder of no stage" has "folder of no stage: src/junk (the stages: $STAGES)"
check "the check sees a file outside the folders" has "file outside the stage folders: src/loose.c"
check "the check lists what a file calls" has "# base/a.c calls store/b.c: b_fn"
check "the check finds nothing else" [ "$(grep -vc '^# ' <<<"$out")" -eq 6 ]
done_testing
