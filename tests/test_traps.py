"""The trap suite: realistic news sentences per family, scored as precision/recall floors.

Cases live in ``tests/cases/traps/<family>.json``, one JSON list per family. A case::

    {"id": "venue-003",                 # unique over all files: <family>-<nnn>
     "family": "venue",                 # the file's family
     "text": "据港交所披露，……",          # the article's plain text (read as format="text")
     "date": "2020-06-30",              # optional: the article's date (ISO), for dated names
     "links": [{"surface": "港交所", "secid": "116.00388", "occurrence": 2}],
     "not": ["港交所", {"surface": "长城", "occurrence": 1}],
     "why": "the principle, in one sentence"}

Occurrences. ``occurrence`` is 1-based: the n-th time ``surface`` appears in ``text``
(counted without overlap, left to right). A ``links`` entry without ``occurrence`` takes
the next occurrence of its surface not yet taken by an earlier entry (so a surface listed
twice means its first and second occurrence). A ``not`` entry is a surface (every
occurrence of it that no ``links`` entry claims) or ``{"surface", "occurrence"}`` (that
one occurrence). Entries of ``not`` must link to nothing at all (no stock, index or
board of any secid).

Scoring, per family and overall: the expected links are (start, end, secid) spans; the
linker's mentions of kind stock/index/board (``kind="organization"`` is ignored) are the
predictions. A true positive is a prediction equal to an expected span and secid; every
other prediction is a false positive (whether or not its surface is listed in ``not``:
``not`` documents the traps and is reported, the score counts every stray link); every
expected link not predicted is a false negative. Offsets are into the case's ``text`` (the
mentions' ``source_start``/``source_end``: reading plain text may fold spaces). Spellings of one
span that differ only by a generic affix count as equal; dropped from both sides before
comparing are a status prefix (``*ST劝业`` = ``劝业``), a share class or a generic 公司 after a
stock (``中国平安H股`` = ``中国平安``, ``苹果公司`` = ``苹果``, but not 有限公司), 指数 after an
index (``科创50指数`` = ``科创50``) and 板块/行业 after a board (``煤炭行业`` = ``煤炭``), so a case
need not guess whether the linker's span includes them.

The test asserts the structure of every case and per-family and overall floors stored in
``tests/cases/traps/baseline.json``. The floors are today's measured values rounded down to
two decimals. **They are only ever raised, never lowered**: when the linker improves,
re-pin them with ``python benchmarks/traps.py --pin``; a change that drops a family below
its floor fails here, and ``python benchmarks/traps.py`` lists the failing cases (expected
vs got). There are deliberately no per-case tests: many cases are known misses today
(e.g. the ``dated`` family), and the point is the measure, not a list of red cases.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

TRAPS_DIR = Path(__file__).resolve().parent / "cases" / "traps"
BASELINE = TRAPS_DIR / "baseline.json"
FAMILIES = ("inside_name", "product", "venue", "cue", "one_sense", "board", "market", "latin", "dated", "code")
LINKED_KINDS = frozenset({"stock", "index", "board"})
_SECID = re.compile(r"\d+\.[A-Z0-9]+")
_BEIJING = _dt.timezone(_dt.timedelta(hours=8))
_STATUS_PREFIX = re.compile(r"(?:\*ST|S\*ST|SST|ST)(?=[^\W\d_])")
_BOARD_SUFFIXES = ("板块", "行业")
_OTHER_SUFFIXES = ("指数", "公司", "A股", "B股", "H股")


def canonical(text: str, start: int, end: int, secid: str) -> tuple[int, int, str]:
    """The span compared by the scorer: without a status prefix or a generic suffix (see above)."""
    surface = text[start:end]
    m = _STATUS_PREFIX.match(surface)
    if m and end - start - m.end() >= 2:
        start += m.end()
    suffixes = _BOARD_SUFFIXES if secid.startswith("90.") else _OTHER_SUFFIXES
    if surface.endswith(suffixes) and not surface.endswith("有限公司") and end - start > 3:
        end -= 2
    return start, end, secid


# -- loading -----------------------------------------------------------------

def load_cases(directory: Path = TRAPS_DIR) -> list[dict[str, Any]]:
    """Every case of every family file, in family order then file order."""
    cases: list[dict[str, Any]] = []
    for family in FAMILIES:
        path = directory / f"{family}.json"
        if path.exists():
            cases.extend(json.loads(path.read_text(encoding="utf-8")))
    return cases


def occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of ``surface`` in ``text``, left to right, without overlap."""
    starts, i = [], text.find(surface)
    while i != -1 and surface:
        starts.append(i)
        i = text.find(surface, i + len(surface))
    return starts


def expected_spans(case: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The (start, end, secid) of every ``links`` entry (see the module docstring)."""
    taken: dict[str, set[int]] = defaultdict(set)
    explicit = [(e["surface"], e["occurrence"]) for e in case["links"] if "occurrence" in e]
    for surface, n in explicit:
        taken[surface].add(n)
    spans = []
    for e in case["links"]:
        surface = e["surface"]
        starts = occurrences(case["text"], surface)
        if "occurrence" in e:
            n = e["occurrence"]
        else:
            n = next(k for k in range(1, len(starts) + 2) if k not in taken[surface])
            taken[surface].add(n)
        if not 1 <= n <= len(starts):
            raise ValueError(f"{case['id']}: {surface!r} has no occurrence {n}")
        spans.append((starts[n - 1], starts[n - 1] + len(surface), e["secid"]))
    return spans


def not_spans(case: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The (start, end, surface) of every occurrence ``not`` names that no link claims."""
    claimed = {(s, e) for s, e, _ in expected_spans(case)}
    spans = []
    for entry in case.get("not", []):
        surface = entry if isinstance(entry, str) else entry["surface"]
        starts = occurrences(case["text"], surface)
        if isinstance(entry, dict):
            starts = [starts[entry["occurrence"] - 1]] if entry["occurrence"] <= len(starts) else []
        spans.extend((s, s + len(surface), surface) for s in starts if (s, s + len(surface)) not in claimed)
    return spans


# -- structure ---------------------------------------------------------------

def case_problems(case: dict[str, Any]) -> list[str]:
    """What is wrong with one case's structure (empty when it is well formed)."""
    cid = case.get("id", "?")
    problems = []
    for key in ("id", "family", "text", "links", "why"):
        if key not in case:
            problems.append(f"{cid}: no {key!r}")
    if problems:
        return problems
    extra = set(case) - {"id", "family", "text", "date", "links", "not", "why"}
    if extra:
        problems.append(f"{cid}: unknown keys {sorted(extra)}")
    if case["family"] not in FAMILIES or not cid.startswith(case["family"] + "-"):
        problems.append(f"{cid}: family {case['family']!r} does not match the id")
    if not isinstance(case["why"], str) or len(case["why"].strip()) < 10:
        problems.append(f"{cid}: 'why' must explain the principle")
    if not case["text"].strip():
        problems.append(f"{cid}: empty text")
    if "date" in case:
        try:
            _dt.date.fromisoformat(case["date"])
        except (TypeError, ValueError):
            problems.append(f"{cid}: date {case['date']!r} is not an ISO date")
    for e in case["links"]:
        if not isinstance(e, dict) or set(e) - {"surface", "secid", "occurrence"} or "surface" not in e or "secid" not in e:
            problems.append(f"{cid}: bad links entry {e!r}")
            continue
        if not isinstance(e["secid"], str) or not _SECID.fullmatch(e["secid"]):
            problems.append(f"{cid}: secid {e['secid']!r} is not <market>.<CODE>")
        if not e["surface"] or e["surface"] not in case["text"]:
            problems.append(f"{cid}: link surface {e['surface']!r} is not in the text")
    for e in case.get("not", []):
        surface = e if isinstance(e, str) else (e.get("surface") if isinstance(e, dict) else None)
        if not surface or surface not in case["text"]:
            problems.append(f"{cid}: 'not' surface {e!r} is not in the text")
        elif isinstance(e, dict) and not 1 <= e.get("occurrence", 0) <= len(occurrences(case["text"], surface)):
            problems.append(f"{cid}: 'not' entry {e!r} names a missing occurrence")
    if problems:
        return problems
    try:
        spans = expected_spans(case)
    except (ValueError, StopIteration) as exc:
        return [f"{cid}: {exc}"]
    if len({(s, e) for s, e, _ in spans}) != len(spans):
        problems.append(f"{cid}: two links claim the same occurrence")
    if not spans and not case.get("not"):
        problems.append(f"{cid}: neither links nor 'not': the case tests nothing")
    for s, e, surface in not_spans(case):
        if any(s < le and ls < e for ls, le, _ in spans):
            problems.append(f"{cid}: 'not' {surface!r} at {s} overlaps an expected link")
    return problems


# -- scoring -----------------------------------------------------------------

def link_case(linker: Any, case: dict[str, Any]) -> Any:
    """The linker's Document for one case (the date, when given, as the article's date)."""
    import entitylink as el

    article = el.read_article(case["text"], format="text", article_id=case["id"])
    if "date" in case:
        # read_article has no date argument for plain text: the Article (a frozen
        # public dataclass) is copied with the date, as a dated record would give it.
        day = _dt.date.fromisoformat(case["date"])
        article = dataclasses.replace(article, date=_dt.datetime(day.year, day.month, day.day, 12, tzinfo=_BEIJING))
    return linker.link(article)


@dataclasses.dataclass
class CaseResult:
    case: dict[str, Any]
    tp: list[tuple[int, int, str]]
    fp: list[tuple[int, int, str]]
    fn: list[tuple[int, int, str]]
    not_hits: list[tuple[int, int, str]]  # predictions overlapping a 'not' occurrence

    @property
    def ok(self) -> bool:
        return not self.fp and not self.fn


def _source_span(m: Any) -> tuple[int, int]:
    """A mention's offsets into the case text (the source), else into the linked text."""
    start, end = getattr(m, "source_start", None), getattr(m, "source_end", None)
    return (m.start, m.end) if start is None or end is None else (start, end)


def score_case(linker: Any, case: dict[str, Any]) -> CaseResult:
    doc = link_case(linker, case)
    text = case["text"]
    got = [canonical(text, *_source_span(m), m.secid) for m in doc.mentions if m.kind in LINKED_KINDS and m.secid]
    want = [canonical(text, *w) for w in expected_spans(case)]
    want_set, got_set = set(want), set(got)
    traps = not_spans(case)
    return CaseResult(
        case=case,
        tp=[g for g in got if g in want_set],
        fp=[g for g in got if g not in want_set],
        fn=[w for w in want if w not in got_set],
        not_hits=[g for g in got if any(g[0] < e and s < g[1] for s, e, _ in traps)],
    )


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1; a family with nothing to find and nothing found scores 1."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_all(linker: Any, cases: list[dict[str, Any]]) -> tuple[dict[str, dict[str, float]], list[CaseResult]]:
    """Per-family and ``overall`` rows {cases, tp, fp, fn, precision, recall, f1}; the case results."""
    results = [score_case(linker, c) for c in cases]
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        groups[r.case["family"]].append(r)
        groups["overall"].append(r)
    table = {}
    for family in [f for f in FAMILIES if f in groups] + ["overall"]:
        rs = groups[family]
        tp, fp, fn = (sum(len(getattr(r, k)) for r in rs) for k in ("tp", "fp", "fn"))
        p, rec, f = prf(tp, fp, fn)
        table[family] = {"cases": len(rs), "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": rec, "f1": f,
                         "cases_ok": sum(r.ok for r in rs)}
    return table, results


def floor2(x: float) -> float:
    """Round down to two decimals (0.9379 -> 0.93), robust to float noise."""
    return math.floor(round(x * 100, 6)) / 100


def format_table(table: dict[str, dict[str, float]]) -> str:
    lines = [f"{'family':<12} {'cases':>5} {'ok':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for family, row in table.items():
        if family == "overall":
            lines.append("-" * len(lines[0]))
        lines.append(f"{family:<12} {row['cases']:>5} {row['cases_ok']:>4} {row['tp']:>4} {row['fp']:>4} {row['fn']:>4} "
                     f"{row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f}")
    return "\n".join(lines)


# -- tests -------------------------------------------------------------------

CASES = load_cases()


def test_every_family_has_a_file_and_enough_cases() -> None:
    counts = defaultdict(int)
    for c in CASES:
        counts[c.get("family")] += 1
    assert set(counts) == set(FAMILIES), f"families: {dict(counts)}"
    assert all(n >= 20 for n in counts.values()), dict(counts)
    assert len(CASES) >= 300


def test_cases_are_well_formed() -> None:
    problems = [p for c in CASES for p in case_problems(c)]
    ids = [c.get("id") for c in CASES]
    problems += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    texts = [c.get("text") for c in CASES]
    problems += [f"duplicate text {t[:30]!r}" for t in sorted({t for t in texts if texts.count(t) > 1})]
    assert not problems, "\n".join(problems)


def test_family_files_hold_only_their_family() -> None:
    for family in FAMILIES:
        cases = json.loads((TRAPS_DIR / f"{family}.json").read_text(encoding="utf-8"))
        assert {c["family"] for c in cases} == {family}


def test_every_family_has_positives_and_traps() -> None:
    for family in FAMILIES:
        cs = [c for c in CASES if c["family"] == family]
        assert sum(bool(c["links"]) for c in cs) >= 5, f"{family}: too few cases that must link"
        assert sum(bool(c.get("not")) for c in cs) >= 5, f"{family}: too few traps"


@pytest.fixture(scope="module")
def scored() -> tuple[dict[str, dict[str, float]], list[CaseResult]]:
    import entitylink as el

    return score_all(el.Linker.default(), CASES)


def test_traps_meet_the_baseline(scored) -> None:
    table, results = scored
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))["floors"]
    print("\n" + format_table(table))
    below = []
    for family, floors in baseline.items():
        row = table.get(family)
        assert row is not None, f"baseline names family {family!r} that has no cases"
        for metric, floor in floors.items():
            if row[metric] + 1e-9 < floor:
                below.append(f"{family} {metric} {row[metric]:.3f} < floor {floor:.2f}")
    assert set(baseline) == set(table), "every family (and 'overall') needs a floor in baseline.json"
    assert not below, "below the trap baseline (python benchmarks/traps.py lists the failing cases):\n" + "\n".join(below)


def test_scoring_counts_stray_and_missed_links() -> None:
    """The scorer itself: occurrences, stray links and misses are counted as documented."""
    case = {"id": "x-1", "family": "cue", "text": "美的集团公告。美的表示，美的生活。", "why": "scorer self-test",
            "links": [{"surface": "美的集团", "secid": "0.000333"}, {"surface": "美的", "secid": "0.000333", "occurrence": 2}],
            "not": [{"surface": "美的", "occurrence": 3}]}
    assert expected_spans(case) == [(0, 4, "0.000333"), (7, 9, "0.000333")]
    assert not_spans(case) == [(12, 14, "美的")]
    listed_twice = dict(case, links=[{"surface": "美的", "secid": "0.000333"}, {"surface": "美的", "secid": "0.000333"}])
    assert expected_spans(listed_twice) == [(0, 2, "0.000333"), (7, 9, "0.000333")]

    class _Doc:
        def __init__(self, mentions):
            self.mentions = mentions

    class _Linker:
        def link(self, article):
            m = lambda s, e, secid, kind="stock": type("M", (), {"start": s, "end": e, "secid": secid, "kind": kind})()
            return _Doc([m(0, 4, "0.000333"), m(12, 14, "0.000333"), m(7, 9, None, "organization")])

    r = score_case(_Linker(), case)
    assert (len(r.tp), len(r.fp), len(r.fn), len(r.not_hits)) == (1, 1, 1, 1)
    assert prf(1, 1, 1) == (0.5, 0.5, 0.5)
    assert floor2(0.9379) == 0.93 and floor2(0.93) == 0.93
    assert canonical("*ST劝业公告", 0, 5, "1.600821") == (3, 5, "1.600821")
    assert canonical("煤炭行业走强", 0, 4, "90.BK0437") == (0, 2, "90.BK0437")
    assert canonical("ST光明乳业", 2, 6, "1.600597") == (2, 6, "1.600597")
    assert canonical("中国平安H股涨", 0, 6, "116.02318") == (0, 4, "116.02318")
    assert canonical("宜宾五粮液股份有限公司", 0, 11, "0.000858") == (0, 11, "0.000858")
