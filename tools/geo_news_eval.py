#!/usr/bin/env python3
"""geo_news_eval.py: geoparsing on outside gold sets of news (../shared/geo/GeoWebNews.xml,
TR-News.xml): of the gold toponyms, how many herald recognises (reads the words as a place)
and, of all gold toponyms, how many it resolves within 161 km (100 miles) of the gold point
and to the exact GeoNames entry.

Each article is read twice by herald: `herald explain` lists, sentence by sentence, the place
mentions the geocoder resolved (mention=id), and `herald code --entities` gives each resolved
place's coordinates. A gold toponym is recognised when a resolved mention of the same article
has the same words (or contains them, or is contained in them: "Ankara" in "Ankara province").
Exact: the same GeoNames id. herald's countries carry no GeoNames id ("COUNTRY:TR"): one counts
as exact when the gold entry is a country (TR-News: feature code PCL*) or, in GeoWebNews, which
gives no feature codes, when the gold point lies in that country (by the nearest populated
place of herald's gazetteer) and its GeoNames id is not one of a populated place. A
country resolved exactly also counts as within 161 km: large countries' reference points differ
between gazetteers by more than that.

GeoWebNews annotates 14 kinds of toponym; the literal ones (Literal, Literal_Modifier, Mixed,
Embedded_Literal, Coercion) are the places where something is, and are scored by default;
--all-kinds scores every toponym with coordinates (metonyms such as "Moscow said" included).
TR-News gold is every toponym with a gazetteer entry except demonyms ("Turkish", which its
authors annotated as Turkey but which names a people, not a place); --all-kinds keeps them.

Neither set was used to write herald's rules before the first measurement; any figure after
tuning on them is a figure on tuned-on data (use --docs to keep a part apart)."""
import argparse, collections, json, math, os, re, subprocess, sys
import xml.etree.ElementTree as ET

LITERAL = {"Literal", "Literal_Modifier", "Mixed", "Embedded_Literal", "Coercion"}


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def gold_geowebnews(path, all_kinds):
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            kind = t.findtext("type") or ""
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue
            if not all_kinds and kind not in LITERAL:
                continue
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            gold.append({"name": text[s:e], "lat": float(lat), "lon": float(lon),
                         "id": (t.findtext("geonamesID") or "").strip(), "country_id": None,
                         "kind": kind})
        docs.append({"id": "gwn-" + art.get("file"), "text": text, "date": None, "gold": gold})
    return docs


def demonyms(root):
    """"Turkish", "Syrians": the English demonyms of npm world-countries"""
    path = os.path.join(root, "node_modules", "world-countries", "countries.json")
    out = set()
    if os.path.exists(path):
        for c in json.load(open(path, encoding="utf-8")):
            for v in (c.get("demonyms", {}).get("eng") or {}).values():
                out.update([v, v + "s"])
    return out


def gold_trnews(path, skip=frozenset()):
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            if g is None or g.findtext("lat") is None:
                continue
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            if text[s:e] in skip:
                continue
            fcode = g.findtext("fcode") or ""
            gold.append({"name": text[s:e], "lat": float(g.findtext("lat")), "lon": float(g.findtext("lon")),
                         "id": g.get("geonameid") or "", "kind": fcode, "entry": g.findtext("name") or "",
                         "country_id": g.get("geonameid") if fcode.startswith("PCL") else None})
        date = (art.findtext("dltime") or "").strip()
        date = date if re.match(r"^\d{4}-\d\d-\d\d$", date) else None  # some are "Sat January 3, 2015"
        docs.append({"id": "trn-" + art.get("docid"), "text": text, "date": date, "gold": gold})
    return docs


class Countries:
    """the country of a point: that of the nearest populated place of herald's gazetteer table
    (build/gen/gazetteer.tsv), on a one-degree grid; also the ids of those places"""

    def __init__(self, table):
        self.grid = collections.defaultdict(list)
        self.place_ids = set()
        if os.path.exists(table):
            for line in open(table, encoding="utf-8"):
                f = line.split("\t")
                if f[0] == "P" and len(f) > 6:
                    self.place_ids.add(f[1])
                    lat, lon = float(f[5]), float(f[6])
                    self.grid[(math.floor(lat), math.floor(lon))].append((lat, lon, f[3]))

    def of(self, lat, lon):
        best = (1e9, None)
        for r in range(0, 4):
            for dy in range(-r, r + 1):
                for dx in range(-r, r + 1):
                    if max(abs(dy), abs(dx)) != r:
                        continue
                    for plat, plon, cc in self.grid.get((math.floor(lat) + dy, math.floor(lon) + dx), ()):
                        best = min(best, (km(lat, lon, plat, plon), cc))
            if best[1]:
                return best[1]
        return None


def herald_places(herald, doc):
    """mention -> (id, lat, lon) for one article, from explain and --entities"""
    date = doc["date"] or "2018-01-01"
    out = subprocess.run([herald, "explain", "--date", date, "--", doc["text"]], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
    mention_ids = {}
    for line in out.splitlines():
        if line.startswith("  PLACES "):
            for m in re.finditer(r" (.+?)=(\S+?)\((\w\w),(\w+)(?:,locative)?\)", line[len("  PLACES"):]):
                mention_ids.setdefault(m.group(1), (m.group(2), m.group(3)))
    rec = json.dumps({"id": doc["id"], "date": date, "text": doc["text"]})
    ent = subprocess.run([herald, "code", "--entities", "--input-format", "jsonl", "-"], input=rec.encode(),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
    coords = {}
    for line in ent.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        for p in r.get("places", []):
            if p.get("geonames_id") and p.get("lat") is not None:
                coords[p["geonames_id"]] = (p["lat"], p["lon"], p.get("name") or "")
    found = {}
    for name, (gid, cc) in mention_ids.items():
        if gid in coords:
            found[name] = (gid, cc, coords[gid][0], coords[gid][1], coords[gid][2])
    return found


def fold(name):
    """a name compared without case or accents"""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


def match(name, found):
    if name in found:
        return found[name]
    best = None
    for mention, val in found.items():
        if re.search(r"\b%s\b" % re.escape(name), mention) or re.search(r"\b%s\b" % re.escape(mention), name):
            if best is None or abs(len(mention) - len(name)) < best[0]:
                best = (abs(len(mention) - len(name)), val)
    return best[1] if best else None


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--herald", default=os.path.join(root, os.environ.get("BUILD", "build"), "herald"))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--set", choices=["geowebnews", "trnews", "both"], default="both")
    ap.add_argument("--all-kinds", action="store_true", help="every toponym with coordinates (GeoWebNews: metonyms too; TR-News: demonyms too)")
    ap.add_argument("--divisions", action="store_true",
                    help="count a first-level division resolved to the gold's division (TR-News: same ADM1 name) as "
                         "exact and near, as countries are: herald places a division at its centre, GeoNames at a "
                         "point of its own that is often further than 161 km from it")
    ap.add_argument("--docs", help="only articles whose number modulo 5 is in this list, e.g. 0,1,2")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every toponym not resolved within 161 km")
    args = ap.parse_args()
    sets = []
    if args.set in ("geowebnews", "both"):
        sets.append(("GeoWebNews", gold_geowebnews(os.path.join(args.shared, "geo", "GeoWebNews.xml"), args.all_kinds)))
    if args.set in ("trnews", "both"):
        sets.append(("TR-News", gold_trnews(os.path.join(args.shared, "geo", "TR-News.xml"),
                                             frozenset() if args.all_kinds else demonyms(root))))
    countries = Countries(os.path.join(os.path.dirname(args.herald), "gen", "gazetteer.tsv"))
    keep = set(int(x) for x in args.docs.split(",")) if args.docs else None
    for label, docs in sets:
        n = recognised = near = exact = country = 0
        misses = collections.Counter()
        for i, doc in enumerate(docs):
            if keep is not None and i % 5 not in keep:
                continue
            if not doc["gold"]:
                continue
            found = herald_places(args.herald, doc)
            for g in doc["gold"]:
                n += 1
                got = match(g["name"], found)
                if got is None:
                    misses[("unrecognised", g["name"])] += 1
                    continue
                recognised += 1
                gid, cc, lat, lon, entry = got
                d = km(lat, lon, g["lat"], g["lon"])
                same = gid == g["id"]
                if gid.startswith("COUNTRY:"):  # herald's countries carry no GeoNames id
                    same = bool(g["country_id"]) if label == "TR-News" else (
                        g["id"] not in countries.place_ids) and countries.of(g["lat"], g["lon"]) == cc
                elif gid.startswith("ADM1:") and args.divisions:  # nor its first-level divisions
                    same = g.get("kind") == "ADM1" and fold(entry) == fold(g.get("entry", ""))
                if d <= 161 or same:
                    near += 1
                else:
                    misses[("far %d km" % d, "%s -> %s" % (g["name"], gid))] += 1
                if same:
                    exact += 1
        pct = lambda k: 100.0 * k / n if n else 0.0
        if args.verbose:
            for (why, what), k in sorted(misses.items(), key=lambda x: -x[1]):
                print("  %-14s %3d  %s" % (why if not why.startswith("far") else "far", k, what if not why.startswith("far") else what + " (" + why[4:] + ")"))
        of = lambda k: 100.0 * k / recognised if recognised else 0.0
        print("%s: %d gold toponyms; recognised %d (%.1f%%); within 161 km %d (%.1f%%; %.1f%% of those recognised);"
              " exact %d (%.1f%%; %.1f%% of those recognised)"
              % (label, n, recognised, pct(recognised), near, pct(near), of(near), exact, pct(exact), of(exact)))


if __name__ == "__main__":
    main()
