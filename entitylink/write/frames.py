"""The frames of ``annotate_frame``, row by row, and a summary of them.

Imports the top level, ``read`` and ``link`` (its types, and ``link.scanned``).

``entitylink.annotate_frame(df)`` (in :mod:`entitylink.batch.frames`, which links the rows in
worker processes when asked) links every row of one column (HTML, a Jekyll post, plain text)
with the pieces here: ``frame_rows`` takes the rows out of the frame, ``link_rows`` links some
(``link_row`` one; never raising: a row that cannot be linked is its failed-input record; the
names of the rows' articles found in one pass, as ``annotate`` does), and ``result_frames``
builds the three frames that point back to ``df`` through a ``row`` column holding the row's
index label::

    >>> import pandas as pd
    >>> from entitylink.link.linker import Linker
    >>> df = pd.DataFrame({"html": ["<p>贵州茅台涨停</p>", None]})
    >>> rows = frame_rows(df, "html")
    >>> from entitylink.link.options import LinkOptions
    >>> options = {"link": LinkOptions(), "format": "auto", "column": "html"}
    >>> result = result_frames(df, rows, [link_row(row, Linker.default(), options) for row in rows])
    >>> result.mentions[["row", "surface", "secid"]].values.tolist()
    [[0, '贵州茅台', '1.600519']]
    >>> result.errors[["row", "error"]].values.tolist()
    [[1, 'InputError']]

Every row ends up in exactly one place: linked (with any number of mentions,
zero included), or in ``errors``. Nothing is dropped silently.
``top_securities(result.entities)`` then ranks the securities of the whole frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from entitylink.columns import records_frame
from entitylink.errors import EntityLinkError, InputError, UsageError
from entitylink.read.failures import InputFailure

if TYPE_CHECKING:
    import pandas as pd

    from entitylink.link.linker import Linker
    from entitylink.read.article import Article

__all__ = ["ERROR_COLUMNS", "FrameResult", "failed_row", "frame_rows", "link_row", "link_rows", "result_frames",
           "top_securities"]

# The failed-input record of the whole package (read.InputFailure), after the row's label.
ERROR_COLUMNS: tuple[str, ...] = ("row", "path", "line", "article_id", "error", "reason")
_RANKINGS = {"articles": "articles", "mentions": "mentions", "salience": "mean_salience"}

# One row of the frame: (label, value, article_id, title, path).
Row = tuple[Any, Any, str | None, str | None, str | None]
# What linking one row gives: (mention records, entity records, None), or ([], [], its error record).
RowResult = tuple[list[dict], list[dict], dict | None]


class FrameResult(NamedTuple):
    """What ``annotate_frame`` returns; unpack it or use the fields.

    ``mentions``: one row per mention, ``row`` first, then the mention record
    columns (``columns.MENTION_COLUMNS``). ``entities``: one row per security
    per article, ``row`` then ``columns.ENTITY_COLUMNS``. ``errors``: one row per
    input row that could not be linked (``row`` and the fields of ``InputFailure``, the
    failure record of every reader and command: ``path, line, article_id, error, reason``;
    ``error`` is the exception's class name). ``row`` is the input row's index
    label: ``df.loc[result.mentions.row]`` or
    ``result.mentions.merge(df, left_on="row", right_index=True)`` joins back.
    """

    mentions: Any
    entities: Any
    errors: Any


def _column_values(df: pd.DataFrame, name: str | None) -> list[Any]:
    return [None] * len(df) if name is None else [v if _present(v) else None for v in df[name].tolist()]


def frame_rows(df: pd.DataFrame, column: str = "html", id_column: str | None = None,
               title_column: str | None = None, path_column: str | None = None) -> list[Row]:
    """(label, value, article_id, title, path) of every row; ``UsageError`` for a column not in ``df``."""
    for name in (column, id_column, title_column, path_column):
        if name is not None and name not in df.columns:
            raise UsageError(f"no column {name!r} in the frame; it has {', '.join(map(str, df.columns))}")
    ids, titles, paths = (_column_values(df, c) for c in (id_column, title_column, path_column))
    return [(label, value, None if ids[pos] is None else str(ids[pos]),
             None if titles[pos] is None else str(titles[pos]), None if paths[pos] is None else str(paths[pos]))
            for pos, (label, value) in enumerate(df[column].items())]


def failed_row(row: Row, error: str, reason: str) -> RowResult:
    """The result of a row that could not be linked: ``error`` (a class name) and ``reason``.

    Its ``path`` is the row's, as in its records would be: null without a path column
    (``row`` says which row it is).
    """
    label, _, article_id, _, path = row
    failure = InputFailure(path=path or f"row {label}", line=None, article_id=article_id or str(label),
                           error=error, reason=reason)
    return [], [], {"row": label, **failure.record(), "path": path}


def link_row(row: Row, linker: Linker, options: dict[str, Any]) -> RowResult:
    """(mention records, entity records, None) of one row, or ([], [], its error record); never raises.

    ``options``: ``link`` (the ``LinkOptions`` of ``Linker.link``), ``format`` (as for
    ``read_article``) and ``column`` (the column's name, for the reason of a missing value).
    """
    return link_rows([row], linker, options)[0]


def link_rows(rows: Sequence[Row], linker: Linker, options: dict[str, Any]) -> list[RowResult]:
    """``[link_row(row, linker, options) for row in rows]``, the same results, with the names of a
    group of rows' articles found in one pass (``Linker.scan_many``); each row fails alone."""
    from entitylink.link.scanned import link_scanned, with_scans

    results: list[RowResult] = []
    read = (_row_article(row, options) for row in rows)
    for (row, article, failed), scanned in with_scans(linker, read, lambda r: r[1]):
        if article is None:
            results.append(failed)
            continue
        try:
            doc = link_scanned(linker, article, options["link"], scanned)
        except Exception as exc:  # noqa: BLE001 - every row ends up linked or in errors, never lost
            results.append(_failed(row, exc))
            continue
        results.append((doc.to_records("mention"), doc.to_records("entity"), None))
    return results


def _row_article(row: Row, options: dict[str, Any]) -> tuple[Row, Article | None, Any]:
    """(row, its article, None), or (row, None, its failed result)."""
    from dataclasses import replace

    from entitylink.read.article import read_article

    label, value, article_id, title, path = row
    name = path if path is not None else f"<row {label}>"
    try:
        if not isinstance(value, (str, bytes)):
            kind = "missing" if not _present(value) else f"a {type(value).__name__}, not text"
            raise InputError(f"{options['column']} is {kind}", source=f"row {label}")
        article = read_article(value, name=name, format=options["format"], article_id=article_id)
        changes: dict[str, Any] = {"path": path}
        if article.article_id == name:  # no id of its own: the index label
            changes["article_id"] = str(label)
        if title is not None:
            changes["title"] = title
        return row, replace(article, **changes), None
    except Exception as exc:  # noqa: BLE001 - every row ends up linked or in errors, never lost
        return row, None, _failed(row, exc)


def _failed(row: Row, exc: Exception) -> RowResult:
    reason = exc.reason if isinstance(exc, EntityLinkError) else f"{exc} (an internal error: please report it)"
    return failed_row(row, type(exc).__name__, reason)


def result_frames(df: pd.DataFrame, rows: list[Row], results: list[RowResult]) -> FrameResult:
    """The ``FrameResult`` of ``df``'s ``rows`` and their ``link_row`` results, in the same order."""
    import pandas as pd

    mention_rows: list[Any] = []
    mention_records: list[dict] = []
    entity_rows: list[Any] = []
    entity_records: list[dict] = []
    errors: list[dict] = []
    for row, (mentions, entities, error) in zip(rows, results):
        if error is not None:
            errors.append(error)
            continue
        mention_rows += [row[0]] * len(mentions)
        mention_records += mentions
        entity_rows += [row[0]] * len(entities)
        entity_records += entities
    dtype = object if isinstance(df.index, pd.MultiIndex) else df.index.dtype
    mention_frame = records_frame(mention_records, "mention")
    mention_frame.insert(0, "row", pd.array(mention_rows, dtype=dtype) if mention_rows else pd.Series([], dtype=dtype))
    entity_frame = records_frame(entity_records, "entity")
    entity_frame.insert(0, "row", pd.array(entity_rows, dtype=dtype) if entity_rows else pd.Series([], dtype=dtype))
    error_frame = pd.DataFrame(errors, columns=list(ERROR_COLUMNS))
    error_frame = error_frame.astype({"path": "string", "line": "Int64", "article_id": "string", "error": "string",
                                      "reason": "string"})
    if not errors:
        error_frame["row"] = error_frame["row"].astype(dtype)
    return FrameResult(mention_frame, entity_frame, error_frame)


def _present(value: Any) -> bool:
    import pandas as pd

    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # arrays and the like are "present"
        return True


def top_securities(entities: pd.DataFrame, n: int | None = 10, by: str = "articles") -> pd.DataFrame:
    """The securities named in most articles (or with most mentions, or most salient).

    Args:
        entities: an entity frame: ``annotate_frame(...).entities``, or
            ``records_frame(..., "entity")`` of many documents.
        n: how many to keep (``None``: all).
        by: ``articles`` (articles naming it), ``mentions`` (mentions in all
            articles) or ``salience`` (mean salience over the articles naming it).

    Returns:
        A frame indexed 0..n-1 with ``secid, name, kind, articles, mentions,
        mean_salience``, best first; ties broken by the other two measures,
        then secid. Unlinked organisations (no secid) are left out.

    >>> import pandas as pd
    >>> e = pd.DataFrame({"row": [0, 1, 1], "secid": ["1.600519", "1.600519", "0.000858"],
    ...     "name": ["贵州茅台", "贵州茅台", "五粮液"], "kind": "stock", "mention_count": [1, 2, 4],
    ...     "salience": [0.5, 0.7, 0.9]})
    >>> top_securities(e, by="mentions")[["secid", "articles", "mentions"]].values.tolist()
    [['0.000858', 1, 4], ['1.600519', 2, 3]]
    """
    import pandas as pd

    if by not in _RANKINGS:
        raise UsageError(f"by must be one of {', '.join(_RANKINGS)}, not {by!r}")
    columns = ["secid", "name", "kind", "articles", "mentions", "mean_salience"]
    linked = entities[entities["secid"].notna()]
    if linked.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            columns, ["string", "string", "string", "Int64", "Int64", "float64"])})
    # One article = one input row (annotate_frame) or one (path, article_id).
    keys = ["row"] if "row" in linked.columns else [c for c in ("path", "article_id") if c in linked.columns]
    if keys:
        article = linked[keys].astype(str).agg("\x1f".join, axis=1)
    else:
        article = pd.Series(range(len(linked)), index=linked.index)
    work = linked.assign(_article=article)
    grouped = work.groupby("secid", sort=False)
    table = pd.DataFrame({
        "name": grouped["name"].agg(_most_common),
        "kind": grouped["kind"].agg(_most_common),
        "articles": grouped["_article"].nunique(),
        "mentions": grouped["mention_count"].sum(),
        "mean_salience": grouped["salience"].mean(),
    }).reset_index()
    primary = _RANKINGS[by]
    order = [primary] + [c for c in ("articles", "mentions", "mean_salience") if c != primary]
    table = table.sort_values(order + ["secid"], ascending=[False] * len(order) + [True], kind="stable")
    if n is not None:
        table = table.head(n)
    table = table.reset_index(drop=True)[columns]
    return table.astype({"secid": "string", "name": "string", "kind": "string", "articles": "Int64",
                         "mentions": "Int64", "mean_salience": "float64"})


def _most_common(values):
    counts = values.dropna().value_counts()
    return counts.index[0] if len(counts) else None
