"""Wall and CPU seconds of each analysis step, per article, in one ``analyze --workers 1`` run from scratch.

    python scripts/bench_steps.py --corpus DIR            # a corpus folder (default: the bundled corpus)
    python scripts/bench_steps.py --allsides 40 [--data DIR]   # the first N AllSides articles (a throwaway corpus)

Every step's function is timed where the engine calls it (in this process, one thread, per chunk of
:data:`~mediabias.pipeline.plan.CHUNK_SIZE` articles), into a fresh temporary results folder, so nothing is
cached and nothing is written into the repository. CPU seconds (``time.process_time``) move much less than wall
seconds when another job shares the machine; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

from mediabias.corpus import load_corpus
from mediabias.pipeline import analyze
from mediabias.pipeline import run as pipeline_run

STANCE_STEPS = ("irony", "holders", "stance", "writer_stance")


def timed_steps(seconds: dict):
    """The pipeline's steps with each function wrapped to add its ``[wall, cpu]`` seconds to ``seconds[name]``."""
    def wrap(step):
        def function(corpus, upstream):
            c0, t0 = time.process_time(), time.perf_counter()
            try:
                return step.function(corpus, upstream)
            finally:
                spent = seconds.setdefault(step.name, [0.0, 0.0])
                spent[0] += time.perf_counter() - t0
                spent[1] += time.process_time() - c0
        return dataclasses.replace(step, function=function)
    return tuple(wrap(s) for s in pipeline_run.STEPS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: the bundled corpus)")
    parser.add_argument("--allsides", type=int, metavar="N", help="analyse the first N AllSides articles instead")
    parser.add_argument("--data", help="datasets folder (default: $MEDIABIAS_DATA or ../shared/datasets)")
    args = parser.parse_args()
    seconds: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = args.corpus
        if args.allsides:
            from _allsides import allsides_folder  # scripts beside this one
            from bench_analyze import build_corpus

            src = allsides_folder(args.data)
            if src is None:
                return 2
            root = Path(tmp) / "corpus"
            build_corpus(root, src, args.allsides)
        corpus = load_corpus(root)
        pipeline_run.STEPS = timed_steps(seconds)
        c0, t0 = time.process_time(), time.perf_counter()
        summary = analyze(corpus, results=Path(tmp) / "results", workers=1, progress=False)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = len(corpus.articles)
    print(f"{n} articles, analyze --workers 1 from scratch: {wall:.1f} s wall, {cpu:.1f} s CPU; "
          f"{sum(s['failed'] for s in summary.values())} failed; load average at the end "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{'step':<22} {'wall s':>8} {'CPU s':>8} {'CPU s/article':>14}")
    for name, (w, c) in seconds.items():
        print(f"{name:<22} {w:8.2f} {c:8.2f} {c / n:14.3f}")
    w, c = (sum(seconds.get(s, [0, 0])[k] for s in STANCE_STEPS) for k in (0, 1))
    print(f"{'the four stance steps':<22} {w:8.2f} {c:8.2f} {c / n:14.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
