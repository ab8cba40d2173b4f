"""batch: input enumeration, accounting of every unit, worker-count independence, resume."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from entitylink.batch import run as batch
from entitylink.read import sources as inputs
from entitylink.read import read_file
from entitylink.knowledge.dictionary import Dictionary
from entitylink.errors import UsageError
from entitylink.batch.journal import ResumableOutput
from entitylink.link.linker import Linker

DICT_CSV = """secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source
1.600597,stock,光明乳业,光明乳业,name,0,,,test
1.600519,stock,贵州茅台,贵州茅台,name,0,,,test
1.000001,index,上证指数,上证指数,name,0,,,test
1.000001,index,上证指数,沪指,short_form,0,,,test
0.399001,index,深证成指,深证成指,name,0,,,test
0.399006,index,创业板指,创业板指,name,0,,,test
"""
ARTICLE = "<p>光明乳业（600597）今日涨停，沪指收涨。</p>"


@pytest.fixture(scope="module")
def linker(tmp_path_factory) -> Linker:
    p = tmp_path_factory.mktemp("dict") / "d.csv"
    p.write_text(DICT_CSV, encoding="utf-8")
    return Linker(Dictionary.from_csv(p, replace=True))


def run(paths, linker, tmp_path, **kw):
    out = tmp_path / kw.pop("name", "out.jsonl")
    errors = tmp_path / "errors.jsonl"
    summary = batch.annotate([str(p) for p in paths], linker=linker, output=str(out), errors=str(errors),
                             quiet=True, stderr=io.StringIO(), **kw)
    errs = [json.loads(ln) for ln in errors.read_text("utf-8").splitlines()]
    return summary, out, errs


@pytest.fixture
def bad_inputs(tmp_path) -> dict[str, Path]:
    d = tmp_path / "in"
    d.mkdir()
    files = {
        "binary": d / "binary.html",
        "empty": d / "empty.md",
        "gb": d / "gb18030.txt",
        "dump": d / "dump.jsonl",
        "dash": d / "-20220101000001.md",
        "badgz": d / "broken.html.gz",
        "gzdump": d / "more.jsonl.gz",
    }
    files["binary"].write_bytes(b"\x00\x01\x02binary\x00")
    files["empty"].write_bytes(b"")
    files["gb"].write_bytes("光明乳业发布公告，贵州茅台小幅上涨。".encode("gb18030"))
    files["dump"].write_text(
        json.dumps({"id": "r1", "html": ARTICLE, "title": "t", "date": "2022-01-01 10:00:00 +0800"}, ensure_ascii=False)
        + "\n\n{not json\n" + json.dumps({"id": "r3"}) + "\n", encoding="utf-8")
    files["dash"].write_text("---\ntitle: \"\"\ndate:  +0800\n---\n贵州茅台涨停", encoding="utf-8")
    files["badgz"].write_bytes(b"\x1f\x8bnot really gzip")
    files["gzdump"].write_bytes(gzip.compress(
        (json.dumps({"id": "g1", "text": "沪指收涨"}, ensure_ascii=False) + "\n").encode("utf-8")))
    (d / "notes.csv").write_text("ignored by the default globs", encoding="utf-8")
    return files


def test_every_unit_is_accounted_for(bad_inputs, linker, tmp_path):
    root = bad_inputs["binary"].parent
    missing = tmp_path / "does-not-exist.md"
    summary, out, errs = run([root, missing], linker, tmp_path)
    # units: binary, broken gz, dash post, dump (r1, bad line, r3), empty, gb18030, gz dump (g1), missing
    assert (summary.read, summary.ok, summary.failed) == (10, 4, 6)
    records = [json.loads(ln) for ln in out.read_text("utf-8").splitlines()]
    assert summary.mentions == len(records)
    by_path = {(e["path"], e["line"]): e for e in errs}
    assert by_path[(str(bad_inputs["binary"]), None)]["error"] == "DecodeError"
    assert by_path[(str(bad_inputs["empty"]), None)]["error"] == "InputError"
    assert by_path[(str(bad_inputs["dump"]), 3)]["error"] == "ArticleFormatError"
    assert by_path[(str(bad_inputs["dump"]), 4)]["article_id"] == "r3"
    assert by_path[(str(bad_inputs["badgz"]), None)]["reason"].startswith("not a valid gzip file")
    assert by_path[(str(missing), None)]["reason"].startswith("cannot read")
    assert all(set(e) == {"path", "line", "article_id", "error", "reason"} for e in errs)
    ids = {r["article_id"] for r in records}
    assert {"r1", "g1", "20220101000001", "gb18030"} <= ids
    paths = [r["path"] for r in records]
    assert paths == sorted(paths, key=lambda p: Path(p).name)  # directory order: sorted by path


def test_too_large_is_a_failure(linker, tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("光明乳业" * 100, encoding="utf-8")
    summary, _, errs = run([p], linker, tmp_path, max_bytes=100)
    assert (summary.read, summary.failed) == (1, 1)
    assert errs[0]["reason"].startswith("too large")


def test_unexpected_exception_becomes_a_failure_with_its_type(linker, tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text("光明乳业", encoding="utf-8")

    def boom(*a, **k):
        raise ZeroDivisionError("bug here")

    monkeypatch.setattr(Linker, "link", boom)
    summary, _, errs = run([p], linker, tmp_path)
    assert summary.failed == 1
    assert errs[0]["error"] == "ZeroDivisionError" and errs[0]["reason"] == "bug here"


def test_workers_do_not_change_the_output(corpus_dir, bad_inputs, linker, tmp_path):
    inputs = [corpus_dir / "finews", corpus_dir / "variants", bad_inputs["binary"].parent]
    s1, out1, e1 = run(inputs, linker, tmp_path, name="w1.jsonl", workers=1, chunk_size=7)
    s2, out2, e2 = run(inputs, linker, tmp_path, name="w2.jsonl", workers=2, chunk_size=7)
    assert out1.read_bytes() == out2.read_bytes()
    assert e1 == e2 and s1 == s2


def test_corpus_counts_match_the_linker(corpus_dir, linker, tmp_path):
    files = sorted((corpus_dir / "finews").glob("*.md")) + sorted((corpus_dir / "variants").iterdir())
    expected = sum(len(linker.link(a).mentions) for f in files for a in read_file(f))
    summary, out, errs = run([corpus_dir / "finews", corpus_dir / "variants"], linker, tmp_path)
    assert (summary.read, summary.ok, summary.failed, summary.mentions) == (len(files), len(files), 0, expected)
    assert errs == []


def test_glob_and_order(tmp_path):
    d = tmp_path / "d"
    (d / "b").mkdir(parents=True)
    (d / "b" / "x.md").write_text("a")
    (d / "a.txt").write_text("a")
    (d / "c.md").write_text("a")
    (d / "skip.csv").write_text("a")
    tasks = list(inputs.iter_tasks([str(d)]))
    assert [Path(t.path).relative_to(d).as_posix() for t in tasks] == ["a.txt", "b/x.md", "c.md"]
    tasks = list(inputs.iter_tasks([str(d)], globs=["*.md"]))
    assert [Path(t.path).name for t in tasks] == ["x.md", "c.md"]
    tasks = list(inputs.iter_tasks([str(d / "c.md"), str(d)], globs=["b/*"]))
    assert [Path(t.path).name for t in tasks] == ["c.md", "x.md"]


def test_stdin_jsonl_and_single_article(linker):
    dump = b"\n" + json.dumps({"id": "s1", "text": "光明乳业"}, ensure_ascii=False).encode() + b"\n{bad\n"
    tasks = list(inputs.iter_tasks(["-"], stdin=io.BytesIO(dump)))
    assert [(t.kind, t.line) for t in tasks] == [("record", 2), ("record", 3)]
    tasks = list(inputs.iter_tasks(["-"], stdin=io.BytesIO(gzip.compress(dump))))
    assert [(t.kind, t.line) for t in tasks] == [("record", 2), ("record", 3)]
    tasks = list(inputs.iter_tasks(["-"], stdin=io.BytesIO(ARTICLE.encode("gb18030"))))
    assert [t.kind for t in tasks] == ["bytes"]
    assert batch.link_task(tasks[0], linker).mentions >= 1
    assert [t.kind for t in inputs.iter_tasks(["-"], stdin=io.BytesIO(b""))] == ["fail"]


def test_resume_after_a_crash_between_chunks(corpus_dir, bad_inputs, linker, tmp_path, monkeypatch):
    inputs = [corpus_dir / "finews", bad_inputs["binary"].parent]
    full_summary, full, full_errs = run(inputs, linker, tmp_path, name="full.jsonl", chunk_size=10)
    calls = {"n": 0}
    real = ResumableOutput.write_chunk

    def crash_after_three(self, chunk, outcomes):
        if calls["n"] == 3:
            # half a chunk reaches OUT, the journal line never does: a crash mid-write
            self.out.write(b'{"partial": tr')
            self.out.flush()
            raise KeyboardInterrupt
        calls["n"] += 1
        return real(self, chunk, outcomes)

    monkeypatch.setattr(ResumableOutput, "write_chunk", crash_after_three)
    with pytest.raises(KeyboardInterrupt):
        run(inputs, linker, tmp_path, name="part.jsonl", chunk_size=10)
    monkeypatch.setattr(ResumableOutput, "write_chunk", real)
    journal = tmp_path / "part.jsonl.entitylink-progress"
    assert journal.exists()
    summary, part, errs = run(inputs, linker, tmp_path, name="part.jsonl", chunk_size=25, resume=True)
    assert part.read_bytes() == full.read_bytes()
    assert errs == full_errs and summary == full_summary
    assert not journal.exists()


def test_resume_refuses_other_options(linker, tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    p.write_text("光明乳业", encoding="utf-8")
    monkeypatch.setattr(ResumableOutput, "finish", lambda self: None)  # leave the journal behind
    run([p], linker, tmp_path)
    monkeypatch.undo()
    with pytest.raises(UsageError, match="other options"):
        run([p], linker, tmp_path, level="entity", resume=True)
    summary, out, _ = run([p], linker, tmp_path, resume=True)
    assert summary.read == 1 and out.read_bytes().count(b"\n") == 1


@pytest.mark.parametrize("fmt", ["csv", "parquet", "labelstudio", "conll", "spacy"])
def test_resume_other_formats(fmt, corpus_dir, linker, tmp_path, monkeypatch):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    inputs = [corpus_dir / "variants", corpus_dir / "finews"]
    run(inputs, linker, tmp_path, name=f"full.{fmt}", fmt=fmt, chunk_size=9)
    real = ResumableOutput.write_chunk
    calls = {"n": 0}

    def crash(self, chunk, outcomes):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(self, chunk, outcomes)

    monkeypatch.setattr(ResumableOutput, "write_chunk", crash)
    with pytest.raises(KeyboardInterrupt):
        run(inputs, linker, tmp_path, name=f"part.{fmt}", fmt=fmt, chunk_size=9)
    monkeypatch.setattr(ResumableOutput, "write_chunk", real)
    run(inputs, linker, tmp_path, name=f"part.{fmt}", fmt=fmt, chunk_size=9, resume=True)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(tmp_path / f"part.{fmt}").to_pylist() == pq.read_table(tmp_path / f"full.{fmt}").to_pylist()
        assert not (tmp_path / f"part.{fmt}.entitylink-parts").exists()
    else:
        assert (tmp_path / f"part.{fmt}").read_bytes() == (tmp_path / f"full.{fmt}").read_bytes()


def test_usage_errors(linker, tmp_path):
    with pytest.raises(UsageError):
        batch.annotate(["x"], linker=linker, fmt="parquet", quiet=True)
    with pytest.raises(UsageError):
        batch.annotate(["x"], linker=linker, resume=True, quiet=True)
    with pytest.raises(UsageError):
        batch.annotate(["x"], linker=linker, workers=0, quiet=True)


def test_full_disk_is_a_clear_error_and_earlier_chunks_survive_for_resume(corpus_dir, linker, tmp_path, monkeypatch):
    """A full disk mid-run: OutputError naming OUT, the chunks written before stay whole,
    and --resume, once there is room again, gives exactly the uninterrupted output."""
    import errno

    from entitylink.errors import OutputError

    inputs_ = [corpus_dir / "finews"]
    _, full, _ = run(inputs_, linker, tmp_path, name="full.jsonl", chunk_size=10)
    real = ResumableOutput._append
    calls = {"n": 0}

    def disk_fills_up(self, f, pieces, length_key):
        if length_key == "out_bytes":
            calls["n"] += 1
            if calls["n"] == 4:
                data = b"".join(pieces)
                f.write(data[: len(data) // 2])  # part of the chunk lands, then the disk is full
                raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "part.jsonl"))
        return real(self, f, pieces, length_key)

    monkeypatch.setattr(ResumableOutput, "_append", disk_fills_up)
    with pytest.raises(OutputError, match="No space left on device") as exc:
        run(inputs_, linker, tmp_path, name="part.jsonl", chunk_size=10)
    assert "part.jsonl" in str(exc.value)
    monkeypatch.setattr(ResumableOutput, "_append", real)
    journal = [json.loads(ln) for ln in (tmp_path / "part.jsonl.entitylink-progress").read_text("utf-8").splitlines()]
    kept = journal[-1]["out_bytes"]
    assert full.read_bytes()[:kept] == (tmp_path / "part.jsonl").read_bytes()[:kept]  # earlier chunks intact
    _, part, _ = run(inputs_, linker, tmp_path, name="part.jsonl", chunk_size=10, resume=True)
    assert part.read_bytes() == full.read_bytes()


def test_unwritable_output_is_one_clear_line(tmp_path, capsys):
    from entitylink.cli import main

    (tmp_path / "a.txt").write_text("光明乳业涨停", encoding="utf-8")
    code = main(["annotate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "missing" / "x.jsonl"), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err[-1].startswith("entitylink: error: ") and "x.jsonl" in err[-1]
    assert "Traceback" not in "\n".join(err)


def test_output_or_errors_naming_an_input_is_refused_before_anything_is_opened(linker, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("光明乳业涨停", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(a)
    for kw in ({"output": str(a)}, {"output": str(tmp_path / "o.jsonl"), "errors": str(a)},
               {"output": str(link)}, {"errors": "./" + os.path.relpath(a)}):
        with pytest.raises(UsageError, match="is also an input"):
            batch.annotate([str(a)], linker=linker, quiet=True, stderr=io.StringIO(), stdout=io.BytesIO(), **kw)
        assert a.read_text(encoding="utf-8") == "光明乳业涨停"
    assert not (tmp_path / "o.jsonl").exists()
    # stdin is not a file; an output inside a directory input is only left out of the walk
    s = batch.annotate(["-", str(tmp_path)], linker=linker, output=str(tmp_path / "o.jsonl"), quiet=True,
                       stdin=io.BytesIO("贵州茅台".encode()), stderr=io.StringIO())
    assert s.read == 3  # stdin, a.txt, link.txt


def test_unopenable_errors_file_leaves_an_existing_output_untouched(linker, tmp_path):
    from entitylink.errors import OutputError

    a = tmp_path / "a.txt"
    a.write_text("光明乳业涨停", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"precious\n")
    (tmp_path / "errs").mkdir()
    for errors in (tmp_path / "errs", tmp_path / "missing" / "e.jsonl"):
        with pytest.raises(OutputError):
            batch.annotate([str(a)], linker=linker, output=str(out), errors=str(errors), quiet=True,
                           stderr=io.StringIO())
        assert out.read_bytes() == b"precious\n"
        assert not (tmp_path / "out.jsonl.entitylink-progress").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_missing_output_directory_is_the_same_error_for_every_format(fmt, linker, tmp_path):
    from entitylink.errors import OutputError

    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    a = tmp_path / "a.txt"
    a.write_text("光明乳业涨停", encoding="utf-8")
    with pytest.raises(OutputError, match="directory of the output does not exist") as exc:
        batch.annotate([str(a)], linker=linker, output=str(tmp_path / "missing" / f"x.{fmt}"), fmt=fmt,
                       quiet=True, stderr=io.StringIO())
    assert str(tmp_path / "missing") in str(exc.value)
    assert not (tmp_path / "missing").exists()


def _interrupt_after(monkeypatch, chunks: int) -> None:
    real = ResumableOutput.write_chunk
    calls = {"n": 0}

    def crash(self, chunk, outcomes):
        if calls["n"] == chunks:
            raise KeyboardInterrupt
        calls["n"] += 1
        return real(self, chunk, outcomes)

    monkeypatch.setattr(ResumableOutput, "write_chunk", crash)


@pytest.mark.parametrize("change", ["insert_file", "insert_record", "remove_file", "truncate"])
def test_resume_refuses_when_the_inputs_changed(change, linker, tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(6):
        (d / f"a{i}.txt").write_text("光明乳业涨停", encoding="utf-8")
    dump = d / "z.jsonl"
    dump.write_text("".join(json.dumps({"id": f"r{i}", "text": "沪指"}) + "\n" for i in range(6)), encoding="utf-8")
    _interrupt_after(monkeypatch, 2)
    with pytest.raises(KeyboardInterrupt):
        run([d], linker, tmp_path, chunk_size=4)
    monkeypatch.undo()
    if change == "insert_file":
        (d / "a0b.txt").write_text("贵州茅台", encoding="utf-8")  # sorts among the units already done
    elif change == "insert_record":
        dump.write_text(json.dumps({"id": "new", "text": "沪指"}) + "\n" + dump.read_text("utf-8"), encoding="utf-8")
    elif change == "remove_file":
        (d / "a1.txt").unlink()
    else:
        for f in d.iterdir():
            f.unlink()
        (d / "a0.txt").write_text("光明乳业涨停", encoding="utf-8")
    with pytest.raises(UsageError, match="inputs changed since the interrupted run"):
        run([d], linker, tmp_path, chunk_size=4, resume=True)
    summary, out, _ = run([d], linker, tmp_path, chunk_size=4)  # without --resume: starts over
    assert summary.failed == 0


def test_resume_with_unchanged_inputs_goes_on_and_stdin_is_refused(linker, tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(6):
        (d / f"a{i}.txt").write_text("光明乳业涨停", encoding="utf-8")
    _, full, _ = run([d], linker, tmp_path, name="full.jsonl", chunk_size=2)
    _interrupt_after(monkeypatch, 1)
    with pytest.raises(KeyboardInterrupt):
        run([d], linker, tmp_path, chunk_size=2)
    monkeypatch.undo()
    (d / "b.txt").write_text("光明乳业涨停", encoding="utf-8")  # after the units done: fine
    summary, out, _ = run([d], linker, tmp_path, chunk_size=2, resume=True)
    assert summary.read == 7 and out.read_bytes().startswith(full.read_bytes()[:-1].rsplit(b"\n", 1)[0])
    with pytest.raises(UsageError, match="stdin"):
        run(["-"], linker, tmp_path, resume=True, stdin=io.BytesIO(b"x"))


def test_jsonl_records_split_at_newline_only_even_in_utf16_dumps(tmp_path):
    recs = [{"id": "a", "content": "光明乳业\u2028公告\u2029x"}, {"id": "b", "content": "平安银行"}]
    data = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\r\n"
    for enc in ("utf-8", "utf-16"):
        p = tmp_path / f"d-{enc}.jsonl"
        p.write_bytes(data.encode(enc))
        got = list(inputs.iter_articles([str(p)]))
        assert [(a.article_id, a.text) for a in got] == [("a", recs[0]["content"]), ("b", "平安银行")]
        assert [t.line for t in inputs.iter_tasks([str(p)])] == [1, 2]


def test_stdin_leading_blank_lines_then_one_record(tmp_path):
    data = b"\n" * 20000 + b'{"id": "a", "content": "x"}\n'
    tasks = list(inputs.iter_tasks(["-"], stdin=io.BytesIO(data)))
    assert [(t.kind, t.line) for t in tasks] == [("record", 20001)]
