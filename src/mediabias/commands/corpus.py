"""``mediabias validate`` and ``mediabias corpus``."""

from __future__ import annotations

import argparse
import sys

from mediabias import paths
from mediabias.corpus.articles import CorpusError, check_corpus, load_corpus
from mediabias.runtime.spreadsheet import write_csv


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a corpus and list every problem")
    p.add_argument("--corpus", help="corpus directory (default: the bundled corpus/)")
    p.set_defaults(func=validate)

    p = sub.add_parser("corpus", help="print the articles table")
    p.add_argument("--corpus", help="corpus directory (default: the bundled corpus/)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table (default), csv (text cells that a spreadsheet would run as a formula start with ') or json")
    p.add_argument("--story", help="only the articles of this story id")
    p.set_defaults(func=show)


def validate(args: argparse.Namespace) -> int:
    directory = paths.corpus_dir(args.corpus)
    problems, warnings = check_corpus(directory)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if problems:
        print(f"{directory}: {len(problems)} problem(s)", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    corpus = load_corpus(directory)
    print(f"{directory}: OK, {len(corpus.articles)} articles, {corpus.articles['outlet'].nunique()} outlets, "
          f"{corpus.articles['story'].nunique()} stories")
    return 0


def error_message(exc: Exception) -> str:
    """``error: ...`` for a corpus that cannot be loaded: one line for one problem, else the list of them."""
    if isinstance(exc, CorpusError) and len(exc.problems) == 1:
        return f"error: {exc.problems[0]}"
    return f"error: {exc}"


def show(args: argparse.Namespace) -> int:
    try:
        corpus = load_corpus(args.corpus, story=args.story)
    except (CorpusError, ValueError) as exc:
        print(error_message(exc), file=sys.stderr)
        return 2
    table = corpus.articles.drop(columns=["text"])
    if args.format == "csv":
        write_csv(table, sys.stdout)
    elif args.format == "json":
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=2) + "\n")
    else:
        cols = ["article_id", "outlet", "story", "published", "n_words", "n_words_excerpt", "title"]
        import pandas as pd

        with pd.option_context("display.width", 200, "display.max_colwidth", 60):
            print(table[cols].to_string(index=False))
    return 0
