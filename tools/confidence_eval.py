#!/usr/bin/env python3
"""confidence_eval.py: how well the event confidence herald writes is calibrated on outside
labelled sets, none of which the confidence classifier was trained on.

Each text is coded with `herald code --min-confidence 0`, so that every event comes out with
its confidence; a text's prediction is the highest confidence of the events that answer the
set's question (0 when herald codes none), and the threshold is applied here.

- IndiaPoliceEvents (../shared/events/india-police/sents.jsonl): "did police do something
  here?" (ANY_ACTION). The events that answer are those with police as their source. Both
  answers occur, so precision, recall and a reliability table mean what they say. Reported on
  the documents whose id is divisible by 5 (the split the issue names) and on all of them.
- PLOVER gold-standard records, CASE 2021 task 2 dev, ConfliBERT QuadClass sentences: every
  text reports an act that took place (a statement, a threat, a demand is itself an act), so
  only recall can be measured: the share of texts with an event at or above the threshold, and
  how far the confidences fall short of the observed 1.

Prints "skipped: ../shared missing" when the sets are absent."""
import argparse, collections, csv, json, os, subprocess, sys


def code(herald, texts, date):
    """confidences of each text's events, as lists of (event, confidence)"""
    feed = "".join(json.dumps({"id": "%d" % i, "text": t, "date": date}) + "\n" for i, t in enumerate(texts))
    proc = subprocess.run([herald, "code", "--min-confidence", "0", "--input-format", "jsonl",
                           "--no-progress", "-j", "2", "-"],
                          input=feed.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    events = collections.defaultdict(list)
    for line in proc.stdout.decode().splitlines():
        e = json.loads(line)
        events[int(e["doc_id"])].append(e)
    return [events.get(i, []) for i in range(len(texts))]


def reliability(pairs, bins=10):
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            rows.append((lo, hi, len(inside), sum(p for p, _ in inside) / len(inside),
                         sum(y for _, y in inside) / len(inside)))
    return rows


def report(name, pairs, threshold, two_sided):
    n = len(pairs)
    kept = [(p, y) for p, y in pairs if p >= threshold]
    positives = sum(y for _, y in pairs)
    tp = sum(y for _, y in kept)
    recall = tp / positives if positives else 0.0
    if two_sided:
        precision = tp / len(kept) if kept else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print("%s: %d texts, %d positive; at %.2f precision %.3f recall %.3f F1 %.3f"
              % (name, n, positives, threshold, precision, recall, f1))
    else:
        print("%s: %d texts, all positive; at %.2f recall %.3f (an event coded at all: %.3f)"
              % (name, n, threshold, recall, sum(1 for p, _ in pairs if p > 0) / n if n else 0))
    print("  %-9s %6s %9s %9s" % ("bin", "texts", "predicted", "observed"))
    for lo, hi, k, pred, obs in reliability(pairs):
        print("  %.1f-%.1f   %6d %9.3f %9.3f" % (lo, hi, k, pred, obs))


def police(e):
    s = e.get("source") or {}
    return s.get("role") == "COP" or str(s.get("code") or "").endswith("COP")


def best(events, keep=lambda e: True):
    return max((e["confidence"] for e in events if keep(e) and e.get("confidence") is not None), default=0.0)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shared = os.path.join(root, "..", "shared")
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--shared", default=shared)
    args = ap.parse_args()
    india = os.path.join(args.shared, "events", "india-police", "sents.jsonl")
    if not os.path.exists(india):
        print("skipped: ../shared missing")
        return 0

    rows = [json.loads(l) for l in open(india, encoding="utf-8")]
    events = code(args.herald, [r["sent_text"] for r in rows], "2002-01-01")
    pairs = [(best(ev, police), 1 if "ANY_ACTION" in r["sent_labels"] else 0) for r, ev in zip(rows, events)]
    test = [p for p, r in zip(pairs, rows) if r["doc_id"] % 5 == 0]
    report("IndiaPoliceEvents ANY_ACTION, documents with id divisible by 5", test, args.threshold, True)
    report("IndiaPoliceEvents ANY_ACTION, all documents", pairs, args.threshold, True)

    gsr = os.path.join(args.shared, "reference", "plover", "PLOVER_GSR_CAMEO.json")
    if os.path.exists(gsr):
        recs = [r for r in json.load(open(gsr, encoding="utf-8")) if r.get("event") != "DOCUMENT" and r.get("text")]
        events = code(args.herald, [r["text"] for r in recs], "2000-01-01")
        report("PLOVER gold-standard records", [(best(ev), 1) for ev in events], args.threshold, False)

    case = os.path.join(args.shared, "eval", "case2021", "dev.tsv")
    if os.path.exists(case):
        texts = []
        with open(case, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2 and parts[0] != "id":
                    texts.append(parts[1])
        events = code(args.herald, texts, "2021-01-01")
        report("CASE 2021 task 2 dev snippets", [(best(ev), 1) for ev in events], args.threshold, False)

    qc = os.path.join(args.shared, "events", "conflibert", "cameo_class_train.tsv")
    if os.path.exists(qc):
        with open(qc, encoding="utf-8") as f:
            texts = [r[0] for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if len(r) == 2]
        events = code(args.herald, texts, "2020-01-01")
        report("ConfliBERT QuadClass sentences", [(best(ev), 1) for ev in events], args.threshold, False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
