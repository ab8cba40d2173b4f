"""Files kept between runs so that start-up is fast: the segmenter's prefix
dictionary, the checked and derived rows of the shipped dictionary, and the name matcher's
tables.

Imports nothing of entitylink.

They live in ``$ENTITYLINK_CACHE_DIR``, else ``$XDG_CACHE_HOME/entitylink`` or
``~/.cache/entitylink``. Each file is named by a hash of what it was built from,
written atomically and read with ``marshal`` (data only, never code); a file that
cannot be read, or whose content does not match the SHA-256 checksum written with it, is
rebuilt; one that cannot be written is skipped with a warning.
The directory stays small: of each kind of file (``segmenter-*``, ``dictionary-*``, ``matcher-*``),
the ``KEEP`` most recently used are kept (a segmenter file is about 10 MB, and each
user dictionary makes one); the others, and temporary files a killed writer left
behind, are removed whenever a file is written.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "x.marshal"
    >>> write_cache(p, ([1, "a"], None)); read_cache(p)
    ([1, 'a'], None)
"""

from __future__ import annotations

import contextlib
import enum
import gc
import hashlib
import logging
import marshal
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Union

log = logging.getLogger(__name__)

KEEP = 4  # files of one kind kept in the cache directory
_TMP_PREFIX = ".entitylink-"
_STALE_TMP_SECONDS = 3600
# A cache file is _MAGIC, the SHA-256 of the rest, then the marshal data: a file whose
# content does not match its checksum is never trusted.
_MAGIC = b"entitylink-cache-1\n"  # a temporary file this old is no write in progress


class CacheDir(enum.Enum):
    """Where a Linker keeps its files: ``CacheDir.USER`` is the user's cache directory
    (``$ENTITYLINK_CACHE_DIR``, else ``$XDG_CACHE_HOME/entitylink`` or ``~/.cache/entitylink``)."""

    USER = "user"


USER_CACHE = CacheDir.USER
"""The default ``cache_dir`` of ``Linker``, ``Dictionary.default`` and ``Segmenter``
(``entitylink.USER_CACHE``): the user's cache directory, ``default_cache_dir()``. Pass a
path to use another directory, or ``None`` to write nothing. (The string ``"default"``,
the default of earlier versions, still means the same.)"""

CacheLocation = Union[CacheDir, str, "os.PathLike[str]", None]


def cache_path(where: CacheLocation) -> Path | None:
    """The directory ``where`` names (``USER_CACHE``: the user's; ``None``: none).

    >>> cache_path(None) is None, cache_path("/tmp/x")
    (True, PosixPath('/tmp/x'))
    """
    if where is None:
        return None
    if where is CacheDir.USER or where == "default":  # "default": the value of earlier versions
        return default_cache_dir()
    return Path(where)


def default_cache_dir() -> Path:
    """``$ENTITYLINK_CACHE_DIR``, else ``~/.cache/entitylink``."""
    env = os.environ.get("ENTITYLINK_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "entitylink"


def hash_strings(digest: Any, strings: Sequence[str]) -> None:
    """Feed ``strings`` to a ``hashlib`` object so that no other sequence feeds the same: their
    count, then the strings joined with NUL, or each after its length when one holds a NUL
    (the join would be ambiguous; checked by counting, one pass in C). What names a cache file
    built from a list of names.

    >>> a, b = hashlib.sha256(), hashlib.sha256()
    >>> hash_strings(a, ["x\\x00y"]); hash_strings(b, ["x", "y"]); a.digest() == b.digest()
    False
    """
    joined = "\x00".join(strings)
    if joined.count("\x00") == max(len(strings) - 1, 0):
        digest.update(f"{len(strings)}|J|".encode() + joined.encode("utf-8", "surrogatepass"))
    else:
        digest.update(f"{len(strings)}|L|".encode()
                      + "".join(f"{len(x)}:{x}" for x in strings).encode("utf-8", "surrogatepass"))


def read_cache(path: Path) -> Any | None:
    """What ``write_cache`` wrote to ``path``, or None when it is missing or unreadable."""
    try:
        # one read, then loads: marshal.load(file) reads object by object
        # through the file and takes three times as long
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC):  # written by another version: rebuilt, nothing to warn about
        log.debug("ignoring cache file %s of another version", path)
        return None
    body = data[len(_MAGIC) + 32:]
    if hashlib.sha256(body).digest() != data[len(_MAGIC):len(_MAGIC) + 32]:
        # cut short, or changed since it was written: rebuilt
        log.warning("ignoring cache file %s: its checksum does not match its content", path)
        return None
    try:
        payload = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        log.warning("ignoring unreadable cache file %s", path)
        return None
    try:
        os.utime(path)  # used now: the last to be removed (a read-only directory keeps its times)
    except OSError:
        pass
    return payload


def write_cache(path: Path, payload: Any) -> None:
    """Write ``payload`` (plain data) to ``path`` atomically; a warning if it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_TMP_PREFIX)
        try:
            body = marshal.dumps(payload)
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + hashlib.sha256(body).digest() + body)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        log.warning("could not write cache file %s: %s", path, exc)
        return
    _prune(path)


def _prune(written: Path) -> None:
    """Remove the files of ``written``'s kind beyond the ``KEEP`` most recently used,
    and stale temporary files. Best effort: another process may be at the same work."""
    kind = written.name.split("-", 1)[0]
    now = time.time()
    dated: list[tuple[float, Path]] = []
    try:
        with os.scandir(written.parent) as entries:
            for entry in entries:
                try:
                    if entry.name.startswith(f"{kind}-") and entry.name.endswith(written.suffix):
                        dated.append((entry.stat().st_mtime, Path(entry.path)))
                    elif entry.name.startswith(_TMP_PREFIX) and now - entry.stat().st_mtime > _STALE_TMP_SECONDS:
                        os.unlink(entry.path)
                except OSError:
                    continue
    except OSError:
        return
    dated.sort(reverse=True)
    for _, old in dated[KEEP:]:
        if old != written:
            try:
                old.unlink()
            except OSError:
                pass


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a cache is read back into objects, and on
    again afterwards (if it was on). Those objects are many (the shipped dictionary's:
    100,000 tuples, lists and dicts), live as long as the process and hold no cycles; the
    passes the collector makes over them while they are made are a third of the time of
    loading the dictionary in a fresh process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
