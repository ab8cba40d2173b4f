"""Logging set-up: the one place that knows how the command line logs and quiets jieba.

The library only logs (to ``logging`` loggers under ``entitylink``, with a
``NullHandler``); the command line is the application, so it configures the
handlers and levels, in its own process (``setup_logging``) and in each worker
process of a run (``quiet_worker``, passed to the runner as its ``worker_setup``).
Imports nothing of entitylink.
"""

from __future__ import annotations

import logging

__all__ = ["quiet_distributed", "quiet_worker", "setup_logging"]


def setup_logging(verbose: int) -> None:
    """Messages as ``entitylink: ...`` lines on stderr: warnings, ``-v`` info, ``-vv`` debug.

    jieba sets its own logger to DEBUG with a handler of its own when imported and logs
    every tokenizer build: quieted to WARNING (``-vv``: DEBUG) by a filter on its logger, which
    its import keeps (it sets the level and adds a handler, and would undo a level set before);
    jieba is not imported here: a start whose segmenter is cached never imports it.
    """
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="entitylink: %(message)s")
    _quiet_jieba(logging.WARNING if verbose < 2 else logging.DEBUG)


def quiet_worker() -> None:
    """In a worker process: jieba's logger no louder than WARNING (nor than the process's
    root logger), as in the main process. A module-level function: it travels by name to
    the workers of a pool and of a Dask cluster."""
    _quiet_jieba(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))


class _AtLeast(logging.Filter):
    """Lets through records of ``level`` and above."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level


def _quiet_jieba(level: int) -> None:
    """jieba's logger passes only records of ``level`` and above, imported now or later."""
    logger = logging.getLogger("jieba")
    for old in [f for f in logger.filters if isinstance(f, _AtLeast)]:
        logger.removeFilter(old)
    logger.addFilter(_AtLeast(level))


def quiet_distributed() -> None:
    """distributed's loggers (and those of its web stack) at WARNING: it logs every start
    and stop of a cluster at INFO. After the import: importing it sets their levels."""
    try:
        import distributed  # noqa: F401
    except ImportError:  # pragma: no cover - the [dask] extra is missing: cluster_runner says so
        return
    for name in ("distributed", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(logging.WARNING)
