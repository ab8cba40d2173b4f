"""Splitting an input into units of work (``Task``): a JSONL dump into one ``record`` per
line (``jsonl_tasks``), a ``.json`` file into its record or list of records (``json_tasks``),
and stdin, gzipped or not, into a dump's records or one article's ``bytes``
(``stdin_tasks``). An input that fails as a whole is a ``fail`` task.

Imports only from the top-level shared modules (``errors``) and ``read/`` itself
(``article``, ``decode``, ``limits``, ``task``).

    >>> import io
    >>> [(t.kind, t.line) for t in jsonl_tasks("d.jsonl", io.BytesIO(b'{"id": 1}\\n\\n{"id": 2}\\n'), None, 100)]
    [('record', 1), ('record', 3)]
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
from collections.abc import Iterator, Sequence
from typing import IO

from entitylink.errors import EntityLinkError, InputError
from entitylink.read.article import JSON_TOO_DEEP, JSONNestingError, load_json
from entitylink.read.decode import decode_bytes
from entitylink.read.limits import _READ_ERRORS, _Budgeted, decompressed_limit, read_input
from entitylink.read.task import Task, fail_task

__all__ = ["STDIN_NAME", "json_tasks", "jsonl_tasks", "skip_blank_lines", "stdin_tasks"]

STDIN_NAME = "<stdin>"
_GZIP_MAGIC = b"\x1f\x8b"


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
                    for task in _utf16_tasks(path, raw, stream, encoding, max_bytes):
                        if task.kind == "fail":
                            yield task
                            return
                        records += 1
                        yield task
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


def _utf16_tasks(path: str, raw: bytes, stream, encoding, max_bytes: int) -> Iterator[Task]:
    """The records of a UTF-16 dump whose first line (as bytes) is ``raw``: the whole dump is
    read (at most ``max_bytes``, else one ``fail`` task) and decoded, then split into lines."""
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
            yield Task("record", path, n, line)


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
