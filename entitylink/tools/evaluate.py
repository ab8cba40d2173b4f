"""Score linked Documents against hand-written gold files (``shared/corpus/gold/GUIDE.md``).

Nothing here links or prints; ``load_articles`` reads the articles to score as ``annotate``
reads them. ``load_gold`` reads a ``*.gold.jsonl``;
``evaluate`` scores Documents at entity level (per article, the set of secids) and mention level (the
multiset of ``(surface, secid)`` pairs), micro-averaged overall and per kind; ``format_report`` renders
that, with a reliability table (confidence bins against precision, ``reliability``) and the errors
grouped by the family that decided them (``errors_by_cause``); ``tag_masked_recall`` checks that a run with publisher tags ignored re-finds what the tags marked.

    >>> gold = {"2021-12-08-1.md": GoldArticle("2021-12-08-1.md", (GoldMention("光明乳业", "1.600597", "stock", 1),))}
    >>> m = Mention(start=2, end=6, surface="光明乳业", secid="1.600597", kind="stock", method="code", confidence=1)
    >>> doc = Document(article_id="1", path="2021-12-08-1.md", text="买入光明乳业", mentions=(m,))
    >>> evaluate([doc], gold).mention.f1
    1.0

Rules (GUIDE.md): a prediction without secid or of kind ``organization`` counts as nothing; one with
``method == "tag"`` the gold does not list is *excused* (neither TP nor FP; a listed one counts toward
recall), and so is an unlisted entity predicted only by such tags. ``not_mentions``/``unresolved`` are
not scored: a prediction overlapping an occurrence of an ``unresolved`` surface (a case the annotators
left open) is excused like an unlisted tag, while one overlapping a ``not_mentions`` surface stays a false
positive, flagged as a near miss.
Empty denominators: P and R are 1.0 when both sides are empty, else 0.0.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from entitylink.errors import UsageError, describe
from entitylink.link.score import features
from entitylink.models import Document, Mention
from entitylink.read.article import Article
from entitylink.read.sources import iter_articles
from entitylink.tools.gold import GOLD_KINDS, GoldArticle, GoldMention, load_gold


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
            fns.append(FalseNegative(gm, s, there))
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


# Confidence bins of the reliability table: [lo, hi), the last one closed.
BINS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.0))


@dataclass(frozen=True)
class ReliabilityRow:
    """One confidence bin: ``count`` mentions with a confidence in [lo, hi), ``correct`` of them right."""
    lo: float
    hi: float
    count: int
    correct: int
    mean_confidence: float

    @property
    def precision(self) -> float | None:
        return self.correct / self.count if self.count else None

    def as_dict(self) -> dict[str, float | int | None]:
        return {"lo": self.lo, "hi": self.hi, "count": self.count, "correct": self.correct,
                "precision": self.precision, "mean_confidence": self.mean_confidence}


def reliability(scored: Iterable[tuple[float, bool]],
                bins: tuple[tuple[float, float], ...] = BINS) -> list[ReliabilityRow]:
    """Confidence bins against precision: ``scored`` holds ``(confidence, right)`` per mention.

    >>> [(r.count, r.correct) for r in reliability([(0.97, True), (0.92, False), (1.0, True), (0.3, False)])]
    [(1, 0), (0, 0), (0, 0), (0, 0), (1, 0), (2, 2)]
    """
    rows = []
    items = list(scored)
    for i, (lo, hi) in enumerate(bins):
        last = i == len(bins) - 1
        inside = [(c, r) for c, r in items if lo <= c < hi or (last and c == hi)]
        mean = sum(c for c, _ in inside) / len(inside) if inside else 0.0
        rows.append(ReliabilityRow(lo, hi, len(inside), sum(r for _, r in inside), round(mean, 3)))
    return rows


def at_least(scored: Iterable[tuple[float, bool]], threshold: float) -> tuple[int, int]:
    """``(count, correct)`` of the mentions at confidence >= ``threshold``."""
    items = [r for c, r in scored if c >= threshold]
    return len(items), sum(items)


def mention_reliability(result: EvalResult) -> list[ReliabilityRow]:
    """The reliability table of a scored run: every prediction judged TP or FP (excused ones left out)."""
    return reliability(scored_mentions(result))


def scored_mentions(result: EvalResult) -> list[tuple[float, bool]]:
    """``(confidence, right)`` of every prediction judged TP or FP."""
    return [(m.confidence, v == "tp") for m, v in result.verdicts if v != "excused"]


def format_reliability(rows: Iterable[ReliabilityRow], title: str = "reliability (mention level)") -> str:
    """The reliability table as text: bin, count, correct, precision, mean confidence."""
    lines = [title, f"  {'confidence':<13}{'count':>6}{'right':>6}{'P':>7}{'mean':>7}"]
    for r in rows:
        bracket = "]" if r.hi >= 1.0 else ")"
        p = "-" if r.precision is None else f"{r.precision:.3f}"
        lines.append(f"  [{r.lo:.2f}, {r.hi:.2f}{bracket}{r.count:>6}{r.correct:>6}{p:>7}{r.mean_confidence:>7.3f}")
    return "\n".join(lines)


def cause_of(m: Mention) -> str:
    """The family or rule that decided a mention, read off its method and evidence
    (``link/score.py`` names the signals): ``tag``, ``code:explicit``, ``propagated``,
    ``abbreviation``, or the alias type with the signals that let the name link
    (``alias:short_form common_word cue``)."""
    if m.method == "tag":
        return "tag"
    feats = features(m.method, m.kind, m.evidence, m.flags)
    return " ".join(f for f in feats if f not in ("board", "index")) or m.method


def errors_by_cause(result: EvalResult) -> dict[str, dict[str, list[str]]]:
    """Mention-level errors grouped by cause: ``{"false_positives": {cause: [file: surface secid …]},
    "false_negatives": {...}}``. A false positive's cause is the family that decided it
    (``cause_of``); a false negative's is what was linked at its place instead
    (``instead: <cause>``, ``other span: <cause>``) or ``nothing linked here``."""
    fp: dict[str, list[str]] = defaultdict(list)
    fn: dict[str, list[str]] = defaultdict(list)
    for a in result.errors:
        for f in a.false_positives:
            m = f.mention
            fp[cause_of(m)].append(f"{a.file}: {m.surface} {m.secid} @{m.start}")
        for n in a.false_negatives:
            g = n.gold
            if n.start is None:
                why = "unlocatable in the text"
            elif not n.found:
                why = "nothing linked here"
            else:
                m = n.found[0]
                why = ("other span: " if m.secid == g.secid else "instead: ") + cause_of(m)
            fn[why].append(f"{a.file}: {g.surface} {g.secid} occurrence {g.occurrence}")
    order = lambda d: dict(sorted(d.items(), key=lambda kv: (-len(kv[1]), kv[0])))  # noqa: E731
    return {"false_positives": order(fp), "false_negatives": order(fn)}


def format_causes(causes: dict[str, dict[str, list[str]]], *, per_cause: int = 5) -> str:
    """Errors by cause as text: each cause with its count and a few examples."""
    lines = ["errors by cause (the family that decided; for a false negative, what was linked there)"]
    for label, key in (("false positives", "false_positives"), ("false negatives", "false_negatives")):
        groups = causes[key]
        lines.append(f"  {label}: {sum(len(v) for v in groups.values())}")
        for cause, items in groups.items():
            lines.append(f"    {len(items):>3}  {cause}")
            lines += [f"           {x}" for x in items[:per_cause]]
    return "\n".join(lines)


def format_report(result: EvalResult, *, max_errors: int | None = 50) -> str:
    """A P/R/F1 table (entity, mention; overall, per kind), then errors per file (at most ``max_errors``)."""
    lines = [f"scored {result.scored}; not scored: {len(result.unmatched)} unmatched, {len(result.missing)} missing",
             f"{'level':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'tags':>6}"]
    for name, s in result.metrics().items():
        if s["tp"] + s["fp"] + s["fn"] + s["excused"] or "/" not in name:
            lines.append(f"{name:<16}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                         f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}{s['excused']:>6}")
    shown = result.errors if max_errors is None else result.errors[:max_errors]
    for a in shown:
        lines.append(f"\n== {a.file}")
        for g in a.unlocatable:
            lines.append(f"  UNLOCATABLE {g.surface!r} {g.secid} occurrence {g.occurrence}")
        for f, m in ((f, f.mention) for f in a.false_positives):
            nm = f"  [near miss: {f.near_miss}]" if f.near_miss is not None else ""
            ev = "|".join(m.evidence)
            lines.append(f"  FP {m.surface!r} {m.secid} @{m.start} {m.method} {m.confidence:.2f} {ev}{nm}")
        for n, g in ((n, n.gold) for n in a.false_negatives):
            at = "unlocatable" if n.start is None else f"@{n.start}"
            instead = "".join(f" [found {m.surface!r} {m.secid} {cause_of(m)}]" for m in n.found)
            lines.append(f"  FN {g.surface!r} {g.secid} occurrence {g.occurrence} {at}{instead}")
        if a.entity_fp or a.entity_fn:
            lines.append(f"  entities FP {list(a.entity_fp)} FN {list(a.entity_fn)}")
    if len(shown) < len(result.errors):
        lines.append(f"\n... {len(result.errors) - len(shown)} more files with errors")
    lines += ["", format_reliability(mention_reliability(result)), "", format_causes(errors_by_cause(result))]
    return "\n".join(lines)


@dataclass(frozen=True)
class TagMiss:
    """A publisher ``tag`` (in ``article``, a ``key_for`` key) the tag-ignoring run did not reproduce;
    ``found``: that run's mentions overlapping the tag's span."""
    article: str
    tag: Mention
    found: tuple[Mention, ...] = ()


@dataclass
class TagMaskedResult:
    """Publisher tags re-found with tags ignored: ``found``/``total``, per kind, misses."""
    found: int = 0
    total: int = 0
    excluded: int = 0
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    misses: list[TagMiss] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0


def tag_masked_recall(pairs: Iterable[tuple[Document, Document]], *,
                      exclude: Callable[[Document, Mention], bool] | None = None) -> TagMaskedResult:
    """For each ``(with_tags, tags_ignored)`` pair of one article, count the tag mentions (``method ==
    "tag"``) of the first that the second has with the same start, end and secid. ``exclude(doc, mention)``
    returning True leaves a tag out (counted in ``excluded``). Different texts in a pair: ``UsageError``.

        tag_masked_recall(pairs, exclude=lambda d, m: d.text[m.end:m.end + 2] == "大学").recall
    """
    res = TagMaskedResult()
    counts: defaultdict[str, Counter] = defaultdict(Counter)  # kind -> {"found", "total"}
    for tagged, masked in pairs:
        if tagged.text != masked.text:
            raise UsageError(f"article {tagged.article_id}: the pair's two texts differ", source=tagged.path)
        have = {(m.start, m.end, m.secid) for m in masked.mentions}
        for t in (m for m in tagged.mentions if m.method == "tag"):
            if exclude is not None and exclude(tagged, t):
                res.excluded += 1
                continue
            ok = (t.start, t.end, t.secid) in have
            counts[t.kind]["total"] += 1
            counts[t.kind]["found"] += ok
            if not ok:
                there = tuple(m for m in masked.mentions if m.start < t.end and t.start < m.end)
                res.misses.append(TagMiss(key_for(tagged), t, there))
    res.by_kind = {k: (c["found"], c["total"]) for k, c in sorted(counts.items())}
    res.found, res.total = sum(f for f, _ in res.by_kind.values()), sum(t for _, t in res.by_kind.values())
    return res


def load_articles(paths: Iterable[str]) -> tuple[list[Article], list[str]]:
    """Every article of ``paths`` (read as ``annotate`` reads them), and one line per unit that failed."""
    articles, failures = [], []
    for item in iter_articles(list(paths)):
        if isinstance(item, Article):
            articles.append(item)
        else:
            failures.append(describe(item))
    return articles, failures


_INSTITUTION_WORDS = ("大学", "学院", "医院", "研究院", "研究所")


def tag_inside_institution(doc: Document, mention: Mention) -> bool:
    """A tag inside an institution's name is no name to find again (上海复旦 in 上海复旦大学):
    the ``exclude`` of ``tag_masked_recall`` that ``entitylink evaluate --tag-masked`` uses."""
    return "partial_word" in mention.flags and doc.text.startswith(_INSTITUTION_WORDS, mention.end)
