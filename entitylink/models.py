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
import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from entitylink.mention_table import MentionTable

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


class MentionRow(NamedTuple):
    """A mention as the linker holds it: the fields of ``Mention``, in order, in one tuple.

    About 180 bytes against 1.5 KB for the model; the writers serialise it as it is
    and ``Document.mentions`` makes the models of a linked article on first access.

    >>> MentionRow(0, 4, "光明乳业", "1.600597", "600597", 1, "SH", "stock", "光明乳业", "tag", 1.0).secid
    '1.600597'
    """

    start: int
    end: int
    surface: str
    secid: str | None
    code: str | None
    market: int | None
    exchange: str | None
    kind: Kind
    name: str | None
    method: Method
    confidence: float
    evidence: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    source_start: int | None = None
    source_end: int | None = None


class EntityRow(NamedTuple):
    """An entity as the linker holds it: the fields of ``Entity``, in order, in one tuple."""

    secid: str | None
    code: str | None
    market: int | None
    exchange: str | None
    kind: Kind
    name: str | None
    mention_count: int
    first_start: int
    in_title: bool
    tagged: bool
    salience: float
    confidence: float
    surfaces: tuple[str, ...]
    methods: tuple[str, ...]


_MISSING = object()  # a field not in an instance's __dict__


def _model(cls: Any, names: tuple[str, ...], values: Sequence[Any]) -> Any:
    """A model of ``cls`` holding ``values`` as they are (trusted: the linker built them), without
    validation: what ``model_construct`` does, a tenth of its cost."""
    m = cls.__new__(cls)
    object.__setattr__(m, "__dict__", dict(zip(names, values)))
    object.__setattr__(m, "__pydantic_fields_set__", set(names))
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


def mention_row(m: Mention | MentionRow) -> MentionRow:
    """The row of a mention: itself when it is one, else its model's fields in order.

    >>> row = MentionRow(0, 4, "光明乳业", "1.600597", "600597", 1, "SH", "stock", "光明乳业", "tag", 1.0)
    >>> mention_row(row) is row, mention_row(Mention(**row._asdict())) == row
    (True, True)
    """
    return m if type(m) is MentionRow else MentionRow._make(_MENTION_VALUES(m))


def mention_table(rows: Iterable[MentionRow] = ()) -> MentionTable:
    """A ``MentionTable`` of ``MentionRow``s: how a linked document holds its mentions."""
    return MentionTable(MentionRow._make, rows)


def record_values(row: Sequence[Any]) -> list[Any]:
    """The values of a mention or entity row as its record holds them: its tuples (of strings:
    ``evidence``, ``flags``, ``surfaces``, ``methods``) as lists.

    >>> record_values(MentionRow(0, 2, "茅台", None, None, None, None, "stock", None, "alias", 0.5, ("a",)))[11:13]
    [['a'], []]
    """
    return [list(v) if type(v) is tuple else v for v in row]


class Document(_Frozen):
    """An article: metadata, plain text, mentions (sorted, non-overlapping), entities.

    A linked document (``Document.from_rows``, what ``Linker.link`` returns) holds its
    mentions and entities as rows and makes the models the first time ``mentions`` or
    ``entities`` is read (or the document is compared, dumped, hashed or printed); the
    writers read the rows (``mention_rows``, ``entity_rows``) and never make them.

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

    @classmethod
    def from_rows(cls, mentions: Iterable[MentionRow], entities: Iterable[EntityRow], **fields: Any) -> Document:
        """A linked document: ``fields`` (the article's metadata and text) validated, the mention
        and entity rows taken as they are (the linker built them: sorted, no overlap, each
        surface the text at its span); their models are made on first access.

        >>> row = MentionRow(2, 6, "光明乳业", "1.600597", "600597", 1, "SH", "stock", "光明乳业", "tag", 1.0)
        >>> doc = Document.from_rows([row], [], article_id="a", text="买入光明乳业")
        >>> doc.mention_rows()[0].surface, doc.mentions[0].surface
        ('光明乳业', '光明乳业')
        """
        doc = cls(**fields)
        # a MentionTable (what the linker builds: a few bytes a mention) is kept as it is
        rows = (mentions if isinstance(mentions, MentionTable) else tuple(mentions), tuple(entities))
        if rows[0] or rows[1]:
            # The rows wait in pydantic's slot for private state (copies and pickles carry it,
            # equality compares it: it is None again once the models are made).
            del doc.__dict__["mentions"], doc.__dict__["entities"]
            object.__setattr__(doc, "__pydantic_private__", {"rows": rows})
        doc.__pydantic_fields_set__.update(("mentions", "entities"))
        return doc

    def _lazy(self) -> tuple[Sequence[MentionRow], tuple[EntityRow, ...]] | None:
        """The (mention rows, entity rows) whose models are not made yet, else None."""
        private = self.__pydantic_private__
        return private.get("rows") if private else None

    def _build(self) -> None:
        """Make the models of the rows not made yet (a field given to ``model_copy`` stays)."""
        rows = self._lazy()
        if rows is None:
            return
        fields = dict(self.__dict__)
        if "mentions" not in fields:
            fields["mentions"] = tuple([_model(Mention, _MENTION_FIELDS, r) for r in rows[0]])
        if "entities" not in fields:
            fields["entities"] = tuple([_model(Entity, ENTITY_FIELDS, r) for r in rows[1]])
        # in the order of the fields, as validation leaves them (dumps and reprs follow it)
        object.__setattr__(self, "__dict__", {name: fields[name] for name in type(self).model_fields})
        object.__setattr__(self, "__pydantic_private__", None)

    def mention_rows(self) -> Sequence[MentionRow]:
        """The mentions as ``MentionRow`` tuples, without making their models (what writers read).

        >>> Document(article_id="x", text="").mention_rows()
        ()
        """
        rows = self._lazy()
        if rows is not None and "mentions" not in self.__dict__:
            return rows[0]
        return tuple([mention_row(m) for m in self.mentions])

    def entity_rows(self) -> Sequence[EntityRow]:
        """The entities as ``EntityRow`` tuples, without making their models (what writers read)."""
        rows = self._lazy()
        if rows is not None and "entities" not in self.__dict__:
            return rows[1]
        return tuple([EntityRow(*_ENTITY_VALUES(e)) for e in self.entities])

    if not TYPE_CHECKING:
        # Every path that reads the fields as a whole makes the lazy ones first.

        def __getattr__(self, name: str) -> Any:
            if name in ("mentions", "entities"):
                if self._lazy() is not None:
                    self._build()
                # read again: another thread may have made the models since this one missed them
                value = self.__dict__.get(name, _MISSING)
                if value is not _MISSING:
                    return value
            return super().__getattr__(name)

        def __eq__(self, other: Any) -> bool:
            if isinstance(other, Document):
                self._build()
                other._build()
            return super().__eq__(other)

    def __hash__(self) -> int:
        self._build()
        return hash(_DOCUMENT_VALUES(self.__dict__))

    def __iter__(self):
        self._build()
        return super().__iter__()

    def __repr_args__(self):
        self._build()
        return super().__repr_args__()

    @model_serializer(mode="wrap")
    def _serialize(self, handler):
        self._build()
        return handler(self)

    def to_records(self, level: Literal["mention", "entity"] = "mention") -> list[dict[str, Any]]:
        """Flat dicts, one per mention (or entity), with ``path`` and ``article_id``.

        >>> Document(article_id="x", text="").to_records("entity")
        []
        """
        head = {"path": self.path, "article_id": self.article_id}
        names = _MENTION_FIELDS if level == "mention" else ENTITY_FIELDS
        rows: Sequence[Any] = self.mention_rows() if level == "mention" else self.entity_rows()
        return [{**head, **dict(zip(names, record_values(row)))} for row in rows]

    def to_frame(self, level: Literal["mention", "entity"] = "mention"):
        """The records as a pandas DataFrame with fixed columns (empty frames too).

        >>> Document(article_id="x", text="").to_frame().columns[0]
        'path'
        """
        from entitylink.columns import records_frame

        return records_frame(self.to_records(level), level)

    def to_displacy(self) -> dict[str, Any]:
        """The ``{"text", "ents", "title"}`` dict that ``displacy.render(..., manual=True)`` shows.

        >>> Document(article_id="x", text="").to_displacy()["ents"]
        []
        """
        ents = [
            {"start": m.start, "end": m.end, "label": m.kind.upper(), "kb_id": m.secid or ""}
            for m in self.mention_rows()
        ]
        return {"text": self.text, "ents": ents, "title": self.title}

    def _repr_html_(self) -> str:
        from entitylink.display import render_html

        return render_html(self)


# An entity inside an article record: the entity record without the head.
ENTITY_FIELDS: tuple[str, ...] = tuple(Entity.model_fields)
_MENTION_FIELDS: tuple[str, ...] = tuple(Mention.model_fields)
_MENTION_VALUES = operator.attrgetter(*_MENTION_FIELDS)
_ENTITY_VALUES = operator.attrgetter(*ENTITY_FIELDS)
_DOCUMENT_VALUES = operator.itemgetter(*Document.model_fields)
