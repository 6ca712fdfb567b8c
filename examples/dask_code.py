#!/usr/bin/env python3
"""dask_code.py: code a corpus of JSON Lines articles with Dask distributed, one herald Model per
worker process, one events file per partition.

    python3 examples/dask_code.py CORPUS OUT_DIR [--workers 2] [--scheduler ADDRESS]

CORPUS is a JSON Lines file or a glob of them ("corpus/*.jsonl").

Without --scheduler it starts a LocalCluster of worker processes on this machine. With
--scheduler tcp://HOST:8786 it runs on an existing cluster: start `dask scheduler` on one machine
and `dask worker tcp://HOST:8786` on each of the others, with herald built at the same path on
every machine (or HERALD_LIB / HERALD_MODEL set there) and OUT_DIR on a shared file system.
Each worker loads the model once (the first partition it codes) and keeps it."""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

_model = None


def _worker_model():
    global _model
    if _model is None:
        import herald
        _model = herald.Model()
    return _model


def code_partition(lines, out_dir, index):
    """Codes one partition's articles; writes its events to OUT_DIR/part-INDEX.jsonl."""
    model = _worker_model()
    path = os.path.join(out_dir, "part-%05d.jsonl" % index)
    n_docs = n_events = 0
    with open(path, "w", encoding="utf-8") as out:
        for line in lines:
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                records = model.code_jsonl(d["text"], date=d.get("date"), source=d.get("source"),
                                           url=d.get("url"), title=d.get("title"), doc_id=str(d["id"]))
            except Exception as e:  # a bad record is reported and skipped, as herald code does
                print("dask_code: partition %d: %s" % (index, e), file=sys.stderr)
                continue
            n_docs += 1
            out.write(records)
            n_events += records.count("\n")
    import resource
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return [(n_docs, n_events, os.getpid(), peak_mb, id(model))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out_dir")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler")
    ap.add_argument("--blocksize", default="4MB")
    args = ap.parse_args()
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    os.makedirs(args.out_dir, exist_ok=True)
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    t0 = time.time()
    bag = db.read_text(args.corpus, blocksize=args.blocksize)
    parts = bag.to_delayed()
    import dask
    tasks = [dask.delayed(code_partition)(p, args.out_dir, i) for i, p in enumerate(parts)]
    results = [r for rs in dask.compute(*tasks) for r in rs]
    elapsed = time.time() - t0
    docs = sum(r[0] for r in results)
    events = sum(r[1] for r in results)
    pids = {r[2] for r in results}
    peak = {}
    models = {}
    for r in results:
        peak[r[2]] = max(peak.get(r[2], 0.0), r[3])
        models.setdefault(r[2], set()).add(r[4])
    import glob
    size = sum(os.path.getsize(p) for p in glob.glob(args.corpus)) or os.path.getsize(args.corpus)
    print("dask: %d articles, %d events in %.2f s (%.2f MB/s of input, %d partitions, %d worker processes)"
          % (docs, events, elapsed, size / 1e6 / elapsed, len(parts), len(pids)))
    print("dask: peak memory per worker process: %s; models loaded per process: %s"
          % (", ".join("%.0f MB" % v for v in sorted(peak.values())),
             ", ".join(str(len(v)) for v in models.values())))
    client.close()


if __name__ == "__main__":
    main()
