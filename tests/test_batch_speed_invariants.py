"""What the batch run's speed-ups must not change: which inputs are found and in
what order, what is read, what is written, and that every unit is accounted for."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from entitylink.batch import run as batch
from entitylink.read import sources as inputs
from entitylink.errors import InputError
from entitylink.batch.journal import ResumableOutput


def _tree(root: Path) -> None:
    for rel in ["a.md", "a/b/c.md", "a/b.md", "a.d/q.txt", "x.entitylink-parts/p.md", "z/1.html", "a b.md",
                "A.md", "_.md", "é.md", "out.jsonl", "a/out.jsonl", "c.json", "skip.png", "deep/1/2/3/4.txt"]:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("光明乳业", encoding="utf-8")
    (root / "linkdir").symlink_to(root / "a")  # a symlinked directory is not followed
    (root / "link.md").symlink_to(root / "a.md")
    (root / "outlink.jsonl").symlink_to(root / "out.jsonl")


def _walk_then_sort(root: str, exclude: list[str]) -> list[tuple[str, str]]:
    """The order the directory walk promises: every wanted file, sorted by its path's components."""
    excluded = {os.path.realpath(p) for p in exclude}
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.endswith(".entitylink-parts")]
        for fn in filenames:
            full = os.path.join(dirpath, fn)
            if fn.lower().endswith(inputs.DEFAULT_SUFFIXES) and os.path.realpath(full) not in excluded:
                found.append((full, os.path.relpath(full, root)))
    return sorted(found, key=lambda f: f[1].split(os.sep))


@pytest.mark.parametrize("spelling", ["{}", "{}/", "{}/./"])
def test_directory_walk_is_in_path_order(tmp_path, spelling):
    root = tmp_path / "in"
    _tree(root)
    out = str(root / "out.jsonl")
    got = list(inputs.iter_files([spelling.format(root)], exclude=[out]))
    assert got == _walk_then_sort(spelling.format(root), [out])
    rels = [rel for _, rel in got]
    assert rels.index("a/b/c.md") < rels.index("a/b.md") < rels.index("a b.md") < rels.index("a.md")
    assert "out.jsonl" not in rels and "outlink.jsonl" not in rels and "a/out.jsonl" in rels
    assert not any(r.startswith(("linkdir", "x.entitylink-parts")) for r in rels)


def test_an_unlistable_directory_is_a_failed_input_in_its_place(tmp_path, monkeypatch):
    root = tmp_path / "in"
    _tree(root)
    real = os.scandir

    def scandir(path):
        if os.fspath(path).endswith(os.sep + "a"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    got = list(inputs.iter_files([str(root)]))
    names = [g[1] if isinstance(g, tuple) else ("fail", g.path, g.reason) for g in got]
    assert names[:3] == ["A.md", "_.md", ("fail", str(root / "a"), "cannot list directory: Permission denied")]
    assert names[3] == "a b.md"


def test_unlistable_root_is_one_failed_input(tmp_path, monkeypatch):
    root = tmp_path / "in"
    root.mkdir()

    def scandir(path):
        raise PermissionError(13, "Permission denied", os.fspath(path))

    monkeypatch.setattr(os, "scandir", scandir)
    [task] = list(inputs.iter_tasks([str(root)]))
    assert (task.kind, task.path, task.reason) == ("fail", str(root), "cannot list directory: Permission denied")


def test_read_input_reads_whole_files_and_keeps_the_limit(tmp_path):
    p = tmp_path / "a.html"
    for size in (0, 1, 4095, 65536, 200_001):
        data = os.urandom(size)
        p.write_bytes(data)
        assert inputs.read_input(str(p)) == data
    p.write_bytes(b"x" * 100)
    assert inputs.read_input(str(p), max_bytes=100) == b"x" * 100
    with pytest.raises(InputError, match="too large"):
        inputs.read_input(str(p), max_bytes=99)
    g = tmp_path / "b.html.gz"
    data = os.urandom(300_000) + b"x" * 300_000  # grows about twofold when decompressed
    g.write_bytes(gzip.compress(data))
    assert inputs.read_input(str(g)) == data
    assert inputs.read_input(str(g), max_bytes=len(data)) == data
    with pytest.raises(InputError, match="more than"):
        inputs.read_input(str(g), max_bytes=len(data) - 1)


def test_a_failed_file_keeps_the_article_id_of_its_name(tmp_path):
    from entitylink.link.linker import Linker

    bad = tmp_path / "2022-01-01-202201011234567890.html"
    bad.write_bytes(b"\x00\x01binary\x00")
    [task] = list(inputs.iter_tasks([str(bad)]))
    outcome = batch.link_task(task, Linker.default())
    assert outcome.error is not None and outcome.error["article_id"] == "202201011234567890"


# -- chunks (written and journaled at once) and pieces (linked at once) -----------------


@pytest.fixture(scope="module")
def small_linker(tmp_path_factory):
    from entitylink.knowledge.dictionary import Dictionary
    from entitylink.link.linker import Linker

    p = tmp_path_factory.mktemp("dict") / "d.csv"
    p.write_text("secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source\n"
                 "1.600597,stock,光明乳业,光明乳业,name,0,,,test\n"
                 "1.600519,stock,贵州茅台,贵州茅台,name,0,,,test\n", encoding="utf-8")
    return Linker(Dictionary.from_csv(p, replace=True))


@pytest.fixture
def many_inputs(tmp_path) -> list[str]:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(37):
        text = "光明乳业涨停，贵州茅台" * (i % 3) if i % 5 else "无"
        (d / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    (d / "015.html").write_bytes(b"\x00\x01binary\x00")  # one failed unit in the middle
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps({"id": f"r{i}", "content": "光明乳业" * i}, ensure_ascii=False) + "\n"
                            for i in range(1, 12)) + "{not json}\n", encoding="utf-8")
    return [str(d), str(dump)]


def _annotate(paths, linker, out: Path, **kw):
    errors = out.with_suffix(".errors")
    s = batch.annotate(paths, linker=linker, output=str(out), errors=str(errors), quiet=True,
                       stderr=io.StringIO(), **kw)
    return s, out.read_bytes(), errors.read_bytes()


@pytest.mark.parametrize("piece_size", [1, 3, 7, 500])
def test_output_does_not_depend_on_workers_chunks_or_pieces(many_inputs, small_linker, tmp_path, monkeypatch,
                                                           piece_size):
    reference = _annotate(many_inputs, small_linker, tmp_path / "ref.jsonl", chunk_size=10_000)
    monkeypatch.setattr(batch, "PIECE_SIZE", piece_size)
    written = []
    real = ResumableOutput.write_chunk

    def spy(self, chunk, outcomes):
        written.append((len(chunk), len(outcomes)))
        return real(self, chunk, outcomes)

    monkeypatch.setattr(ResumableOutput, "write_chunk", spy)
    for workers in (1, 2):
        written.clear()
        got = _annotate(many_inputs, small_linker, tmp_path / f"w{workers}.jsonl", chunk_size=10, workers=workers)
        assert got == reference
        # a chunk is written once its pieces hold 10 units (each piece at most 10), then the rest
        size = -(-10 // min(piece_size, 10)) * min(piece_size, 10)
        assert written == [(size, size)] * (50 // size) + ([(50 % size, 50 % size)] if 50 % size else [])
    summary = reference[0]
    assert (summary.read, summary.failed) == (50, 12)  # 10 empty files, the binary one, the bad record


def test_a_chunk_is_journaled_once_its_pieces_hold_chunk_size_units(many_inputs, small_linker, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "PIECE_SIZE", 4)
    monkeypatch.setattr(ResumableOutput, "finish", lambda self: self.close())  # keep the journal
    _annotate(many_inputs, small_linker, tmp_path / "o.jsonl", chunk_size=15)
    lines = [json.loads(ln) for ln in (tmp_path / "o.jsonl.entitylink-progress").read_text("utf-8").splitlines()]
    assert [ln["units"] for ln in lines[1:]] == [0, 16, 32, 48, 50]  # pieces of 4 until 15 or more
    assert lines[-1]["out_bytes"] == (tmp_path / "o.jsonl").stat().st_size


def test_the_journal_hash_of_the_units_is_the_one_older_journals_have():
    """Resuming a run started by an earlier version needs the same running hash."""
    import hashlib

    from entitylink.read.sources import Task
    from entitylink.batch.journal import _unit_digest

    def documented(previous, task):
        h = hashlib.sha256(json.dumps([previous, task.path, task.line], ensure_ascii=False).encode("utf-8"))
        if task.data is not None:
            h.update(task.data.encode("utf-8", "surrogatepass") if isinstance(task.data, str) else task.data)
        return h.hexdigest()

    tasks = [Task("file", "/a/b.md"), Task("record", 'we"ird\\\n\u2028é\x00 名.jsonl', 3, b'{"id": 1}'),
             Task("record", "<stdin>", 12, '{"id": "\ud800"}'), Task("bytes", "<stdin>", None, b"x"),
             Task("fail", "missing.md", 0, error="InputError", reason="cannot read")]
    ours = theirs = ""
    for t in tasks:
        ours, theirs = _unit_digest(ours, t), documented(theirs, t)
        assert ours == theirs


# -- the records written are the models' records -----------------------------------


@pytest.fixture(scope="module")
def corpus_documents(corpus_dir):
    from entitylink.link.linker import Linker

    linker = Linker.default()
    arts = [a for a in inputs.iter_articles([str(corpus_dir / "finews"), str(corpus_dir / "variants")])
            if not isinstance(a, dict)]
    assert len(arts) > 100
    return [linker.link(a, unlinked=u) for a in arts for u in (False, True)]


@pytest.mark.parametrize("level", ["mention", "entity"])
def test_records_are_the_models_records_in_column_order(corpus_documents, level):
    from entitylink.write import records as outputs

    cols = outputs.columns(level)
    n = 0
    for doc in corpus_documents:
        want = [{c: r.get(c) for c in cols} for r in doc.to_records(level)]
        got = outputs.records(doc, level)
        assert [list(r.items()) for r in got] == [list(r.items()) for r in want]
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in want).encode("utf-8")
        assert outputs.render(doc, "jsonl", level) == (lines, len(want))
        assert outputs.render(doc, "csv", level)[0] == outputs.encode_csv(want, level)
        n += len(want)
    assert n > 200


def test_tasks_and_outcomes_survive_pickling_whole():
    """They cross to the workers and back pickled; every field must come back."""
    import dataclasses
    import pickle

    from entitylink.read.sources import Task

    t = Task("record", "d.jsonl", 3, b"{}", "InputError", "why", "id9")
    o = batch.Outcome(piece=b"x\n", items=1, mentions=2, error={"path": "p"})
    for value in (t, o):
        assert all(getattr(value, f.name) != f.default for f in dataclasses.fields(value))  # every field set
        assert pickle.loads(pickle.dumps(value)) == value


def test_a_file_that_grew_after_its_stat_is_read_whole_up_to_the_limit(tmp_path, monkeypatch):
    p = tmp_path / "a.txt"
    data = os.urandom(300_000)
    p.write_bytes(data)
    real = os.stat

    def stale(path, *a, **k):  # the size before the file grew
        st = real(path, *a, **k)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10,
                               st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(os, "stat", stale)
    assert inputs.read_input(str(p)) == data
    with pytest.raises(InputError, match="more than 299999 bytes"):
        inputs.read_input(str(p), max_bytes=299_999)


def _chunk_sizes(monkeypatch) -> list[int]:
    """The sizes of the chunks ResumableOutput writes from now on, as they are written."""
    written: list[int] = []
    real = ResumableOutput.write_chunk

    def spy(self, chunk, outcomes):
        written.append(len(chunk))
        return real(self, chunk, outcomes)

    monkeypatch.setattr(ResumableOutput, "write_chunk", spy)
    return written


def test_big_output_is_written_before_the_chunk_is_full(many_inputs, small_linker, tmp_path, monkeypatch):
    reference = _annotate(many_inputs, small_linker, tmp_path / "ref.jsonl")
    monkeypatch.setattr(batch, "PIECE_SIZE", 4)
    monkeypatch.setattr(batch, "CHUNK_BYTES", 1)  # every piece holds more than that
    written = _chunk_sizes(monkeypatch)
    assert _annotate(many_inputs, small_linker, tmp_path / "o.jsonl") == reference
    assert written == [4] * 12 + [2]


def test_without_output_each_piece_is_written_as_it_comes(many_inputs, small_linker, monkeypatch):
    monkeypatch.setattr(batch, "PIECE_SIZE", 5)
    written = _chunk_sizes(monkeypatch)
    out = io.BytesIO()
    batch.annotate(many_inputs, linker=small_linker, stdout=out, quiet=True, stderr=io.StringIO())
    assert written == [5] * 10
    assert out.getvalue().count(b"\n") > 20
