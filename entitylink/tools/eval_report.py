"""The evaluation report: the P/R/F1 table and errors per file (:func:`format_report`), the
reliability table (confidence bins against precision, :func:`reliability`) and the errors
grouped by the family that decided them (:func:`errors_by_cause`).

Imports: the top level (``models``), :mod:`entitylink.link.score` (the signals a mention's
evidence names), :mod:`entitylink.link.families` (the family that decided) and
:mod:`entitylink.tools.eval_score`; :mod:`entitylink.tools.evaluate` re-exports the names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from entitylink.knowledge.normalize import fold_text
from entitylink.link.cues import is_market_word
from entitylink.link.families import family_of
from entitylink.link.inside_names import inside_name
from entitylink.link.products import product_after
from entitylink.link.score import features
from entitylink.link.venues import venue_use
from entitylink.models import Mention
from entitylink.tools.eval_score import EvalResult, FalseNegative

__all__ = ["BINS", "ReliabilityRow", "at_least", "cause_of", "errors_by_cause", "family", "format_causes",
           "format_reliability", "vetoed_by",
           "format_report", "mention_reliability", "reliability", "scored_mentions"]

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
    """The signals that let a mention link, read off its method and evidence
    (``link/score.py`` names them): ``tag``, ``code:explicit``, ``propagated``,
    ``abbreviation``, or the alias type with the signals (``alias:short_form common_word cue``)."""
    if m.method == "tag":
        return "tag"
    feats = features(m.method, m.kind, m.evidence, m.flags)
    return " ".join(f for f in feats if f not in ("board", "index")) or m.method


def family(m: Mention) -> str:
    """The family of evidence that decided a mention (``link/families.py``): ``product``-like
    vetoes leave nothing, so a linked mention's family is the one that let it link, or
    ``no family: plain name match``."""
    return family_of(m.method, m.kind, m.evidence, m.surface)


def vetoed_by(n: FalseNegative) -> str:
    """For a false negative with nothing linked at its place: the veto family whose shape the
    text around it has (``vetoed: inside_name``, ``product``, ``venue``, ``cue/market word``),
    asked again on the text, else ``nothing linked here`` (evidence missing, or segmentation).
    A derivation: the linker keeps no record of the names it left out.

    >>> from entitylink.tools.gold import GoldMention
    >>> vetoed_by(FalseNegative(GoldMention("招商银行", "1.600036", "stock", 1), 0, (), ("招商银行北京分行行长", 0)))
    'vetoed: inside_name'
    """
    text, s = n.context
    surface = n.gold.surface
    e = s + len(surface)
    if not text:
        return "nothing linked here"
    folded = fold_text(text)
    if is_market_word(surface):
        return "vetoed: cue/market word"
    if len(surface) >= 2 and inside_name(folded, s, e, surface, ()) is not None:
        return "vetoed: inside_name"
    if not surface.isascii() and product_after(folded, e) is not None:
        return "vetoed: product"
    if venue_use(folded, s, e) is not None:
        return "vetoed: venue"
    return "nothing linked here"


def errors_by_cause(result: EvalResult) -> dict[str, dict[str, list[str]]]:
    """Mention-level errors grouped by the family that decided them: ``{"false_positives":
    {family: [file: surface secid @start [signals]]}, "false_negatives": {...}}``. A false
    positive's family is the one that let it link (``family``); a false negative's is that of
    what was linked at its place instead (``instead: <family>``, ``other span: <family>``), or,
    with nothing linked there, the veto family whose shape the text has (``vetoed_by``)."""
    fp: dict[str, list[str]] = defaultdict(list)
    fn: dict[str, list[str]] = defaultdict(list)
    for a in result.errors:
        for f in a.false_positives:
            m = f.mention
            fp[family(m)].append(f"{a.file}: {m.surface} {m.secid} @{m.start} [{cause_of(m)}]")
        for n in a.false_negatives:
            g = n.gold
            if n.start is None:
                why = "unlocatable in the text"
            elif not n.found:
                why = vetoed_by(n)
            else:
                m = n.found[0]
                why = ("other span: " if m.secid == g.secid else "instead: ") + family(m)
            fn[why].append(f"{a.file}: {g.surface} {g.secid} occurrence {g.occurrence}")
    order = lambda d: dict(sorted(d.items(), key=lambda kv: (-len(kv[1]), kv[0])))  # noqa: E731
    return {"false_positives": order(fp), "false_negatives": order(fn)}


def format_causes(causes: dict[str, dict[str, list[str]]], *, per_cause: int = 5) -> str:
    """Errors by family as text: each family with its count and a few examples (with their signals)."""
    lines = ["errors by family (the family that decided; for a false negative, what was linked there)"]
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
            line = f"  FP {m.surface!r} {m.secid} @{m.start} {m.method} {m.confidence:.2f} {ev}"
            lines.append(f"{line} ({family(m)}){nm}")
        for n, g in ((n, n.gold) for n in a.false_negatives):
            at = "unlocatable" if n.start is None else f"@{n.start}"
            instead = "".join(f" [found {m.surface!r} {m.secid} {family(m)}: {cause_of(m)}]" for m in n.found)
            lines.append(f"  FN {g.surface!r} {g.secid} occurrence {g.occurrence} {at}{instead}")
        if a.entity_fp or a.entity_fn:
            lines.append(f"  entities FP {list(a.entity_fp)} FN {list(a.entity_fn)}")
    if len(shown) < len(result.errors):
        lines.append(f"\n... {len(result.errors) - len(shown)} more files with errors")
    lines += ["", format_reliability(mention_reliability(result)), "", format_causes(errors_by_cause(result))]
    return "\n".join(lines)
