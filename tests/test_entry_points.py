"""Notebook entry points and CLI ergonomics: annotate_frame like the CLI, extract refusing a path,
exit codes, global flags, examples in every --help, evaluate --json, a progress total."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import entitylink as el
from entitylink.batch.progress import count_units
from entitylink.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"


@pytest.fixture(scope="module")
def cli_mentions(tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("cli") / "m.jsonl"
    assert main(["annotate", str(EXAMPLES), "-o", str(out), "--quiet"]) == 0
    return el.read_records(out)


def _article_frame() -> pd.DataFrame:
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".md", ".html"))
    return pd.DataFrame({"path": [str(p) for p in files], "html": [p.read_text("utf-8") for p in files]},
                        index=[f"r{i}" for i in range(len(files))])


def test_annotate_frame_keeps_the_articles_own_id_and_path(cli_mentions):
    result = el.annotate_frame(_article_frame(), path_column="path", progress=False)
    keys = ["path", "article_id", "start", "end", "secid"]
    got = result.mentions[keys].reset_index(drop=True)
    want = cli_mentions[cli_mentions["path"].isin(set(got["path"]))][keys].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)  # joins with the CLI's records
    assert not got["article_id"].str.startswith("r").any()


def test_annotate_frame_without_a_path_column_has_no_made_up_path():
    df = pd.DataFrame({"html": ["<p>贵州茅台涨停</p>"]}, index=[7])
    result = el.annotate_frame(df, progress=False)
    assert result.mentions["path"].isna().all() and result.mentions["article_id"].tolist() == ["7"]
    assert result.mentions["row"].tolist() == [7]


def test_annotate_frame_workers_give_the_same_frames():
    df = pd.concat([_article_frame()] * 3, ignore_index=True)
    one = el.annotate_frame(df, path_column="path", progress=False)
    two = el.annotate_frame(df, path_column="path", workers=2, progress=False)
    for a, b in zip(one, two):
        pd.testing.assert_frame_equal(a, b)
    with pytest.raises(el.UsageError):
        el.annotate_frame(df, workers=0, progress=False)


def test_annotate_frame_shows_a_progress_bar(capsys):
    el.annotate_frame(pd.DataFrame({"html": ["贵州茅台涨停", "五粮液大涨"]}), progress=True)
    assert "0/2 [" in capsys.readouterr().err  # a total, so a percentage and an ETA


def test_extract_refuses_a_path_string():
    path = str(EXAMPLES / "baijiu-rally.html")
    with pytest.raises(el.UsageError, match=r"el\.read_file"):
        el.extract(path)
    assert el.extract(Path(path)).mentions  # a Path is read
    assert el.extract("贵州茅台涨停").mentions  # text that is not a file is text


def test_exit_codes_for_unwritable_output_and_missing_dictionary(tmp_path, capsys):
    assert main(["annotate", str(EXAMPLES), "-o", str(tmp_path / "no" / "x.jsonl"), "--quiet"]) == 2
    assert main(["annotate", str(EXAMPLES), "--dictionary", str(tmp_path / "none.csv"), "--quiet"]) == 2
    assert main(["annotate", str(tmp_path / "missing.md"), "--quiet"]) == 1
    capsys.readouterr()


def test_verbose_is_accepted_after_the_subcommand():
    parser = build_parser()
    assert parser.parse_args(["schema", "-v"]).verbose == 1
    assert parser.parse_args(["-v", "schema"]).verbose == 1
    assert parser.parse_args(["annotate", "x", "-vv"]).verbose == 2
    assert parser.parse_args(["annotate", "x"]).verbose == 0


@pytest.mark.parametrize("argv", [[], ["annotate"], ["evaluate"], ["show"], ["retag"], ["schema"],
                                  ["labelstudio-config"], ["dict"], ["dict", "check"], ["dict", "harvest"]])
def test_every_help_has_examples_and_exit_codes(argv, capsys):
    assert main(argv + ["--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:\n  entitylink " in out
    assert "exit codes:" in out and "  2  usage error" in out


def test_evaluate_json_report(tmp_path, capsys):
    gold = ROOT / "tests" / "fixtures" / "gold" / "small.gold.jsonl"
    arts = tmp_path / "articles"
    arts.mkdir()
    for name in ("2021-12-08-1.md", "2021-12-08-2.md", "2021-12-08-3.md"):
        (arts / name).write_text("光明乳业发布公告，贵州茅台股价大涨。", encoding="utf-8")
    report = tmp_path / "report.json"
    code = main(["evaluate", "--gold", str(gold), str(arts), "--json", str(report)])
    assert code in (0, 1)
    data = json.loads(report.read_text("utf-8"))
    assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= set(data["mention"])
    assert set(data) >= {"entity", "mention", "entity_by_kind", "articles", "failures"}
    assert "F1" in capsys.readouterr().out  # the text report too
    main(["evaluate", "--gold", str(gold), str(arts), "--json", "-"])
    assert json.loads(capsys.readouterr().out)["mention"] == data["mention"]


def test_progress_total_counts_files_and_dump_lines():
    dump_lines = len((EXAMPLES / "briefs.jsonl").read_text("utf-8").splitlines())
    files = [p for p in EXAMPLES.iterdir() if p.name != "briefs.jsonl"]
    assert count_units([str(EXAMPLES)]) == len(files) + dump_lines
