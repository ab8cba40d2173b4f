"""The exceptions entitylink raises.

Imports nothing: every room may import it.

Every error names what it was reading (a path, a record id, ``<stdin>``) and,
where it knows them, the line or character offset, so a message from a batch
of a million articles still says which one failed and why.
"""

from __future__ import annotations


class EntityLinkError(Exception):
    """Base class of every error entitylink raises on purpose."""

    def __init__(
        self,
        reason: str,
        *,
        source: str | None = None,
        line: int | None = None,
        offset: int | None = None,
    ) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        self.offset = offset
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}"
        elif self.offset is not None:
            where = f"{where}: offset {self.offset}"
        return f"{where}: {self.reason}" if where else self.reason

    def __reduce__(self):  # keep keyword arguments across process pools
        return (_rebuild, (type(self), self.reason, self.source, self.line, self.offset))


def _rebuild(cls, reason, source, line, offset):
    return cls(reason, source=source, line=line, offset=offset)


class InputError(EntityLinkError):
    """An input could not be read as an article (missing, empty, binary, too large...)."""


class DecodeError(InputError):
    """An input's bytes are not text in any encoding we accept."""


class ArticleFormatError(InputError):
    """An input is text, but not an article in a format we read (bad JSONL record...)."""


class BudgetExceeded(InputError):
    """An input needs more than a per-article budget allows (``--max-mentions``)."""


class ArticleTimeout(BudgetExceeded):
    """An input took longer than ``--timeout-per-article`` to link.

    Not a ``TimeoutError``: that is an ``OSError``, which the readers catch as a failed read.
    """


class DictionaryError(EntityLinkError):
    """A dictionary file or row is invalid; nothing of it was loaded."""


class GoldFormatError(EntityLinkError):
    """A gold annotation file does not follow the format of the gold guide."""


class OutputError(EntityLinkError):
    """Results could not be written where they were asked to go."""


class UsageError(EntityLinkError):
    """A command or function was called with arguments that do not fit together."""


def describe(record: dict) -> str:
    """The one-line message of an error record (``{"path", "line", "error", "reason", ...}``),
    as every command prints a failed input.

    >>> describe({"path": "a.jsonl", "line": 3, "error": "ArticleFormatError", "reason": "not JSON"})
    'a.jsonl:3: ArticleFormatError: not JSON'
    """
    where = f"{record['path']}:{record['line']}" if record.get("line") is not None else record["path"]
    return f"{where}: {record['error']}: {record['reason']}"
