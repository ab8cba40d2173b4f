"""annotate_frame and top_securities on a small frame of hand-written articles."""

from __future__ import annotations

import pandas as pd
import pytest

from entitylink.batch.frames import annotate_frame
from entitylink.errors import UsageError
from entitylink.link.linker import Linker
from entitylink.columns import ENTITY_COLUMNS, MENTION_COLUMNS
from entitylink.write.frames import ERROR_COLUMNS, FrameResult, top_securities

ARTICLES = {
    "a": '<p>午后<span id="stock_1.600519"><a class="keytip" data-code="1,600519">贵州茅台</a></span>拉升，五粮液跟涨。</p>',
    "b": "---\ntitle: 收评\n---\n沪指收涨0.5%，贵州茅台成交额居首，五粮液小幅下跌。",
    "c": "今日市场平淡，没有个股消息。",
    "d": None,  # missing
    "e": "   ",  # empty
    "f": 42,  # not text
}


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.default()


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    df = pd.DataFrame({"html": list(ARTICLES.values()), "doc_id": [f"id-{k}" for k in ARTICLES]},
                      index=list(ARTICLES))
    df.loc["c", "doc_id"] = None  # falls back to the index label
    return df


@pytest.fixture(scope="module")
def result(frame: pd.DataFrame, linker: Linker) -> FrameResult:
    return annotate_frame(frame, id_column="doc_id", linker=linker)


def test_columns_and_row_links(result: FrameResult, frame: pd.DataFrame) -> None:
    mentions, entities, errors = result
    assert list(mentions.columns) == ["row", *MENTION_COLUMNS]
    assert list(entities.columns) == ["row", *ENTITY_COLUMNS]
    assert list(errors.columns) == list(ERROR_COLUMNS)
    joined = mentions.merge(frame, left_on="row", right_index=True)
    assert len(joined) == len(mentions)
    assert (joined["article_id"] == joined["doc_id"]).all()


def test_every_row_is_linked_or_an_error(result: FrameResult, frame: pd.DataFrame) -> None:
    mentions, entities, errors = result
    assert list(errors["row"]) == ["d", "e", "f"]
    assert set(errors["error"]) == {"InputError"}
    assert "missing" in errors.loc[0, "reason"] and "int" in errors.loc[2, "reason"]
    assert errors.loc[2, "article_id"] == "id-f"
    linked = set(frame.index) - set(errors["row"])
    assert set(mentions["row"]) == {"a", "b"} and "c" in linked  # c: read fine, nothing found


def test_mentions_per_row(result: FrameResult) -> None:
    m = result.mentions
    a = m[m.row == "a"]
    assert list(a.surface) == ["贵州茅台", "五粮液"]
    assert list(a.method)[0] == "tag"
    b = m[m.row == "b"]
    assert {"沪指", "贵州茅台", "五粮液"} <= set(b.surface)
    for row in result.mentions.itertuples():
        assert row.end - row.start == len(row.surface)


def test_top_securities(result: FrameResult) -> None:
    top = top_securities(result.entities)
    assert list(top.columns) == ["secid", "name", "kind", "articles", "mentions", "mean_salience"]
    first_two = set(top.secid[:2])
    assert first_two == {"1.600519", "0.000858"}
    assert int(top.set_index("secid").loc["1.600519", "articles"]) == 2
    by_mentions = top_securities(result.entities, n=1, by="mentions")
    assert len(by_mentions) == 1
    by_salience = top_securities(result.entities, n=None, by="salience")
    assert by_salience.mean_salience.is_monotonic_decreasing
    assert len(by_salience) == result.entities.secid.nunique()
    with pytest.raises(UsageError):
        top_securities(result.entities, by="price")


def test_titles_from_a_column_count_towards_salience(linker: Linker) -> None:
    df = pd.DataFrame({"text": ["沪指收涨，五粮液走强。"], "title": ["五粮液涨超5%"]})
    plain = annotate_frame(df, "text", linker=linker).entities
    titled = annotate_frame(df, "text", title_column="title", linker=linker).entities
    wly = lambda e: e[e.secid == "0.000858"].iloc[0]  # noqa: E731
    assert not wly(plain).in_title and wly(titled).in_title
    assert wly(titled).salience > wly(plain).salience


def test_empty_frame_and_errors_only(linker: Linker) -> None:
    empty = annotate_frame(pd.DataFrame({"html": pd.Series([], dtype=object)}), linker=linker)
    assert empty.mentions.empty and empty.entities.empty and empty.errors.empty
    assert list(empty.mentions.columns)[0] == "row"
    assert top_securities(empty.entities).empty
    bad = annotate_frame(pd.DataFrame({"html": [None, ""]}), linker=linker)
    assert bad.mentions.empty and list(bad.errors.row) == [0, 1]


def test_unknown_column_is_a_usage_error(frame: pd.DataFrame, linker: Linker) -> None:
    with pytest.raises(UsageError, match="no column 'body'"):
        annotate_frame(frame, "body", linker=linker)


@pytest.mark.parametrize("name", ["entitylink.write.frames", "entitylink.batch.frames"])
def test_docstring_examples(name: str) -> None:
    import doctest
    import importlib

    failed, attempted = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert attempted and not failed


def test_errors_and_mentions_agree_on_path(linker: Linker) -> None:
    """Without a path column both frames have a null ``path``; with one, both have the row's."""
    df = pd.DataFrame({"html": ["贵州茅台涨停", None], "where": ["a.html", "b.html"]})
    plain = annotate_frame(df, linker=linker, progress=False)
    assert plain.mentions["path"].isna().all() and plain.errors["path"].isna().all()
    assert str(plain.errors["path"].dtype) == str(plain.mentions["path"].dtype) == "string"
    named = annotate_frame(df, linker=linker, path_column="where", progress=False)
    assert list(named.mentions["path"].unique()) == ["a.html"] and list(named.errors["path"]) == ["b.html"]
