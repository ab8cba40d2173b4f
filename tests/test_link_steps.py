"""The steps of ``link/`` one at a time: the alias table, the options, resolution steps, the
overlap policy, and the room's own limits (module and function size, docstrings, lazy jieba)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from entitylink.knowledge.aliases import ALIAS_TYPES, UNKNOWN, alias_type
from entitylink.knowledge.dictionary import ALIAS_TYPES as CSV_ALIAS_TYPES
from entitylink.knowledge.dictionary import Alias
from entitylink.link import cues, score
from entitylink.link.candidates import Candidate, aliases_in_force, board_words_kept
from entitylink.link.context import ArticleContext, is_weak
from entitylink.link.linker import Linker
from entitylink.link.options import LinkOptions
from entitylink.link.resolve import Choice, confidence, in_force, rank_alias, require_evidence
from entitylink.link.vetoes import VETOES, vetoed
from entitylink.link.spans import Occupied, choose_names, longest_first
from entitylink.models import Mention

LINK = Path(__file__).resolve().parents[1] / "entitylink" / "link"


def _alias(text: str, atype: str, secid: str = "1.600597", **kw) -> Alias:
    return Alias(text, secid, atype, kw.get("common_word", False), kw.get("valid_from"), kw.get("valid_to"), "t")


# -- the one table of alias types ---------------------------------------------------------------


def test_alias_table_holds_the_values_the_linker_always_used() -> None:
    # the five tables the table replaced, as they were (the record fingerprint rests on them),
    # plus status_form (a marked name with its mark swapped: ranked and trusted like its core)
    priority = {"name": 0, "full_name": 1, "extended_name": 1, "raw_name": 1, "status_stripped": 2, "status_form": 2,
                "full_name_short": 3, "hk_base": 3, "english": 4, "ticker": 4, "short_form": 5,
                "board_base": 5, "former": 6, "old_code": 7}
    conf = {"name": 0.95, "full_name": 0.95, "extended_name": 0.93, "raw_name": 0.93, "status_stripped": 0.9,
            "status_form": 0.9,
            "full_name_short": 0.85, "hk_base": 0.92, "english": 0.88, "ticker": 0.8, "short_form": 0.85,
            "board_base": 0.85, "former": 0.8, "old_code": 0.8}
    sure = {"name", "full_name", "extended_name", "status_stripped", "status_form", "full_name_short", "english",
            "hk_base"}
    weak = {"status_stripped", "former", "full_name_short", "english", "raw_name"}
    assert set(ALIAS_TYPES) == CSV_ALIAS_TYPES == set(priority)
    assert {k: t.priority for k, t in ALIAS_TYPES.items()} == priority
    assert {k: t.confidence for k, t in ALIAS_TYPES.items()} == conf
    assert {k for k, t in ALIAS_TYPES.items() if t.sure} == sure
    assert {k for k, t in ALIAS_TYPES.items() if t.weak_if_short} == weak
    assert (UNKNOWN.priority, UNKNOWN.confidence, UNKNOWN.sure, UNKNOWN.weak_if_short) == (9, 0.8, False, False)
    assert alias_type("nope") is UNKNOWN


def test_weak_means_short_and_of_a_loose_type() -> None:
    assert is_weak(_alias("瑞德", "status_stripped"))
    assert not is_weak(_alias("瑞德", "short_form"))
    assert not is_weak(_alias("瑞德生物", "status_stripped"))


# -- options ---------------------------------------------------------------------------------------


def test_keywords_override_the_options() -> None:
    linker = Linker.default()
    text = "<p>中信证券表示，上海北影有限公司将扩产</p>"
    plain = linker.extract(text)
    with_orgs = linker.extract(text, LinkOptions(unlinked=True))
    overridden = linker.extract(text, LinkOptions(unlinked=True), unlinked=False)
    assert any(m.kind == "organization" for m in with_orgs.mentions)
    assert overridden.mentions == plain.mentions
    assert linker.extract(text, unlinked=True).mentions == with_orgs.mentions


def test_options_are_frozen() -> None:
    with pytest.raises(AttributeError):
        LinkOptions().unlinked = True  # type: ignore[misc]


# -- resolution, step by step ---------------------------------------------------------------------


def test_in_force_falls_back_to_a_former_name_only_when_unshared() -> None:
    import datetime as dt

    old = _alias("慧球科技", "former", "1.600556", valid_to=dt.date(2019, 1, 1))
    assert aliases_in_force((old,), None) == (old,) and aliases_in_force((old,), dt.date(2018, 1, 1)) == [old]
    assert aliases_in_force((old,), dt.date(2019, 1, 1)) == []
    assert in_force(Candidate(0, 4, "慧球科技", (old,), (old,))) == ((old,), False)
    assert in_force(Candidate(0, 4, "慧球科技", (old,), [])) == ((old,), True)
    other = _alias("慧球科技", "former", "1.600000", valid_to=dt.date(2019, 1, 1))
    assert in_force(Candidate(0, 4, "慧球科技", (old, other), [])) is None


def test_rank_prefers_the_listing_the_text_names() -> None:
    a = _alias("比亚迪", "name", "0.002594")
    h = _alias("比亚迪", "hk_base", "116.01211")
    assert rank_alias(h, "stock", "HK", "HK") < rank_alias(a, "stock", "HK", "SZ")
    assert rank_alias(a, "stock", None, "SZ") < rank_alias(h, "stock", None, "HK")


@pytest.mark.parametrize(("text", "start", "end", "veto"), [
    ("苹果概念股大涨", 0, 2, "theme"),
    ("杭州阿里创业投资有限公司", 2, 4, "inside_organisation"),
    ("小鹏P5上市", 0, 2, "product"),
    ("苹果期货主力合约涨停", 0, 2, "commodity"),
    ("公司在港交所公告称", 3, 6, "venue"),
    ("苹果股价大涨", 0, 2, None),
])
def test_vetoes(text: str, start: int, end: int, veto: str | None) -> None:
    assert vetoed(text, Candidate(start, end, text[start:end], (), ())) == veto
    assert [v.__name__ for v in VETOES] == ["theme", "inside_organisation", "product", "commodity", "venue"]


def test_boards_and_common_words_need_evidence() -> None:
    ctx = ArticleContext("煤炭板块走强，煤炭价格", "煤炭板块走强，煤炭价格", None)
    board = Choice(_alias("煤炭", "name", "90.BK0437"), 1, None, None, None, False, [])
    assert require_evidence(Candidate(0, 2, "煤炭", (), ()), ctx, "board", board, False) == ["cue:板块"]
    assert require_evidence(Candidate(7, 9, "煤炭", (), ()), ctx, "board", board, False) is None
    ctx = ArticleContext("美的股价大涨，美的生活", "美的股价大涨，美的生活", None)
    common = Choice(_alias("美的", "short_form", "0.000333", common_word=True), 1, None, None, None, False, [])
    assert require_evidence(Candidate(0, 2, "美的", (), ()), ctx, "stock", common, True) == ["common_word", "cue:股价"]
    assert require_evidence(Candidate(7, 9, "美的", (), ()), ctx, "stock", common, True) is None
    sure = Choice(_alias("美的集团", "name", "0.000333"), 1, None, None, None, False, [])
    assert require_evidence(Candidate(7, 11, "美的集团", (), ()), ctx, "stock", sure, False) == []


def test_sure_keeps_the_old_deductions_as_a_decision_rule() -> None:
    """Propagation licenses short forms of mentions the former rule put at >= 0.8: the alias
    type's confidence less 0.15 for an undecided ambiguity (0.05 when the article's market
    chose), 0.1 for a weak name, 0.1 for a former name. It reads the evidence only."""
    assert score.sure("dictionary", ("alias:name", "segmentation"))  # 0.95
    assert score.sure("dictionary", ("alias:name", "segmentation", "ambiguous:2"))  # 0.8
    assert score.sure("dictionary", ("alias:name", "segmentation", "ambiguous:2", "article_listing:HK"))  # 0.9
    assert not score.sure("alias", ("alias:short_form", "segmentation", "ambiguous:2"))  # 0.7
    assert score.sure("alias", ("alias:short_form", "segmentation", "ambiguous:2", "listing:HK"))  # 0.85
    assert not score.sure("alias", ("alias:former", "segmentation", "former_name"))  # 0.7
    assert score.sure("alias", ("alias:short_form", "segmentation", "ambiguous:2", "article:tag"))  # decided
    assert not score.sure("code", ("code:explicit",), ("unknown_security",))


def test_resolve_confidence_is_the_scorer() -> None:
    ev = ("alias:short_form", "segmentation", "common_word", "cue:股价")
    assert confidence("alias", "stock", ev) == score.confidence("alias", "stock", ev)


# -- the overlap policy ----------------------------------------------------------------------------


def _m(start: int, end: int, conf: float = 0.9) -> Mention:
    return Mention(start=start, end=end, surface="x" * (end - start), secid="1.600597", kind="stock",
                   method="dictionary", confidence=conf)


def test_longest_first_then_confident_then_leftmost() -> None:
    assert longest_first([_m(0, 2), _m(1, 4)]) == [_m(1, 4)]
    assert longest_first([_m(0, 2, 0.8), _m(1, 3, 0.9)]) == [_m(1, 3, 0.9)]
    assert longest_first([_m(0, 2), _m(1, 3)]) == [_m(0, 2)]


def test_choose_names_never_resolves_a_name_inside_a_kept_one() -> None:
    asked: list[str] = []

    def resolve(c: Candidate) -> Mention:
        asked.append(c.name)
        return _m(c.start, c.end)

    cands = [Candidate(0, 3, "比亚迪", (), ()), Candidate(0, 5, "比亚迪电子", (), ()), Candidate(6, 8, "光明", (), ())]
    occupied = Occupied([(6, 8)])
    assert [(m.start, m.end) for m in choose_names(cands, occupied, resolve)] == [(0, 5)]
    assert asked == ["比亚迪电子"]


def test_board_words_are_trimmed_only_after_a_name() -> None:
    assert board_words_kept([(0, 4, "酿酒板块")], ["酿酒板块"]) is None  # every hit kept
    assert cues.board_cue("酿酒板块", 0, 2) == "板块"


# -- the room's limits -----------------------------------------------------------------------------


def test_link_modules_are_small_documented_and_import_no_later_room() -> None:
    later = ("entitylink.write", "entitylink.batch", "entitylink.tools", "entitylink.cli")
    for path in sorted(LINK.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        assert len(source.splitlines()) <= 400, path.name
        assert ast.get_docstring(tree), f"{path.name} has no module docstring"
        assert max(map(len, source.splitlines()), default=0) <= 120, path.name
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert node.end_lineno - node.lineno + 1 <= 60, f"{path.name}:{node.name}"
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(later), f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith(later) for a in node.names), path.name


def test_importing_the_package_does_not_import_jieba() -> None:
    run = subprocess.run([sys.executable, "-c", "import sys, entitylink; print('jieba' in sys.modules)"],
                         capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
