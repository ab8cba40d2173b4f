"""Shared fixtures."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    # The suite's caches (segmenter and dictionary files, ~10 MB each, one per test
    # dictionary) go under .pytest_cache, kept between runs, never into the user's
    # ~/.cache/entitylink; an ENTITYLINK_CACHE_DIR that is set is respected.
    if not os.environ.get("ENTITYLINK_CACHE_DIR"):
        cache = getattr(config, "cache", None)
        if cache is not None:
            where = cache.mkdir("entitylink")
        else:  # -p no:cacheprovider: a temporary directory, removed at the end
            where = Path(tempfile.mkdtemp(prefix="entitylink-tests-"))
            config.add_cleanup(lambda: shutil.rmtree(where, ignore_errors=True))
        os.environ["ENTITYLINK_CACHE_DIR"] = str(where)


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
