"""entitylink annotate from the command line: exit codes, summary line, errors file, stdin, resume after SIGKILL."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from entitylink.cli import main

REPO = Path(__file__).resolve().parents[1]
DICT_CSV = """secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source
1.600597,stock,光明乳业,光明乳业,name,0,,,test
1.600519,stock,贵州茅台,贵州茅台,name,0,,,test
1.000001,index,上证指数,上证指数,name,0,,,test
1.000001,index,上证指数,沪指,short_form,0,,,test
0.399006,index,创业板指,创业板指,name,0,,,test
"""


@pytest.fixture(scope="module")
def dict_args(tmp_path_factory) -> list[str]:
    p = tmp_path_factory.mktemp("dict") / "d.csv"
    p.write_text(DICT_CSV, encoding="utf-8")
    return ["--dictionary", str(p), "--replace-dictionary", "--quiet"]


def summary(err: str) -> tuple[int, ...]:
    last = err.strip().splitlines()[-1]
    n, ok, failed, mentions = (int(x.split()[0]) for x in last.split(", "))
    assert last == f"{n} read, {ok} ok, {failed} failed, {mentions} mentions"
    return n, ok, failed, mentions


def test_corpus_to_stdout_exit_0(corpus_dir, dict_args, capsys):
    code = main(["annotate", *dict_args, str(corpus_dir / "finews"), str(corpus_dir / "variants")])
    out, err = capsys.readouterr()
    records = [json.loads(ln) for ln in out.splitlines()]
    n, ok, failed, mentions = summary(err)
    assert code == 0 and (n, ok, failed) == (113, 113, 0) and mentions == len(records) > 0
    for col in ("path", "article_id", "start", "end", "surface", "secid", "code", "market", "exchange",
                "kind", "name", "method", "confidence"):
        assert col in records[0]


def test_bad_inputs_exit_1_with_errors_file(tmp_path, dict_args, capsys):
    good = tmp_path / "good.txt"
    good.write_text("光明乳业今日涨停", encoding="utf-8")
    gb = tmp_path / "gb.txt"
    gb.write_bytes("贵州茅台上涨".encode("gb18030"))
    binary = tmp_path / "bin.html"
    binary.write_bytes(b"\x00\xff\x00")
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"id": "1", "text": "沪指"}\n{oops\n', encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    code = main(["annotate", *dict_args, "--errors", str(errors), str(good), str(gb), str(binary), str(dump),
                 str(tmp_path / "missing.md")])
    out, err = capsys.readouterr()
    assert code == 1
    assert summary(err) == (6, 3, 3, 3)
    errs = [json.loads(ln) for ln in errors.read_text("utf-8").splitlines()]
    assert [(Path(e["path"]).name, e["line"], e["error"]) for e in errs] == [
        ("bin.html", None, "DecodeError"), ("d.jsonl", 2, "ArticleFormatError"), ("missing.md", None, "InputError")]
    # without --errors: one line per failure on stderr, before the summary
    code = main(["annotate", *dict_args, str(binary), str(good)])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 1 and "DecodeError" in lines[-2] and str(binary) in lines[-2]
    assert summary(err) == (2, 1, 1, 1)


def test_usage_errors_exit_2(tmp_path, dict_args, capsys):
    p = tmp_path / "a.txt"
    p.write_text("光明乳业", encoding="utf-8")
    assert main(["annotate", *dict_args, "--format", "parquet", str(p)]) == 2
    assert main(["annotate", *dict_args, "--resume", str(p)]) == 2
    assert main(["annotate", *dict_args, "--format", "conll", "--level", "entity", str(p)]) == 2
    assert main(["annotate", *dict_args, "--workers", "0", str(p)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "parquet needs -o" in err


def test_dash_file_name_and_stdin(tmp_path, dict_args, capsys, monkeypatch):
    dash = tmp_path / "-20220101000004.md"
    dash.write_text("---\ntitle: \"\"\ndate:  +0800\n---\n光明乳业涨停", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["annotate", *dict_args, "--", dash.name]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out.splitlines()[0])["article_id"] == "20220101000004"
    data = "\n".join(json.dumps({"id": f"s{i}", "text": "沪指上涨"}, ensure_ascii=False) for i in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(data.encode()))))
    assert main(["annotate", *dict_args, "-"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(ln)["article_id"] for ln in out.splitlines()] == ["s0", "s1", "s2"]
    assert summary(err) == (3, 3, 0, 3)


def test_formats_from_the_cli(corpus_dir, tmp_path, dict_args, capsys):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    inputs = [str(corpus_dir / "variants")]
    outs = {}
    for fmt in ("jsonl", "csv", "parquet", "conll", "displacy", "labelstudio", "labelstudio-jsonl"):
        outs[fmt] = tmp_path / f"o.{fmt}"
        assert main(["annotate", *dict_args, "--format", fmt, "-o", str(outs[fmt]), *inputs]) == 0
    capsys.readouterr()
    recs = [json.loads(ln) for ln in outs["jsonl"].read_text("utf-8").splitlines()]
    assert pq.read_table(outs["parquet"]).to_pylist() == recs
    assert outs["csv"].read_text("utf-8").count("\n") == len(recs) + 1
    assert len(json.loads(outs["labelstudio"].read_text("utf-8"))) == 6
    assert len(outs["displacy"].read_text("utf-8").splitlines()) == 6
    assert len(outs["labelstudio-jsonl"].read_text("utf-8").splitlines()) == 6
    assert outs["conll"].read_text("utf-8").count("-DOCSTART- -X- O O\n") == 6


def test_format_follows_the_output_suffix_unless_given(tmp_path, dict_args, capsys):
    """`-o m.csv` without --format writes CSV (it used to write JSONL into the .csv file);
    an explicit --format wins over the suffix; an unknown suffix stays JSONL."""
    src = tmp_path / "a.txt"
    src.write_text("光明乳业涨停，贵州茅台下跌", encoding="utf-8")
    for name in ("m.csv", "M.CSV", "m.jsonl", "m.txt"):
        assert main(["annotate", *dict_args, "-o", str(tmp_path / name), str(src)]) == 0
    assert main(["annotate", *dict_args, "--format", "jsonl", "-o", str(tmp_path / "forced.csv"), str(src)]) == 0
    capsys.readouterr()
    header = (tmp_path / "m.csv").read_text("utf-8").splitlines()[0]
    assert header.startswith("path,article_id,")
    assert (tmp_path / "M.CSV").read_bytes() == (tmp_path / "m.csv").read_bytes()
    for name in ("m.jsonl", "m.txt", "forced.csv"):
        lines = (tmp_path / name).read_text("utf-8").splitlines()
        assert [json.loads(ln)["surface"] for ln in lines] == ["光明乳业", "贵州茅台"], name


def test_python_dash_m_entrypoint(tmp_path, dict_args):
    p = tmp_path / "a.txt"
    p.write_text("光明乳业", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "entitylink", "annotate", *dict_args, str(p)],
                       capture_output=True, text=True, cwd=REPO, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["secid"] == "1.600597"
    assert r.stderr.strip().splitlines()[-1] == "1 read, 1 ok, 0 failed, 1 mentions"


def test_resume_after_sigkill_equals_uninterrupted_run(corpus_dir, tmp_path, dict_args):
    many = tmp_path / "many"
    for i in range(40):
        shutil.copytree(corpus_dir / "finews", many / f"c{i:02d}")
    (many / "c00" / "broken.html").write_bytes(b"\x00binary")
    inputs = [str(many / f"c{i:02d}") for i in range(40)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def cmd(out: Path, *extra: str) -> list[str]:
        return [sys.executable, "-m", "entitylink", "annotate", *dict_args, *inputs, "-o", str(out),
                "--errors", str(out) + ".err", "--workers", "1", *extra]

    full = tmp_path / "full.jsonl"
    r = subprocess.run(cmd(full), capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1, r.stderr  # the broken file
    part = tmp_path / "part.jsonl"
    proc = subprocess.Popen(cmd(part), stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while not (part.exists() and part.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    if proc.returncode != -signal.SIGKILL:
        pytest.fail("the run finished before it could be killed; give it more input")
    assert part.stat().st_size < full.stat().st_size
    r = subprocess.run(cmd(part, "--resume"), capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1, r.stderr
    assert part.read_bytes() == full.read_bytes()
    assert Path(str(part) + ".err").read_bytes() == Path(str(full) + ".err").read_bytes()
    assert r.stderr.strip().splitlines()[-1] == f"{40 * 107 + 1} read, {40 * 107} ok, 1 failed, " + \
        r.stderr.strip().splitlines()[-1].split(", ")[-1]
    assert not Path(str(part) + ".entitylink-progress").exists()


def test_max_bytes_makes_large_inputs_failures(tmp_path, dict_args, capsys):
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text("光明乳业涨停", encoding="utf-8")
    large.write_text("光明乳业涨停。" * 200, encoding="utf-8")
    code = main(["annotate", str(small), str(large), *dict_args, "--max-bytes", "1000", "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert any("large.txt" in line and "too large" in line for line in err)
    assert err[-1] == "2 read, 1 ok, 1 failed, 1 mentions"
    assert main(["annotate", str(small), *dict_args, "--max-bytes", "0", "--quiet"]) == 2


def test_output_naming_an_input_exits_2_and_keeps_the_input(tmp_path, dict_args, capsys):
    a = tmp_path / "a.txt"
    a.write_text("光明乳业涨停", encoding="utf-8")
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"id": "1", "html": "<span id=\\"stock_1.600597\\">光明乳业</span>"}\n', encoding="utf-8")
    before = dump.read_bytes()
    assert main(["annotate", *dict_args, str(a), str(dump), "-o", str(dump)]) == 2
    assert main(["annotate", *dict_args, str(a), "--errors", str(a)]) == 2
    assert main(["dict", "harvest", str(dump), "-o", str(dump)]) == 2
    err = capsys.readouterr().err
    assert err.count("is also an input") == 3 and "Traceback" not in err
    assert dump.read_bytes() == before and a.read_text(encoding="utf-8") == "光明乳业涨停"


def test_bad_errors_file_or_missing_directory_leaves_out_untouched(tmp_path, dict_args, capsys):
    a = tmp_path / "a.txt"
    a.write_text("光明乳业涨停", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"earlier results\n")
    (tmp_path / "adir").mkdir()
    assert main(["annotate", *dict_args, str(a), "-o", str(out), "--errors", str(tmp_path / "adir")]) == 2
    assert main(["annotate", *dict_args, str(a), "-o", str(out), "--errors", str(tmp_path / "no" / "e.jsonl")]) == 2
    assert out.read_bytes() == b"earlier results\n"
    err = capsys.readouterr().err
    assert "directory of the errors file does not exist" in err and "Traceback" not in err


def test_resume_with_stdin_exits_2(tmp_path, dict_args, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"id": "a", "text": "x"}\n')))
    assert main(["annotate", *dict_args, "-", "-o", str(tmp_path / "o.jsonl"), "--resume"]) == 2
    assert "--resume cannot continue a run that reads stdin" in capsys.readouterr().err


def test_file_names_that_are_not_utf8_are_linked_and_written_escaped(tmp_path, dict_args, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        bad = os.path.join(os.fsencode(folder), b"\xff\xfe-2.md")
        with open(bad, "wb") as f:
            f.write("光明乳业(600597)涨停".encode())
        with open(os.path.join(os.fsencode(folder), b"\xfe-empty.md"), "wb"):
            pass
    except (OSError, ValueError):
        pytest.skip("this file system does not take file names that are not UTF-8")
    out, errors = tmp_path / "m.jsonl", tmp_path / "e.jsonl"
    args = ["annotate", str(folder), "-o", str(out), "--errors", str(errors), *dict_args]
    assert main(args) == 1  # the empty file fails, the other links
    assert summary(capsys.readouterr().err) == (2, 1, 1, 2)
    paths = {json.loads(line)["path"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert paths == {str(folder) + os.sep + "\\xff\\xfe-2.md"}
    failed = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [e["path"] for e in failed] == [str(folder) + os.sep + "\\xfe-empty.md"]
    # and the run's journal took such names; the run finished, so there is nothing to resume
    assert main([*args, "--resume"]) == 2
