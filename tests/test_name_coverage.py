"""Dictionary issue: written in plain sentences, 99% of a random sample of current
A-share and HK short names link to their own secid through ``entitylink annotate``'s linker."""

from __future__ import annotations

import random

import pytest

from entitylink.link.linker import Linker


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker.default()


def _current(linker: Linker, exchanges: tuple[str, ...]) -> list:
    d = linker.dictionary
    return sorted(
        (s for s in d.securities.values()
         if s.kind == "stock" and s.exchange in exchanges
         and any(a.alias_type == "name" and a.valid_to is None and a.text == s.name for a in d.aliases_of(s.secid))),
        key=lambda s: s.secid,
    )


@pytest.mark.parametrize(
    ("exchanges", "template"),
    [
        (("SH", "SZ", "BJ"), "据悉，{name}近期获得多家机构调研。"),
        (("SH", "SZ", "BJ"), "{name}今日发布公告称，公司股价上涨3%。"),
        # A Hong Kong name shared with an A share means the A share unless the text says 港股.
        (("HK",), "港股方面，{name}今日股价上涨3%。"),
    ],
)
def test_sampled_short_names_link_to_their_own_secid(linker: Linker, exchanges, template) -> None:
    population = _current(linker, exchanges)
    sample = random.Random(20261123).sample(population, 400)
    misses = []
    for sec in sample:
        doc = linker.link_text(template.format(name=sec.name))
        if not any(m.secid == sec.secid and m.surface == sec.name for m in doc.mentions):
            misses.append((sec.secid, sec.name, [(m.surface, m.secid) for m in doc.mentions]))
    assert len(misses) <= 0.01 * len(sample), misses
