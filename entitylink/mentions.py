"""What a Document is made of: ``Security``, ``Mention``, ``Entity`` (frozen pydantic v2 models).

``Mention`` is one stretch of an article's plain text that names a security (or,
opt-in, an unlisted organisation); ``Entity`` is one security in one article with
its mentions aggregated; ``Security`` one security as the dictionary knows it.
``models.Document`` holds them; ``columns`` derives the record columns from them.
Imports nothing of entitylink: ``models`` and ``columns`` import it, so neither
needs the other to know the fields.

    >>> Mention(start=0, end=2, surface="茅台", kind="stock", method="dictionary", confidence=1.0).end
    2
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["ENTITY_FIELDS", "Entity", "Kind", "Mention", "Method", "Security"]

Kind = Literal["stock", "board", "index", "fund", "bond", "future", "organization"]
Method = Literal["tag", "dictionary", "alias", "propagated", "code", "segmentation"]

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
        """The mention as a flat dict (``evidence``/``flags`` as lists of strings)."""
        d = self.model_dump()
        d["evidence"] = list(self.evidence)
        d["flags"] = list(self.flags)
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
        """The entity as a flat dict (``surfaces``/``methods`` as lists of strings)."""
        d = self.model_dump()
        d["surfaces"] = list(self.surfaces)
        d["methods"] = list(self.methods)
        return d


# An entity inside an article record: the entity record without the head.
ENTITY_FIELDS: tuple[str, ...] = tuple(Entity.model_fields)
