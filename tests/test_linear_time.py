"""Linear time on adversarial text: every pattern and scan the linker and readers run on
article text is timed at 20k, 40k and 80k characters (best of 5) and must not grow faster
than linearly. Linear cost makes time(80k)/time(20k) about 4, quadratic about 16; the
test fails above 8. Only ratios measured in the same run are asserted, never a time.

A linear function that allocates much (the matcher's list of hits) also grows faster than 4 on
a machine whose caches the larger outputs outgrow: merely re-creating the same output there
grows 6-13 times over 20k -> 80k. When a case is over 8, the bound is scaled by that
reference, the growth of re-creating the case's own output measured in the same run (never by
more than 2, so a quadratic case, 16 or more, still fails).
"""

from __future__ import annotations

import gc
import pickle
import time
from collections.abc import Callable

import pytest

from entitylink.knowledge.normalize import fold_text, normalize_name
from entitylink.link import cues
from entitylink.link.codes import find_codes
from entitylink.link.linker import Linker
from entitylink.link.segment import WordBoundaries
from entitylink.read.html import html_to_text
from entitylink.tools.retag import protected_spans

SIZES = (20_000, 40_000, 80_000)
MAX_RATIO = 8.0  # linear ~4, quadratic ~16
MIN_SECONDS = 0.03  # the smallest size is repeated until one measurement takes this long


def _rep(unit: str, n: int) -> str:
    return unit * max(1, n // len(unit))


def _cue_scan(text: str) -> None:
    for pos in range(2, len(text) - 4, 97):
        cues.stock_cue(text, pos, pos + 2)
        cues.board_cue(text, pos, pos + 2)
        cues.theme_cue(text, pos, pos + 2)
        cues.list_stock_cue(text, pos, pos + 2)
        cues.listing_cue(text, pos, pos + 2)
        cues.index_cue(text, pos, pos + 2)
        cues.company_act_after(text, pos + 2)
        cues.foreign_market_before(text, pos)


def _boundaries(text: str) -> None:
    linker = Linker.default()
    cuts = WordBoundaries(linker._segmenter, text)
    for pos in range(0, len(text), 5):
        _ = pos in cuts


def _link(text: str) -> object:
    return Linker.default().link_text(text)


def _find(text: str) -> object:
    return Linker.default()._matcher.find(text)


_KNOWN = {"1.600519", "0.000001", "116.00700", "105.BABA"}.__contains__

# name: (function of the text, generator of about n characters)
CASES: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "codes: 股票代码 + U+3000 run": (lambda t: find_codes(t, _KNOWN), lambda n: "股票代码" + "\u3000" * n + "x12345"),
    "codes: many labels + spaces": (lambda t: find_codes(t, _KNOWN), lambda n: _rep("代码：" + " " * 40, n) + "x12345"),
    "codes: bracket + spaces": (lambda t: find_codes(t, _KNOWN), lambda n: _rep("( 60051 " + " " * 30, n)),
    "codes: digit run": (lambda t: find_codes(t, _KNOWN), lambda n: "SH" + "6" * n + ".SH 00700.HK"),
    "codes: letter run": (lambda t: find_codes(t, _KNOWN), lambda n: "(" + "A" * n + ".O (NASDAQ:" + "B" * 50),
    "names: repeated name": (_find, lambda n: _rep("光明乳业", n)),
    "names: one character": (_find, lambda n: "中" * n),
    "link: repeated names": (_link, lambda n: _rep("光明乳业、中国平安、招商银行、宁德时代", n)),
    "link: overlapping names": (_link, lambda n: _rep("中国平安银行", n)),
    "cues: no stops, separators": (_cue_scan, lambda n: _rep("煤炭、储能、光明、等概念股票", n)),
    "cues: no stops, no cues": (_cue_scan, lambda n: _rep("甲乙丙丁戊己", n)),
    "segment: boundaries": (_boundaries, lambda n: _rep("长城汽车站中国平安银行业务", n)),
    "fold: full width": (fold_text, lambda n: _rep("ＡＢＣ１２３　（）：", n)),
    "normalize: spaces": (normalize_name, lambda n: _rep("光 \u3000\t", n)),
    "html: bare <": (html_to_text, lambda n: "光明乳业" + "<" * n),
    "html: <a never closed": (html_to_text, lambda n: _rep("<a", n)),
    "html: open quote": (html_to_text, lambda n: '<a href="' + "x" * n),
    "html: unclosed <b>": (html_to_text, lambda n: _rep("<b>x", n // 2) + _rep("</i>", n // 2)),
    "html: entities": (html_to_text, lambda n: _rep("&amp;", n) + "&#" + "9" * 100),
    "html: wide spaces": (html_to_text, lambda n: "<p>股票代码" + "\u3000" * n + "</p>"),
    "retag: <a never closed": (protected_spans, lambda n: _rep("<a", n)),
    "retag: comments": (protected_spans, lambda n: _rep("<!--", n)),
    "retag: script": (protected_spans, lambda n: _rep("<script>x", n)),
}


def _time(fn: Callable[[str], object], text: str, loops: int) -> float:
    """Best of 5, with the cyclic garbage collector off: inside a long test session its passes
    scan every object the earlier tests left alive, a cost of the session, not of ``fn``."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(loops):
                fn(text)
            best = min(best, time.perf_counter() - t)
    finally:
        if enabled:
            gc.enable()
    return best


def _loops(fn: Callable[[str], object], text: str) -> int:
    loops = 1
    while _time(fn, text, loops) < MIN_SECONDS and loops < 1 << 12:
        loops *= 4
    return loops


def _ratio(fn: Callable[[str], object], make: Callable[[int], str]) -> tuple[float, list[float]]:
    texts = [make(n) for n in SIZES]
    fn(texts[0])  # warm up (caches, the linker)
    loops = _loops(fn, texts[0])
    times = [_time(fn, t, loops) for t in texts]
    return times[-1] / max(times[0], 1e-9), times


def _allocation_scale(fn: Callable[[str], object], make: Callable[[int], str]) -> float:
    """How much faster than linear merely re-creating ``fn``'s output grows on this machine,
    as a factor between 1 and 2 on the bound (see the module's docstring)."""
    dumps = [pickle.dumps(fn(make(n)), protocol=pickle.HIGHEST_PROTOCOL) for n in SIZES]
    loops = _loops(pickle.loads, dumps[0])  # type: ignore[arg-type]
    times = [_time(pickle.loads, d, loops) for d in dumps]  # type: ignore[arg-type]
    return min(2.0, max(1.0, times[-1] / max(times[0], 1e-9) / 4))


@pytest.mark.parametrize("case", list(CASES))
def test_linear_time(case: str) -> None:
    fn, make = CASES[case]
    ratio, times = _ratio(fn, make)
    for _ in range(2):  # a busy machine: measure again (twice at most) before failing
        if ratio <= MAX_RATIO:
            break
        ratio, times = min((ratio, times), _ratio(fn, make))
    bound = MAX_RATIO if ratio <= MAX_RATIO else MAX_RATIO * _allocation_scale(fn, make)
    assert ratio <= bound, (f"{case}: time(80k)/time(20k) = {ratio:.1f} > {bound:.1f} "
                            f"(linear ~4, quadratic ~16); seconds {[round(t, 4) for t in times]}")
