#!/usr/bin/env python3
"""conflibert_eval.py: herald's events on ConfliBERT's CAMEO sets (../shared/events/conflibert/).

- cameo_ner_train.txt: sentences as CoNLL-style token/BIO lines, with the source (S) and
  target (T) of the sentence's event marked. Each sentence's text is rebuilt from its tokens
  and coded with `herald code`; the spans of every event's source and target are compared
  with the marked spans: exact-span precision, recall and F1, for S and T separately and
  together (a span matches when its words, compared without case and spacing, are the same).
- cameo_class_train.tsv: sentences with the QuadClass of their event (1 verbal cooperation,
  2 material cooperation, 3 verbal conflict, 4 material conflict; 0 no event or a public
  statement). herald's answer is the QuadClass of the sentence's first factual event (else
  its first event), 0 when it codes none or its event is a statement (CAMEO root 01).
  Accuracy and a confusion table.

Prints "skipped: ../shared missing" when the files are absent. Never used for tuning: the
files are "train" splits of ConfliBERT's data, and herald was not trained on them."""
import argparse, collections, json, os, re, subprocess, sys

NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "'s", "’s", "n't", "%", "'", "’"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "‘"}


def detokenize(tokens):
    out = ""
    for i, t in enumerate(tokens):
        if i and t not in NO_SPACE_BEFORE and tokens[i - 1] not in NO_SPACE_AFTER:
            out += " "
        out += t
    return out


def norm(text):
    return re.sub(r"[^0-9a-z]+", "", text.lower().replace("’", "'"))


def read_ner(path):
    sents, toks, tags = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        parts = line.rsplit(" ", 1)
        if len(parts) != 2:
            continue
        toks.append(parts[0])
        tags.append(parts[1])
    if toks:
        sents.append((toks, tags))
    return sents


def gold_spans(toks, tags, kind):
    spans, cur = [], None
    for t, g in zip(toks, tags):
        if g == "B-" + kind:
            if cur:
                spans.append(cur)
            cur = [t]
        elif g == "I-" + kind and cur is not None:
            cur.append(t)
        else:
            if cur:
                spans.append(cur)
            cur = None
    if cur:
        spans.append(cur)
    return {norm(detokenize(s)) for s in spans}


def code(herald, texts):
    feed = "".join(json.dumps({"id": str(i), "text": t, "date": "2018-01-01"}) + "\n" for i, t in enumerate(texts))
    proc = subprocess.run([herald, "code", "--input-format", "jsonl", "--no-progress", "--no-places", "-"],
                          input=feed.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    events = collections.defaultdict(list)
    for line in proc.stdout.decode().splitlines():
        e = json.loads(line)
        events[e["doc_id"]].append(e)
    return events


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--dir", default=os.path.join(root, "..", "shared", "events", "conflibert"))
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    ner_path = os.path.join(a.dir, "cameo_ner_train.txt")
    cls_path = os.path.join(a.dir, "cameo_class_train.tsv")
    if not os.path.exists(ner_path) or not os.path.exists(cls_path):
        print("skipped: ../shared missing")
        return 0

    sents = read_ner(ner_path)
    texts = [detokenize(t) for t, _ in sents]
    events = code(a.herald, texts)
    counts = {k: [0, 0, 0] for k in "ST"}  # right, predicted, gold
    for i, (toks, tags) in enumerate(sents):
        for kind, field in (("S", "source"), ("T", "target")):
            gold = gold_spans(toks, tags, kind)
            pred = {norm(e[field]["text"]) for e in events.get(str(i), []) if e.get(field) and e[field].get("text")}
            counts[kind][0] += len(gold & pred)
            counts[kind][1] += len(pred)
            counts[kind][2] += len(gold)

    def prf(r, p, g):
        pr = r / p if p else 0.0
        rc = r / g if g else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    total = [sum(counts[k][j] for k in "ST") for j in range(3)]
    for name, c in (("source", counts["S"]), ("target", counts["T"]), ("both", total)):
        p, r, f = prf(*c)
        print(f"conflibert spans {name}: P {p:.3f} R {r:.3f} F1 {f:.3f} (right {c[0]}, predicted {c[1]}, gold {c[2]})")

    rows = []
    for line in open(cls_path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 2 and parts[1].strip().isdigit():
            rows.append((parts[0], int(parts[1])))
    events = code(a.herald, [t for t, _ in rows])
    right = 0
    confusion = collections.Counter()
    for i, (_, gold) in enumerate(rows):
        evs = events.get(str(i), [])
        main_ev = next((e for e in evs if not e["negated"] and e.get("mood") == "fact"), evs[0] if evs else None)
        got = 0
        if main_ev and not str(main_ev.get("code", "")).startswith("01"):
            got = int(main_ev.get("quad_class") or 0)
        right += got == gold
        confusion[(gold, got)] += 1
    print(f"conflibert quadclass: accuracy {right / len(rows):.3f} ({right}/{len(rows)})")
    if a.verbose:
        print("gold\\got " + " ".join(f"{g:5d}" for g in range(5)))
        for g in range(5):
            print(f"{g:8d} " + " ".join(f"{confusion[(g, p)]:5d}" for p in range(5)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
