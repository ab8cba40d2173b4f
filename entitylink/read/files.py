"""Reading one unit of work (``Task``) into its ``Article`` or failure: ``load_article``
reads one task; ``input_failure`` (``error_record``: its ``record()``) says how one failed.

The units come from ``dumps`` (``jsonl_tasks``, ``json_tasks`` and ``stdin_tasks`` split a
JSONL dump, a ``.json`` file and stdin into ``record`` and ``bytes`` tasks), the bytes from
``limits`` (``read_input`` reads a whole file, at most ``max_bytes``, gunzipped for
``.gz``), the ``Task`` itself from ``task``: their names are re-exported here.
``sources`` walks the paths and decides which of these reads each file.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself.

    >>> import io
    >>> [(t.kind, t.line) for t in jsonl_tasks("d.jsonl", io.BytesIO(b'{"id": 1}\\n\\n{"id": 2}\\n'), None, 100)]
    [('record', 1), ('record', 3)]
"""

from __future__ import annotations

import dataclasses
from typing import Any

from entitylink.errors import EntityLinkError, InputError
from entitylink.read.article import Article, RecordFields, article_from_record, article_id_from, load_json, read_article
from entitylink.read.decode import decode_bytes
from entitylink.read.dumps import STDIN_NAME, json_tasks, jsonl_tasks, skip_blank_lines, stdin_tasks
from entitylink.read.failures import InputFailure
from entitylink.read.limits import DECOMPRESSED_RATIO, MAX_BYTES, decompressed_limit, open_input, read_input
from entitylink.read.task import Task, fail_task, inner_name, shown_path

__all__ = [
    "DECOMPRESSED_RATIO",
    "MAX_BYTES",
    "STDIN_NAME",
    "Task",
    "error_record",
    "fail_task",
    "inner_name",
    "input_failure",
    "json_tasks",
    "jsonl_tasks",
    "load_article",
    "decompressed_limit",
    "open_input",
    "skip_blank_lines",
    "read_input",
    "shown_path",
    "stdin_tasks",
]

# -- reading one unit ------------------------------------------------------------


def _guess_id(path: str) -> str | None:
    try:  # the id read_article would give an article without URL
        return article_id_from(inner_name(path), None)
    except Exception:  # noqa: BLE001 - only a hint for error records
        return None


def load_article(task: Task, *, encoding: str | None = None, max_bytes: int = MAX_BYTES,
                 format: str = "auto", fields: RecordFields | None = None) -> Article:
    """The parsed article of one ``file``/``bytes``/``record`` task; raises ``EntityLinkError``.
    ``format``: that of ``read_article`` for a file or stdin (a record is JSON);
    ``fields``: the field names of a record (``RecordFields``)."""
    shown = shown_path(task.path)
    if task.kind == "file":
        data = read_input(task.path, max_bytes)
        name = inner_name(shown)
        article = read_article(data, name=name, encoding=encoding, format=format, fields=fields)
        return article if name == shown else dataclasses.replace(article, path=shown)
    if task.kind == "bytes":
        assert task.data is not None
        return read_article(task.data, name=shown, encoding=encoding, format=format, fields=fields)
    if task.kind == "record":
        assert task.data is not None
        text = task.data if isinstance(task.data, str) else decode_bytes(task.data, encoding=encoding, source=shown)
        return article_from_record(text, shown, task.line or 1, None, fields)  # one record of a dump, by its line
    raise InputError(task.reason or "failed", source=shown, line=task.line)


def _record_id(task: Task, fields: RecordFields | None = None) -> str | None:
    if task.kind == "file" and task.article_id is None:
        # guessed here, for the few that fail, not while listing every file
        return _guess_id(shown_path(task.path))
    if task.kind != "record":
        return task.article_id
    try:
        data = task.data if isinstance(task.data, str) else (task.data or b"").decode("utf-8", "replace")
        record = load_json(data)
        rid = next((record[k] for k in (fields.id if fields else ("id",)) if record.get(k) is not None), None)
        return None if rid is None or isinstance(rid, (dict, list, bool)) else str(rid)
    except Exception:  # noqa: BLE001 - only a hint for the error record
        return None


def input_failure(task: Task, exc: BaseException | None = None, fields: RecordFields | None = None) -> InputFailure:
    """The failure of a unit: a ``fail`` task, or the exception ``exc`` reading it raised
    (``fields``: the record field names, for a record's id)."""
    if exc is None:
        return InputFailure(shown_path(task.path), task.line, task.article_id, task.error or "", task.reason or "")
    line = task.line
    if isinstance(exc, EntityLinkError):
        reason = exc.reason
        line = line if line is not None else exc.line
    else:
        reason = str(exc) or repr(exc)
    return InputFailure(shown_path(task.path), line, _record_id(task, fields), type(exc).__name__, reason)


def error_record(task: Task, exc: BaseException | None = None, fields: RecordFields | None = None) -> dict[str, Any]:
    """The ``--errors`` line of a failed unit: ``input_failure(task, exc, fields).record()``."""
    return input_failure(task, exc, fields).record()
