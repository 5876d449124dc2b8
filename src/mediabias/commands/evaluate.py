"""``mediabias evaluate NAME --data PATH``: score an instrument against public gold data.

``NAME`` maps to the module ``mediabias.evaluation.<name with - as _>``, which exposes
``run(data, *, out_dir=None, limit=None) -> pandas.DataFrame``.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import pkgutil
import sys
from pathlib import Path

import mediabias.evaluation as _evaluation_pkg
from mediabias import paths
from mediabias.corpus.limits import one_line

DEFAULT_DATA = {
    "attribution": "polnear/dev",
    "target-sentiment": "newsmtsc/splits/rw/dev.jsonl",
    "frames": "narrative-frames",
    "roles": "narrative-frames",
    "loaded-language": "babe-mbic/mbic_sg1.csv",
    "comparison": "basil",
    "known-groups": "allsides-articles/articles.jsonl.gz",
    "stance": "persent",
    "stance-basil": "basil",
    "holder": "dsa",
    "sarcasm": "isarcasmeval",
}


def available() -> list[str]:
    """The evaluations: modules of :mod:`mediabias.evaluation` that define ``run`` at their top level (read with
    ``ast``, without importing them); shared helpers such as ``common`` are not evaluations."""
    names = []
    for module in pkgutil.iter_modules(_evaluation_pkg.__path__):
        path = Path(module.module_finder.path) / f"{module.name}.py"
        if module.name.startswith("_") or module.ispkg or not path.is_file():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if any(isinstance(node, ast.FunctionDef) and node.name == "run" for node in tree.body):
            names.append(module.name)
    return sorted(n.replace("_", "-") for n in names)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score an instrument against public human-annotated data")
    p.add_argument("name", choices=available(), help="which instrument to score")
    p.add_argument("--data", help="dataset path (default: the matching folder under $MEDIABIAS_DATA or ../shared/datasets)")
    p.add_argument("--out", help="directory for the results files (default: evaluation/ in the checkout)")
    p.add_argument("--no-write", action="store_true", help="print the scores without writing results files")
    p.add_argument("--limit", type=int, help="score only the first N items (quick check)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.data:
        data = Path(args.data).expanduser()
    else:
        root = paths.data_dir()
        rel = DEFAULT_DATA.get(args.name)
        data = root / rel if (root and rel) else None
    if data is None or not data.exists():
        print(
            f"error: no data for '{args.name}': pass --data PATH or set $MEDIABIAS_DATA "
            f"(looked for {data or 'a datasets folder'})",
            file=sys.stderr,
        )
        return 2
    if not (data.is_dir() or data.is_file()):  # a FIFO, socket or device: reading it could wait forever
        print(f"error: no data for '{args.name}': {data} is not a regular file or a folder", file=sys.stderr)
        return 2
    module = importlib.import_module("mediabias.evaluation." + args.name.replace("-", "_"))
    out_dir = None if args.no_write else Path(args.out) if args.out else paths.evaluation_dir()
    try:
        scores = module.run(data, out_dir=out_dir, limit=args.limit)
    except (ValueError, FileNotFoundError, UnicodeDecodeError) as exc:  # data in the wrong layout: say where
        print(one_line(f"error: {args.name}: {exc}"), file=sys.stderr)
        return 2
    except RecursionError:  # json or YAML nested thousands deep: not the dataset this evaluation reads
        print(f"error: {args.name}: {data}: the data is nested too deeply to read; is this the dataset "
              f"`mediabias evaluate {args.name}` expects?", file=sys.stderr)
        return 2
    import pandas as pd

    with pd.option_context("display.width", 160, "display.max_rows", 200, "display.max_columns", 20):
        print(scores.to_string(index=False))
    return 0
