"""An input that could not be read as an article: ``InputFailure``.

Every reader of many inputs (``read_paths``, the commands through the batch
runner) accounts for each input: an ``Article``, or one ``InputFailure`` saying
which input (path, line of a dump, the record's id when known) failed, with the
name of the error and its reason. ``record()`` is the line a command writes to
``--errors``; ``str()`` the line it prints; ``exception()`` the
``EntityLinkError`` that ``read_file`` gives for it.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself.

    >>> f = InputFailure("dump.jsonl", 17, None, "ArticleFormatError", "record has no id")
    >>> str(f), str(f.exception())
    ('dump.jsonl:17: ArticleFormatError: record has no id', 'dump.jsonl:17: record has no id')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from entitylink.errors import EntityLinkError, InputError, describe

__all__ = ["InputFailure"]

def _error_classes(cls: type[EntityLinkError]) -> dict[str, type[EntityLinkError]]:
    """Every error class of the package by name, read from the class hierarchy (so an error
    added to ``errors.py``, such as ``BudgetExceeded``, comes back as itself)."""
    found = {cls.__name__: cls}
    for sub in cls.__subclasses__():
        found.update(_error_classes(sub))
    return found


_ERRORS: dict[str, type[EntityLinkError]] = _error_classes(EntityLinkError)


@dataclass(frozen=True, slots=True)
class InputFailure:
    """One input (a file, a record of a dump, stdin) that failed.

    ``line`` is the line (or, in a ``.json`` list, the position) of the record in
    its dump, or None when the input failed as a whole; ``error`` is the name of
    the exception's type (``ArticleFormatError``, ``DecodeError``...), ``reason``
    its message without the place.
    """

    path: str
    line: int | None
    article_id: str | None
    error: str
    reason: str

    def record(self) -> dict[str, Any]:
        """The error record: ``{"path", "line", "article_id", "error", "reason"}``.

        >>> InputFailure("a.md", None, "a", "InputError", "empty input").record()["reason"]
        'empty input'
        """
        return {"path": self.path, "line": self.line, "article_id": self.article_id, "error": self.error,
                "reason": self.reason}

    def __str__(self) -> str:
        return describe(self.record())

    def exception(self) -> EntityLinkError:
        """The failure as an exception: of the ``EntityLinkError`` class ``error`` names,
        or, for another error (an unexpected one), an ``InputError`` whose reason
        starts with its name.

        >>> InputFailure("a.md", None, None, "RecursionError", "too deep").exception()
        InputError('a.md: RecursionError: too deep')
        >>> InputFailure("a.md", None, None, "BudgetExceeded", "more than 10 mentions").exception()
        BudgetExceeded('a.md: more than 10 mentions')
        """
        cls = _ERRORS.get(self.error)
        if cls is not None:
            return cls(self.reason, source=self.path, line=self.line)
        return InputError(f"{self.error}: {self.reason}", source=self.path, line=self.line)
