"""Prose written about the bundled corpus is shown on the bundled corpus only.

The notebooks' readings of the five Iraq articles sit in Markdown cells tagged ``bundled-corpus``; on an analyst's
corpus, or a story or outlet selection, the executor leaves them out, and the prose that remains names the bundled
articles only where it says they are the bundled corpus's.
"""

from __future__ import annotations

import re
import shutil

import nbformat
import pytest

from mediabias import paths
from mediabias.cli import main
from mediabias.site.execute import BUNDLED_TAG, list_notebooks, prepare, selection_is_bundled, without_bundled_prose
from tests import synthetic
from tests.conftest import BUNDLED

NOTEBOOKS = list_notebooks(paths.PROJECT_DIR / "notebooks")
#: Names only the bundled articles bring: a sentence of generic prose may not use them without saying so.
SEED_NAMES = re.compile(r"Hot Air|Maliki|Media Line|Soleimani|\bIraq|\bthe AP\b|The Cable")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*>(\"])")


def notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def tagged(cell):
    cell.metadata["tags"] = [BUNDLED_TAG]
    return cell


def test_tagged_prose_is_dropped_and_everything_else_kept_in_order():
    nb = notebook(nbformat.v4.new_markdown_cell("# Title"), tagged(nbformat.v4.new_markdown_cell("Hot Air's posts")),
                  nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_markdown_cell("Generic method."))
    kept = without_bundled_prose(nb)
    assert [c.source for c in kept.cells] == ["# Title", "x = 1", "Generic method."]


def test_a_tagged_code_cell_is_refused_with_its_position():
    nb = notebook(nbformat.v4.new_markdown_cell("# Title"), tagged(nbformat.v4.new_code_cell("x = 1")))
    with pytest.raises(ValueError, match=r"05-compare.py: cell\(s\) \[1\] tagged 'bundled-corpus' are not Markdown"):
        without_bundled_prose(nb, "05-compare.py")


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_keeps_its_readings_of_the_seeds_for_the_bundled_corpus(source):
    full, other = prepare(source), prepare(source, bundled=False)
    dropped = [c for c in full.cells if BUNDLED_TAG in c.metadata.get("tags", [])]
    assert all(c.cell_type == "markdown" for c in dropped)
    if source.stem != "04-language":  # 04's prose holds no reading of the seeds
        assert dropped
    assert len(other.cells) == len(full.cells) - len(dropped)
    assert [c.id for c in other.cells] == [f"{source.stem}-{i:03d}" for i in range(len(other.cells))]


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_left_on_another_corpus_names_the_seeds_only_as_the_bundled_corpus(source):
    loose = []
    for cell in prepare(source, bundled=False).cells:
        if cell.cell_type == "markdown":
            loose += [s for s in SENTENCE.split(" ".join(cell.source.split()))
                      if SEED_NAMES.search(s) and "bundled" not in s]
    assert loose == []


def test_the_check_catches_an_unlabelled_claim_about_the_seeds():
    text = "Shares per outlet. Hot Air's posts are mostly excerpts. In the bundled corpus, Hot Air quotes the NYT."
    assert [s for s in SENTENCE.split(text) if SEED_NAMES.search(s) and "bundled" not in s] == [
        "Hot Air's posts are mostly excerpts."]


def test_only_exactly_the_bundled_articles_count_as_the_bundled_corpus(tmp_path):
    assert selection_is_bundled(None) is True
    assert selection_is_bundled({"CORPUS": str(BUNDLED)}) is True
    assert selection_is_bundled({"STORY": "iraq-letter-2020"}) is False
    assert selection_is_bundled({"OUTLETS": ["hotair"]}) is False
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED, corpus, ignore=shutil.ignore_patterns("results"))
    assert selection_is_bundled({"CORPUS": str(corpus)}) is True  # the same five articles elsewhere
    text = tmp_path / "a.txt"
    body = "\n\n".join(synthetic.PARAGRAPHS["iraq-withdrawal-2011"][:2])
    text.write_text(f"Troops to leave Iraq by year end\n\n{body}\n", encoding="utf-8")
    assert main(["add", str(text), "--corpus", str(corpus), "--outlet", "ap", "--story", "iraq-withdrawal-2011",
                 "--published", "2011-10-25"]) == 0
    assert selection_is_bundled({"CORPUS": str(corpus)}) is False  # an analyst added an article
    assert selection_is_bundled({"CORPUS": str(corpus), "OUTLETS": ["hotair", "fp", "medialine"]}) is True
