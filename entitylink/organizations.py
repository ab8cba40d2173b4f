"""Unlisted organisations (opt-in, ``--unlinked``): company-like names that match no security.

Two signals, both from segmentation: a word jieba's own dictionary tags ``nt``
(organisation: 上海大众), or a run of words closed by an organisation suffix
(公司, 集团, 总厂, 银行 ...: 航天设备制造总厂). They come back as
``kind="organization"`` mentions with no secid and ``method="segmentation"``,
and never displace or change a linked mention.

    >>> ORG_SUFFIXES[:2]
    ('股份有限公司', '有限责任公司')
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import jieba

from .models import Mention
from .rules import Occupied
from .segment import Segmenter

ORG_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "公司", "集团", "总厂", "银行", "证券",
    "研究院", "研究所", "交易所", "基金",
)
# Words that end a name when walking left from its suffix.
_STOP_WORDS = frozenset("的 了 和 与 及 或 等 将 如 是 在 对 为 由 从 向 被 把 也 都 已 再 又 于 之 其 所 而 并 且 即 该 这 那 一批 一个 以及 包括 通过".split())
_MAX_LEN = 16


def load_organisation_words() -> frozenset[str]:
    """The words jieba's bundled dictionary tags ``nt`` (organisations), 3+ characters."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "nt" and len(parts[0]) >= 3:
                words.add(parts[0])
    return frozenset(words)


def find_organizations(
    segmenter: Segmenter,
    org_words: frozenset[str],
    folded: str,
    text: str,
    mentions: Sequence[Mention],
) -> list[Mention]:
    """``mentions`` plus the unlisted organisations that overlap none of them, sorted."""
    occupied = Occupied((m.start, m.end) for m in mentions)
    tokens = segmenter.cut(folded)
    found: list[Mention] = []
    for i, (word, start, end) in enumerate(tokens):
        span, why = None, None
        if word in org_words:
            span, why = (start, end), "jieba:nt"
        elif word.endswith(ORG_SUFFIXES) and _cjk(word):
            j = i - 1
            while j >= 0 and _name_part(tokens[j][0]) and end - tokens[j][1] <= _MAX_LEN:
                j -= 1
            if j < i - 1:
                suffix = next(s for s in ORG_SUFFIXES if word.endswith(s))
                span, why = (tokens[j + 1][1], end), "org_suffix:" + suffix
        if span and not occupied.overlaps(*span):
            occupied.add(*span)
            found.append(Mention(
                start=span[0], end=span[1], surface=text[span[0]:span[1]], kind="organization",
                method="segmentation", confidence=0.5, evidence=(why,),
            ))
    return sorted([*mentions, *found], key=lambda m: m.start)


def _cjk(word: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in word)


def _name_part(word: str) -> bool:
    return _cjk(word) and word not in _STOP_WORDS
