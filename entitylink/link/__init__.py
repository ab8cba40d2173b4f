"""The ``link/`` room: an ``Article`` in, a ``Document`` out (``linker.Linker``).

It may import the top-level shared modules (``errors``, ``models``, ``markets``,
``display``), ``read/`` and ``knowledge/``; never ``write/``, ``batch/``, ``tools/`` or
``cli/``, not even inside a function. ``linker.py`` lists its steps and their modules.
"""
