"""herald: Python binding (ctypes) over libherald, the event coder.

    import herald
    model = herald.Model()                      # the built dictionary model and gazetteer
    events = model.code("Russian jets bombed the city of Hama.", date="2015-10-06")
    model.classify("Police fired tear gas at protesters.")   # -> "EXCESSIVE_FORCE", ...

Each event is a dict with the fields of `herald code`'s JSON Lines output. One Model loads
the model once; it may be shared by threads (each call uses a coder of its own).

    store = herald.Store("events.db")           # a store written by `herald ingest`
    store.events(country="SY", code="19")       # a pandas DataFrame (herald/store.py)"""
import ctypes
import json
import os
import threading

from . import _native
from ._native import HeraldError
from .store import Store

__all__ = ["Model", "Store", "HeraldError"]


_Doc = _native.Doc
_here = _native.here


def _library():
    return _native.library()


def _opt(value, name):
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (name, type(value).__name__))
    return value.encode("utf-8")


class Model:
    """A loaded dictionary model (and the gazetteer beside it, for places)."""

    def __init__(self, dict_image=None, gazetteer=None):
        lib = _library()
        if dict_image is None:
            dict_image = os.environ.get("HERALD_MODEL") or _here("..", "..", "build", "herald.hdm")
        if not isinstance(dict_image, (str, os.PathLike)):
            raise TypeError("dict_image must be a path")
        err = ctypes.create_string_buffer(512)
        self._model = lib.hd_model_open(os.fsencode(dict_image), err, len(err))
        if not self._model:
            raise HeraldError(err.value.decode("utf-8", "replace"))
        self._gaz = None
        if gazetteer is None:
            beside = os.path.join(os.path.dirname(os.fspath(dict_image)), "herald.hdg")
            gazetteer = os.environ.get("HERALD_GAZETTEER") or (beside if os.path.exists(beside) else None)
        if gazetteer:
            self._gaz = lib.hd_gazetteer_open(os.fsencode(gazetteer), err, len(err))
            if not self._gaz:
                lib.hd_model_free(self._model)
                self._model = None
                raise HeraldError(err.value.decode("utf-8", "replace"))
        self._local = threading.local()
        self._coders = []
        self._lock = threading.Lock()

    def _coder(self):
        c = getattr(self._local, "coder", None)
        if c is None:
            if not self._model:
                raise HeraldError("the model is closed")
            c = _library().hd_coder_new(self._model)
            if not c:
                raise MemoryError("no memory for a coder")
            _library().hd_coder_set_gazetteer(c, self._gaz)
            self._local.coder = c
            with self._lock:
                self._coders.append(c)
        return c

    @staticmethod
    def _doc(text, date, source, url, title, doc_id="python"):
        if not isinstance(text, str):
            raise TypeError("text must be a str, not %s" % type(text).__name__)
        raw = text.encode("utf-8", "surrogatepass")
        keep = [raw, _opt(date, "date"), _opt(source, "source"), _opt(url, "url"), _opt(title, "title"),
                _opt(doc_id, "doc_id")]
        d = _Doc(keep[5], raw, len(raw), keep[4], keep[1], keep[2], keep[3])
        return d, keep

    def code(self, text, date=None, source=None, url=None, title=None, doc_id="python"):
        """The events of one article, as dicts with the fields of `herald code` output."""
        return [json.loads(line) for line in
                self.code_jsonl(text, date, source, url, title, doc_id).splitlines() if line]

    def code_jsonl(self, text, date=None, source=None, url=None, title=None, doc_id="python"):
        """The events of one article as `herald code` writes them: one JSON record per line, for
        writing straight to a file without decoding and encoding each record again."""
        d, keep = self._doc(text, date, source, url, title, doc_id)
        lib = _library()
        c = self._coder()
        n = ctypes.c_long(0)
        p = lib.hd_code_document_json(c, ctypes.byref(d), ctypes.byref(n))
        if not p:
            raise HeraldError(lib.hd_coder_error(c).decode("utf-8", "replace") or "out of memory")
        try:
            out = ctypes.string_at(p).decode("utf-8")
        finally:
            lib.hd_free(p)
        del keep
        return out

    def classify(self, text, date=None):
        """The CASE 2021 task 2 label of the article's main event ("AIR_STRIKE", ..., "OTHER")."""
        d, keep = self._doc(text, date, None, None, None)
        lib = _library()
        c = self._coder()
        label = lib.hd_classify_document(c, ctypes.byref(d))
        del keep
        if label is None:
            raise HeraldError(lib.hd_coder_error(c).decode("utf-8", "replace"))
        return label.decode("ascii")

    def close(self):
        lib = _library()
        with self._lock:
            for c in self._coders:
                lib.hd_coder_free(c)
            self._coders = []
        self._local = threading.local()
        if self._gaz:
            lib.hd_gazetteer_free(self._gaz)
            self._gaz = None
        if self._model:
            lib.hd_model_free(self._model)
            self._model = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
