"""``mediabias sources [--corpus DIR] [--format csv|json]``: the attributions table of a corpus."""

from __future__ import annotations

import argparse
import sys

from mediabias.sources import attributions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sources", help="list every attribution (who is quoted, how, through whom)")
    p.add_argument("--corpus", help="corpus directory (default: the bundled corpus/ or $MEDIABIAS_CORPUS)")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default: csv)")
    p.add_argument("--output", "-o", help="write to this file instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    table = attributions(args.corpus)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        if args.format == "json":
            out.write(table.to_json(orient="records", force_ascii=False, indent=1) + "\n")
        else:
            table.to_csv(out, index=False)
    finally:
        if args.output:
            out.close()
    return 0
