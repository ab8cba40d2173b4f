"""Batch annotation: many inputs in, one output, every input accounted for.

``annotate(paths, linker=..., output=...)`` is the engine of ``entitylink
annotate``; ``annotate_command(args)`` is the CLI glue.

Inputs, in the order given: files, directories (walked recursively, contents
sorted by path; by default the article files ``.md .html .htm .txt .jsonl
.ndjson .json .gz``, or the ``--glob`` patterns), JSONL dumps (one record per
line), ``.json`` files (one record or a list of records), ``.gz`` files
(decompressed; the name inside decides the format) and ``-`` for stdin
(gzip, JSONL or one article, detected from the bytes). A path is never read as
an option; a nonexistent path is a failed input.

A *unit* is one article to link: a single-article file, one JSONL record, or
one input that failed as a whole. Units are numbered in a deterministic order,
cut into chunks, linked (in ``--workers`` processes, each with one Linker
handed over once by the pool initializer) and written back in input order, so
the output does not depend on the number of workers.

Failures (unreadable, undecodable, larger than ``max_bytes``, bad record, any
``EntityLinkError`` or unexpected exception) become error records
``{"path", "line", "article_id", "error", "reason"}``: lines of the ``--errors``
JSONL file, or one stderr line each. The run goes on; the summary
``N read, X ok, Y failed, M mentions`` is the last stderr line.

Resume design (``-o OUT``): OUT is written chunk by chunk next to a journal
``OUT.entitylink-progress`` (JSON lines). Its first line holds the options
fingerprint; after each chunk the data is appended to OUT (and the error
records to the errors file), both are fsync'd, and then one journal line is
appended and fsync'd: ``{"chunk", "units", "out_bytes", "errors_bytes",
"items", "parts", "read", "ok", "failed", "mentions"}``. ``--resume`` reads the
last complete journal line, truncates OUT and the errors file to the lengths
it names, skips the units already done and goes on; the result equals an
uninterrupted run, even after SIGKILL. Parquet chunks are written as part files
in ``OUT.entitylink-parts/`` (each written to a temp name and renamed before
the journal line) and joined into OUT (one row group per part, atomically
replaced) at the end. The journal and parts are removed when the run completes.
Resuming with other options is refused (``UsageError``, exit 2); a run without
``--resume`` starts over and overwrites OUT.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import fnmatch
import gzip
import hashlib
import io
import itertools
import json
import os
import shutil
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from .article import Article, read_article
from .decode import decode_bytes
from .errors import EntityLinkError, InputError, OutputError, UsageError
from . import outputs

__all__ = [
    "DEFAULT_SUFFIXES",
    "MAX_BYTES",
    "Summary",
    "Task",
    "annotate",
    "annotate_command",
    "iter_tasks",
    "link_task",
]

MAX_BYTES = 50 * 1024 * 1024
DEFAULT_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".html", ".htm", ".txt", ".jsonl", ".ndjson", ".json", ".gz")
CHUNK_SIZE = 64
CHUNK_BYTES = 4 * 1024 * 1024
JOURNAL_SUFFIX = ".entitylink-progress"
PARTS_SUFFIX = ".entitylink-parts"
TMP_SUFFIX = ".entitylink-tmp"
STDIN_NAME = "<stdin>"
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
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


@dataclasses.dataclass
class Summary:
    """What a run did: units read, linked (ok), failed, mentions found, output items."""

    read: int = 0
    ok: int = 0
    failed: int = 0
    mentions: int = 0
    items: int = 0

    def line(self) -> str:
        return f"{self.read} read, {self.ok} ok, {self.failed} failed, {self.mentions} mentions"


def _fail(path: str, exc: BaseException, line: int | None = None, article_id: str | None = None) -> Task:
    if isinstance(exc, EntityLinkError):
        return Task("fail", path, line if line is not None else exc.line, error=type(exc).__name__,
                    reason=exc.reason, article_id=article_id)
    return Task("fail", path, line, error=type(exc).__name__, reason=str(exc), article_id=article_id)


# -- enumerating the units ---------------------------------------------------


def iter_tasks(
    paths: Sequence[str],
    *,
    globs: Sequence[str] | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    stdin: IO[bytes] | None = None,
    exclude: Iterable[str] = (),
) -> Iterator[Task]:
    """Every unit of the inputs, in a deterministic order (cheap: files are not read here,
    only JSONL/JSON dumps are split into records)."""
    excluded = {os.path.realpath(p) for p in exclude}
    for path in paths:
        path = os.fspath(path)
        if path == "-":
            yield from _stdin_tasks(stdin if stdin is not None else sys.stdin.buffer, encoding, max_bytes)
            continue
        try:
            st = os.stat(path)
        except OSError as exc:
            yield _fail(path, InputError(f"cannot read: {exc.strerror or exc}", source=path))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _dir_tasks(path, globs, encoding, max_bytes, excluded)
        else:
            yield from _file_tasks(path, encoding, max_bytes)


def _wanted(rel: str, name: str, globs: Sequence[str] | None) -> bool:
    if name.endswith((JOURNAL_SUFFIX, TMP_SUFFIX)):
        return False
    if not globs:
        return name.lower().endswith(DEFAULT_SUFFIXES)
    for pattern in globs:
        if "/" not in pattern:
            if fnmatch.fnmatchcase(name, pattern):
                return True
        elif fnmatch.fnmatchcase(rel, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:])):
            return True
    return False


def _dir_tasks(root: str, globs, encoding, max_bytes, excluded: set[str]) -> Iterator[Task]:
    entries: list[tuple[tuple[str, ...], str, Task | None]] = []

    def onerror(exc: OSError) -> None:
        where = exc.filename or root
        rel = os.path.relpath(where, root)
        entries.append((tuple(rel.split(os.sep)), where,
                        _fail(where, InputError(f"cannot list directory: {exc.strerror or exc}", source=where))))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = [d for d in dirnames if not d.endswith(PARTS_SUFFIX)]
        for fn in filenames:
            full = os.path.join(dirpath, fn)
            rel = os.path.relpath(full, root)
            if not _wanted(rel.replace(os.sep, "/"), fn, globs):
                continue
            if excluded and os.path.realpath(full) in excluded:
                continue
            entries.append((tuple(rel.split(os.sep)), full, None))
    entries.sort(key=lambda e: e[0])
    for _, full, failed in entries:
        if failed is not None:
            yield failed
        else:
            yield from _file_tasks(full, encoding, max_bytes)


def _inner_name(path: str) -> str:
    return path[:-3] if path.lower().endswith(".gz") else path


def _file_tasks(path: str, encoding, max_bytes: int) -> Iterator[Task]:
    inner = _inner_name(path).lower()
    if inner.endswith(_JSONL_SUFFIXES):
        try:
            stream = _open(path)
        except EntityLinkError as exc:
            yield _fail(path, exc)
            return
        with stream:
            yield from _jsonl_tasks(path, stream, encoding, max_bytes)
    elif inner.endswith(".json"):
        yield from _json_tasks(path, encoding, max_bytes)
    else:
        yield Task("file", path, article_id=_guess_id(path))


def _guess_id(path: str) -> str | None:
    from .article import _article_id  # the id read_article would give an article without URL

    try:
        return _article_id(_inner_name(path), None)
    except Exception:  # noqa: BLE001 - only a hint for error records
        return None


def _open(path: str):
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file", source=path)
        f = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from None
    if path.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=f, mode="rb")
    return f


_READ_ERRORS = (OSError, EOFError, zlib.error)


def _read_limited(path: str, max_bytes: int) -> bytes:
    """A whole file's bytes (decompressed for ``.gz``), at most ``max_bytes``."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from None
    if size > max_bytes:
        raise InputError(f"too large: {size} bytes (limit {max_bytes})", source=path)
    stream = _open(path)
    try:
        with stream:
            data = stream.read(max_bytes + 1)
    except _READ_ERRORS as exc:
        what = "not a valid gzip file" if path.lower().endswith(".gz") else "cannot read"
        raise InputError(f"{what}: {getattr(exc, 'strerror', None) or exc}", source=path) from None
    if len(data) > max_bytes:
        raise InputError(f"too large: more than {max_bytes} bytes decompressed", source=path)
    return data


def _jsonl_tasks(path: str, stream, encoding, max_bytes: int, first: Sequence[bytes] = ()) -> Iterator[Task]:
    """One ``record`` task per non-blank line (a line too long, or a read error, is a ``fail``)."""
    number = 0
    records = 0
    lines = itertools.chain(first, iter(lambda: stream.readline(max_bytes + 1), b""))
    try:
        for raw in lines:
            number += 1
            if number == 1:
                if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: not line-splittable as bytes
                    rest = raw + stream.read(max_bytes + 1 - len(raw))
                    if len(rest) > max_bytes:
                        yield _fail(path, InputError(f"too large: a UTF-16 dump over {max_bytes} bytes", source=path))
                        return
                    text = decode_bytes(rest, encoding=encoding, source=path)
                    for n, line in enumerate(text.splitlines(), 1):
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
                yield _fail(path, InputError(f"record too large (over {max_bytes} bytes)", source=path), number)
                continue
            if raw.strip():
                records += 1
                yield Task("record", path, number, raw.rstrip(b"\r\n"))
    except EntityLinkError as exc:
        records += 1
        yield _fail(path, exc)
        return
    except _READ_ERRORS as exc:
        records += 1
        what = "not a valid gzip file" if path.lower().endswith(".gz") else "cannot read"
        yield _fail(path, InputError(f"{what} after line {number - 1}: {getattr(exc, 'strerror', None) or exc}",
                                     source=path), number)
        return
    if not records:
        yield _fail(path, InputError("empty input: no JSONL records", source=path))


def _json_tasks(path: str, encoding, max_bytes: int) -> Iterator[Task]:
    """A ``.json`` file: one record (an object), a list of records (line = position), or JSONL."""
    try:
        text = decode_bytes(_read_limited(path, max_bytes), encoding=encoding, source=path)
    except EntityLinkError as exc:
        yield _fail(path, exc)
        return
    try:
        value = json.loads(text)
    except ValueError:
        yield from _jsonl_tasks(path, io.BytesIO(text.encode("utf-8")), None, max_bytes)
        return
    items = value if isinstance(value, list) else [value]
    if not items:
        yield _fail(path, InputError("empty input: an empty JSON list", source=path))
    for n, item in enumerate(items, 1):
        yield Task("record", path, n, json.dumps(item, ensure_ascii=False))


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


def _stdin_tasks(raw_stream, encoding, max_bytes: int) -> Iterator[Task]:
    try:
        magic = raw_stream.read(2) or b""
        stream = io.BufferedReader(_Prefixed(magic, raw_stream))
        if magic == _GZIP_MAGIC:
            stream = io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"))
        consumed: list[bytes] = []
        while True:
            line = stream.readline(max_bytes + 1)
            consumed.append(line)
            if not line or line.strip() or sum(map(len, consumed)) > max_bytes:
                break
        first = consumed[-1].strip().removeprefix(b"\xef\xbb\xbf")
        if first.startswith(b"{") and first.endswith(b"}") and _is_object(first):
            yield from _jsonl_tasks(STDIN_NAME, stream, encoding, max_bytes, consumed)
            return
        head = b"".join(consumed)
        data = head + stream.read(max(0, max_bytes + 1 - len(head)))
    except _READ_ERRORS as exc:
        yield _fail(STDIN_NAME, InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", source=STDIN_NAME))
        return
    if len(data) > max_bytes:
        yield _fail(STDIN_NAME, InputError(f"too large: more than {max_bytes} bytes", source=STDIN_NAME))
    elif not data.strip():
        yield _fail(STDIN_NAME, InputError("empty input", source=STDIN_NAME))
    else:
        yield Task("bytes", STDIN_NAME, data=data)


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


# -- linking one unit (in a worker or in-process) -----------------------------


def load_article(task: Task, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """The parsed article of one ``file``/``bytes``/``record`` task; raises ``EntityLinkError``."""
    if task.kind == "file":
        data = _read_limited(task.path, max_bytes)
        name = _inner_name(task.path)
        article = read_article(data, name=name, encoding=encoding)
        return article if name == task.path else dataclasses.replace(article, path=task.path)
    if task.kind == "bytes":
        return read_article(task.data, name=task.path, encoding=encoding)
    if task.kind == "record":
        from .article import _from_record  # one record of a dump, numbered by its line

        text = task.data if isinstance(task.data, str) else decode_bytes(task.data, encoding=encoding, source=task.path)
        return _from_record(text, task.path, task.line or 1, None)
    raise InputError(task.reason or "failed", source=task.path, line=task.line)


def _record_id(task: Task) -> str | None:
    if task.kind != "record":
        return task.article_id
    try:
        data = task.data if isinstance(task.data, str) else task.data.decode("utf-8", "replace")
        rid = json.loads(data).get("id")
        return None if rid is None or isinstance(rid, (dict, list, bool)) else str(rid)
    except Exception:  # noqa: BLE001 - only a hint for the error record
        return None


def error_record(task: Task, exc: BaseException | None = None) -> dict[str, Any]:
    """The ``--errors`` line of a failed unit."""
    if exc is None:
        return {"path": task.path, "line": task.line, "article_id": task.article_id,
                "error": task.error, "reason": task.reason}
    line = task.line
    if isinstance(exc, EntityLinkError):
        reason = exc.reason
        line = line if line is not None else exc.line
    else:
        reason = str(exc) or repr(exc)
    return {"path": task.path, "line": line, "article_id": _record_id(task), "error": type(exc).__name__,
            "reason": reason}


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """One unit's result: ``piece``/``items`` of the output, or ``error`` (an error record)."""

    piece: Any = None
    items: int = 0
    mentions: int = 0
    error: dict[str, Any] | None = None


def link_task(task: Task, linker, *, fmt: str = "jsonl", level: str = "mention", ignore_tags: bool = False,
              unlinked: bool = False, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Outcome:
    """Read, link and render one unit; never raises (a failure is an ``Outcome`` with ``error``)."""
    if task.kind == "fail":
        return Outcome(error=error_record(task))
    try:
        article = load_article(task, encoding=encoding, max_bytes=max_bytes)
        doc = linker.link(article, ignore_tags=ignore_tags, unlinked=unlinked)
        piece, items = outputs.render(doc, fmt, level)
        return Outcome(piece=piece, items=items, mentions=len(doc.mentions))
    except Exception as exc:  # noqa: BLE001 - every failure is reported, with its type name
        return Outcome(error=error_record(task, exc))


class _Processor:
    def __init__(self, linker, options: dict[str, Any]) -> None:
        self.linker = linker
        self.options = options

    def __call__(self, tasks: Sequence[Task]) -> list[Outcome]:
        return [link_task(t, self.linker, **self.options) for t in tasks]


_WORKER: _Processor | None = None


def _init_worker(linker, options: dict[str, Any]) -> None:
    global _WORKER
    import logging

    try:  # jieba resets its logger when imported: import first, then quiet it
        import jieba

        jieba.default_logger.setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    except ImportError:  # pragma: no cover
        pass
    _WORKER = _Processor(linker, options)


def _work(tasks: Sequence[Task]) -> list[Outcome]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER(tasks)


def _chunks(tasks: Iterator[Task], size: int, budget: int = CHUNK_BYTES) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    held = 0
    for t in tasks:
        chunk.append(t)
        held += len(t.data) if t.data is not None else 0
        if len(chunk) >= size or held >= budget:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _results(chunks: Iterator[list[Task]], processor: _Processor, workers: int, linker,
             warn) -> Iterator[tuple[list[Task], list[Outcome]]]:
    """(chunk, outcomes) in input order, computed in ``workers`` processes."""
    if workers <= 1:
        for chunk in chunks:
            yield chunk, processor(chunk)
        return
    from concurrent.futures import ProcessPoolExecutor

    # Under fork (Linux's default) the workers inherit the built Linker as it
    # is; under spawn/forkserver it is pickled (its dictionary) and rebuilt.
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                               initargs=(linker, processor.options))
    pending: collections.deque = collections.deque()

    def collect(chunk, fut):
        try:
            return chunk, fut.result()
        except Exception as exc:  # noqa: BLE001 - a dead worker: redo the chunk here
            warn(f"worker failed ({type(exc).__name__}: {exc}); linking that chunk in the main process")
            return chunk, processor(chunk)

    try:
        broken = False
        for chunk in chunks:
            if broken:
                yield chunk, processor(chunk)
                continue
            try:
                pending.append((chunk, pool.submit(_work, chunk)))
            except Exception as exc:  # noqa: BLE001 - BrokenProcessPool
                warn(f"worker pool broken ({type(exc).__name__}); going on in the main process")
                broken = True
                while pending:
                    yield collect(*pending.popleft())
                yield chunk, processor(chunk)
                continue
            if len(pending) >= workers * 3:
                yield collect(*pending.popleft())
        while pending:
            yield collect(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- the output side: OUT, the errors file, the journal -----------------------


def _fsync(f) -> None:
    f.flush()
    os.fsync(f.fileno())


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


class _Output:
    """OUT (a file, resumable through the journal) or stdout, plus the errors file."""

    def __init__(self, fmt: str, level: str, output: str | None, errors: str | None, stdout, stderr,
                 fingerprint: dict, resume: bool, warn) -> None:
        self.fmt, self.level = fmt, level
        self.output, self.errors_path = output, errors
        self.stdout, self.stderr = stdout, stderr
        self.warn = warn
        self.journal_path = output + JOURNAL_SUFFIX if output else None
        self.parts_dir = output + PARTS_SUFFIX if output else None
        self.state = {"chunk": 0, "units": 0, "out_bytes": 0, "errors_bytes": 0, "items": 0, "parts": 0,
                      "read": 0, "ok": 0, "failed": 0, "mentions": 0}
        self.out = None
        self.err = None
        self.journal = None
        try:
            self._open(fingerprint, resume)
        except OSError as exc:
            self.close()
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=exc.filename or output) from None

    def _open(self, fingerprint: dict, resume: bool) -> None:
        resumed = False
        if resume:
            head, last = _read_journal(self.journal_path)
            if head is None:
                self.warn(f"nothing to resume for {self.output} (no progress journal); starting from the beginning")
            elif head["fingerprint"] != fingerprint:
                diff = sorted(k for k in set(head["fingerprint"]) | set(fingerprint)
                              if head["fingerprint"].get(k) != fingerprint.get(k))
                raise UsageError(f"cannot resume: the interrupted run used other options ({', '.join(diff)}); "
                                 "run again with the same options, or without --resume to start over",
                                 source=self.output)
            elif last is not None:
                self.state.update(last)
                resumed = True
        if self.output is None:
            self.out = self.stdout
            self.out.write(outputs.header(self.fmt, self.level))
            self.out.flush()
            if self.errors_path:
                self.err = open(self.errors_path, "wb")
            return
        if resumed:
            self._reopen_for_resume()
            self.journal = open(self.journal_path, "ab")
            return
        # A fresh run: drop an old journal first, so a crash in between never pairs it with new data.
        if os.path.exists(self.journal_path):
            os.remove(self.journal_path)
            _fsync_dir(self.journal_path)
        if self.fmt == "parquet":
            shutil.rmtree(self.parts_dir, ignore_errors=True)
            os.makedirs(self.parts_dir)
        else:
            self.out = open(self.output, "wb")
            self.out.write(outputs.header(self.fmt, self.level))
            _fsync(self.out)
            self.state["out_bytes"] = self.out.tell()
        if self.errors_path:
            self.err = open(self.errors_path, "wb")
            _fsync(self.err)
        self.journal = open(self.journal_path, "wb")
        self.journal.write(json.dumps({"entitylink": "annotate progress journal", "fingerprint": fingerprint},
                                      ensure_ascii=False).encode("utf-8") + b"\n")
        self._journal_entry()
        _fsync_dir(self.journal_path)

    def _reopen_for_resume(self) -> None:
        def truncated(path: str, length: int, what: str):
            try:
                f = open(path, "r+b")
            except FileNotFoundError:
                raise UsageError(f"cannot resume: {what} {path} is gone; run again without --resume") from None
            f.seek(0, os.SEEK_END)
            if f.tell() < length:
                f.close()
                raise UsageError(f"cannot resume: {what} {path} is shorter than the progress journal says; "
                                 "run again without --resume")
            f.truncate(length)
            f.seek(length)
            return f

        if self.fmt == "parquet":
            keep = {_part_name(i) for i in range(self.state["parts"])}
            os.makedirs(self.parts_dir, exist_ok=True)
            for name in os.listdir(self.parts_dir):
                if name not in keep:
                    os.remove(os.path.join(self.parts_dir, name))
            missing = [n for n in keep if not os.path.exists(os.path.join(self.parts_dir, n))]
            if missing:
                raise UsageError(f"cannot resume: parquet parts are missing in {self.parts_dir}; "
                                 "run again without --resume")
        else:
            self.out = truncated(self.output, self.state["out_bytes"], "output")
        if self.errors_path:
            self.err = truncated(self.errors_path, self.state["errors_bytes"], "errors file")

    def _journal_entry(self) -> None:
        if self.journal is None:
            return
        self.journal.write(json.dumps(self.state).encode("utf-8") + b"\n")
        _fsync(self.journal)

    def write_chunk(self, chunk: Sequence[Task], outcomes: Sequence[Outcome]) -> None:
        data = bytearray()
        rows: list[dict] = []
        errs = bytearray()
        s = self.state
        for outcome in outcomes:
            s["read"] += 1
            if outcome.error is not None:
                s["failed"] += 1
                if self.err is not None:
                    errs += (json.dumps(outcome.error, ensure_ascii=False) + "\n").encode("utf-8")
                else:
                    e = outcome.error
                    where = f"{e['path']}:{e['line']}" if e.get("line") is not None else e["path"]
                    self.stderr.write(f"entitylink: {where}: {e['error']}: {e['reason']}\n")
                continue
            s["ok"] += 1
            s["mentions"] += outcome.mentions
            if self.fmt == "parquet":
                rows.extend(outcome.piece)
            elif outcome.items:
                data += outputs.joiner(self.fmt, s["items"])
                data += outcome.piece
            s["items"] += outcome.items
        s["chunk"] += 1
        s["units"] += len(chunk)
        try:
            self._write_data(bytes(data), rows, bytes(errs))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=exc.filename or self.output) from None
        self._journal_entry()

    def _write_data(self, data: bytes, rows: list[dict], errs: bytes) -> None:
        s = self.state
        if self.fmt == "parquet":
            if rows:
                self._write_part(rows)
        else:
            self.out.write(data)
            if self.output is not None:
                _fsync(self.out)
                s["out_bytes"] = self.out.tell()
            else:
                self.out.flush()
        if self.err is not None:
            self.err.write(errs)
            if self.output is not None:
                _fsync(self.err)
                s["errors_bytes"] = self.err.tell()
            else:
                self.err.flush()

    def _write_part(self, rows: list[dict]) -> None:
        pq = outputs.require_pyarrow()
        name = os.path.join(self.parts_dir, _part_name(self.state["parts"]))
        with open(name + TMP_SUFFIX, "wb") as f:
            pq.write_table(outputs.parquet_table(rows, self.level), f)
            _fsync(f)
        os.replace(name + TMP_SUFFIX, name)
        _fsync_dir(name)
        self.state["parts"] += 1

    def finish(self) -> None:
        try:
            if self.fmt == "parquet":
                self._join_parts()
            else:
                self.out.write(outputs.footer(self.fmt, self.state["items"]))
                if self.output is not None:
                    _fsync(self.out)
                else:
                    self.out.flush()
            if self.err is not None and self.output is not None:
                _fsync(self.err)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=exc.filename or self.output) from None
        self.close()
        if self.journal_path:
            try:
                os.remove(self.journal_path)
            except FileNotFoundError:
                pass
            _fsync_dir(self.journal_path)

    def _join_parts(self) -> None:
        pq = outputs.require_pyarrow()
        tmp = self.output + TMP_SUFFIX
        schema = outputs.parquet_schema(self.level)
        with pq.ParquetWriter(tmp, schema) as writer:
            for i in range(self.state["parts"]):
                writer.write_table(pq.read_table(os.path.join(self.parts_dir, _part_name(i)), schema=schema))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.output)
        _fsync_dir(self.output)
        shutil.rmtree(self.parts_dir, ignore_errors=True)

    def close(self) -> None:
        for f in (self.out if self.out is not self.stdout else None, self.err, self.journal):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass


def _part_name(i: int) -> str:
    return f"part-{i:06d}.parquet"


# -- the run ------------------------------------------------------------------


def annotate(
    paths: Sequence[str],
    *,
    linker,
    output: str | None = None,
    fmt: str = "jsonl",
    level: str = "mention",
    globs: Sequence[str] | None = None,
    encoding: str | None = None,
    ignore_tags: bool = False,
    unlinked: bool = False,
    workers: int = 1,
    errors: str | None = None,
    resume: bool = False,
    quiet: bool = False,
    max_bytes: int = MAX_BYTES,
    chunk_size: int = CHUNK_SIZE,
    fingerprint: dict | None = None,
    stdin: IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
    stderr: IO[str] | None = None,
) -> Summary:
    """Link every article of ``paths`` and write them to ``output`` (or ``stdout``).

    Returns the ``Summary``; failed units are written to ``errors`` (JSONL) or
    as lines to ``stderr``. The summary line is *not* printed here (the CLI does).

    Raises:
        UsageError: options that do not fit (parquet without output, --resume
            without output or with other options, workers < 1...).
        OutputError: OUT or the errors file cannot be written.
    """
    outputs.check(fmt, level)
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if chunk_size < 1:
        raise UsageError("chunk size must be at least 1")
    if fmt == "parquet":
        outputs.require_pyarrow()
        if not output or output == "-":
            raise UsageError("--format parquet needs -o OUT (binary output is not written to stdout)")
    if output == "-":
        output = None
    if resume and not output:
        raise UsageError("--resume needs -o OUT (the run to continue)")
    if output and errors and os.path.abspath(output) == os.path.abspath(errors):
        raise UsageError("--errors and -o name the same file")
    if output and os.path.isdir(output):
        raise UsageError(f"-o {output} is a directory")
    stderr = stderr if stderr is not None else sys.stderr
    if stdout is None:
        stdout = getattr(sys.stdout, "buffer", None) or sys.stdout
    options = {"fmt": fmt, "level": level, "ignore_tags": ignore_tags, "unlinked": unlinked,
               "encoding": encoding, "max_bytes": max_bytes}
    fp = {"paths": list(map(os.fspath, paths)), "glob": list(globs or []), **options,
          "errors": errors, **(fingerprint or {})}

    def warn(message: str) -> None:
        stderr.write(f"entitylink: {message}\n")

    out = _Output(fmt, level, output, errors, stdout, stderr, fp, resume, warn)
    try:
        done = out.state["units"]
        exclude = [p for p in (output, errors) if p]
        tasks = iter_tasks(paths, globs=globs, encoding=encoding, max_bytes=max_bytes, stdin=stdin, exclude=exclude)
        tasks = itertools.islice(tasks, done, None)
        bar = _progress(stderr, quiet, done)
        processor = _Processor(linker, options)
        for chunk, outcomes in _results(_chunks(tasks, chunk_size), processor, workers, linker, warn):
            out.write_chunk(chunk, outcomes)
            if bar is not None:
                bar.update(len(chunk))
        if bar is not None:
            bar.close()
        out.finish()
    finally:
        out.close()
    s = out.state
    return Summary(read=s["read"], ok=s["ok"], failed=s["failed"], mentions=s["mentions"], items=s["items"])


def _progress(stderr, quiet: bool, initial: int):
    if quiet or not getattr(stderr, "isatty", lambda: False)():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=None, initial=initial, unit=" articles", file=stderr, dynamic_ncols=True, leave=False)


def _dictionary_fingerprint(files: Sequence[str] | None) -> list[list[str]]:
    out = []
    for f in files or []:
        try:
            with open(f, "rb") as fh:
                digest = hashlib.sha256(fh.read()).hexdigest()
        except OSError:
            digest = "unreadable"
        out.append([os.fspath(f), digest])
    return out


def annotate_command(args: argparse.Namespace) -> int:
    """``entitylink annotate``: exit 0 when every unit succeeded, 1 when some failed, 2 for usage errors."""
    from .cli import EXIT_FAILED, EXIT_OK, make_linker

    if getattr(args, "dask", None):  # the same run, each chunk linked on a Dask cluster
        from .dask import annotate_command_dask

        return annotate_command_dask(args)
    if args.format == "parquet":
        outputs.require_pyarrow()
        if not args.output or args.output == "-":
            raise UsageError("--format parquet needs -o OUT (binary output is not written to stdout)")
    if args.resume and not args.output:
        raise UsageError("--resume needs -o OUT (the run to continue)")
    outputs.check(args.format, args.level)
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    linker = make_linker(args)
    fingerprint = {"dictionary": _dictionary_fingerprint(args.dictionary),
                   "replace_dictionary": bool(args.replace_dictionary)}
    try:
        summary = _run(args, linker, fingerprint)
    except BrokenPipeError:  # the reader of stdout went away: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    sys.stderr.write(summary.line() + "\n")
    sys.stderr.flush()
    return EXIT_FAILED if summary.failed else EXIT_OK


def _run(args: argparse.Namespace, linker, fingerprint: dict) -> Summary:
    return annotate(
        args.paths,
        linker=linker,
        output=args.output,
        fmt=args.format,
        level=args.level,
        globs=args.glob,
        encoding=args.encoding,
        ignore_tags=args.ignore_tags,
        unlinked=args.unlinked,
        workers=args.workers,
        errors=args.errors,
        resume=args.resume,
        quiet=args.quiet,
        max_bytes=getattr(args, "max_bytes", None) or MAX_BYTES,
        chunk_size=getattr(args, "chunk_size", None) or CHUNK_SIZE,
        fingerprint=fingerprint,
    )
