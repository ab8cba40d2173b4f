"""Batch annotation: many inputs in, one output, every input accounted for.

Imports the rooms before ``batch/`` (``read``, ``link``, ``write``) and the other modules of
``batch/`` but ``dask``.

``annotate(paths, linker=..., output=...)`` is the engine of ``entitylink
annotate`` (whose command-line glue is ``entitylink.cli.annotate``). The inputs (files,
directories, JSONL dumps, ``.gz``, ``-`` for stdin) are found and read by
``entitylink.read.sources``; OUT is written, resumably, by ``entitylink.batch.journal``.

The units of the inputs are numbered in a deterministic order, cut into
pieces, linked (in ``--workers`` processes, each with one Linker handed over
once by the pool initializer) and written back in input order, a chunk of
pieces at a time, so the output does not depend on the number of workers.

Failures (unreadable, undecodable, larger than ``max_bytes``, bad record, any
``EntityLinkError`` or unexpected exception) become error records
``{"path", "line", "article_id", "error", "reason"}``: lines of the ``--errors``
JSONL file, or one stderr line each. The run goes on; the summary
``N read, X ok, Y failed, M mentions`` is the last stderr line.

    >>> import io
    >>> from entitylink.link.linker import Linker
    >>> out = io.BytesIO()
    >>> s = annotate(["-"], linker=Linker.default(), stdin=io.BytesIO("贵州茅台大涨".encode()), stdout=out)
    >>> s.line()
    '1 read, 1 ok, 0 failed, 1 mentions'
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, cast

from entitylink.batch.deadline import deadline
from entitylink.batch.journal import ResumableOutput
from entitylink.batch.outcome import Outcome
from entitylink.batch.pool import Processor, pool_results
from entitylink.batch.progress import progress_bar
from entitylink.batch.spill import SpilledPiece
from entitylink.batch.units import link_task, link_tasks
from entitylink.errors import UsageError
from entitylink.link.options import LinkOptions
from entitylink.read.sources import (
    MAX_BYTES,
    RecordFields,
    Task,
    error_record,
    iter_tasks,
    refuse_overwriting_inputs,
)
from entitylink.write import records as outputs

__all__ = [
    "CHUNK_SIZE",
    "BatchOptions",
    "Outcome",
    "Summary",
    "annotate",
    "deadline",
    "link_task",
    "link_tasks",
]

log = logging.getLogger(__name__)

# A chunk is what is written and committed at once (OUT and the journal fsync'd,
# one journal line): a commit costs a few ms of fsync, and a run killed midway
# redoes at most one chunk. A chunk is written once it holds CHUNK_SIZE units or
# CHUNK_BYTES of records and output (a dump's long records, a big output stay
# bounded in memory); without -o (nothing to journal) each piece is written as
# it comes.
CHUNK_SIZE = 2048
CHUNK_BYTES = 4 * 1024 * 1024
# A piece is what a worker (or a Dask task) links at once: small enough that the
# workers finish together at the end of the run, large enough that passing
# pieces to and from the workers costs little. A piece holds at most
# CHUNK_BYTES of records too.
PIECE_SIZE = 256


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


# Per-article budgets of a batch run (``--max-mentions``, ``--timeout-per-article``): an article
# over one is a failed input, and the run goes on. A news article has tens of mentions and
# links in milliseconds; these stop a pathological page (a 20 MB scrape of a quote table,
# about a million mentions) before it holds gigabytes or stalls the in-order writer.
MAX_MENTIONS = 100_000
TIMEOUT_PER_ARTICLE = 60.0

# -- linking (in a worker or in-process): units.link_tasks ------------------------------


def _failed(task: Task, exc: BaseException) -> Outcome:
    """The outcome of ``task`` that could not be linked (its worker died: ``pool.died``)."""
    return Outcome(error=error_record(task, exc))


def _pieces(tasks: Iterator[Task], size: int, budget: int = CHUNK_BYTES) -> Iterator[list[Task]]:
    """``tasks`` in lists of ``size``, or fewer when their records hold ``budget`` bytes."""
    piece: list[Task] = []
    held = 0
    for t in tasks:
        piece.append(t)
        held += len(t.data) if t.data is not None else 0
        if len(piece) >= size or held >= budget:
            yield piece
            piece, held = [], 0
    if piece:
        yield piece


def _bytes_held(tasks: Sequence[Task], outcomes: Sequence[Outcome]) -> int:
    """Bytes of records and rendered output that ``tasks`` and ``outcomes`` hold."""
    held = sum(len(t.data) for t in tasks if t.data is not None)
    return held + sum(len(o.piece) for o in outcomes if isinstance(o.piece, (bytes, SpilledPiece)))


# -- the run ------------------------------------------------------------------


# Links pieces of tasks (in this process, a pool, or a cluster) and yields each
# piece with its outcomes, in input order; warn(message) reports on stderr.
Runner = Callable[[Iterator[list[Task]], Processor, Callable[[str], None]],
                  Iterator[tuple[list[Task], list[Outcome]]]]


@dataclasses.dataclass(frozen=True)
class BatchOptions:
    """How a batch run reads, links and writes (the flags of ``entitylink annotate``).

    Attributes:
        fmt: one of ``entitylink.write.records.FORMATS`` (``jsonl``, ``csv``, ``parquet``, ``conll``,
            ``spacy``, ``displacy``, ``labelstudio``, ``labelstudio-jsonl``).
        level: ``mention``, ``entity`` or ``article`` (record formats only).
        globs: file name patterns taken from directories (default: article files).
        encoding: decode inputs with this encoding instead of detecting it.
        link: the ``LinkOptions`` every article is linked with.
        workers: worker processes (1: link in this process).
        errors: a JSONL file for the failed inputs (default: one stderr line each).
        resume: continue an interrupted run writing to the same output.
        quiet: no progress bar.
        max_bytes: an input larger than this is a failed input, not read.
        max_mentions: an article with more mentions than this is a failed input (0: no limit).
        timeout: an article that takes longer than this many seconds to read, link and render
            is a failed input (0: no limit; enforced in the main thread of a process only).
        max_decompressed_bytes: a gzipped dump (or stdin) that decompresses to more than this
            fails there (None: 20 times ``max_bytes``; 0: no limit).
        fields: the field names of dump records (id, body, date: ``RecordFields``).
        chunk_size: units written and committed at once.
        csv_bom: start a CSV output with a UTF-8 BOM, so that Excel reads it as UTF-8.
        worker_setup: run once in each worker process before its first unit (the CLI's
            quiets the loggers there); not part of what a resumed run must share.
    """

    fmt: str = "jsonl"
    level: str = "mention"
    globs: tuple[str, ...] | None = None
    encoding: str | None = None
    link: LinkOptions = LinkOptions()
    workers: int = 1
    errors: str | None = None
    resume: bool = False
    quiet: bool = False
    max_bytes: int = MAX_BYTES
    max_mentions: int = MAX_MENTIONS
    timeout: float = TIMEOUT_PER_ARTICLE
    max_decompressed_bytes: int | None = None
    fields: RecordFields = RecordFields()
    chunk_size: int = CHUNK_SIZE
    csv_bom: bool = False
    worker_setup: Callable[[], None] | None = None

    def with_fields(self, **fields: Any) -> BatchOptions:
        """A copy with ``fields`` replaced; ``ignore_tags``/``unlinked``/``min_confidence`` go into ``link``."""
        link = {k: fields.pop(k) for k in ("ignore_tags", "unlinked", "min_confidence") if k in fields}
        if "globs" in fields and fields["globs"] is not None:
            fields["globs"] = tuple(fields["globs"])
        unknown = set(fields) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise TypeError(f"unknown batch options: {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **fields, link=dataclasses.replace(fields.get("link", self.link), **link))

    def check(self, paths: Sequence[str], output: str | None) -> str | None:
        """``UsageError`` for options that do not fit together; returns the output (None: stdout)."""
        outputs.check(self.fmt, self.level)
        if self.workers < 1:
            raise UsageError("--workers must be at least 1")
        if self.chunk_size < 1:
            raise UsageError("chunk size must be at least 1")
        if self.max_bytes < 1:
            raise UsageError("--max-bytes must be at least 1")
        if self.max_mentions < 0:
            raise UsageError("--max-mentions must be 0 (no limit) or more")
        if self.timeout < 0:
            raise UsageError("--timeout-per-article must be 0 (no limit) or more")
        if self.max_decompressed_bytes is not None and self.max_decompressed_bytes < 0:
            raise UsageError("--max-decompressed-bytes must be at least 0 (0: no limit)")
        if self.fmt in outputs.PART_FORMATS and (not output or output == "-"):
            raise UsageError(f"--format {self.fmt} needs -o OUT (binary output is not written to stdout)")
        if self.csv_bom and self.fmt != "csv":
            raise UsageError("--csv-bom applies to --format csv only")
        output = None if output == "-" else output
        if self.resume and not output:
            raise UsageError("--resume needs -o OUT (the run to continue)")
        if self.resume and any(os.fspath(p) == "-" for p in paths):
            raise UsageError("--resume cannot continue a run that reads stdin (-): what the interrupted run read "
                             "cannot be checked against it; run again without --resume")
        refuse_overwriting_inputs(paths, [("-o", output), ("--errors", self.errors)])
        if output and self.errors and os.path.abspath(output) == os.path.abspath(self.errors):
            raise UsageError("--errors and -o name the same file")
        if output and os.path.isdir(output):
            raise UsageError(f"-o {output} is a directory")
        return output

    def unit_options(self) -> dict[str, Any]:
        """What ``link_tasks`` needs for each unit (and what a resumed run must share)."""
        out = {"fmt": self.fmt, "level": self.level, "ignore_tags": self.link.ignore_tags,
               "unlinked": self.link.unlinked, "encoding": self.encoding, "max_bytes": self.max_bytes,
               "max_mentions": self.max_mentions, "timeout": self.timeout}
        if self.link.min_confidence:  # only when asked: a run of an earlier version resumes as before
            out["min_confidence"] = self.link.min_confidence
        if self.fields != RecordFields():  # (only when not the default: journals of earlier runs stay resumable)
            out["fields"] = self.fields.to_dict()
        return out


class _LogLines:
    """A text stream whose lines go to the logger: the ``stderr`` of a library call that gives none."""

    def write(self, text: str) -> int:
        for line in text.splitlines():
            log.warning("%s", line)
        return len(text)

    def flush(self) -> None:
        pass


def annotate(
    paths: Sequence[str],
    *,
    linker,
    output: str | None = None,
    options: BatchOptions | None = None,
    fingerprint: dict | None = None,
    stdin: IO[bytes] | None = None,
    stdout: IO[bytes] | None = None,
    stderr: IO[str] | None = None,
    runner: Runner | None = None,
    **fields: Any,
) -> Summary:
    """Link every article of ``paths`` and write them to ``output`` (or ``stdout``).

    ``options`` (a ``BatchOptions``) says how; its fields may also be given as keywords
    (``fmt="csv", workers=2, ignore_tags=True``), which override it. Returns the ``Summary``;
    failed units are written to ``options.errors`` (JSONL) or as lines to ``stderr``. The
    summary line is *not* printed here (the CLI does). Without ``stderr`` (a library call)
    those lines and the warnings go to the ``entitylink.batch.run`` logger (WARNING) and
    there is no progress bar: only the CLI writes to the process's stderr.

    Raises:
        UsageError: options that do not fit (parquet without output, --resume
            without output, with stdin, with other options or inputs than the
            interrupted run, OUT or errors naming an input file, workers < 1...).
        OutputError: OUT or the errors file cannot be written.
    """
    opts = (options or BatchOptions()).with_fields(**fields)
    output = opts.check(paths, output)
    stderr = stderr if stderr is not None else cast(IO[str], _LogLines())
    if stdout is None:
        stdout = getattr(sys.stdout, "buffer", None) or sys.stdout  # type: ignore[assignment]
    unit_options = opts.unit_options()
    fp = {"paths": list(map(os.fspath, paths)), "glob": list(opts.globs or []), **unit_options,
          "errors": opts.errors, "csv_bom": opts.csv_bom, **(fingerprint or {})}
    if opts.max_decompressed_bytes is not None:  # (only when given: journals of earlier runs stay resumable)
        fp["max_decompressed_bytes"] = opts.max_decompressed_bytes

    def warn(message: str) -> None:
        stderr.write(f"entitylink: {message}\n")

    out = ResumableOutput(opts.fmt, opts.level, output, opts.errors, stdout, stderr, fp, opts.resume, warn,
                          csv_bom=opts.csv_bom)
    try:
        done = out.state["units"]
        exclude = [p for p in (output, opts.errors) if p]
        tasks = iter_tasks(paths, globs=opts.globs, encoding=opts.encoding, max_bytes=opts.max_bytes, stdin=stdin,
                           exclude=exclude, max_decompressed_bytes=opts.max_decompressed_bytes)
        tasks = out.skip_done(tasks)  # checks they are the units the interrupted run did
        bar = progress_bar(stderr, opts.quiet, done, paths, opts.globs, exclude)
        processor = Processor(linker, unit_options, setup=opts.worker_setup, link_piece=link_tasks)
        if runner is None:
            def runner(pieces, processor, warn):
                return pool_results(pieces, processor, opts.workers, warn, _failed)
        piece_size = min(PIECE_SIZE, opts.chunk_size)
        commit_size = opts.chunk_size if output else piece_size
        chunk: list[Task] = []
        outcomes: list[Outcome] = []
        held = 0
        for piece, piece_outcomes in runner(_pieces(tasks, piece_size), processor, warn):
            chunk += piece
            outcomes += piece_outcomes
            held += _bytes_held(piece, piece_outcomes)
            if len(chunk) >= commit_size or held >= CHUNK_BYTES:
                out.write_chunk(chunk, outcomes)
                chunk, outcomes, held = [], [], 0
            if bar is not None:
                bar.update(len(piece))
        if chunk:
            out.write_chunk(chunk, outcomes)
        if bar is not None:
            bar.close()
        out.finish()
    finally:
        out.close()
    s = out.state
    return Summary(read=s["read"], ok=s["ok"], failed=s["failed"], mentions=s["mentions"], items=s["items"])
