#!/usr/bin/env python3
"""store_dataframe.py: an event store (`herald ingest`) as a pandas DataFrame and as a Dask
DataFrame, and what an analyst asks of it first: events by month and CAMEO root, and the
places with most events.

    python3 examples/store_dataframe.py STORE [--country CC] [--code PREFIX] [--partitions N]

herald.Store runs the filters through libherald (those of `herald query`); the frame's codes
are strings, its dates datetimes (NaT when undated) with their precision. The Dask frame holds
the same rows in N partitions, for the operations that outgrow one process."""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--country")
    ap.add_argument("--code")
    ap.add_argument("--partitions", type=int, default=4)
    args = ap.parse_args()
    import dask.dataframe as dd
    import herald

    with herald.Store(args.store) as store:
        df = store.events(country=args.country, code=args.code)
    print("%d events, %d undated" % (len(df), df["date"].isna().sum()))
    ddf = dd.from_pandas(df, npartitions=max(1, args.partitions))
    dated = ddf[ddf["date"].notnull()]
    by_month = dated.assign(month=dated["date"].dt.strftime("%Y-%m")).groupby(["month", "root"]).size().compute()
    print("events by month and CAMEO root (last 12 rows):")
    print(by_month.sort_index().tail(12).to_string())
    places = ddf[ddf["place_name"].notnull()].groupby("place_name").size().compute().sort_values(ascending=False)
    print("places with most events:")
    print(places.head(10).to_string())


if __name__ == "__main__":
    main()
