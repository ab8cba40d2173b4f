"""Score linked Documents against hand-written gold files (``shared/corpus/gold/GUIDE.md``).

Nothing here links or prints; ``load_articles`` reads the articles to score as ``annotate``
reads them. ``load_gold`` reads a ``*.gold.jsonl``;
``evaluate`` scores Documents at entity level (per article, the set of secids) and mention level (the
multiset of ``(surface, secid)`` pairs), micro-averaged overall and per kind (the rules:
:mod:`entitylink.tools.eval_score`); ``format_report`` renders that, with a reliability table
(confidence bins against precision, ``reliability``) and the errors grouped by the family that
decided them (``errors_by_cause``; :mod:`entitylink.tools.eval_report`); ``tag_masked_recall``
checks that a run with publisher tags ignored re-finds what the tags marked
(:mod:`entitylink.tools.eval_tags`). This module gathers them all.

Imports: the top level, :mod:`entitylink.read` (the articles) and the ``tools`` modules named above.

    >>> from entitylink.models import Document, Mention
    >>> gold = {"2021-12-08-1.md": GoldArticle("2021-12-08-1.md", (GoldMention("光明乳业", "1.600597", "stock", 1),))}
    >>> m = Mention(start=2, end=6, surface="光明乳业", secid="1.600597", kind="stock", method="code", confidence=1)
    >>> doc = Document(article_id="1", path="2021-12-08-1.md", text="买入光明乳业", mentions=(m,))
    >>> evaluate([doc], gold).mention.f1
    1.0
"""

from __future__ import annotations

from collections.abc import Iterable

from entitylink.errors import describe
from entitylink.read.article import Article
from entitylink.read.sources import iter_articles
from entitylink.tools.eval_report import (
    BINS,
    ReliabilityRow,
    at_least,
    cause_of,
    errors_by_cause,
    format_causes,
    format_reliability,
    format_report,
    mention_reliability,
    reliability,
    scored_mentions,
)
from entitylink.tools.eval_score import (
    ArticleErrors,
    EvalResult,
    FalseNegative,
    FalsePositive,
    Scores,
    evaluate,
    key_for,
    occurrences,
)
from entitylink.tools.eval_tags import TagMaskedResult, TagMiss, tag_inside_institution, tag_masked_recall
from entitylink.tools.gold import GoldArticle, GoldMention, load_gold

__all__ = [
    "BINS", "ArticleErrors", "EvalResult", "FalseNegative", "FalsePositive", "GoldArticle", "GoldMention",
    "ReliabilityRow", "Scores", "TagMaskedResult", "TagMiss", "at_least", "cause_of", "errors_by_cause",
    "evaluate", "format_causes", "format_reliability", "format_report", "key_for", "load_articles", "load_gold",
    "mention_reliability", "occurrences", "reliability", "scored_mentions", "tag_inside_institution",
    "tag_masked_recall",
]


def load_articles(paths: Iterable[str]) -> tuple[list[Article], list[str]]:
    """Every article of ``paths`` (read as ``annotate`` reads them), and one line per unit that failed."""
    articles, failures = [], []
    for item in iter_articles(list(paths)):
        if isinstance(item, Article):
            articles.append(item)
        else:
            failures.append(describe(item))
    return articles, failures
