"""entitylink: link listed companies, indexes and boards in Chinese financial news to security codes.

    >>> import entitylink as el
    >>> [m.secid for m in el.extract("<p>光明乳业(600597.SH)发布公告</p>").mentions]
    ['1.600597', '1.600597']

``extract`` reads and links one article with the bundled dictionary; build a
``Linker`` (optionally with your own ``Dictionary``) for anything more.
"""

from __future__ import annotations

import logging
import os

from entitylink._version import __version__
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
from entitylink.knowledge.dictionary import Alias, Dictionary
from entitylink.link.linker import Linker
from entitylink.models import Document, Entity, Mention, Security
from entitylink.read import Article, InputFailure, article_from_record, read_article, read_file, read_paths
from entitylink.write.frames import FrameResult, annotate_frame, top_securities
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
        raise UsageError(
            f"{source!r} is the path of a file, and extract takes the article itself; read it with "
            f"el.read_file({source!r}) (an Article per article, then Linker.link), or pass "
            f"pathlib.Path({source!r}) to extract")


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
