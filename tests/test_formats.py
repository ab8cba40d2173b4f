"""Every output format, loaded with the library it targets (pandas, pyarrow, jsonschema,
seqeval/conllu, spaCy, Label Studio's task format); each skips, saying why, when the
library is absent (pip install 'entitylink[formats]')."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import entitylink as el
from entitylink.cli import main
from entitylink.columns import columns, record_schema
from entitylink.models import Document, Mention
from entitylink.write import formats
from entitylink.write import records as outputs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"

WULIANGYE = Mention(start=3, end=6, surface="五粮液", secid="0.000858", code="000858", market=0, exchange="SZ",
                    kind="stock", name="五粮液", method="dictionary", confidence=0.9, evidence=("name", "cue"))
HASH = Mention(start=10, end=14, surface="贵州茅台", secid="1.600519", code="600519", market=1, exchange="SH",
               kind="stock", name="贵州茅台", method="dictionary", confidence=0.95)
# A '#' token, an emoji (two UTF-16 units) and a line break before the second mention.
TRICKY = Document(article_id="t1", path="t/1.md", text="#1 五粮液😀\n# 贵州茅台涨",
                  mentions=(WULIANGYE, HASH))


@pytest.fixture(scope="module")
def outputs_dir(tmp_path_factory) -> Path:
    """The bundled examples annotated by the CLI in every record format and level."""
    out = tmp_path_factory.mktemp("outputs")
    for level in outputs.LEVELS:
        for fmt in ("jsonl", "csv", "parquet"):
            if fmt == "parquet" and not _has("pyarrow"):
                continue
            assert main(["annotate", str(EXAMPLES), "-o", str(out / f"{level}.{fmt}"), "--format", fmt,
                         "--level", level, "--quiet"]) == 0
    return out


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


# -- pandas: read_records keeps the types (plain read_csv does not) ---------


def test_plain_pandas_readers_corrupt_codes_read_records_does_not(tmp_path):
    path = tmp_path / "m.csv"
    outputs.write_documents([TRICKY], path, "csv")
    assert pd.read_csv(path)["code"].tolist()[0] == 858  # the defect, as pandas guesses
    frame = el.read_records(path)
    assert frame["secid"].tolist()[0] == "0.000858" and frame["code"].tolist()[0] == "000858"
    assert frame["evidence"].tolist()[0] == ["name", "cue"] and frame["flags"].tolist()[0] == []


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize("level", ["mention", "entity", "article"])
def test_read_records_round_trip_types(outputs_dir, fmt, level):
    if fmt == "parquet":
        pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    frame = el.read_records(outputs_dir / f"{level}.{fmt}")
    assert list(frame.columns) == list(columns(level)) and len(frame)
    reference = el.read_records(outputs_dir / f"{level}.jsonl")
    pd.testing.assert_frame_equal(frame, reference)
    assert str(frame["article_id"].dtype) == "string"
    if level == "article":
        assert isinstance(frame["date"].dtype, pd.DatetimeTZDtype)
        assert str(frame["text_length"].dtype) == "Int64"
        assert isinstance(frame["entities"].iloc[0][0]["surfaces"], list)
    else:
        assert str(frame["code"].dtype) == "string" and frame["code"].str.len().max() >= 6
        assert str(frame["market"].dtype) == "Int64"
        lists = ["evidence", "flags"] if level == "mention" else ["surfaces", "methods"]
        assert all(isinstance(v, list) for c in lists for v in frame[c])


def test_parquet_has_arrow_types_and_pandas_metadata(outputs_dir):
    pa = pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")
    import pyarrow.parquet as pq

    schema = pq.read_schema(outputs_dir / "mention.parquet")
    assert schema.field("evidence").type == pa.list_(pa.string())
    assert schema.field("code").type == pa.string() and schema.field("market").type == pa.int64()
    assert b"pandas" in schema.metadata
    art = pq.read_schema(outputs_dir / "article.parquet")
    assert art.field("date").type == pa.timestamp("us", tz="UTC")
    frame = pd.read_parquet(outputs_dir / "mention.parquet")  # plain pandas: the dtypes come back
    assert str(frame["market"].dtype) == "Int64" and str(frame["code"].dtype) == "string"


def test_csv_bom_for_excel(tmp_path):
    out = tmp_path / "m.csv"
    assert main(["annotate", str(EXAMPLES), "-o", str(out), "--format", "csv", "--csv-bom", "--quiet"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfpath,article_id,")
    assert list(pd.read_csv(out, encoding="utf-8-sig", dtype=str).columns) == list(columns("mention"))
    assert el.read_records(out)["secid"].notna().all()
    assert main(["annotate", str(EXAMPLES), "--format", "jsonl", "--csv-bom", "--quiet"]) == 2


# -- jsonschema: the schema describes exactly what annotate writes ----------


@pytest.mark.parametrize("level", ["mention", "entity", "article"])
def test_schema_validates_annotate_output(outputs_dir, level, capsys):
    jsonschema = pytest.importorskip("jsonschema", reason="validating needs jsonschema")
    assert main(["schema", "--level", level]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == record_schema(level)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    lines = (outputs_dir / f"{level}.jsonl").read_text("utf-8").splitlines()
    assert lines
    for line in lines:
        validator.validate(json.loads(line))
    bad = {**json.loads(lines[0]), "extra": 1}
    assert not validator.is_valid(bad)
    assert schema["required"] == list(columns(level))


def test_schema_levels_are_the_annotate_levels(capsys):
    assert main(["schema", "--level", "document"]) == 2
    assert "article" in capsys.readouterr().err


# -- CoNLL-2003: spacy convert, seqeval --------------------------------------


def _conll_sentences(text: str) -> list[list[list[str]]]:
    """A CoNLL-2003 reader: documents split at -DOCSTART-, sentences at blank lines."""
    sentences, current = [], []
    for line in text.splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if current:
                sentences.append(current)
            current = []
            continue
        current.append(line.split(" "))
    if current:
        sentences.append(current)
    return sentences


def test_conll_is_conll2003_with_plain_bio_and_a_secid_column():
    text = formats.conll(TRICKY)
    assert text.startswith("-DOCSTART- -X- O O\n\n")
    sentences = _conll_sentences(text)
    assert all(len(cols) == 4 for s in sentences for cols in s)
    tokens = [cols[0] for s in sentences for cols in s]
    assert tokens == [c for c in TRICKY.text if not c.isspace()]  # the '#' tokens are kept
    labels = {cols[3] for s in sentences for cols in s}
    assert labels == {"O", "B-STOCK", "I-STOCK"}  # one class per kind, not per security
    assert [cols[2] for cols in sentences[0] if cols[3] != "O"] == ["0.000858"] * 3


def test_conll_read_back_with_seqeval():
    seqeval = pytest.importorskip("seqeval.metrics.sequence_labeling", reason="needs seqeval")
    sentences = _conll_sentences(formats.conll(TRICKY))
    found = [(t, s) for sent in sentences for t, s, _ in seqeval.get_entities([c[3] for c in sent])]
    assert found == [("STOCK", 2), ("STOCK", 1)]
    surfaces = ["".join(c[0] for c in sent[s:e + 1]) for sent in sentences
                for _, s, e in seqeval.get_entities([c[3] for c in sent])]
    assert surfaces == ["五粮液", "贵州茅台"]


def test_conll_read_back_with_spacy_convert(tmp_path):
    pytest.importorskip("spacy", reason="needs spaCy")
    src = tmp_path / "train.conll"
    assert main(["annotate", str(EXAMPLES), "-o", str(src), "--format", "conll", "--quiet"]) == 0
    tricky = tmp_path / "tricky.conll"
    tricky.write_text(formats.conll(TRICKY) + formats.conll(TRICKY), encoding="utf-8")
    for path, n_docs in ((src, len(list(EXAMPLES.glob("*")))), (tricky, 2)):
        run = subprocess.run([sys.executable, "-m", "spacy", "convert", str(path), str(tmp_path), "-c", "ner",
                              "-n", "0"], capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(tmp_path / "tricky.spacy").get_docs(spacy.blank("xx").vocab))
    assert len(docs) == 2
    assert [t.text for t in docs[0]][:2] == ["#", "1"]
    # CoNLL has no whitespace information: spaCy joins the tokens with spaces (use --format spacy for spaCy)
    ents = [(e.text.replace(" ", ""), e.label_) for e in docs[0].ents]
    assert ents == [("五粮液", "STOCK"), ("贵州茅台", "STOCK")]


# -- spaCy DocBin and displaCy -----------------------------------------------


def test_spacy_docbin_carries_kb_id_and_article(tmp_path):
    spacy = pytest.importorskip("spacy", reason="needs spaCy")
    from spacy.tokens import DocBin

    out = tmp_path / "train.spacy"
    assert main(["annotate", str(EXAMPLES), "-o", str(out), "--format", "spacy", "--quiet", "--workers", "2"]) == 0
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    jsonl = el.read_records(_annotate_jsonl(tmp_path))
    assert len(docs) == jsonl["article_id"].nunique()
    got = [(d.user_data["article_id"], d.user_data["path"], e.start_char, e.text, e.kb_id_, e.label_)
           for d in docs for e in d.ents]
    want = [(r.article_id, r.path, r.start, r.surface, r.secid, r.kind.upper()) for r in jsonl.itertuples()]
    assert got == want
    path = tmp_path / "one.spacy"
    outputs.write_documents([TRICKY], path, "spacy")
    (doc,) = DocBin().from_disk(path).get_docs(spacy.blank("xx").vocab)
    assert doc.text == TRICKY.text and [e.kb_id_ for e in doc.ents] == ["0.000858", "1.600519"]


def _annotate_jsonl(tmp_path: Path) -> Path:
    out = tmp_path / "m.jsonl"
    assert main(["annotate", str(EXAMPLES), "-o", str(out), "--quiet"]) == 0
    return out


def test_spacy_needs_an_output_file(capsys):
    pytest.importorskip("spacy", reason="needs spaCy")
    assert main(["annotate", str(EXAMPLES), "--format", "spacy", "--quiet"]) == 2
    assert "-o OUT" in capsys.readouterr().err


def test_spacy_debug_data_on_a_tiny_config(tmp_path):
    pytest.importorskip("spacy", reason="needs spaCy")
    train = tmp_path / "train.spacy"
    assert main(["annotate", str(EXAMPLES), "-o", str(train), "--format", "spacy", "--quiet"]) == 0
    config = tmp_path / "config.cfg"
    made = subprocess.run([sys.executable, "-m", "spacy", "init", "config", str(config), "--lang", "zh",
                           "--pipeline", "ner", "--optimize", "efficiency", "--force"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    run = subprocess.run([sys.executable, "-m", "spacy", "debug", "data", str(config), "--paths.train", str(train),
                          "--paths.dev", str(train)], capture_output=True, text=True)
    # its one error is the size of the bundled examples (7 articles); nothing about the data
    failed = [line for line in run.stdout.splitlines() if "\u2718" in line and not re.search(r"\u2718 \d+ error", line)]
    assert all("Low number of examples" in line for line in failed), run.stdout + run.stderr
    assert "Corpus is loadable" in run.stdout and "misaligned" not in run.stdout, run.stdout


def test_displacy_keeps_article_and_renders(tmp_path):
    out = tmp_path / "d.jsonl"
    assert main(["annotate", str(EXAMPLES), "-o", str(out), "--format", "displacy", "--quiet"]) == 0
    first = json.loads(out.read_text("utf-8").splitlines()[0])
    assert {"text", "ents", "title", "article_id", "path"} <= set(first)
    displacy = pytest.importorskip("spacy.displacy", reason="needs spaCy")
    html = displacy.render(first, style="ent", manual=True, jupyter=False)
    assert first["ents"][0]["label"] in html


# -- Label Studio --------------------------------------------------------------


def test_labelstudio_offsets_count_utf16_units():
    task = formats.labelstudio_task(TRICKY)
    units = task["data"]["text"].encode("utf-16-le")
    for item in task["predictions"][0]["result"]:
        v = item["value"]
        assert units[2 * v["start"]:2 * v["end"]].decode("utf-16-le") == v["text"]
        assert set(item) >= {"id", "from_name", "to_name", "type", "value"}
    second = task["predictions"][0]["result"][1]
    assert second["value"]["start"] == HASH.start + 1  # the emoji before it is two units
    assert second["meta"]["start"] == HASH.start  # code points, as in the records


def test_labelstudio_json_and_jsonl_tasks(tmp_path, capsys):
    as_list, as_lines = tmp_path / "tasks.json", tmp_path / "tasks.jsonl"
    assert main(["annotate", str(EXAMPLES), "-o", str(as_list), "--format", "labelstudio", "--quiet"]) == 0
    assert main(["annotate", str(EXAMPLES), "-o", str(as_lines), "--format", "labelstudio-jsonl", "--quiet"]) == 0
    tasks = json.loads(as_list.read_text("utf-8"))
    assert tasks == [json.loads(line) for line in as_lines.read_text("utf-8").splitlines()]
    assert main(["labelstudio-config"]) == 0
    config = capsys.readouterr().out
    labels = {r["value"]["labels"][0] for t in tasks for r in t["predictions"][0]["result"]}
    assert all(f'<Label value="{k}"/>' in config for k in labels)
    assert all(t["predictions"][0]["result"][0]["from_name"] == "label" for t in tasks if t["predictions"][0]["result"])
    assert 'name="label"' in config and 'value="$text"' in config
