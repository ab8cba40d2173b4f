"""The downstream formats: what NER trainers and annotation tools read.

Imports only the top level (``models``, ``errors``, ``_version``).

One piece per article, mention level only (``docs/formats.md`` describes every
field, with a record and how to load it):

- ``conll``: CoNLL-2003 columns ``TOKEN POS SECID LABEL``, one token per
  non-whitespace character, ``-DOCSTART- -X- O O`` and a blank line before
  each article (in input order, as the article-level records: no comment
  lines, so a ``#`` is a token like any other), a blank line at each line break
  of the text; labels are plain BIO by kind (``B-STOCK``, ``I-STOCK``, ``O``),
  the secid has its own column (``_`` outside mentions and for unlinked
  organisations), POS is ``-X-``.
- ``spacy``: a spaCy ``DocBin`` (``.spacy``, what ``spacy train`` reads): one
  Doc per article, one token per character, entities labelled by kind in
  capitals with ``kb_id_`` = secid, ``user_data`` holding ``article_id``,
  ``path``, ``title``, ``url`` and ``date``. Needs ``spacy`` (no model).
- ``displacy``: one JSON line per article, displaCy's manual format.
- ``labelstudio`` / ``labelstudio-jsonl``: Label Studio tasks with the mentions as
  predictions, offsets in UTF-16 code units as Label Studio counts them; a JSON
  list, or one task per line.

    >>> from entitylink.models import Document, Mention
    >>> m = Mention(start=2, end=6, surface="光明乳业", secid="1.600597", kind="stock", method="tag",
    ...             confidence=1.0)
    >>> doc = Document(article_id="a", path="a.md", text="买入光明乳业", mentions=(m,))
    >>> conll(doc).splitlines()[4]
    '光 -X- 1.600597 B-STOCK'
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from entitylink.errors import UsageError
from entitylink.models import Document

__all__ = [
    "LABELSTUDIO_CONFIG",
    "conll",
    "displacy_doc",
    "labelstudio_task",
    "spacy_docbin",
    "spacy_record",
    "utf16_offsets",
]

_LABELS = ("stock", "index", "board", "fund", "bond", "future", "organization")

LABELSTUDIO_CONFIG = "\n".join([
    "<View>",
    '  <Labels name="label" toName="text">',
    *[f'    <Label value="{k}"/>' for k in _LABELS],
    "  </Labels>",
    '  <Text name="text" value="$text"/>',
    "</View>",
    "",
])
"""The Label Studio labeling config that fits the tasks (``entitylink labelstudio-config``)."""


DOCSTART = "-DOCSTART- -X- O O"  # exactly this: spacy convert splits documents on it


def label(kind: str) -> str:
    """The NER label of a kind in the trainer formats (``stock`` → ``STOCK``)."""
    return kind.upper()


def _column(value: str | None) -> str:
    """A CoNLL column value: never empty, never whitespace inside."""
    return re.sub(r"\s+", "_", value) if value else "_"


def conll(doc: Document) -> str:
    """The CoNLL-2003 lines of one article: ``-DOCSTART-``, blank, sentences, each ended by a blank line."""
    labels: dict[int, tuple[str, str]] = {}
    for m in doc.mention_rows():
        for i in range(m.start, m.end):
            labels[i] = ("B-" if i == m.start else "I-") + label(m.kind), _column(m.secid)
    lines = [DOCSTART, ""]
    open_sentence = False
    for i, ch in enumerate(doc.text):
        if ch.isspace():
            if ch in "\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85" and open_sentence:
                lines.append("")
                open_sentence = False
            continue
        tag, secid = labels.get(i, ("O", "_"))
        if tag.startswith("I-") and not open_sentence:  # a mention across a line break starts again
            tag = "B-" + tag[2:]
        lines.append(f"{ch} -X- {secid} {tag}")
        open_sentence = True
    if open_sentence:
        lines.append("")
    return "\n".join(lines) + "\n"


def displacy_doc(doc: Document) -> dict[str, Any]:
    """displaCy's manual dict ``{"text", "ents", "title"}`` plus ``article_id`` and ``path``."""
    return {**doc.to_displacy(), "article_id": doc.article_id, "path": doc.path}


def spacy_record(doc: Document) -> dict[str, Any]:
    """What a Doc of the DocBin is made of (plain data: rendered in workers, built in the writer)."""
    return {
        "text": doc.text,
        "ents": [(m.start, m.end, label(m.kind), m.secid or "") for m in doc.mention_rows()],
        "user_data": {"article_id": doc.article_id, "path": doc.path, "title": doc.title, "url": doc.url,
                      "date": doc.date.isoformat() if doc.date else None},
    }


def require_spacy():
    """``spacy``, or ``UsageError`` saying how to install it."""
    try:
        import spacy
    except ImportError:
        raise UsageError("--format spacy needs spaCy: pip install 'entitylink[formats]' (no model is needed)") from None
    return spacy


_VOCAB: list[Any] = []


def _make_doc(record: dict[str, Any]):
    """A spaCy Doc with one token per character (``doc.text`` is the article's text, offsets kept)."""
    spacy = require_spacy()
    from spacy.tokens import Doc

    if not _VOCAB:
        _VOCAB.append(spacy.blank("xx").vocab)
    text = record["text"]
    doc = Doc(_VOCAB[0], words=list(text), spaces=[False] * len(text)) if text else Doc(_VOCAB[0], words=[])
    spans = []
    for start, end, lab, kb_id in record["ents"]:
        span = doc.char_span(start, end, label=lab, kb_id=kb_id)
        if span is None:  # pragma: no cover - one token per character always aligns
            raise ValueError(f"mention {start}:{end} does not align with the tokens")
        spans.append(span)
    doc.ents = spans
    for key, value in record["user_data"].items():
        doc.user_data[key] = value
    return doc


def spacy_docbin(records: list[dict[str, Any]]) -> bytes:
    """The ``.spacy`` bytes of a DocBin holding one Doc per record of ``spacy_record``."""
    require_spacy()
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    for record in records:
        docbin.add(_make_doc(record))
    return docbin.to_bytes()


def join_docbins(parts: list[bytes]) -> bytes:
    """One DocBin of the Docs of several, in order."""
    require_spacy()
    from spacy.tokens import DocBin

    joined = DocBin(store_user_data=True)
    for data in parts:
        joined.merge(DocBin(store_user_data=True).from_bytes(data))
    return joined.to_bytes()


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_offsets(text: str, offsets: list[int]) -> list[int]:
    """Code point offsets of ``text`` as UTF-16 code units (what JavaScript and Label Studio count).

    >>> utf16_offsets("😀光明", [1, 3])
    [2, 4]
    """
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    return [i + bisect.bisect_left(astral, i) for i in offsets]


def labelstudio_task(doc: Document) -> dict[str, Any]:
    """One Label Studio task with the mentions as predictions (offsets in UTF-16 units)."""
    from entitylink._version import __version__

    mentions = doc.mention_rows()
    points = utf16_offsets(doc.text, [p for m in mentions for p in (m.start, m.end)])
    result = []
    for i, m in enumerate(mentions):
        result.append({
            "id": f"m{i}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": points[2 * i], "end": points[2 * i + 1], "text": m.surface, "labels": [m.kind]},
            "meta": {"secid": m.secid, "code": m.code, "name": m.name, "method": m.method,
                     "confidence": m.confidence, "start": m.start, "end": m.end},
        })
    score = min((m.confidence for m in mentions), default=1.0)
    return {
        "data": {"text": doc.text, "article_id": doc.article_id, "path": doc.path, "title": doc.title},
        "predictions": [{"model_version": f"entitylink-{__version__}", "score": score, "result": result}],
    }
