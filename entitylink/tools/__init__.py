"""The ``tools/`` room: evaluation, retagging, harvesting and statistics as library functions.

Evaluation against gold files (``evaluate``, ``gold``, ``eval_*``), retagging a
publisher's pages with the linker's mentions (``retag``), the publishers' own lists
and what they teach (``harvest``, ``harvest_lists``, ``publisher_lists``,
``security_codes``), dictionary statistics (``stats``). They return values; ``cli/``
prints them.

It may import the top-level shared modules, ``read/``, ``knowledge/``, ``link/``,
``write/`` and ``batch/``; never ``cli/``, not even inside a function.
"""
