"""The installed distribution's version: the one version source is ``pyproject.toml``.

Imports nothing of entitylink.

    >>> __version__.count(".") >= 1 or __version__ == "0+unknown"
    True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("entitylink")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
