"""The cache directory: files read back as written, and kept small."""

from __future__ import annotations

import hashlib
import marshal
import os
import time
from pathlib import Path

import pytest

from entitylink.knowledge import cache
from entitylink.knowledge.cache import hash_strings, read_cache, write_cache


def _age(path: Path, seconds_ago: float) -> None:
    t = time.time() - seconds_ago
    os.utime(path, (t, t))


def _leave(path: Path, payload) -> None:
    """A cache file as write_cache writes it, without write_cache's pruning."""
    body = marshal.dumps(payload)
    path.write_bytes(cache._MAGIC + hashlib.sha256(body).digest() + body)


def test_only_the_most_recently_used_files_of_a_kind_are_kept(tmp_path: Path) -> None:
    # older files of the segmenter kind, oldest first, and files of other kinds
    old = [tmp_path / f"segmenter-{i:024x}.marshal" for i in range(cache.KEEP + 2)]
    for age, p in zip(range(1000, 0, -100), old):
        _leave(p, [p.name])  # as an earlier run left them
        _age(p, age)
    other = tmp_path / "dictionary-0.marshal"
    _leave(other, ["d"])
    _age(other, 5000)
    foreign = tmp_path / "jieba.cache"
    foreign.write_bytes(b"not ours")
    # the oldest one is used again: it is kept, the next oldest go
    assert read_cache(old[0]) == [old[0].name]
    new = tmp_path / "segmenter-new.marshal"
    write_cache(new, ["new"])
    kept = {p.name for p in tmp_path.iterdir()}
    expected = {new.name, old[0].name, *(p.name for p in old[-(cache.KEEP - 2):])}
    assert {n for n in kept if n.startswith("segmenter-")} == expected
    assert other.name in kept and foreign.name in kept  # other kinds and other programs' files stay
    assert read_cache(new) == ["new"]


def test_temporary_files_of_killed_writers_are_removed_when_stale(tmp_path: Path) -> None:
    stale = tmp_path / ".entitylink-stale"
    fresh = tmp_path / ".entitylink-fresh"  # perhaps another process writing right now
    for p in (stale, fresh):
        p.write_bytes(b"partial")
    _age(stale, 2 * 3600)
    write_cache(tmp_path / "segmenter-a.marshal", [1])
    names = {p.name for p in tmp_path.iterdir()}
    assert stale.name not in names and fresh.name in names


def test_an_unreadable_file_is_ignored_and_a_missing_one_is_none(tmp_path: Path) -> None:
    bad = tmp_path / "segmenter-bad.marshal"
    bad.write_bytes(b"\x00not marshal")
    assert read_cache(bad) is None
    assert read_cache(tmp_path / "segmenter-missing.marshal") is None


def test_a_changed_cache_file_is_not_trusted(tmp_path: Path) -> None:
    """A file of the right shape whose bytes changed after writing is read as missing."""
    p = tmp_path / "dictionary-x.marshal"
    cache.write_cache(p, {"rows": [1, 2, 3]})
    assert cache.read_cache(p) == {"rows": [1, 2, 3]}
    data = bytearray(p.read_bytes())
    data[-2] ^= 1  # one bit of the payload: marshal would still read it
    p.write_bytes(bytes(data))
    assert cache.read_cache(p) is None
    p.write_bytes(b"")
    assert cache.read_cache(p) is None


def test_the_collector_is_paused_only_while_a_cache_is_loaded() -> None:
    import gc

    assert gc.isenabled()
    with cache.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cache.collector_paused():
            pass
        assert not gc.isenabled()  # left off, as it was
    finally:
        gc.enable()


def test_the_dictionary_cache_name_stands_where_module_sources_cannot_be_read(monkeypatch) -> None:
    """A frozen build or zipapp whose module files cannot be read still names its dictionary
    cache (by the package's version) instead of failing to load the dictionary."""
    import sys

    from entitylink.knowledge import dictionary

    module = sys.modules["entitylink.knowledge.rows"]
    assert dictionary._source("entitylink.knowledge.rows") == Path(module.__file__).read_bytes()
    monkeypatch.setattr(module, "__file__", "/nonexistent/app.pyz/entitylink/knowledge/rows.py")
    assert dictionary._source("entitylink.knowledge.rows").startswith(b"version ")


def test_one_documented_default_cache_dir(tmp_path: Path, monkeypatch) -> None:
    """``Linker``, ``Dictionary.default`` and ``Segmenter`` default to the one named value
    ``USER_CACHE`` (public as ``entitylink.USER_CACHE``), not a magic string; it and the
    string ``"default"`` of earlier versions name the user's cache directory."""
    import inspect

    import entitylink as el
    from entitylink.knowledge.dictionary import Dictionary
    from entitylink.link.linker import Linker
    from entitylink.link.segment import Segmenter

    assert el.USER_CACHE is cache.USER_CACHE
    defaults = [inspect.signature(f).parameters["cache_dir"].default
                for f in (Linker.__init__, Dictionary.default, Segmenter.__init__)]
    assert all(d is cache.USER_CACHE for d in defaults), defaults
    monkeypatch.setenv("ENTITYLINK_CACHE_DIR", str(tmp_path))
    assert cache.cache_path(cache.USER_CACHE) == cache.cache_path("default") == tmp_path
    assert Segmenter([], cache_dir=cache.USER_CACHE)._cache_dir == tmp_path
    assert Segmenter([], cache_dir=None)._cache_dir is None


@pytest.mark.parametrize(("a", "b"), [
    (["x\x00y"], ["x", "y"]),  # a NUL inside a string is no separator
    (["x", "y"], ["y", "x"]),  # the order counts
    ([""], []),  # an empty string is a string
    (["", ""], ["\x00"]),
    (["ab"], ["a", "b"]),
    (["x\ny"], ["x", "y"]),
])
def test_hash_strings_tells_apart_what_a_join_would_not(a: list[str], b: list[str]) -> None:
    ha, hb, ha2 = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()
    hash_strings(ha, a)
    hash_strings(hb, b)
    hash_strings(ha2, tuple(a))
    assert ha.digest() != hb.digest()
    assert ha.digest() == ha2.digest()  # the same strings, the same hash
