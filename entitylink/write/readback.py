"""Reading the records back: ``read_records(path)`` → a DataFrame with the right dtypes.

Imports the top level (``columns``, ``errors``) and ``write.records``.

``pd.read_csv`` and ``pd.read_json(lines=True)`` guess types: secid ``0.000858``
becomes the float 0.000858 and code ``000858`` the integer 858. ``read_records``
reads the JSONL, CSV and Parquet that ``entitylink annotate`` writes with the
types of ``columns.COLUMN_TYPES``: codes and secids as strings, nullable
``Int64``/``boolean``, ``date`` as a timezone-aware (UTC) timestamp, list
columns (``evidence``, ``flags``, ``surfaces``, ``methods``) as lists of strings.

    >>> import os, tempfile
    >>> from entitylink.models import Document, Mention
    >>> from entitylink.write.records import write_documents
    >>> m = Mention(start=0, end=3, surface="五粮液", secid="0.000858", code="000858", kind="stock",
    ...             method="dictionary", confidence=0.9, evidence=("name", "cue"))
    >>> p = os.path.join(tempfile.mkdtemp(), "m.csv")
    >>> _ = write_documents([Document(article_id="a", text="五粮液", mentions=(m,))], p, "csv")
    >>> read_records(p)[["secid", "code", "evidence"]].values.tolist()
    [['0.000858', '000858', ['name', 'cue']]]
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from typing import Any

from entitylink.columns import COLUMN_TYPES, LEVELS, LIST_SEPARATOR, NULLABLE, columns, records_frame
from entitylink.errors import InputError, UsageError

__all__ = ["read_records"]


def read_records(path: str | os.PathLike, level: str | None = None, *, format: str | None = None):
    """The records of a JSONL, CSV or Parquet file ``entitylink annotate`` wrote, as a DataFrame.

    Args:
        path: the file (``.jsonl``/``.ndjson``, ``.csv``, ``.parquet``; ``.gz`` for the text ones).
        level: ``mention``, ``entity`` or ``article`` (default: told by the columns).
        format: ``jsonl``, ``csv`` or ``parquet`` (default: told by the file name).

    Raises:
        UsageError: an unknown format, or columns that are no level's.
        InputError: the file cannot be read or a line is not JSON.
    """
    path = os.fspath(path)
    fmt = format or _format_of(path)
    cols: list[str] | None
    try:
        if fmt == "parquet":
            recs, cols = _parquet(path)
        elif fmt in ("jsonl", "csv"):
            with _open_text(path) as f:
                recs, cols = _jsonl(f, path) if fmt == "jsonl" else _csv(f)
        else:
            raise UsageError(f"format must be jsonl, csv or parquet, not {fmt!r}", source=path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=path) from None
    level = level or _level_of(cols, path)
    if fmt == "csv":
        recs = [_typed_csv_row(r) for r in recs]
    return records_frame(recs, level)


def _format_of(path: str) -> str:
    name = path[:-3] if path.endswith(".gz") else path
    ext = os.path.splitext(name)[1].lower()
    fmt = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
           ".pq": "parquet"}.get(ext)
    if fmt is None:
        raise UsageError("cannot tell the format from the file name; pass format='jsonl', 'csv' or 'parquet'",
                         source=path)
    return fmt


def _open_text(path: str):
    if path.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _level_of(cols: list[str] | None, path: str) -> str:
    if cols is None:  # an empty file: no records of any level
        return "mention"
    for level in LEVELS:
        if list(columns(level)) == list(cols):
            return level
    raise UsageError(f"its columns are no level's records ({', '.join(cols[:5])}, ...); "
                     "is it an entitylink annotate output?", source=path)


def _jsonl(f, path: str) -> tuple[list[dict[str, Any]], list[str] | None]:
    recs = []
    for number, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            recs.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", source=path, line=number) from None
    return recs, (list(recs[0]) if recs else None)


def _csv(f) -> tuple[list[dict[str, Any]], list[str] | None]:
    reader = csv.DictReader(f)
    rows = list(reader)
    return rows, (list(reader.fieldnames) if reader.fieldnames else None)


def _typed_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row with the JSONL values back (an empty field is null where a column may be null)."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        kind = COLUMN_TYPES.get(name, "string")
        if kind == "list":
            out[name] = value.split(LIST_SEPARATOR) if value else []
        elif kind == "entities":
            out[name] = json.loads(value) if value else []
        elif value == "":
            out[name] = None if name in NULLABLE or kind != "string" else ""
        elif kind == "int":
            out[name] = int(value)
        elif kind == "float":
            out[name] = float(value)
        elif kind == "bool":
            out[name] = value == "true"
        else:
            out[name] = value
    return out


def _parquet(path: str) -> tuple[list[dict[str, Any]], list[str]]:
    from entitylink.write.records import require_pyarrow

    table = require_pyarrow().read_table(path)
    return table.to_pylist(), table.column_names
