"""Entity linking on Dask: the same annotation on a cluster (extra ``[dask]``).

Imports the rooms before ``batch/`` (the top level, ``read``, ``link``) and ``batch.run``,
``batch.shipped``; dask and distributed only inside functions (an optional extra).

Library API (lazy dask collections; nothing runs until ``.compute()``):

- ``read_dumps(urlpath)``: a ``dask.bag`` of ``(path, line, text)`` items, one
  per non-blank line of JSONL dumps (local paths, globs or fsspec URLs; ``.gz``
  inferred), one partition per file so line numbers are exact;
- ``annotate_bag(bag, level="mention")``: link a bag of ``Article`` objects,
  ``(path, text)`` pairs (the text parsed as the file ``path`` would be) or
  ``(path, line, text)`` JSONL records (from ``read_dumps``); returns a dask
  DataFrame of mention (or entity) records with the columns and dtypes of
  ``entitylink.write.frames.records_frame`` declared as ``meta``;
- ``annotate_frame_column(ddf, column, id_column=None)``: link the texts of a
  dask DataFrame column (one article per row).

CLI: ``entitylink annotate ... --dask local:N`` (a ``LocalCluster`` of N worker
processes, one thread each) or ``--dask tcp://HOST:PORT`` (an existing
scheduler). The run is ``entitylink.batch.run``'s: the same input enumeration,
chunks, writers, errors file, journal (``--resume``) and accounting line; only
the linking of each chunk is submitted to the cluster. File inputs are read by
the workers, so they must see the same paths (a shared filesystem).

One Linker per worker process: see ``entitylink.batch.shipped``.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from entitylink.batch import run as batch
from entitylink.batch.shipped import ShippedLinker, _require_dask, _shipped_of
from entitylink.errors import EntityLinkError, UsageError
from entitylink.link.options import LinkOptions
from entitylink.link.scanned import link_scanned, with_scans
from entitylink.read import sources as inputs

log = logging.getLogger(__name__)

__all__ = [
    "ShippedLinker",
    "annotate_bag",
    "client_runner",
    "cluster_runner",
    "annotate_dask",
    "annotate_frame_column",
    "connect",
    "read_dumps",
]

# -- the library API -----------------------------------------------------------


def read_dumps(urlpath, *, storage_options: dict | None = None, compression: str = "infer"):
    """A ``dask.bag`` of ``(path, line, text)``: the non-blank lines of JSONL dumps.

    ``urlpath`` is a path, glob, list of paths or fsspec URL (``s3://...``,
    ``file://...``); one partition per file, lines numbered from 1.
    """
    _require_dask()
    import dask.bag as db

    lines = db.read_text(urlpath, blocksize=None, include_path=True, compression=compression,
                         storage_options=storage_options)
    return lines.map_partitions(_number_lines)


def _number_lines(part) -> list[tuple[str, int, str]]:
    out = []
    for number, (text, path) in enumerate(part, 1):
        text = text.rstrip("\r\n")
        if number == 1:
            text = text.removeprefix("\ufeff")
        if text.strip():
            out.append((str(path), number, text))
    return out


def _to_article(item):
    from entitylink.read.article import (
        Article,
        article_from_record,  # one record of a dump, numbered by its line
        read_article,
    )

    if isinstance(item, Article):
        return item
    if isinstance(item, tuple) and len(item) == 3:
        path, line, text = item
        return article_from_record(text, str(path), int(line), None)
    if isinstance(item, tuple) and len(item) == 2:
        path, text = item
        return read_article(text, name=str(path))
    raise TypeError(f"expected an Article, (path, text) or (path, line, text), not {type(item).__name__}")


def _link_all(linker, pairs, level: str, options: LinkOptions, errors: str):
    """Records of every ``(what, make_article)`` pair; a failure raises (``errors="raise"``)
    or is logged as a warning naming ``what`` and the reason (``errors="skip"``): never dropped unsaid.
    The names of a group of articles are found in one pass (``Linker.scan_many``); an article that
    could not be made fails in its turn, as if made just before it was linked."""
    from entitylink.columns import records_frame

    records: list[dict] = []
    made = (_made(what, make_article) for what, make_article in pairs)
    for (what, article, failure), scanned in with_scans(linker, made, lambda m: m[1]):
        try:
            if failure is not None:
                raise failure
            doc = link_scanned(linker, article, options, scanned)
        except (EntityLinkError, TypeError, ValueError) as exc:
            if errors == "raise":
                raise
            log.warning("entitylink: skipped %s: %s: %s", what, type(exc).__name__, exc)
            continue
        records.extend(doc.to_records(level))
    return records_frame(records, level)


def _made(what: str, make_article) -> tuple[str, Any, Exception | None]:
    """(what, its article, None), or (what, None, the exception making it raised)."""
    try:
        return what, make_article(), None
    except Exception as exc:  # noqa: BLE001 - raised again in its turn (_link_all)
        return what, None, exc


def _link_partition(items, shipped: ShippedLinker, level: str, options: LinkOptions, errors: str):
    pairs = ((_describe_item(item), functools.partial(_to_article, item)) for item in items)
    return _link_all(shipped.get(), pairs, level, options, errors)


def _describe_item(item) -> str:
    if isinstance(item, tuple) and len(item) == 3:
        return f"{item[0]}:{item[1]}"
    if isinstance(item, tuple) and len(item) == 2:
        return str(item[0])
    return str(getattr(item, "path", None) or getattr(item, "article_id", item))


def _check_level(level: str, errors: str) -> None:
    if level not in ("mention", "entity"):
        raise UsageError(f"level must be 'mention' or 'entity', not {level!r}")
    if errors not in ("raise", "skip"):
        raise UsageError(f"errors must be 'raise' or 'skip', not {errors!r}")


def annotate_bag(bag, *, level: str = "mention", dictionary=None, linker=None, ignore_tags: bool = False,
                 unlinked: bool = False, errors: str = "raise"):
    """Link every article of a ``dask.bag``; a dask DataFrame of mention (or entity) records.

    Items: ``Article``, ``(path, text)`` or ``(path, line, text)`` (a JSONL
    record, from ``read_dumps``). ``dictionary`` (a ``Dictionary``) or
    ``linker`` replace the bundled dictionary. ``errors="skip"`` leaves out
    the articles that cannot be read, each logged as a warning on the worker
    with its path (and line) and reason, instead of failing the computation;
    for exact accounting of every input use ``entitylink annotate --dask``.
    """
    _require_dask()
    import dask
    import dask.dataframe as dd

    from entitylink.columns import records_frame

    _check_level(level, errors)
    shipped = dask.delayed(_shipped_of(dictionary, linker), pure=True)
    meta = records_frame([], level)
    options = LinkOptions(ignore_tags=ignore_tags, unlinked=unlinked)
    parts = bag.map_partitions(_link_partition, shipped, level, options, errors).to_delayed()
    with dask.config.set({"dataframe.convert-string": False}):  # list columns stay lists, not strings
        return dd.from_delayed(parts, meta=meta, verify_meta=False)


def _link_rows(frame, column: str, id_column: str | None, shipped: ShippedLinker, level: str,
               options: LinkOptions, errors: str):
    ids = frame[id_column] if id_column is not None else frame.index
    pairs = ((f"row {rid!r}", functools.partial(_row_article, rid, text, column))
             for rid, text in zip(ids, frame[column]))
    return _link_all(shipped.get(), pairs, level, options, errors)


def _row_article(rid, text, column: str):
    from entitylink.read.article import read_article

    if not isinstance(text, str):
        raise TypeError(f"row {rid!r}: {column} is not a string")
    return read_article(text, article_id=str(rid))


def annotate_frame_column(ddf, column: str, *, id_column: str | None = None, level: str = "mention",
                          dictionary=None, linker=None, ignore_tags: bool = False, unlinked: bool = False,
                          errors: str = "raise"):
    """Link the texts of ``ddf[column]`` (HTML or plain text, one article a row).

    ``article_id`` of the records is ``ddf[id_column]`` (or the index), as a
    string; ``path`` is ``"<string>"``. Returns a dask DataFrame with declared meta.
    """
    _require_dask()
    import dask

    from entitylink.columns import records_frame

    _check_level(level, errors)
    shipped = dask.delayed(_shipped_of(dictionary, linker), pure=True)
    with dask.config.set({"dataframe.convert-string": False}):  # list columns stay lists, not strings
        options = LinkOptions(ignore_tags=ignore_tags, unlinked=unlinked)
        return ddf.map_partitions(_link_rows, column, id_column, shipped, level, options, errors,
                                  meta=records_frame([], level), align_dataframes=False)


# -- the CLI: batch's run with the chunks linked on the cluster ----------------


def connect(scheduler: str):
    """A ``distributed.Client`` for ``local:N`` (a new LocalCluster) or ``tcp://HOST:PORT``.

    distributed logs every start and stop at INFO: ``cli.logs.quiet_distributed`` is how
    the command line quiets it (the library leaves loggers to the application).
    """
    _require_dask()
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover
        raise UsageError(f"--dask needs distributed: pip install 'entitylink[dask]' ({exc})") from None
    if scheduler.startswith("local:"):
        try:
            n = int(scheduler[len("local:"):])
        except ValueError:
            n = 0
        if n < 1:
            raise UsageError(f"--dask {scheduler}: expected local:N with N >= 1 worker processes")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0")
        return Client(cluster)
    if "://" not in scheduler:
        raise UsageError(f"--dask {scheduler}: expected local:N or tcp://HOST:PORT")
    try:
        return Client(scheduler, timeout="30s")
    except OSError as exc:
        raise UsageError(f"--dask {scheduler}: cannot connect to the scheduler ({exc})") from None


def _link_chunk(shipped: ShippedLinker, chunk: Sequence[inputs.Task], options: dict) -> list:
    return batch.link_tasks(chunk, shipped.get(), **options)


def _task_failed(exc: BaseException) -> RuntimeError:
    """The error of an input whose own Dask task failed (its worker died, ``KilledWorker``...)."""
    return RuntimeError(f"the Dask task linking this input failed ({type(exc).__name__}: {exc}); "
                        "it was not retried in the main process")


def _held(shipped: ShippedLinker) -> ShippedLinker:
    return shipped


def _dask_results(chunks: Iterator[list], processor, client, shipped_future, window: int,
                  warn) -> Iterator[tuple[list, list]]:
    """(chunk, outcomes) in input order. The units of a chunk whose task fails (a lost worker,
    ``KilledWorker``...) are linked again one per task on the cluster; a unit whose own task
    fails is a failed input. Nothing is linked in this process, where it could end the run."""
    pending: collections.deque = collections.deque()

    def submit(chunk):
        return client.submit(_link_chunk, shipped_future, chunk, processor.options, pure=False)

    def collect(chunk, fut):
        try:
            return chunk, fut.result()
        except Exception as exc:  # noqa: BLE001 - a lost worker, KilledWorker...
            if client.status != "running":  # the client is closing or gone: stop, --resume redoes it
                raise
            warn(f"a dask task failed ({type(exc).__name__}: {exc}); its {len(chunk)} units are linked "
                 "again one per task")
            return chunk, _isolate(chunk, submit, warn, lambda: client.status == "running")

    try:
        for chunk in chunks:
            pending.append((chunk, submit(chunk)))
            if len(pending) >= window:
                yield collect(*pending.popleft())
        while pending:
            yield collect(*pending.popleft())
    finally:
        for _, fut in pending:
            fut.cancel()


def _isolate(chunk: list, submit, warn, running=lambda: True) -> list:
    """The outcomes of ``chunk``'s units, each linked in a task of its own, one at a time (a
    worker that dies takes no other unit's task with it); a unit whose task fails is a failed
    input, unless the cluster itself is gone (``running()`` false): then the error is raised and
    the run stops, so that ``--resume`` links those units again instead of listing them failed."""
    outcomes = []
    for task in chunk:
        try:
            outcomes += submit([task]).result()
        except Exception as exc:  # noqa: BLE001 - the unit that fails its task
            if not running():
                raise
            warn(f"{task.path}: its dask task failed ({type(exc).__name__}); reported as failed")
            outcomes.append(batch.Outcome(error=inputs.error_record(task, _task_failed(exc))))
    return outcomes


def client_runner(client, linker, setup: Callable[[], None] | None = None) -> batch.Runner:
    """A ``batch.annotate`` runner that links each chunk on the Dask ``client``.

    The Linker goes to each worker once (``setup``, if given, runs there first: see
    ``ShippedLinker``); the units of a chunk whose task fails
    (a lost worker...) are linked again one per task, and a unit whose own task fails is
    a failed input (never linked in this process).
    """
    # The Linker is the result of a task, not scattered data: when the workers holding it die
    # (a unit that kills its worker), the scheduler computes it again from the task.
    shipped_linker = ShippedLinker.of(linker, setup)
    shipped = client.submit(_held, shipped_linker, key=f"entitylink-linker-{shipped_linker.key}", pure=False)
    window = 3 * max(1, sum(client.nthreads().values()))

    def run(chunks, processor, warn):
        return _dask_results(chunks, processor, client, shipped, window, warn)

    return run


@contextlib.contextmanager
def cluster_runner(scheduler: str, linker, *, setup: Callable[[], None] | None = None) -> Iterator[batch.Runner]:
    """``--dask SCHEDULER``: connect (``local:N`` starts a LocalCluster), yield a
    runner for ``batch.annotate`` (``setup``: see ``client_runner``), and close the
    client (and cluster) afterwards."""
    client = connect(scheduler)
    cluster = client.cluster if scheduler.startswith("local:") else None
    try:
        yield client_runner(client, linker, setup)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def annotate_dask(paths: Sequence[str], *, linker, client, **options: Any) -> batch.Summary:
    """``batch.annotate`` with each chunk linked on the Dask ``client``: the same
    output, errors file, journal and summary as a local run. For example
    ``annotate_dask(["dump.jsonl"], linker=Linker.default(), client=Client(), output="out.jsonl")``.
    """
    return batch.annotate(paths, linker=linker, runner=client_runner(client, linker), **options)


