"""Values that Sphinx's environment pickle keeps as bytes until a build uses them.

Every build unpickles the whole environment, and for a large bibliography most of it
is the entries: sphinxcontrib-bibtex's parsed ``.bib`` data and our records, tens of
thousands of small objects. A build in which no entry changed never looks at them, yet
creating them (and the garbage collector's walks over them) was most of what such a
rebuild cost above an empty site. Kept here as one byte string each, they cost a copy
of the bytes until something reads them, and are pickled again only once read.
Pure: no Sphinx import.
"""

from __future__ import annotations

import pickle
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_UNREAD = object()


class Deferred(Generic[T]):
    """A value that stays pickled until :attr:`value` is first read."""

    __slots__ = ("_blob", "_value")

    def __init__(self, value: T) -> None:
        self._value: Any = value
        self._blob: bytes | None = None

    @property
    def value(self) -> T:
        if self._value is _UNREAD:
            assert self._blob is not None
            self._value = pickle.loads(self._blob)
            self._blob = None
        return self._value  # type: ignore[no-any-return]

    @property
    def is_read(self) -> bool:
        return self._value is not _UNREAD

    def __getstate__(self) -> bytes:
        if self._value is _UNREAD:
            assert self._blob is not None
            return self._blob  # never read: pickled as it came
        return pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL)

    def __setstate__(self, blob: bytes) -> None:
        self._blob = blob
        self._value = _UNREAD


class DeferredState:
    """A mixin for a class whose instances, unpickled, keep their attributes as bytes until
    one of them is used: a drop-in replacement where the object is handed to code that is
    not ours (isinstance holds, every method works)."""

    def __reduce__(self) -> tuple[Any, ...]:
        blob = self.__dict__.get("_deferred_state")
        if blob is None:
            blob = pickle.dumps(self.__dict__, protocol=pickle.HIGHEST_PROTOCOL)
        return (_restore, (type(self), blob))

    def __getattr__(self, name: str) -> Any:
        # only called for a name not found the usual way: unpickle and look again
        if name.startswith("__") or "_deferred_state" not in self.__dict__:
            raise AttributeError(name)
        self.__dict__.update(pickle.loads(self.__dict__.pop("_deferred_state")))
        return getattr(self, name)


def _restore(cls: type[DeferredState], blob: bytes) -> DeferredState:
    obj = cls.__new__(cls)
    obj.__dict__["_deferred_state"] = blob
    return obj
