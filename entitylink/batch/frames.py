"""Link a pandas column of articles: ``annotate_frame`` (``entitylink.annotate_frame``).

Imports the rooms before ``batch/`` (``link``, ``write.frames``) and ``batch.pool``.

``annotate_frame(df)`` links every row of one column (HTML, a Jekyll post, plain
text) and returns three frames that point back to ``df`` through a ``row``
column holding the row's index label::

    >>> import pandas as pd
    >>> df = pd.DataFrame({"html": ["<p>贵州茅台涨停</p>", None]})
    >>> result = annotate_frame(df, progress=False)
    >>> result.mentions[["row", "surface", "secid"]].values.tolist()
    [[0, '贵州茅台', '1.600519']]
    >>> result.errors[["row", "error"]].values.tolist()
    [[1, 'InputError']]

Every row ends up in exactly one place: linked (with any number of mentions,
zero included), or in ``errors``. Nothing is dropped silently. The rows, their
linking and the frames are :mod:`entitylink.write.frames`'s; this module runs them,
with ``workers`` > 1 in the worker processes of :mod:`entitylink.batch.pool`, as
``entitylink annotate --workers`` does: the workers die with the process that
started them (``kill -9`` of a notebook's kernel included), and a row whose
worker dies (out of memory, a crash in a C library) is an ``errors`` row ("the
worker process died while linking this input"), the worker replaced; it is never
linked again in this process, where it could take the whole session down.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from entitylink.batch.pool import Processor, pool_results
from entitylink.errors import UsageError
from entitylink.link.options import LinkOptions
from entitylink.write.frames import FrameResult, Row, RowResult, failed_row, frame_rows, link_rows, result_frames

if TYPE_CHECKING:
    import pandas as pd

    from entitylink.link.linker import Linker

__all__ = ["annotate_frame"]

log = logging.getLogger(__name__)

# Rows a worker links at once: at most this many, and at least four pieces per worker
# (so the workers finish together on a small frame).
PIECE_SIZE = 64


def annotate_frame(
    df: pd.DataFrame,
    column: str = "html",
    *,
    id_column: str | None = None,
    title_column: str | None = None,
    path_column: str | None = None,
    linker: Linker | None = None,
    ignore_tags: bool = False,
    unlinked: bool = False,
    format: str = "auto",
    workers: int = 1,
    progress: bool = True,
) -> FrameResult:
    """Link the articles in ``df[column]``, one per row.

    Args:
        df: the frame; its index labels become the ``row`` of every result.
        column: the article text (HTML, a Jekyll post, plain text, a JSONL
            record; ``str`` or ``bytes``). Missing, empty or unreadable values
            become ``errors``.
        id_column: article ids (default: the article's own id, from its URL,
            record or ``path_column``'s file name, as ``entitylink annotate``
            finds it; the index label when it has none).
        title_column: titles, if the column's text has none (titles count
            towards salience).
        path_column: where each article came from (``path`` of the records;
            default none, ``path`` is null).
        linker: default ``Linker.default()``.
        ignore_tags, unlinked: as for ``Linker.link``.
        format: as for ``read_article`` (``auto`` detects per row).
        workers: processes to link in (1: this one). The workers die with this
            process; a row whose worker dies is an ``errors`` row.
        progress: show a ``tqdm.auto`` progress bar (a widget in Jupyter).

    Returns:
        ``FrameResult(mentions, entities, errors)``.

    Raises:
        UsageError: a named column is not in ``df``, or ``workers`` < 1.
    """
    rows = frame_rows(df, column, id_column, title_column, path_column)
    if workers < 1:
        raise UsageError("workers must be at least 1")
    if linker is None:
        from entitylink.link.linker import Linker

        linker = Linker.default()
    options = {"link": LinkOptions(ignore_tags=ignore_tags, unlinked=unlinked), "format": format, "column": column}
    results = _link_all(rows, linker, options, workers, progress)
    return result_frames(df, rows, results)


def _link_piece(rows: list[Row], linker: Linker, **options: Any) -> list[RowResult]:
    return link_rows(rows, linker, options)


def _died(row: Row, exc: RuntimeError) -> RowResult:
    return failed_row(row, type(exc).__name__, str(exc))


def _warn(message: str) -> None:
    log.warning("entitylink: %s", message)


def _link_all(rows: list[Row], linker: Linker, options: dict[str, Any], workers: int,
              progress: bool) -> list[RowResult]:
    """Every row's result, in order, in ``workers`` processes, with a progress bar."""
    from tqdm.auto import tqdm

    if len(rows) < 2:  # no pool for one row
        workers = 1
    size = max(1, min(PIECE_SIZE, len(rows) // (workers * 4)))
    pieces = (rows[i:i + size] for i in range(0, len(rows), size))
    processor = Processor(linker, options, link_piece=_link_piece)
    results: list[RowResult] = []
    with tqdm(total=len(rows), unit=" articles", disable=not progress, leave=False) as bar:
        for piece, done in pool_results(pieces, processor, workers, _warn, _died):
            results += done
            bar.update(len(piece))
    return results
