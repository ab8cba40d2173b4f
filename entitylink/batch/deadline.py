"""The per-article time budget of a batch run (``--timeout-per-article``): :func:`deadline`.

Imports: the standard library and the top level (``errors``).

    >>> with deadline(0):
    ...     pass
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator

from entitylink.errors import ArticleTimeout

__all__ = ["deadline"]

log = logging.getLogger(__name__)

_warned_no_deadline = False


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``ArticleTimeout`` in the body when it runs longer than ``seconds`` (0: no limit).

    A real-time interval timer (``setitimer``) and its SIGALRM handler, so only in the main
    thread of a process (the workers' and a serial run's); elsewhere (a Dask worker thread)
    the budget is skipped, with one warning per process.
    """
    global _warned_no_deadline
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        if not _warned_no_deadline:
            _warned_no_deadline = True
            log.warning("--timeout-per-article is not enforced here (not the main thread of a process)")
        yield
        return

    def expired(signum, frame) -> None:
        raise ArticleTimeout(f"took more than {seconds:g} s (raise --timeout-per-article)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
