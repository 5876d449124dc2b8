"""``mediabias analyze``: compute every analysis table into the results directory (incremental)."""

from __future__ import annotations

import argparse
import os
import sys

from mediabias import paths
from mediabias.corpus.articles import CorpusError
from mediabias.corpus.catalog import read_catalog
from mediabias.pipeline import STEP_NAMES, analyze, store
from mediabias.pipeline.engine import SchedulerUnreachable
from mediabias.pipeline.failures import failure_report, failures
from mediabias.pipeline.plan import CHUNK_SIZE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="compute every analysis table (cached per article) as Parquet; "
                       "exit status 1 when some article could not be analysed (listed)")
    p.add_argument("--corpus", help="corpus directory (default: the bundled corpus/)")
    p.add_argument("--results", help="results directory (default: results/ inside the corpus directory)")
    p.add_argument("--steps", nargs="*", choices=STEP_NAMES, help="only these steps (and what they need)")
    p.add_argument("--workers", type=positive, default=os.cpu_count() or 1,
                   help="worker processes on an embedded Dask cluster (default: this machine's cores, "
                        f"{os.cpu_count() or 1}); 1 computes in this process")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="send the work to this running Dask scheduler instead (see the README)")
    p.add_argument("--chunk-size", type=positive, default=CHUNK_SIZE, metavar="N",
                   help=f"articles per task (default {CHUNK_SIZE}): larger batches the models better, smaller "
                        "loses less to a killed run and spreads the work more evenly over the workers")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.set_defaults(func=run)


def positive(text: str) -> int:
    """``--workers``, ``--chunk-size``: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    import pyarrow

    # Arrow's default allocator (mimalloc) keeps what the command frees while it streams the step tables, so its
    # memory grew with the corpus (263 MiB at 2,000 articles against 183 MiB with the system allocator)
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    try:
        corpus = read_catalog(args.corpus)  # one row per article: the texts are read chunk by chunk
    except CorpusError as exc:
        print(f"error: {exc}\nfix these (see `mediabias validate`) and rerun", file=sys.stderr)
        return 2
    results = Path(args.results) if args.results else paths.results_dir(corpus.directory)
    try:
        summary = analyze(corpus, results=results, steps=tuple(args.steps) if args.steps else None,
                          progress=not args.quiet, workers=args.workers, scheduler=args.scheduler,
                          chunk_size=args.chunk_size)
    except SchedulerUnreachable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except store.DamagedFile as exc:  # changed on disk after it was checked, during this run
        print(f"error: {exc}; rerun `mediabias analyze` (a damaged part is computed again)", file=sys.stderr)
        return 2
    except OSError as exc:  # read-only or full results folder: analyze removed its temporary files
        where = exc.filename or results
        print(f"error: cannot write the results to {results} ({exc.strerror or exc}: {where}); "
              "free space or choose another folder with --results", file=sys.stderr)
        return 2
    print(f"{len(corpus.articles)} articles → {results}")
    for step, s in summary.items():
        failed = f"  failed {s['failed']:>5}" if s["failed"] else ""
        print(f"  {step:<16} computed {s['computed']:>5}  cached {s['cached']:>5}{failed}  {s['seconds']:>8.2f} s")
    found = failures(summary)
    if found:  # after everything else was written: rerunning recomputes only these
        print(f"error: {failure_report(found)}\nfix the cause and rerun `mediabias analyze` (only these are recomputed)",
              file=sys.stderr)
        return 1
    return 0
