"""The files of a resumable ``annotate`` run, below :class:`~entitylink.batch.journal.ResumableOutput`:
fsync of files and directories, whether OUT is a stream, reading the progress journal, the
running hash of the units done, the names of the run's files next to OUT (``JOURNAL_SUFFIX``,
``PARTS_SUFFIX``, ``TMP_SUFFIX``, the part files) and the ``OutputError`` an ``OSError`` becomes.

Imports: the standard library, the top level (``errors``) and :mod:`entitylink.read.sources`;
:mod:`entitylink.batch.journal` re-exports the suffixes (and ``_unit_digest``).

    >>> _part_name(3), _unit_digest("", Task("file", "a.md")) == _unit_digest("", Task("file", "b.md"))
    ('part-000003.part', False)
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from json.encoder import encode_basestring

from entitylink.errors import OutputError
from entitylink.read.sources import RUN_FILE_SUFFIXES, Task

__all__ = ["JOURNAL_SUFFIX", "PARTS_SUFFIX", "TMP_SUFFIX"]

# The "inputs" hash of a journal before any unit is done.
_NO_UNITS = ""


def _unit_digest(previous: str, task: Task) -> str:
    """The running hash of the units done, after one more: its path, line and,
    for a record of a dump, its bytes (a record added at the top of a dump
    leaves the (path, line) of the units done as they were)."""
    # The hash of json.dumps([previous, path, line], ensure_ascii=False), as
    # journals have it, spelt out: json.dumps costs ten times more, per unit, in
    # the process that hands out the work. ``previous`` is hex, never escaped.
    line = "null" if task.line is None else task.line
    # (a file name that is not UTF-8 keeps its bytes: surrogateescape)
    h = hashlib.sha256(f'["{previous}", {encode_basestring(task.path)}, {line}]'.encode("utf-8", "surrogateescape"))
    if task.data is not None:
        h.update(task.data.encode("utf-8", "surrogatepass") if isinstance(task.data, str) else task.data)
    return h.hexdigest()


def _check_dir(path: str, what: str) -> None:
    """OutputError unless the directory ``path`` is to be written in exists (it is not created)."""
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise OutputError(f"cannot write: the directory of the {what} does not exist: {parent}", source=path)


# Names written next to OUT; input discovery skips them.
# (read.sources.RUN_FILE_SUFFIXES lists them for the walks, which batch passes on.)
JOURNAL_SUFFIX, PARTS_SUFFIX, TMP_SUFFIX = RUN_FILE_SUFFIXES


def _fsync(f) -> None:
    f.flush()
    try:
        os.fsync(f.fileno())
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EROFS):  # a device or pipe: nothing to sync
            raise


def _is_stream(path: str | None) -> bool:
    """``path`` exists and is no regular file (``/dev/null``, ``/dev/stdout``, a named pipe)."""
    try:
        return path is not None and not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)) or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_journal(path: str) -> tuple[dict | None, dict | None]:
    """(header, last complete entry) of a journal; a torn last line is ignored."""
    try:
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")
    except FileNotFoundError:
        return None, None
    parsed = []
    for ln in lines:
        if not ln.endswith(b"}"):
            continue  # empty or torn
        try:
            parsed.append(json.loads(ln))
        except ValueError:
            continue
    if not parsed or "fingerprint" not in parsed[0]:
        return None, None
    entries = [p for p in parsed[1:] if "units" in p]
    return parsed[0], (entries[-1] if entries else None)


@contextlib.contextmanager
def _naming(path: str | None) -> Iterator[None]:
    """An ``OSError`` while writing (a full disk names no file) becomes an ``OutputError``
    naming ``path``; a closed pipe stays what it is (the CLI stops quietly)."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", source=exc.filename or path or "<stdout>") from None


def _part_name(i: int) -> str:
    return f"part-{i:06d}.part"
