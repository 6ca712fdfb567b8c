#!/usr/bin/env python3
"""india_eval.py: what police did in the IndiaPoliceEvents sentences, as herald's own events
say it (../shared/events/india-police/sents.jsonl).

Each sentence is coded with `herald code` alone (no classifier trained on this set); a label is
given to a sentence when one of its events, at or above the confidence threshold, says so:

- ANY_ACTION  an event whose source is the police (role COP), or an arrest or detention
              (CAMEO 173) that names no source: in this press an unnamed arrester is the police;
- ARREST      such an event with code 173;
- KILL        a police event of killing: CAMEO 186 (assassinate), 190 (kill) or 1823, or
              repression (175) or armed force (19) whose trigger is a form of "kill" or "shoot";
- FORCE       a police event of material conflict (QuadClass 4) other than an arrest;
- FAIL        a police event the coder reads as negated or below the threshold ("police did
              not act") - the weakest rule, as herald has no notion of a duty not done.

The rules were written once, on the documents whose id is not divisible by 5; the figures to
report are those of the documents whose id is (the split named in issue 14), printed first.
Prints "skipped: ../shared missing" when the set is absent."""
import argparse, collections, json, os, subprocess, sys

LABELS = ["KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION"]


def police(e):
    s = e.get("source") or {}
    return s.get("role") == "COP" or str(s.get("code") or "").endswith("COP")


def labels_of(events, threshold):
    got = set()
    for e in events:
        code = str(e.get("code") or "")
        conf = e.get("confidence")
        real = not e.get("negated") and (conf is None or conf >= threshold)
        by_police = police(e)
        unnamed_arrest = code == "173" and not e.get("source")
        if (by_police or unnamed_arrest) and not real:
            if by_police:
                got.add("FAIL")
            continue
        if not (by_police or unnamed_arrest):
            continue
        got.add("ANY_ACTION")
        trigger = str(e.get("trigger") or "").lower()
        if code == "173":
            got.add("ARREST")
        elif e.get("quad_class") == 4:
            got.add("FORCE")
        if code in ("186", "190", "1823") or ((code == "175" or code.startswith("19"))
                                              and (trigger.startswith("kill") or trigger.startswith("shot"))):
            got.add("KILL")
    return got


def score(rows, predicted, name):
    print(name)
    print("  %-11s %6s %9s %6s %6s" % ("label", "gold", "precision", "recall", "F1"))
    for label in LABELS:
        tp = fp = fn = 0
        for r, got in zip(rows, predicted):
            gold = label in r["sent_labels"]
            if label in got and gold:
                tp += 1
            elif label in got:
                fp += 1
            elif gold:
                fn += 1
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * rc / (p + rc) if p + rc else 0.0
        print("  %-11s %6d %9.3f %6.3f %6.3f" % (label, tp + fn, p, rc, f))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "events", "india-police", "sents.jsonl"))
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()
    if not os.path.exists(args.data):
        print("skipped: ../shared missing")
        return 0
    rows = [json.loads(l) for l in open(args.data, encoding="utf-8")]
    feed = "".join(json.dumps({"id": "%d" % i, "text": r["sent_text"], "date": r.get("date") or "2002-01-01"}) + "\n"
                   for i, r in enumerate(rows))
    proc = subprocess.run([args.herald, "code", "--min-confidence", "0", "--input-format", "jsonl",
                           "--no-progress", "-j", "2", "-"],
                          input=feed.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    events = collections.defaultdict(list)
    for line in proc.stdout.decode().splitlines():
        e = json.loads(line)
        events[int(e["doc_id"])].append(e)
    predicted = [labels_of(events.get(i, []), args.threshold) for i in range(len(rows))]
    test = [i for i, r in enumerate(rows) if r["doc_id"] % 5 == 0]
    rest = [i for i, r in enumerate(rows) if r["doc_id"] % 5 != 0]
    score([rows[i] for i in test], [predicted[i] for i in test],
          "IndiaPoliceEvents, herald's events at %.2f, documents with id divisible by 5 (%d sentences)"
          % (args.threshold, len(test)))
    score([rows[i] for i in rest], [predicted[i] for i in rest],
          "the other documents, where the rules were written (%d sentences)" % len(rest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
