#!/usr/bin/env python3
"""acled_eval.py: the ACLED event type and sub-event type herald writes on its events, against
ACLED's own coding of the same event (../shared/events/acled/acled-2023-subset.csv: each
record's `notes` is a short English description of one event).

Each note is coded with `herald code`; its first event at or above the confidence threshold
that carries an ACLED type is compared with the record's event_type and sub_event_type. The
notes the CASE classifier trains on (at most 30 a sub-event type, `make train-events`, listed
in build/train-events/acled-case.tsv) are left out, so that what is scored was never trained
on. The ACLED Nigeria 2014-2016 events (older schema, nine event types) are scored the same way
on the event type alone, the old types read as the new ones they became (Riots/Protests as
either Protests or Riots). Prints "skipped: ../shared missing" when the file is absent."""
import argparse, collections, csv, json, os, re, subprocess, sys


OLD_TYPES = {
    "Riots/Protests": ("Protests", "Riots"),
    "Violence against civilians": ("Violence against civilians",),
    "Battle-No change of territory": ("Battles",),
    "Battle-Government regains territory": ("Battles",),
    "Battle-Non-state actor overtakes territory": ("Battles",),
    "Remote violence": ("Explosions/Remote violence",),
    "Strategic development": ("Strategic developments",),
    "Non-violent transfer of territory": ("Strategic developments",),
    "Headquarters or base established": ("Strategic developments",),
}


def code(herald, texts, date):
    feed = "".join(json.dumps({"id": "%d" % i, "text": t, "date": date}) + "\n" for i, t in enumerate(texts))
    proc = subprocess.run([herald, "code", "--min-confidence", "0", "--input-format", "jsonl",
                           "--no-progress", "-j", "2", "-"],
                          input=feed.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    events = collections.defaultdict(list)
    for line in proc.stdout.decode().splitlines():
        e = json.loads(line)
        events[int(e["doc_id"])].append(e)
    return events


def main_event(events, threshold):
    return next((e for e in events if e.get("acled_event_type") and
                 (e.get("confidence") is None or e["confidence"] >= threshold)), None)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "events", "acled", "acled-2023-subset.csv"))
    ap.add_argument("--trained", default=os.path.join(root, os.environ.get("BUILD", "build"), "train-events", "acled-case.tsv"))
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(args.data):
        print("skipped: ../shared missing")
        return 0
    if not os.path.exists(args.trained):
        print("acled_eval: %s missing: run make train-events first" % args.trained, file=sys.stderr)
        return 1
    trained = {line.split("\t", 1)[0] for line in open(args.trained, encoding="utf-8")}
    recs = []
    with open(args.data, encoding="utf-8-sig", newline="") as f:
        for rec in csv.DictReader(f):
            text = re.sub(r"\s+", " ", rec["notes"] or "").strip()
            if text and "acled-" + rec["event_id_cnty"] not in trained:
                recs.append((text, rec["event_type"], rec["sub_event_type"]))
    events = code(args.herald, [t for t, _, _ in recs], "2023-12-01")
    type_ok = sub_ok = typed = 0
    per = collections.defaultdict(lambda: [0, 0])
    confusion = collections.Counter()
    for i, (text, gold_type, gold_sub) in enumerate(recs):
        main_ev = main_event(events.get(i, []), args.threshold)
        got_type = main_ev["acled_event_type"] if main_ev else None
        got_sub = main_ev["acled_sub_event_type"] if main_ev else None
        typed += main_ev is not None
        type_ok += got_type == gold_type
        sub_ok += got_sub == gold_sub
        per[gold_sub][1] += 1
        per[gold_sub][0] += got_sub == gold_sub
        if got_sub != gold_sub:
            confusion[(gold_sub, got_sub)] += 1
            if args.verbose:
                print("  MISS %s -> %s: %s" % (gold_sub, got_sub, text[:140]))
    n = len(recs)
    print("ACLED notes not trained on: %d; an ACLED-typed event in %d" % (n, typed))
    print("  per sub-event type (right / notes):")
    for sub, (ok, total) in sorted(per.items(), key=lambda kv: -kv[1][1]):
        print("    %-40s %4d / %4d" % (sub, ok, total))
    print("  most frequent errors (gold -> herald):")
    for (g, p), k in confusion.most_common(8):
        print("    %4d  %s -> %s" % (k, g, p))
    print("acled: event type %d/%d (%.3f), sub-event type %d/%d (%.3f)" % (type_ok, n, type_ok / n, sub_ok, n, sub_ok / n))

    nigeria = os.path.join(os.path.dirname(args.data), "nigeria-2014-2016.geojson")
    if os.path.exists(nigeria):
        recs = []
        for feat in json.load(open(nigeria, encoding="utf-8"))["features"]:
            p = feat["properties"]
            text = re.sub(r"\s+", " ", p.get("NOTES") or "").strip()
            if text and p.get("EVENT_TYPE") in OLD_TYPES and "nga-" + str(p["EVENT_ID_CNTY"]) not in trained:
                recs.append((text, p["EVENT_TYPE"]))
        events = code(args.herald, [t for t, _ in recs], "2015-06-01")
        ok = 0
        per = collections.defaultdict(lambda: [0, 0])
        for i, (text, old) in enumerate(recs):
            main_ev = main_event(events.get(i, []), args.threshold)
            hit = main_ev is not None and main_ev["acled_event_type"] in OLD_TYPES[old]
            ok += hit
            per[old][0] += hit
            per[old][1] += 1
        for old, (k, total) in sorted(per.items(), key=lambda kv: -kv[1][1]):
            print("    %-44s %4d / %4d" % (old, k, total))
        print("acled nigeria 2014-2016: event type %d/%d (%.3f)" % (ok, len(recs), ok / len(recs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
