"""Reading an input's bytes within limits: at most ``max_bytes`` of a file (gunzipped for
``.gz``), and at most ``decompressed_limit`` bytes out of a gzip stream, past which reading
is a failed input (``InputError``), not minutes spent on a gzip bomb.

Imports only from the top-level shared modules (``errors``).

    >>> import os, tempfile; fd, p = tempfile.mkstemp(); _ = os.write(fd, b"abc"); os.close(fd)
    >>> read_input(p), read_input(p, 2)
    Traceback (most recent call last):
    ...
    entitylink.errors.InputError: ...too large: 3 bytes (limit 2)
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib

from entitylink.errors import InputError

__all__ = ["DECOMPRESSED_RATIO", "MAX_BYTES", "decompressed_limit", "open_input", "read_input"]

MAX_BYTES = 50 * 1024 * 1024
# The decompressed bytes one gzipped input (a .gz dump, gzipped stdin) may give, by
# default: this many times max_bytes (1000 MiB with the default max_bytes). More is a
# failed input ("too large: more than N bytes decompressed"), not minutes of a gzip
# bomb; 0 is no limit.
DECOMPRESSED_RATIO = 20


def decompressed_limit(max_bytes: int, max_decompressed_bytes: int | None = None) -> int:
    """The decompressed bytes a gzipped input may give: ``max_decompressed_bytes``, or
    by default (None) ``DECOMPRESSED_RATIO`` times ``max_bytes``; 0 is no limit.

    >>> decompressed_limit(MAX_BYTES) // 2**20, decompressed_limit(100, 0), decompressed_limit(100, 7)
    (1000, 0, 7)
    """
    return DECOMPRESSED_RATIO * max_bytes if max_decompressed_bytes is None else max_decompressed_bytes


class _Budgeted(io.RawIOBase):
    """A decompressing ``stream`` that raises ``InputError`` once it has given more
    than ``limit`` bytes (0: no limit): a gzip bomb, or gigabytes of blank lines,
    is one failed input instead of minutes spent producing nothing."""

    def __init__(self, stream, limit: int, path: str, closing=None) -> None:
        self._stream = stream
        self._limit = limit
        self._path = path
        self._closing = closing
        self._total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self._stream.readinto(b)
        self._total += n
        if self._limit and self._total > self._limit:
            raise InputError(f"too large: more than {self._limit} bytes decompressed "
                             "(limit --max-decompressed-bytes)", source=self._path)
        return n

    def close(self) -> None:
        if not self.closed:
            try:
                self._stream.close()
            finally:
                if self._closing is not None:
                    self._closing.close()
        super().close()


def open_input(path: str, st: os.stat_result | None = None, max_decompressed: int = 0):
    """``path`` opened for reading (gunzipped for ``.gz``); ``st``: its stat, when the caller has it;
    ``max_decompressed``: the decompressed bytes a ``.gz`` may give (0: no limit), past
    which reading raises ``InputError``."""
    try:
        if st is None:
            st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file", source=path)
        f = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from None
    if path.lower().endswith(".gz"):
        gz = gzip.GzipFile(fileobj=f, mode="rb")
        if not max_decompressed:
            return gz
        return io.BufferedReader(_Budgeted(gz, max_decompressed, path, closing=f), 1 << 16)
    return f


_READ_ERRORS = (OSError, EOFError, zlib.error)


def read_input(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """A whole file's bytes (decompressed for ``.gz``), at most ``max_bytes``; raises ``InputError``."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from None
    size = st.st_size
    if size > max_bytes:
        raise InputError(f"too large: {size} bytes (limit {max_bytes})", source=path)
    gz = path.lower().endswith(".gz")
    try:
        if gz:
            with open_input(path, st) as stream:
                data = _read_at_most(stream.read, max_bytes + 1, size + 1)
        else:
            data = _read_plain(path, st, max_bytes + 1)
    except _READ_ERRORS as exc:
        what = "not a valid gzip file" if gz else "cannot read"
        raise InputError(f"{what}: {getattr(exc, 'strerror', None) or exc}", source=path) from None
    if len(data) > max_bytes:
        raise InputError(f"too large: more than {max_bytes} bytes decompressed", source=path)
    return data


def _read_plain(path: str, st: os.stat_result, limit: int) -> bytes:
    """Up to ``limit`` bytes of the file ``path`` (``st``: its stat), read with
    ``os.read``: for the usual article of a few kB, a file object (its buffer, a
    second fstat) cost as much as reading the file."""
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file", source=path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from None
    try:
        return _read_at_most(lambda n: os.read(fd, n), limit, st.st_size + 1)
    finally:
        os.close(fd)


def _read_at_most(read, limit: int, first: int) -> bytes:
    """Up to ``limit`` bytes from ``read(n)`` (a stream's read), asking for
    ``first`` bytes (the file's size) at first and more, doubling, while it gives
    more. One ``read(limit)`` would allocate ``limit`` bytes (50 MiB by default)
    for every file, however small: that cost more than reading the file.

    Less than asked means the end (a regular file or a buffered stream gives
    less only there), so a file that has its size needs no second read."""
    parts = []
    held = 0
    want = max(first, 1)
    while held < limit:
        ask = min(want, limit - held)
        part = read(ask)
        parts.append(part)
        held += len(part)
        if len(part) < ask:
            break
        want = max(want * 2, 1 << 16)
    return parts[0] if len(parts) == 1 else b"".join(parts)
