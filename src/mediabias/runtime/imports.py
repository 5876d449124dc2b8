"""The package's own import graph, read statically from its source files with :mod:`ast` (nothing is imported).

Two readers share it: ``scripts/import_graph.py`` (cycles, private names, deferred imports) and the pipeline's
cache keys (:func:`mediabias.pipeline.versions.step_versions`), which hash the import closure of each step's code.

Every ``import`` of a ``mediabias`` module counts, at the top of a module or inside a function: a deferred import
is still a dependency. A module's package ``__init__`` is not an edge of its own submodules in
:func:`import_edges` (``mediabias.sources.table`` importing ``mediabias.sources.quotes`` does not pass through
``mediabias.sources``), but :func:`closure` adds the packages on each module's path, which Python runs first.

>>> modules = module_files(Path("src/mediabias"))  # doctest: +SKIP
>>> "mediabias.runtime.text" in closure({"mediabias.sources.table"}, import_edges(modules), modules)  # doctest: +SKIP
True
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

PACKAGE = "mediabias"


def module_files(package_dir: Path) -> dict[str, Path]:
    """Map each dotted module name of the package in ``package_dir`` (a ``mediabias`` folder) to its file."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def owning_module(name: str, modules: dict[str, Path]) -> str | None:
    """The package module that ``name`` (a module or a module attribute) refers to."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def in_type_checking(tree: ast.Module, node: ast.AST) -> bool:
    """Whether ``node`` sits under a top-level ``if TYPE_CHECKING:``."""
    for top in tree.body:
        if isinstance(top, ast.If) and ast.unparse(top.test).endswith("TYPE_CHECKING"):
            if any(child is node for child in ast.walk(top)):
                return True
    return False


def _from_base(node: ast.ImportFrom, package: str) -> str:
    """The absolute module a ``from ... import`` names (relative imports resolved against ``package``)."""
    base = node.module or ""
    if node.level:
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(anchor + ([base] if base else []))
    return base


def imports(module: str, path: Path, modules: dict[str, Path]) -> Iterator[tuple[str, str | None, int, bool]]:
    """Yield ``(target_module, imported_name_or_None, line, deferred)`` for each import of the package.

    ``from mediabias.x import name`` yields ``mediabias.x.name`` when that is a submodule, else ``mediabias.x``
    with ``name``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        deferred = id(node) not in top_level and not in_type_checking(tree, node)
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = owning_module(alias.name, modules)
                if target:
                    yield target, None, node.lineno, deferred
        elif isinstance(node, ast.ImportFrom):
            base = _from_base(node, package)
            if not base.startswith(PACKAGE):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in modules:
                    yield full, None, node.lineno, deferred
                else:
                    target = owning_module(base, modules)
                    if target:
                        yield target, alias.name, node.lineno, deferred


def import_edges(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the package modules it imports (not itself, not the package ``__init__`` it belongs to)."""
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for target, _, _, _ in imports(module, path, modules):
            if target == module:
                continue
            if not (module.startswith(target + ".") and modules[target].name == "__init__.py"):
                edges[module].add(target)
    return edges


def packages_on_path(module: str, modules: dict[str, Path]) -> list[str]:
    """The packages Python imports before ``module``: ``mediabias.sources.table`` -> mediabias, mediabias.sources."""
    parts = module.split(".")
    return [p for p in (".".join(parts[:i]) for i in range(1, len(parts))) if p in modules]


def closure(roots: Iterable[str], edges: dict[str, set[str]], modules: dict[str, Path]) -> set[str]:
    """Every package module that importing ``roots`` runs: their imports, transitively, and the packages on the path."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        if module not in modules:
            raise ModuleNotFoundError(f"{module} is not a module of the package")
        seen.add(module)
        todo.extend(edges[module])
        todo.extend(packages_on_path(module, modules))
    return seen


def imported_names(module: str, path: Path, modules: dict[str, Path]) -> dict[str, set[str]]:
    """The names a module binds by importing package modules at its top level: local name -> modules behind it.

    ``import mediabias.x.y`` binds ``mediabias`` to ``mediabias.x.y`` (what the name reaches through that import).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    bound: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            base = _from_base(node, package)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                target = full if full in modules else owning_module(base, modules)
                if target:
                    bound.setdefault(alias.asname or alias.name, set()).add(target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                target = owning_module(alias.name, modules)
                if target:
                    bound.setdefault(alias.asname or alias.name.partition(".")[0], set()).add(target)
    return bound


def function_dependencies(module: str, function: str, modules: dict[str, Path]) -> tuple[set[str], list[str]]:
    """What one function of ``module`` depends on, without the rest of its module.

    Returns ``(package modules whose imported names it uses, source of it and of the same-module functions it
    calls, in the order met)``. Used for the pipeline's step adapters, whose module imports every instrument.
    """
    path = modules[module]
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    defined = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    if function not in defined:
        raise AttributeError(f"{module} defines no function {function!r}")
    bound = imported_names(module, path, modules)
    used, texts, todo, seen = set(), [], [function], set()
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        node = defined[name]
        texts.append(ast.get_source_segment(source, node))
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                if sub.id in bound:
                    used |= bound[sub.id]
                elif sub.id in defined:
                    todo.append(sub.id)
    return used, texts
