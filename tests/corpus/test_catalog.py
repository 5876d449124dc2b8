"""Issue 13, point 6: `mediabias analyze` keeps one small row per article (its catalog), not the corpus's texts,
and reads each chunk's files when the chunk is sent; what it reads is what it catalogued."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias.pipeline import store
from mediabias.corpus import CorpusError, load_corpus
from mediabias.corpus.catalog import Catalog, read_catalog
from mediabias.corpus.catalog import article_digest
from mediabias.pipeline import analyze


def test_a_catalog_holds_each_article_without_its_text_and_reads_a_chunk_as_the_corpus_has_it(corpus_copy):
    catalog, corpus = read_catalog(corpus_copy), load_corpus(corpus_copy)
    assert list(catalog.articles.columns) == ["article_id", "story", "published", "path", "n_chars", "digest"]
    assert list(catalog.articles["article_id"]) == list(corpus.articles["article_id"])  # corpus order
    assert dict(zip(catalog.articles["article_id"], catalog.articles["digest"])) == {a.id: article_digest(a, corpus.outlets) for a in corpus.parsed}
    assert list(catalog.articles["n_chars"]) == list(corpus.articles["text"].str.len())
    ids = list(corpus.articles["article_id"])
    chunk, expected = catalog.select_ids([ids[3], ids[1]]), corpus.select_ids([ids[3], ids[1]])
    pd.testing.assert_frame_equal(chunk.articles, expected.articles)
    assert chunk.parsed == expected.parsed
    assert Catalog.of(corpus).articles.equals(catalog.articles)


def test_a_catalog_refuses_a_corpus_with_every_problem_load_corpus_names(corpus_copy):
    first = sorted((corpus_copy / "articles").glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("outlet: ", "outlet: nowhere-", 1), encoding="utf-8")
    (corpus_copy / "articles" / "copy.md").write_text("no front matter", encoding="utf-8")
    with pytest.raises(CorpusError) as by_catalog:
        read_catalog(corpus_copy)
    with pytest.raises(CorpusError) as by_loading:
        load_corpus(corpus_copy)
    assert by_catalog.value.problems == by_loading.value.problems and len(by_catalog.value.problems) == 2


def test_an_article_edited_during_a_run_is_reported_and_the_others_are_analysed(corpus_copy, tmp_path):
    """Its results would be stored under the key of the text catalogued, not the text analysed."""
    catalog = read_catalog(corpus_copy)
    edited = sorted((corpus_copy / "articles").glob("*.md"))[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA sentence added while the run went on.\n", encoding="utf-8")
    summary = analyze(catalog, results=tmp_path, steps=("readability",), progress=False, chunk_size=2)
    assert summary["readability"]["computed"] == 4 and summary["readability"]["failed"] == 1
    failure = summary["readability"]["failures"][0]
    assert failure.article_id == edited.stem and "changed while the corpus was being analysed" in failure.error
    assert edited.stem not in set(store.read_table(tmp_path, "readability")["article_id"])
    # the next run reads the edited text and analyses it
    again = analyze(read_catalog(corpus_copy), results=tmp_path, steps=("readability",), progress=False)
    assert again["readability"]["computed"] == 1 and again["readability"]["failed"] == 0
