"""The records entitylink returns: frozen pydantic v2 models.

``Mention`` is one stretch of an article's plain text that names a security (or,
opt-in, an unlisted organisation); ``Entity`` is one security in one article with
its mentions aggregated; ``Document`` is the article with its text, metadata,
mentions and entities. Offsets are half-open, in code points of ``Document.text``.
``Security``, ``Mention`` and ``Entity`` are defined in ``mentions`` (this module
gives them too); the rows the linker holds and ``Document`` are defined here.

Imports only the top-level modules below it: ``mentions``, ``columns`` (for
``to_frame``) and ``display`` (for ``_repr_html_``); none of them imports this one.

    >>> doc = Document(article_id="a", text="买入光明乳业", mentions=())
    >>> doc.to_records()
    []
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import model_serializer, model_validator

from entitylink.columns import records_frame
from entitylink.display import render_html
from entitylink.mention_table import MentionTable
from entitylink.mentions import ENTITY_FIELDS, Entity, Kind, Mention, Method, Security, _Frozen

__all__ = ["ENTITY_FIELDS", "Document", "Entity", "EntityRow", "Kind", "Mention", "MentionRow", "Method", "Security",
           "mention_row", "record_values"]

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
        return render_html(self)


_MENTION_FIELDS: tuple[str, ...] = tuple(Mention.model_fields)
_MENTION_VALUES = operator.attrgetter(*_MENTION_FIELDS)
_ENTITY_VALUES = operator.attrgetter(*ENTITY_FIELDS)
_DOCUMENT_VALUES = operator.itemgetter(*Document.model_fields)
