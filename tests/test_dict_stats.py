"""entitylink dict stats: counts of a tiny hand-written dictionary, exactly; and it runs on the default."""

from __future__ import annotations

import json

import pytest

from entitylink.cli import main
from entitylink.knowledge.dictionary import COLUMNS, Dictionary
from entitylink.tools.stats import dictionary_stats, source_parts

TINY = ",".join(COLUMNS) + """
1.600597,stock,光明乳业,光明乳业,name,0,,,cninfo@2016-01-23..adata@2025-08-07
1.600597,stock,光明乳业,光明,short_form,1,,,curated:cn_aliases
0.000004,stock,国华退,国华网安,former,0,2016-01-24,2025-08-07,tushare@2019-05-05..adata@2023-10-18
0.000004,stock,国华退,国华退,name,0,2025-08-07,,adata@2025-08-07
116.00700,stock,腾讯控股,腾讯,short_form,0,,,harvest:2021-12-08..2022-06-14
116.00700,stock,腾讯控股,TENCENT,english,0,,,hkex@2021-10-11..hkex@2026-03-23
90.BK0922,board,数据中心,数据中心,name,1,,,adata-concepts@2025-08-07
90.BK0815,board,昨日涨停,,,,,,adata-concepts@2025-08-07:signal
1.000001,index,上证指数,上证指数,name,0,,,
"""


@pytest.fixture
def tiny(tmp_path):
    p = tmp_path / "tiny.csv"
    p.write_text(TINY, encoding="utf-8")
    return p


def test_source_parts():
    assert source_parts("adata-concepts@2025-08-07:signal") == [("adata-concepts", "2025-08-07")]
    assert source_parts("hk-dsh-plugin@2026") == [("hk-dsh-plugin", "2026")]
    assert source_parts("harvest:2021-12-08..2022-06-14") == [("harvest", "2021-12-08"), ("harvest", "2022-06-14")]
    assert source_parts("akshare-1.19.5:index_global_em") == [("akshare-1.19.5:index_global_em", "")]


def test_counts_of_a_tiny_dictionary(tiny):
    s = dictionary_stats(Dictionary.from_csv(tiny, replace=True))
    assert (s["securities"], s["securities_without_alias"], s["alias_rows"], s["alias_texts"], s["common_word_rows"]) == (
        6, 1, 8, 8, 2)
    assert s["by_market"] == [
        {"market": "EM", "securities": 2, "aliases": 1},  # ties by name
        {"market": "SH", "securities": 2, "aliases": 3},
        {"market": "HK", "securities": 1, "aliases": 2},
        {"market": "SZ", "securities": 1, "aliases": 2},
    ]
    assert s["by_kind"] == [
        {"kind": "stock", "securities": 3, "aliases": 6},
        {"kind": "board", "securities": 2, "aliases": 1},
        {"kind": "index", "securities": 1, "aliases": 1},
    ]
    assert s["by_alias_type"] == [
        {"alias_type": "name", "aliases": 4, "common_word": 1},
        {"alias_type": "short_form", "aliases": 2, "common_word": 1},
        {"alias_type": "english", "aliases": 1, "common_word": 0},
        {"alias_type": "former", "aliases": 1, "common_word": 0},
    ]
    assert s["by_source"] == [
        {"source": "adata", "aliases": 3, "securities": 2, "first_date": "2023-10-18", "last_date": "2025-08-07"},
        {"source": "(none)", "aliases": 1, "securities": 1, "first_date": "", "last_date": ""},
        {"source": "adata-concepts", "aliases": 1, "securities": 1, "first_date": "2025-08-07", "last_date": "2025-08-07"},
        {"source": "cninfo", "aliases": 1, "securities": 1, "first_date": "2016-01-23", "last_date": "2016-01-23"},
        {"source": "curated:cn_aliases", "aliases": 1, "securities": 1, "first_date": "", "last_date": ""},
        {"source": "harvest", "aliases": 1, "securities": 1, "first_date": "2021-12-08", "last_date": "2022-06-14"},
        {"source": "hkex", "aliases": 1, "securities": 1, "first_date": "2021-10-11", "last_date": "2026-03-23"},
        {"source": "tushare", "aliases": 1, "securities": 1, "first_date": "2019-05-05", "last_date": "2019-05-05"},
    ]
    assert s["validity"] == {"dated_rows": 2, "valid_from_min": "2016-01-24", "valid_from_max": "2025-08-07",
                             "valid_to_min": "2025-08-07", "valid_to_max": "2025-08-07"}


def test_cli_json_and_tables(tiny, capsys):
    assert main(["dict", "stats", "--dictionary", str(tiny), "--replace-dictionary", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["securities"] == 6 and got["by_source"][0]["source"] == "adata"
    assert main(["dict", "stats", "--dictionary", str(tiny), "--replace-dictionary"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("6 securities (1 without an alias), 8 alias rows (8 distinct texts, 2 marked common_word)")
    assert "by market" in out and "by source" in out
    assert [ln.split() for ln in out.splitlines() if ln.startswith("harvest")] == [
        ["harvest", "1", "1", "2021-12-08", "2022-06-14"]]
    assert main(["dict", "stats", "--replace-dictionary"]) == 2  # needs --dictionary


def test_default_dictionary(capsys):
    s = dictionary_stats(Dictionary.default())
    assert s["securities"] > 10_000 and s["alias_rows"] > 30_000
    assert {r["market"] for r in s["by_market"]} >= {"SH", "SZ", "BJ", "HK", "US", "EM"}
    sources = {r["source"]: r for r in s["by_source"]}
    assert sources["szse"]["first_date"] == "2023-10-17" and sources["dsh-stock-watch"]["last_date"] == "2026-08-15"
    assert sum(r["aliases"] for r in s["by_alias_type"]) == s["alias_rows"]
    assert main(["dict", "stats"]) == 0 and "by alias type" in capsys.readouterr().out
