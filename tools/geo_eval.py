#!/usr/bin/env python3
"""geo_eval.py: place resolution on herald's own test set (tests/geo/places.tsv: sentences
written for herald, one annotated place mention per line, with its GeoNames id and country).

Each sentence is read by `herald explain`, whose PLACES line lists the mentions the geocoder
resolved (mention=id(country,precision)). A mention counts as right when the resolved id is
the expected one, as right in country when the country agrees; a negative item (a name that
is not a place there, expected id "-") is right when it is left unresolved. Prints exact and
country accuracy, with -v every miss."""
import argparse, collections, os, re, subprocess, sys


def resolved_places(herald, sentence):
    out = subprocess.run([herald, "explain", "--", sentence], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    found = {}
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("  PLACES "):
            for m in re.finditer(r" (.+?)=(\S+?)\((\w\w),(\w+)(?:,locative)?\)", line[len("  PLACES"):]):
                found.setdefault(m.group(1), (m.group(2), m.group(3)))
    return found


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--set", default=os.path.join(root, "tests", "geo", "places.tsv"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    items = []
    for line in open(args.set, encoding="utf-8"):
        if line.startswith("#") or line.startswith("id\t") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != 6:
            print("geo_eval: %s: bad line: %s" % (args.set, line[:60]), file=sys.stderr)
            continue
        items.append(f)
    cache = {}
    exact = country = 0
    by_kind = collections.Counter()
    right_kind = collections.Counter()
    for iid, sentence, mention, gid, cc, kind in items:
        if sentence not in cache:
            cache[sentence] = resolved_places(args.herald, sentence)
        places = cache[sentence]
        got = places.get(mention)
        if got is None:  # the geocoder may have read a longer or shorter name
            for name, val in places.items():
                if mention in name or name in mention:
                    got = val
                    break
        by_kind[kind] += 1
        if gid == "-":
            ok_exact = ok_country = got is None
        else:
            ok_exact = got is not None and got[0] == gid
            ok_country = got is not None and got[1] == cc
        exact += ok_exact
        country += ok_country
        right_kind[kind] += ok_exact
        if args.verbose and not ok_exact:
            print("%s\t%s\texpected %s %s\tgot %s\t%s" % (iid, mention, gid, cc, got, sentence[:90]))
    n = len(items)
    kinds = ", ".join("%s %d/%d" % (k, right_kind[k], by_kind[k]) for k in sorted(by_kind))
    print("places: right entry %d/%d (%.1f%%), right country %d/%d (%.1f%%); by kind: %s" %
          (exact, n, 100.0 * exact / max(n, 1), country, n, 100.0 * country / max(n, 1), kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
