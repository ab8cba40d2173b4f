"""One unit of work (``Task``): opening and reading inputs with limits, splitting
dumps and stdin into units, and reading one unit into its ``Article`` or failure.

``read_input`` reads a whole file, at most ``max_bytes`` (gunzipped for
``.gz``); ``jsonl_tasks``, ``json_tasks`` and ``stdin_tasks`` split a JSONL dump
(one record per line), a ``.json`` file (one record or a list of records) and
stdin (gzip, JSONL or one article) into ``record`` and ``bytes`` tasks; an input
that fails as a whole is a ``fail`` task. ``load_article`` reads one task;
``input_failure`` (``error_record``: its ``record()``) says how one failed.
``sources`` walks the paths and decides which of these reads each file.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself.

    >>> import io
    >>> [(t.kind, t.line) for t in jsonl_tasks("d.jsonl", io.BytesIO(b'{"id": 1}\\n\\n{"id": 2}\\n'), None, 100)]
    [('record', 1), ('record', 3)]
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import itertools
import json
import os
import stat
import zlib
from collections.abc import Iterator, Sequence
from typing import IO, Any

from entitylink.errors import EntityLinkError, InputError
from entitylink.read.article import (JSON_TOO_DEEP, Article, JSONNestingError, RecordFields, article_from_record,
                                     article_id_from, load_json, read_article)
from entitylink.read.decode import decode_bytes
from entitylink.read.failures import InputFailure

__all__ = [
    "DECOMPRESSED_RATIO",
    "MAX_BYTES",
    "STDIN_NAME",
    "Task",
    "error_record",
    "fail_task",
    "inner_name",
    "input_failure",
    "json_tasks",
    "jsonl_tasks",
    "load_article",
    "decompressed_limit",
    "open_input",
    "read_input",
    "shown_path",
    "stdin_tasks",
]

MAX_BYTES = 50 * 1024 * 1024
# The decompressed bytes one gzipped input (a .gz dump, gzipped stdin) may give, by
# default: this many times max_bytes (1000 MiB with the default max_bytes). More is a
# failed input ("too large: more than N bytes decompressed"), not minutes of a gzip
# bomb; 0 is no limit.
DECOMPRESSED_RATIO = 20
STDIN_NAME = "<stdin>"
_GZIP_MAGIC = b"\x1f\x8b"


@dataclasses.dataclass(frozen=True, slots=True)
class Task:
    """One unit of work: ``kind`` is ``file`` (read ``path``), ``record`` (one
    JSONL/JSON record in ``data``), ``bytes`` (one article's bytes, stdin) or
    ``fail`` (the input failed as a whole: ``error``, ``reason``)."""

    kind: str
    path: str
    line: int | None = None
    data: bytes | str | None = None
    error: str | None = None
    reason: str | None = None
    article_id: str | None = None

    def __reduce__(self):
        # Tasks are pickled to the workers by the hundred: the slots dataclass's
        # own pickling looks its fields up for every object, three times slower.
        return Task, (self.kind, self.path, self.line, self.data, self.error, self.reason, self.article_id)


def fail_task(path: str, exc: BaseException, line: int | None = None, article_id: str | None = None) -> Task:
    if isinstance(exc, EntityLinkError):
        return Task("fail", path, line if line is not None else exc.line, error=type(exc).__name__,
                    reason=exc.reason, article_id=article_id)
    return Task("fail", path, line, error=type(exc).__name__, reason=str(exc), article_id=article_id)


def inner_name(path: str) -> str:
    return path[:-3] if path.lower().endswith(".gz") else path


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


def skip_blank_lines(stream, keep: int | None = None) -> tuple[bytes, int]:
    """Consume the blank lines at the head of a buffered ``stream`` (one with
    ``peek``) a buffer at a time, not a line at a time (millions of blank lines
    take seconds, not minutes); returns the bytes consumed when ``keep`` is given
    (stopping once more than ``keep`` are held), else ``b""``, and the number of
    lines consumed. A stream without ``peek`` is left as it is."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return b"", 0
    parts = []
    held = 0
    lines = 0
    while keep is None or held <= keep:
        buf = peek(1 << 16)
        blank = len(buf) - len(buf.lstrip())
        nl = buf.rfind(b"\n", 0, blank)
        if nl < 0:  # no whole blank line buffered: the next line has text, or the input ended
            break
        part = stream.read(nl + 1)
        lines += part.count(b"\n")
        if keep is not None:
            parts.append(part)
            held += len(part)
    return b"".join(parts), lines


def jsonl_tasks(path: str, stream, encoding, max_bytes: int, first: Sequence[bytes] = ()) -> Iterator[Task]:
    """One ``record`` task per non-blank line (a line too long, or a read error, is a ``fail``).
    Runs of blank lines are skipped a buffer at a time."""
    number = 0
    records = 0
    lines = itertools.chain(first, iter(lambda: stream.readline(max_bytes + 1), b""))
    handed = len(first)
    try:
        for i, raw in enumerate(lines):
            number += 1
            if raw[-1:] == b"\n" and not raw.strip():  # blank: skip the blank lines after it at once
                # (stdin's sniffing hands over its blank lines as one piece: count them all)
                number += raw.count(b"\n") - 1
                if i >= handed:
                    number += skip_blank_lines(stream)[1]
                continue
            if number == 1:
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: not line-splittable as bytes
                    rest = raw + stream.read(max_bytes + 1 - len(raw))
                    if len(rest) > max_bytes:
                        too_large = f"too large: a UTF-16 dump over {max_bytes} bytes"
                        yield fail_task(path, InputError(too_large, source=path))
                        return
                    text = decode_bytes(rest, encoding=encoding, source=path)
                    # JSON lines end at "\n" only (not at U+2028, U+2029, U+0085).
                    for n, line in enumerate(text.split("\n"), 1):
                        line = line.removesuffix("\r")
                        if line.strip():
                            records += 1
                            yield Task("record", path, n, line)
                    break
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while True:  # skip the rest of the long line
                    more = stream.readline(1 << 20)
                    if not more or more.endswith(b"\n"):
                        break
                records += 1
                yield fail_task(path, InputError(f"record too large (over {max_bytes} bytes)", source=path), number)
                continue
            if raw.strip():
                records += 1
                yield Task("record", path, number, raw.rstrip(b"\r\n"))
    except EntityLinkError as exc:
        records += 1
        yield fail_task(path, exc)
        return
    except _READ_ERRORS as exc:
        records += 1
        what = "not a valid gzip file" if path.lower().endswith(".gz") else "cannot read"
        yield fail_task(path, InputError(f"{what} after line {number - 1}: {getattr(exc, 'strerror', None) or exc}",
                                     source=path), number)
        return
    if not records:
        yield fail_task(path, InputError("empty input: no JSONL records", source=path))


def json_tasks(path: str, encoding, max_bytes: int) -> Iterator[Task]:
    """A ``.json`` file: one record (an object), a list of records (line = position), or JSONL."""
    try:
        text = decode_bytes(read_input(path, max_bytes), encoding=encoding, source=path)
    except EntityLinkError as exc:
        yield fail_task(path, exc)
        return
    try:
        value = load_json(text)
    except JSONNestingError:
        yield fail_task(path, InputError(JSON_TOO_DEEP, source=path))
        return
    except ValueError:
        yield from jsonl_tasks(path, io.BytesIO(text.encode("utf-8")), None, max_bytes)
        return
    items = value if isinstance(value, list) else [value]
    if not items:
        yield fail_task(path, InputError("empty input: an empty JSON list", source=path))
    for n, item in enumerate(items, 1):
        try:
            data = json.dumps(item, ensure_ascii=False)
        except RecursionError:  # parsed just under the limit, too deep to write back
            yield fail_task(path, InputError(JSON_TOO_DEEP, source=path), n)
            continue
        yield Task("record", path, n, data)


class _Prefixed(io.RawIOBase):
    """``head`` then the rest of ``stream``."""

    def __init__(self, head: bytes, stream) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(b))
        b[: len(data)] = data
        return len(data)


def stdin_tasks(raw_stream, encoding, max_bytes: int, max_decompressed: int | None = None) -> Iterator[Task]:
    """Stdin's units: a gzip stream is decompressed (at most ``max_decompressed`` bytes,
    by default ``decompressed_limit(max_bytes)``); a first line that is a JSON object
    makes it a dump, else it is one article."""
    try:
        magic = raw_stream.read(2) or b""
        stream: IO[bytes] = io.BufferedReader(_Prefixed(magic, raw_stream))
        if magic == _GZIP_MAGIC:
            gz = gzip.GzipFile(fileobj=stream, mode="rb")
            stream = io.BufferedReader(_Budgeted(gz, decompressed_limit(max_bytes, max_decompressed), STDIN_NAME),
                                       1 << 16)
        consumed: list[bytes] = []
        held = 0
        while True:
            line = stream.readline(max_bytes + 1)
            consumed.append(line)
            held += len(line)
            if line[-1:] == b"\n" and not line.strip() and held <= max_bytes:
                blank, _ = skip_blank_lines(stream, max_bytes - held)  # kept: the bytes of a one-article input
                if blank:
                    consumed.append(blank)
                    held += len(blank)
                continue
            if not line or line.strip() or held > max_bytes:
                break
        first = consumed[-1].strip().removeprefix(b"\xef\xbb\xbf")
        if first.startswith(b"{") and first.endswith(b"}") and _is_object(first):
            yield from jsonl_tasks(STDIN_NAME, stream, encoding, max_bytes, consumed)
            return
        head = b"".join(consumed)
        data = head + stream.read(max(0, max_bytes + 1 - len(head)))
    except EntityLinkError as exc:  # past the decompressed limit
        yield fail_task(STDIN_NAME, exc)
        return
    except _READ_ERRORS as exc:
        reason = f"cannot read: {getattr(exc, 'strerror', None) or exc}"
        yield fail_task(STDIN_NAME, InputError(reason, source=STDIN_NAME))
        return
    if len(data) > max_bytes:
        yield fail_task(STDIN_NAME, InputError(f"too large: more than {max_bytes} bytes", source=STDIN_NAME))
    elif not data.strip():
        yield fail_task(STDIN_NAME, InputError("empty input", source=STDIN_NAME))
    else:
        yield Task("bytes", STDIN_NAME, data=data)


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(load_json(line), dict)
    except JSONNestingError:  # "{...}" too deep to parse: a dump whose first record fails alone
        return True
    except ValueError:
        return False




def shown_path(path: str) -> str:
    """``path`` as records and messages write it: a file name's bytes that are not
    UTF-8 (held as lone surrogates by ``os.fsdecode``) become ``\\xNN`` escapes.

    >>> shown_path("a.md"), shown_path(os.fsdecode(b"\\xff.md"))
    ('a.md', '\\\\xff.md')
    """
    if path.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# -- reading one unit ------------------------------------------------------------


def _guess_id(path: str) -> str | None:
    try:  # the id read_article would give an article without URL
        return article_id_from(inner_name(path), None)
    except Exception:  # noqa: BLE001 - only a hint for error records
        return None


def load_article(task: Task, *, encoding: str | None = None, max_bytes: int = MAX_BYTES,
                 format: str = "auto", fields: RecordFields | None = None) -> Article:
    """The parsed article of one ``file``/``bytes``/``record`` task; raises ``EntityLinkError``.
    ``format``: that of ``read_article`` for a file or stdin (a record is JSON);
    ``fields``: the field names of a record (``RecordFields``)."""
    shown = shown_path(task.path)
    if task.kind == "file":
        data = read_input(task.path, max_bytes)
        name = inner_name(shown)
        article = read_article(data, name=name, encoding=encoding, format=format, fields=fields)
        return article if name == shown else dataclasses.replace(article, path=shown)
    if task.kind == "bytes":
        assert task.data is not None
        return read_article(task.data, name=shown, encoding=encoding, format=format, fields=fields)
    if task.kind == "record":
        assert task.data is not None
        text = task.data if isinstance(task.data, str) else decode_bytes(task.data, encoding=encoding, source=shown)
        return article_from_record(text, shown, task.line or 1, None, fields)  # one record of a dump, by its line
    raise InputError(task.reason or "failed", source=shown, line=task.line)


def _record_id(task: Task, fields: RecordFields | None = None) -> str | None:
    if task.kind == "file" and task.article_id is None:
        # guessed here, for the few that fail, not while listing every file
        return _guess_id(shown_path(task.path))
    if task.kind != "record":
        return task.article_id
    try:
        data = task.data if isinstance(task.data, str) else (task.data or b"").decode("utf-8", "replace")
        record = load_json(data)
        rid = next((record[k] for k in (fields.id if fields else ("id",)) if record.get(k) is not None), None)
        return None if rid is None or isinstance(rid, (dict, list, bool)) else str(rid)
    except Exception:  # noqa: BLE001 - only a hint for the error record
        return None


def input_failure(task: Task, exc: BaseException | None = None, fields: RecordFields | None = None) -> InputFailure:
    """The failure of a unit: a ``fail`` task, or the exception ``exc`` reading it raised
    (``fields``: the record field names, for a record's id)."""
    if exc is None:
        return InputFailure(shown_path(task.path), task.line, task.article_id, task.error or "", task.reason or "")
    line = task.line
    if isinstance(exc, EntityLinkError):
        reason = exc.reason
        line = line if line is not None else exc.line
    else:
        reason = str(exc) or repr(exc)
    return InputFailure(shown_path(task.path), line, _record_id(task, fields), type(exc).__name__, reason)


def error_record(task: Task, exc: BaseException | None = None, fields: RecordFields | None = None) -> dict[str, Any]:
    """The ``--errors`` line of a failed unit: ``input_failure(task, exc, fields).record()``."""
    return input_failure(task, exc, fields).record()
