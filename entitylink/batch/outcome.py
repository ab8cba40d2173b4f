"""One unit's result in a batch run: ``Outcome``.

``run.link_task`` makes one per unit (in a worker or in-process) and the journal
(``journal.ResumableOutput.write_chunk``) writes them; it sits in a module of its
own so that both import it and neither imports the other. Imports nothing of
entitylink.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["Outcome"]


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    """One unit's result: ``piece``/``items`` of the output, or ``error`` (an error record)."""

    piece: Any = None
    items: int = 0
    mentions: int = 0
    error: dict[str, Any] | None = None

    def __reduce__(self):
        # pickled back from the workers by the hundred: see read.task.Task.__reduce__
        return Outcome, (self.piece, self.items, self.mentions, self.error)
