"""entitylink dict harvest: tagged pairs the dictionary lacks, as a valid user dictionary."""

from __future__ import annotations

import csv
import io

import pytest

from entitylink.read.article import read_article
from entitylink.cli import main
from entitylink.knowledge.dictionary import Dictionary, check_file
from entitylink.tools.harvest import harvest_rows

DICT_CSV = """secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source
1.600597,stock,光明乳业,光明乳业,name,0,,,test
"""


@pytest.fixture
def small_dictionary(tmp_path) -> Dictionary:
    p = tmp_path / "d.csv"
    p.write_text(DICT_CSV, encoding="utf-8")
    return Dictionary.from_csv(p, replace=True)


def _post(date: str, body: str) -> str:
    return f"---\ntitle: t\ndate: {date} +0800\n---\n{body}"


def test_rows_for_unknown_secids_and_surfaces(small_dictionary):
    a = read_article(_post("2022-06-14 10:00:00",
                           '<p><span id="stock_1.600597">光明</span>和<span id="stock_1.688668">鼎通科技</span></p>'),
                     name="2022-06-14-2022061400001.md")
    b = read_article(_post("2021-12-08 09:00:00",
                           '<p><span id="stock_1.688668">鼎通科技</span><span id="stock_1.688668">鼎通</span>'
                           '<span id="stock_1.600597">光明乳业</span></p>'),
                     name="2021-12-08-2021120800001.md")
    rows = harvest_rows([a, b], small_dictionary)
    got = [(r["secid"], r["name"], r["alias"], r["alias_type"], r["valid_from"], r["source"]) for r in rows]
    assert got == [
        ("1.600597", "光明乳业", "光明", "short_form", "2022-06-14", "harvest:2022-06-14..2022-06-14"),
        ("1.688668", "鼎通科技", "鼎通科技", "name", "2021-12-08", "harvest:2021-12-08..2022-06-14"),
        ("1.688668", "鼎通科技", "鼎通", "short_form", "2021-12-08", "harvest:2021-12-08..2021-12-08"),
    ]
    assert all(r["kind"] == "stock" for r in rows)


def test_cli_harvest_over_corpus_writes_a_valid_dictionary(corpus_dir, tmp_path, small_dictionary, monkeypatch, capsys):
    monkeypatch.setattr(Dictionary, "default", classmethod(lambda cls: small_dictionary))
    out = tmp_path / "harvested.csv"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n", encoding="utf-8")
    code = main(["dict", "harvest", str(corpus_dir / "finews"), str(corpus_dir / "variants"), str(bad), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1  # the bad record is listed, the rest harvested
    assert "bad.jsonl:1" in err and err.strip().splitlines()[-1].startswith("114 read, 113 ok, 1 failed")
    assert check_file(out) == []
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert rows and ("1.600597", "光明乳业") not in {(r["secid"], r["alias"]) for r in rows}
    dated = [r for r in rows if r["valid_from"]]
    assert dated and all(r["source"].startswith(f"harvest:{r['valid_from']}..") for r in dated)
    # merging the harvest makes those pairs known: a second harvest finds nothing new
    merged = small_dictionary.merged(Dictionary.from_csv(out, replace=True))
    monkeypatch.setattr(Dictionary, "default", classmethod(lambda cls: merged))
    assert main(["dict", "harvest", str(corpus_dir / "finews"), str(corpus_dir / "variants")]) == 0
    out2 = capsys.readouterr().out
    assert out2.strip().splitlines() == ["secid,kind,name,alias,alias_type,common_word,valid_from,valid_to,source"]
