"""The table of linking cases (tests/cases/linking.json): text, expected links, why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from entitylink.link.linker import Linker

CASES = json.loads((Path(__file__).parent / "cases" / "linking.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.default()


@pytest.mark.parametrize("case", CASES, ids=[f"{i}:{c['text'][:12]}" for i, c in enumerate(CASES)])
def test_linking_case(linker: Linker, case: dict) -> None:
    from entitylink.read.article import read_article

    options = case.get("options", {})
    article = read_article(case["text"], format="text", article_id="case")
    doc = linker.link(article, **options)
    got = sorted((m.surface, m.secid) for m in doc.mentions)
    want = sorted((e["surface"], e["secid"]) for e in case["expected"])
    assert got == want, f"{case['why']}\n  got:  {got}\n  want: {want}"
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.surface
