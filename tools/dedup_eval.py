#!/usr/bin/env python3
"""dedup_eval.py: how well `herald ingest` merges reports of one real-world event from
different articles. Each input record names its event in a group field (`group` in our own
tests/store/dedup.jsonl, `triplet` in ../shared/corpus/basil.jsonl) and may name the CAMEO
root of its main event (`root`).

An article's main event is its story's main event (the event most of the story's articles
report) when the article reports it, else the first mention the store holds for it (of that
root when one is given). Over all pairs of articles: a pair of the same group whose main
events are one stored event is a true positive, a pair of different groups sharing one is a
false positive, a pair of the same group apart is a false negative. Also printed: the share of
groups whose articles all land in one event, and of groups with at least two of their articles
together; the same pairs scored on stories (the same story_id); and the main events read as
before stories (the first mention).

--parts K scores the groups in the order they first appear, K of every five (e.g. "0,1,2", the
part thresholds were tuned on, or "3,4", the part held apart).

usage: dedup_eval.py --herald BIN --input FILE [--group-field NAME] [--label NAME] [--parts K]
                     [--ingest-args ARGS] [--min-precision P] [--min-recall R]"""
import argparse
import collections
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile


def pair_scores(keys, group, together):
    """(tp, fp, fn) over all pairs of keys, `together(a, b)` saying whether they are one."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(keys, 2):
        same_group, joined = group[a] == group[b], together(a, b)
        tp += same_group and joined
        fp += joined and not same_group
        fn += same_group and not joined
    return tp, fp, fn


def pr(tp, fp, fn):
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default="build/herald")
    ap.add_argument("--input", required=True)
    ap.add_argument("--group-field", default="group")
    ap.add_argument("--label", default="dedup")
    ap.add_argument("--parts", default="")
    ap.add_argument("--ingest-args", default="")
    ap.add_argument("--min-precision", type=float, default=0.0)
    ap.add_argument("--min-recall", type=float, default=0.0)
    args = ap.parse_args()
    group, root, order = {}, {}, []
    for line in open(args.input, encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            if d.get(args.group_field) is not None:
                group[d["id"]] = str(d[args.group_field])
                root[d["id"]] = d.get("root")
                if group[d["id"]] not in order:
                    order.append(group[d["id"]])
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "store.db")
        r = subprocess.run([args.herald, "ingest", "--no-progress"] + args.ingest_args.split() + [db, args.input],
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit("%s: herald ingest failed: %s" % (args.label, r.stderr.strip()))
        con = sqlite3.connect(db)
        rows = con.execute("SELECT d.doc_key, m.code, m.event_id FROM mentions m JOIN documents d ON d.id = m.doc_id"
                           " ORDER BY m.doc_id, m.id").fetchall()
        story = dict(con.execute("SELECT doc_key, story_id FROM documents"))
        story_main = dict(con.execute("SELECT id, main_event_id FROM stories"))
        con.close()
    first_event, main_event = {}, {}
    events_of = collections.defaultdict(set)
    codes_of = collections.defaultdict(set)  # (article, event): the codes it reports the event with
    for key, code, event in rows:
        events_of[key].add(event)
        codes_of[key, event].add(code)
    for key, code, event in rows:
        if key in first_event or key not in group:
            continue
        if root.get(key) and not code.startswith(root[key]):
            continue
        first_event[key] = event
    for key in group:
        m = story_main.get(story.get(key))
        if m in events_of[key] and (not root.get(key) or any(c.startswith(root[key]) for c in codes_of[key, m])):
            main_event[key] = m
        elif key in first_event:
            main_event[key] = first_event[key]
    if args.parts:
        parts = {int(p) for p in args.parts.split(",")}
        kept = {g for i, g in enumerate(order) if i % 5 in parts}
        group = {k: g for k, g in group.items() if g in kept}
        args.label += " (parts %s)" % args.parts
    keys = sorted(group)
    tp, fp, fn = pair_scores(keys, group, lambda a, b: a in main_event and b in main_event and
                             main_event[a] == main_event[b])
    precision, recall = pr(tp, fp, fn)
    members = collections.defaultdict(list)
    for k in keys:
        members[group[k]].append(k)
    multi = [g for g, ks in members.items() if len(ks) > 1]
    whole = sum(1 for g in multi if all(k in main_event for k in members[g]) and
                len({main_event[k] for k in members[g]}) == 1)
    some = sum(1 for g in multi if len(members[g]) > len({main_event.get(k, (k,)) for k in members[g]}))
    mixed = collections.defaultdict(set)
    for k in keys:
        if k in main_event:
            mixed[main_event[k]].add(group[k])
    merged = sum(1 for gs in mixed.values() if len(gs) > 1)
    # a looser view: do two articles share any stored event at all?
    any_same = any_diff = same_pairs = 0
    for a, b in itertools.combinations(keys, 2):
        shared = bool(events_of[a] & events_of[b])
        if group[a] == group[b]:
            same_pairs += 1
            any_same += shared
        else:
            any_diff += shared
    print("%s: precision %.3f, recall %.3f (pairs: %d together and right, %d together and wrong, %d apart and wrong);"
          " groups all in one event %d/%d, two or more together %d/%d; events merging different groups %d of %d;"
          " articles with a main event %d/%d; pairs sharing any event: same group %d/%d, different groups %d"
          % (args.label, precision, recall, tp, fp, fn, whole, len(multi), some, len(multi), merged, len(mixed),
             sum(1 for k in keys if k in main_event), len(keys), any_same, same_pairs, any_diff))
    sp, sr = pr(*pair_scores(keys, group, lambda a, b: story.get(a) is not None and story.get(a) == story.get(b)))
    fp_, fr_ = pr(*pair_scores(keys, group, lambda a, b: a in first_event and b in first_event and
                               first_event[a] == first_event[b]))
    story_whole = sum(1 for g in multi if len({story.get(k) for k in members[g]}) == 1)
    print("%s: stories precision %.3f, recall %.3f, groups in one story %d/%d; first mentions as main events:"
          " precision %.3f, recall %.3f" % (args.label, sp, sr, story_whole, len(multi), fp_, fr_))
    sys.exit(0 if precision >= args.min_precision and recall >= args.min_recall else 1)


if __name__ == "__main__":
    main()
