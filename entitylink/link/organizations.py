"""Unlisted organisations (opt-in, ``--unlinked``): company-like names that match no security.

Two signals, both from segmentation: a word jieba's own dictionary tags ``nt``
(organisation: 上海大众), or a run of nouns closed by an organisation suffix
(有限公司, 集团, 总厂, 银行 ...: 航天设备制造总厂). They come back as
``kind="organization"`` mentions with no secid and ``method="segmentation"``,
and never displace or change a linked mention.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
``models`` and other ``link/`` modules, and jieba only to read its word tags.

    >>> ORG_SUFFIXES[:2]
    ('股份有限公司', '有限责任公司')
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from entitylink.link.segment import Segmenter
from entitylink.link.spans import Occupied
from entitylink.models import Mention

ORG_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "集团", "总厂", "银行", "证券",
    "研究院", "研究所", "交易所",
)
# jieba part-of-speech tags that end a name when walking left from its suffix:
# adverbs, pronouns, conjunctions, prepositions, numerals, measure words, time
# words, particles. Verbs may be inside a name (航天设备制造总厂), so a run that
# starts with a verb starts instead at its first place or proper name (持有|湖南北影…有限公司).
_STOP_TAGS = frozenset("d r c p m q t u uj ul ud uz ug uv y e o".split())
_ANCHOR_TAGS = frozenset("ns nz nt nr nrt nrfg".split())
# Organisation words that name a kind of organisation, not one of them.
_GENERIC = frozenset(ORG_SUFFIXES) | {"上市公司", "公司", "子公司", "母公司", "券商", "基金公司"}
_MAX_LEN = 16


def load_word_tags() -> dict[str, str]:
    """jieba's bundled dictionary as word -> part-of-speech tag."""
    import jieba  # here, not at the top: importing entitylink does not import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    tags = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def find_organizations(
    segmenter: Segmenter,
    word_tags: dict[str, str],
    folded: str,
    text: str,
    mentions: Sequence[Mention],
) -> list[Mention]:
    """``mentions`` plus the unlisted organisations that overlap none of them, sorted."""
    occupied = Occupied((m.start, m.end) for m in mentions)
    tokens = segmenter.cut(folded)
    found: list[Mention] = []
    for i, (word, start, end) in enumerate(tokens):
        span: tuple[int, int] | None = None
        why = ""
        if len(word) >= 3 and word_tags.get(word) == "nt" and word not in _GENERIC:
            span, why = (start, end), "jieba:nt"
        elif word.endswith(ORG_SUFFIXES) and _cjk(word):
            j = i - 1
            while j >= 0 and _name_part(tokens[j][0], word_tags) and end - tokens[j][1] <= _MAX_LEN:
                j -= 1
            if j < i - 1:
                first = j + 1
                if word_tags.get(tokens[first][0], "").startswith("v"):  # 持有|湖南北影…: start at the name
                    first = next((k for k in range(j + 1, i) if word_tags.get(tokens[k][0]) in _ANCHOR_TAGS), first)
                suffix = next(s for s in ORG_SUFFIXES if word.endswith(s))
                span, why = (tokens[first][1], end), "org_suffix:" + suffix
        if span and not occupied.overlaps(*span):
            occupied.add(*span)
            found.append(Mention(
                start=span[0], end=span[1], surface=text[span[0]:span[1]], kind="organization",
                method="segmentation", confidence=0.5, evidence=(why,),
            ))
    return sorted([*mentions, *found], key=lambda m: m.start)


def _cjk(word: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in word)


def _name_part(word: str, word_tags: dict[str, str]) -> bool:
    # another organisation's suffix ends the walk too (关联公司|瀚星创业投资有限公司)
    return (_cjk(word) and word_tags.get(word) not in _STOP_TAGS and not word.endswith(("公司", "集团"))
            and word_tags.get(word[-1:]) not in ("u", "uj"))
