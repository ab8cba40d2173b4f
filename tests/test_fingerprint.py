"""Every record written for the shared corpus, fingerprinted: a refactoring leaves it as it is.

All modes and levels over finews, variants and two flash days; the default mode over the whole
corpus, every flash day included (scripts/fingerprint.py).

A change that is meant to change the output regenerates the file with
``ENTITYLINK_UPDATE_GOLDEN=1`` and says in its commit what changed and why.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from fingerprint import fingerprint  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "fingerprint.json"


def test_corpus_fingerprint_unchanged(corpus_dir: Path) -> None:
    got = fingerprint(corpus_dir, flash="2")
    if os.environ.get("ENTITYLINK_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = sorted(name for name in want if got.get(name) != want[name])
    assert not changed, f"records changed for {changed}: run scripts/fingerprint.py before and after to compare"
