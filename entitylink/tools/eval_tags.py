"""Tag-masked recall: does a run with publisher tags ignored re-find what the tags marked?

:func:`tag_masked_recall` compares, per article, a run with tags (``method == "tag"`` mentions)
with a run that ignores them; :func:`tag_inside_institution` is the ``exclude`` that
``entitylink evaluate --tag-masked`` uses.

Imports: the top level (``errors``, ``models``) and :mod:`entitylink.tools.eval_score`;
:mod:`entitylink.tools.evaluate` re-exports the names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from entitylink.errors import UsageError
from entitylink.models import Document, Mention
from entitylink.tools.eval_score import key_for

__all__ = ["TagMaskedResult", "TagMiss", "tag_inside_institution", "tag_masked_recall"]


@dataclass(frozen=True)
class TagMiss:
    """A publisher ``tag`` (in ``article``, a ``key_for`` key) the tag-ignoring run did not reproduce;
    ``found``: that run's mentions overlapping the tag's span."""
    article: str
    tag: Mention
    found: tuple[Mention, ...] = ()


@dataclass
class TagMaskedResult:
    """Publisher tags re-found with tags ignored: ``found``/``total``, per kind, misses."""
    found: int = 0
    total: int = 0
    excluded: int = 0
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    misses: list[TagMiss] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0


def tag_masked_recall(pairs: Iterable[tuple[Document, Document]], *,
                      exclude: Callable[[Document, Mention], bool] | None = None) -> TagMaskedResult:
    """For each ``(with_tags, tags_ignored)`` pair of one article, count the tag mentions (``method ==
    "tag"``) of the first that the second has with the same start, end and secid. ``exclude(doc, mention)``
    returning True leaves a tag out (counted in ``excluded``). Different texts in a pair: ``UsageError``.

        tag_masked_recall(pairs, exclude=lambda d, m: d.text[m.end:m.end + 2] == "大学").recall
    """
    res = TagMaskedResult()
    counts: defaultdict[str, Counter] = defaultdict(Counter)  # kind -> {"found", "total"}
    for tagged, masked in pairs:
        if tagged.text != masked.text:
            raise UsageError(f"article {tagged.article_id}: the pair's two texts differ", source=tagged.path)
        have = {(m.start, m.end, m.secid) for m in masked.mentions}
        for t in (m for m in tagged.mentions if m.method == "tag"):
            if exclude is not None and exclude(tagged, t):
                res.excluded += 1
                continue
            ok = (t.start, t.end, t.secid) in have
            counts[t.kind]["total"] += 1
            counts[t.kind]["found"] += ok
            if not ok:
                there = tuple(m for m in masked.mentions if m.start < t.end and t.start < m.end)
                res.misses.append(TagMiss(key_for(tagged), t, there))
    res.by_kind = {k: (c["found"], c["total"]) for k, c in sorted(counts.items())}
    res.found, res.total = sum(f for f, _ in res.by_kind.values()), sum(t for _, t in res.by_kind.values())
    return res


_INSTITUTION_WORDS = ("大学", "学院", "医院", "研究院", "研究所")


def tag_inside_institution(doc: Document, mention: Mention) -> bool:
    """A tag inside an institution's name is no name to find again (上海复旦 in 上海复旦大学):
    the ``exclude`` of ``tag_masked_recall`` that ``entitylink evaluate --tag-masked`` uses."""
    return "partial_word" in mention.flags and doc.text.startswith(_INSTITUTION_WORDS, mention.end)
