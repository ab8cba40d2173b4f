"""The records entitylink returns: frozen pydantic v2 models.

``Mention`` is one stretch of an article's plain text that names a security (or,
opt-in, an unlisted organisation); ``Entity`` is one security in one article with
its mentions aggregated; ``Document`` is the article with its text, metadata,
mentions and entities. Offsets are half-open, in code points of ``Document.text``.

    >>> doc = Document(article_id="a", text="买入光明乳业", mentions=())
    >>> doc.to_records()
    []
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["stock", "board", "index", "fund", "bond", "future", "organization"]
Method = Literal["tag", "dictionary", "alias", "propagated", "code", "segmentation"]

MENTION_COLUMNS: tuple[str, ...] = (
    "path",
    "article_id",
    "start",
    "end",
    "surface",
    "secid",
    "code",
    "market",
    "exchange",
    "kind",
    "name",
    "method",
    "confidence",
    "evidence",
    "flags",
    "source_start",
    "source_end",
)

ENTITY_COLUMNS: tuple[str, ...] = (
    "path",
    "article_id",
    "secid",
    "code",
    "market",
    "exchange",
    "kind",
    "name",
    "mention_count",
    "first_start",
    "in_title",
    "tagged",
    "salience",
    "confidence",
    "surfaces",
    "methods",
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Security(_Frozen):
    """One security (or board, or index) as the dictionary knows it.

    >>> Security(secid="1.600597", code="600597", market=1, exchange="SH", kind="stock", name="光明乳业").code
    '600597'
    """

    secid: str
    code: str
    market: int
    exchange: str
    kind: Kind
    name: str


class Mention(_Frozen):
    """One mention: ``text[start:end] == surface``, linked to ``secid`` (or not).

    ``method`` says how it was found (``tag``: a publisher's span tag;
    ``dictionary``: a current name; ``alias``: another name; ``propagated``: a
    short form licensed by an earlier mention; ``code``: a code written in text;
    ``segmentation``: an unlisted organisation). ``evidence`` lists what the
    decision rested on; ``flags`` marks oddities such as ``partial_word`` (a tag
    that covers part of a longer word) kept as published.

    >>> m = Mention(start=0, end=4, surface="光明乳业", secid="1.600597", kind="stock", method="tag", confidence=1.0)
    >>> m.end - m.start
    4
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    surface: str = Field(min_length=1)
    secid: str | None = None
    code: str | None = None
    market: int | None = None
    exchange: str | None = None
    kind: Kind
    name: str | None = None
    method: Method
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    source_start: int | None = None
    source_end: int | None = None

    @model_validator(mode="after")
    def _check_span(self) -> Mention:
        if self.end - self.start != len(self.surface):
            raise ValueError(
                f"mention {self.surface!r}: end - start = {self.end - self.start}, "
                f"but the surface has {len(self.surface)} characters"
            )
        return self

    def record(self) -> dict[str, Any]:
        """The mention as a flat dict (tuples joined with ``|``)."""
        d = self.model_dump()
        d["evidence"] = "|".join(self.evidence)
        d["flags"] = "|".join(self.flags)
        return d


class Entity(_Frozen):
    """One security in one article, with its mentions aggregated.

    ``salience`` in [0, 1] grows with the mention count, an early first mention,
    a mention in the title and a publisher tag.

    >>> Entity(secid="1.600597", kind="stock", mention_count=2, first_start=5).mention_count
    2
    """

    secid: str | None
    code: str | None = None
    market: int | None = None
    exchange: str | None = None
    kind: Kind
    name: str | None = None
    mention_count: int = Field(ge=1)
    first_start: int = Field(ge=0)
    in_title: bool = False
    tagged: bool = False
    salience: float = Field(default=0.0, ge=0.0, le=1.0)
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    surfaces: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()

    def record(self) -> dict[str, Any]:
        """The entity as a flat dict (tuples joined with ``|``)."""
        d = self.model_dump()
        d["surfaces"] = "|".join(self.surfaces)
        d["methods"] = "|".join(self.methods)
        return d


class Document(_Frozen):
    """An article: metadata, plain text, mentions (sorted, non-overlapping), entities.

    >>> doc = Document(article_id="x", text="光明乳业涨停")
    >>> doc.text
    '光明乳业涨停'
    """

    article_id: str
    path: str | None = None
    title: str | None = None
    date: _dt.datetime | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    text: str
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    warnings: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check_mentions(self) -> Document:
        last_end = -1
        for m in self.mentions:
            if m.end > len(self.text) or self.text[m.start : m.end] != m.surface:
                raise ValueError(
                    f"article {self.article_id}: mention {m.surface!r} at "
                    f"{m.start}:{m.end} does not match the text"
                )
            if m.start < last_end:
                raise ValueError(
                    f"article {self.article_id}: mention {m.surface!r} at "
                    f"{m.start}:{m.end} overlaps the one before it"
                )
            last_end = m.end
        return self

    def to_records(self, level: Literal["mention", "entity"] = "mention") -> list[dict[str, Any]]:
        """Flat dicts, one per mention (or entity), with ``path`` and ``article_id``.

        >>> Document(article_id="x", text="").to_records("entity")
        []
        """
        head = {"path": self.path, "article_id": self.article_id}
        items = self.mentions if level == "mention" else self.entities
        return [{**head, **item.record()} for item in items]

    def to_frame(self, level: Literal["mention", "entity"] = "mention"):
        """The records as a pandas DataFrame with fixed columns (empty frames too).

        >>> Document(article_id="x", text="").to_frame().columns[0]
        'path'
        """
        from entitylink.write.frames import records_frame

        return records_frame(self.to_records(level), level)

    def to_displacy(self) -> dict[str, Any]:
        """The ``{"text", "ents", "title"}`` dict that ``displacy.render(..., manual=True)`` shows.

        >>> Document(article_id="x", text="").to_displacy()["ents"]
        []
        """
        ents = [
            {"start": m.start, "end": m.end, "label": m.kind.upper(), "kb_id": m.secid or ""}
            for m in self.mentions
        ]
        return {"text": self.text, "ents": ents, "title": self.title}

    def _repr_html_(self) -> str:
        from entitylink.display import render_html

        return render_html(self)
