"""The HTML converter's shortcuts give what a reference gives, step by step.

``_Converter.text`` takes whole stretches of a run at once (``TextBuilder.lines``: lines
of words and single spaces). ``TokenConverter`` below is the reference: the same converter
whose ``text`` hands every token (whitespace run, indent, entity, invisible character,
word) to the ``TextBuilder`` one call at a time. Both must give the same text, the same
offset map in the same stored form, the same elements, title and warnings: on generated
markup heavy in words, spaces and line breaks, and on every file of ``../shared/corpus``.
Likewise ``markup.parse_attrs``, which splits a body of names only (an autolink's URL) at
``"/"``, gives what ``reference_attrs`` (every attribute by its pattern) gives.
"""

from __future__ import annotations

import gzip
import html as _html
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_parse_properties import FRAGMENTS

from entitylink.read import html as htmltext
from entitylink.read import markup

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class TokenConverter(htmltext._Converter):
    """The converter with every text run read token by token (the reference): none of the
    shortcuts of ``_Converter.text`` (an indent, a run without tokens, lines of words)."""

    def text(self, pos: int, stop: int) -> None:
        if self.skip_depth or pos >= stop:
            return
        self.tokens(pos, pos, stop)


def described(r):
    m = r.offsets
    elements = [(e.tag, list(e.attrs.items()), e.start, e.end, e.source_start, e.source_end, e.parent)
                for e in r.elements]
    return (r.text, m.length, m.segments(), bytes(m._verbatim), elements, r.title, r.warnings,
            m.span_to_source(0, m.length))


def assert_same(source: str, start: int = 0, end: int | None = None) -> None:
    fast = htmltext.html_to_text(source, start, end)
    stop = len(source) if end is None else min(end, len(source))
    reference = TokenConverter(source if stop == len(source) else source[:stop], start, stop).run()
    assert described(fast) == described(reference)


# Runs of words, spaces and line breaks (what the one-step reading takes), with the rest mixed in.
WORDY = st.sampled_from([" ", " ", "\n", "\n", "\n\n", " \n", "\n ", "  ", "\t", "\r\n", "\u3000", "\xa0",
                         "\u200b", "&amp;", "&nbsp;", "光明乳业", "abc", "x", "1.5%", "---", "title: \"a b\"",
                         "文章来源：东方财富网", "\\n", '<span id=\\"stock_013855\\">'])
RUNS = st.lists(st.one_of(WORDY, WORDY, FRAGMENTS, st.text(max_size=3)), max_size=40).map("".join)
PROPS = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(RUNS)
def test_a_run_read_in_one_step_is_read_as_token_by_token(source):
    assert_same(source)


@PROPS
@given(RUNS, st.data())
def test_so_is_a_region(source, data):
    start = data.draw(st.integers(0, len(source)))
    assert_same(source, start, data.draw(st.integers(start, len(source))))


@pytest.mark.parametrize("text", [
    "a b\nc", " a b \n", "\n\na\n\n b \n c\n\n", "a \nb", "a\n b", "a \n b", " ", "\n", "a\n\n\nb",
    "<p>a b\nc</p> d \n<p>\ne</p>", "<p> </p>x\n y", "文章来源：东方财富网\nx", "a&amp;b c\nd", "a\u3000b\nc",
])
def test_chosen_runs(text):
    assert_same(text)
    assert_same("<div>" + text + "</div>\n" + text)


def test_every_corpus_file():
    files = [p for p in sorted(CORPUS.rglob("*")) if p.is_file() and p.suffix in (".md", ".html", ".txt")]
    if not files:
        pytest.skip("../shared/corpus is absent")
    for p in files:
        source = p.read_text(encoding="utf-8", errors="replace")
        for variant in (source, source.replace("\n", "\r\n"), "\ufeff" + source, source.replace("\n", " \n")):
            assert_same(variant)
    for p in sorted((CORPUS / "flash").glob("*.jsonl.gz"))[:3]:  # the flash items' bodies
        with gzip.open(p, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                assert_same((record.get("title") or "") + "\n" + (record.get("content") or ""))


def reference_attrs(body: str, attr_re) -> dict[str, str]:
    """Every attribute of ``body`` by its pattern, the first of a name counting."""
    attrs: dict[str, str] = {}
    for m in attr_re.finditer(body):
        name, value = m.group(1, 2)
        attrs.setdefault(name.lower(), _html.unescape(value or ""))
    return attrs


BODY = st.lists(st.sampled_from(["/", "//", "http:", "finance.eastmoney.com", "News", "a,1.html", "=", "x=y",
                                 " ", "\t", "\u3000", "\x85", "\u2028", "'", '"', "&amp;", "\\", "É", "ß"]),
                max_size=12).map("".join)


@PROPS
@given(st.one_of(BODY, st.text(max_size=20)))
def test_attributes_by_the_shortcut_are_those_by_the_pattern(body):
    for attr_re in (markup._ATTR, markup._ATTR_ESCAPED):
        assert list(markup.parse_attrs(body, attr_re).items()) == list(reference_attrs(body, attr_re).items())
