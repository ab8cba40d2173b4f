"""Finding and reading the inputs of every command and of the library: paths in,
units out, and each unit's ``Article`` or ``InputFailure``.

``iter_tasks(paths)`` walks the paths into units of work (``files.Task``);
``load_article(task)`` reads one (``files``); ``read_paths(paths)`` does both and
yields each unit's ``Article`` or, for a failed one, its ``InputFailure``.
``read_file(path)`` is ``read_paths`` for one path (a path that fails as a whole
raises), and ``iter_articles`` gives failures as error records. ``annotate`` (through the
batch runner, on ``iter_tasks`` and ``load_article``), ``evaluate``, ``retag``
(through ``iter_files``), ``dict harvest`` and the library all read their paths
here, so they accept the same inputs and read them the same way.

Inputs, in the order given: files, directories (walked recursively, contents
sorted by path; by default the article files ``.md .html .htm .txt .jsonl
.ndjson .json .gz``, or the ``--glob`` patterns), JSONL dumps (one record per
line), ``.json`` files (one record or a list of records), ``.gz`` files
(decompressed; the name inside decides the format) and ``-`` for stdin
(gzip, JSONL or one article, detected from the bytes). A path is never read as
an option; a nonexistent path is a failed input.

A *unit* is one article: a single-article file, one JSONL record, or one input
that failed as a whole (unreadable, undecodable, larger than ``max_bytes``,
bad record...). A failure becomes an ``InputFailure``, whose ``record()`` is the
error record ``{"path", "line", "article_id", "error", "reason"}``.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself: the names of a batch run's own files, which a
walk skips, are ``RUN_FILE_SUFFIXES`` here (``skip_suffixes`` of the walk).

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

import fnmatch
import itertools
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from entitylink.errors import EntityLinkError, InputError, UsageError
from entitylink.read.article import FORMATS, Article, RecordFields
from entitylink.read.failures import InputFailure
from entitylink.read.files import (
    DECOMPRESSED_RATIO,
    MAX_BYTES,
    STDIN_NAME,
    Task,
    decompressed_limit,
    error_record,
    fail_task,
    inner_name,
    input_failure,
    json_tasks,
    jsonl_tasks,
    load_article,
    open_input,
    read_input,
    shown_path,
    stdin_tasks,
)

__all__ = [
    "DECOMPRESSED_RATIO",
    "DEFAULT_SUFFIXES",
    "MAX_BYTES",
    "RUN_FILE_SUFFIXES",
    "RecordFields",
    "STDIN_NAME",
    "InputFailure",
    "Task",
    "error_record",
    "input_failure",
    "is_dump",
    "iter_articles",
    "iter_files",
    "iter_tasks",
    "load_article",
    "read_file",
    "read_input",
    "read_paths",
    "refuse_overwriting_inputs",
    "shown_path",
]

DEFAULT_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".html", ".htm", ".txt", ".jsonl", ".ndjson", ".json", ".gz")
# The names of the files and directories a batch run keeps beside its OUT (its
# journal, parts directory and temporary files: the values of batch/journal.py's
# JOURNAL_SUFFIX, PARTS_SUFFIX, TMP_SUFFIX), never inputs: the directory walks of
# iter_files and iter_tasks skip them unless told otherwise (``skip_suffixes``).
RUN_FILE_SUFFIXES: tuple[str, ...] = (".entitylink-progress", ".entitylink-parts", ".entitylink-tmp")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")


# -- enumerating the units ---------------------------------------------------


def iter_files(
    paths: Sequence[str],
    *,
    globs: Sequence[str] | None = None,
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
    exclude: Iterable[str] = (),
    skip_suffixes: tuple[str, ...] = RUN_FILE_SUFFIXES,
) -> Iterator[tuple[str, str] | Task]:
    """The input files of ``paths``, in a deterministic order: ``(path, name)``
    for each file (``name`` is its path below the directory named, or its base
    name when it was named itself; ``("-", "-")`` for stdin), or a ``fail`` Task
    for a path that does not exist or a directory that cannot be listed.

    Directories give the files with one of ``suffixes`` (or matching ``globs``),
    sorted by path, never ``exclude`` nor a file or directory whose name ends with
    one of ``skip_suffixes`` (by default a batch run's own files beside OUT)."""
    excluded = {os.path.realpath(p) for p in exclude}
    for path in paths:
        path = os.fspath(path)
        if path == "-":
            yield path, path
            continue
        try:
            st = os.stat(path)
        except OSError as exc:
            yield fail_task(path, InputError(f"cannot read: {exc.strerror or exc}", source=path))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _dir_files(path, globs, suffixes, excluded, skip_suffixes)
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
    skip_suffixes: tuple[str, ...] = RUN_FILE_SUFFIXES,
    format: str = "auto",
    max_decompressed_bytes: int | None = None,
) -> Iterator[Task]:
    """Every unit of the inputs, in a deterministic order (cheap: files are not read here,
    only JSONL/JSON dumps are split into records). ``format`` other than ``auto``
    reads every file as that format (``jsonl``: as a dump). A gzipped dump (or stdin)
    that decompresses to more than ``max_decompressed_bytes`` (None:
    ``DECOMPRESSED_RATIO`` times ``max_bytes``; 0: no limit) fails there, after the
    records read before."""
    limit = decompressed_limit(max_bytes, max_decompressed_bytes)
    for found in iter_files(paths, globs=globs, exclude=exclude, skip_suffixes=skip_suffixes):
        if isinstance(found, Task):
            yield found
        elif found[0] == "-":
            yield from stdin_tasks(stdin if stdin is not None else sys.stdin.buffer, encoding, max_bytes, limit)
        else:
            yield from _file_tasks(found[0], encoding, max_bytes, format, limit)


def iter_articles(paths: Sequence[str], **options: Any) -> Iterator[Article | dict[str, Any]]:
    """``read_paths`` with each failure as its error record (a dict, see ``error_record``);
    ``options`` are those of ``read_paths``."""
    for item in read_paths(paths, **options):
        yield item.record() if isinstance(item, InputFailure) else item


def _wanted(rel: str, name: str, globs: Sequence[str] | None, suffixes: tuple[str, ...],
            skip_suffixes: tuple[str, ...] = ()) -> bool:
    if skip_suffixes and name.endswith(skip_suffixes):
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


def _dir_files(root: str, globs: Sequence[str] | None, suffixes: tuple[str, ...], excluded: set[str],
               skip_suffixes: tuple[str, ...] = ()) -> Iterator[tuple[str, str] | Task]:
    """The wanted files under ``root`` in path order, component by component (each
    directory's entries sorted by name, a subdirectory's files where its name sorts),
    leaving out the files and directories whose names end with one of ``skip_suffixes``.

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
            if (skip_suffixes and name.endswith(skip_suffixes)) or _is_symlink(entry):
                continue
            sub = _sorted_entries(entry.path)
            if isinstance(sub, Task):
                yield sub
            else:
                stack.append((iter(sub), rel + os.sep))
            continue
        if not _wanted(rel if os.sep == "/" else rel.replace(os.sep, "/"), name, globs, suffixes, skip_suffixes):
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
        return fail_task(where, InputError(f"cannot list directory: {exc.strerror or exc}", source=where))


def _is_symlink(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()  # from the directory listing: no system call on most systems
    except OSError:
        return False



def is_dump(path: str, format: str = "auto") -> bool:
    """Whether the file ``path`` is read as a dump of records (JSONL, or a ``.json``
    list or object: one unit per record) rather than as one article.

    >>> is_dump("a.jsonl.gz"), is_dump("a.json"), is_dump("a.md"), is_dump("a.md", "jsonl")
    (True, True, False, True)
    """
    if format != "auto":
        return format == "jsonl"
    return inner_name(path).lower().endswith((*_JSONL_SUFFIXES, ".json"))


def _file_tasks(path: str, encoding: str | None, max_bytes: int, format: str = "auto",
                max_decompressed: int = 0) -> Iterator[Task]:
    inner = inner_name(path).lower()
    if format == "jsonl" or (format == "auto" and inner.endswith(_JSONL_SUFFIXES)):
        try:
            stream = open_input(path, max_decompressed=max_decompressed)
        except EntityLinkError as exc:
            yield fail_task(path, exc)
            return
        with stream:
            yield from jsonl_tasks(path, stream, encoding, max_bytes)
    elif format == "auto" and inner.endswith(".json"):
        yield from json_tasks(path, encoding, max_bytes)
    else:
        yield Task("file", path)  # its article_id only matters if it fails: see _record_id


# -- every input's article or failure --------------------------------------------


def read_paths(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    globs: Sequence[str] | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    stdin: IO[bytes] | None = None,
    exclude: Iterable[str] = (),
    format: str = "auto",
    max_decompressed_bytes: int | None = None,
    fields: RecordFields | None = None,
) -> Iterator[Article | InputFailure]:
    """Every article of the inputs, or an ``InputFailure`` for each input that failed,
    in a deterministic order: what ``entitylink annotate`` reads, read the same way.

    ``paths``: files, directories (walked recursively, in path order: the files
    with an article suffix, or matching ``globs``), JSONL dumps, ``.json`` files
    (a record or a list of records), ``.gz`` files and ``-`` for ``stdin`` (by
    default ``sys.stdin``). An input larger than ``max_bytes`` (a dump's record
    larger than it) fails; ``encoding`` is the codec of the bytes, instead of
    detection; ``exclude`` are files left out of directory walks; ``format`` is
    that of ``read_article`` (``jsonl``: every file is a dump). A gzipped dump
    that decompresses to more than ``max_decompressed_bytes`` (default
    ``DECOMPRESSED_RATIO`` = 20 times ``max_bytes``, 1000 MiB; 0: no limit) fails
    there, after its records read before. ``fields`` (a ``RecordFields``) are the
    field names of the records of dumps: id, body, date.

    >>> import io
    >>> dump = io.BytesIO(b'{"id": "a", "text": "x"}\\n{"text": "y"}\\n')
    >>> [str(x) if isinstance(x, InputFailure) else x.article_id for x in read_paths("-", stdin=dump)]
    ['a', '<stdin>:2: ArticleFormatError: record has no id']
    """
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    names = [os.fspath(p) for p in paths]
    for task in iter_tasks(names, globs=globs, encoding=encoding, max_bytes=max_bytes, stdin=stdin, exclude=exclude,
                           format=format, max_decompressed_bytes=max_decompressed_bytes):
        if task.kind == "fail":
            yield input_failure(task)
            continue
        try:
            yield load_article(task, encoding=encoding, max_bytes=max_bytes, format=format, fields=fields)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, with its type name
            yield input_failure(task, exc, fields)


def read_file(
    path: str | os.PathLike[str], *, encoding: str | None = None, format: str = "auto",
    fields: RecordFields | None = None,
) -> Iterator[Article | InputFailure]:
    """The articles of a file (one, or one per record of a dump: ``.jsonl``,
    ``.ndjson``, ``.json``, also gzipped) or of a directory, as ``read_paths`` reads them.

    A file that cannot be read raises at once (``InputError``, ``DecodeError``,
    ``ArticleFormatError``...; a missing path, an empty or undecodable file, a
    dump with no record). A bad record of a dump, and any failure inside a
    directory, comes in the stream as its ``InputFailure``, the same as ``read_paths``
    gives (``dump.jsonl:17: ArticleFormatError: record has no id``; an
    ``EntityLinkError``, so ``isinstance(item, EntityLinkError)`` tells it from an
    article), so that every input is accounted for. ``-`` is the file of that name, not stdin.

    >>> import tempfile, os; p = os.path.join(tempfile.mkdtemp(), "-20220101.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("光明乳业"); [a.text for a in read_file(p)]
    ['光明乳业']
    """
    name = os.fspath(path)
    if name == "-":
        name = os.path.join(".", name)
    items = read_paths([name], encoding=encoding, format=format, fields=fields)
    first = next(items, None)
    if isinstance(first, InputFailure) and (first.line is None or not is_dump(name, format)) \
            and not os.path.isdir(name):
        raise first.exception()
    return itertools.chain(() if first is None else (first,), items)
