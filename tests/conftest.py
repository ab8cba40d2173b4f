"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``../shared/corpus`` beside the repository (real articles; not copied into the repo)."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"../shared/corpus is not beside the repo (looked for {CORPUS_DIR})")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """``tests/fixtures``: small hand-written inputs."""
    return FIXTURES_DIR
