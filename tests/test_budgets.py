"""Per-article budgets of a batch run: too many mentions, or too long, is a failed input
with a reason that names the flag to raise; the other inputs are linked as usual."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from entitylink.batch import run as batch
from entitylink.errors import BudgetExceeded
from entitylink.link.linker import Linker
from entitylink.link.options import LinkOptions
from entitylink.read.article import read_article


def _inputs(tmp_path: Path, special: str, index: int = 3, n: int = 6) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        text = special if i == index else f"第{i}条：贵州茅台股价大涨"
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _failures(errors: Path) -> list[dict]:
    return [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]


def test_link_raises_past_max_mentions() -> None:
    linker = Linker.default()
    article = read_article("贵州茅台大涨，光明乳业、中国平安下跌。" * 10)
    assert len(linker.link(article, LinkOptions(max_mentions=30)).mentions) == 30
    with pytest.raises(BudgetExceeded, match=r"more than 29 mentions \(raise --max-mentions\)"):
        linker.link(article, LinkOptions(max_mentions=29))
    # far more names than the budget: refused at the candidates, before any is resolved
    with pytest.raises(BudgetExceeded, match=r"more than 2 mentions .* names found"):
        linker.link(article, LinkOptions(max_mentions=2))
    # the keywords of link() keep the budget
    with pytest.raises(BudgetExceeded):
        linker.link(article, LinkOptions(max_mentions=29), ignore_tags=True)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_max_mentions_is_a_failed_input(tmp_path: Path, workers: int) -> None:
    folder = _inputs(tmp_path, "贵州茅台大涨，光明乳业、中国平安下跌。" * 20)
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    summary = batch.annotate([str(folder)], linker=Linker.default(), output=str(out), errors=str(errors),
                             workers=workers, max_mentions=10, quiet=True)
    assert (summary.read, summary.ok, summary.failed) == (6, 5, 1)
    (failure,) = _failures(errors)
    assert failure["path"].endswith("03.txt")
    assert failure["error"] == "BudgetExceeded"
    assert "more than 10 mentions (raise --max-mentions)" in failure["reason"]
    # 0: no limit
    summary = batch.annotate([str(folder)], linker=Linker.default(), output=str(tmp_path / "all.jsonl"),
                             max_mentions=0, quiet=True)
    assert summary.failed == 0 and summary.mentions == 5 + 60


class _SlowLinker(Linker):
    """Sleeps on an article that says SLOW (a pathological page)."""

    def link(self, article, *args, **kwargs):
        if "SLOW" in article.text:
            time.sleep(30)
        return super().link(article, *args, **kwargs)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_the_timeout_is_a_failed_input(tmp_path: Path, workers: int) -> None:
    folder = _inputs(tmp_path, "SLOW 光明乳业")
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    slow = _SlowLinker(Linker.default().dictionary)
    t = time.monotonic()
    summary = batch.annotate([str(folder)], linker=slow, output=str(out), errors=str(errors),
                             workers=workers, timeout=0.5, quiet=True, stderr=open(os.devnull, "w"))
    assert time.monotonic() - t < 25, "the slow article was not stopped"
    assert (summary.read, summary.ok, summary.failed) == (6, 5, 1)
    (failure,) = _failures(errors)
    assert failure["path"].endswith("03.txt") and failure["error"] == "ArticleTimeout"
    assert "took more than 0.5 s (raise --timeout-per-article)" in failure["reason"]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_the_timer_is_disarmed_after_each_article() -> None:
    with batch.deadline(0.2):
        pass
    time.sleep(0.4)  # an armed timer would raise here


def test_the_timeout_is_skipped_outside_the_main_thread() -> None:
    seen: list[BaseException | None] = []

    def body() -> None:
        try:
            with batch.deadline(0.05):
                time.sleep(0.2)
            seen.append(None)
        except BaseException as exc:  # noqa: BLE001
            seen.append(exc)

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == [None]


def test_budget_flags(tmp_path: Path) -> None:
    from entitylink.cli import main

    folder = _inputs(tmp_path, "贵州茅台大涨，光明乳业、中国平安下跌。" * 20)
    errors = tmp_path / "e.jsonl"
    code = main(["annotate", "--quiet", str(folder), "-o", str(tmp_path / "o.jsonl"), "--errors", str(errors),
                 "--max-mentions", "10", "--timeout-per-article", "30"])
    assert code == 1 and _failures(errors)[0]["error"] == "BudgetExceeded"
    assert main(["annotate", "--quiet", str(folder), "-o", str(tmp_path / "p.jsonl"), "--max-mentions", "-1"]) == 2
