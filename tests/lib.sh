# lib.sh: what every tests/*.test.sh script shares. A script prints one line per check, "ok NAME"
# or "not ok NAME" (and "skipped: REASON" for what it cannot run here), and ends with
# done_testing, whose "# done" line tells tests/run.sh that the script ran to its end: a script
# that dies part-way, exits non-zero or never reaches its end counts as failed.
# Sourced by each script from the repository root: `. tests/lib.sh`.

check() { # NAME COMMAND...: "ok NAME" when COMMAND succeeds
  local name=$1
  shift
  if "$@"; then echo "ok $name"; else echo "not ok $name"; fi
}

# A digest of a store's rows that ingest decides (events, mentions, documents, outlets): two
# stores with the same digest hold the same data, whatever happened on the way.
store_digest() {
  sqlite3 "$1" "SELECT * FROM events ORDER BY id; SELECT id, event_id, doc_id, event_index, sentence, code FROM mentions ORDER BY id; SELECT id, doc_key, story_id FROM documents ORDER BY id; SELECT * FROM event_sources ORDER BY 1, 2; SELECT * FROM stories ORDER BY id; SELECT * FROM term_df ORDER BY term; SELECT * FROM doc_terms ORDER BY 1, 2, 3" | md5sum
}

# A Python 3 that imports every module named (python3 first, then Debian's own, which the
# packages of scripts/setup.sh serve when another python3 comes first on the PATH); nothing,
# and status 1, when none does.
python_with() { # MODULE...
  local p
  for p in python3 /usr/bin/python3; do
    command -v "$p" >/dev/null 2>&1 && "$p" -c "import $(IFS=,; echo "$*")" 2>/dev/null && { echo "$p"; return 0; }
  done
  return 1
}

done_testing() {
  echo "# done"
  exit 0
}

skip_all() { # NAME REASON: nothing of this script can run here
  echo "skipped: $2"
  echo "ok $1-skipped"
  done_testing
}
