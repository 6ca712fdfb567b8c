#!/usr/bin/env python3
"""dedup_eval.py: how well `herald ingest` merges reports of one real-world event from
different articles. Each input record names its event in a group field (`group` in our own
tests/store/dedup.jsonl, `triplet` in ../shared/corpus/basil.jsonl) and may name the CAMEO
root of its main event (`root`).

An article's main event is the first mention the store holds for it (of that root when one is
given). Over all pairs of articles: a pair of the same group whose main events are one stored
event is a true positive, a pair of different groups sharing one is a false positive, a pair
of the same group apart is a false negative. Also printed: the share of groups whose articles
all land in one event, and of groups with at least two of their articles together.

usage: dedup_eval.py --herald BIN --input FILE [--group-field NAME] [--label NAME]
                     [--min-precision P] [--min-recall R]"""
import argparse
import collections
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default="build/herald")
    ap.add_argument("--input", required=True)
    ap.add_argument("--group-field", default="group")
    ap.add_argument("--label", default="dedup")
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--min-recall", type=float, default=0.0)
    args = ap.parse_args()
    group, root = {}, {}
    for line in open(args.input, encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            if d.get(args.group_field) is not None:
                group[d["id"]] = str(d[args.group_field])
                root[d["id"]] = d.get("root")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "store.db")
        r = subprocess.run([args.herald, "ingest", "--no-progress", db, args.input], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit("%s: herald ingest failed: %s" % (args.label, r.stderr.strip()))
        con = sqlite3.connect(db)
        rows = con.execute("SELECT d.doc_key, m.code, m.event_id FROM mentions m JOIN documents d ON d.id = m.doc_id"
                           " ORDER BY m.doc_id, m.id").fetchall()
        con.close()
    main_event = {}
    events_of = collections.defaultdict(set)
    for key, code, event in rows:
        events_of[key].add(event)
    for key, code, event in rows:
        if key in main_event or key not in group:
            continue
        if root.get(key) and not code.startswith(root[key]):
            continue
        main_event[key] = event
    keys = sorted(group)
    tp = fp = fn = 0
    for a, b in itertools.combinations(keys, 2):
        same_group = group[a] == group[b]
        together = a in main_event and b in main_event and main_event[a] == main_event[b]
        if same_group and together:
            tp += 1
        elif together:
            fp += 1
        elif same_group:
            fn += 1
    # a looser view: do two articles share any stored event at all?
    any_same = any_diff = same_pairs = 0
    for a, b in itertools.combinations(keys, 2):
        shared = bool(events_of[a] & events_of[b])
        if group[a] == group[b]:
            same_pairs += 1
            any_same += shared
        else:
            any_diff += shared
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    members = collections.defaultdict(list)
    for k in keys:
        members[group[k]].append(k)
    multi = [g for g, ks in members.items() if len(ks) > 1]
    whole = sum(1 for g in multi if all(k in main_event for k in members[g]) and
                len({main_event[k] for k in members[g]}) == 1)
    some = sum(1 for g in multi if len(members[g]) > len({main_event.get(k, (k,)) for k in members[g]}))
    mixed = collections.defaultdict(set)
    for k, e in main_event.items():
        mixed[e].add(group[k])
    merged = sum(1 for gs in mixed.values() if len(gs) > 1)
    print("%s: precision %.3f, recall %.3f (pairs: %d together and right, %d together and wrong, %d apart and wrong);"
          " groups all in one event %d/%d, two or more together %d/%d; events merging different groups %d of %d;"
          " articles with a main event %d/%d; pairs sharing any event: same group %d/%d, different groups %d"
          % (args.label, precision, recall, tp, fp, fn, whole, len(multi), some, len(multi), merged, len(mixed),
             len(main_event), len(keys), any_same, same_pairs, any_diff))
    sys.exit(0 if precision >= args.min_precision and recall >= args.min_recall else 1)


if __name__ == "__main__":
    main()
