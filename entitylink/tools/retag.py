"""Write an article back with Eastmoney-style span tags around the mentions it lacked.

Imports the rooms before ``tools/``: the top level, ``read`` and ``link.options``.

``retag(source, doc)`` wraps each linked mention that the publisher did not
tag (``method != "tag"``) in the markup Eastmoney uses::

    <span id="stock_1.600519"><a href="http://quote.eastmoney.com/unify/r/1.600519"
     class="keytip" data-code="1,600519">贵州茅台</a></span>

(``bk_`` instead of ``stock_`` for boards). It works on the source string the
Document was read from, through each mention's ``source_start``/``source_end``,
and only where that is safe: the source characters must be the surface itself
(not split by markup, not an entity such as ``&amp;``), outside any existing
link or security tag, and in an HTML part of the file (the summary line of a
Jekyll post is plain text, where markup would become text). Every mention left
out is counted with its reason. Reading the result again with ``read_article``
gives the same text, with a tag at each added mention's offsets; ``retag``
checks this and never returns output that changes the text.

    >>> from entitylink.models import Document, Mention
    >>> m = Mention(start=2, end=6, surface="贵州茅台", secid="1.600519", kind="stock", method="dictionary",
    ...             confidence=0.95, source_start=5, source_end=9)
    >>> retag_html("<p>买入贵州茅台</p>", Document(article_id="x", text="买入贵州茅台", mentions=(m,)))[:38]
    '<p>买入<span id="stock_1.600519"><a href'
"""

from __future__ import annotations

import bisect
import gzip
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from entitylink.errors import EntityLinkError, OutputError
from entitylink.link.options import LinkOptions
from entitylink.models import Document, Mention
from entitylink.read.article import read_article
from entitylink.read.decode import decode_bytes
from entitylink.read.eastmoney import SECURITY_SPAN, span_markup
from entitylink.read.sources import MAX_BYTES, Task, iter_files, read_input

__all__ = ["ARTICLE_SUFFIXES", "RetagResult", "RetagSummary", "retag", "retag_html", "retag_paths", "span_markup"]

# The article files retag takes, from a directory or named: the formats it
# writes back (not .json: markup inserted into a JSON document's text would
# break it), gzipped or not. A file named with another suffix is a failed input.
ARTICLE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt", ".jsonl", ".ndjson")
_DIRECTORY_SUFFIXES = ARTICLE_SUFFIXES + tuple(s + ".gz" for s in ARTICLE_SUFFIXES)
_DUMP_SUFFIXES = (".jsonl", ".ndjson")

# Elements a new tag must not go inside: links (no nested <a>), existing security tags,
# elements whose content is not text, and comments. Found by one left-to-right scan
# (``protected_spans``): a pattern with ``.*?`` up to a closing tag rescans the rest of
# the page for every opening tag that is never closed (quadratic on broken pages).
_OPENING = regex.compile(r"<(a|span|script|style|textarea|title)\b|<!--", regex.I)
_CLOSING = {name: regex.compile(rf"</{name}\s*>", regex.I)
            for name in ("a", "span", "script", "style", "textarea", "title")}


def protected_spans(source: str) -> list[tuple[int, int]]:
    """Sorted, disjoint ``(start, end)`` spans of ``source`` where no tag may be inserted;
    an element left open protects the rest of the source. Linear in ``len(source)``.

    >>> protected_spans('<p>x<a href="/">光明</a>y<!-- z')
    [(4, 22), (23, 29)]
    """
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(source)
    while pos < n:
        m = _OPENING.search(source, pos)
        if m is None:
            break
        start = m.start()
        if m.group(1) is None:  # a comment
            close = source.find("-->", m.end())
            end = n if close < 0 else close + 3
        else:
            name = m.group(1).lower()
            gt = source.find(">", m.end())
            if gt < 0:
                break  # no tag ends after here: the rest is text the reader keeps as is
            if name == "span" and not SECURITY_SPAN.search(source, m.end(), gt):
                pos = gt + 1
                continue
            closing = _CLOSING[name].search(source, gt + 1)
            end = n if closing is None else closing.end()
        spans.append((start, end))
        pos = end
    return spans


@dataclass(frozen=True)
class RetagResult:
    """What ``retag`` did to one article.

    ``html`` is the rewritten source; ``added`` the mentions now tagged;
    ``skipped`` counts the untagged, linked mentions left alone, by reason:
    ``no_source`` (no source offsets), ``not_verbatim`` (markup or an entity
    inside the span), ``inside_tag`` (within a link or an existing tag),
    ``low_confidence`` (below ``min_confidence``), ``bad_secid`` (not a
    secid the markup can carry), ``changes_text``
    (a plain-text part of the file), ``plain_text`` (a JSONL record's plain
    ``text`` field).
    """

    html: str
    added: tuple[Mention, ...] = ()
    skipped: Counter = field(default_factory=Counter)


def retag(source: str, doc: Document, *, format: str = "auto", name: str = "<string>",
          min_confidence: float = 0.0, verify: bool = True) -> RetagResult:
    """Insert tags around the untagged, linked mentions of ``doc`` into ``source``.

    Args:
        source: the string ``doc`` was read from (a JSONL record: its body
            string), with a leading BOM already removed, as ``read_article`` does.
        doc: the linked document; its mentions' ``source_start``/``source_end``
            index ``source``.
        format, name: how to read ``source`` again for the check (as for
            ``read_article``).
        min_confidence: leave mentions below this confidence untagged.
        verify: re-read the output and drop any insertion that would change
            the text or not come back as a tag at the mention's offsets.

    Returns:
        A ``RetagResult``; ``source`` unchanged when nothing could be added.
    """
    skipped: Counter = Counter()
    protected = protected_spans(source)
    planned: list[tuple[Mention, str, str]] = []
    for m in doc.mentions:
        if m.method == "tag" or m.secid is None:
            continue
        if m.confidence < min_confidence:
            skipped["low_confidence"] += 1
            continue
        reason, markup = _check(source, m, protected)
        if reason:
            skipped[reason] += 1
        else:
            planned.append((m, *markup))
    if not planned:
        return RetagResult(source, (), skipped)
    html = _insert(source, planned)
    if verify and not _round_trips(html, doc, planned, format, name):
        # Rare: find the insertions that break the text, one at a time.
        good = [p for p in planned if _round_trips(_insert(source, [p]), doc, [p], format, name)]
        skipped["changes_text"] += len(planned) - len(good)
        planned = good
        html = _insert(source, planned)
    return RetagResult(html, tuple(p[0] for p in planned), skipped)


def retag_html(source: str, doc: Document, *, format: str = "auto") -> str:
    """``retag(source, doc).html``: the source with the untagged mentions tagged."""
    return retag(source, doc, format=format).html


def _check(source: str, m: Mention, protected: list[tuple[int, int]]) -> tuple[str | None, tuple[str, str]]:
    s, e = m.source_start, m.source_end
    if s is None or e is None or not 0 <= s < e <= len(source):
        return "no_source", ("", "")
    if source[s:e] != m.surface:
        return "not_verbatim", ("", "")
    i = bisect.bisect_left(protected, (e, -1)) - 1  # the last protected span starting before e
    if i >= 0 and protected[i][1] > s:
        return "inside_tag", ("", "")
    try:
        return None, span_markup(m.secid or "", m.kind)
    except ValueError:
        return "bad_secid", ("", "")


def _insert(source: str, planned: list[tuple[Mention, str, str]]) -> str:
    out: list[str] = []
    pos = 0
    for m, open_, close in sorted(planned, key=lambda p: p[0].source_start or 0):
        out += [source[pos : m.source_start], open_, m.surface, close]
        pos = m.source_end or 0  # planned mentions all have their source span (_check)
    out.append(source[pos:])
    return "".join(out)


def _round_trips(html: str, doc: Document, planned, format: str, name: str) -> bool:
    try:
        again = read_article(html, name=name, format=format, article_id=doc.article_id)
    except EntityLinkError:
        return False
    if again.text != doc.text:
        return False
    tags = {(t.start, t.end, t.secid) for t in again.tagged}
    return all((m.start, m.end, m.secid) in tags for m, _, _ in planned)


# -- the command ----------------------------------------------------------


@dataclass
class RetagSummary:
    """What ``retag_paths`` did: articles read, retagged (ok), failed (each in ``failures``
    as ``(where, reason)``), spans added and mentions skipped by reason."""

    read: int = 0
    ok: int = 0
    failed: int = 0
    added: int = 0
    skipped: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def take(self, result: RetagResult) -> None:
        self.read += 1
        self.ok += 1
        self.added += len(result.added)
        self.skipped.update(result.skipped)

    def fail(self, where: str, reason: str) -> None:
        self.read += 1
        self.failed += 1
        self.failures.append((where, reason))

    def line(self) -> str:
        """``N read, X ok, Y failed, M spans added, K skipped (reason count, ...)``."""
        skipped = sum(self.skipped.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items()))
        return (f"{self.read} read, {self.ok} ok, {self.failed} failed, {self.added} spans added, "
                f"{skipped} skipped" + (f" ({detail})" if detail else ""))


def retag_paths(paths: Sequence[str], output: str | os.PathLike, linker, *, options: LinkOptions | None = None,
                min_confidence: float = 0.0, encoding: str | None = None,
                globs: Sequence[str] | None = None) -> RetagSummary:
    """Write each input of ``paths``, retagged, under the directory ``output``.

    Inputs are found and read as ``entitylink annotate`` finds them
    (``entitylink.read.sources``), except that only the formats retag can write
    back are taken (``ARTICLE_SUFFIXES``, and their ``.gz``): directories give
    only those, and a file named with another suffix (``.json`` above all:
    markup inserted into its JSON text would corrupt it) is a failed input, as
    is stdin, having no name to write under. An output that would overwrite an
    input named on the command line is a failed input too. A file keeps its name (inputs found in a
    directory keep their path below it; a ``.gz`` file is written back
    gzipped); a JSONL dump is rewritten record by record (the ``html`` field,
    or an HTML ``content`` field; a bad record is copied unchanged and counted
    as failed). Prints ``N read, X ok, Y failed, M spans added`` to stderr.

    Raises ``OutputError`` when the output directory or a file cannot be written.
    """
    out_dir = Path(output)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output directory: {exc.strerror or exc}", source=str(out_dir)) from None
    tally = RetagSummary()
    written: dict[Path, Path] = {}
    min_conf = float(min_confidence)
    opts = options or LinkOptions()
    named = {Path(p).resolve() for p in paths if p != "-" and not Path(p).is_dir()}
    for found in iter_files(paths, globs=globs, suffixes=_DIRECTORY_SUFFIXES):
        if isinstance(found, Task):
            tally.fail(found.path, found.reason or "cannot be read")
            continue
        path, rel = found
        if path == "-":
            tally.fail(path, "cannot retag stdin: it has no file name to write under -o DIR")
            continue
        if not path.lower().endswith(_DIRECTORY_SUFFIXES):
            tally.fail(path, "retag writes back only " + " ".join(ARTICLE_SUFFIXES) + " files (or their .gz)")
            continue
        target = out_dir / rel
        if target.resolve() == Path(path).resolve() or target.resolve() in named:
            tally.fail(path, f"the output {target} would overwrite the input; choose another -o DIR")
            continue
        if target.resolve() in written:
            tally.fail(path, f"has the same output name as {written[target.resolve()]}")
            continue
        written[target.resolve()] = Path(path)
        name = path[:-3] if path.lower().endswith(".gz") else path
        try:
            source = decode_bytes(read_input(path, MAX_BYTES), encoding=encoding, source=path)
        except EntityLinkError as exc:
            tally.fail(path, exc.reason)
            continue
        source = source[1:] if source.startswith("\ufeff") else source
        text: str | None
        if name.lower().endswith(_DUMP_SUFFIXES):
            text = _retag_dump(source, path, linker, opts, min_conf, tally)
        else:
            text = _retag_file(source, path, name, linker, opts, min_conf, tally)
        if text is None:
            continue
        data = text.encode("utf-8")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(gzip.compress(data, mtime=0) if target.name.lower().endswith(".gz") else data)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=str(target)) from None
    return tally


def _retag_file(source: str, path: str, name: str, linker, options: LinkOptions, min_confidence: float,
                tally: RetagSummary) -> str | None:
    try:
        article = read_article(source, name=name)
    except EntityLinkError as exc:
        tally.fail(path, exc.reason)
        return None
    doc = linker.link(article, options)
    result = retag(source, doc, name=name, min_confidence=min_confidence)
    tally.take(result)
    return result.html


def _retag_dump(source: str, path: str, linker, options: LinkOptions, min_confidence: float,
                tally: RetagSummary) -> str:
    # JSON lines end at "\n" only: str.splitlines() would also split a record at
    # U+2028, U+2029 or U+0085, which JSON writes raw.
    lines = [line + "\n" for line in source.split("\n")]
    lines[-1] = lines[-1][:-1]
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        where = f"{path}:{i + 1}"
        try:
            article = read_article(line, name=str(path), format="jsonl")
        except EntityLinkError as exc:
            tally.fail(where, exc.reason)
            continue
        record = json.loads(line)
        key = next(k for k in ("html", "content", "text") if isinstance(record.get(k), str))
        doc = linker.link(article, options)
        if key == "text":
            # A plain-text body: markup would be read back as text.
            eligible = sum(1 for m in doc.mentions if m.method != "tag" and m.secid is not None)
            result = RetagResult(record[key], (), Counter({"plain_text": eligible} if eligible else {}))
        else:
            result = retag(record[key], doc, format="html", name=where, min_confidence=min_confidence)
        tally.take(result)
        if result.added:
            record[key] = result.html
            end = line[len(line.rstrip("\r\n")):]
            lines[i] = json.dumps(record, ensure_ascii=False) + end
    return "".join(lines)
