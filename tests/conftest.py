"""Shared fixtures: the bundled corpus (loaded once) and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mediabias import paths
from mediabias.corpus import load_corpus

BUNDLED = paths.PROJECT_DIR / "corpus"


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(BUNDLED)


@pytest.fixture(scope="session")
def segments(corpus):
    return corpus.segments


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the bundled corpus that a test may break."""
    target = tmp_path / "corpus"
    shutil.copytree(BUNDLED, target)
    return target
