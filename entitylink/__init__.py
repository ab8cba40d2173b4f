"""entitylink: link listed companies, indexes and boards in Chinese financial news to security codes.

    >>> import entitylink as el
    >>> [m.secid for m in el.extract("<p>光明乳业(600597.SH)发布公告</p>").mentions]
    ['1.600597', '1.600597']

``extract`` reads and links one article with the bundled dictionary; build a
``Linker`` (optionally with your own ``Dictionary``) for anything more.

``import entitylink`` is cheap and has no side effects: every public name below
is loaded from its module on first use (PEP 562), so the import pulls in neither
pydantic nor jieba nor pandas, and writes nothing.
"""

from __future__ import annotations

import logging
import os
from importlib import import_module
from typing import TYPE_CHECKING, Any

# The public surface: each name, and the module it lives in (loaded on first access).
_WHERE: dict[str, str] = {
    # the default linker, and building your own
    "Linker": "entitylink.link.linker",
    "Dictionary": "entitylink.knowledge.dictionary",
    "Alias": "entitylink.knowledge.dictionary",
    "USER_CACHE": "entitylink.knowledge.cache",
    # reading articles
    "Article": "entitylink.read",
    "InputFailure": "entitylink.read",
    "article_from_record": "entitylink.read",
    "read_article": "entitylink.read",
    "read_file": "entitylink.read",
    "read_paths": "entitylink.read",
    # what comes out
    "Document": "entitylink.models",
    "Entity": "entitylink.models",
    "Mention": "entitylink.models",
    "Security": "entitylink.models",
    # writing, frames, reading records back, display
    "write_documents": "entitylink.write.records",
    "read_records": "entitylink.write.readback",
    "FrameResult": "entitylink.write.frames",
    "annotate_frame": "entitylink.batch.frames",
    "top_securities": "entitylink.write.frames",
    "render_html": "entitylink.display",
    "save_html": "entitylink.display",
    # the errors
    "EntityLinkError": "entitylink.errors",
    "ArticleFormatError": "entitylink.errors",
    "DecodeError": "entitylink.errors",
    "DictionaryError": "entitylink.errors",
    "GoldFormatError": "entitylink.errors",
    "InputError": "entitylink.errors",
    "OutputError": "entitylink.errors",
    "UsageError": "entitylink.errors",
    # the installed distribution's version (importlib.metadata, read on first access)
    "__version__": "entitylink._version",
}

# Subpackages and modules reachable as attributes (``entitylink.models``) after ``import entitylink``.
_SUBMODULES = frozenset(
    {"batch", "cli", "display", "errors", "knowledge", "link", "markets", "models", "read", "tools", "write"})

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and IDEs
    from entitylink._version import __version__
    from entitylink.batch.frames import annotate_frame
    from entitylink.display import render_html, save_html
    from entitylink.errors import (
        ArticleFormatError,
        DecodeError,
        DictionaryError,
        EntityLinkError,
        GoldFormatError,
        InputError,
        OutputError,
        UsageError,
    )
    from entitylink.knowledge.cache import USER_CACHE
    from entitylink.knowledge.dictionary import Alias, Dictionary
    from entitylink.link.linker import Linker
    from entitylink.models import Document, Entity, Mention, Security
    from entitylink.read import Article, InputFailure, article_from_record, read_article, read_file, read_paths
    from entitylink.write.frames import FrameResult, top_securities
    from entitylink.write.readback import read_records
    from entitylink.write.records import write_documents


def extract(source: str | bytes | os.PathLike, *, ignore_tags: bool = False, unlinked: bool = False) -> Document:
    """Read and link one article (a ``Path``, or the article's own text or bytes) with the default linker.

    A ``str`` is the article's text: one that names an existing file is refused
    (``UsageError``), as it is almost always meant as a path; pass
    ``pathlib.Path(...)`` or use ``read_file``.

    >>> extract("贵州茅台股价大涨").entities[0].name
    '贵州茅台'
    """
    from entitylink.link.linker import Linker

    _refuse_path_string(source)
    return Linker.default().extract(source, ignore_tags=ignore_tags, unlinked=unlinked)


def _refuse_path_string(source: object) -> None:
    """``UsageError`` for a ``str`` that is the path of an existing file rather than an article."""
    if not isinstance(source, str) or not source or len(source) > 4096:
        return
    if any(c in source for c in "\n\r<>") or source.strip() != source:
        return
    try:
        is_file = os.path.isfile(source)
    except (OSError, ValueError):  # NUL bytes, names too long
        return
    if is_file:
        from entitylink.errors import UsageError

        raise UsageError(
            f"{source!r} is the path of a file, and extract takes the article itself; read it with "
            f"el.read_file({source!r}) (an Article per article, then Linker.link), or pass "
            f"pathlib.Path({source!r}) to extract")


if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name is an error there, not Any

    def __getattr__(name: str) -> Any:
        """Load a public name (or a submodule) on first access, and keep it as a module global."""
        if name in _WHERE:
            value = getattr(import_module(_WHERE[name]), name)
        elif name in _SUBMODULES:
            value = import_module(f"{__name__}.{name}")
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        """The loaded globals and every public name, loaded or not."""
        return sorted(set(globals()) | set(__all__))


__all__ = [
    "Alias",
    "Article",
    "ArticleFormatError",
    "DecodeError",
    "Dictionary",
    "DictionaryError",
    "Document",
    "Entity",
    "EntityLinkError",
    "FrameResult",
    "GoldFormatError",
    "InputFailure",
    "InputError",
    "Linker",
    "Mention",
    "OutputError",
    "Security",
    "USER_CACHE",
    "UsageError",
    "__version__",
    "annotate_frame",
    "article_from_record",
    "extract",
    "read_article",
    "read_file",
    "read_paths",
    "read_records",
    "render_html",
    "save_html",
    "top_securities",
    "write_documents",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
