"""Issue 26, point 2: every cached result carries the SHA-256 of its bytes and is checked when read. A part with a
flipped byte, cut short, or without its checksum is reported in one line naming it and computed again, never used
and never a traceback; a damaged step table is reported and rewritten, and never read by a notebook."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from mediabias.pipeline import store
from mediabias.corpus import load_corpus
from mediabias.pipeline import analyze

STEPS = ("readability",)  # cheap; pulls in the segments
RUN = ("segments", *STEPS)


def table(aid: str, n: int) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [aid] * n, "x": np.arange(n, dtype=float), "word": [f"{aid}-{i}" for i in range(n)]})


def flip_byte(path, where: float = 0.5) -> None:
    """Flip the lowest bit of one byte of ``path`` (at ``where`` of its length), in place."""
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    path.write_bytes(bytes(data))


def truncate(path, keep: float = 0.6) -> None:
    path.write_bytes(path.read_bytes()[: int(path.stat().st_size * keep)])


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def tables(results) -> dict[str, bytes]:
    return {step: (results / f"{step}.parquet").read_bytes() for step in RUN}


@pytest.fixture()
def analysed(corpus_copy):
    """The bundled corpus analysed (segments, readability), and the bytes of its clean tables."""
    summary = analyze(load_corpus(corpus_copy), steps=STEPS, progress=False, chunk_size=2)
    assert summary["segments"]["computed"] == 5
    return corpus_copy, tables(corpus_copy / "results")


# ---------------------------------------------------------------------------------------------- the store
def test_every_written_file_has_its_checksum_beside_it(tmp_path):
    part = store.write_part(tmp_path, "step", {"a": table("a", 2)}, {"a": "k"})
    side = store.checksum_path(part)
    assert side.name == part.name + ".sha256"
    digest, name = side.read_text().split()
    assert (digest, name) == (store.file_digest(part), part.name)  # `sha256sum -c` format
    store.atomic_parquet(table("a", 2), tmp_path / "step.parquet")
    assert store.verify(tmp_path / "step.parquet") == tmp_path / "step.parquet"


@pytest.mark.parametrize("damage", ["flip", "truncate", "no checksum", "bad checksum file", "empty"])
def test_a_damaged_part_is_reported_by_name_deleted_and_left_out_of_the_index(tmp_path, caplog, damage):
    good = store.write_part(tmp_path, "step", {"a": table("a", 3), "b": table("b", 2)}, {"a": "k", "b": "k"})
    bad = store.write_part(tmp_path, "step", {"c": table("c", 40)}, {"c": "k"})
    if damage == "flip":
        flip_byte(bad)
    elif damage == "truncate":
        truncate(bad)
    elif damage == "no checksum":
        store.checksum_path(bad).unlink()
    elif damage == "bad checksum file":
        store.checksum_path(bad).write_text("not a digest\n")
    else:
        bad.write_bytes(b"")
    store._VERIFIED.clear()  # a new process: nothing verified yet
    with caplog.at_level(logging.WARNING):
        index = store.read_index(tmp_path, "step")
    assert index == {("a", "k"): good, ("b", "k"): good}
    [message] = warnings_of(caplog)
    assert "\n" not in message
    assert bad.name in message and "computed again" in message
    assert not bad.exists() and not store.checksum_path(bad).exists()
    assert store.read_index(tmp_path, "step") == index  # said once: the part is gone


def test_parts_without_checksums_are_reported_in_one_line_per_step(tmp_path, caplog):
    parts = [store.write_part(tmp_path, "step", {aid: table(aid, 2)}, {aid: "k"}) for aid in "abcd"]
    for part in parts:
        store.checksum_path(part).unlink()
    with caplog.at_level(logging.WARNING):
        assert store.read_index(tmp_path, "step") == {}
    [message] = warnings_of(caplog)
    assert message.startswith("warning: 4 cached part(s) of step have no checksum") and sorted(p.name for p in parts)[0] in message


def test_a_part_damaged_after_it_was_checked_is_never_read(tmp_path):
    part = store.write_part(tmp_path, "step", {"a": table("a", 30)}, {"a": "k"})
    assert store.read_articles(part, ["a"])["a"]["word"].tolist()[:2] == ["a-0", "a-1"]
    flip_byte(part)
    with pytest.raises(store.DamagedFile, match=f"{part.name} does not match its checksum"):
        store.read_articles(part, ["a"])
    with pytest.raises(store.DamagedFile):
        list(store.iter_rows([("a", part)]))


def test_a_damaged_step_table_is_not_read(tmp_path):
    store.atomic_parquet(table("a", 30), tmp_path / "step.parquet")
    truncate(tmp_path / "step.parquet")
    with pytest.raises(store.DamagedFile, match="step.parquet does not match its checksum"):
        store.read_table(tmp_path, "step")
    assert store.damage(tmp_path / "step.parquet") == "does not match its checksum (damaged or truncated)"


def test_a_checksum_whose_file_is_gone_is_litter(tmp_path):
    part = store.write_part(tmp_path, "step", {"a": table("a", 2)}, {"a": "k"})
    part.unlink()  # a run killed between writing the checksum and renaming the part into place
    kept = store.write_part(tmp_path, "step", {"b": table("b", 2)}, {"b": "k"})
    assert store.remove_stale_temporaries(tmp_path) == [store.checksum_path(part)]
    assert store.checksum_path(kept).exists() and not store.checksum_path(part).exists()


# ---------------------------------------------------------------------------------------------- the pipeline
@pytest.mark.parametrize("damage", [flip_byte, truncate])
def test_a_damaged_segments_part_is_recomputed_and_the_tables_equal_the_clean_ones(analysed, caplog, damage):
    corpus, clean = analysed
    results = corpus / "results"
    parts = sorted((results / "cache" / "segments").glob("*.parquet"))
    assert len(parts) == 3  # 5 articles in chunks of 2
    bad = parts[1]
    held = len(store.part_entries(bad))
    damage(bad)
    store._VERIFIED.clear()
    with caplog.at_level(logging.WARNING):
        summary = analyze(load_corpus(corpus), steps=STEPS, progress=False, chunk_size=2)
    [message] = warnings_of(caplog)
    assert str(bad) in message and "computed again" in message
    assert summary["segments"]["computed"] == held and summary["segments"]["cached"] == 5 - held
    assert summary["readability"]["computed"] == 0  # its own parts are sound and keyed by the article, not the part
    assert tables(results) == clean
    caplog.clear()
    analyze(load_corpus(corpus), steps=STEPS, progress=False, chunk_size=2)
    assert warnings_of(caplog) == []  # repaired for good


def test_a_damaged_step_table_is_reported_and_rewritten(analysed, caplog):
    corpus, clean = analysed
    results = corpus / "results"
    flip_byte(results / "segments.parquet")
    store._VERIFIED.clear()
    with pytest.raises(store.DamagedFile):  # a reader never gets it
        store.read_table(results, "segments")
    with caplog.at_level(logging.WARNING):
        summary = analyze(load_corpus(corpus), steps=STEPS, progress=False, chunk_size=2)
    [message] = warnings_of(caplog)
    assert message == (f"warning: step table {results / 'segments.parquet'} does not match its checksum "
                       "(damaged or truncated): rewritten from the cached parts")
    assert summary["segments"]["computed"] == 0
    assert tables(results) == clean


def test_the_command_warns_in_one_line_and_exits_0(analysed):
    corpus, clean = analysed
    results = corpus / "results"
    bad = sorted((results / "cache" / "segments").glob("*.parquet"))[0]
    truncate(bad, keep=0.3)  # once an ArrowInvalid traceback on every rerun
    command = [sys.executable, "-m", "mediabias", "analyze", "--corpus", str(corpus), "--steps", *STEPS, "--quiet",
               "--workers", "1", "--chunk-size", "2"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines == [f"warning: cached part {bad} does not match its checksum (damaged or truncated): deleted, "
                     "its articles are computed again"]
    assert "Traceback" not in run.stderr
    assert tables(results) == clean


# ---------------------------------------------------------------------------------------------- fuzz
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

DAMAGE = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 0.9999), st.integers(1, 255)),      # one byte changed anywhere
    st.tuples(st.just("truncate"), st.floats(0, 0.9999), st.just(0)),           # cut short anywhere
    st.tuples(st.just("append"), st.floats(0, 1), st.integers(0, 255)),         # a byte added at the end
    st.tuples(st.just("checksum"), st.floats(0, 0.9999), st.integers(1, 255)),  # the checksum file changed
)


@settings(max_examples=400, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=DAMAGE)
def test_fuzz_any_damage_to_a_part_or_its_checksum_leaves_it_out_and_never_raises(tmp_path_factory, damage):
    results = tmp_path_factory.mktemp("fuzz")
    good = store.write_part(results, "step", {"a": table("a", 3)}, {"a": "k"})
    bad = store.write_part(results, "step", {"b": table("b", 20), "c": table("c", 5)}, {"b": "k", "c": "k"})
    kind, where, value = damage
    target = store.checksum_path(bad) if kind == "checksum" else bad
    data = bytearray(target.read_bytes())
    if kind in ("flip", "checksum"):
        data[int(len(data) * where)] ^= value
    elif kind == "truncate":
        del data[int(len(data) * where):]
    else:
        data.append(value)
    target.write_bytes(bytes(data))
    store._VERIFIED.clear()
    logging.disable(logging.WARNING)
    try:
        index = store.read_index(results, "step")
    finally:
        logging.disable(logging.NOTSET)
    assert index == {("a", "k"): good}
    assert not bad.exists()
