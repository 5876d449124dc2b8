"""Benchmark: `mediabias analyze` on growing AllSides corpora, with time, peak memory and failures.

For each N of ``--n`` (for example 200 2000 5000), builds a corpus of the first N AllSides articles (at least 80
words; ``allsides-articles/articles.jsonl.gz`` under the datasets folder; the corpus goes to ``--work``, default
a temporary folder, never into the repository), runs ``mediabias analyze --workers W`` on it in a child process,
and prints:

* wall time, seconds per article and articles per minute;
* peak resident memory of the command's own process and of its largest worker (sampled every 0.2 s);
* the failures it reported;
* then adds the next article and runs again: the time of the incremental run, as a share of the full one.

With ``--log FILE`` a line is added to FILE every ``--log-every`` seconds (default 30) while the command runs: the
time, the seconds since it started, the 1-minute load average, the command's RSS, each worker's pid, RSS and share of
a core since the line before, and the parts written so far for the ``segments`` step (one per finished chunk, read
from ``results/cache/segments/``): a stalled run shows which worker stopped or kept computing, and from when.

With ``--resume-from DIR`` the results folder of an earlier, smaller run of the same articles is copied first, so
only the new articles are computed (the time printed is then that of the new articles only, and says so; seconds
per article and the extrapolation count the computed articles).
The whole AllSides set (36,763 articles) is extrapolated from the largest N's seconds per article.

    .venv/bin/python scripts/bench_scale.py --n 200 2000 --workers 2 [--work DIR] [--data DIR] [--log FILE]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq

from bench_analyze import build_corpus, slug, write_article  # noqa: E402 (a script beside this one)
from _allsides import allsides_folder  # noqa: E402 (a script beside this one)

ALLSIDES_SIZE = 36_763


def watch(proc: subprocess.Popen, peaks: dict, log: Path | None = None, every: float = 30.0,
          parts: Path | None = None) -> None:
    """Record the peak RSS of ``proc`` and of its largest descendant until it ends; with ``log``, add a line to it
    every ``every`` seconds (:func:`log_line`)."""
    try:
        root = psutil.Process(proc.pid)
        started = last = time.monotonic()
        known: dict[int, psutil.Process] = {}  # kept, so that cpu_percent measures since the line before
        while proc.poll() is None:
            try:
                peaks["main"] = max(peaks["main"], root.memory_info().rss)
                for child in root.children(recursive=True):
                    try:
                        peaks["worker"] = max(peaks["worker"], child.memory_info().rss)
                    except psutil.Error:
                        pass
                if log is not None and time.monotonic() - last >= every:
                    last = time.monotonic()
                    with open(log, "a", encoding="utf-8") as fh:
                        fh.write(log_line(root, last - started, parts, known) + "\n")
            except psutil.Error:
                pass
            time.sleep(0.2)
    except psutil.Error:
        return


def log_line(root: psutil.Process, elapsed: float, parts: Path | None, known: dict) -> str:
    """One line of the progress log: time, seconds, load, the command's RSS, each worker (pid:RSS MiB:% of a core
    since the line before; the first line reads 0%) and the parts written so far for the segments step."""
    workers = []
    for child in root.children(recursive=True):
        child = known.setdefault(child.pid, child)
        try:
            workers.append(f"{child.pid}:{child.memory_info().rss / 2**20:.0f}:{child.cpu_percent():.0f}%")
        except psutil.Error:
            pass
    written = len(list(parts.glob("*.parquet"))) if parts is not None and parts.is_dir() else 0
    return (f"{time.strftime('%H:%M:%S')} {elapsed:7.0f}s load {os.getloadavg()[0]:5.2f} "
            f"main {root.memory_info().rss / 2**20:5.0f} MiB workers {' '.join(workers) or '-'} parts {written}")


def run_analyze(corpus: Path, workers: int, log: Path | None = None, every: float = 30.0) -> dict:
    """Run the command on ``corpus``; with ``log``, its stderr is added to ``<log>.<corpus name>.stderr`` as it is
    written (PYTHONFAULTHANDLER is set: ``kill -ABRT`` on a worker prints every thread's Python stack there)."""
    command = [sys.executable, "-m", "mediabias", "analyze", "--corpus", str(corpus), "--workers", str(workers),
               "--quiet"]
    peaks = {"main": 0, "worker": 0}
    stderr = open(f"{log}.{corpus.name}.stderr", "a+", encoding="utf-8") if log else tempfile.TemporaryFile("w+")
    stderr.seek(0, os.SEEK_END)
    offset = stderr.tell()  # the "+1 article" run appends to the full run's file
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True,
                            env={**os.environ, "PYTHONFAULTHANDLER": "1"})
    parts = corpus / "results" / "cache" / "segments"
    watcher = threading.Thread(target=watch, args=(proc, peaks, log, every, parts), daemon=True)
    watcher.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - started
    watcher.join(timeout=5)
    with stderr:
        stderr.seek(offset)
        err = stderr.read()
    failed = re.findall(r"^  (\S+) in (\w+): (.*)$", err, flags=re.M)
    return {"seconds": seconds, "code": proc.returncode, "out": out, "err": err, "failed": failed, **peaks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", help="datasets folder (default: $MEDIABIAS_DATA or ../shared/datasets)")
    parser.add_argument("--work", help="folder for the corpora (kept); default a temporary folder")
    parser.add_argument("--resume-from", help="results folder of an earlier run over a prefix of these articles")
    parser.add_argument("--log", type=Path, help="add a progress line to this file every --log-every seconds")
    parser.add_argument("--log-every", type=float, default=30.0)
    args = parser.parse_args()
    src = allsides_folder(args.data)
    if src is None:
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        rows = []
        for n in args.n:
            root = work / f"allsides-{n}"
            extra, write_outlets, outlets = build_corpus(root, src, n)
            resumed = 0
            if args.resume_from and not (root / "results").exists():
                shutil.copytree(args.resume_from, root / "results")
                resumed = len(pq.read_table(root / "results" / "articles.parquet", columns=["article_id"]))
            if args.log:
                with open(args.log, "a", encoding="utf-8") as fh:
                    fh.write(f"# n={n} --workers {args.workers}: full run\n")
            full = run_analyze(root, args.workers, args.log, args.log_every)
            write_article(root, extra, outlets)
            write_outlets()
            inc = run_analyze(root, args.workers)
            (root / "articles" / f"allsides-{slug(extra['ID'])}.md").unlink()
            rows.append((n, full, inc, n - resumed))
            print(f"n={n}: {full['seconds']:.0f} s, exit {full['code']}, {len(full['failed'])} failure(s)", flush=True)
            if full["code"] not in (0, 1):
                print(full["err"][-2000:], file=sys.stderr)
                return 1
    print(f"\nmediabias analyze --workers {args.workers}" + (" (resumed: only new articles computed)" if args.resume_from else ""))
    print(f"{'articles':>8} {'seconds':>8} {'s/article':>9} {'art/min':>8} {'peak RSS main':>14} {'largest worker':>15} "
          f"{'failed':>6} {'+1 article':>11} {'share':>6}")
    for n, full, inc, new in rows:
        if new != n:
            print(f"{n:>8} articles, of which {n - new} were read from --resume-from and {new} computed:")
        print(f"{n:>8} {full['seconds']:>8.0f} {full['seconds'] / new:>9.3f} {60 * new / full['seconds']:>8.1f} "
              f"{full['main'] / 2**20:>10.0f} MiB {full['worker'] / 2**20:>11.0f} MiB {len(full['failed']):>6} "
              f"{inc['seconds']:>9.1f} s {inc['seconds'] / full['seconds']:>6.1%}")
        for aid, step, error in full["failed"][:10]:
            print(f"         failed: {aid} in {step}: {error[:150]}")
    n, full, _, new = rows[-1]
    hours = full["seconds"] / new * ALLSIDES_SIZE / 3600
    print(f"\nthe whole AllSides set ({ALLSIDES_SIZE:,} articles) at the rate of n={n} ({new} articles computed): "
          f"about {hours:.1f} h")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
