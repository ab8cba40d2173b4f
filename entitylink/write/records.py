"""Writers and readers of the records (JSONL, CSV, Parquet), and the writer of every format.

Imports the top level (``columns``, ``models``, ``errors``) and ``write/`` itself.

Every writer turns one ``Document`` into one self-contained piece (``render``),
so a batch can render in worker processes, concatenate the pieces in input
order and journal them chunk by chunk (see ``entitylink.batch.run``). The
downstream formats (CoNLL, spaCy, displaCy, Label Studio) are in
``entitylink.write.formats``; ``docs/formats.md`` describes every field.

Levels of the record formats (``jsonl``, ``csv``, ``parquet``), their columns and
types from ``columns.COLUMN_TYPES`` (one table):

- ``mention``: one record per mention (``MENTION_COLUMNS``);
- ``entity``: one record per security per article (``ENTITY_COLUMNS``);
- ``article``: one record per article (``ARTICLE_COLUMNS``), its ``entities``
  the entity records without path and article_id.

The three formats hold the same records, with the same columns in the same
order. List columns (``evidence``, ``flags``, ``surfaces``, ``methods``) are
JSON arrays in JSONL, ``list<string>`` in Parquet and items joined with ``|``
in CSV. ``date`` is an ISO 8601 string with its offset in JSONL and CSV, a UTC
``timestamp`` in Parquet. ``entities`` is a JSON list in JSONL, a list of
structs in Parquet, a JSON string in CSV. In CSV a null is an empty field and
booleans are ``true``/``false``. ``read_records`` reads any of them back into a
DataFrame with the right dtypes (``pd.read_csv`` would turn ``000858`` into 858).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from entitylink.columns import ARTICLE_COLUMNS, COLUMN_TYPES, LEVELS, LIST_SEPARATOR, NULLABLE, records_frame
from entitylink.columns import columns as model_columns
from entitylink.errors import OutputError, UsageError
from entitylink.models import ENTITY_FIELDS, Document, record_values
from entitylink.write import formats, rows

__all__ = [
    "ARTICLE_COLUMNS",
    "FORMATS",
    "LEVELS",
    "PART_FORMATS",
    "RECORD_FORMATS",
    "article_record",
    "columns",
    "csv_header",
    "encode_csv",
    "encode_jsonl",
    "format_for",
    "parquet_schema",
    "records",
    "render",
    "require_pyarrow",
    "write_documents",
    "write_parquet",
]

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "conll", "spacy", "displacy", "labelstudio",
                            "labelstudio-jsonl")
RECORD_FORMATS: frozenset[str] = frozenset({"jsonl", "csv", "parquet"})
# Binary formats written as parts (one per chunk) and joined at the end: never to stdout.
PART_FORMATS: frozenset[str] = frozenset({"parquet", "spacy"})
BOM = b"\xef\xbb\xbf"
# The format an output file's name asks for when no format is given.
SUFFIX_FORMATS: dict[str, str] = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet", ".conll": "conll",
                                  ".spacy": "spacy"}


def format_for(output: str | None, fmt: str | None = None) -> str:
    """The output format: ``fmt`` when given, else the one the output file's suffix names
    (``.csv``, ``.parquet``, ``.conll``, ``.spacy``, ``.jsonl``; any letter case), else ``jsonl``.

    >>> format_for("mentions.CSV"), format_for("out.txt"), format_for("m.csv", "jsonl")
    ('csv', 'jsonl', 'jsonl')
    """
    if fmt:
        return fmt
    suffix = os.path.splitext(output or "")[1].lower()
    return SUFFIX_FORMATS.get(suffix, "jsonl")


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
    entities = [dict(zip(ENTITY_FIELDS, record_values(row))) for row in doc.entity_rows()]
    return {
        "path": doc.path,
        "article_id": doc.article_id,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "url": doc.url,
        "text_length": len(doc.text),
        "mention_count": len(doc.mention_rows()),
        "entity_count": len(entities),
        "entities": entities,
    }


# Mentions encoded at once when rendering: a long article's output is made a slice at a time.
RENDER_SLICE = 4096


def records(doc: Document, level: str = "mention") -> list[dict[str, Any]]:
    """The records of one document at ``level``, each with exactly ``columns(level)``.

    For mentions and entities, ``doc.to_records(level)`` (the records' columns are the head and
    the models' fields), read from the rows of the document: neither a model nor a
    ``model_dump`` per mention.
    """
    if level == "article":
        return [article_record(doc)]
    if level not in ("mention", "entity"):
        columns(level)  # raises UsageError
    return doc.to_records(level)  # type: ignore[arg-type]


# json.dumps(r, ensure_ascii=False) builds an encoder per call; one, shared, gives the same text.
_JSON = json.JSONEncoder(ensure_ascii=False)


def encode_jsonl(recs: Iterable[dict[str, Any]]) -> bytes:
    """Records as UTF-8 JSON lines."""
    encode = _JSON.encode
    return "".join([encode(r) + "\n" for r in recs]).encode("utf-8")


def _csv_value(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if COLUMN_TYPES[name] == "list":
        return LIST_SEPARATOR.join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_header(level: str, *, bom: bool = False) -> bytes:
    """The CSV header row of ``level`` (after a UTF-8 BOM with ``bom``, for Excel)."""
    return (BOM if bom else b"") + encode_csv([], level, header=True)


def encode_csv(recs: Iterable[dict[str, Any]], level: str, *, header: bool = False) -> bytes:
    """Records as UTF-8 CSV rows (``\\r\\n`` line ends, as the csv module writes them)."""
    cols = columns(level)
    buf = io.StringIO()
    w = csv.writer(buf)
    if header:
        w.writerow(cols)
    for r in recs:
        w.writerow([_csv_value(c, r.get(c)) for c in cols])
    return buf.getvalue().encode("utf-8")


def check(fmt: str, level: str) -> None:
    """``UsageError`` unless ``fmt`` and ``level`` fit together."""
    if fmt not in FORMATS:
        raise UsageError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    columns(level)
    if fmt not in RECORD_FORMATS and level != "mention":
        raise UsageError(f"--format {fmt} writes whole articles; "
                         f"--level {level} applies to jsonl, csv and parquet only")
    if fmt == "parquet":
        require_pyarrow()
    if fmt == "spacy":
        formats.require_spacy()


def render(doc: Document, fmt: str, level: str = "mention") -> tuple[Any, int]:
    """One document's piece of the output and how many items it holds.

    The piece is bytes for the text formats, a list of records for ``parquet``,
    a list of one ``formats.spacy_record`` for ``spacy``, and the task's JSON
    bytes (no separator) for ``labelstudio``.
    """
    if fmt in ("jsonl", "csv") and level == "mention":
        return _mention_lines(doc, fmt)
    if fmt in RECORD_FORMATS:
        recs = records(doc, level)
        if fmt == "jsonl":
            return encode_jsonl(recs), len(recs)
        return (encode_csv(recs, level) if fmt == "csv" else recs), len(recs)
    if fmt == "conll":
        return formats.conll(doc).encode("utf-8"), 1
    if fmt == "spacy":
        return [formats.spacy_record(doc)], 1
    if fmt == "displacy":
        return encode_jsonl([formats.displacy_doc(doc)]), 1
    if fmt == "labelstudio":
        return _JSON.encode(formats.labelstudio_task(doc)).encode("utf-8"), 1
    if fmt == "labelstudio-jsonl":
        return encode_jsonl([formats.labelstudio_task(doc)]), 1
    raise UsageError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def _mention_lines(doc: Document, fmt: str) -> tuple[bytes, int]:
    """The JSONL or CSV mention records of ``doc``, written from its rows (``rows.py``)."""
    mentions = doc.mention_rows()
    if len(mentions) <= RENDER_SLICE:
        encode = rows.mention_jsonl if fmt == "jsonl" else rows.mention_csv
        return encode(doc.path, doc.article_id, mentions).encode("utf-8"), len(mentions)
    # One buffer grown a slice at a time: its getvalue() is the buffer itself, not a copy
    # (a list of pieces and their join held the output twice).
    out = io.BytesIO()
    for part in mention_slices(doc, fmt):
        out.write(part)
    return out.getvalue(), len(mentions)


def mention_slices(doc: Document, fmt: str) -> Iterator[bytes]:
    """The bytes of ``render(doc, fmt)`` (``jsonl`` or ``csv``, the mention level) in parts of
    ``RENDER_SLICE`` mentions: a writer that takes them one at a time never holds the whole
    article's output (a long article's is hundreds of megabytes)."""
    mentions = doc.mention_rows()
    encode = rows.mention_jsonl if fmt == "jsonl" else rows.mention_csv
    for i in range(0, len(mentions), RENDER_SLICE):
        yield encode(doc.path, doc.article_id, mentions[i:i + RENDER_SLICE]).encode("utf-8")


def header(fmt: str, level: str, *, bom: bool = False) -> bytes:
    """What a text output starts with (the CSV header row, ``[`` of the Label Studio list)."""
    if fmt == "csv":
        return csv_header(level, bom=bom)
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


# -- parts of the binary formats (Parquet, spaCy's DocBin) -------------------


def write_part(rows: list[Any], fmt: str, level: str, f) -> None:
    """Write the rows of some pieces as one part file of ``fmt`` to the open binary file ``f``."""
    if fmt == "spacy":
        f.write(formats.spacy_docbin(rows))
    else:
        require_pyarrow().write_table(parquet_table(rows, level), f)


def join_parts(paths: list[str], fmt: str, level: str, out: str) -> None:
    """Join part files, in order, into ``out`` (a file that does not exist yet)."""
    if fmt == "spacy":
        parts = []
        for p in paths:
            with open(p, "rb") as f:
                parts.append(f.read())
        with open(out, "wb") as f:
            f.write(formats.join_docbins(parts))
        return
    pq = require_pyarrow()
    schema = parquet_schema(level)
    with pq.ParquetWriter(out, schema) as writer:
        for p in paths:
            writer.write_table(pq.read_table(p, schema=schema))


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
    kind = COLUMN_TYPES[name]
    if kind == "list":
        return pa.list_(pa.string())
    if kind == "timestamp":
        return pa.timestamp("us", tz="UTC")
    return {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}.get(kind, pa.string())


def parquet_schema(level: str):
    """The fixed Arrow schema of ``level`` (every chunk and an empty file alike), with the pandas
    metadata that makes ``pd.read_parquet`` give the dtypes of ``read_records``."""
    require_pyarrow()
    import pyarrow as pa

    fields = []
    for name in columns(level):
        if name == "entities":
            entity = pa.struct([pa.field(n, _arrow_type(pa, n), nullable=n in NULLABLE) for n in ENTITY_FIELDS])
            fields.append(pa.field(name, pa.list_(entity), nullable=False))
        else:
            fields.append(pa.field(name, _arrow_type(pa, name), nullable=name in NULLABLE))
    pandas_meta = pa.Schema.from_pandas(records_frame([], level), preserve_index=False).metadata
    return pa.schema(fields, metadata=pandas_meta)


def _arrow_row(rec: dict[str, Any]) -> dict[str, Any]:
    date = rec.get("date")
    if isinstance(date, str):
        return {**rec, "date": _dt.datetime.fromisoformat(date)}
    return rec


def parquet_table(recs: list[dict[str, Any]], level: str):
    """Records as an Arrow table of ``parquet_schema(level)``."""
    import pyarrow as pa

    if level == "article":
        recs = [_arrow_row(r) for r in recs]
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
                    level: str = "mention", *, csv_bom: bool = False) -> int:
    """Write documents to ``path`` in ``fmt`` (the library twin of ``annotate -o``); returns items written.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "out.jsonl")
    >>> write_documents([Document(article_id="x", text="abc")], p, "jsonl", "article")
    1
    """
    check(fmt, level)
    path = os.fspath(path)
    tmp = f"{path}.entitylink-tmp"
    written = 0
    try:
        if fmt in PART_FORMATS:
            rows: list[Any] = []
            for d in docs:
                piece, n = render(d, fmt, level)
                rows.extend(piece)
                written += n
            with open(tmp, "wb") as f:
                write_part(rows, fmt, level, f)
            os.replace(tmp, path)
            return written
        with open(tmp, "wb") as f:
            f.write(header(fmt, level, bom=csv_bom))
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
