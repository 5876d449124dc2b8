"""Every notebook runs on a selection with almost nothing in it: one outlet, one short article, nobody quoted.

Analysts point the collection at their own stories; a story whose articles credit no source, or a selection
of a single outlet, must render pages that say so rather than fail."""

from __future__ import annotations

import pytest

from mediabias import paths
from mediabias.cli import main
from mediabias.site.execute import execute, list_notebooks
from tests.conftest import one_article_corpus

BODY = "The troops left the base on Tuesday. The convoy drove south.\n\nIt rained for most of the day.\n"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    corpus = one_article_corpus(root, BODY)
    assert main(["analyze", "--corpus", str(corpus), "--quiet"]) == 0
    return root, corpus


@pytest.mark.parametrize("source", list_notebooks(paths.PROJECT_DIR / "notebooks"), ids=lambda p: p.stem)
def test_notebook_runs_on_a_one_article_unquoted_corpus(tiny, source, monkeypatch):
    root, corpus = tiny
    execute(source, root / "nb" / f"{source.stem}.ipynb",
            parameters={"CORPUS": str(corpus), "FIGURES": str(root / "figures")})
    text = (root / "nb" / f"{source.stem}.ipynb").read_text(encoding="utf-8")
    if source.stem == "01-sources":
        assert "Nothing to plot for" in text  # the empty attributions table is said, not drawn
