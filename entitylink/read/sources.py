"""Finding and reading the inputs of every command: paths in, units out.

``iter_tasks(paths)`` lists the units of work; ``load_article(task)`` reads one;
``iter_articles(paths)`` does both and yields each unit's ``Article`` or, for a
failed one, its error record. ``annotate``, ``evaluate``, ``retag`` (through
``iter_files``) and ``dict harvest`` all read their PATH arguments here, so they
accept the same inputs.

Inputs, in the order given: files, directories (walked recursively, contents
sorted by path; by default the article files ``.md .html .htm .txt .jsonl
.ndjson .json .gz``, or the ``--glob`` patterns), JSONL dumps (one record per
line), ``.json`` files (one record or a list of records), ``.gz`` files
(decompressed; the name inside decides the format) and ``-`` for stdin
(gzip, JSONL or one article, detected from the bytes). A path is never read as
an option; a nonexistent path is a failed input.

A *unit* is one article: a single-article file, one JSONL record, or one input
that failed as a whole (unreadable, undecodable, larger than ``max_bytes``,
bad record...). A failure becomes an error record
``{"path", "line", "article_id", "error", "reason"}``.

    >>> import io
    >>> dump = '{"id": "a1", "content": "光明乳业公告"}\\n{not json}\\n'.encode()
    >>> [(t.kind, t.line) for t in iter_tasks(["-"], stdin=io.BytesIO(dump))]
    [('record', 1), ('record', 2)]
    >>> from entitylink.errors import describe
    >>> [a.text if isinstance(a, Article) else describe(a)
    ...  for a in iter_articles(["-"], stdin=io.BytesIO(dump))]
    ['光明乳业公告', '<stdin>:2: ArticleFormatError: not JSON...']
"""

from __future__ import annotations

import dataclasses
import fnmatch
import gzip
import io
import itertools
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from entitylink.read.article import Article, article_from_record, article_id_from, read_article
from entitylink.read.decode import decode_bytes
from entitylink.errors import EntityLinkError, InputError, UsageError
from entitylink.batch.journal import JOURNAL_SUFFIX, PARTS_SUFFIX, TMP_SUFFIX

__all__ = [
    "DEFAULT_SUFFIXES",
    "MAX_BYTES",
    "STDIN_NAME",
    "Task",
    "error_record",
    "iter_articles",
    "iter_files",
    "iter_tasks",
    "load_article",
    "read_input",
    "refuse_overwriting_inputs",
]

MAX_BYTES = 50 * 1024 * 1024
DEFAULT_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".html", ".htm", ".txt", ".jsonl", ".ndjson", ".json", ".gz")
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

    def __reduce__(self):
        # Tasks are pickled to the workers by the hundred: the slots dataclass's
        # own pickling looks its fields up for every object, three times slower.
        return Task, (self.kind, self.path, self.line, self.data, self.error, self.reason, self.article_id)


def _fail(path: str, exc: BaseException, line: int | None = None, article_id: str | None = None) -> Task:
    if isinstance(exc, EntityLinkError):
        return Task("fail", path, line if line is not None else exc.line, error=type(exc).__name__,
                    reason=exc.reason, article_id=article_id)
    return Task("fail", path, line, error=type(exc).__name__, reason=str(exc), article_id=article_id)


# -- enumerating the units ---------------------------------------------------


def iter_files(
    paths: Sequence[str],
    *,
    globs: Sequence[str] | None = None,
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
    exclude: Iterable[str] = (),
) -> Iterator[tuple[str, str] | Task]:
    """The input files of ``paths``, in a deterministic order: ``(path, name)``
    for each file (``name`` is its path below the directory named, or its base
    name when it was named itself; ``("-", "-")`` for stdin), or a ``fail`` Task
    for a path that does not exist or a directory that cannot be listed.

    Directories give the files with one of ``suffixes`` (or matching ``globs``),
    sorted by path, never OUT's journal, temp or parts files nor ``exclude``."""
    excluded = {os.path.realpath(p) for p in exclude}
    for path in paths:
        path = os.fspath(path)
        if path == "-":
            yield path, path
            continue
        try:
            st = os.stat(path)
        except OSError as exc:
            yield _fail(path, InputError(f"cannot read: {exc.strerror or exc}", source=path))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _dir_files(path, globs, suffixes, excluded)
        else:
            yield path, os.path.basename(path)


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)  # also hard links
    except OSError:  # one of them does not exist (yet)
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_overwriting_inputs(paths: Sequence[str], outputs: Sequence[tuple[str, str | None]]) -> None:
    """Raise ``UsageError`` when an output file (``(option, path)`` pairs, e.g.
    ``("-o", OUT)``; ``None`` and ``-`` are skipped) is one of the file
    arguments in ``paths``: opening it for writing would erase that input.
    Call it before opening anything. ``-`` (stdin) is not a file; files inside
    a directory argument are left out of the walk instead (``exclude``)."""
    for option, out in outputs:
        if not out or out == "-":
            continue
        for path in paths:
            path = os.fspath(path)
            if path != "-" and not os.path.isdir(path) and _same_file(path, out):
                raise UsageError(f"{option} {out} is also an input ({path}); writing it would erase that input")


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
    for found in iter_files(paths, globs=globs, exclude=exclude):
        if isinstance(found, Task):
            yield found
        elif found[0] == "-":
            yield from _stdin_tasks(stdin if stdin is not None else sys.stdin.buffer, encoding, max_bytes)
        else:
            yield from _file_tasks(found[0], encoding, max_bytes)


def iter_articles(paths: Sequence[str], **options: Any) -> Iterator[Article | dict[str, Any]]:
    """Each unit's ``Article``, or its error record (a dict, see ``error_record``) when it
    failed; ``options`` are those of ``iter_tasks``."""
    encoding, max_bytes = options.get("encoding"), options.get("max_bytes", MAX_BYTES)
    for task in iter_tasks(paths, **options):
        if task.kind == "fail":
            yield error_record(task)
            continue
        try:
            yield load_article(task, encoding=encoding, max_bytes=max_bytes)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, with its type name
            yield error_record(task, exc)


def _wanted(rel: str, name: str, globs: Sequence[str] | None, suffixes: tuple[str, ...]) -> bool:
    if name.endswith((JOURNAL_SUFFIX, TMP_SUFFIX)):
        return False
    if not globs:
        return name.lower().endswith(suffixes)
    for pattern in globs:
        if "/" not in pattern:
            if fnmatch.fnmatchcase(name, pattern):
                return True
        elif fnmatch.fnmatchcase(rel, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:])):
            return True
    return False


def _dir_files(root: str, globs, suffixes, excluded: set[str]) -> Iterator[tuple[str, str] | Task]:
    """The wanted files under ``root`` in path order, component by component (each
    directory's entries sorted by name, a subdirectory's files where its name sorts).

    One directory is listed at a time, as the files are taken: the first files are
    linked while the rest of a large tree is still being listed, instead of after.
    Like ``os.walk``, a symlink to a directory is not followed and an entry whose
    type cannot be read counts as a file."""
    excluded_names = {os.path.basename(p) for p in excluded}
    top = _sorted_entries(root)
    if isinstance(top, Task):
        yield top
        return
    stack = [(iter(top), "")]  # (entries not yet taken, their relative directory + os.sep)
    while stack:
        entry = next(stack[-1][0], None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        rel = stack[-1][1] + name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if name.endswith(PARTS_SUFFIX) or _is_symlink(entry):
                continue
            sub = _sorted_entries(entry.path)
            if isinstance(sub, Task):
                yield sub
            else:
                stack.append((iter(sub), rel + os.sep))
            continue
        if not _wanted(rel if os.sep == "/" else rel.replace(os.sep, "/"), name, globs, suffixes):
            continue
        full = entry.path
        # realpath (a stat per path component) only for a file named like OUT or
        # the errors file, or a symlink that may point at one
        if excluded and (name in excluded_names or _is_symlink(entry)) and os.path.realpath(full) in excluded:
            continue
        yield full, rel


def _sorted_entries(path: str) -> list[os.DirEntry] | Task:
    """The entries of the directory ``path`` sorted by name, or a ``fail`` Task."""
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        where = exc.filename or path
        return _fail(where, InputError(f"cannot list directory: {exc.strerror or exc}", source=where))


def _is_symlink(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()  # from the directory listing: no system call on most systems
    except OSError:
        return False


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
        yield Task("file", path)  # its article_id only matters if it fails: see _record_id


def _guess_id(path: str) -> str | None:
    try:  # the id read_article would give an article without URL
        return article_id_from(_inner_name(path), None)
    except Exception:  # noqa: BLE001 - only a hint for error records
        return None


def _open(path: str, st: os.stat_result | None = None):
    """``path`` opened for reading (gunzipped for ``.gz``); ``st``: its stat, when the caller has it."""
    try:
        if st is None:
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
            with _open(path, st) as stream:
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
        text = decode_bytes(read_input(path, max_bytes), encoding=encoding, source=path)
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
        held = 0
        while True:
            line = stream.readline(max_bytes + 1)
            consumed.append(line)
            held += len(line)
            if not line or line.strip() or held > max_bytes:
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



# -- reading one unit ------------------------------------------------------------


def shown_path(path: str) -> str:
    """``path`` as records and messages write it: a file name's bytes that are not
    UTF-8 (held as lone surrogates by ``os.fsdecode``) become ``\\xNN`` escapes.

    >>> shown_path("a.md"), shown_path(os.fsdecode(b"\\xff.md"))
    ('a.md', '\\\\xff.md')
    """
    if path.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def load_article(task: Task, *, encoding: str | None = None, max_bytes: int = MAX_BYTES) -> Article:
    """The parsed article of one ``file``/``bytes``/``record`` task; raises ``EntityLinkError``."""
    shown = shown_path(task.path)
    if task.kind == "file":
        data = read_input(task.path, max_bytes)
        name = _inner_name(shown)
        article = read_article(data, name=name, encoding=encoding)
        return article if name == shown else dataclasses.replace(article, path=shown)
    if task.kind == "bytes":
        return read_article(task.data, name=shown, encoding=encoding)
    if task.kind == "record":
        text = task.data if isinstance(task.data, str) else decode_bytes(task.data, encoding=encoding, source=shown)
        return article_from_record(text, shown, task.line or 1, None)  # one record of a dump, numbered by its line
    raise InputError(task.reason or "failed", source=shown, line=task.line)


def _record_id(task: Task) -> str | None:
    if task.kind == "file" and task.article_id is None:
        # guessed here, for the few that fail, not while listing every file
        return _guess_id(shown_path(task.path))
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
        return {"path": shown_path(task.path), "line": task.line, "article_id": task.article_id,
                "error": task.error, "reason": task.reason}
    line = task.line
    if isinstance(exc, EntityLinkError):
        reason = exc.reason
        line = line if line is not None else exc.line
    else:
        reason = str(exc) or repr(exc)
    return {"path": shown_path(task.path), "line": line, "article_id": _record_id(task), "error": type(exc).__name__,
            "reason": reason}

