"""Issue 13, point 3: the same analysis in this process, on 2 embedded Dask workers, and on a 2-worker Dask
cluster started by hand gives byte-identical tables; a task whose worker dies is reported, not lost."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mediabias.corpus import load_corpus
from mediabias.pipeline.engine import SchedulerUnreachable, TaskFailed, run_tasks
from mediabias.pipeline import analyze

STEPS = ("actor_sentiment", "loaded_language")  # both networks, the parse, the attributions
BIN = Path(sys.executable).parent


def tables(results: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(results.glob("*.parquet"))}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def hand_started_cluster():
    """``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1``, as the README tells a user to start them."""
    address = f"tcp://127.0.0.1:{free_port()}"
    host, port = address.removeprefix("tcp://").split(":")
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", host, "--port", port, "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex((host, int(port))) == 0:
                    break
            time.sleep(0.2)
        procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                       "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)


@pytest.mark.slow  # 43 s on an idle machine: run with `pytest -m slow` (keeps `make test` within 6 min)
def test_one_worker_two_workers_and_a_hand_started_cluster_write_identical_tables(corpus_copy, tmp_path,
                                                                                   hand_started_cluster):
    corpus = load_corpus(corpus_copy)
    runs = {"in process": dict(workers=1), "2 workers": dict(workers=2),
            "cluster": dict(scheduler=hand_started_cluster)}
    written = {}
    for name, how in runs.items():
        summary = analyze(corpus, results=tmp_path / name.replace(" ", "-"), steps=STEPS, progress=False,
                          chunk_size=2, **how)  # 5 articles: 3 tasks
        assert summary["actor_sentiment"]["computed"] == len(corpus.articles), name
        written[name] = tables(tmp_path / name.replace(" ", "-"))
    assert set(written["in process"]) == {f"{s}.parquet" for s in ("segments", "attributions", *STEPS)}
    for name in ("2 workers", "cluster"):
        differ = [t for t in written["in process"] if written[name][t] != written["in process"][t]]
        assert not differ, f"{name}: {differ} differ from the in-process tables"


def raise_or_die(label: str) -> str:
    if label == "raises":
        raise ValueError("broken on purpose")
    if label == "dies":
        os._exit(3)  # the worker process is gone without a word; Dask restarts it and retries, then gives up
    return label.upper()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_task_that_raises_is_reported_and_the_others_finish(workers):
    found = dict(run_tasks(raise_or_die, [("a", ("a",)), ("raises", ("raises",)), ("b", ("b",))], workers=workers))
    assert found["a"] == "A" and found["b"] == "B"
    assert found["raises"] == TaskFailed("raises", "ValueError: broken on purpose")


def test_a_task_whose_worker_dies_is_reported_after_the_retries():
    found = dict(run_tasks(raise_or_die, [("a", ("a",)), ("dies", ("dies",))], workers=2))
    assert found["a"] == "A"
    assert isinstance(found["dies"], TaskFailed) and found["dies"].error.startswith("KilledWorker")


def test_bad_worker_counts_and_scheduler_addresses_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        run_tasks(raise_or_die, [], workers=0)
    with pytest.raises(SchedulerUnreachable, match="should look like tcp://HOST:PORT"):
        run_tasks(raise_or_die, [("a", ("a",))], scheduler="localhost:8786")


def test_a_task_in_this_process_computes_with_one_thread_in_every_pool():
    """numpy's OpenBLAS (spaCy's parser multiplies with it) takes its thread count when numpy is imported, long
    before a task sets the environment: `--workers 1` ran its parse on every core, unlike a Dask worker."""
    import numpy  # noqa: F401  (loads OpenBLAS, with one thread per core unless told otherwise)
    from threadpoolctl import threadpool_info, threadpool_limits

    from mediabias.pipeline.engine import single_threaded

    with threadpool_limits(2):
        assert {pool["num_threads"] for pool in threadpool_info() if pool["internal_api"] == "openblas"} == {2}
        single_threaded()
        assert {pool["num_threads"] for pool in threadpool_info()} == {1}
