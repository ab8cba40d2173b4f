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

from entitylink.read import Article, InputFailure, article_from_record, read_article, read_file, read_paths
from entitylink.write.frames import FrameResult, annotate_frame, top_securities
from entitylink.knowledge.dictionary import Alias, Dictionary
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
from entitylink.link.linker import Linker
from entitylink.models import Document, Entity, Mention, Security

from entitylink._version import __version__


def extract(source: str | bytes | os.PathLike, *, ignore_tags: bool = False, unlinked: bool = False) -> Document:
    """Read and link one article (a ``Path``, or the article's own text or bytes) with the default linker.

    >>> extract("贵州茅台股价大涨").entities[0].name
    '贵州茅台'
    """
    return Linker.default().extract(source, ignore_tags=ignore_tags, unlinked=unlinked)


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
    "render_html",
    "save_html",
    "top_securities",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
