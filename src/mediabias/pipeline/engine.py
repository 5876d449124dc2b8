"""Run independent tasks in this process or on Dask workers, yielding each result as it is finished.

The analysis (:mod:`mediabias.pipeline`) cuts a corpus into chunks of articles and hands each chunk to
:func:`run_tasks`. Three ways to run the same tasks, chosen by the caller:

* ``workers=1`` (no scheduler): one after the other in this process; the models load once, here.
* ``workers=N``: an embedded Dask ``LocalCluster`` of N worker processes, one thread each; each worker loads the
  models once (they are cached per process) and keeps them for every chunk it is given.
* ``scheduler="tcp://HOST:PORT"``: a running Dask cluster (``dask scheduler`` and ``dask worker``, started in an
  environment with mediabias installed; see the README).

Every task computes with one thread (:func:`single_threaded`): a network's floating-point result depends on
how many threads split its sums, so a fixed count is what makes 1 worker, N workers and a remote cluster give
byte-identical tables. A task that raises, or whose worker dies more often than Dask retries it, comes back
as an :class:`TaskFailed` result instead of ending the run.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

THREAD_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def single_threaded() -> None:
    """Compute with one thread in this process: PyTorch's intra-op pool, the BLAS and OpenMP pools already loaded
    (numpy's OpenBLAS, which spaCy's parser multiplies with, read its thread count when numpy was imported, so
    the environment alone left it at one thread per core), and those loaded later."""
    for key in THREAD_ENV:
        os.environ[key] = "1"
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    torch = sys.modules.get("torch")  # only when already imported: importing it here would cost seconds
    if torch is not None and torch.get_num_threads() != 1:
        torch.set_num_threads(1)


@dataclasses.dataclass(frozen=True)
class TaskFailed:
    """A task that could not be run to its end: the task's label and the error."""

    label: str
    error: str


def _in_process(function: Callable, tasks: Iterable[tuple[str, tuple]]) -> Iterator[tuple[str, Any]]:
    for label, args in tasks:
        single_threaded()
        try:
            yield label, function(*args)
        except Exception as exc:  # as on Dask: reported, and the other tasks still run
            yield label, TaskFailed(label, f"{type(exc).__name__}: {exc}")


def _threaded_call(function: Callable, *args):
    single_threaded()
    return function(*args)


class SchedulerUnreachable(RuntimeError):
    """No Dask scheduler answers at the address given."""


def _client(workers: int, scheduler: str | None):
    from distributed import Client, LocalCluster  # deferred: Dask starts only when workers are asked for

    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise SchedulerUnreachable(f"no Dask scheduler answers at {scheduler} ({exc}); start one with "
                                       "`dask scheduler` and its workers with `dask worker ADDRESS`") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


def _on_dask(function: Callable, tasks: Iterator[tuple[str, tuple]], workers: int, scheduler: str | None,
             window: int) -> Iterator[tuple[str, Any]]:
    from distributed import as_completed  # deferred: as above

    client, cluster = _client(workers, scheduler)
    if scheduler:  # a running cluster: keep each of its worker threads busy
        window = max(window, 2 * sum(client.nthreads().values()))
    try:
        futures: dict = {}
        pending = as_completed()

        def submit_next() -> bool:
            for label, args in tasks:
                future = client.submit(_threaded_call, function, *args, key=f"mediabias-{label}", pure=False)
                futures[future] = label
                pending.add(future)
                return True
            return False

        while len(futures) < window and submit_next():
            pass
        for future in pending:
            label = futures.pop(future)
            try:
                yield label, future.result()
            except Exception as exc:  # raised in the task, or its worker died too often (KilledWorker)
                yield label, TaskFailed(label, f"{type(exc).__name__}: {exc}")
            future.release()
            submit_next()  # one finished, one more in flight: the data of at most `window` tasks is held
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _unique(tasks: Iterable[tuple[str, tuple]]) -> Iterator[tuple[str, tuple]]:
    seen = set()
    for label, args in tasks:
        if label in seen:
            raise ValueError(f"task labels must be unique ({label!r} twice)")
        seen.add(label)
        yield label, args


def run_tasks(function: Callable, tasks: Iterable[tuple[str, tuple]], *, workers: int = 1,
              scheduler: str | None = None, window: int | None = None) -> Iterator[tuple[str, Any]]:
    """``(label, function(*args))`` for every ``(label, args)`` of ``tasks``, in the order they finish.

    ``tasks`` may be a generator: its items are made only when they are about to run, so a caller can read a
    task's inputs just before it is sent and the memory held stays that of the tasks in flight.

    Args:
        function: a module-level function (it is sent to the workers by reference).
        tasks: labelled argument tuples; labels must be unique.
        workers: worker processes (1: in this process, no Dask).
        scheduler: address of a running Dask scheduler (then ``workers`` is ignored).
        window: at most this many tasks sent and not yet collected (default: twice the workers, at least 2).
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if scheduler is not None and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise SchedulerUnreachable(f"scheduler address {scheduler!r} should look like tcp://HOST:PORT")
    if isinstance(tasks, (list, tuple)):
        if len({label for label, _ in tasks}) != len(tasks):
            raise ValueError("task labels must be unique")
        if not tasks:
            return iter(())
        if scheduler is None and len(tasks) == 1:
            return _in_process(function, tasks)
    if scheduler is None and workers == 1:
        return _in_process(function, _unique(tasks))
    return _on_dask(function, _unique(iter(tasks)), workers, scheduler, window or max(2, 2 * workers))
