"""The ``write/`` room: linked documents out.

Records and their rows (``records``, ``rows``), the output formats (JSONL, CSV,
Parquet, CoNLL, spaCy, displaCy, Label Studio: ``formats``), reading records back with
their types (``readback``), the frames of ``annotate_frame`` (``frames``) and a
document as plain text (``text``).

It may import the top-level shared modules, ``read/``, ``knowledge/`` and ``link/``;
never ``batch/``, ``tools/`` or ``cli/``, not even inside a function.
"""
