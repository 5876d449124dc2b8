"""The ``mediabias`` command line.

Each subcommand lives in its own module under :mod:`mediabias.commands` and exposes
``register(subparsers)``; heavy imports happen inside the command, so ``mediabias --help`` is fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from mediabias import __version__

COMMAND_MODULES = (
    "mediabias.commands.corpus",    # validate, corpus
    "mediabias.commands.sources",   # sources
    "mediabias.commands.evaluate",  # evaluate NAME
    "mediabias.commands.add",       # add
    "mediabias.commands.analyze",   # analyze
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mediabias",
        description="Compare how news outlets frame a story, whom they quote and how they portray its actors.",
    )
    parser.add_argument("--version", action="version", version=f"mediabias {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a command still being built must not break the others
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `mediabias corpus | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
