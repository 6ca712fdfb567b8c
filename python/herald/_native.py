"""herald._native: libherald loaded once (ctypes), its functions typed, and the C library's
stream functions the store's queries write through."""
import ctypes
import ctypes.util
import os
import threading


class HeraldError(Exception):
    """A model, gazetteer or store that cannot be opened, a document herald rejects, or a
    query it refuses."""


class Doc(ctypes.Structure):
    """libherald's hd_doc (herald.h)."""
    _fields_ = [("id", ctypes.c_char_p), ("text", ctypes.c_char_p), ("text_len", ctypes.c_size_t),
                ("title", ctypes.c_char_p), ("date", ctypes.c_char_p), ("source", ctypes.c_char_p),
                ("url", ctypes.c_char_p)]


def here(*parts):
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), *parts)


def _load_library():
    candidates = [os.environ.get("HERALD_LIB"), here("..", "..", "build", "libherald.so"),
                  ctypes.util.find_library("herald")]
    for path in candidates:
        if path and (os.path.exists(path) or not os.path.isabs(path)):
            try:
                return ctypes.CDLL(path)
            except OSError:
                continue
    raise HeraldError("libherald.so not found: build herald (make) or set HERALD_LIB")


_lib = None
_libc = None
_lock = threading.Lock()


def _typed(lib):
    v, p, s, z = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_long
    lib.hd_model_open.restype = v
    lib.hd_model_open.argtypes = [p, p, s]
    lib.hd_model_free.argtypes = [v]
    lib.hd_gazetteer_open.restype = v
    lib.hd_gazetteer_open.argtypes = [p, p, s]
    lib.hd_gazetteer_free.argtypes = [v]
    lib.hd_coder_new.restype = v
    lib.hd_coder_new.argtypes = [v]
    lib.hd_coder_free.argtypes = [v]
    lib.hd_coder_set_gazetteer.argtypes = [v, v]
    lib.hd_coder_error.restype = p
    lib.hd_coder_error.argtypes = [v]
    lib.hd_code_document_json.restype = v
    lib.hd_code_document_json.argtypes = [v, ctypes.POINTER(Doc), ctypes.POINTER(z)]
    lib.hd_classify_document.restype = p
    lib.hd_classify_document.argtypes = [v, ctypes.POINTER(Doc)]
    lib.hd_free.argtypes = [v]
    lib.hd_store_open.restype = v
    lib.hd_store_open.argtypes = [p, ctypes.c_int, v, p, s]
    lib.hd_store_close.argtypes = [v]
    lib.hd_store_error.restype = p
    lib.hd_store_error.argtypes = [v]
    lib.hd_store_query.restype = z
    lib.hd_store_query.argtypes = [v, v, ctypes.c_int, v]
    return lib


def library():
    global _lib
    with _lock:
        if _lib is None:
            _lib = _typed(_load_library())
        return _lib


def libc():
    """The C library's open_memstream, fclose and free: a query writes to a FILE *."""
    global _libc
    with _lock:
        if _libc is None:
            c = ctypes.CDLL(None)
            c.open_memstream.restype = ctypes.c_void_p
            c.open_memstream.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
            c.fclose.argtypes = [ctypes.c_void_p]
            c.free.argtypes = [ctypes.c_void_p]
            _libc = c
        return _libc
