"""Which family of evidence decided a linked mention, read off its method and evidence.

A module of ``link/`` (the room that turns an ``Article`` into a ``Document``); it imports
nothing of the package. Principle: every decision names the signals it rests on in the
mention's ``evidence`` (``cue:股价``, ``listing:HK``, ``article:tag``, ``out_of_force`` …), so
the family that decided it is a function of them, not a second record kept beside them.
The family is the one whose signal let the name link, the strongest first:

- ``tag``: the publisher's own span tag;
- ``code``: a code written in the text (alone, or right after the name, or an abbreviation
  the code explains);
- ``inside_name``: the company's own registered full name (贵州茅台酒股份有限公司);
- ``dated``: a name out of force at the article's date, or a former name;
- ``one_sense``: a later short form of a company named before (propagated), a weak name
  (a common word, a short alias) licensed by another mention of the same security in the
  article (``article:…``), or a shared name the article's other mention chose
  (``disambiguated:…``); support a name did not need decides nothing;
- ``board``: a sector or concept board;
- ``market choice``: a name several listings share, chosen by a listing word, the
  article's market or the default order;
- ``cue/market word``: a stock, index or board word around a name that needs one, or an
  enumeration of names;
- ``latin``: a Latin name or ticker that needed nothing else;
- ``no family: plain name match``: an unambiguous Chinese name that needed no evidence, and
  that no veto family (inside_name, product, venue, market word, theme) stopped.

The veto families (inside_name, product, venue, market word) decide by leaving nothing
linked; a false negative they caused has no mention to read.

    >>> family_of("alias", "stock", ("alias:short_form", "segmentation", "ambiguous:2", "listing:HK"), "腾讯")
    'market choice'
    >>> family_of("dictionary", "stock", ("alias:name", "segmentation"), "比亚迪")
    'no family: plain name match'
"""

from __future__ import annotations

from collections.abc import Sequence

PLAIN = "no family: plain name match"
FAMILIES = ("tag", "code", "inside_name", "dated", "one_sense", "board", "market choice", "cue/market word",
            "latin", PLAIN)
"""Every family ``family_of`` answers, in the order it asks them."""

_WEAK = ("common_word", "short_alias")  # names that link only with evidence
_LATIN_ALIASES = ("alias:english", "alias:ticker")
_DATED = ("out_of_force", "former_name", "alias:former", "alias:old_code")


def family_of(method: str, kind: str, evidence: Sequence[str], surface: str = "") -> str:
    """The family of evidence that decided a mention (see the module docstring).

    >>> family_of("propagated", "stock", ("propagated",), "光明")
    'one_sense'
    >>> family_of("alias", "stock", ("alias:short_form", "segmentation", "common_word", "cue:股价"), "美的")
    'cue/market word'
    """
    ev = tuple(evidence)
    if method == "tag":
        return "tag"
    if method == "code" or "adjacent_code" in ev or "abbreviation" in ev:
        return "code"
    if "registered_name" in ev:
        return "inside_name"
    if any(e in _DATED for e in ev):
        return "dated"
    if method == "propagated" or any(e.startswith("disambiguated:") for e in ev) or (
            any(e in _WEAK for e in ev) and any(e.startswith("article:") for e in ev)):
        return "one_sense"
    if kind == "board":
        return "board"
    if any(e.startswith("ambiguous:") for e in ev):
        return "market choice"
    if any(e.startswith("cue:") or e == "enumeration_of_names" for e in ev):
        return "cue/market word"
    if any(e in _LATIN_ALIASES for e in ev) or (surface.isascii() and surface != ""):
        return "latin"
    return PLAIN
