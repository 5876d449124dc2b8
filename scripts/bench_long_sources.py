"""Benchmark: the attribution rules (:mod:`mediabias.sources`) on one long article, by its length.

For each size, builds the text that ``scripts/bench_memory.py`` builds (seed 004's paragraphs repeated, whole, to
that many characters; nothing from the shared datasets), parses it once (not timed), then times
``extract_attributions`` on the parse, in the reader's scheme the corpus tables use, and inside it
``speakers.resolve`` and ``relations.kind_of`` (summed over its calls). Prints seconds and seconds per 10,000
characters: near-constant per 10,000 characters means the rules are near-linear in the article's length.

    nice -n 10 .venv/bin/python scripts/bench_long_sources.py --sizes 25000 50000 100000 200000
"""

from __future__ import annotations

import argparse
import time

from bench_memory import SEED, body_of, long_body  # noqa: E402 (a script beside this one)
from mediabias import paths
from mediabias.sources import table as table_module
from mediabias.sources.syntax import parse


def seed_paragraphs() -> list[str]:
    article = next(p for p in sorted((paths.PROJECT_DIR / "corpus" / "articles").glob("*.md")) if p.name.startswith(SEED))
    return [p for p in body_of(article).split("\n\n") if p.strip()]


def timed(spent: dict, name: str, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
    return wrapper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    args = parser.parse_args()
    paragraphs = seed_paragraphs()
    resolve, kind_of = table_module.speakers.resolve, table_module.kind_of
    print(f"{'characters':>10} {'parse s':>8} {'rules s':>8} {'resolve s':>9} {'kind_of s':>9} {'rows':>6} "
          f"{'rules s per 10k chars':>22}")
    for size in args.sizes:
        text = long_body(paragraphs, size)
        started = time.perf_counter()
        doc = next(parse([text]))
        parsed = time.perf_counter() - started
        spent: dict[str, float] = {}
        table_module.speakers.resolve = timed(spent, "resolve", resolve)
        table_module.kind_of = timed(spent, "kind_of", kind_of)
        try:
            started = time.perf_counter()
            rows = table_module.extract_attributions(text, doc=doc, scheme="reader")
            rules = time.perf_counter() - started
        finally:
            table_module.speakers.resolve, table_module.kind_of = resolve, kind_of
        print(f"{len(text):>10,} {parsed:>8.1f} {rules:>8.1f} {spent.get('resolve', 0):>9.1f} "
              f"{spent.get('kind_of', 0):>9.1f} {len(rows):>6} {rules / len(text) * 10_000:>22.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
