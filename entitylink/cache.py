"""Files kept between runs so that start-up is fast: the segmenter's prefix
dictionary and the checked rows of the shipped dictionary.

They live in ``$ENTITYLINK_CACHE_DIR``, else ``$XDG_CACHE_HOME/entitylink`` or
``~/.cache/entitylink``. Each file is named by a hash of what it was built from,
written atomically and read with ``marshal`` (data only, never code); a file that
cannot be read is rebuilt, one that cannot be written is skipped with a warning.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "x.marshal"
    >>> write_cache(p, ([1, "a"], None)); read_cache(p)
    ([1, 'a'], None)
"""

from __future__ import annotations

import logging
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """``$ENTITYLINK_CACHE_DIR``, else ``~/.cache/entitylink``."""
    env = os.environ.get("ENTITYLINK_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "entitylink"


def read_cache(path: Path) -> Any | None:
    """What ``write_cache`` wrote to ``path``, or None when it is missing or unreadable."""
    try:
        # one read, then loads: marshal.load(file) reads object by object
        # through the file and takes three times as long
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        log.warning("ignoring unreadable cache file %s", path)
        return None


def write_cache(path: Path, payload: Any) -> None:
    """Write ``payload`` (plain data) to ``path`` atomically; a warning if it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entitylink-")
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(payload, f)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        log.warning("could not write cache file %s: %s", path, exc)
