"""A fingerprint of every record entitylink writes for the shared corpus.

Runs ``entitylink annotate`` (the whole command, so internal moves cannot hide a change) over
``../shared/corpus`` in each mode and level and prints one SHA-256 per run. Two trees that
print the same fingerprints write the same bytes for the same inputs.

    python scripts/fingerprint.py                 # finews + variants + the first 2 flash days, and
                                                  # the default mode over every flash day
    python scripts/fingerprint.py --flash all     # every mode over every flash day (a few minutes)
    python scripts/fingerprint.py --json > before.json

Used by ``tests/test_fingerprint.py`` against ``tests/golden/fingerprint.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# (name, extra annotate flags); every mode at mention level, and the entity/article levels
# of the default mode.
RUNS: list[tuple[str, list[str]]] = [
    ("mention", []),
    ("mention-ignore-tags", ["--ignore-tags"]),
    ("mention-unlinked", ["--unlinked"]),
    ("entity", ["--level", "entity"]),
    ("article", ["--level", "article"]),
]
# With fewer flash days than all, the default mode still runs over the whole corpus (two workers:
# the output does not depend on their number).
EVERY_DAY: tuple[str, list[str]] = ("mention-every-flash-day", ["--workers", "2"])


def inputs(corpus: Path, flash: str) -> list[str]:
    """The corpus inputs, as relative paths (records carry the path as given)."""
    paths = [corpus / "finews", corpus / "variants"]
    days = sorted((corpus / "flash").glob("*.jsonl.gz"))
    if flash != "all":
        days = days[: int(flash)]
    return [os.path.relpath(p, corpus) for p in paths + days]


def fingerprint(corpus: Path, flash: str = "2", entitylink: list[str] | None = None) -> dict[str, str]:
    """Run each mode over the corpus and return {run name: sha256 of its output bytes}."""
    command = entitylink or [sys.executable, "-m", "entitylink"]
    out: dict[str, str] = {}
    runs = [(name, flags, flash) for name, flags in RUNS]
    if flash != "all":
        runs.append((*EVERY_DAY, "all"))
    for name, flags, days in runs:
        done = subprocess.run(
            [*command, "annotate", "--quiet", *flags, "--", *inputs(corpus, days)],
            cwd=corpus, capture_output=True, check=False,
        )
        if done.returncode not in (0, 1):  # 1: some inputs failed (empty flash days): part of the output
            raise SystemExit(f"{name}: exit {done.returncode}\n{done.stderr.decode(errors='replace')[-2000:]}")
        digest = hashlib.sha256(done.stdout)
        if done.returncode:
            digest.update(done.stderr)  # which inputs failed, and why
        out[name] = digest.hexdigest()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--flash", default="2", help="number of flash days, or 'all' (default 2)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    got = fingerprint(args.corpus, args.flash)
    if args.json:
        print(json.dumps(got, indent=1))
    else:
        for name, digest in got.items():
            print(f"{digest}  {name}")


if __name__ == "__main__":
    main()
