"""Writers for linked documents: records (JSONL, CSV, Parquet) and downstream formats.

Every writer turns one ``Document`` into one self-contained piece (``render``),
so a batch can render in worker processes, concatenate the pieces in input
order and journal them chunk by chunk (see ``entitylink.batch.run``).

Levels of the record formats (``jsonl``, ``csv``, ``parquet``):

- ``mention``: one record per mention, columns ``MENTION_COLUMNS`` (path,
  article_id, start, end, surface, secid, code, market, exchange, kind, name,
  method, confidence, evidence, flags, source_start, source_end);
- ``entity``: one record per security per article, ``ENTITY_COLUMNS``;
- ``article``: one record per article, ``ARTICLE_COLUMNS`` (path, article_id,
  title, date, url, text_length, mention_count, entity_count, entities).

The three formats hold the same records: same columns in the same order, same
values. ``evidence``/``flags`` (and an entity's ``surfaces``/``methods``) are
strings joined with ``|`` everywhere. ``date`` is an ISO 8601 string with its
offset. ``entities`` of the article level is a list of entity records (without
path and article_id): a JSON list in JSONL, a list of structs in Parquet, and a
JSON string in CSV. In CSV a missing value (``null``) is an empty field and
booleans are ``true``/``false``.

Downstream formats (one piece per article, the level must be ``mention``):

- ``conll``: character-level BIO. Per article a comment line ``# PATH
  ARTICLE_ID``, then one line per character of the text, ``CHAR<TAB>LABEL``,
  with labels ``O``, ``B-<kind>|<secid>`` and ``I-<kind>|<secid>`` (an
  unlinked organisation: ``B-organization``), then a blank line. Whitespace
  characters are written as ``\\uXXXX`` escapes (``\\u000a`` for a newline), so
  every line has exactly one token and offsets stay character offsets.
- ``spacy``: one JSON line per article, the displaCy manual format
  ``{"text", "ents": [{"start", "end", "label", "kb_id"}], "title"}``
  (``label`` is the kind in capitals, ``kb_id`` the secid).
- ``labelstudio``: a JSON list of Label Studio tasks, each
  ``{"data": {"text", "article_id", "path", "title"}, "predictions":
  [{"model_version", "score", "result": [...]}]}`` with result items
  ``{"id", "from_name": "label", "to_name": "text", "type": "labels",
  "value": {"start", "end", "text", "labels": [kind]}, "meta": {"secid",
  "code", "name", "method", "confidence"}}``. The labeling config that fits::

      <View>
        <Labels name="label" toName="text">
          <Label value="stock"/>
          <Label value="index"/>
          <Label value="board"/>
          <Label value="fund"/>
          <Label value="bond"/>
          <Label value="future"/>
          <Label value="organization"/>
        </Labels>
        <Text name="text" value="$text"/>
      </View>

    >>> from entitylink.models import Document, Mention
    >>> m = Mention(start=2, end=6, surface="光明乳业", secid="1.600597", kind="stock", method="tag", confidence=1.0)
    >>> doc = Document(article_id="a", path="a.md", text="买入光明乳业", mentions=(m,))
    >>> conll(doc).splitlines()[3]
    '光\\tB-stock|1.600597'
"""

from __future__ import annotations

import csv
import io
import json
import operator
import os
from collections.abc import Iterable
from typing import Any

from entitylink.errors import OutputError, UsageError
from entitylink.models import columns as model_columns
from entitylink.models import ARTICLE_COLUMNS, COLUMN_TYPES, ENTITY_COLUMNS, ENTITY_FIELDS, LEVELS, MENTION_COLUMNS, Document

__all__ = [
    "ARTICLE_COLUMNS",
    "FORMATS",
    "LEVELS",
    "RECORD_FORMATS",
    "article_record",
    "columns",
    "conll",
    "csv_header",
    "encode_csv",
    "encode_jsonl",
    "labelstudio_task",
    "parquet_schema",
    "records",
    "render",
    "require_pyarrow",
    "spacy_doc",
    "write_documents",
    "write_parquet",
]

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "conll", "spacy", "labelstudio")
RECORD_FORMATS: frozenset[str] = frozenset({"jsonl", "csv", "parquet"})



def columns(level: str) -> tuple[str, ...]:
    """The record columns of ``mention``, ``entity`` or ``article`` (``UsageError`` for another level)."""
    try:
        return model_columns(level)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def article_record(doc: Document) -> dict[str, Any]:
    """One record for the whole article (the ``article`` level).

    >>> article_record(Document(article_id="x", text="abc"))["text_length"]
    3
    """
    entities = [{k: v for k, v in e.record().items() if k in ENTITY_FIELDS} for e in doc.entities]
    return {
        "path": doc.path,
        "article_id": doc.article_id,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "url": doc.url,
        "text_length": len(doc.text),
        "mention_count": len(doc.mentions),
        "entity_count": len(doc.entities),
        "entities": entities,
    }


# Record columns whose model field is a tuple, written as one string joined with
# "|" (as ``Mention.record`` and ``Entity.record`` give them).
_JOINED = frozenset({"evidence", "flags", "surfaces", "methods"})


def _reader(cols: tuple[str, ...]) -> tuple[tuple[str, ...], Any, tuple[str, ...]]:
    """(fields, a getter of them all, the fields to join) of the record columns after path and article_id."""
    fields = cols[2:]
    return fields, operator.attrgetter(*fields), tuple(f for f in fields if f in _JOINED)


_READERS = {"mention": _reader(MENTION_COLUMNS), "entity": _reader(ENTITY_COLUMNS)}


def records(doc: Document, level: str = "mention") -> list[dict[str, Any]]:
    """The records of one document at ``level``, each with exactly ``columns(level)``.

    The same dicts as ``doc.to_records(level)`` reduced to the columns, read
    straight from the fields: a ``model_dump`` per mention was a quarter of
    writing a batch's output.
    """
    if level == "article":
        return [article_record(doc)]
    if level not in _READERS:
        columns(level)  # raises UsageError
    fields, get, joined = _READERS[level]
    head = {"path": doc.path, "article_id": doc.article_id}
    out = []
    for item in doc.mentions if level == "mention" else doc.entities:
        rec = {**head, **dict(zip(fields, get(item)))}
        for f in joined:
            rec[f] = "|".join(rec[f])
        out.append(rec)
    return out


# json.dumps(r, ensure_ascii=False) builds an encoder per call; one, shared, gives the same text.
_JSON = json.JSONEncoder(ensure_ascii=False)


def encode_jsonl(recs: Iterable[dict[str, Any]]) -> bytes:
    """Records as UTF-8 JSON lines."""
    encode = _JSON.encode
    return "".join([encode(r) + "\n" for r in recs]).encode("utf-8")


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_header(level: str) -> bytes:
    """The CSV header row of ``level``."""
    return encode_csv([], level, header=True)


def encode_csv(recs: Iterable[dict[str, Any]], level: str, *, header: bool = False) -> bytes:
    """Records as UTF-8 CSV rows (``\\r\\n`` line ends, as the csv module writes them)."""
    cols = columns(level)
    buf = io.StringIO()
    w = csv.writer(buf)
    if header:
        w.writerow(cols)
    for r in recs:
        w.writerow([_csv_value(r.get(c)) for c in cols])
    return buf.getvalue().encode("utf-8")


_WS_TRANSLATE = {c: f"\\u{c:04x}" for c in range(0x10000) if chr(c).isspace()}


def conll(doc: Document) -> str:
    """Character-level BIO lines of one article, comment line first, blank line last."""
    labels = ["O"] * len(doc.text)
    for m in doc.mentions:
        tail = f"{m.kind}|{m.secid}" if m.secid else m.kind
        labels[m.start] = f"B-{tail}"
        for i in range(m.start + 1, m.end):
            labels[i] = f"I-{tail}"
    head = f"# {doc.path or ''} {doc.article_id}".replace("\n", " ").replace("\r", " ")
    lines = [head]
    for ch, label in zip(doc.text, labels):
        lines.append(f"{ch.translate(_WS_TRANSLATE)}\t{label}")
    return "\n".join(lines) + "\n\n"


def spacy_doc(doc: Document) -> dict[str, Any]:
    """The displaCy manual dict ``{"text", "ents", "title"}`` of one article."""
    return doc.to_displacy()


def labelstudio_task(doc: Document) -> dict[str, Any]:
    """One Label Studio task with the mentions as predictions (see the module docstring)."""
    from entitylink._version import __version__

    result = []
    for i, m in enumerate(doc.mentions):
        result.append({
            "id": f"m{i}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": m.start, "end": m.end, "text": m.surface, "labels": [m.kind]},
            "meta": {"secid": m.secid, "code": m.code, "name": m.name, "method": m.method,
                     "confidence": m.confidence},
        })
    score = min((m.confidence for m in doc.mentions), default=1.0)
    return {
        "data": {"text": doc.text, "article_id": doc.article_id, "path": doc.path, "title": doc.title},
        "predictions": [{"model_version": f"entitylink-{__version__}", "score": score, "result": result}],
    }


def check(fmt: str, level: str) -> None:
    """``UsageError`` unless ``fmt`` and ``level`` fit together."""
    if fmt not in FORMATS:
        raise UsageError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    columns(level)
    if fmt not in RECORD_FORMATS and level != "mention":
        raise UsageError(f"--format {fmt} writes whole articles; --level {level} applies to jsonl, csv and parquet only")


def render(doc: Document, fmt: str, level: str = "mention") -> tuple[Any, int]:
    """One document's piece of the output and how many items it holds.

    The piece is bytes for ``jsonl``/``csv``/``conll``/``spacy``, a list of
    records for ``parquet``, and the task's JSON bytes (no separator) for
    ``labelstudio``.
    """
    if fmt == "jsonl":
        recs = records(doc, level)
        return encode_jsonl(recs), len(recs)
    if fmt == "csv":
        recs = records(doc, level)
        return encode_csv(recs, level), len(recs)
    if fmt == "parquet":
        recs = records(doc, level)
        return recs, len(recs)
    if fmt == "conll":
        return conll(doc).encode("utf-8"), 1
    if fmt == "spacy":
        return (json.dumps(spacy_doc(doc), ensure_ascii=False) + "\n").encode("utf-8"), 1
    if fmt == "labelstudio":
        return json.dumps(labelstudio_task(doc), ensure_ascii=False).encode("utf-8"), 1
    raise UsageError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def header(fmt: str, level: str) -> bytes:
    """What a text output starts with (the CSV header row, ``[`` of the Label Studio list)."""
    if fmt == "csv":
        return csv_header(level)
    if fmt == "labelstudio":
        return b"["
    return b""


def joiner(fmt: str, written_before: int) -> bytes:
    """What goes before one item (``,`` between Label Studio tasks)."""
    if fmt == "labelstudio":
        return b",\n" if written_before else b"\n"
    return b""


def footer(fmt: str, written: int) -> bytes:
    """What a text output ends with (``]`` of the Label Studio list)."""
    if fmt == "labelstudio":
        return b"\n]\n" if written else b"]\n"
    return b""


# -- Parquet (optional: pip install 'entitylink[parquet]') -------------------


def require_pyarrow():
    """``pyarrow.parquet``, or ``UsageError`` saying how to install it."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("--format parquet needs pyarrow: pip install 'entitylink[parquet]'") from None
    return pq


def _arrow_type(pa, name: str):
    return {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}.get(COLUMN_TYPES[name], pa.string())


def parquet_schema(level: str):
    """The fixed Arrow schema of ``level`` (every chunk and an empty file alike)."""
    require_pyarrow()
    import pyarrow as pa

    fields = []
    for name in columns(level):
        if name == "entities":
            entity = pa.struct([pa.field(n, _arrow_type(pa, n)) for n in ENTITY_FIELDS])
            fields.append(pa.field(name, pa.list_(entity)))
        else:
            fields.append(pa.field(name, _arrow_type(pa, name)))
    return pa.schema(fields)


def parquet_table(recs: list[dict[str, Any]], level: str):
    """Records as an Arrow table of ``parquet_schema(level)``."""
    import pyarrow as pa

    return pa.Table.from_pylist(recs, schema=parquet_schema(level))


def write_parquet(recs: Iterable[dict[str, Any]], path: str | os.PathLike, level: str) -> None:
    """Write records to one Parquet file (replaced atomically)."""
    pq = require_pyarrow()
    path = os.fspath(path)
    tmp = f"{path}.entitylink-tmp"
    try:
        pq.write_table(parquet_table(list(recs), level), tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", source=path) from None


def write_documents(docs: Iterable[Document], path: str | os.PathLike, fmt: str = "jsonl",
                    level: str = "mention") -> int:
    """Write documents to ``path`` in ``fmt`` (the library twin of ``annotate -o``); returns items written.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "out.jsonl")
    >>> write_documents([Document(article_id="x", text="abc")], p, "jsonl", "article")
    1
    """
    check(fmt, level)
    path = os.fspath(path)
    if fmt == "parquet":
        recs: list[dict[str, Any]] = []
        for d in docs:
            recs.extend(records(d, level))
        write_parquet(recs, path, level)
        return len(recs)
    written = 0
    tmp = f"{path}.entitylink-tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(header(fmt, level))
            for d in docs:
                piece, n = render(d, fmt, level)
                if n:
                    f.write(joiner(fmt, written))
                f.write(piece)
                written += n
            f.write(footer(fmt, written))
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", source=path) from None
    return written
