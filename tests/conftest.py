"""Shared fixtures: the bundled corpus (loaded once) and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mediabias import paths
from mediabias.corpus import load_corpus, segmented

BUNDLED = paths.PROJECT_DIR / "corpus"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes minutes (builds and analyses corpora, executes every notebook); "
                                       "`pytest -m \"not slow\"` leaves it out")


@pytest.fixture(scope="session")
def corpus():
    """The bundled corpus with its segments attached (parsed once for the session)."""
    return segmented(load_corpus(BUNDLED))


@pytest.fixture(scope="session")
def segments(corpus):
    return corpus.segments


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the bundled corpus that a test may break, without the working tree's results (a test
    must not pass or fail by what an earlier run left there)."""
    target = tmp_path / "corpus"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("results"))
    return target


def one_article_corpus(root: Path, body: str) -> Path:
    """A copy of the bundled corpus under ``root`` holding only 004's front matter with ``body`` as its text."""
    target = root / "corpus"
    if not target.exists():
        shutil.copytree(BUNDLED, target)
    for path in sorted((target / "articles").glob("*.md")):
        if not path.name.startswith("004_"):
            path.unlink()
    article = next((target / "articles").glob("004_*.md"))
    head, _, _ = article.read_text(encoding="utf-8").partition("\n---\n")
    article.write_text(head + "\n---\n\n" + body, encoding="utf-8")
    return target
