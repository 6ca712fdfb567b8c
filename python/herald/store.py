"""herald.store: an event store (`herald ingest`) as pandas DataFrames.

    import herald
    store = herald.Store("events.db")
    events = store.events(country="SY", code="19", from_="2015-10-01", limit=1000)
    events.groupby("root").size()
    store.mentions(events.store_id.iloc[0])       # the reports behind one event
    store.stories()                               # the article clusters

`events()` takes the filters of `herald query` and runs them through libherald (the same
checks, the same bound parameters); `mentions()` and `stories()` read their tables, opened
read-only. Columns keep what they mean: CAMEO and actor codes are strings ("010" stays
"010"), dates are datetimes with NaT for an undated event beside their `date_precision`,
counts are integers and missing numbers NaN."""
import ctypes
import json
import os
import sqlite3

from . import _native

__all__ = ["Store"]


class _Query(ctypes.Structure):
    """libherald's hd_query, field for field (herald.h)."""
    _fields_ = [("from_", ctypes.c_char_p), ("to", ctypes.c_char_p), ("country", ctypes.c_char_p),
                ("actor", ctypes.c_char_p), ("code", ctypes.c_char_p), ("acled_type", ctypes.c_char_p),
                ("near", ctypes.c_int), ("near_lat", ctypes.c_double), ("near_lon", ctypes.c_double),
                ("near_km", ctypes.c_double), ("source", ctypes.c_char_p), ("text", ctypes.c_char_p),
                ("story", ctypes.c_longlong), ("count_by", ctypes.c_char_p), ("limit", ctypes.c_long),
                ("offset", ctypes.c_long), ("placed", ctypes.c_int)]


_TEXT_FILTERS = ("from_", "to", "country", "actor", "code", "acled_type", "source", "text")

# the columns of events(), in order: flattened from the JSON record of `herald query`
_ACTOR = ("text", "code", "country", "role", "person")
_PLACE = ("name", "country", "admin1", "geonames_id", "precision", "lat", "lon")
_STRINGS = ["code", "root", "date_precision", "mood", "rule", "trigger", "acled_event_type",
            "acled_sub_event_type", "plover_event_type", "plover_mode", "case_label", "outlet", "url",
            "doc_id", "text", "event_id", "topic", "outlets"] + ["source_" + k for k in _ACTOR] + ["target_" + k for k in _ACTOR] + \
           ["place_" + k for k in _PLACE if k not in ("lat", "lon")]


_NESTED = ("source", "target", "location", "attribution", "outlets", "span")


def _flatten(record):
    row = {k: v for k, v in record.items() if k not in _NESTED}
    for side in ("source", "target"):
        actor = record.get(side) or {}
        for k in _ACTOR:
            row[side + "_" + k] = actor.get(k)
    place = record.get("location") or {}
    for k in _PLACE:
        row["place_" + k] = place.get(k)
    row["outlets"] = "; ".join(record.get("outlets") or [])
    return row


class Store:
    """A store written by `herald ingest` (or hd_store), opened read-only."""

    def __init__(self, path):
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError("path must be a path")
        if not os.path.exists(path):
            raise _native.HeraldError("%s: no such store" % os.fspath(path))
        self.path = os.fspath(path)
        lib = _native.library()
        err = ctypes.create_string_buffer(512)
        self._store = lib.hd_store_open(os.fsencode(self.path), 1, None, err, len(err))
        if not self._store:
            raise _native.HeraldError(err.value.decode("utf-8", "replace"))

    def _query_jsonl(self, query):
        lib, libc = _native.library(), _native.libc()
        buf, size = ctypes.c_void_p(), ctypes.c_size_t()
        stream = libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
        if not stream:
            raise MemoryError("no memory for the query's output")
        n = lib.hd_store_query(self._store, ctypes.byref(query), 0, stream)
        libc.fclose(stream)
        try:
            text = ctypes.string_at(buf, size.value).decode("utf-8") if buf.value else ""
        finally:
            libc.free(buf)
        if n < 0:
            raise _native.HeraldError(lib.hd_store_error(self._store).decode("utf-8", "replace"))
        return text

    def events(self, from_=None, to=None, country=None, actor=None, code=None, acled_type=None, near=None,
               source=None, text=None, story=None, limit=None, offset=None, placed=False):
        """The events that match every filter given (those of `herald query`; `near` is
        (lat, lon, km); `placed`, only events with a place), newest first, as a pandas DataFrame
        of one row per event."""
        import pandas as pd
        if not self._store:
            raise _native.HeraldError("the store is closed")
        q = _Query()
        keep = []
        values = dict(from_=from_, to=to, country=country, actor=actor, code=code, acled_type=acled_type,
                      source=source, text=text)
        for name in _TEXT_FILTERS:
            v = values[name]
            if v is not None:
                if not isinstance(v, str):
                    raise TypeError("%s must be a str, not %s" % (name, type(v).__name__))
                keep.append(v.encode("utf-8"))
                setattr(q, name, keep[-1])
        q.placed = 1 if placed else 0
        if near is not None:
            q.near = 1
            q.near_lat, q.near_lon, q.near_km = (float(x) for x in near)
        for name, v in (("story", story), ("limit", limit), ("offset", offset)):
            if v is not None:
                if not isinstance(v, int) or isinstance(v, bool):
                    raise TypeError("%s must be an int" % name)
                setattr(q, name, v)
        rows = [_flatten(json.loads(line)) for line in self._query_jsonl(q).splitlines() if line]
        return _typed(pd.DataFrame(rows, columns=_columns(rows)))

    def _read(self, sql, args=()):
        import pandas as pd
        con = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True)
        try:
            return pd.read_sql_query(sql, con, params=args)
        finally:
            con.close()

    def mentions(self, event_id=None):
        """The reports of one event (every event's when None), with their articles."""
        import pandas as pd
        sql = ("SELECT m.id AS mention_id, m.event_id, d.doc_key AS doc_id, d.outlet, d.url, d.date AS published,"
               " m.sentence, m.text, m.trigger, m.code, m.date, m.source_text, m.target_text, m.place_mention,"
               " m.hedged, m.background, m.confidence FROM mentions m JOIN documents d ON d.id = m.doc_id")
        df = self._read(sql + (" WHERE m.event_id = ? ORDER BY m.id" if event_id is not None else " ORDER BY m.id"),
                        (int(event_id),) if event_id is not None else ())
        for c in ("doc_id", "outlet", "url", "text", "trigger", "code", "source_text", "target_text",
                  "place_mention"):
            df[c] = df[c].astype("string")
        for c in ("published", "date"):
            df[c] = pd.to_datetime(df[c], errors="coerce")
        for c in ("hedged", "background"):
            df[c] = df[c].astype("boolean")
        return df

    def stories(self):
        """The stories (articles about one happening) with their main event."""
        import pandas as pd
        df = self._read("SELECT id AS story_id, title, first_date, last_date, n_articles, main_event_id"
                        " FROM stories ORDER BY id")
        df["title"] = df["title"].astype("string")
        for c in ("first_date", "last_date"):
            df[c] = pd.to_datetime(df[c], errors="coerce")
        df["main_event_id"] = df["main_event_id"].astype("Int64")
        return df

    def close(self):
        if getattr(self, "_store", None):
            _native.library().hd_store_close(self._store)
            self._store = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def _columns(rows):
    seen = {}
    for r in rows:
        for k in r:
            seen.setdefault(k, None)
    if seen:
        return list(seen)
    # no event matched: the columns an event would have, so that code on the frame still runs
    return ["event_id", "doc_id", "sentence", "text", "date", "date_precision", "code", "root", "quad_class",
            "goldstein", "negated", "hedged", "mood", "confidence", "rule", "trigger", "topic",
            "acled_event_type", "acled_sub_event_type", "plover_event_type", "plover_mode", "case_label",
            "outlet", "url", "published", "store_id", "num_mentions", "num_sources", "num_articles", "story_id",
            "first_seen", "last_seen"] + ["source_" + k for k in _ACTOR] + ["target_" + k for k in _ACTOR] + \
        ["place_" + k for k in _PLACE] + ["outlets"]


def _typed(df):
    import pandas as pd
    for c in df.columns:
        if c in _STRINGS:
            df[c] = df[c].astype("string")
    for c in ("date", "first_seen", "last_seen", "published"):
        if c in df.columns:
            df[c] = pd.to_datetime(df[c], errors="coerce")
    for c in ("store_id", "story_id", "num_mentions", "num_sources", "num_articles", "quad_class", "sentence"):
        if c in df.columns:
            df[c] = df[c].astype("Int64")
    for c in ("goldstein", "confidence", "place_lat", "place_lon"):
        if c in df.columns:
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    for c in ("negated", "hedged"):
        if c in df.columns:
            df[c] = df[c].astype("boolean")
    if "date_precision" in df.columns:
        df["date_precision"] = df["date_precision"].astype(
            pd.CategoricalDtype(["day", "publication", "week", "month", "year", "none"]))
    return df
