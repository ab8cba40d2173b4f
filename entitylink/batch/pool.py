"""Worker processes for a batch run: pieces of units linked in ``--workers`` processes.

Imports nothing of entitylink: it runs any ``link_one`` function on units of any kind.

A *unit* is whatever the caller links one at a time (``annotate``'s ``Task``, a row of
``annotate_frame``); results come back in input order. The pool is built for runs of millions of inputs that
someone may kill at any moment:

- **Workers die with their parent.** Each worker asks Linux to kill it when the process
  that started it dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, so SIGKILL of the parent
  too), and a watchdog thread ends it when its parent changes (other systems). No worker
  outlives ``timeout``, ``docker stop`` or ``kill -9``, and none holds stdout open
  (``annotate … | gzip`` ends).
- **A dead worker is replaced, and what killed it is reported.** When a worker dies (out
  of memory, a crash in a C library), the pieces it may have been linking are linked
  again one unit at a time in a fresh pool; a unit whose worker dies again is a failed
  input (``died(exc)``: "the worker process died while linking this input"), never
  retried in this process, where it could end the whole run.

    >>> from entitylink.batch.run import link_task
    >>> processor = Processor(None, {})
    >>> processor.options
    {}
"""

from __future__ import annotations

import collections
import ctypes
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

__all__ = ["Processor", "died", "pool_results"]

log = logging.getLogger(__name__)

Outcomes = list  # list[batch.run.Outcome]: run.py imports this module, not the other way round
Unit = Any  # read.sources.Task for annotate, a row tuple for annotate_frame
LinkOne = Callable[..., Any]
LinkPiece = Callable[..., Outcomes]  # (units, linker, **options) -> the outcome of each unit, in order
# The outcome of a unit whose worker died: (unit, died(exc)) -> its failed-input outcome.
OutcomeOfDeath = Callable[[Unit, RuntimeError], Any]


class Processor:
    """Links a piece of units with one Linker: ``link_piece(units, linker, **options)`` (the
    outcome of each unit, in order: what links a piece at once, as ``annotate``'s finds the
    names of its articles in one pass), or else ``link_one(unit, linker, **options)`` each.

    ``setup`` (if given) runs once in each worker process before its first unit: what the
    application sets up in a process of its own (the CLI quiets the loggers there as it
    does in the main process); the pool itself knows no logger.
    """

    def __init__(self, linker, options: dict[str, Any], link_one: LinkOne | None = None,
                 setup: Callable[[], None] | None = None, link_piece: LinkPiece | None = None) -> None:
        self.linker = linker
        self.options = options
        self.link_one = link_one
        self.setup = setup
        self.link_piece = link_piece

    def __call__(self, tasks: Sequence[Unit]) -> Outcomes:
        if self.link_piece is not None:
            return self.link_piece(tasks, self.linker, **self.options)
        assert self.link_one is not None, "Processor without a link_one or link_piece function"
        return [self.link_one(t, self.linker, **self.options) for t in tasks]


_WORKER: Processor | None = None


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies; watch the parent too."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="entitylink-parent-watch", daemon=True).start()


def _init_worker(processor: Processor, parent: int) -> None:
    global _WORKER
    _die_with_parent(parent)
    # Ctrl-C goes to the whole process group: the parent decides what happens, the
    # workers do not print tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if processor.setup is not None:
        processor.setup()
    _warm(processor)
    _WORKER = processor


def _warm(processor: Processor) -> None:
    """Do the Linker's first-use work (``Linker.warm``) before the first unit, outside any
    per-article deadline: in each worker, and in the process itself when it links. A Linker that
    fails here fails each unit the same way, and each is reported as a failed input."""
    warm = getattr(processor.linker, "warm", None)
    if warm is None:
        return
    try:
        warm()
    except Exception:  # noqa: BLE001 - the same failure is each unit's to report, with its input named
        pass


def _work(tasks: Sequence[Unit]) -> Outcomes:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER(tasks)


class _Pool:
    """A ProcessPoolExecutor that can be replaced when one of its workers dies."""

    def __init__(self, workers: int, processor: Processor) -> None:
        self.workers = workers
        self.processor = processor
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # Under fork (Linux's default) the workers inherit the built Linker as it is;
        # under spawn/forkserver it is pickled (its dictionary) and rebuilt.
        return ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker,
                                   initargs=(self.processor, os.getpid()))

    def submit(self, tasks: Sequence[Unit]) -> Future:
        return self.executor.submit(_work, tasks)

    def replace(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def died(exc: BaseException) -> RuntimeError:
    """The error a unit whose worker process died is reported with (``exc``: how the pool saw it).

    >>> died(OSError("gone")).args[0]
    'the worker process died while linking this input (OSError: gone); it was not retried'
    """
    return RuntimeError(f"the worker process died while linking this input ({type(exc).__name__}: {exc}); "
                        "it was not retried")


def _name(unit: Unit) -> str:
    return str(getattr(unit, "path", None) or "an input")


def _isolate(pool: _Pool, piece: list[Unit], outcome_of_death: OutcomeOfDeath,
             warn: Callable[[str], None]) -> Outcomes:
    """Link ``piece`` one unit per submission; a unit whose worker dies, or that cannot be sent
    to a worker, is a failed input."""
    outcomes = []
    for unit in piece:
        try:
            outcomes += pool.submit([unit]).result()
        except (BrokenProcessPool, OSError, RuntimeError) as exc:
            warn(f"{_name(unit)}: a worker process died while linking it; reported as failed, the worker replaced")
            outcomes.append(outcome_of_death(unit, died(exc)))
            pool.replace()
        except Exception as exc:  # noqa: BLE001 - the unit could not be sent (a cell that does not pickle)
            warn(f"{_name(unit)}: could not be sent to a worker process; reported as failed")
            outcomes.append(outcome_of_death(unit, RuntimeError(
                f"this input could not be sent to a worker process ({type(exc).__name__}: {exc})")))
    return outcomes


def pool_results(pieces: Iterator[list[Unit]], processor: Processor, workers: int,
                 warn: Callable[[str], None], outcome_of_death: OutcomeOfDeath
                 ) -> Iterator[tuple[list[Unit], Outcomes]]:
    """(piece, outcomes) in input order, computed in ``workers`` processes
    (in this process when ``workers`` is 1). ``outcome_of_death(unit, died(exc))`` is the
    outcome of a unit whose worker died."""
    if workers <= 1:
        _warm(processor)
        for piece in pieces:
            yield piece, processor(piece)
        return
    pool = _Pool(workers, processor)
    pending: collections.deque[tuple[list[Unit], Future]] = collections.deque()
    suspects: collections.deque[list[Unit]] = collections.deque()

    def collect() -> tuple[list[Unit], Outcomes]:
        piece, fut = pending.popleft()
        try:
            return piece, fut.result()
        except Exception as exc:  # noqa: BLE001 - a dead worker, or a piece that could not be sent
            # Every piece still pending went down with the pool: each is linked again
            # unit by unit, so the one unit that kills a worker is found and reported.
            warn(f"a worker process failed ({type(exc).__name__}); its units are linked again one at a time")
            pool.replace()
            suspects.extend(p for p, _ in pending)
            pending.clear()
            return piece, _isolate(pool, piece, outcome_of_death, warn)

    def submit(piece: list[Unit]) -> Future:
        try:
            return pool.submit(piece)
        except BrokenProcessPool:  # a worker died since the last result was collected
            pool.replace()
            return pool.submit(piece)

    try:
        for piece in pieces:
            pending.append((piece, submit(piece)))
            while len(pending) >= workers * 3 or (pending and pending[0][1].done()):
                yield collect()
                while suspects:
                    p = suspects.popleft()
                    yield p, _isolate(pool, p, outcome_of_death, warn)
        while pending or suspects:
            if pending:
                yield collect()
            while suspects and not pending:
                p = suspects.popleft()
                yield p, _isolate(pool, p, outcome_of_death, warn)
    finally:
        pool.close()
