#!/usr/bin/env python3
"""plover_eval.py: PLOVER event types of herald's events on the PLOVER gold-standard records
(../shared/reference/plover/PLOVER_GSR_CAMEO.json: CAMEO-manual example sentences recoded to
PLOVER 0.5b1, an older schema with DEMAND, DISAPPROVE, FIGHT and INVESTIGATE).

Each record's text is coded with `herald code`; its first factual event (else its first
event) is compared with the gold event type, after mapping herald's current PLOVER names to
the older ones by the CAMEO code (ACCUSE -> INVESTIGATE for root 09, else DISAPPROVE; REQUEST
-> DEMAND for root 10; root 19 -> FIGHT; 163 -> SANCTION). Source and
target agreement compare the three-letter country or group code of herald's actors with the
gold actors' codes. Prints "skipped: ../shared missing" when the file is absent."""
import argparse, collections, json, os, subprocess, sys


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--gold", default=os.path.join(root, "..", "shared", "reference", "plover", "PLOVER_GSR_CAMEO.json"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(args.gold):
        print("skipped: ../shared missing")
        return 0
    records = [r for r in json.load(open(args.gold, encoding="utf-8")) if r.get("event") != "DOCUMENT" and r.get("text")]
    feed = "".join(json.dumps({"id": "%d" % i, "text": r["text"], "date": r.get("date") or "2000-01-01"}) + "\n"
                   for i, r in enumerate(records))
    proc = subprocess.run([args.herald, "code", "--input-format", "jsonl", "--no-progress", "-"],
                          input=feed.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    events = collections.defaultdict(list)
    for line in proc.stdout.decode().splitlines():
        e = json.loads(line)
        events[e["doc_id"]].append(e)

    def old_schema(e):
        """PLOVER's current types as 0.5b1 named them, by the CAMEO code where one current type
        joined two old ones: investigating (09) was INVESTIGATE and demanding (10) DEMAND before
        they joined ACCUSE and REQUEST; other accusations were DISAPPROVE; armed force (19, now
        ASSAULT, or COERCE for a blockade or an occupation) FIGHT; an embargo (163, now COERCE)
        SANCTION"""
        t = e.get("plover_event_type")
        code = str(e.get("code", ""))
        if t == "ACCUSE":
            return "INVESTIGATE" if code.startswith("09") else "DISAPPROVE"
        if t == "REQUEST" and code.startswith("10"):
            return "DEMAND"
        if code.startswith("19"):
            return "FIGHT"
        if code.startswith("163"):
            return "SANCTION"
        return t

    def codes(actors):
        if not actors or not isinstance(actors, list):
            return set()
        return {str(a.get("code", ""))[:3] for a in actors if a.get("code")}

    right = with_event = src_ok = src_n = tgt_ok = tgt_n = 0
    per = collections.defaultdict(lambda: [0, 0])
    misses = []
    for i, r in enumerate(records):
        evs = events.get("%d" % i, [])
        main_ev = next((e for e in evs if not e["negated"]), evs[0] if evs else None)
        got = old_schema(main_ev) if main_ev else None
        per[r["event"]][1] += 1
        if main_ev:
            with_event += 1
        if got == r["event"]:
            right += 1
            per[r["event"]][0] += 1
        elif args.verbose:
            misses.append((r["event"], got, r["text"][:120]))
        if main_ev:
            gs, gt = codes(r.get("source")), codes(r.get("target"))
            if gs:
                src_n += 1
                s = main_ev["source"]
                src_ok += bool(s and (s["code"][:3] in gs or (s.get("country") or "") in gs))
            if gt:
                tgt_n += 1
                t = main_ev["target"]
                tgt_ok += bool(t and (t["code"][:3] in gt or (t.get("country") or "") in gt))
    n = len(records)
    for k in sorted(per):
        print(f"  {k:12s} {per[k][0]:3d}/{per[k][1]:3d}")
    for gold, got, text in misses:
        print(f"  MISS {gold} -> {got}: {text}")
    print(f"plover: event type {right}/{n} ({100.0 * right / n:.1f}%), an event coded in {with_event}/{n}, "
          f"source agrees {src_ok}/{src_n}, target agrees {tgt_ok}/{tgt_n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
