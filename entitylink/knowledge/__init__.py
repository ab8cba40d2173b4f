"""The ``knowledge/`` room: what the linker knows before it reads an article.

The dictionary of securities and their names (``dictionary``, its rows ``rows`` and the
rows derived at load ``derived``), the one table of alias types with their priority,
confidence and strength (``aliases``), text normalisation (``normalize``), common
words, and the cache of built files (``cache``: ``USER_CACHE``).

It may import the top-level shared modules (``errors``, ``models``, ``markets``...)
and ``read/``; never ``link/``, ``write/``, ``batch/``, ``tools/`` or ``cli/``, not even
inside a function.
"""
