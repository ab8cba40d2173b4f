"""The per-article time budget of a batch run (``--timeout-per-article``): :class:`Deadlines`
for the articles of a piece, :func:`deadline` for one body of code.

Imports: the standard library and the top level (``errors``).

A real-time interval timer (``setitimer``) and its SIGALRM handler, so only in the main thread
of a process (the workers' and a serial run's); elsewhere (a Dask worker thread) the budget is
skipped, with one warning per process. The handler is installed once for a piece of articles and
the timer armed and disarmed around each article's work: a pair of ``setitimer`` calls costs a
fifth of a pair of handler changes. The handler raises only while the timer is armed, so a
signal that arrives as the timer is disarmed is never raised outside the article it timed.

    >>> with deadline(0):
    ...     pass
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

from entitylink.errors import ArticleTimeout

__all__ = ["Deadlines", "deadline"]

log = logging.getLogger(__name__)

_warned_no_deadline = False


class Deadlines:
    """Time budgets of ``seconds`` (0: none) for the articles linked inside ``with``: ``arm(s)``
    before an article's work, ``disarm()`` after it (in a ``finally``); ``ArticleTimeout`` is
    raised in the work once ``s`` seconds have passed.

        >>> with Deadlines(60) as timer:
        ...     timer.arm(timer.seconds); left = timer.disarm()
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._active = False  # the handler is installed
        self._armed = False
        self._previous: Any = None  # the SIGALRM handler before

    def __enter__(self) -> Deadlines:
        global _warned_no_deadline
        if not self.seconds or self.seconds <= 0:
            return self
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            if not _warned_no_deadline:
                _warned_no_deadline = True
                log.warning("--timeout-per-article is not enforced here (not the main thread of a process)")
            return self
        self._previous = signal.signal(signal.SIGALRM, self._expired)
        self._active = True
        return self

    def __exit__(self, *exc_info) -> None:
        if self._active:
            self._armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._active = False

    def _expired(self, signum, frame) -> None:
        if self._armed:
            self._armed = False
            raise ArticleTimeout(f"took more than {self.seconds:g} s (raise --timeout-per-article)")

    def arm(self, seconds: float) -> None:
        """Start an article's budget of ``seconds`` (what ``disarm`` left of it, to go on);
        ``ArticleTimeout`` at once when nothing is left."""
        if not self._active:
            return
        if seconds <= 0:
            raise ArticleTimeout(f"took more than {self.seconds:g} s (raise --timeout-per-article)")
        self._armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def disarm(self) -> float:
        """Stop the budget; the seconds that were left of it (``seconds`` when none is enforced)."""
        if not self._active:
            return self.seconds
        self._armed = False
        return signal.setitimer(signal.ITIMER_REAL, 0)[0]


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``ArticleTimeout`` in the body when it runs longer than ``seconds`` (0: no limit)."""
    with Deadlines(seconds) as timer:
        timer.arm(seconds)
        try:
            yield
        finally:
            timer.disarm()
