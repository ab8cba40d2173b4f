"""``entitylink annotate PATH...``: link every input into one output, every input accounted for.

Part of ``cli/``, the last room: it may import every room; nothing outside ``cli/`` imports
it.

The engine is ``entitylink.batch.run.annotate``; this module turns the flags into its
arguments, prints the summary line and chooses the exit code.

    $ entitylink annotate examples/data -o mentions.jsonl
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import sys
from collections.abc import Iterator, Sequence

from entitylink.batch.run import CHUNK_SIZE, MAX_MENTIONS, TIMEOUT_PER_ARTICLE, BatchOptions, Runner, annotate
from entitylink.cli.common import EXIT_FAILED, EXIT_OK, link_options, make_linker
from entitylink.cli.logs import quiet_distributed, quiet_worker
from entitylink.read.sources import MAX_BYTES, RecordFields
from entitylink.write.records import format_for


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
    """``entitylink annotate``: exit 0 when every input succeeded, 1 when some failed."""
    options = batch_options(args)
    options.check(args.paths, args.output)  # usage errors before the Linker is built (annotate checks again)
    linker = make_linker(args)
    # The same fingerprint with or without --dask: a run may be resumed either way.
    fingerprint = {"dictionary": _dictionary_fingerprint(args.dictionary),
                   "replace_dictionary": bool(args.replace_dictionary)}
    try:
        with _runner_for(args, linker) as runner:
            summary = annotate(args.paths, linker=linker, output=args.output, options=options,
                               fingerprint=fingerprint, runner=runner, stderr=sys.stderr)
    except BrokenPipeError:  # the reader of stdout went away: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    sys.stderr.write(summary.line() + "\n")
    sys.stderr.flush()
    return EXIT_FAILED if summary.failed else EXIT_OK


@contextlib.contextmanager
def _runner_for(args: argparse.Namespace, linker) -> Iterator[Runner | None]:
    """The Dask runner for ``--dask SCHEDULER`` (closed afterwards), else None: local workers."""
    if not getattr(args, "dask", None):
        yield None
        return
    from entitylink.batch.dask import cluster_runner  # noqa: PLC0415 - dask is optional

    if getattr(args, "verbose", 0) < 2:
        quiet_distributed()
    with cluster_runner(args.dask, linker, setup=quiet_worker) as runner:
        yield runner


def batch_options(args: argparse.Namespace) -> BatchOptions:
    """The ``BatchOptions`` the flags of ``annotate`` ask for."""
    return BatchOptions(
        fmt=format_for(args.output, args.format),
        level=args.level,
        globs=tuple(args.glob) if args.glob else None,
        encoding=args.encoding,
        link=link_options(args).with_overrides(min_confidence=getattr(args, "min_confidence", None)),
        workers=args.workers,
        errors=args.errors,
        resume=args.resume,
        quiet=args.quiet,
        max_bytes=MAX_BYTES if getattr(args, "max_bytes", None) is None else args.max_bytes,
        max_mentions=MAX_MENTIONS if getattr(args, "max_mentions", None) is None else args.max_mentions,
        timeout=TIMEOUT_PER_ARTICLE if getattr(args, "timeout_per_article", None) is None else args.timeout_per_article,
        max_decompressed_bytes=getattr(args, "max_decompressed_bytes", None),
        fields=record_fields(args),
        chunk_size=getattr(args, "chunk_size", None) or CHUNK_SIZE,
        csv_bom=bool(getattr(args, "csv_bom", False)),
        worker_setup=quiet_worker,
    )


def record_fields(args: argparse.Namespace) -> RecordFields:
    """The dump record field names of ``--id-field``, ``--text-field``, ``--date-field``
    (each repeatable, tried in order), the defaults where not given."""
    default = RecordFields()
    return RecordFields(id=tuple(getattr(args, "id_field", None) or default.id),
                        text=tuple(getattr(args, "text_field", None) or default.text),
                        date=tuple(getattr(args, "date_field", None) or default.date))
