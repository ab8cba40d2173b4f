"""The progress bar of a batch run: articles done out of a total counted in the background.

Imports ``read.sources`` (to count the inputs) and tqdm.

The total comes from the inputs without reading the articles: one per file, one
per line of a JSONL dump (``.gz`` dumps are decompressed to count their lines),
so the bar shows a percentage and an ETA. Counting runs in a daemon thread; the
run never waits for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from entitylink.read.sources import Task, iter_files

__all__ = ["count_units", "progress_bar"]


def progress_bar(stderr, quiet: bool, initial: int, paths: Sequence[str] = (), globs=None, exclude=()):
    """A tqdm bar of articles on a terminal (None otherwise or with ``quiet``); its total
    (so the rate gives an ETA) is counted in a background thread."""
    if quiet or not getattr(stderr, "isatty", lambda: False)():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    bar = tqdm(total=None, initial=initial, unit=" articles", file=stderr, dynamic_ncols=True, leave=False)
    if paths and "-" not in paths:
        def count() -> None:
            try:
                bar.total = count_units(paths, globs=globs, exclude=exclude)
                bar.refresh()
            except Exception:  # noqa: BLE001 - the total is a nicety; the bar goes on without it
                pass

        import threading

        threading.Thread(target=count, name="entitylink-count", daemon=True).start()
    return bar


def count_units(paths: Sequence[str], *, globs=None, exclude=()) -> int:
    """How many units (articles) the inputs hold: one per file, one per line of a JSONL dump
    (a ``.json`` file counts one; a list there is more, so the total is an estimate)."""
    import gzip

    total = 0
    for found in iter_files(paths, globs=globs, exclude=exclude):
        if isinstance(found, Task):
            total += 1
            continue
        path = found[0]
        inner = path[:-3] if path.lower().endswith(".gz") else path
        if not inner.lower().endswith((".jsonl", ".ndjson")):
            total += 1
            continue
        opener = gzip.open if inner != path else open
        lines = 0
        with opener(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                lines += block.count(b"\n")
                last = block
            if lines == 0 or not last.endswith(b"\n"):
                lines += 1
        total += lines
    return total
