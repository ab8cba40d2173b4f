"""The resumable output of ``annotate``: OUT, the errors file, the progress journal.

``ResumableOutput(...)`` opens OUT (or writes to stdout) and the errors file;
``write_chunk(chunk, outcomes)`` appends one chunk of linked units and records
it in the journal; ``finish()`` completes OUT and removes the journal.

Resume design (``-o OUT``): OUT is written chunk by chunk next to a journal
``OUT.entitylink-progress`` (JSON lines). Its first line holds the options
fingerprint; after each chunk the data is appended to OUT (and the error
records to the errors file), both are fsync'd, and then one journal line is
appended and fsync'd: ``{"chunk", "units", "out_bytes", "errors_bytes",
"items", "parts", "read", "ok", "failed", "mentions", "inputs", "last"}``
(``inputs``: a running hash of the ``(path, line)`` of every unit done so far,
and of a dump record's bytes;
``last``: the last of them). ``--resume`` reads the last complete journal line,
truncates OUT and the errors file to the lengths it names, skips the units
already done (refusing, ``UsageError``, when they are not the units the
interrupted run did: the inputs changed) and goes on; the result equals an
uninterrupted run, even after SIGKILL. Parquet chunks are written as part files
in ``OUT.entitylink-parts/`` (each written to a temp name and renamed before
the journal line) and joined into OUT (one row group per part, atomically
replaced) at the end. The journal and parts are removed when the run completes.
Resuming with other options is refused (``UsageError``, exit 2); a run without
``--resume`` starts over and overwrites OUT. OUT is touched only once the run
can start: a missing directory (of OUT or of the errors file, never created
here) or an errors file that cannot be opened is an ``OutputError`` first.

The file helpers under this class (fsync, reading the journal, the units' running hash, the
names of the run's files) are in :mod:`entitylink.batch.journal_files`.

Imports: the top level (``errors``), :mod:`entitylink.read` (``Task``, for types),
:mod:`entitylink.write` (the formats' bytes) and :mod:`entitylink.batch.journal_files`.

    >>> import os, tempfile
    >>> out = os.path.join(tempfile.mkdtemp(), "m.jsonl")
    >>> o = ResumableOutput("jsonl", "mention", out, None, None, None, {"run": 1}, False, print)
    >>> os.path.exists(out + JOURNAL_SUFFIX), o.state["units"]
    (True, 0)
    >>> o.finish(); os.path.exists(out + JOURNAL_SUFFIX)
    False
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from entitylink.batch.journal_files import (
    _NO_UNITS,
    JOURNAL_SUFFIX,
    PARTS_SUFFIX,
    TMP_SUFFIX,
    _check_dir,
    _fsync,
    _fsync_dir,
    _is_stream,
    _naming,
    _part_name,
    _read_journal,
    _unit_digest,
)
from entitylink.batch.spill import SpilledPiece
from entitylink.errors import OutputError, UsageError, describe
from entitylink.write import records as outputs

if TYPE_CHECKING:
    from entitylink.batch.outcome import Outcome
    from entitylink.read.sources import Task

__all__ = ["JOURNAL_SUFFIX", "PARTS_SUFFIX", "TMP_SUFFIX", "ResumableOutput"]


class ResumableOutput:
    """OUT (a file, resumable through the journal) or stdout, plus the errors file."""

    def __init__(self, fmt: str, level: str, output: str | None, errors: str | None, stdout, stderr,
                 fingerprint: dict, resume: bool, warn, *, csv_bom: bool = False) -> None:
        self.fmt, self.level = fmt, level
        self.parts = fmt in outputs.PART_FORMATS
        self.csv_bom = csv_bom
        self.output, self.errors_path = output, errors
        self.stdout, self.stderr = stdout, stderr
        self.warn = warn
        # OUT a device or a pipe (-o /dev/null, -o /dev/stdout): written as a stream, no journal
        self.stream = _is_stream(output)
        self.durable = output is not None and not self.stream  # fsync'd, journaled, resumable
        self.path = output or ""  # OUT's path for the file operations ("" when stdout)
        self.journal_path = self.path + JOURNAL_SUFFIX if self.durable else ""
        self.parts_dir = self.path + PARTS_SUFFIX if output else ""
        self.state: dict[str, Any] = {"chunk": 0, "units": 0, "out_bytes": 0, "errors_bytes": 0, "items": 0, "parts": 0,
                      "read": 0, "ok": 0, "failed": 0, "mentions": 0, "inputs": _NO_UNITS, "last": None}
        self.out: Any = None  # binary streams: OUT (or stdout), the errors file, the journal
        self.err: Any = None
        self.journal: Any = None
        try:
            self._open(fingerprint, resume)
        except OSError as exc:
            self.close()
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=exc.filename or output) from None

    def _open(self, fingerprint: dict, resume: bool) -> None:
        if self.stream and (resume or self.parts):
            raise UsageError(("cannot resume writing to it" if resume else f"--format {self.fmt} needs a regular file")
                             + ": it is a device or a pipe", source=self.output)
        resumed = self._resume_state(fingerprint) if resume else False
        for path, what in ((self.output, "output"), (self.errors_path, "errors file")):
            if path:
                _check_dir(path, what)
        if not self.durable:
            self.out = self.stdout if self.output is None else open(self.path, "wb")
            if self.errors_path:
                self.err = open(self.errors_path, "wb")
            self.out.write(outputs.header(self.fmt, self.level, bom=self.csv_bom))
            self.out.flush()
        elif resumed:
            self._reopen_for_resume()
            self.journal = open(self.journal_path, "ab")
        else:
            self._open_fresh(fingerprint)

    def _resume_state(self, fingerprint: dict) -> bool:
        """Take the interrupted run's state from the journal; False when there is none."""
        head, last = _read_journal(self.journal_path)
        if head is None and self.output and os.path.exists(self.output):
            # A finished run removes its journal: OUT is complete, and starting over
            # would silently replace it.
            raise UsageError("nothing to resume: there is no progress journal, so the run that wrote it "
                             "finished (or never started); run without --resume to write it again",
                             source=self.output)
        if head is None:
            self.warn(f"nothing to resume for {self.output} (no progress journal); starting from the beginning")
        elif head["fingerprint"] != fingerprint:
            diff = sorted(k for k in set(head["fingerprint"]) | set(fingerprint)
                          if head["fingerprint"].get(k) != fingerprint.get(k))
            raise UsageError(f"cannot resume: the interrupted run used other options ({', '.join(diff)}); "
                             "run again with the same options, or without --resume to start over",
                             source=self.output)
        elif last is not None:
            if "inputs" not in last:
                raise UsageError("cannot resume: the progress journal is from an older entitylink; "
                                 "run again without --resume", source=self.output)
            self.state.update(last)
            return True
        return False

    def _open_fresh(self, fingerprint: dict) -> None:
        """A fresh run. The errors file is opened first, without truncating it,
        so a run that cannot start leaves OUT (and the journal) as they were."""
        if self.errors_path:
            self.err = os.fdopen(os.open(self.errors_path, os.O_WRONLY | os.O_CREAT, 0o666), "wb")
        # Drop an old journal before OUT, so a crash in between never pairs it with new data.
        if os.path.exists(self.journal_path):
            os.remove(self.journal_path)
            _fsync_dir(self.journal_path)
        if self.parts:
            shutil.rmtree(self.parts_dir, ignore_errors=True)
            os.mkdir(self.parts_dir)
        else:
            self.out = open(self.path, "wb")
            self.out.write(outputs.header(self.fmt, self.level, bom=self.csv_bom))
            _fsync(self.out)
            self.state["out_bytes"] = self.out.tell()
        if self.err is not None:
            if not _is_stream(self.errors_path):
                self.err.truncate(0)
            _fsync(self.err)
        self.journal = open(self.journal_path, "wb")
        # ASCII JSON: a path that is not UTF-8 (surrogate escapes) is written as \udcXX escapes
        self.journal.write(json.dumps({"entitylink": "annotate progress journal", "fingerprint": fingerprint}
                                      ).encode("utf-8") + b"\n")
        self._journal_entry()
        _fsync_dir(self.journal_path)

    def _reopen_for_resume(self) -> None:
        def truncated(path: str, length: int, what: str):
            try:
                f = open(path, "r+b")
            except FileNotFoundError:
                raise UsageError(f"cannot resume: {what} {path} is gone; run again without --resume") from None
            f.seek(0, os.SEEK_END)
            if f.tell() < length:
                f.close()
                raise UsageError(f"cannot resume: {what} {path} is shorter than the progress journal says; "
                                 "run again without --resume")
            f.truncate(length)
            f.seek(length)
            return f

        if self.parts:
            keep = {_part_name(i) for i in range(self.state["parts"])}
            os.makedirs(self.parts_dir, exist_ok=True)
            for name in os.listdir(self.parts_dir):
                if name not in keep:
                    os.remove(os.path.join(self.parts_dir, name))
            missing = [n for n in keep if not os.path.exists(os.path.join(self.parts_dir, n))]
            if missing:
                raise UsageError(f"cannot resume: {self.fmt} parts are missing in {self.parts_dir}; "
                                 "run again without --resume")
        else:
            self.out = truncated(self.path, self.state["out_bytes"], "output")
        if self.errors_path:
            self.err = truncated(self.errors_path, self.state["errors_bytes"], "errors file")

    def skip_done(self, tasks: Iterable[Task]) -> Iterator[Task]:
        """``tasks`` less the units a resumed run already did, after checking they are
        the same units (by the journal's running hash); else ``UsageError``."""
        tasks = iter(tasks)
        done = self.state["units"]
        if not done:
            return tasks
        digest, n, task = _NO_UNITS, 0, None
        for task in tasks:
            digest = _unit_digest(digest, task)
            n += 1
            if n == done:
                break
        if n == done and digest == self.state["inputs"]:
            return tasks
        last = self.state["last"]
        was = f"{last[0]}:{last[1]}" if last[1] is not None else last[0]
        if n < done:
            now = f"they now give only {n} units"
        elif task is not None and [task.path, task.line] != last:
            now = f"unit {done} is now {task.path}" + (f":{task.line}" if task.line is not None else "")
        else:
            now = "an earlier unit was added, removed, moved or edited"
        raise UsageError(f"inputs changed since the interrupted run: it had done {done} units, the last {was}; "
                         f"{now}; run again without --resume to start over", source=self.output)

    def _journal_entry(self) -> None:
        if self.journal is None:
            return
        self.journal.write(json.dumps(self.state).encode("utf-8") + b"\n")
        _fsync(self.journal)

    def write_chunk(self, chunk: Sequence[Task], outcomes: Sequence[Outcome]) -> None:
        data: list[bytes | SpilledPiece] = []
        rows: list[dict] = []
        errs = bytearray()
        s = self.state
        for outcome in outcomes:
            s["read"] += 1
            if outcome.error is not None:
                s["failed"] += 1
                if self.err is not None:
                    errs += (json.dumps(outcome.error, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
                else:
                    line = f"entitylink: {describe(outcome.error)}\n"  # lone surrogates as \udXXX escapes
                    self.stderr.write(line.encode("utf-8", "backslashreplace").decode("utf-8"))
                continue
            s["ok"] += 1
            s["mentions"] += outcome.mentions
            if self.parts:
                rows.extend(outcome.piece)
            elif outcome.items:
                data.append(outputs.joiner(self.fmt, s["items"]))
                data.append(outcome.piece)
            s["items"] += outcome.items
        s["chunk"] += 1
        s["units"] += len(chunk)
        for task in chunk:
            s["inputs"] = _unit_digest(s["inputs"], task)
        if chunk:
            s["last"] = [chunk[-1].path, chunk[-1].line]
        with _naming(self.output):
            if self.parts:
                if rows:
                    self._write_part(rows)
            else:
                self._append(self.out, data, "out_bytes")  # piece by piece: a long article's output is not copied
        if self.err is not None:
            with _naming(self.errors_path):
                self._append(self.err, (errs,), "errors_bytes")
        with _naming(self.journal_path):
            self._journal_entry()

    def _append(self, f, pieces: Iterable[bytes | bytearray | SpilledPiece], length_key: str) -> None:
        """Write ``pieces`` to ``f`` in order (a spilled one a block at a time, then dropped); for a
        file, fsync it and note its length in the state."""
        for piece in pieces:
            if isinstance(piece, SpilledPiece):
                for block in piece.blocks():
                    f.write(block)
                piece.close()
            else:
                f.write(piece)
        if self.durable:
            _fsync(f)
            self.state[length_key] = f.tell()
        else:
            f.flush()

    def _write_part(self, rows: list[dict]) -> None:
        name = os.path.join(self.parts_dir, _part_name(self.state["parts"]))
        with open(name + TMP_SUFFIX, "wb") as f:
            outputs.write_part(rows, self.fmt, self.level, f)
            _fsync(f)
        os.replace(name + TMP_SUFFIX, name)
        _fsync_dir(name)
        self.state["parts"] += 1

    def finish(self) -> None:
        try:
            if self.parts:
                self._join_parts()
            else:
                self.out.write(outputs.footer(self.fmt, self.state["items"]))
                if self.durable:
                    _fsync(self.out)
                else:
                    self.out.flush()
            if self.err is not None and self.durable:
                _fsync(self.err)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", source=exc.filename or self.output) from None
        self.close()
        if self.journal_path:
            try:
                os.remove(self.journal_path)
            except FileNotFoundError:
                pass
            _fsync_dir(self.journal_path)

    def _join_parts(self) -> None:
        tmp = self.path + TMP_SUFFIX
        parts = [os.path.join(self.parts_dir, _part_name(i)) for i in range(self.state["parts"])]
        outputs.join_parts(parts, self.fmt, self.level, tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path)
        shutil.rmtree(self.parts_dir, ignore_errors=True)

    def close(self) -> None:
        for f in (self.out if self.out is not self.stdout else None, self.err, self.journal):
            if f is not None:
                try:
                    f.close()
                except OSError:
                    pass
