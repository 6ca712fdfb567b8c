#!/usr/bin/env python3
"""augment_news.py: adds to a UD treebank copies of its sentences in the word order of news
reports, which web text (EWT) seldom shows and a parser trained on it then misreads:

  "The council on Wednesday lifted sanctions", "Obama on Sunday held talks",
  "Police yesterday arrested ...": a time phrase between the subject and its verb.

For a sentence with a finite verb (VBD, VBZ, VBP) whose subject ends right before the verb
(or before its auxiliaries), one copy gets a time phrase inserted there: "on <weekday>"
(case + obl of the verb) or "yesterday" / "today" / "on Tuesday night" style phrases. The
copies are whole trees with renumbered ids and heads, so the tagger and parser learn the
construction from the same annotation scheme. Sentences with multiword tokens or empty
nodes are left alone. Deterministic (a fixed seed).

usage: augment_news.py IN.conllu OUT.conllu [--share 0.3] [--seed 1]
The output holds every input sentence, then the copies."""
import argparse, random, sys

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def read(path):
    sent = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if sent:
                yield sent
            sent = []
        else:
            sent.append(line)
    if sent:
        yield sent


def words(sent):
    return [l.split("\t") for l in sent if l and not l.startswith("#")]


def phrase(rng, verb_id):
    """Rows of a time phrase (ids 1.. relative, head of the phrase's head = verb) and its text."""
    kind = rng.random()
    if kind < 0.6:
        day = rng.choice(DAYS)
        return [["on", "on", "ADP", "IN", "_", "2", "case"], [day, day, "PROPN", "NNP", "Number=Sing", "V", "obl"]], "on " + day
    if kind < 0.8:
        w = rng.choice(["yesterday", "today"])
        return [[w, w, "NOUN", "NN", "Number=Sing", "V", "obl:unmarked"]], w
    day = rng.choice(DAYS)
    part = rng.choice(["night", "morning", "evening"])
    return [["on", "on", "ADP", "IN", "_", "3", "case"], [day, day, "PROPN", "NNP", "Number=Sing", "3", "compound"],
            [part, part, "NOUN", "NN", "Number=Sing", "V", "obl"]], f"on {day} {part}"


def augment(sent, rng):
    rows = words(sent)
    if any("-" in r[0] or "." in r[0] for r in rows):
        return None
    n = len(rows)
    heads = [int(r[6]) for r in rows]
    # candidate verbs: finite, with a subject before them whose subtree ends at the verb's
    # auxiliaries or the verb itself
    cands = []
    for v in range(n):
        if rows[v][4] not in ("VBD", "VBZ", "VBP"):
            continue
        subj = [i for i in range(n) if heads[i] == v + 1 and rows[i][7] in ("nsubj", "nsubj:pass")]
        if len(subj) != 1 or subj[0] > v:
            continue
        s = subj[0]
        # the subject's subtree span
        span = {s}
        changed = True
        while changed:
            changed = False
            for i in range(n):
                if i not in span and heads[i] - 1 in span:
                    span.add(i)
                    changed = True
        end = max(span)
        between = list(range(end + 1, v))
        if any(rows[i][7] not in ("aux", "aux:pass") for i in between):
            continue
        if rows[end][3] in ("PRP", "WDT", "WP") or end + 1 > v:
            continue
        cands.append((v, end))
    if not cands:
        return None
    v, end = rng.choice(cands)
    # insert after the subject's last word (before auxiliaries: "the council on Monday has
    # lifted" reads worse than before the verb, so go right before the verb group)
    at = end + 1  # 0-based position of the first inserted word
    extra, text = phrase(rng, v)
    k = len(extra)
    out_rows = []
    for i, r in enumerate(rows):
        r = list(r)
        h = int(r[6])
        r[6] = str(h + k if h > at else h)  # heads are 1-based: words after the insertion move
        r[0] = str(i + 1 + (k if i >= at else 0))
        r[8] = "_"
        if i == at - 1:
            misc = r[9].split("|") if r[9] != "_" else []
            misc = [m for m in misc if m != "SpaceAfter=No"]
            r[9] = "|".join(misc) if misc else "_"
        out_rows.append((i + (k if i >= at else 0), r))
    verb_new = v + 1 + (k if v >= at else 0)
    for j, e in enumerate(extra):
        head = e[5]
        head = verb_new if head == "V" else at + int(head)
        out_rows.append((at + j, [str(at + j + 1), e[0], e[1], e[2], e[3], e[4], str(head), e[6], "_", "_"]))
    out_rows.sort()
    # the text: insert the phrase before the word at `at` (by its form's first occurrence
    # after the preceding words)
    comments = [l for l in sent if l.startswith("#")]
    new_comments = []
    for c in comments:
        if c.startswith("# text = "):
            before = " ".join(rows[i][1] for i in range(at))
            t = c[len("# text = "):]
            # find where the word at `at` starts: after the characters of the previous words
            pos = 0
            for i in range(at):
                f = t.find(rows[i][1], pos)
                if f < 0:
                    return None
                pos = f + len(rows[i][1])
            rest = t[pos:].lstrip()
            c = "# text = " + t[:pos] + " " + text + " " + rest
        elif c.startswith("# sent_id = "):
            c = c + "-news"
        new_comments.append(c)
    return new_comments + ["\t".join(r) for _, r in out_rows]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--share", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    sents = list(read(a.src))
    copies = []
    for s in sents:
        if rng.random() >= a.share:
            continue
        c = augment(s, rng)
        if c:
            copies.append(c)
    with open(a.dst, "w", encoding="utf-8") as out:
        for s in sents + copies:
            out.write("\n".join(s) + "\n\n")
    print(f"augment_news: {len(sents)} sentences, {len(copies)} copies with a time phrase before the verb",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
