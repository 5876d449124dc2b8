"""Issue 13, point 6 (one machine): an article that raises is reported without losing the run, and a run killed
at any moment leaves whole tables only; the next run computes only what was not finished."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from mediabias.cli import main
from mediabias.corpus import load_corpus
from mediabias.pipeline import AnalysisError, analyze, load_results, store
from mediabias.pipeline import steps as declared
from mediabias.pipeline.failures import failures

STEPS = ("readability", "attributions")  # cheap steps; they pull in the segments
RUN = ("segments", *STEPS)


def article_ids(corpus: Path) -> list[str]:
    return list(load_corpus(corpus).articles["article_id"])


def raising_for(article_id: str, real):
    """``real``, except that it raises for any corpus that holds ``article_id`` (a batch of articles or it alone)."""
    def instrument(corpus, *args, **kwargs):
        if article_id in set(corpus.articles["article_id"]):
            raise ValueError(f"broken on purpose for {article_id}")
        return real(corpus, *args, **kwargs)
    return instrument


def summary_counts(stdout: str) -> dict[str, tuple[int, int]]:
    """``{step: (computed, cached)}`` from the lines ``mediabias analyze`` prints."""
    found = re.findall(r"^  (\w+)\s+computed\s+(\d+)\s+cached\s+(\d+)", stdout, flags=re.M)
    return {step: (int(c), int(k)) for step, c, k in found}


def test_one_article_that_raises_is_reported_and_the_others_are_written(corpus_copy, monkeypatch, capsys):
    ids = article_ids(corpus_copy)
    bad = ids[2]
    monkeypatch.setattr(declared, "attributions", raising_for(bad, declared.attributions))
    assert main(["analyze", "--corpus", str(corpus_copy), "--steps", *STEPS, "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert f"{bad} in attributions: ValueError: broken on purpose for {bad}" in err
    assert [line for line in err.splitlines() if line.startswith("  ")] == [
        f"  {bad} in attributions: ValueError: broken on purpose for {bad}"]
    assert summary_counts(out)["attributions"] == (len(ids) - 1, 0)
    results = corpus_copy / "results"
    assert set(pd.read_parquet(results / "attributions.parquet")["article_id"]) == set(ids) - {bad}
    for step in ("segments", "readability"):  # steps that do not read attributions keep every article
        assert set(pd.read_parquet(results / f"{step}.parquet")["article_id"]) == set(ids)

    with pytest.raises(AnalysisError, match=f"{bad} in attributions: ValueError"):
        load_results(corpus_copy, steps=STEPS)

    monkeypatch.undo()  # the cause fixed: the rerun computes only the article that failed
    assert main(["analyze", "--corpus", str(corpus_copy), "--steps", *STEPS, "--quiet"]) == 0
    assert summary_counts(capsys.readouterr().out)["attributions"] == (1, len(ids) - 1)
    assert set(pd.read_parquet(results / "attributions.parquet")["article_id"]) == set(ids)


def test_an_article_whose_segments_fail_is_absent_from_the_steps_given_them(corpus_copy, monkeypatch):
    ids = article_ids(corpus_copy)
    bad = ids[0]
    monkeypatch.setattr(declared, "segments", raising_for(bad, declared.segments))
    summary = analyze(load_corpus(corpus_copy), steps=("readability",), progress=False)
    found = {(f.step, f.article_id) for f in failures(summary)}
    assert found == {("segments", bad), ("readability", bad)}
    readability = next(f for f in summary["readability"]["failures"])
    assert "needs segments" in readability.error
    for step in ("segments", "readability"):
        table = pd.read_parquet(corpus_copy / "results" / f"{step}.parquet")
        assert set(table["article_id"]) == set(ids) - {bad}


def test_stale_temporaries_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / "cache" / "segments" / f".0123456789abcdef.parquet.{dead.pid}.tmp"
    live = tmp_path / "cache" / "segments" / f".fedcba9876543210.parquet.{os.getpid()}.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"PAR1 partial")
    live.write_bytes(b"PAR1 being written")
    assert store.remove_stale_temporaries(tmp_path) == [stale]
    assert not stale.exists() and live.exists()


@pytest.mark.slow  # 24 s on an idle machine: run with `pytest -m slow` (keeps `make test` within 6 min)
def test_a_killed_run_leaves_whole_tables_and_the_next_run_resumes(corpus_copy, tmp_path):
    ids = article_ids(corpus_copy)
    shutil.rmtree(corpus_copy / "results", ignore_errors=True)  # nothing cached by the tests before this one
    reference = tmp_path / "reference"
    analyze(load_corpus(corpus_copy), results=reference, steps=STEPS, progress=False)  # uninterrupted

    command = [sys.executable, "-m", "mediabias", "analyze", "--corpus", str(corpus_copy), "--steps", *STEPS, "--quiet",
               "--chunk-size", "1"]  # a part per article: the kill lands between them
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    cache = corpus_copy / "results" / "cache" / "segments"
    deadline = time.monotonic() + 300
    while not list(cache.glob("*.parquet")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before its first segments were cached"
    proc.send_signal(signal.SIGKILL)
    proc.communicate()

    results = corpus_copy / "results"
    for path in results.rglob("*.parquet"):  # whatever was written is whole
        pd.read_parquet(path)
    finished = len(store.read_index(results, "segments"))  # articles in the parts written before the kill
    assert 1 <= finished <= len(ids)
    if finished < len(ids):  # killed mid-step (the usual case): the step's table is written after its last article
        assert not (results / "segments.parquet").exists()
    # a write cut by the kill: the temporary of a process that is gone
    litter = cache / f".0123456789abcdef.parquet.{proc.pid}.tmp"
    litter.write_bytes(b"PAR1 partial")

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    counts = summary_counts(rerun.stdout)
    assert counts["segments"] == (len(ids) - finished, finished)
    assert not list(results.rglob("*.tmp"))
    for step in RUN:
        pd.testing.assert_frame_equal(pd.read_parquet(results / f"{step}.parquet"),
                                      pd.read_parquet(reference / f"{step}.parquet"))
