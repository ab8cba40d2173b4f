"""A Linker shipped to Dask workers: pickled once, unpickled at most once per process.

Imports ``errors`` and ``link.linker``.

One Linker per worker process: the Linker is pickled once on the client (it
pickles its Dictionary only), shipped as bytes with its SHA-256 key, and
unpickled at most once per process into ``_LINKERS`` (which rebuilds the name
automaton and the jieba tokenizer, ~1 s; the tokenizer itself never travels).

    >>> ShippedLinker(key="k", blob=b"").key
    'k'
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable
from typing import Any

from entitylink.errors import UsageError

__all__ = ["ShippedLinker"]

# Per-process cache of immutable Linkers keyed by the SHA-256 of their pickle.
# A Linker is never mutated after construction (its lazily loaded organisation
# words are an idempotent cache), so sharing one per process is safe.
_LINKERS: dict[str, Any] = {}
_LINKERS_LOCK = threading.Lock()


def _require_dask():
    try:
        import dask  # noqa: F401
        import dask.bag  # noqa: F401
        import dask.dataframe  # noqa: F401
    except ImportError as exc:  # pragma: no cover - the extra is missing
        raise UsageError(f"Dask support needs the [dask] extra: pip install 'entitylink[dask]' ({exc})") from None


class ShippedLinker:
    """A Linker as pickled bytes plus their key; ``get()`` gives the process's one copy.

    Pickling a ``ShippedLinker`` ships the bytes only; a worker process that
    already holds the key never unpickles them again. ``setup`` (a module-level function,
    shipped by name) runs in a worker before it unpickles its Linker: the application's
    set-up of a process of its own (the CLI's quiets the loggers).
    """

    __slots__ = ("key", "blob", "setup")

    def __init__(self, linker=None, *, key: str | None = None, blob: bytes | None = None,
                 setup: Callable[[], None] | None = None) -> None:
        if linker is not None:
            from entitylink.link.linker import Linker

            blob = pickle.dumps(linker)
            key = hashlib.sha256(blob).hexdigest()
            with _LINKERS_LOCK:  # the client process already holds this one
                _LINKERS.setdefault(key, linker if isinstance(linker, Linker) else pickle.loads(blob))
        self.key, self.blob, self.setup = key, blob, setup

    @classmethod
    def of(cls, linker=None, setup: Callable[[], None] | None = None) -> ShippedLinker:
        from entitylink.link.linker import Linker

        return cls(linker if linker is not None else Linker.default(), setup=setup)

    def __reduce__(self):
        return (_shipped, (self.key, self.blob, self.setup))

    def get(self):
        linker = _LINKERS.get(self.key)
        if linker is None:
            with _LINKERS_LOCK:
                linker = _LINKERS.get(self.key)
                if linker is None:
                    if self.setup is not None:
                        self.setup()
                    linker = _LINKERS[self.key] = pickle.loads(self.blob)
        return linker


def _shipped(key: str, blob: bytes, setup: Callable[[], None] | None = None) -> ShippedLinker:
    return ShippedLinker(key=key, blob=blob, setup=setup)


def _shipped_of(dictionary=None, linker=None) -> ShippedLinker:
    if linker is None and dictionary is not None:
        from entitylink.link.linker import Linker

        linker = Linker(dictionary)
    return ShippedLinker.of(linker)
