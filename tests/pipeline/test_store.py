"""Issue 13, points 2 and 5: results are stored in batches (one part per step and chunk, not one file per article),
read back by article without loading the rest, pruned of outdated rows; a chunk computed together gives the
tables each article gives alone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from mediabias.pipeline import store
from mediabias.corpus import load_corpus
from mediabias.pipeline import STEP_NAMES, analyze


def table(aid: str, n: int) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [aid] * n, "x": np.arange(n, dtype=float), "word": [f"{aid}-{i}" for i in range(n)]})


def test_a_part_holds_several_articles_even_those_without_rows(tmp_path):
    tables = {"a": table("a", 2), "b": table("b", 0), "c": table("c", 3)}
    path = store.write_part(tmp_path, "step", tables, {"a": "k1", "b": "k2", "c": "k3"})
    assert path.parent == tmp_path / "cache" / "step"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, path.name + ".sha256"]  # one part, its checksum
    assert store.part_entries(path) == {"a": "k1", "b": "k2", "c": "k3"}
    assert store.read_index(tmp_path, "step") == {("a", "k1"): path, ("b", "k2"): path, ("c", "k3"): path}
    rows = store.read_articles(path, ["c", "b", "a"])
    assert rows["c"]["word"].tolist() == ["c-0", "c-1", "c-2"] and rows["b"].empty and len(rows["a"]) == 2
    # the same entries always make the same file name
    assert store.write_part(tmp_path, "step", tables, {"a": "k1", "b": "k2", "c": "k3"}) == path


def test_a_part_of_articles_that_all_found_nothing(tmp_path):
    path = store.write_part(tmp_path, "step", {"a": pd.DataFrame(), "b": pd.DataFrame()}, {"a": "k", "b": "k"})
    assert store.read_articles(path, ["a", "b"])["b"].empty
    assert set(store.read_index(tmp_path, "step")) == {("a", "k"), ("b", "k")}


def test_prune_drops_outdated_entries_and_rewrites_mixed_parts(tmp_path):
    old = store.write_part(tmp_path, "step", {"a": table("a", 1), "b": table("b", 2)}, {"a": "old", "b": "k"})
    gone = store.write_part(tmp_path, "step", {"c": table("c", 1)}, {"c": "old"})
    new = store.write_part(tmp_path, "step", {"a": table("a", 4)}, {"a": "new"})
    index = store.prune(tmp_path, "step", {("a", "new"), ("b", "k")})
    assert set(index) == {("a", "new"), ("b", "k")}
    assert not old.exists() and not gone.exists() and new.exists()
    assert store.read_articles(index[("b", "k")], ["b"])["b"]["word"].tolist() == ["b-0", "b-1"]
    assert store.part_entries(index[("b", "k")]) == {"b": "k"}


def test_prune_given_the_callers_index_gives_the_index_read_from_the_footers(tmp_path):
    store.write_part(tmp_path, "step", {"a": table("a", 1), "b": table("b", 2)}, {"a": "old", "b": "k"})
    store.write_part(tmp_path, "step", {"a": table("a", 4)}, {"a": "new"})
    index = store.prune(tmp_path, "step", {("a", "new"), ("b", "k")}, store.read_index(tmp_path, "step"))
    assert index == store.read_index(tmp_path, "step")


def test_assemble_is_each_articles_rows_concatenated_in_the_order_given(tmp_path):
    first = store.write_part(tmp_path, "step", {"a": table("a", 2), "b": table("b", 0), "c": table("c", 3)},
                             {"a": "k", "b": "k", "c": "k"})
    later = store.write_part(tmp_path, "step", {"n": table("n", 2)}, {"n": "k"})  # an article added since
    outdated = store.write_part(tmp_path, "step", {"c": table("c", 5)}, {"c": "old"})
    rows_of = [("a", first), ("n", later), ("b", first), ("c", first)]  # n sits between a and c in the corpus
    expected = pd.concat([store.read_articles(p, [aid])[aid] for aid, p in rows_of], ignore_index=True)
    got = store.assemble(rows_of)
    pd.testing.assert_frame_equal(got, expected)
    assert got["word"].tolist() == ["a-0", "a-1", "n-0", "n-1", "c-0", "c-1", "c-2"]
    assert store.assemble([("c", outdated)])["x"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert store.assemble([("b", first)]).empty and list(store.assemble([("b", first)]).columns) == ["article_id", "x", "word"]


def test_a_step_table_is_streamed_to_its_file_as_assemble_would_build_it(tmp_path):
    """Issue 13, point 6: the command never holds a step's whole table; the streamed file reads back as the
    assembled table, here with parts interleaved (an article added between others), a column null in one part
    and an integer column that another part makes float, written in row groups of two rows."""
    first = store.write_part(tmp_path, "step", {"a": table("a", 2), "b": table("b", 0), "c": table("c", 3)},
                             {"a": "k", "b": "k", "c": "k"})
    later_rows = table("n", 3).assign(x=[7, 8, 9], word=[None, None, None])  # int x, an all-null word column
    later = store.write_part(tmp_path, "step", {"n": later_rows}, {"n": "k"})
    rows_of = [("a", first), ("n", later), ("b", first), ("c", first)]
    rows = store.write_table(rows_of, tmp_path / "step.parquet", batch_rows=2)
    got = pd.read_parquet(tmp_path / "step.parquet")
    expected = store.assemble(rows_of)  # concatenating frames made the words object (a part had no words):
    assert expected["word"].dtype == object  # the streamed table keeps the step's string dtype whatever the parts
    assert got["word"].dtype == store.assemble(rows_of[:1])["word"].dtype != object
    pd.testing.assert_frame_equal(got, expected.astype({"word": got["word"].dtype}))
    assert rows == 8 and got["x"].tolist() == [0.0, 1.0, 7.0, 8.0, 9.0, 0.0, 1.0, 2.0]
    assert pq.ParquetFile(tmp_path / "step.parquet").num_row_groups > 1
    store.write_table(rows_of, tmp_path / "by_bytes.parquet", batch_bytes=1)  # a row group per run of one part
    assert pq.ParquetFile(tmp_path / "by_bytes.parquet").num_row_groups == 3
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "by_bytes.parquet"), got)
    # only the asked columns are read, a run of one part at a time
    batches = list(store.iter_rows(rows_of, columns=["word"]))
    assert [b.column_names for b in batches] == [["article_id", "word"]] * 3
    assert [b["article_id"].to_pylist() for b in batches] == [["a", "a"], ["n", "n", "n"], ["c", "c", "c"]]


def test_a_streamed_table_is_transformed_batch_by_batch_and_never_left_half_written(tmp_path):
    part = store.write_part(tmp_path, "step", {"a": table("a", 3), "b": table("b", 2)}, {"a": "k", "b": "k"})
    rows_of = [("a", part), ("b", part)]
    store.write_table(rows_of, tmp_path / "step.parquet", transform=lambda df: df.assign(word=df["word"].str.upper()),
                      batch_rows=1)
    assert pd.read_parquet(tmp_path / "step.parquet")["word"].tolist() == ["A-0", "A-1", "A-2", "B-0", "B-1"]

    def breaks(df):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        store.write_table(rows_of, tmp_path / "step.parquet", transform=breaks)
    assert pd.read_parquet(tmp_path / "step.parquet")["word"].tolist()[0] == "A-0"  # the old table, whole
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_streamed_table_of_articles_without_rows_keeps_their_columns(tmp_path):
    part = store.write_part(tmp_path, "step", {"a": table("a", 0), "b": table("b", 0)}, {"a": "k", "b": "k"})
    assert store.write_table([("a", part), ("b", part)], tmp_path / "step.parquet") == 0
    got = pd.read_parquet(tmp_path / "step.parquet")
    assert got.empty and list(got.columns) == ["article_id", "x", "word"]


def test_read_table_filters_articles_inside_the_file(tmp_path):
    df = pd.concat([table("a", 2), table("b", 3), table("c", 1)], ignore_index=True)
    store.atomic_parquet(df, tmp_path / "step.parquet")
    assert store.read_table(tmp_path, "step", article_ids=["c", "a"])["word"].tolist() == ["a-0", "a-1", "c-0"]
    assert store.read_table(tmp_path, "step", article_ids=[]).empty
    pd.testing.assert_frame_equal(store.read_table(tmp_path, "step"), df)


def test_a_corpus_is_stored_as_one_part_per_step_and_chunk(corpus_copy, tmp_path):
    summary = analyze(load_corpus(corpus_copy), results=tmp_path, steps=("readability",), progress=False, chunk_size=2)
    assert summary["readability"]["computed"] == 5
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["readability", "segments"]
    for step in ("segments", "readability"):
        assert len(list((tmp_path / "cache" / step).glob("*.parquet"))) == 3  # 5 articles in chunks of 2
        assert len(store.read_index(tmp_path, step)) == 5


@pytest.mark.slow  # 39 s on an idle machine: run with `pytest -m slow` (keeps `make test` within 6 min)
def test_articles_computed_together_give_the_tables_of_each_article_computed_alone(corpus_copy, tmp_path):
    """The old per-article run (chunks of one) against the batched run on the bundled corpus, column by column:
    the same rows and values; network outputs may move in the last bits of float32 (padding in a batch)."""
    corpus = load_corpus(corpus_copy)
    alone, together = tmp_path / "alone", tmp_path / "together"
    analyze(corpus, results=alone, progress=False, chunk_size=1)
    analyze(corpus, results=together, progress=False, chunk_size=8)
    for step in STEP_NAMES:
        a, b = pd.read_parquet(alone / f"{step}.parquet"), pd.read_parquet(together / f"{step}.parquet")
        assert list(a.columns) == list(b.columns) and len(a) == len(b), step
        for col in a.columns:
            if a[col].dtype.kind == "f":
                np.testing.assert_allclose(b[col].to_numpy(), a[col].to_numpy(), atol=1e-5, err_msg=f"{step}.{col}")
            else:
                assert a[col].equals(b[col]), f"{step}.{col}"


def test_chunks_are_sent_largest_first_and_only_remaining_work_counts():
    from mediabias.pipeline.plan import largest_first

    corpus = load_corpus()
    length = dict(zip(corpus.articles["article_id"], corpus.articles["text"].str.len()))
    ids = list(length)
    todo = {aid: ["segments", "frames"] for aid in ids}
    order = largest_first([[aid] for aid in ids], length, todo)
    assert [c[0] for c in order] == sorted(ids, key=lambda a: -length[a])
    longest = order[0][0]
    todo[longest] = []  # already computed: nothing left to do, so it goes last
    assert largest_first([[aid] for aid in ids], length, todo)[-1] == [longest]


def test_chunks_hold_at_most_so_many_articles_and_characters():
    """A worker's memory follows its largest chunk: long articles go in smaller chunks, a very long one alone."""
    from mediabias.pipeline.plan import plan_chunks

    ids = list("abcdefgh")
    todo = {aid: ["frames"] for aid in ids} | {"c": []}  # c is computed already
    length = dict.fromkeys(ids, 10) | {"e": 100, "f": 30}
    assert plan_chunks(ids, todo, 3) == [["a", "b", "d"], ["e", "f", "g"], ["h"]]
    assert plan_chunks(ids, todo, 8, length, max_chars=50) == [["a", "b", "d"], ["e"], ["f", "g", "h"]]
