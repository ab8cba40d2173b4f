"""The ``batch/`` room: many inputs in, one output, every input accounted for.

The runner (``run``: ``annotate`` and ``BatchOptions``), worker processes (``pool``),
the journal that makes a run resumable (``journal``, ``journal_files``), one unit's
result (``outcome``), per-article deadlines, the progress bar, ``annotate_frame``
(``frames``) and Dask (``dask``, ``shipped``). It prints nothing and sets up no
logging: what the application wants set up in a worker comes in as a callable.

It may import the top-level shared modules, ``read/``, ``knowledge/``, ``link/`` and
``write/``; never ``tools/`` or ``cli/``, not even inside a function.
"""
