"""A piece of units linked at once (``batch.units.link_tasks``: read each, scan the names of the
articles that read in one pass, link and render each within its own budget) has the outcome of
each unit linked alone: the same output, the same error records, in the same order."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from entitylink.batch import units
from entitylink.batch.deadline import Deadlines
from entitylink.batch.outcome import Outcome
from entitylink.errors import ArticleTimeout
from entitylink.link import scanned
from entitylink.link.linker import Linker
from entitylink.read.sources import Task, error_record, load_article

LINKER = Linker.default()


def _alone(task: Task, linker: Linker, max_mentions: int = 0) -> Outcome:
    """One unit as ``link_task`` linked it before pieces were scanned at once."""
    if task.kind == "fail":
        return Outcome(error=error_record(task))
    try:
        article = load_article(task)
        doc = linker.link(article, units._link_options(False, False, max_mentions, 0.0))
        piece, items = units._render(doc, "jsonl", "mention")
        return Outcome(piece=piece, items=items, mentions=len(doc.mention_rows()))
    except Exception as exc:  # noqa: BLE001
        return Outcome(error=error_record(task, exc))


def _record(line: int, text: str) -> Task:
    return Task("record", "dump.jsonl", line, json.dumps({"id": f"r{line}", "text": text}, ensure_ascii=False))


def _tasks(tmp_path: Path) -> list[Task]:
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"\x00\x01binary\x00")
    good = tmp_path / "good.html"
    good.write_text("<p>光明乳业(600597)发布公告</p>", encoding="utf-8")
    return [
        _record(1, "贵州茅台股价大涨"),
        Task("fail", "gone.jsonl", 2, error="InputError", reason="cannot be read"),
        Task("record", "dump.jsonl", 3, "{bad json"),
        _record(4, "贵州茅台大涨，光明乳业、中国平安下跌。" * 20),  # over a budget of 10 mentions
        Task("file", str(binary)),
        Task("file", str(good)),
        Task("bytes", "-", data="NVIDIA与中国平安".encode()),
        _record(7, "nvidia\x00光明乳业"),  # the separator of the scan, in a text
        _record(8, ""),  # no text
        _record(9, "平安银行" * 3),
    ]


@pytest.mark.parametrize("chars", [10**6, 40, 1])
def test_a_piece_has_the_outcomes_of_its_units_alone(tmp_path: Path, monkeypatch, chars: int) -> None:
    """Bad units between good ones, one over --max-mentions; scanned in groups of any size."""
    monkeypatch.setattr(scanned, "SCAN_CHARS", chars)
    LINKER._matcher.find("。" * 500_000)  # the automaton built, as in a long run
    tasks = _tasks(tmp_path)
    outcomes = units.link_tasks(tasks, LINKER, max_mentions=10, timeout=60)
    assert outcomes == [_alone(t, LINKER, max_mentions=10) for t in tasks]
    assert [o.error["error"] if o.error else o.mentions for o in outcomes] == [
        1, "InputError", "ArticleFormatError", "BudgetExceeded", "DecodeError", 2, 2, 2, "ArticleFormatError", 3]


class _FailingScan(Linker):
    def scan_many(self, articles):
        raise MemoryError("no room for the scan")


def test_a_scan_that_fails_leaves_each_article_to_find_its_names(tmp_path: Path) -> None:
    linker = _FailingScan(LINKER.dictionary)
    tasks = _tasks(tmp_path)
    assert units.link_tasks(tasks, linker, max_mentions=10) == [_alone(t, LINKER, max_mentions=10) for t in tasks]


class _SlowLinker(Linker):
    """Takes 0.3 s to link any article."""

    def link(self, article, *args, **kwargs):
        time.sleep(0.3)
        return super().link(article, *args, **kwargs)


def test_reading_and_linking_share_the_budget_of_a_unit(monkeypatch) -> None:
    """0.3 s to read and 0.3 s to link is more than a budget of 0.5 s; either alone is not."""
    read = units.load_article

    def slow_read(task, **kwargs):
        if "SLOWREAD" in str(task.data):
            time.sleep(0.3)
        return read(task, **kwargs)

    monkeypatch.setattr(units, "load_article", slow_read)
    slow = _SlowLinker(LINKER.dictionary)
    tasks = [_record(1, "贵州茅台大涨"), _record(2, "SLOWREAD 光明乳业"), _record(3, "中国平安")]
    outcomes = units.link_tasks(tasks, slow, timeout=0.5)
    assert [o.error["error"] if o.error else None for o in outcomes] == [None, "ArticleTimeout", None]
    assert "took more than 0.5 s (raise --timeout-per-article)" in outcomes[1].error["reason"]


def test_the_handler_stays_for_the_piece_and_the_timer_is_per_article() -> None:
    """Disarmed, nothing is raised; armed again, the budget holds; what a budget leaves is told."""
    with Deadlines(0.05) as timer:
        timer.arm(0.05)
        left = timer.disarm()
        assert 0 < left <= 0.05
        time.sleep(0.1)  # nothing armed: nothing raised
        timer.arm(0.05)
        with pytest.raises(ArticleTimeout):
            time.sleep(0.5)
        timer.disarm()
        with pytest.raises(ArticleTimeout):  # nothing left of a budget
            timer.arm(0.0)
        timer.disarm()
    time.sleep(0.1)


def test_no_budget_arms_nothing() -> None:
    with Deadlines(0) as timer:
        timer.arm(0.0)
        time.sleep(0.01)
        assert timer.disarm() == 0


# -- the frame and Dask drivers link their rows the same way --------------------------------

ROWS = ["<p>贵州茅台涨停</p>", None, "光明乳业(600597)发布公告", 17, "nvidia\x00中国平安", "", "平安银行" * 3]


@pytest.mark.parametrize("chars", [10**6, 20, 1])
def test_frame_rows_linked_at_once_are_rows_linked_alone(monkeypatch, chars: int) -> None:
    from entitylink.link.options import LinkOptions
    from entitylink.write.frames import link_rows

    monkeypatch.setattr(scanned, "SCAN_CHARS", chars)
    rows = [(f"r{i}", value, None, "茅台" if i == 0 else None, None) for i, value in enumerate(ROWS)]
    options = {"link": LinkOptions(), "format": "auto", "column": "html"}
    alone = link_rows(rows, _FailingScan(LINKER.dictionary), options)  # no scan: each row found alone
    assert link_rows(rows, LINKER, options) == alone
    assert [r[2]["error"] if r[2] else len(r[0]) for r in alone] == [1, "InputError", 2, "InputError", 2,
                                                                      "InputError", 3]


@pytest.mark.parametrize("errors", ["skip", "raise"])
def test_dask_partitions_linked_at_once_are_articles_linked_alone(monkeypatch, errors: str) -> None:
    pytest.importorskip("dask")
    from entitylink.batch import dask as eldask
    from entitylink.link.options import LinkOptions

    monkeypatch.setattr(scanned, "SCAN_CHARS", 20)
    items = [("a.txt", "贵州茅台涨停"), ("b.txt", "光明乳业(600597)"), ("c.txt", "中国平安" * 3)]
    if errors == "skip":
        items.insert(1, ("bad.txt", ""))
    pairs = [(path, lambda item=(path, text): eldask._to_article(item)) for path, text in items]
    got = eldask._link_all(LINKER, pairs, "mention", LinkOptions(), errors)
    alone = eldask._link_all(_FailingScan(LINKER.dictionary), pairs, "mention", LinkOptions(), errors)
    assert got.equals(alone) and len(got) == 1 + 2 + 3
    if errors == "raise":  # a failure is raised in its turn
        with pytest.raises(Exception, match="empty input"):
            eldask._link_all(LINKER, [*pairs, ("bad.txt", lambda: eldask._to_article(("bad.txt", "")))],
                             "mention", LinkOptions(), errors)
