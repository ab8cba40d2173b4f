"""display.render_html: escaped text, one mark per mention, tooltips, header and legend."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from entitylink.display import KIND_COLORS, render_html, save_html, tooltip
from entitylink.models import Document, Entity, Mention


def _mention(text: str, surface: str, **kw) -> Mention:
    start = text.index(surface)
    fields = {"secid": "1.600597", "kind": "stock", "name": surface, "method": "dictionary", "confidence": 0.95}
    fields.update(kw)
    return Mention(start=start, end=start + len(surface), surface=surface, **fields)


@pytest.fixture()
def doc() -> Document:
    text = "<script>alert(1)</script>光明乳业 & 沪指\n第二段：酿酒行业走强，上海大众\"引号\""
    mentions = (
        _mention(text, "光明乳业", method="tag", confidence=1.0),
        _mention(text, "沪指", secid="1.000001", kind="index", name="上证指数", method="alias", confidence=0.85),
        _mention(text, "酿酒行业", secid="90.BK0477", kind="board"),
        _mention(text, "上海大众", secid=None, kind="organization", name=None, method="segmentation", confidence=0.5),
    )
    entities = (
        Entity(secid="1.600597", kind="stock", mention_count=1, first_start=25),
        Entity(secid=None, kind="organization", mention_count=1, first_start=50),
    )
    return Document(
        article_id="a<1>",
        title='标题 <img src=x onerror="alert(1)">',
        date=dt.datetime(2024, 3, 5, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        url="javascript:alert(1)",
        text=text,
        mentions=mentions,
        entities=entities,
    )


class _Collect(HTMLParser):
    """Tags and the text inside each <mark>, from a well-formed rendering."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.marks: list[dict] = []
        self._in_mark = 0
        self._in_label = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "mark":
            self.marks.append({**dict(attrs), "text": ""})
            self._in_mark += 1
        elif tag == "span" and self._in_mark:
            self._in_label += 1

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark -= 1
        elif tag == "span" and self._in_label:
            self._in_label -= 1

    def handle_data(self, data):
        if self._in_mark and not self._in_label:
            self.marks[-1]["text"] += data


def _parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    p.close()
    return p


def test_untrusted_text_title_and_url_are_escaped(doc: Document) -> None:
    html = render_html(doc)
    parsed = _parse(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "</mark> &amp; <mark" in html
    assert 'href="javascript' not in html  # not a web URL: shown as text only
    assert "a&lt;1&gt;" in html


def test_every_mention_is_marked_once_with_its_colour(doc: Document) -> None:
    marks = _parse(render_html(doc)).marks
    assert [m["text"] for m in marks] == [m.surface for m in doc.mentions]
    for mark, m in zip(marks, doc.mentions):
        assert KIND_COLORS[m.kind] in mark["style"]
        assert mark["data-kind"] == m.kind
        assert mark.get("data-secid") == m.secid
    assert "dashed" in marks[3]["style"]  # unlinked organisation


def test_tooltip_holds_secid_name_method_confidence(doc: Document) -> None:
    marks = _parse(render_html(doc)).marks
    assert marks[1]["title"] == "1.000001 上证指数 · index · alias · 0.85"
    assert marks[3]["title"] == "unlinked · organization · segmentation · 0.50"
    assert [m["title"] for m in marks] == [tooltip(m) for m in doc.mentions]


def test_paragraphs_header_and_legend(doc: Document) -> None:
    html = render_html(doc)
    assert html.count("<p>") == html.count("</p>") == 2
    assert "2024-03-05 15:00:00+08:00" in html
    assert "4 mentions · 1 securities" in html and "1 unlinked" in html
    legend = re.findall(r">(stock|board|index|organization) (\d+)<", html)
    assert legend == [("stock", "1"), ("board", "1"), ("index", "1"), ("organization", "1")]


def test_labels_can_be_left_out(doc: Document) -> None:
    with_labels = _parse(render_html(doc)).tags.count("span")
    without = _parse(render_html(doc, labels=False)).tags.count("span")
    assert with_labels - without == len(doc.mentions)


def test_standalone_page_and_repr_html(doc: Document, tmp_path) -> None:
    page = render_html(doc, standalone=True)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<style" not in page and "<script" not in page and "<link" not in page
    assert doc._repr_html_() == render_html(doc)
    path = tmp_path / "doc.html"
    save_html(doc, path)
    assert path.read_text(encoding="utf-8") == page


def test_empty_document() -> None:
    html = render_html(Document(article_id="x", text=""))
    assert "no mentions" in html and "<mark" not in html


def test_mention_across_a_line_break_keeps_tags_balanced() -> None:
    text = "甲\n乙"
    m = Mention(start=0, end=3, surface=text, secid=None, kind="organization", method="segmentation", confidence=0.5)
    parsed = _parse(render_html(Document(article_id="x", text=text, mentions=(m,))))
    assert parsed.marks[0]["text"] == "甲乙" and "br" in parsed.tags


def test_docstring_examples() -> None:
    import doctest

    import entitylink.display as module

    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted and not failed
