#!/usr/bin/env python3
"""date_eval.py: temporal expressions on herald's own test set (tests/dates/dates.tsv:
sentences written for herald, each with a publication date and the date and precision its
event should get).

Each sentence is read by `herald explain --date PUB`, whose DATE line gives the date the
sentence's events take and its precision ("publication" when the sentence names no date).
An item is right when both agree with the expected ones. Prints the accuracy, with -v every
miss."""
import argparse, os, re, subprocess, sys


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--set", default=os.path.join(root, "tests", "dates", "dates.tsv"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    right = total = 0
    for line in open(args.set, encoding="utf-8"):
        if line.startswith("#") or line.startswith("id\t") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != 6:
            print("date_eval: %s: bad line: %s" % (args.set, line[:60]), file=sys.stderr)
            continue
        iid, pub, sentence, expression, want_date, want_prec = f
        out = subprocess.run([args.herald, "explain", "--date", pub, "--", sentence], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
        m = re.search(r"^  DATE (\S+) \((\w+)\)", out, re.M)
        got_date, got_prec = (m.group(1), m.group(2)) if m else ("?", "?")
        if want_prec == "publication":
            want_date = pub
        ok = got_date == want_date and got_prec == want_prec
        total += 1
        right += ok
        if args.verbose and not ok:
            print("%s\t%s\t%s\texpected %s %s\tgot %s %s" % (iid, pub, expression, want_date, want_prec, got_date, got_prec))
    print("dates: right %d/%d (%.1f%%)" % (right, total, 100.0 * right / max(total, 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
