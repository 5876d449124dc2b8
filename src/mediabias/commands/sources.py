"""``mediabias sources [--corpus DIR] [--format csv|json] [--output FILE]``: the attributions table of a corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mediabias.commands.corpus import error_message
from mediabias.corpus.articles import CorpusError
from mediabias.runtime.spreadsheet import write_csv
from mediabias.sources import attributions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sources", help="list every attribution (who is quoted, how, through whom)")
    p.add_argument("--corpus", help="corpus directory (default: the bundled corpus/ or $MEDIABIAS_CORPUS)")
    p.add_argument("--format", choices=("csv", "json"), default="csv",
                   help="output format (default: csv, whose text cells that a spreadsheet would run as a formula start with ')")
    p.add_argument("--output", "-o", help="write to this file instead of standard output")
    p.set_defaults(func=run)


def output_problem(output: str) -> str | None:
    """Why ``--output`` cannot be written, checked before the table is computed; None when it looks writable."""
    path = Path(output)
    if path.is_dir():
        return f"--output {output}: is a folder; give a file name"
    if not path.parent.is_dir():
        return f"--output {output}: the folder {path.parent} does not exist"
    return None


def run(args: argparse.Namespace) -> int:
    if args.output and (problem := output_problem(args.output)):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        table = attributions(args.corpus)
    except CorpusError as exc:
        print(error_message(exc), file=sys.stderr)
        return 2
    try:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
        try:
            if args.format == "json":
                out.write(table.to_json(orient="records", force_ascii=False, indent=1) + "\n")
            else:
                write_csv(table, out)
        finally:
            if args.output:
                out.close()
    except OSError as exc:
        if not args.output:
            raise
        print(f"error: --output {args.output}: cannot be written ({exc.strerror or exc})", file=sys.stderr)
        return 2
    return 0
