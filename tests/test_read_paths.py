"""One reader: ``read_file``, ``read_paths`` and ``entitylink annotate`` read the same
inputs into the same articles (ids, texts, offsets) and the same failures, on small
fixtures written here and on ``../shared/corpus``; regression tests for the two
ways the library's reader used to differ from the command's (``.jsonl.gz`` dumps,
``.json`` lists)."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import entitylink as el
from entitylink.errors import ArticleFormatError, EntityLinkError, InputError, describe
from entitylink.read import Article, InputFailure, article_from_record, read_file, read_paths
from entitylink.read.files import Task
from entitylink.read.sources import RUN_FILE_SUFFIXES, error_record, iter_articles, iter_files

REPO = Path(__file__).resolve().parents[1]
DICT_CSV = """secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source
1.600597,stock,光明乳业,光明乳业,name,0,,,test
1.600519,stock,贵州茅台,贵州茅台,name,0,,,test
"""
RECORDS = [
    {"id": "g1", "html": '<p>买入<span id="stock_1.600519">贵州茅台</span>。</p>', "title": "一",
     "date": "2022-01-01 10:00:00 +0800", "url": "http://finance.eastmoney.com/a/1.html"},
    {"id": "g2", "content": "光明乳业公告。\n第二段。"},
]
POST = "---\nlayout: post\ntitle: 标题\ndate: 2021-12-08 10:46:18\n---\n> 摘要\n<p>光明乳业涨停</p>\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """The small inputs: a .jsonl.gz dump, a .json list of 2 records, a directory
    with a bad file and good ones, a JSONL with a bad line."""
    root = tmp_path_factory.mktemp("inputs")
    dump = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS).encode("utf-8")
    (root / "dump.jsonl.gz").write_bytes(gzip.compress(dump))
    (root / "list.json").write_text(json.dumps(RECORDS, ensure_ascii=False), encoding="utf-8")
    folder = root / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "2021-12-08-2021120800.md").write_text(POST, encoding="utf-8")
    (folder / "bad.html").write_bytes(b"\x00\x01\x02\x03" * 20)  # binary: not text
    (folder / "sub" / "good.txt").write_bytes("贵州茅台上涨".encode("gb18030"))
    (folder / "empty.md").write_text("  \n", encoding="utf-8")
    (folder / "out.jsonl.entitylink-tmp").write_bytes(dump)  # a batch run's file: never an input
    bad_line = root / "bad-line.jsonl"
    bad_line.write_bytes(dump + b'{"title": "no id", "text": "x"}\n{not json\n' + dump.replace(b'"g', b'"h'))
    return {"gz": root / "dump.jsonl.gz", "json": root / "list.json", "dir": folder, "badline": bad_line}


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("dict") / "d.csv"
    p.write_text(DICT_CSV, encoding="utf-8")
    return p


def article_view(a: Article) -> tuple:
    """Everything read about an article: metadata, text, the source span of each character, tags."""
    spans = tuple(a.offsets.span_to_source(i, i + 1) for i in range(len(a.text)))
    return (a.path, a.article_id, a.title, a.date, a.url, a.categories, a.labels, a.text, spans, a.tagged,
            a.warnings)


def view(x: Article | InputFailure) -> tuple | InputFailure:
    return article_view(x) if isinstance(x, Article) else x


def cli_view(a: Article) -> dict:
    """What ``annotate --level article`` writes about an article, besides its entities."""
    return {"path": a.path, "article_id": a.article_id, "title": a.title,
            "date": a.date.isoformat() if a.date else None, "url": a.url, "text_length": len(a.text)}


def run_cli(paths: list[Path], dictionary: Path, tmp_path: Path) -> tuple[list[dict], list[dict]]:
    """The article records and the error records ``python -m entitylink annotate`` writes."""
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    run = subprocess.run(
        [sys.executable, "-m", "entitylink", "annotate", "--level", "article", "--dictionary", str(dictionary),
         "--replace-dictionary", "--quiet", "-o", str(out), "--errors", str(errors), *map(str, paths)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert run.returncode in (0, 1), run.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    failures = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    return records, failures


def check_same(paths: list[Path], dictionary: Path, tmp_path: Path) -> list[Article | InputFailure]:
    """read_paths, read_file (path by path) and the CLI agree on ``paths``; returns read_paths' items."""
    items = list(read_paths(paths))
    again = list(read_paths([str(p) for p in paths]))  # deterministic; str or Path alike
    assert [view(x) for x in items] == [view(x) for x in again]
    articles = [x for x in items if isinstance(x, Article)]
    failures = [x for x in items if isinstance(x, InputFailure)]
    # read_file: the same articles; the same failures (in the stream, or raised at once)
    through_file: list[Article | EntityLinkError] = []
    for p in paths:
        try:
            through_file.extend(read_file(p))
        except EntityLinkError as exc:
            through_file.append(exc)
    assert len(through_file) == len(items)
    for got, want in zip(through_file, items):
        if isinstance(want, Article):
            assert isinstance(got, Article) and article_view(got) == article_view(want)
        elif isinstance(got, InputFailure):  # in the stream: the very failure read_paths gives
            assert got == want and isinstance(got, EntityLinkError)
        else:  # raised at once: the error of the class the failure names
            assert isinstance(got, EntityLinkError) and not isinstance(got, Article)
            assert type(got).__name__ == want.error and got.reason == want.reason
            assert (got.source, got.line) == (want.path, want.line)
    # the CLI: the same articles in the same order, the same error records
    records, cli_failures = run_cli(paths, dictionary, tmp_path)
    keys = ("path", "article_id", "title", "date", "url", "text_length")
    assert [{k: r[k] for k in keys} for r in records] == [cli_view(a) for a in articles]
    assert cli_failures == [f.record() for f in failures]
    return items


@pytest.mark.parametrize("name", ["gz", "json", "dir", "badline"])
def test_same_articles_through_read_file_read_paths_and_cli(name, inputs, dictionary, tmp_path):
    items = check_same([inputs[name]], dictionary, tmp_path)
    ids = [x.article_id for x in items if isinstance(x, Article)]
    lines = [(x.line, x.error) for x in items if isinstance(x, InputFailure)]
    if name in ("gz", "json"):
        assert ids == ["g1", "g2"] and lines == []
    elif name == "dir":
        assert ids == ["2021120800", "good"]
        assert [Path(x.path).name for x in items] == ["2021-12-08-2021120800.md", "bad.html", "empty.md", "good.txt"]
        assert lines == [(None, "DecodeError"), (None, "InputError")]
    else:
        assert ids == ["g1", "g2", "h1", "h2"]
        assert lines == [(3, "ArticleFormatError"), (4, "ArticleFormatError")]


def test_all_fixtures_together_in_the_order_given(inputs, dictionary, tmp_path):
    paths = [inputs["badline"], inputs["dir"], inputs["gz"], inputs["json"]]
    items = check_same(paths, dictionary, tmp_path)
    assert len(items) == 6 + 4 + 2 + 2


def test_the_corpus_through_read_file_read_paths_and_cli(corpus_dir, dictionary, tmp_path):
    paths = [corpus_dir / "finews", corpus_dir / "variants"]
    paths += sorted((corpus_dir / "flash").glob("*.jsonl.gz"))[:1]  # a day of flash news: a real .jsonl.gz dump
    items = check_same(paths, dictionary, tmp_path)
    articles = [x for x in items if isinstance(x, Article)]
    assert len(articles) > 113 and all(a.text for a in articles)
    assert not [x for x in items if isinstance(x, InputFailure)]


# -- the two bugs of the old read_file ----------------------------------------------


def test_read_file_reads_a_gzipped_jsonl_dump(inputs):
    """It raised DecodeError (it decoded the gzip bytes as text); annotate read it."""
    got = list(el.read_file(inputs["gz"]))
    assert [(a.article_id, a.text) for a in got] == [("g1", "买入贵州茅台。"), ("g2", "光明乳业公告。\n第二段。")]
    assert got[0].tagged[0].secid == "1.600519" and got[0].path == str(inputs["gz"])


def test_read_file_reads_each_record_of_a_json_list(inputs):
    """It gave ONE article whose text was the raw JSON; annotate read two."""
    got = list(el.read_file(str(inputs["json"])))
    assert [(a.article_id, a.text) for a in got] == [("g1", "买入贵州茅台。"), ("g2", "光明乳业公告。\n第二段。")]
    assert all(isinstance(a, Article) for a in got) and got[0].title == "一"


# -- read_file's errors, read_paths' inputs, InputFailure ---------------------------


def test_read_file_errors(inputs, tmp_path):
    bad = [x for x in read_file(inputs["badline"]) if isinstance(x, EntityLinkError)]
    assert [str(e) for e in bad] == [f"{inputs['badline']}:3: ArticleFormatError: record has no id",
                                      f"{inputs['badline']}:4: ArticleFormatError: not JSON: Expecting property "
                                      "name enclosed in double quotes at column 2"]
    assert all(isinstance(e, InputFailure) and e.error == "ArticleFormatError" for e in bad)
    assert all(isinstance(e.exception(), ArticleFormatError) for e in bad)
    with pytest.raises(InputError, match="cannot read"):  # at once, not when iterated
        read_file(tmp_path / "missing.md")
    with pytest.raises(InputError, match="empty input"):
        read_file(inputs["dir"] / "empty.md")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="no JSONL records"):
        read_file(tmp_path / "empty.jsonl")
    with pytest.raises(el.UsageError):
        read_file(inputs["gz"], format="pdf")


def test_read_file_format_and_dash(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text('{"id": "x", "text": "光明乳业"}\n{"id": "y", "text": "贵州茅台"}\n', encoding="utf-8")
    assert [a.article_id for a in read_file(p, format="jsonl")] == ["x", "y"]
    (html,) = read_file(tmp_path / "a.txt", format="html")
    assert html.text.startswith('{"id": "x"')
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("光明乳业", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"stdin is not read")))
    assert [a.text for a in read_file("-")] == ["光明乳业"]


def test_read_paths_stdin_and_a_single_path(inputs):
    dump = gzip.decompress(inputs["gz"].read_bytes())
    got = list(read_paths(["-"], stdin=io.BytesIO(dump)))
    assert [(a.path, a.article_id) for a in got] == [("<stdin>", "g1"), ("<stdin>", "g2")]
    assert [a.article_id for a in read_paths(inputs["json"])] == ["g1", "g2"]  # one path, not a list


def test_batch_run_files_are_skipped_unless_asked(inputs):
    names = [Path(f[0]).name for f in iter_files([str(inputs["dir"])], globs=["*"]) if isinstance(f, tuple)]
    assert "out.jsonl.entitylink-tmp" not in names
    assert all(s.startswith(".entitylink-") for s in RUN_FILE_SUFFIXES)
    names = [Path(f[0]).name for f in iter_files([str(inputs["dir"])], globs=["*"], skip_suffixes=())
             if isinstance(f, tuple)]
    assert "out.jsonl.entitylink-tmp" in names


def test_input_failure_is_the_error_record(inputs):
    items = list(read_paths(inputs["badline"]))
    failure = next(x for x in items if isinstance(x, InputFailure))
    assert failure.record() == {"path": str(inputs["badline"]), "line": 3, "article_id": None,
                                "error": "ArticleFormatError", "reason": "record has no id"}
    assert str(failure) == describe(failure.record()) == f"{inputs['badline']}:3: ArticleFormatError: record has no id"
    with pytest.raises(AttributeError):
        failure.line = 4  # frozen
    # iter_articles and error_record (batch) give the same records
    assert [x for x in iter_articles([str(inputs["badline"])]) if isinstance(x, dict)] == \
        [x.record() for x in items if isinstance(x, InputFailure)]
    task = Task("record", "d.jsonl", 7, b'{"id": "r7"}')
    assert error_record(task, ArticleFormatError("record r7 has no html, content or text")) == {
        "path": "d.jsonl", "line": 7, "article_id": "r7", "error": "ArticleFormatError",
        "reason": "record r7 has no html, content or text"}
    assert error_record(task, ValueError("boom"))["error"] == "ValueError"


def test_article_from_record_and_the_old_name():
    from entitylink.read import article

    assert article._from_record is article_from_record
    a = article_from_record(json.dumps(RECORDS[0], ensure_ascii=False), "d.jsonl", 1)
    assert (a.article_id, a.text, a.path) == ("g1", "买入贵州茅台。", "d.jsonl")


def test_read_file_and_read_paths_give_equal_failures(inputs, tmp_path):
    """One failure type: for the same bad inputs (bad records of a dump, a bad file inside a
    directory), read_file's stream holds exactly the InputFailures of read_paths, in order."""
    bad_json = tmp_path / "in" / "b.json"
    bad_json.parent.mkdir()
    bad_json.write_text('[{"id": "ok", "text": "光明乳业"}, {"text": "no id"}, 3]', encoding="utf-8")
    (tmp_path / "in" / "e.md").write_text("", encoding="utf-8")
    for path in (inputs["badline"], bad_json, tmp_path / "in"):
        from_file = [x for x in read_file(path) if not isinstance(x, Article)]
        from_paths = [x for x in read_paths(path) if not isinstance(x, Article)]
        assert from_file and from_file == from_paths
        assert all(type(x) is InputFailure and isinstance(x, el.EntityLinkError) for x in from_file)
        assert [x.record() for x in from_file] == [x.record() for x in from_paths]
