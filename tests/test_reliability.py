"""Reliability: hostile input through the whole pipeline, determinism of the CLI, and safety.

Every hostile input is generated here (no committed blobs) and goes through
``read_article`` and ``Linker.link``: the result is a ``Document`` or an
``EntityLinkError``, never another exception. The 20 MB case lives in
``benchmarks/hostile.py``; here the big inputs are kept moderate for speed.
"""

from __future__ import annotations

import codecs
import json
import socket
import threading
from pathlib import Path

import pytest

from entitylink.read import read_article, read_file
from entitylink.cli import main
from entitylink.knowledge.dictionary import Dictionary
from entitylink.errors import DictionaryError, EntityLinkError
from entitylink.link.linker import Linker
from entitylink.models import Document

from checks import check_document

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TAG = '<span id="stock_1.600597"><a class="keytip" data-code="1,600597">光明乳业</a></span>'
HEADER = "secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source\n"
DICT_CSV = HEADER + (
    "1.600597,stock,光明乳业,光明乳业,name,0,,,test\n"
    "1.600519,stock,贵州茅台,贵州茅台,name,0,,,test\n"
)
# A hang guard, not a timing assertion: it only turns an infinite loop into a failure.
HANG_GUARD = 120


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.default()


def pipeline(linker: Linker, data: str | bytes, name: str = "<hostile>", fmt: str = "auto"):
    """``read_article`` + ``link``: a Document or an EntityLinkError, run with a hang guard."""
    box: dict = {}

    def work():
        try:
            box["doc"] = linker.link(read_article(data, name=name, format=fmt))
        except EntityLinkError as exc:
            box["err"] = exc
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            box["bad"] = exc

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(HANG_GUARD)
    assert not t.is_alive(), f"{name}: pipeline still running after {HANG_GUARD}s (hang)"
    if "bad" in box:
        raise AssertionError(f"{name}: {type(box['bad']).__name__} escaped the pipeline") from box["bad"]
    if "err" in box:
        assert str(box["err"])  # a message that says something
        return box["err"]
    doc = box["doc"]
    assert isinstance(doc, Document)
    check_document(doc)
    return doc


# -- 1. hostile input ---------------------------------------------------------

_BIG_PARA = "<p>" + TAG + "今日涨停。</p>\n" + ("<p>" + "市场情绪 lorem ipsum 1234，走势平稳。" * 40 + "</p>\n") * 12

HOSTILE: dict[str, object] = {
    "nested_spans_50k": lambda: "<p>" + "<span>" * 50_000 + "光明乳业" + "</span>" * 50_000 + "</p>",
    "nested_tag_spans_50k": lambda: ('<span id="stock_1.600597">' * 50_000) + "光明乳业" + "</span>" * 50_000,
    # ~5 MB of paragraphs, a tag in every 13th: names are sparse (the name-dense
    # case is quadratic in the number of name hits: see benchmarks/hostile.py).
    "article_5mb": lambda: _BIG_PARA * (5_000_000 // len(_BIG_PARA.encode("utf-8"))),
    "lt_200k": lambda: "<p>" + "<" * 200_000 + "光明乳业</p>",
    "lt_200k_plain": lambda: "<" * 200_000,
    "lt_letters_200k": lambda: "<a" * 100_000,
    "unclosed_comment": lambda: "<p>光明乳业</p><!-- " + "贵州茅台 " * 1000,
    "unclosed_script": lambda: "<p>光明乳业</p><script>var x = '<span id=\"stock_1.600519\">贵州茅台</span>';",
    "unclosed_style": lambda: "<p>光明乳业</p><style>p { color: red }",
    "unclosed_cdata": lambda: "<p>光明乳业</p><![CDATA[ 贵州茅台 " + "x" * 10_000,
    "unclosed_tag_attr": lambda: '<p>光明乳业</p><span id="stock_1.600597',
    "unclosed_span_tag": lambda: '<p>买入<span id="stock_1.600597">光明乳业',
    "nul_str": lambda: "<p>光明\x00乳业</p>",
    "nul_bytes": lambda: "<p>光明乳业</p>\x00\x00".encode("utf-8"),
    "nul_only_bytes": lambda: b"\x00" * 1000,
    "invalid_utf8": lambda: b"<p>\xff\xfe\xfd" + "光明乳业".encode("utf-8") + b"\xc3\x28\xa0\xa1</p>",
    "truncated_utf8": lambda: "光明乳业".encode("utf-8")[:-1],
    "gb18030": lambda: ("<p>" + TAG + "今日涨停，贵州茅台上涨。</p>").encode("gb18030"),
    "gb18030_jekyll": lambda: "---\ntitle: 光明乳业\ndate: 2021-12-08 10:00:00 +08:00\n---\n> 摘要\n光明乳业涨停\n".encode("gb18030"),
    "bom_utf8_bytes": lambda: codecs.BOM_UTF8 + "<p>光明乳业</p>".encode("utf-8"),
    "bom_utf8_str": lambda: "\ufeff<p>光明乳业</p>",
    "bom_utf16le": lambda: "\ufeff光明乳业涨停".encode("utf-16-le"),
    "bom_utf16be": lambda: "\ufeff光明乳业涨停".encode("utf-16-be"),
    "bom_only": lambda: codecs.BOM_UTF8,
    "double_bom_str": lambda: "\ufeff\ufeff光明乳业",
    "front_matter_no_end": lambda: "---\ntitle: 光明乳业\ndate: 2021-12-08\n" + "tags: [a, b]\n" * 1000,
    "front_matter_no_end_body": lambda: "---\ntitle: 光明乳业\n光明乳业今日涨停\n" + TAG,
    "front_matter_only_dashes": lambda: "---\n",
    "data_code_100k": lambda: '<p><a class="keytip" data-code="' + "1" * 100_000 + '">光明乳业</a></p>',
    "data_code_100k_market": lambda: '<p><a data-code="1,' + "6" * 100_000 + '">光明乳业</a></p>',
    "span_id_100k": lambda: '<span id="stock_1.' + "6" * 100_000 + '">光明乳业</span>',
    "href_100k": lambda: '<a href="http://quote.eastmoney.com/r/1.' + "6" * 100_000 + '">光明乳业</a>',
    "entities_100k": lambda: "<p>" + "&#x4e2d;&bogus;&#99999999;&" * 25_000 + "</p>",
    "jsonl_huge_id": lambda: json.dumps({"id": "9" * 100_000, "html": TAG}),
    "jsonl_bad": lambda: '{"id": 1, "html": ' + "[" * 50_000,
    "whitespace_only": lambda: " \n\t\u3000" * 1000,
    "empty_str": lambda: "",
    "empty_bytes": lambda: b"",
    "codes_200k": lambda: "(600597.SH)" * 20_000,
    "names_dense": lambda: "光明乳业贵州茅台中国平安平安银行" * 1_000,
    "control_chars": lambda: "".join(chr(i) for i in range(1, 32)) * 100 + "光明乳业",
    "private_use_and_astral": lambda: "\ue000\U0010fffd\U0001f600光明乳业\U00020000" * 1000,
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_gives_document_or_our_error(linker, case):
    data = HOSTILE[case]()
    pipeline(linker, data, name=f"{case}.html" if case.startswith(("nested", "lt_", "unclosed", "data_code")) else case)


@pytest.mark.parametrize("fmt", ["html", "text", "jekyll", "jsonl"])
@pytest.mark.parametrize("case", ["lt_200k", "front_matter_no_end", "data_code_100k", "bom_utf8_str"])
def test_hostile_input_in_every_format(linker, case, fmt):
    pipeline(linker, HOSTILE[case](), name=case, fmt=fmt)


def test_hostile_outcomes_are_the_documented_ones(linker):
    # NUL bytes, invalid UTF-8 and emptiness are refused with our errors; GB18030
    # and BOMs are read; a tag keeps its secid through a 50,000-deep nest.
    assert isinstance(pipeline(linker, HOSTILE["nul_bytes"]()), EntityLinkError)
    assert isinstance(pipeline(linker, HOSTILE["empty_bytes"]()), EntityLinkError)
    assert isinstance(pipeline(linker, HOSTILE["empty_str"]()), EntityLinkError)
    gb = pipeline(linker, HOSTILE["gb18030"]())
    assert isinstance(gb, Document) and [m.method for m in gb.mentions][:1] == ["tag"]
    for bom in ("bom_utf8_bytes", "bom_utf8_str", "bom_utf16le", "bom_utf16be"):
        doc = pipeline(linker, HOSTILE[bom]())
        assert isinstance(doc, Document) and doc.text.startswith("光明乳业"), bom
        assert [m.secid for m in doc.mentions] == ["1.600597"], bom
    nest = pipeline(linker, HOSTILE["nested_tag_spans_50k"]())
    assert isinstance(nest, Document) and any(m.method == "tag" and m.secid == "1.600597" for m in nest.mentions)
    data = HOSTILE["article_5mb"]()
    big = pipeline(linker, data)
    assert isinstance(big, Document)
    assert sum(m.method == "tag" for m in big.mentions) == data.count(TAG) > 200


@pytest.mark.parametrize("text", ["光明\ud800乳业", "<p>光明乳业\ud800贵州茅台</p>", "\ud800",
                                  "<p>光明乳业\ud800贵州茅台\udfff</p>", "\udc80光明乳业\ud83d", '<span id="stock_1.600597">光明\ud800乳业</span>'])
def test_lone_surrogate_in_str_gives_document_or_our_error(linker, text):
    try:
        doc = linker.link(read_article(text, name="surrogate.html"))
    except EntityLinkError:
        return
    check_document(doc)
    # each lone surrogate became U+FFFD, so the records can be written as UTF-8
    doc.model_dump_json().encode("utf-8")
    assert any("surrogate" in w for w in doc.warnings)


def test_hostile_files_through_read_file(linker, tmp_path):
    (tmp_path / "n.html").write_bytes(b"<p>\x00</p>")
    (tmp_path / "g.txt").write_bytes("光明乳业".encode("gb18030"))
    (tmp_path / "d.jsonl").write_bytes(b'{"id": 1, "text": "\\ud800\xe5\x85\x89\xe6\x98\x8e\xe4\xb9\xb3\xe4\xb8\x9a"}\n{bad\n\xff\n')
    for p in sorted(tmp_path.iterdir()):
        try:
            items = list(read_file(p))
        except EntityLinkError:
            continue
        for item in items:
            if isinstance(item, EntityLinkError):
                continue
            check_document(linker.link(item))


# -- 4. determinism of the CLI -------------------------------------------------

def _inputs(tmp_path: Path) -> list[str]:
    gen = tmp_path / "gen"
    gen.mkdir()
    for i in range(12):
        (gen / f"2021-12-08-20211208{i:04d}.html").write_text(
            f"<p>{TAG}第{i}篇，贵州茅台(600519.SH)与长城汽车、美的集团、中国平安、平安银行、(00700.HK)。</p>",
            encoding="utf-8")
    paths = [str(gen)]
    if (CORPUS_DIR / "finews").is_dir():
        paths.append(str(CORPUS_DIR / "finews"))
    return paths


def test_annotate_output_is_byte_identical_across_runs_and_workers(tmp_path):
    paths = _inputs(tmp_path)
    outs = {}
    for label, workers in (("a", "1"), ("b", "1"), ("c", "2"), ("d", "4")):
        out = tmp_path / f"{label}.jsonl"
        assert main(["annotate", *paths, "--workers", workers, "--quiet", "-o", str(out)]) == 0
        outs[label] = out.read_bytes()
    assert outs["a"] and outs["a"] == outs["b"] == outs["c"] == outs["d"]
    for level in ("entity", "article"):
        one, two = tmp_path / f"{level}1.jsonl", tmp_path / f"{level}2.jsonl"
        assert main(["annotate", *paths, "--level", level, "--workers", "1", "--quiet", "-o", str(one)]) == 0
        assert main(["annotate", *paths, "--level", level, "--workers", "2", "--quiet", "-o", str(two)]) == 0
        assert one.read_bytes() == two.read_bytes() and one.stat().st_size > 0


# -- 5. safety -----------------------------------------------------------------

def test_no_network_access_at_run_time(tmp_path, monkeypatch, capsys):
    calls = []

    def refuse(self, *args, **kwargs):
        calls.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, *a))
    linker = Linker.default()
    doc = linker.link(read_article(f"<p>{TAG}与贵州茅台(600519.SH)</p>", name="a.html"), unlinked=True)
    assert [m.secid for m in doc.mentions][:2] == ["1.600597", "1.600519"]
    fresh = Linker(Dictionary.default(), cache_dir=tmp_path / "cache")
    assert fresh.link_text("贵州茅台").mentions[0].secid == "1.600519"
    src = tmp_path / "a.html"
    src.write_text(f"<p>{TAG}</p>", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["annotate", str(src), "--quiet", "--unlinked", "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8").splitlines()[0])["secid"] == "1.600597"
    assert calls == []


def test_bad_user_dictionary_is_refused_naming_path_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(DICT_CSV + "9.BAD,stock,坏,坏,name,0,,,test\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as info:
        Dictionary.from_csv(bad, replace=True)
    assert f"{bad}:4" in str(info.value)
    with pytest.raises(DictionaryError) as info:
        Dictionary.from_csv(bad)  # merged over the default: validated just the same
    assert f"{bad}:4" in str(info.value)


def _run_with_bad_dictionary(tmp_path, capsys, extra, rows):
    bad = tmp_path / "bad.csv"
    bad.write_text(DICT_CSV + rows, encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text("光明乳业", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["annotate", str(src), "--dictionary", str(bad), *extra, "--quiet", "-o", str(out)])
    captured = capsys.readouterr()
    return bad, out, code, captured


@pytest.mark.parametrize("extra", [[], ["--replace-dictionary"]])
def test_cli_with_bad_dictionary_exits_nonzero_without_traceback(tmp_path, capsys, extra):
    bad, out, code, captured = _run_with_bad_dictionary(
        tmp_path, capsys, extra, "1.600597,stock,光明乳业,光明乳业,name,0,2022-13-01,,test\n")
    assert code == 2  # a bad dictionary: nothing could run
    assert "Traceback" not in captured.err and captured.out == ""
    assert f"{bad}:4" in captured.err and captured.err.startswith("entitylink: error: ")
    assert not out.exists() or out.read_bytes() == b""


def test_cli_with_bad_dictionary_lists_each_problem_on_its_line(tmp_path, capsys):
    bad, out, code, captured = _run_with_bad_dictionary(
        tmp_path, capsys, [], "1.600597,stock,光明乳业,光明乳业,name,0,2022-13-01,,test\n")
    assert code == 2  # a bad dictionary: nothing could run
    head, *problems = captured.err.strip().splitlines()
    assert head.startswith("entitylink: error: ") and "1 problem" in head
    assert len(problems) == 1 and problems[0].startswith(f"{bad}:4: ")


def test_output_is_written_only_to_the_named_path(tmp_path, tmp_path_factory, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    paths = _inputs(inputs)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # nothing may land in the working directory either
    monkeypatch.setenv("ENTITYLINK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    target = tmp_path / "out"
    target.mkdir()
    out = target / "x.jsonl"

    def tree() -> set[str]:
        return {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")}

    before = tree()
    for workers in ("1", "2"):
        assert main(["annotate", *paths, "--workers", workers, "--quiet", "-o", str(out)]) == 0
        assert tree() - before == {"out/x.jsonl"}
        assert out.stat().st_size > 0
        out.unlink()
