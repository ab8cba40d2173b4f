"""A unit's output too large to hold in memory: rendered into an unnamed temporary file.

An article of a million mentions renders to hundreds of megabytes of JSONL. ``link_task``
renders such an article a slice of mentions at a time (``records.mention_slices``) into a
``SpilledPiece`` and the writer (``journal.ResumableOutput``) copies it into OUT a block at
a time, so neither the worker nor the writer ever holds the whole output: the rendering
still happens inside the unit's try (a failure is the unit's failed-input record, nothing
of it written) and the journal still commits whole units. The file has no name (it is
gone with the process); sent to another process (a worker's result) it travels as its bytes.

Imports nothing of the package.

    >>> piece = SpilledPiece([b"a\\n", b"b\\n"])
    >>> len(piece), b"".join(piece.blocks())
    (4, b'a\\nb\\n')
    >>> import pickle; pickle.loads(pickle.dumps(piece))
    b'a\\nb\\n'
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator

# What the writer reads from the file and writes to OUT at once.
BLOCK = 1 << 20


class SpilledPiece:
    """The bytes of ``parts``, in order, held in an unnamed temporary file."""

    __slots__ = ("_file", "size")

    def __init__(self, parts: Iterable[bytes]) -> None:
        self._file = tempfile.TemporaryFile()
        try:
            for part in parts:
                self._file.write(part)
            self.size = self._file.tell()
        except BaseException:
            self._file.close()
            raise

    def __len__(self) -> int:
        return self.size

    def blocks(self, size: int = BLOCK) -> Iterator[bytes]:
        """The bytes, from the start, ``size`` at a time."""
        f = self._file
        f.seek(0)
        while block := f.read(size):
            yield block

    def close(self) -> None:
        self._file.close()

    def __reduce__(self):
        # to another process (a worker's result): as plain bytes
        return bytes, (b"".join(self.blocks()),)
