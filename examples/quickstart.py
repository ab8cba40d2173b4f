"""Quickstart: link one article and print its mentions and entities.

    python examples/quickstart.py [ARTICLE]

Without an argument it links examples/data/baijiu-rally.html.
"""

import sys
from pathlib import Path

from entitylink.link.linker import Linker

HERE = Path(__file__).resolve().parent
path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "data" / "baijiu-rally.html"

linker = Linker.default()  # the bundled dictionary; built once per process
doc = linker.extract(path)  # read (HTML, Jekyll post, text) and link

print(f"{doc.article_id}: {doc.title}")
print(f"{len(doc.mentions)} mentions, {len(doc.entities)} entities\n")

print("mentions (text offsets, surface, secid, how found):")
for m in doc.mentions:
    print(f"  {m.start:>4}-{m.end:<4} {m.surface:<8} {m.secid or '-':<12} {m.kind:<6} {m.method:<10} {m.confidence:.2f}")

print("\nentities (by salience):")
for e in sorted(doc.entities, key=lambda e: -e.salience):
    print(f"  {e.secid or '-':<12} {e.name or '-':<8} x{e.mention_count}  salience {e.salience:.2f}"
          f"{'  in title' if e.in_title else ''}{'  tagged' if e.tagged else ''}")
