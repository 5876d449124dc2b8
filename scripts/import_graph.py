"""Print the package's own import graph problems: cycles, private names imported across modules, and imports
hidden inside functions.

    python scripts/import_graph.py            # exit status 1 when there is a cycle or a cross-module private import
    python scripts/import_graph.py --graph    # also print every edge

Every ``import`` of a ``mediabias`` module counts, at the top of a module or inside a function: deferring an
import hides a cycle from the interpreter, not from a reader. A module's package ``__init__`` is not an edge of
its own submodules (``mediabias.sources.table`` importing ``mediabias.sources.quotes`` does not pass through
``mediabias.sources``). Deferred imports are listed with the comment that justifies them (a heavy optional
dependency), so a reviewer can check each. The reading itself is :mod:`mediabias.runtime.imports`, which the
pipeline's cache keys share.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mediabias.runtime.imports import PACKAGE, import_edges, imports, module_files

SRC = Path(__file__).resolve().parent.parent / "src"


def graph(src: Path = SRC):
    """Return ``(edges, private, deferred)``: module -> set of modules, and the lists of findings."""
    modules = module_files(src / PACKAGE)
    edges = import_edges(modules)
    private, deferred = [], []
    for module, path in modules.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, name, line, is_deferred in imports(module, path, modules):
            if target == module:
                continue
            if name and name.startswith("_") and not name.startswith("__"):
                private.append(f"{module}:{line} imports {name} from {target}")
            if is_deferred:
                note = lines[line - 1].partition("#")[2].strip()
                deferred.append(f"{module}:{line} defers {target}" + (f"  # {note}" if note else ""))
    return edges, sorted(set(private)), sorted(set(deferred))


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", action="store_true", help="also print every edge")
    args = parser.parse_args(argv)
    edges, private, deferred = graph()
    found = cycles(edges)
    if args.graph:
        for module in sorted(edges):
            for target in sorted(edges[module]):
                print(f"{module} -> {target}")
    print(f"{len(edges)} modules, {sum(map(len, edges.values()))} import edges")
    print(f"cycles: {len(found)}")
    for component in found:
        print("  " + " <-> ".join(component))
    print(f"private names imported across modules: {len(private)}")
    for line in private:
        print("  " + line)
    print(f"deferred imports (inside functions): {len(deferred)}")
    for line in deferred:
        print("  " + line)
    return 1 if found or private else 0


if __name__ == "__main__":
    sys.exit(main())
