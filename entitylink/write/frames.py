"""Records to pandas DataFrames with fixed columns and dtypes.

An empty result still has every column, so code that concatenates frames from
many articles never meets a frame of another shape.

    >>> records_frame([], "mention").shape
    (0, 17)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from entitylink.models import ENTITY_COLUMNS, MENTION_COLUMNS

_DTYPES = {
    "start": "Int64",
    "end": "Int64",
    "market": "Int64",
    "source_start": "Int64",
    "source_end": "Int64",
    "mention_count": "Int64",
    "first_start": "Int64",
    "confidence": "float64",
    "salience": "float64",
    "in_title": "boolean",
    "tagged": "boolean",
}


def columns_for(level: str) -> tuple[str, ...]:
    """The record columns of a level (``mention`` or ``entity``)."""
    if level == "mention":
        return MENTION_COLUMNS
    if level == "entity":
        return ENTITY_COLUMNS
    raise ValueError(f"level must be 'mention' or 'entity', not {level!r}")


def records_frame(records: Iterable[dict[str, Any]], level: str):
    """A DataFrame of mention or entity records with the level's columns."""
    import pandas as pd

    cols = columns_for(level)
    frame = pd.DataFrame(list(records), columns=list(cols))
    dtypes = {c: t for c, t in _DTYPES.items() if c in cols}
    string_cols = {c: "string" for c in cols if c not in dtypes}
    return frame.astype({**string_cols, **dtypes})
