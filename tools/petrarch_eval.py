#!/usr/bin/env python3
"""petrarch_eval.py: codes the PETRARCH2 unit-test records from their raw text with herald and
the PETR.Validate dictionaries (through --petrarch-dicts), and compares with the expected events.

Each <Sentence> of ../shared/petrarch2/text/PETR.UnitTest.records.xml is one JSON Lines
document (its <Text> only: herald parses for itself, the Treebank parse is ignored). All records
are coded in one run of `herald code`. A record matches exactly when its set of
(source, target, code) equals the expected set; codes are compared as strings, since the
validation dictionaries use their own (WEIS-like) codes. Like PETRARCH with require_dyad, only
events with both a source and a target count, and negated events are left out.

Usage: tools/petrarch_eval.py [-v] [--herald build/herald] [--shared ../shared]
The last line is `petrarch: exact N/M (P%)`.
"""
import argparse
import collections
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def parse_records(path):
    with open(path, encoding="utf-8") as f:
        xml = f.read()
    xml = re.sub(r"<!--.*?-->", "", xml, flags=re.S)
    records = []
    for m in re.finditer(r"<Sentence\b([^>]*)>(.*?)</Sentence>", xml, re.S):
        attrs = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', m.group(1)))
        body = m.group(2)
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not text or "id" not in attrs:
            continue
        expected = set()
        for ev in re.finditer(r"<EventCoding\b([^>]*)>", body):
            a = dict((k, v1 or v2) for k, v1, v2 in
                     re.findall(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""", ev.group(1)))
            if a.get("noevents", "").lower() == "true":
                continue
            if "eventcode" in a:
                expected.add((a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"]))
        date = attrs.get("date", "")
        if re.fullmatch(r"\d{8}", date):
            date = "%s-%s-%s" % (date[:4], date[4:6], date[6:])
        else:
            date = None
        records.append({
            "id": attrs["id"],
            "category": attrs.get("category", "?"),
            "date": date,
            "text": " ".join(text.group(1).split()),
            "expected": expected,
        })
    return records


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    args = ap.parse_args()

    records_path = os.path.join(args.shared, "petrarch2", "text", "PETR.UnitTest.records.xml")
    dict_dir = os.path.join(args.shared, "petrarch2", "dictionaries")
    validate = sorted(glob.glob(os.path.join(dict_dir, "PETR.Validate.*")))
    if not os.path.exists(records_path) or not validate:
        print("skipped: ../shared missing")
        return 0

    records = parse_records(records_path)
    # Only the four validation dictionaries: the directory also holds the Phoenix/CAMEO ones.
    tmp = tempfile.mkdtemp(prefix="herald-petr-")
    try:
        for f in validate:
            shutil.copy(f, tmp)
        # record ids repeat in the file (AGENTS-18, AGENTS-19): key documents by position
        feed = "".join(json.dumps({"id": "%d" % i, "text": r["text"], **({"date": r["date"]} if r["date"] else {})})
                       + "\n" for i, r in enumerate(records))
        proc = subprocess.run([args.herald, "code", "--petrarch-dicts", tmp, "--input-format", "jsonl",
                               "--no-negated", "--no-progress", "-"],
                              input=feed.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if proc.returncode not in (0, 1) or not proc.stdout and proc.returncode:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        print("petrarch: herald failed with status %d" % proc.returncode)
        return 2
    warnings = [l for l in proc.stderr.decode(errors="replace").splitlines() if "skipped" in l]

    got = collections.defaultdict(set)
    for line in proc.stdout.decode().splitlines():
        ev = json.loads(line)
        if not ev.get("source") or not ev.get("target"):
            continue
        got[ev["doc_id"]].add((ev["source"]["code"], ev["target"]["code"], ev["code"]))

    exact = covered = 0
    per_cat = collections.OrderedDict()
    failures = []
    for i, r in enumerate(records):
        g, e = got.get("%d" % i, set()), r["expected"]
        ok = g == e
        cov = e <= g
        exact += ok
        covered += cov
        c = per_cat.setdefault(r["category"], [0, 0, 0])
        c[0] += ok
        c[1] += cov
        c[2] += 1
        if not ok:
            failures.append((r, g))

    n = len(records)
    print("dictionary warnings: %d" % len(warnings))
    print("%-10s %7s %9s" % ("category", "exact", "covered"))
    for cat, (ok, cov, tot) in per_cat.items():
        print("%-10s %3d/%-3d %4d/%-3d" % (cat, ok, tot, cov, tot))
    if args.verbose:
        for r, g in failures:
            print("\nFAIL %s [%s] %s" % (r["id"], r["category"], r["text"]))
            print("  expected: %s" % (" ".join("%s>%s:%s" % t for t in sorted(r["expected"])) or "none"))
            print("  got:      %s" % (" ".join("%s>%s:%s" % t for t in sorted(g)) or "none"))
    print("petrarch: covered %d/%d (%.1f%%)" % (covered, n, 100.0 * covered / n if n else 0))
    print("petrarch: exact %d/%d (%.1f%%)" % (exact, n, 100.0 * exact / n if n else 0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
