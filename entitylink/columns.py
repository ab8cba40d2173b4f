"""The record columns: one table of names and types, derived from the models, used by
CSV, Parquet, pandas and the JSON Schemas.

A record of each level (``mention``, ``entity``, ``article``) starts with where its
article came from (``path``, ``article_id``); mention and entity records continue with
the fields of ``Mention`` and ``Entity`` in order. Imports only ``mentions`` (the
models' fields), so that ``models`` may import it for ``Document.to_frame``.

    >>> columns("entity")[:3]
    ('path', 'article_id', 'secid')
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any, Literal

from entitylink.mentions import ENTITY_FIELDS, Entity, Mention

LEVELS: tuple[str, ...] = ("mention", "entity", "article")
# Every record starts with where its article came from.
_HEAD: tuple[str, ...] = ("path", "article_id")
# The mention and entity records are the models' fields, in order, after the head.
MENTION_COLUMNS: tuple[str, ...] = _HEAD + tuple(Mention.model_fields)
ENTITY_COLUMNS: tuple[str, ...] = _HEAD + ENTITY_FIELDS
ARTICLE_COLUMNS: tuple[str, ...] = _HEAD + (
    "title", "date", "url", "text_length", "mention_count", "entity_count", "entities",
)


def _logical_type(annotation: Any) -> str:
    """``int``, ``float``, ``bool``, ``list`` (a tuple of strings) or ``string`` for a model
    field's annotation; ``X | None`` is ``X``."""
    if typing.get_origin(annotation) is tuple:
        return "list"
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    if len(args) != 1:
        return "string"
    return {bool: "bool", int: "int", float: "float"}.get(args[0], "string")


def _nullable(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation)


def _choices(annotation: Any) -> tuple[str, ...] | None:
    """The values of a ``Literal`` field (``kind``, ``method``), else None."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    if len(args) == 1 and typing.get_origin(args[0]) is Literal:
        return tuple(typing.get_args(args[0]))
    return None


_FIELDS = {**Mention.model_fields, **Entity.model_fields}

COLUMN_TYPES: dict[str, str] = {
    "path": "string", "article_id": "string",
    **{name: _logical_type(f.annotation) for name, f in _FIELDS.items()},
    "title": "string", "date": "timestamp", "url": "string", "text_length": "int",
    "entity_count": "int", "entities": "entities",
}
"""The type of every record column: ``string``, ``int``, ``float``, ``bool``, ``list``
(a list of strings), ``timestamp`` (ISO 8601 with its offset in JSONL and CSV, a
timezone-aware timestamp in Parquet and pandas) or ``entities`` (the list of entity
records of an article record)."""

NULLABLE: frozenset[str] = frozenset(
    {"path", "title", "date", "url"} | {name for name, f in _FIELDS.items() if _nullable(f.annotation)}
)
"""The columns whose value may be null (``None``; an empty field in CSV)."""

CHOICES: dict[str, tuple[str, ...]] = {
    name: c for name, f in _FIELDS.items() if (c := _choices(f.annotation)) is not None
}
"""The columns that hold one of a fixed set of values (``kind``, ``method``)."""

LIST_SEPARATOR = "|"
"""How CSV writes a ``list`` column: its items joined with ``|``."""


def columns(level: str) -> tuple[str, ...]:
    """The record columns of ``mention``, ``entity`` or ``article``.

    >>> columns("entity")[:3]
    ('path', 'article_id', 'secid')
    """
    if level == "mention":
        return MENTION_COLUMNS
    if level == "entity":
        return ENTITY_COLUMNS
    if level == "article":
        return ARTICLE_COLUMNS
    raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")


_JSON_TYPES = {"string": "string", "int": "integer", "float": "number", "bool": "boolean", "timestamp": "string"}


def _column_schema(name: str) -> dict[str, Any]:
    kind = COLUMN_TYPES[name]
    if kind == "entities":
        return {"type": "array", "items": _object_schema(ENTITY_FIELDS, "An entity of the article.")}
    if kind == "list":
        schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    else:
        schema = {"type": _JSON_TYPES[kind]}
        if kind == "timestamp":
            schema["format"] = "date-time"
    if name in CHOICES:
        schema["enum"] = list(CHOICES[name])
    if name in NULLABLE:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"].append(None)
    return schema


def _object_schema(names: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": {n: _column_schema(n) for n in names},
        "required": list(names),
        "additionalProperties": False,
    }


def record_schema(level: str) -> dict[str, Any]:
    """The JSON Schema of one JSONL record of ``level``, generated from ``COLUMN_TYPES``.

    Every column is required (a missing value is ``null``), no other key is
    allowed, ``list`` columns are arrays of strings.

    >>> record_schema("mention")["properties"]["evidence"]
    {'type': 'array', 'items': {'type': 'string'}}
    """
    schema = _object_schema(columns(level), f"One {level} record as `entitylink annotate --level {level}` writes it.")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"entitylink {level} record", **schema}


_PANDAS_DTYPES = {"int": "Int64", "float": "float64", "bool": "boolean", "string": "string",
                  "list": "object", "entities": "object"}


def records_frame(records: Iterable[dict[str, Any]], level: str):
    """A pandas DataFrame of records of ``level`` with the level's columns and dtypes
    (nullable ints and booleans, strings, lists as Python lists, ``date`` as a UTC
    timestamp); an empty result still has every column.

    >>> records_frame([], "mention").shape
    (0, 17)
    """
    import pandas as pd

    cols = columns(level)
    frame = pd.DataFrame(list(records), columns=list(cols))
    frame = frame.astype({c: _PANDAS_DTYPES[COLUMN_TYPES[c]] for c in cols if COLUMN_TYPES[c] != "timestamp"})
    if "date" in frame.columns:
        frame["date"] = pd.to_datetime(frame["date"], utc=True, format="ISO8601")
    return frame
