"""Lazy records: a linked Document keeps its mentions and entities as rows (tuples) and makes
the pydantic models on first access; to the outside it is the same Document."""

from __future__ import annotations

import copy
import pickle
import sys
import threading
from pathlib import Path

import pytest
from pydantic import BaseModel

from entitylink.link.linker import Linker
from entitylink.models import Document, Entity, EntityRow, Mention, MentionRow
from entitylink.read import read_article, read_file
from entitylink.write import records, rows

TEXT = "<p>贵州茅台(600519)股价大涨，光明乳业发布公告，茅台与中国平安、平安银行涨停。</p>"


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.default()


def _linked(linker: Linker) -> Document:
    return linker.link(read_article(TEXT, name="a.html", format="html"))


def _eager(doc: Document) -> Document:
    """The same document built and validated the ordinary way."""
    return Document.model_validate_json(doc.model_dump_json())


def _is_lazy(doc: Document) -> bool:
    return "mentions" not in doc.__dict__ and "entities" not in doc.__dict__


def test_rows_have_the_fields_of_the_models() -> None:
    assert MentionRow._fields == tuple(Mention.model_fields)
    assert EntityRow._fields == tuple(Entity.model_fields)


def test_a_linked_document_is_lazy_until_read(linker: Linker) -> None:
    doc = _linked(linker)
    assert _is_lazy(doc) and len(doc.mention_rows()) == 6
    assert all(type(r) is MentionRow for r in doc.mention_rows())
    assert isinstance(doc.mentions, tuple) and all(type(m) is Mention for m in doc.mentions)
    assert all(type(e) is Entity for e in doc.entities)
    assert [tuple(r) for r in doc.mention_rows()] == [tuple(m.model_dump().values()) for m in doc.mentions]


def test_the_same_document_to_the_outside(linker: Linker) -> None:
    eager = _eager(_linked(linker))
    assert _linked(linker) == eager and eager == _linked(linker)
    assert hash(_linked(linker)) == hash(eager)
    assert repr(_linked(linker)) == repr(eager)
    assert str(_linked(linker)) == str(eager)
    assert _linked(linker).model_dump() == eager.model_dump()
    assert _linked(linker).model_dump_json() == eager.model_dump_json()
    assert dict(_linked(linker)) == dict(eager)
    assert _linked(linker).model_fields_set == eager.model_fields_set
    for doc in (_linked(linker), eager):
        assert [m.surface for m in doc.mentions][:2] == ["贵州茅台", "600519"]


def test_copies_pickles_and_nesting(linker: Linker) -> None:
    eager = _eager(_linked(linker))
    lazy = _linked(linker)
    for other in (pickle.loads(pickle.dumps(lazy)), copy.copy(lazy), copy.deepcopy(lazy), lazy.model_copy()):
        assert _is_lazy(other) and other == eager
    assert _is_lazy(lazy)  # copying built nothing

    class Holder(BaseModel):
        doc: Document

    assert Holder(doc=_linked(linker)).model_dump_json() == Holder(doc=eager).model_dump_json()


def test_model_copy_update_wins_over_the_rows(linker: Linker) -> None:
    lazy = _linked(linker)
    first = lazy.mention_rows()[:1]
    part = lazy.model_copy(update={"mentions": _eager(lazy).mentions[:1]})
    assert [tuple(r) for r in part.mention_rows()] == [tuple(r) for r in first]
    assert len(part.mentions) == 1 and len(part.entities) == len(lazy.entities)


def test_writers_read_the_rows_and_write_the_same_bytes(linker: Linker) -> None:
    eager = _eager(_linked(linker))
    for fmt, level in [("jsonl", "mention"), ("jsonl", "entity"), ("jsonl", "article"), ("csv", "mention"),
                       ("csv", "entity"), ("csv", "article"), ("conll", "mention"), ("displacy", "mention"),
                       ("labelstudio", "mention")]:
        lazy = _linked(linker)
        assert records.render(lazy, fmt, level) == records.render(eager, fmt, level), (fmt, level)
        assert _is_lazy(lazy), (fmt, level)
    lazy = _linked(linker)
    for level in ("mention", "entity"):
        assert lazy.to_records(level) == eager.to_records(level)
        assert records.records(lazy, level) == records.records(eager, level)
    assert lazy.to_displacy() == eager.to_displacy()
    assert _is_lazy(lazy)


def test_long_articles_render_a_slice_at_a_time(linker: Linker, monkeypatch: pytest.MonkeyPatch) -> None:
    eager = _eager(_linked(linker))
    whole = {fmt: records.render(eager, fmt) for fmt in ("jsonl", "csv")}
    monkeypatch.setattr(records, "RENDER_SLICE", 4)
    for fmt in ("jsonl", "csv"):
        assert records.render(_linked(linker), fmt) == whole[fmt]
        assert records.render(eager, fmt) == whole[fmt]


def test_repeated_surfaces_and_evidence_are_shared(linker: Linker) -> None:
    doc = linker.link_text("贵州茅台、" * 50 + "大涨")
    rows = doc.mention_rows()
    assert len(rows) == 50
    assert len({id(r.surface) for r in rows}) == 1 and len({id(r.evidence) for r in rows}) == 1


def test_user_built_documents_are_still_validated() -> None:
    m = Mention(start=0, end=4, surface="光明乳业", secid="1.600597", kind="stock", method="tag", confidence=1.0)
    with pytest.raises(ValueError, match="does not match the text"):
        Document(article_id="x", text="买入光明乳业", mentions=(m,))
    doc = Document(article_id="x", text="光明乳业", mentions=(m,))
    assert doc.mention_rows() == (MentionRow(*m.model_dump().values()),)


ODD_ROWS = [
    MentionRow(0, 2, "茅台", None, None, None, None, "organization", None, "segmentation", 0.5),
    MentionRow(3, 9, 'a"b\\c\n', "1.600519", "600519", 0, "SH", "stock", "贵州\u2028茅台", "alias",
               0.1 + 0.2, ("x|y", "a, b", "\x01\t"), ("partial_word",), 0, 12),
    MentionRow(10, 12, "，,", "116.00700", "00700", 116, "HK", "stock", "", "code", 1.0, (), ("", "|"), None, None),
]


@pytest.mark.parametrize("path", [None, "", "dir/a,b \"c\".html"])
def test_rows_write_the_bytes_of_the_records(path: str | None) -> None:
    doc = Document.from_rows(ODD_ROWS, [], article_id='id "1"\n', path=path, text="x" * 20)
    recs = records.records(doc)
    assert rows.mention_jsonl(doc.path, doc.article_id, doc.mention_rows()).encode() == records.encode_jsonl(recs)
    assert rows.mention_csv(doc.path, doc.article_id, doc.mention_rows()).encode() == records.encode_csv(
        recs, "mention")


def test_rows_write_the_bytes_of_the_records_on_the_corpus(linker: Linker) -> None:
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    paths = sorted((corpus / "finews").glob("*")) + sorted((corpus / "variants").glob("*"))
    if not paths:
        pytest.skip("../shared/corpus is absent")
    written = 0
    for p in paths:
        for article in read_file(p):
            if isinstance(article, Exception):
                continue
            for doc in (linker.link(article), linker.link(article, unlinked=True)):
                recs = records.records(doc)
                assert records.render(doc, "jsonl") == (records.encode_jsonl(recs), len(recs)), p.name
                assert records.render(doc, "csv") == (records.encode_csv(recs, "mention"), len(recs)), p.name
                written += len(recs)
    assert written > 100


def test_threads_reading_one_lazy_document() -> None:
    """Threads that share documents (a cache, a web server) read their models at once: a thread
    that missed the models while another made them finds them (it raised AttributeError)."""
    row = MentionRow(2, 6, "光明乳业", "1.600597", "600597", 1, "SH", "stock", "光明乳业", "tag", 1.0)
    ent = EntityRow("1.600597", "600597", 1, "SH", "stock", "光明乳业", 1, 2, False, True, 0.5, 1.0,
                    ("光明乳业",), ("tag",))
    docs = [Document.from_rows([row], [ent], article_id="a", text="买入光明乳业") for _ in range(5000)]
    errors: list[str] = []
    barrier = threading.Barrier(4)

    def read(attr: str) -> None:
        barrier.wait()
        for d in docs:
            try:
                getattr(d, attr)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(exc))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race shows at once
    try:
        threads = [threading.Thread(target=read, args=(a,)) for a in ("mentions", "entities") * 2]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert all(d.mentions[0].secid == "1.600597" and d.entities[0].mention_count == 1 for d in docs)
