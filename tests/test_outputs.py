"""outputs: the record formats hold the same records; conll/spacy/labelstudio shapes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from entitylink.write import formats
from entitylink.write import records as outputs
from entitylink.errors import UsageError
from entitylink.columns import COLUMN_TYPES, ENTITY_COLUMNS, MENTION_COLUMNS
from entitylink.models import Document, Entity, Mention

M1 = Mention(start=2, end=6, surface="光明乳业", secid="1.600597", code="600597", market=1, exchange="SH",
             kind="stock", name="光明乳业", method="tag", confidence=1.0, evidence=("tag:stock_1.600597", "x"))
M2 = Mention(start=7, end=9, surface="沪指", secid="1.000001", code="000001", market=1, exchange="SH",
             kind="index", name="上证指数", method="alias", confidence=0.85)
E1 = Entity(secid="1.600597", kind="stock", name="光明乳业", mention_count=1, first_start=2, tagged=True,
            salience=0.5, surfaces=("光明乳业",), methods=("tag",))
DOC = Document(article_id="a1", path="x/a1.md", title="标题", date=dt.datetime(2022, 6, 14, 9, 30,
               tzinfo=dt.timezone(dt.timedelta(hours=8))), text="买入光明乳业 沪指\n涨", mentions=(M1, M2),
               entities=(E1,))
EMPTY = Document(article_id="a2", path="x/a2.md", text="无")


def test_records_have_fixed_columns():
    assert [list(r) for r in outputs.records(DOC, "mention")] == [list(MENTION_COLUMNS)] * 2
    assert list(outputs.records(DOC, "entity")[0]) == list(ENTITY_COLUMNS)
    art = outputs.records(DOC, "article")[0]
    assert tuple(art) == outputs.ARTICLE_COLUMNS
    assert art["date"] == "2022-06-14T09:30:00+08:00"
    assert (art["text_length"], art["mention_count"], art["entity_count"]) == (len(DOC.text), 2, 1)
    assert art["entities"][0]["secid"] == "1.600597" and "path" not in art["entities"][0]
    assert outputs.records(EMPTY, "mention") == []


def _csv_rows(data: bytes):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.mark.parametrize("level", outputs.LEVELS)
def test_jsonl_csv_parquet_same_records(tmp_path, level):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    docs = [DOC, EMPTY]
    paths = {f: tmp_path / f"out.{f}" for f in ("jsonl", "csv", "parquet")}
    for f, p in paths.items():
        outputs.write_documents(docs, p, f, level)
    expected = [r for d in docs for r in outputs.records(d, level)]
    from_jsonl = [json.loads(ln) for ln in paths["jsonl"].read_text("utf-8").splitlines()]
    assert from_jsonl == json.loads(json.dumps(expected, ensure_ascii=False))
    table = pq.read_table(paths["parquet"])
    assert table.column_names == list(outputs.columns(level))
    assert [_iso_dates(r) for r in table.to_pylist()] == from_jsonl
    rows = _csv_rows(paths["csv"].read_bytes())
    assert list(rows[0]) == list(outputs.columns(level))
    assert [typed_csv_row(r) for r in rows] == [_nulls_as_empty(r) for r in from_jsonl]


def _iso_dates(rec):
    """Parquet's timestamp (UTC) back as JSONL's ISO string with the article's offset (+08:00 here)."""
    if isinstance(rec.get("date"), dt.datetime):
        rec = {**rec, "date": rec["date"].astimezone(dt.timezone(dt.timedelta(hours=8))).isoformat()}
    return rec


def _nulls_as_empty(rec):
    return {k: ("" if v is None else v) for k, v in rec.items()}


def typed_csv_row(row):
    """A CSV row with the JSONL types back (CSV cannot tell null from an empty string)."""
    out = {}
    for k, v in row.items():
        if k == "entities":
            out[k] = json.loads(v)
        elif COLUMN_TYPES[k] == "list":
            out[k] = v.split("|") if v else []
        elif v == "":
            out[k] = ""
        elif COLUMN_TYPES[k] == "int":
            out[k] = int(v)
        elif COLUMN_TYPES[k] == "float":
            out[k] = float(v)
        elif COLUMN_TYPES[k] == "bool":
            out[k] = {"true": True, "false": False}[v]
        else:
            out[k] = v
    return out


def test_csv_joins_evidence_with_bar():
    rows = _csv_rows(outputs.csv_header("mention") + outputs.encode_csv(outputs.records(DOC), "mention"))
    assert rows[0]["evidence"] == "tag:stock_1.600597|x"  # lists joined with | in CSV only
    assert rows[1]["evidence"] == ""


def test_conll_shape():
    text = formats.conll(DOC)
    lines = text.split("\n")
    assert lines[:2] == ["-DOCSTART- -X- O O", ""]
    assert text.endswith("\n\n")
    body = [ln for ln in lines[2:] if ln]
    assert len(body) == len([c for c in DOC.text if not c.isspace()])
    assert body[2] == "光 -X- 1.600597 B-STOCK"
    assert body[3] == "明 -X- 1.600597 I-STOCK"
    assert body[6] == "沪 -X- 1.000001 B-INDEX"
    assert lines[lines.index("指 -X- 1.000001 I-INDEX") + 1] == ""  # the text's line break ends a sentence
    assert all(len(ln.split(" ")) == 4 for ln in body)


def test_displacy_shape():
    piece, n = outputs.render(DOC, "displacy")
    d = json.loads(piece)
    assert n == 1 and set(d) == {"text", "ents", "title", "article_id", "path"}
    assert d["ents"][0] == {"start": 2, "end": 6, "label": "STOCK", "kb_id": "1.600597"}


def test_labelstudio_is_a_json_list_of_tasks(tmp_path):
    p = tmp_path / "ls.json"
    assert outputs.write_documents([DOC, EMPTY], p, "labelstudio") == 2
    tasks = json.loads(p.read_text("utf-8"))
    assert [t["data"]["article_id"] for t in tasks] == ["a1", "a2"]
    item = tasks[0]["predictions"][0]["result"][0]
    assert item["from_name"] == "label" and item["to_name"] == "text" and item["type"] == "labels"
    assert item["value"] == {"start": 2, "end": 6, "text": "光明乳业", "labels": ["stock"]}  # no astral chars
    assert item["meta"]["secid"] == "1.600597"
    assert tasks[1]["predictions"][0]["result"] == []
    outputs.write_documents([], p, "labelstudio")
    assert json.loads(p.read_text("utf-8")) == []


def test_level_only_for_record_formats():
    with pytest.raises(UsageError):
        outputs.check("conll", "entity")
    with pytest.raises(UsageError):
        outputs.check("xml", "mention")
    outputs.check("parquet", "article")
