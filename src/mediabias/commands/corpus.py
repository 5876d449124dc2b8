"""``mediabias validate`` and ``mediabias corpus``."""

from __future__ import annotations

import argparse
import sys

from mediabias import paths
from mediabias.corpus.articles import CorpusError, load_corpus, validate_corpus


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a corpus and list every problem")
    p.add_argument("--corpus", help="corpus directory (default: the bundled corpus/)")
    p.set_defaults(func=validate)

    p = sub.add_parser("corpus", help="print the articles table")
    p.add_argument("--corpus", help="corpus directory (default: the bundled corpus/)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--story", help="only the articles of this story id")
    p.set_defaults(func=show)


def validate(args: argparse.Namespace) -> int:
    directory = paths.corpus_dir(args.corpus)
    problems = validate_corpus(directory)
    if problems:
        print(f"{directory}: {len(problems)} problem(s)", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    corpus = load_corpus(directory)
    print(f"{directory}: OK, {len(corpus.articles)} articles, {corpus.articles['outlet'].nunique()} outlets, "
          f"{corpus.articles['story'].nunique()} stories")
    return 0


def show(args: argparse.Namespace) -> int:
    try:
        corpus = load_corpus(args.corpus, story=args.story)
    except (CorpusError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    table = corpus.articles.drop(columns=["text"])
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif args.format == "json":
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=2) + "\n")
    else:
        cols = ["article_id", "outlet", "story", "published", "n_words", "n_words_excerpt", "title"]
        import pandas as pd

        with pd.option_context("display.width", 200, "display.max_colwidth", 60):
            print(table[cols].to_string(index=False))
    return 0
