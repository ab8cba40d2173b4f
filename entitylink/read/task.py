"""The unit of work of reading (``Task``): a file, one record of a dump, stdin's bytes, or
an input that failed as a whole; and how a path is shown in records and messages.

Imports only from the top-level shared modules (``errors``).

    >>> fail_task("a.jsonl", ValueError("bad"), 3)
    Task(kind='fail', path='a.jsonl', line=3, data=None, error='ValueError', reason='bad', article_id=None)
"""

from __future__ import annotations

import dataclasses
import os

from entitylink.errors import EntityLinkError

__all__ = ["Task", "fail_task", "inner_name", "shown_path"]


@dataclasses.dataclass(frozen=True, slots=True)
class Task:
    """One unit of work: ``kind`` is ``file`` (read ``path``), ``record`` (one
    JSONL/JSON record in ``data``), ``bytes`` (one article's bytes, stdin) or
    ``fail`` (the input failed as a whole: ``error``, ``reason``)."""

    kind: str
    path: str
    line: int | None = None
    data: bytes | str | None = None
    error: str | None = None
    reason: str | None = None
    article_id: str | None = None

    def __reduce__(self):
        # Tasks are pickled to the workers by the hundred: the slots dataclass's
        # own pickling looks its fields up for every object, three times slower.
        return Task, (self.kind, self.path, self.line, self.data, self.error, self.reason, self.article_id)


def fail_task(path: str, exc: BaseException, line: int | None = None, article_id: str | None = None) -> Task:
    if isinstance(exc, EntityLinkError):
        return Task("fail", path, line if line is not None else exc.line, error=type(exc).__name__,
                    reason=exc.reason, article_id=article_id)
    return Task("fail", path, line, error=type(exc).__name__, reason=str(exc), article_id=article_id)


def inner_name(path: str) -> str:
    return path[:-3] if path.lower().endswith(".gz") else path


def shown_path(path: str) -> str:
    """``path`` as records and messages write it: a file name's bytes that are not
    UTF-8 (held as lone surrogates by ``os.fsdecode``) become ``\\xNN`` escapes.

    >>> shown_path("a.md"), shown_path(os.fsdecode(b"\\xff.md"))
    ('a.md', '\\\\xff.md')
    """
    if path.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in path):
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")
