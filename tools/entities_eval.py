#!/usr/bin/env python3
"""entities_eval.py: compares `herald code --entities` output with the `entities` of an
expected.json (the seed report's format) and prints what was found, what was missed and what
was found beyond the list.

usage: entities_eval.py EXPECTED.json ENTITIES.jsonl [--min-recall R]

Matching, per category:
- persons: the same surname (last word, Arabic article "al-" dropped) and, when both give
  one, the same first initial;
- organizations: exact when the folded names are equal; otherwise every content word of the
  expected name shares its first five letters with a word of the found name (name variants
  such as "Federal Council"/"Federation Council"); both are reported;
- places: the folded name equals the found name or mention, the country agrees, and the
  coordinates lie within 25 km when the expected entry gives them;
- counts: the same number, and a word in common between what is counted (plurals folded),
  and the same type ("killed", ...) when the expected entry gives one;
- quotations (optional): the found speaker contains the expected one and the text contains
  the expected `contains`;
- tone (optional): "negative" or "positive", the sign of the document's tone.
Exits 1 when the recall over all expected entities is below --min-recall (default 1.0)."""
import json
import math
import sys
import unicodedata

STOP = {"of", "the", "and", "for", "a", "an"}


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(s.replace("\u2019", "'").split())


def words(s):
    out = []
    for w in fold(s).replace("-", " ").split():
        w = w.strip(".,'\"")
        if w.startswith("al-"):
            w = w[3:]
        if w and w not in STOP:
            out.append(w)
    return out


def surname(s):
    ws = [w[3:] if w.startswith(("al-", "el-")) else w for w in fold(s).split()]
    return ws[-1] if ws else ""


def person_match(exp, found):
    if surname(exp) != surname(found):
        return False
    e, f = fold(exp).split(), fold(found).split()
    return len(e) < 2 or len(f) < 2 or e[0][0] == f[0][0]


def org_match(exp, found):
    if fold(exp) == fold(found):
        return "exact"
    fw = [w[:5] for w in words(found)]
    ew = words(exp)
    if ew and all(w[:5] in fw for w in ew):
        return "variant"
    return None


def km(lat1, lon1, lat2, lon2):
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def place_match(exp, found):
    names = {fold(found.get("name")), fold(found.get("mention"))}
    if fold(exp["name"]) not in names:
        return False
    if exp.get("country") and exp["country"] != found.get("country"):
        return False
    if "lat" in exp and "lon" in exp:
        if found.get("lat") is None or km(exp["lat"], exp["lon"], found["lat"], found["lon"]) > 25:
            return False
    return True


def stem(w):
    return w[:-1] if w.endswith("s") and len(w) > 3 else w


def quote_match(exp, found):
    if exp.get("speaker") and fold(exp["speaker"]) not in fold(found.get("speaker") or ""):
        return False
    return fold(exp.get("contains", "")) in fold(found.get("text", ""))


def count_match(exp, found):
    if abs(float(exp["number"]) - float(found["number"])) > 1e-9:
        return False
    if "type" in exp and exp["type"] != found.get("type"):
        return False
    ew = {stem(w) for w in words(exp.get("of", ""))}
    fw = {stem(w) for w in words(found.get("of", ""))}
    return bool(ew & fw) or (not ew and not fw)


def main():
    args = sys.argv[1:]
    min_recall = 1.0
    if "--min-recall" in args:
        i = args.index("--min-recall")
        min_recall = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    expected = json.load(open(args[0], encoding="utf-8"))["entities"]
    found = {"persons": [], "organizations": [], "places": [], "counts": [], "quotations": []}
    tones = []
    for line in open(args[1], encoding="utf-8"):
        if line.strip():
            rec = json.loads(line)
            for k in found:
                found[k].extend(rec.get(k, []))
            tones.append(rec.get("tone", {}).get("tone", 0.0))
    total = hit = 0
    parts = []
    for cat in ("persons", "organizations", "places", "counts", "quotations"):
        if cat == "quotations" and cat not in expected:
            continue
        exp_list = expected.get(cat, [])
        used = set()
        ok = exact = 0
        missed = []
        for e in exp_list:
            m = None
            for j, f in enumerate(found[cat]):
                if j in used:
                    continue
                if cat == "persons":
                    r = person_match(e, f["name"])
                elif cat == "organizations":
                    r = org_match(e, f["name"])
                elif cat == "places":
                    r = place_match(e, f)
                elif cat == "quotations":
                    r = quote_match(e, f)
                else:
                    r = count_match(e, f)
                if r:
                    m = (j, r)
                    break
            if m:
                used.add(m[0])
                ok += 1
                exact += m[1] == "exact"
            else:
                missed.append(e if isinstance(e, str) else e.get("name") or e.get("speaker") or
                              "%s %s" % (e.get("number"), e.get("of")))
        total += len(exp_list)
        hit += ok
        extra = len(found[cat]) - len(used)
        note = " (%d exact)" % exact if cat == "organizations" else ""
        parts.append("%s %d/%d%s, %d more found" % (cat, ok, len(exp_list), note, extra))
        if missed:
            parts[-1] += " [missed: %s]" % "; ".join(missed)
    if "tone" in expected:
        sign = expected["tone"]
        total += 1
        good = bool(tones) and ((sign == "negative" and tones[0] < 0) or (sign == "positive" and tones[0] > 0))
        hit += good
        parts.append("tone %s (%.2f)" % ("right" if good else "wrong", tones[0] if tones else 0.0))
    recall = hit / total if total else 1.0
    print("entities: " + "; ".join(parts) + "; recall %d/%d" % (hit, total))
    sys.exit(0 if recall >= min_recall else 1)


if __name__ == "__main__":
    main()
