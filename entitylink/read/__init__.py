"""Reading: a source (a file, a directory, a dump, stdin, a string) in, an ``Article`` out.

``read_article`` reads one article from a string or bytes; ``read_paths`` reads
every input of some paths, as ``entitylink annotate`` does, giving each unit's
``Article`` or ``InputFailure``; ``read_file`` does the same for one path (a path
that fails as a whole raises); ``article_from_record`` reads one record of a
dump. The room imports only from the top-level shared modules (``errors``,
``models``, ``markets``) and from itself.

    >>> import entitylink.read as r
    >>> r.read_article("<p>光明乳业</p>", article_id="a").text
    '光明乳业'
"""

from __future__ import annotations

from entitylink.read.article import Article, RecordFields, article_from_record, read_article
from entitylink.read.failures import InputFailure
from entitylink.read.sources import read_file, read_paths

__all__ = ["Article", "InputFailure", "RecordFields", "article_from_record", "read_article", "read_file", "read_paths"]
