"""Benchmark: peak memory of ``mediabias analyze`` by article length (issue 26: memory bounded whatever the length).

For each size, builds a throwaway one-article corpus in a temporary folder outside the repository: the bundled
corpus with only seed article 004 kept, its body replaced by its own paragraphs repeated until the body holds
that many characters (whole paragraphs; nothing from the shared datasets). Runs ``python -m mediabias analyze
--workers 1 --quiet`` on it in a subprocess (in-process computing, so the one process holds everything: the
models, the parse, the tables) and prints the subprocess's peak resident memory (``wait4``'s ``ru_maxrss``),
its wall time and the rows of its segments table.

    nice -n 10 .venv/bin/python scripts/bench_memory.py --sizes 20000 395000 1000000 [--steps ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from mediabias import paths

SEED = "004_"


def body_of(article: Path) -> str:
    """The Markdown body of an article file (after its front matter)."""
    return article.read_text(encoding="utf-8").partition("\n---\n")[2].strip()


def long_body(paragraphs: list[str], size: int) -> str:
    """``paragraphs`` repeated, whole, until the body reaches ``size`` characters (at least one paragraph)."""
    out, n, i = [], 0, 0
    while n < size or not out:
        para = paragraphs[i % len(paragraphs)]
        out.append(para)
        n += len(para) + 2
        i += 1
    return "\n\n".join(out)


def make_corpus(root: Path, size: int) -> Path:
    """A copy of the bundled corpus under ``root`` holding only the seed article, its body ``size`` characters long."""
    target = root / f"corpus-{size}"
    shutil.copytree(paths.PROJECT_DIR / "corpus", target, ignore=shutil.ignore_patterns("results"))
    article = None
    for path in sorted((target / "articles").glob("*.md")):
        if path.name.startswith(SEED):
            article = path
        else:
            path.unlink()
    head = article.read_text(encoding="utf-8").partition("\n---\n")[0]
    paragraphs = [p for p in body_of(article).split("\n\n") if p.strip()]
    article.write_text(head + "\n---\n\n" + long_body(paragraphs, size) + "\n", encoding="utf-8")
    return target


def run(corpus: Path, steps: list[str] | None) -> dict:
    """Analyse ``corpus`` in a subprocess; its peak RSS (MB), seconds, exit status and segment rows."""
    command = [sys.executable, "-m", "mediabias", "analyze", "--corpus", str(corpus), "--workers", "1", "--quiet"]
    if steps:
        command += ["--steps", *steps]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak (Linux: kilobytes)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    segments = corpus / "results" / "segments.parquet"
    rows = len(pd.read_parquet(segments)) if segments.exists() else 0
    return {"peak_mb": usage.ru_maxrss / 1024, "seconds": seconds, "status": proc.returncode, "segments": rows,
            "error": err.strip().splitlines()[-1] if proc.returncode and err.strip() else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 395_000, 1_000_000],
                        help="article body lengths in characters")
    parser.add_argument("--steps", nargs="*", help="only these steps (and what they need)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora (their path is printed)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="mediabias-bench-memory-"))
    try:
        print(f"{'chars':>10} {'paragraphs':>10} {'segments':>9} {'peak MB':>8} {'seconds':>8}")
        first = None
        for size in args.sizes:
            corpus = make_corpus(root, size)
            n_par = body_of(next((corpus / "articles").glob("*.md"))).count("\n\n") + 1
            r = run(corpus, args.steps)
            first = first or r["peak_mb"]
            note = f"  exit {r['status']}: {r['error']}" if r["status"] else ""
            print(f"{size:>10,} {n_par:>10,} {r['segments']:>9,} {r['peak_mb']:>8.0f} {r['seconds']:>8.1f}"
                  f"  ({r['peak_mb'] / first:.2f}x the first){note}", flush=True)
    finally:
        if args.keep:
            print(f"corpora kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
