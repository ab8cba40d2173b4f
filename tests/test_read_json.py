"""``load_json`` with orjson (the ``fast`` extra) gives what it gives with json alone.

``read/article.py`` parses dump records with orjson when it is installed and leaves to
json what orjson rejects (json then reads it or raises by its own rules) and any text
with a run of 19 digits (orjson makes an integer past 64 bits a float). Each test reads
the same text both ways, orjson turned off by patching it out, and compares the value
(by ``repr``, so that NaN equals NaN and 1 differs from 1.0) or the error raised. The
texts: hand-picked edges, generated JSON values and texts around them, and the records
of a sample of the flash days in ``../shared/corpus/flash`` (skipped when it is absent).
"""

from __future__ import annotations

import gzip
import json
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entitylink.read import article as article_module
from entitylink.read.article import article_from_record, load_json

orjson = pytest.importorskip("orjson", reason="the fast extra (orjson) is not installed: nothing to compare")

PROPS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(text):
    try:
        value = load_json(text)
    except Exception as exc:  # noqa: BLE001 - the error itself is compared
        return ("error", type(exc).__name__, str(exc))
    return ("value", type(value).__name__, repr(value))


def assert_same(text) -> None:
    fast = _outcome(text)
    with mock.patch.object(article_module, "_orjson", None):
        plain = _outcome(text)
    assert fast == plain


EDGES = [
    "123456789012345678901234567890", "-9223372036854775809", "9223372036854775807", "18446744073709551616",
    '{"id": 123456789012345678901234567890}', '"\\ud800"', '"\ud800"', '{"a": "\\udc00x"}', "\ufeff{}",
    '{"a": 1, "a": 2, "b": 3}', "NaN", "-Infinity", "[NaN]", "1e400", "-1e400", "1.7976931348623157e309",
    "2.2250738585072011e-308", "4.9e-324", "123.456e-789", "-0.0", "-0", "0.1", "1E5", "1.0",
    "[" * 1025 + "]" * 1025, "[" * 900 + "]" * 900, "[" * 100000, "{} x", '"\t"', " ", "", "01", "-", "1.", ".5",
    '"\x7f"', '"\\u00e9"', '"\\/"', '{"a": "\\u0000"}', "true", "null", '{"a": [1, 2, {"b": null}]}',
    '{"id": 1.5, "text": "x"}', "0.12345678901234567890123", "1" * 18, "1" * 19,
]


@pytest.mark.parametrize("text", EDGES)
def test_edges(text):
    assert_same(text)


_SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**70), max_value=2**70)
            | st.floats() | st.text())
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                       max_leaves=12)


@PROPS
@given(_VALUES, st.booleans())
def test_generated_values(value, ascii_only):
    assert_same(json.dumps(value, ensure_ascii=ascii_only))


@PROPS
@given(_VALUES, st.integers(min_value=0, max_value=60), st.text(max_size=3))
def test_texts_around_json(value, cut, insert):
    text = json.dumps(value, ensure_ascii=False)
    assert_same(text[:cut] + insert + text[cut:])
    assert_same(text[:cut])


@PROPS
@given(st.lists(st.sampled_from(list('{}[]",:0123456789.eE+-tfnrulasx\\ \n\t\ud800') + ["\\u", "\\ud83d"]))
       .map("".join))
def test_json_like_text(text):
    assert_same(text)


def test_records_of_the_flash_days(corpus_dir):
    files = sorted((corpus_dir / "flash").glob("*.jsonl.gz"))
    assert files
    for path in files[::10]:  # a sample of days of each publisher (all of them take a minute)
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    assert_same(line)


def test_a_record_reads_alike_both_ways():
    line = json.dumps({"id": 2370637, "content": "财联社5月14日电，<b>光明乳业</b>涨停", "datetime": "2026-05-14T00:08:23+08:00",
                       "raw": {"n": [1, 2.5, None, True], "big": 2**80}}, ensure_ascii=False)
    fast = article_from_record(line, "d.jsonl")
    with mock.patch.object(article_module, "_orjson", None):
        plain = article_from_record(line, "d.jsonl")
    assert (fast.article_id, fast.text, fast.date, fast.warnings) == (plain.article_id, plain.text, plain.date,
                                                                       plain.warnings)
