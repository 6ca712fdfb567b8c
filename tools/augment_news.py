#!/usr/bin/env python3
"""augment_news.py: adds to a UD treebank copies of its sentences in the word order of news
reports, which web text (EWT) seldom shows and a parser trained on it then misreads:

  "The council on Wednesday lifted sanctions", "Obama on Sunday held talks",
  "Police yesterday arrested ...": a time phrase between the subject and its verb.

Also, a sentence that starts "The <plural noun> <past verb>" gets a copy without the article
("Soldiers killed ...": groups in news go bare, and a tagger that never saw it reads the verb
as a participle).

A subject "they" or "we" right before its verb gets a copy with a plural noun of the kind news
reports on ("They marched" -> "Protesters marched").

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


def bare_plural(sent):
    """A copy whose plural subject lost its article: "The soldiers killed ..." -> "Soldiers
    killed ...", "..., the rebels seized ..." -> "..., rebels seized ...": news names groups
    bare ("Police fired", "Protesters marched")."""
    rows = words(sent)
    if any("-" in r[0] or "." in r[0] for r in rows) or len(rows) < 4:
        return None
    heads = [int(r[6]) for r in rows]
    d = None
    for i, r in enumerate(rows):
        if r[1].lower() != "the" or r[7] != "det":
            continue
        noun = heads[i] - 1
        if noun <= i or rows[noun][4] != "NNS" or rows[noun][7] not in ("nsubj", "nsubj:pass"):
            continue
        verb = heads[noun] - 1
        if verb != noun + 1 or rows[verb][4] != "VBD":
            continue
        if any(rows[k][4] not in ("JJ", "NN", "NNS", "VBN", "VBG") for k in range(i + 1, noun)):
            continue
        d = i
        break
    if d is None:
        return None
    out = []
    for i, r in enumerate(rows):
        if i == d:
            continue
        r = list(r)
        h = int(r[6])
        r[6] = str(h - 1 if h > d + 1 else h)
        r[0] = str(i if i > d else i + 1)
        r[8] = "_"
        if d == 0 and i == 1:
            r[1] = r[1][:1].upper() + r[1][1:]
        out.append(r)
    comments = []
    for c in sent:
        if not c.startswith("#"):
            continue
        if c.startswith("# text = "):
            t = c[len("# text = "):]
            pos = 0
            for i in range(d):
                f = t.find(rows[i][1], pos)
                if f < 0:
                    return None
                pos = f + len(rows[i][1])
            f = t.find(rows[d][1], pos)
            if f < 0:
                return None
            rest = t[f + len(rows[d][1]):].lstrip()
            if d == 0:
                rest = rest[:1].upper() + rest[1:]
            c = "# text = " + t[:f] + rest
        elif c.startswith("# sent_id = "):
            c = c + "-bare"
        comments.append(c)
    return comments + ["\t".join(r) for r in out]


GROUPS = [("police", "police"), ("officials", "official"), ("soldiers", "soldier"), ("protesters", "protester"),
          ("rebels", "rebel"), ("troops", "troops"), ("residents", "resident"), ("authorities", "authority"),
          ("workers", "worker"), ("students", "student"), ("militants", "militant"), ("voters", "voter")]


def group_subject(sent, rng):
    """A copy in which a subject "they" or "we" right before its verb is a plural noun of the
    kind news reports on ("They marched" -> "Protesters marched"): the tagger sees a bare
    plural noun followed by a finite verb, which web text rarely has."""
    rows = words(sent)
    if any("-" in r[0] or "." in r[0] for r in rows):
        return None
    heads = [int(r[6]) for r in rows]
    for i, r in enumerate(rows):
        if r[1].lower() not in ("they", "we") or r[7] != "nsubj" or i + 1 >= len(rows):
            continue
        if heads[i] != i + 2 or rows[i + 1][4] not in ("VBD", "VBP"):
            continue
        form, lemma = rng.choice(GROUPS)
        if i == 0:
            form = form[:1].upper() + form[1:]
        out = [list(x) for x in rows]
        out[i] = [r[0], form, lemma, "NOUN", "NNS", "Number=Plur", r[6], r[7], "_", r[9]]
        for x in out:
            x[8] = "_"
        comments = []
        for c in sent:
            if not c.startswith("#"):
                continue
            if c.startswith("# text = "):
                t = c[len("# text = "):]
                pos = 0
                for k in range(i):
                    f = t.find(rows[k][1], pos)
                    if f < 0:
                        return None
                    pos = f + len(rows[k][1])
                f = t.find(r[1], pos)
                if f < 0:
                    return None
                c = "# text = " + t[:f] + form + t[f + len(r[1]):]
            elif c.startswith("# sent_id = "):
                c = c + "-group"
            comments.append(c)
        return comments + ["\t".join(x) for x in out]
    return None


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
        c = bare_plural(s)
        if c:
            copies.append(c)
        c = group_subject(s, rng)
        if c:
            copies.append(c)
        if rng.random() >= a.share:
            continue
        c = augment(s, rng)
        if c:
            copies.append(c)
    with open(a.dst, "w", encoding="utf-8") as out:
        for s in sents + copies:
            out.write("\n".join(s) + "\n\n")
    print(f"augment_news: {len(sents)} sentences, {len(copies)} copies in news word order", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
