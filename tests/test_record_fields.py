"""Dump records with other field names (--id-field, --text-field, --date-field) and their dates."""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
from pathlib import Path

import pytest

from entitylink.cli import main
from entitylink.errors import UsageError
from entitylink.read import Article, InputFailure, RecordFields, article_from_record, read_paths

CHINA = dt.timezone(dt.timedelta(hours=8))


def test_defaults_and_strings() -> None:
    f = RecordFields()
    assert (f.id, f.text, f.date) == (("id",), ("html", "content", "text"), ("date", "datetime", "published_at"))
    assert RecordFields(id="uid").id == ("uid",)
    with pytest.raises(UsageError):
        RecordFields(text=())


def test_other_field_names() -> None:
    fields = RecordFields(id=("uid",), text=("body",), date=("when",))
    a = article_from_record('{"uid": "u1", "body": "<p>光明乳业</p>", "when": "2026-05-14T09:30:00+08:00"}',
                            "d.jsonl", fields=fields)
    assert (a.article_id, a.text, a.date) == ("u1", "光明乳业", dt.datetime(2026, 5, 14, 9, 30, tzinfo=CHINA))
    assert a.warnings == ()


@pytest.mark.parametrize("key, value, want", [
    ("date", "2026-05-14", dt.datetime(2026, 5, 14, tzinfo=CHINA)),
    ("datetime", "2026-05-14T09:30:00+08:00", dt.datetime(2026, 5, 14, 9, 30, tzinfo=CHINA)),
    ("datetime", "2026-05-14T01:30:00Z", dt.datetime(2026, 5, 14, 1, 30, tzinfo=dt.timezone.utc)),
    ("published_at", "2026-05-14 09:30:00", dt.datetime(2026, 5, 14, 9, 30, tzinfo=CHINA)),  # naive: China time
])
def test_dates_of_records(key: str, value: str, want: dt.datetime) -> None:
    a = article_from_record(json.dumps({"id": 1, "text": "x", key: value}), "d.jsonl")
    assert a.date == want and a.date.tzinfo is not None


@pytest.mark.parametrize("value", ['"yesterday"', '"2026-13-45"', "20260514", "[1]"])
def test_a_bad_date_is_a_warning_not_a_failure(value: str) -> None:
    a = article_from_record('{"id": 1, "text": "光明乳业", "date": ' + value + "}", "d.jsonl")
    assert a.date is None and a.text == "光明乳业"
    assert len(a.warnings) == 1 and "date" in a.warnings[0]


def test_the_first_date_field_present_wins() -> None:
    a = article_from_record('{"id": 1, "text": "x", "date": "", "datetime": "2026-05-14T09:30:00+08:00"}', "d")
    assert a.date == dt.datetime(2026, 5, 14, 9, 30, tzinfo=CHINA)


def test_missing_fields_name_the_fields_asked_for() -> None:
    with pytest.raises(Exception, match="record 1 has no body or txt"):
        article_from_record('{"id": 1, "text": "x"}', "d.jsonl", fields=RecordFields(text=("body", "txt")))
    with pytest.raises(Exception, match="record has no uid"):
        article_from_record('{"id": 1, "text": "x"}', "d.jsonl", fields=RecordFields(id="uid"))


def test_read_paths_with_fields(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"uid": "a", "body": "贵州茅台", "when": "2026-05-14"}\n{"uid": "b"}\n', encoding="utf-8")
    items = list(read_paths(str(dump), fields=RecordFields(id="uid", text="body", date="when")))
    assert isinstance(items[0], Article) and items[0].date == dt.datetime(2026, 5, 14, tzinfo=CHINA)
    assert isinstance(items[1], InputFailure) and items[1].article_id == "b"  # the id, by its field name


@pytest.mark.parametrize("workers", ["1", "2"])
def test_annotate_field_flags(tmp_path: Path, workers: str) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"uid": "a", "body": "贵州茅台大涨", "when": "2026-05-14T09:30:00"}\n'
                    '{"uid": "b", "text": "光明乳业"}\n', encoding="utf-8")
    out, errors = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    code = main(["annotate", "--quiet", str(dump), "-o", str(out), "--errors", str(errors), "--level", "article",
                 "--workers", workers, "--id-field", "uid", "--text-field", "body", "--date-field", "when"])
    assert code == 1
    (rec,) = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert rec["article_id"] == "a" and rec["date"] == "2026-05-14T09:30:00+08:00" and rec["mention_count"] == 1
    (err,) = [json.loads(ln) for ln in errors.read_text(encoding="utf-8").splitlines()]
    assert (err["article_id"], err["reason"]) == ("b", "record b has no body")


def test_annotate_text_field_tried_in_order(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as f:
        f.write('{"id": "a", "summary": "贵州茅台", "body": "光明乳业"}\n{"id": "b", "body": "光明乳业"}\n')
    out = tmp_path / "o.jsonl"
    assert main(["annotate", "--quiet", str(dump), "-o", str(out), "--text-field", "summary",
                 "--text-field", "body"]) == 0
    assert [json.loads(ln)["surface"] for ln in out.read_text(encoding="utf-8").splitlines()] == ["贵州茅台", "光明乳业"]


def test_real_flash_records_are_dated(corpus_dir: Path) -> None:
    day = sorted((corpus_dir / "flash").glob("*.jsonl.gz"))[0]
    with gzip.open(day, "rt", encoding="utf-8") as f:
        raw = [json.loads(ln) for ln in itertools.islice(f, 20)]
    articles = [a for a in itertools.islice(read_paths(str(day)), 20)]
    assert all(isinstance(a, Article) for a in articles)
    for rec, a in zip(raw, articles):
        assert a.date is not None and a.date.utcoffset() == dt.timedelta(hours=8)
        assert a.date.date().isoformat() == rec["date"]
    timed = list(itertools.islice(read_paths(str(day), fields=RecordFields(date=("datetime",))), 20))
    for rec, a in zip(raw, timed):
        assert a.date == dt.datetime.fromisoformat(rec["datetime"]) and a.warnings == ()
