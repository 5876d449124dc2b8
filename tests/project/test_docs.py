"""The documentation a newcomer reads first stays true to the code.

* Every module of ``src/mediabias`` appears in the map at the top of ``docs/architecture.md``, on its folder's
  line (a folder ``room/`` lists its modules by name: ``words``, ``(words)``, ``words.py``).
* Every cross-reference written as a Sphinx role in a docstring or comment (``:func:`mediabias.x.f```,
  ``:mod:`sources.cues```, ``:meth:`Corpus.with_segments```) names something that exists: a module, a name in it,
  a method or field of one of its classes, or an importable library.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
from pathlib import Path

import pytest

from mediabias import paths

SRC = paths.PACKAGE_DIR
ARCHITECTURE = paths.PROJECT_DIR / "docs" / "architecture.md"
ROLE = re.compile(r":(?:mod|func|class|attr|meth|data|obj|exc):`~?([A-Za-z_][A-Za-z0-9_.]*)`")
ENTRY = re.compile(r"^([a-z_]+)(/|\.py)\s")


def map_entries(text: str) -> dict[str, str]:
    """The map's entries: ``{"corpus": "the data, no analysis: ...", "cli": ...}``; an indented line continues
    the entry above it, and a line may hold a second entry (``...; models/ the shipped weights``)."""
    block = text.split("## The map", 1)[1].split("```", 2)[1]
    entries: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        match = ENTRY.match(line)
        if match:
            current = match.group(1)
            entries[current] = line[match.end():]
        elif current and line.strip():
            entries[current] += " " + line.strip()
    for name, body in list(entries.items()):  # entries named inside another's line: "models/ the shipped weights"
        for inner in re.findall(r"\b([a-z_]+)(?:/|\.py)\s", body):
            entries.setdefault(inner, body)
    return entries


def modules() -> list[tuple[str, str]]:
    """(room, module) for every module: ("corpus", "words"); a top-level module is its own room ("cli", "cli")."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if path.stem in ("__init__", "__main__") and len(rel.parts) > 1:
            continue
        if len(rel.parts) == 1:
            if path.stem not in ("__init__", "__main__"):
                found.append((path.stem, path.stem))
        else:
            found.append((rel.parts[0], ".".join(rel.with_suffix("").parts[1:])))
    return found


def test_map_parses_every_room():
    entries = map_entries(ARCHITECTURE.read_text(encoding="utf-8"))
    assert {"corpus", "sources", "views", "evaluation"} <= set(entries)


@pytest.mark.parametrize("room, module", modules(), ids=lambda v: v)
def test_every_module_is_on_the_map(room, module):
    entries = map_entries(ARCHITECTURE.read_text(encoding="utf-8"))
    assert room in entries, f"docs/architecture.md: the map has no line for {room}/ (or {room}.py)"
    if room != module:
        leaf = module.split(".")[-1]
        assert re.search(rf"(?<![\w.]){re.escape(leaf)}(?![\w])", entries[room]), (
            f"docs/architecture.md: the map's line for {room}/ does not name its module {module!r}")


def _resolve(ref: str) -> bool:
    parts = ref.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for j, name in enumerate(parts[i:]):
            if hasattr(obj, name):
                obj = getattr(obj, name)
                continue
            fields = {f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else set()
            return name in fields and i + j == len(parts) - 1
        return True
    return False


def _class_members(module: str) -> set[str]:
    mod = importlib.import_module(module)
    names = set()
    for _, cls in inspect.getmembers(mod, inspect.isclass):
        if cls.__module__ == module:
            names |= set(vars(cls)) | ({f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set())
    return names


def references() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for ref in sorted(set(ROLE.findall(path.read_text(encoding="utf-8")))):
            found.append((str(path.relative_to(SRC)), ref))
    return found


def _module_of(rel: str) -> str:
    parts = ("mediabias",) + Path(rel).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_references_are_found():
    assert len(references()) > 100  # the scan reads the docstrings (guards against a broken pattern)


@pytest.mark.parametrize("rel, ref", references(), ids=lambda v: v)
def test_docstring_reference_resolves(rel, ref):
    module = _module_of(rel)
    package = module.rsplit(".", 1)[0]
    candidates = [ref, f"mediabias.{ref}", f"{module}.{ref}", f"{package}.{ref}"]
    ok = any(_resolve(c) for c in candidates) or ref.split(".")[-1] in _class_members(module)
    assert ok, f"src/mediabias/{rel}: the reference {ref!r} names nothing that exists (renamed or moved?)"


def test_resolver_rejects_a_stale_name():
    assert _resolve("mediabias.corpus.words.count_words")
    assert not _resolve("mediabias.corpus.words.no_such_function")
    assert not _resolve("mediabias.no_such_room.thing")


def test_map_names_no_module_that_is_gone():
    """A module named on the map as ``room/module.py`` or ``room.module`` in backticks exists."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)`", text))
    missing = [n for n in sorted(named) if not (SRC / n).exists() and not (paths.PROJECT_DIR / n).exists()]
    assert not missing, f"docs/architecture.md names files that do not exist: {missing}"


def test_module_walk_sees_the_rooms():
    rooms = {room for room, _ in modules()}
    assert {"corpus", "sources", "sentiment", "views"} <= rooms
