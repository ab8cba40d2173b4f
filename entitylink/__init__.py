"""entitylink: link listed companies, indexes and boards in Chinese financial news to security codes."""

from __future__ import annotations

import logging

from .errors import (
    ArticleFormatError,
    DecodeError,
    DictionaryError,
    EntityLinkError,
    GoldFormatError,
    InputError,
    OutputError,
    UsageError,
)
from .models import Document, Entity, Mention, Security

__version__ = "0.1.0"

__all__ = [
    "ArticleFormatError",
    "DecodeError",
    "DictionaryError",
    "Document",
    "Entity",
    "EntityLinkError",
    "GoldFormatError",
    "InputError",
    "Mention",
    "OutputError",
    "Security",
    "UsageError",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
