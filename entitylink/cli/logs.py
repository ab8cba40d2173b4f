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
    every tokenizer build: quieted to WARNING (``-vv``: DEBUG), after the import, or the
    import would undo it.
    """
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="entitylink: %(message)s")
    import jieba

    jieba.default_logger.setLevel(logging.WARNING if verbose < 2 else logging.DEBUG)


def quiet_worker() -> None:
    """In a worker process: jieba's logger no louder than WARNING (nor than the process's
    root logger), as in the main process. A module-level function: it travels by name to
    the workers of a pool and of a Dask cluster."""
    try:  # jieba resets its logger when imported: import first, then quiet it
        import jieba

        jieba.default_logger.setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    except ImportError:  # pragma: no cover
        pass


def quiet_distributed() -> None:
    """distributed's loggers (and those of its web stack) at WARNING: it logs every start
    and stop of a cluster at INFO. After the import: importing it sets their levels."""
    try:
        import distributed  # noqa: F401
    except ImportError:  # pragma: no cover - the [dask] extra is missing: cluster_runner says so
        return
    for name in ("distributed", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(logging.WARNING)
