"""Scoring linked Documents against gold files: the counts, the errors, and :func:`evaluate`.

``evaluate`` scores Documents at entity level (per article, the set of secids) and mention level
(the multiset of ``(surface, secid)`` pairs), micro-averaged overall and per kind, and keeps each
article's errors (:class:`ArticleErrors`) and every prediction's verdict (for the reliability table
of :mod:`entitylink.tools.eval_report`).

Rules (GUIDE.md): a prediction without secid or of kind ``organization`` counts as nothing; one with
``method == "tag"`` the gold does not list is *excused* (neither TP nor FP; a listed one counts toward
recall), and so is an unlisted entity predicted only by such tags. ``not_mentions``/``unresolved`` are
not scored: a prediction overlapping an occurrence of an ``unresolved`` surface (a case the annotators
left open) is excused like an unlisted tag, while one overlapping a ``not_mentions`` surface stays a false
positive, flagged as a near miss.
Empty denominators: P and R are 1.0 when both sides are empty, else 0.0.

Imports: the top level (``errors``, ``models``) and :mod:`entitylink.tools.gold`;
:mod:`entitylink.tools.evaluate` re-exports the names.

    >>> Scores(tp=3, fp=1).precision, Scores().recall
    (0.75, 1.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from entitylink.errors import UsageError
from entitylink.models import Document, Mention
from entitylink.tools.gold import GOLD_KINDS, GoldArticle, GoldMention, load_gold

_AROUND = 16  # characters of text kept on each side of a false negative (its ``context``)

__all__ = ["ArticleErrors", "EvalResult", "FalseNegative", "FalsePositive", "Scores", "evaluate", "key_for",
           "occurrences"]


def key_for(doc: Document) -> str:
    """The gold key of a Document: its path's file name, else ``article_id + ".md"``. (``evaluate`` also
    falls back to the gold file whose stem ends in ``-<article_id>``: they are named ``<date>-<id>.md``.)

    >>> key_for(Document(article_id="7", path="c/2021-12-08-7.md", text="")), key_for(Document(article_id="7", text=""))
    ('2021-12-08-7.md', '7.md')
    """
    return Path(doc.path).name if doc.path else f"{doc.article_id}.md"


def occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of every occurrence of ``surface`` in ``text``, overlapping ones included
    (each search restarts at the previous start + 1), so occurrence N is ``result[N - 1]``.

    >>> occurrences("FF and FF 91", "FF"), occurrences("aaa", "aa")
    ([0, 7], [0, 1])
    """
    out, i = [], text.find(surface)
    while i >= 0:
        out.append(i)
        i = text.find(surface, i + 1)
    return out


@dataclass
class Scores:
    """True/false positive and false negative counts; ``excused``: unlisted publisher tags and
    predictions on places the gold left ``unresolved``."""
    tp: int = 0
    fp: int = 0
    fn: int = 0
    excused: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float(self.fp == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        """``{"precision", "recall", "f1", "tp", "fp", "fn", "excused"}``."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, **asdict(self)}


@dataclass(frozen=True)
class FalsePositive:
    """A predicted mention (with its offsets, method, confidence, evidence) the gold does not list;
    ``near_miss`` is the ``why`` of the ``not_mentions`` entry it overlaps, if any."""
    mention: Mention
    near_miss: str | None = None


@dataclass(frozen=True)
class FalseNegative:
    """A gold mention no prediction matched, at ``start`` in the text (None: unlocatable)."""
    gold: GoldMention
    start: int | None
    found: tuple[Mention, ...] = ()  # the predictions overlapping its place (another secid or span)
    context: tuple[str, int] = ("", 0)  # the text around its place, and where the surface starts in it


@dataclass(frozen=True)
class ArticleErrors:
    """What went wrong in one scored article (mention level, then entity level)."""
    file: str
    article_id: str
    false_positives: tuple[FalsePositive, ...] = ()
    false_negatives: tuple[FalseNegative, ...] = ()
    entity_fp: tuple[str, ...] = ()
    entity_fn: tuple[str, ...] = ()
    unlocatable: tuple[GoldMention, ...] = ()

    @property
    def near_misses(self) -> tuple[FalsePositive, ...]:
        return tuple(f for f in self.false_positives if f.near_miss is not None)

    def __bool__(self) -> bool:
        return any((self.false_positives, self.false_negatives, self.entity_fp, self.entity_fn, self.unlocatable))


@dataclass
class EvalResult:
    """Scores of the ``scored`` articles present in both the Documents and the gold; ``errors``: one
    ``ArticleErrors`` per scored article with any error. Not scored: ``unmatched`` (keys of Documents
    without gold) and ``missing`` (gold files no Document matched: a subset of articles scores that subset)."""
    entity: Scores = field(default_factory=Scores)
    mention: Scores = field(default_factory=Scores)
    entity_by_kind: dict[str, Scores] = field(default_factory=lambda: {k: Scores() for k in GOLD_KINDS})
    mention_by_kind: dict[str, Scores] = field(default_factory=lambda: {k: Scores() for k in GOLD_KINDS})
    errors: list[ArticleErrors] = field(default_factory=list)
    scored: int = 0
    verdicts: list[tuple[Mention, str]] = field(default_factory=list)  # every prediction: "tp", "fp" or "excused"
    unmatched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def unlocatable(self) -> list[tuple[str, GoldMention]]:
        """``(file, gold mention)`` for every gold occurrence not found in its text."""
        return [(a.file, g) for a in self.errors for g in a.unlocatable]

    def metrics(self) -> dict[str, dict[str, float]]:
        """``{"entity": ..., "mention": ..., "entity/stock": ..., "mention/board": ...}``."""
        out = {"entity": self.entity.as_dict(), "mention": self.mention.as_dict()}
        for level, table in (("entity", self.entity_by_kind), ("mention", self.mention_by_kind)):
            out.update({f"{level}/{k}": s.as_dict() for k, s in table.items()})
        return out


def _bump(table: dict[str, Scores], kind: str, attr: str) -> None:
    s = table.setdefault(kind, Scores())
    setattr(s, attr, getattr(s, attr) + 1)


def _pair(preds: list[Mention], golds: list[tuple[GoldMention, int | None]]
          ) -> tuple[list[GoldMention], list[Mention], list[tuple[GoldMention, int | None]]]:
    """(matched gold, unmatched predictions, unmatched gold) of one ``(surface, secid)``: same start pair first,
    then the rest in text order (the multiset counts; offsets only pick which ones are listed as errors)."""
    preds, hits, rest = list(preds), [], []
    for gm, s in golds:
        m = next((m for m in preds if m.start == s), None)
        if m is None:
            rest.append((gm, s))
        else:
            preds.remove(m)
            hits.append(gm)
    n = min(len(preds), len(rest))
    return hits + [gm for gm, _ in rest[:n]], preds[n:], rest[n:]


def _nth(starts: list[int], n: int) -> int | None:
    """The ``n``-th (1-based) of ``starts``, or None when there are fewer."""
    return starts[n - 1] if 0 < n <= len(starts) else None


def _score_article(doc: Document, g: GoldArticle, res: EvalResult) -> ArticleErrors:
    preds = [m for m in doc.mentions if m.secid is not None and m.kind != "organization"]
    # each gold mention with its start: the occurrence-th find of its surface, None if there are fewer
    located: list[tuple[GoldMention, int | None]] = [
        (gm, _nth(occurrences(doc.text, gm.surface), gm.occurrence)) for gm in g.mentions
    ]
    unlocatable = tuple(gm for gm, s in located if s is None)
    near = [(s, s + len(n.surface), n.why) for n in g.not_mentions for s in occurrences(doc.text, n.surface)]
    doubtful = [(s, s + len(n.surface)) for n in g.unresolved for s in occurrences(doc.text, n.surface)]

    def excused(m: Mention) -> bool:  # a publisher tag, or a place the gold left unresolved
        return m.method == "tag" or any(a < m.end and m.start < b for a, b in doubtful)
    # mention level: match per (surface, secid), same start first, then in text order
    fps, fns = list[FalsePositive](), list[FalseNegative]()
    keys = {(m.surface, m.secid) for m in preds} | {(gm.surface, gm.secid) for gm, _ in located}
    for key in sorted(keys, key=str):
        hits, p_left, q_left = _pair([m for m in preds if (m.surface, m.secid) == key],
                                     [(gm, s) for gm, s in located if (gm.surface, gm.secid) == key])
        for gm in hits:
            _bump(res.mention_by_kind, gm.kind, "tp")
        left = {id(m) for m in p_left}
        res.verdicts += [(m, "tp") for m in preds if (m.surface, m.secid) == key and id(m) not in left]
        for m in p_left:  # unlisted tags and unresolved places are excused, the rest are false positives
            _bump(res.mention_by_kind, m.kind, "excused" if excused(m) else "fp")
            res.verdicts.append((m, "excused" if excused(m) else "fp"))
            if not excused(m):
                fps.append(FalsePositive(m, next((w for a, b, w in near if a < m.end and m.start < b), None)))
        for gm, s in q_left:
            _bump(res.mention_by_kind, gm.kind, "fn")
            there = () if s is None else tuple(m for m in doc.mentions
                                                if m.start < s + len(gm.surface) and s < m.end and m.secid)
            around = ("", 0) if s is None else (doc.text[max(0, s - _AROUND):s + len(gm.surface) + _AROUND],
                                                 s - max(0, s - _AROUND))
            fns.append(FalseNegative(gm, s, there, around))
    # entity level: sets of secids; an unlisted entity found only by tags is excused
    gold_kind = {gm.secid: gm.kind for gm in g.mentions}
    pred_ms = {sid: [m for m in preds if m.secid == sid] for sid in {str(m.secid) for m in preds}}
    bad: dict[str, list[str]] = {"fp": [], "fn": []}
    for secid in sorted(set(gold_kind) | set(pred_ms)):
        ms = pred_ms.get(secid, [])
        if secid in gold_kind:
            verdict = "tp" if ms else "fn"
        else:
            verdict = "excused" if all(excused(m) for m in ms) else "fp"
        _bump(res.entity_by_kind, gold_kind.get(secid) or ms[0].kind, verdict)
        bad.get(verdict, []).append(secid)
    fps.sort(key=lambda f: f.mention.start)
    fns.sort(key=lambda f: (f.start is None, f.start or 0))  # unlocatable ones last
    return ArticleErrors(g.file, doc.article_id, tuple(fps), tuple(fns), tuple(bad["fp"]), tuple(bad["fn"]),
                         unlocatable)


def _total(table: dict[str, Scores]) -> Scores:
    return Scores(*(sum(getattr(s, a) for s in table.values()) for a in ("tp", "fp", "fn", "excused")))


def evaluate(docs: Iterable[Document], gold: Mapping[str, GoldArticle] | str | Path) -> EvalResult:
    """Score ``docs`` against ``gold`` (a ``load_gold`` dict, or a path to load), see the module docstring.

    A Document matches the gold file ``key_for(doc)``, else the one whose stem ends in ``-<article_id>``.
    Only articles on both sides are scored (the rest: ``unmatched``, ``missing``); two Documents
    matching one gold file raise ``UsageError``."""
    table = load_gold(gold) if isinstance(gold, (str, Path)) else gold
    by_id = {Path(f).stem.rsplit("-", 1)[-1]: f for f in table}
    res = EvalResult()
    seen: set[str] = set()
    for doc in docs:
        key = key_for(doc)
        file = key if key in table else by_id.get(doc.article_id)
        if file is None:
            res.unmatched.append(key)
            continue
        if file in seen:
            raise UsageError(f"two Documents match the gold record {file!r}", source=doc.path)
        seen.add(file)
        errs = _score_article(doc, table[file], res)
        if errs:
            res.errors.append(errs)
    res.missing, res.scored = sorted(set(table) - seen), len(seen)
    res.entity, res.mention = _total(res.entity_by_kind), _total(res.mention_by_kind)
    return res
