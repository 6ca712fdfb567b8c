#!/usr/bin/env python3
"""articles.py N PREFIX OUT: N distinct articles made from our fixtures (tests/store/dedup.jsonl),
re-dated, re-keyed and re-worded so that no two are one document, written as JSON Lines to OUT.
The crash, signal and disk-full tests ingest these."""
import datetime
import json
import sys


def main():
    n, prefix, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    base = [json.loads(line) for line in open("tests/store/dedup.jsonl")]
    with open(out, "w") as f:
        for i in range(n):
            d = dict(base[i % len(base)])
            day = datetime.date.fromisoformat(d["date"]) + datetime.timedelta(days=(i // len(base)) * 3)
            d["id"] = "%s-%d" % (prefix, i)
            d["date"] = day.isoformat()
            d["url"] = d["url"] + "-%d" % i
            d["text"] = d["text"] + " Update %d followed." % i
            f.write(json.dumps(d) + "\n")


if __name__ == "__main__":
    main()
