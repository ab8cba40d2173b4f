"""An input that could not be read as an article: ``InputFailure``.

Every reader of many inputs (``read_paths``, the commands through the batch
runner) accounts for each input: an ``Article``, or one ``InputFailure`` saying
which input (path, line of a dump, the record's id when known) failed, with the
name of the error and its reason. ``record()`` is the line a command writes to
``--errors``; ``str()`` the line it prints; ``exception()`` the error of the
class ``error`` names, which ``read_file`` raises when its one input fails as a whole.
``InputFailure`` is itself an ``InputError``: the one shape of a failure in the
streams of ``read_paths`` and ``read_file``.

Imports only from the top-level shared modules (``errors``, ``models``,
``markets``) and ``read/`` itself.

    >>> f = InputFailure("dump.jsonl", 17, None, "ArticleFormatError", "record has no id")
    >>> str(f), str(f.exception()), isinstance(f, EntityLinkError)
    ('dump.jsonl:17: ArticleFormatError: record has no id', 'dump.jsonl:17: record has no id', True)
"""

from __future__ import annotations

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


_FIELDS = ("path", "line", "article_id", "error", "reason")


class InputFailure(InputError):
    """One input (a file, a record of a dump, stdin) that failed: what ``read_paths`` and
    ``read_file`` give for it in their streams, and every command reports.

    ``line`` is the line (or, in a ``.json`` list, the position) of the record in
    its dump, or None when the input failed as a whole; ``error`` is the name of
    the exception's type (``ArticleFormatError``, ``DecodeError``...), ``reason``
    its message without the place. An ``InputError`` (so ``isinstance(item,
    EntityLinkError)`` tells a failure from an ``Article``), never raised by the
    readers themselves; read-only, compared and hashed by its fields.
    """

    path: str
    line: int | None
    article_id: str | None
    error: str
    reason: str

    def __init__(self, path: str, line: int | None, article_id: str | None, error: str, reason: str) -> None:
        for name, value in zip(_FIELDS, (path, line, article_id, error, reason)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "source", path)  # the fields of every EntityLinkError
        object.__setattr__(self, "offset", None)
        Exception.__init__(self, describe(self.record()))

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("__"):  # what raising sets: __traceback__, __context__, __cause__, __notes__
            object.__setattr__(self, name, value)
        else:
            raise AttributeError(f"InputFailure is read-only: cannot set {name!r}")

    def _values(self) -> tuple:
        return (self.path, self.line, self.article_id, self.error, self.reason)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "InputFailure(" + ", ".join(f"{n}={v!r}" for n, v in zip(_FIELDS, self._values())) + ")"

    def __reduce__(self):
        return InputFailure, self._values()

    def record(self) -> dict[str, Any]:
        """The error record: ``{"path", "line", "article_id", "error", "reason"}``.

        >>> InputFailure("a.md", None, "a", "InputError", "empty input").record()["reason"]
        'empty input'
        """
        return {"path": self.path, "line": self.line, "article_id": self.article_id, "error": self.error,
                "reason": self.reason}

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
