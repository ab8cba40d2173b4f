"""``entitylink show``: tables a person can read, every input accounted for."""

from __future__ import annotations

from pathlib import Path

from entitylink.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "data"


def test_show_prints_mentions_and_entities(capsys) -> None:
    assert main(["show", str(EXAMPLES / "baijiu-rally.html")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("# baijiu-rally")
    header = next(i for i, line in enumerate(out) if line.startswith("offset"))
    rows = out[header + 1 : out.index("", header)]
    assert any("贵州茅台" in r and "1.600519" in r and " tag " in r for r in rows)
    # the secid column starts at the same terminal cell in every row (CJK characters take two)
    from entitylink.write.text import _width

    secid_cell = _width(out[header][: out[header].index("secid")])
    for r in rows:
        secid = r.split()[2]
        assert _width(r[: r.index(secid)]) == secid_cell, r
    assert any(line.startswith("secid") for line in out[header:])


def test_show_reports_failures_and_exits_1(tmp_path, capsys) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("光明乳业涨停", encoding="utf-8")
    assert main(["show", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "empty.md" in captured.err and "光明乳业" in captured.out
