"""The analysis version of each step, derived from its code, and the cache key of one article for one step.

A step's version hashes the package version, the step's function, the source of every package module in the
import closure of the instruments it calls (read statically by :mod:`mediabias.runtime.imports`: imports at any
depth, and the package ``__init__`` files on each path), the resource and model files those modules name, and the
versions of the steps whose results it is given (the segments, and its ``needs``). Nothing is listed by hand:
editing a lexicon, or a module a step imports even indirectly, gives that step and the steps reading its results
a new version, and nothing else.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

from mediabias import __version__, paths
from mediabias.pipeline.steps import STEPS, Step, step_inputs
from mediabias.runtime.imports import closure, function_dependencies, import_edges, module_files

DATA_FOLDERS = ("resources", "models")
#: The module of the step adapters (:mod:`mediabias.pipeline.steps`), which imports every instrument.
ADAPTERS = Step.__module__


def step_code(step: Step, modules: dict[str, Path], edges: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """``(sorted import closure, source of the function)`` of a step: what its result depends on in the package.

    An adapter declared beside the steps counts with its own source and the closure of the instruments it calls,
    not with its module (which imports them all); a function elsewhere counts with the closure of its module.
    """
    module, function = step.function.__module__, step.function.__name__
    used, texts = function_dependencies(module, function, modules)
    roots = used if module == ADAPTERS else used | {module}
    return sorted(closure(roots, edges, modules)), texts


def string_constants(path: Path) -> set[str]:
    """Every string literal of a module file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def data_files(named: set[str], package_dir: Path) -> list[str]:
    """The resource and model files (``"resources/reporting_verbs.csv"``) among the strings ``named`` by some code.

    A shipped model counts by its stem too (``shipped.load("frames_lr")`` reads ``models/frames_lr.json``);
    Markdown files are documentation, never read.
    """
    found = []
    for folder in DATA_FOLDERS:
        for path in sorted((package_dir / folder).iterdir()):
            by_stem = folder == "models" and path.suffix == ".json" and path.stem in named
            if path.is_file() and path.suffix not in (".py", ".md") and (path.name in named or by_stem):
                found.append(f"{folder}/{path.name}")
    return found


def _files(path: Path) -> list[Path]:
    """``path`` itself, or every file under it when it is a folder."""
    if path.is_file():
        return [path]
    if path.is_dir():
        return [p for p in sorted(path.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    raise FileNotFoundError(f"a step reads {path}, which does not exist")


def step_versions(steps: tuple[Step, ...] = STEPS, package_dir: Path = paths.PACKAGE_DIR) -> dict[str, str]:
    """The analysis version of every step (16 hex), read from the package source in ``package_dir``.

    A version hashes the package version, the step's function, the source of every module in its import closure
    (:func:`step_code`), the data files those modules name in a string (:func:`data_files`) and any declared in
    ``Step.resources``, and the versions of the steps it is given (:func:`step_inputs`): change a module a step
    imports even indirectly, or a lexicon it reads, and that step and every step reading it get a new version.

    The versions are kept per process while no file of the package changes its size, time or inode
    (:func:`_package_stamp`), so a run of many small analyses does not read the whole package source each time.
    """
    key = (steps, Path(package_dir).resolve(), _package_stamp(Path(package_dir)))
    if key not in _VERSIONS:
        _VERSIONS.clear()
        _VERSIONS[key] = _step_versions(steps, package_dir)
    return dict(_VERSIONS[key])


_VERSIONS: dict = {}


def _package_stamp(package_dir: Path) -> tuple:
    """Size, modification time and inode of every file of the package (no file is read)."""
    stamp = []
    for path in sorted(package_dir.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            st = path.stat()
            stamp.append((path.relative_to(package_dir).as_posix(), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(stamp)


def _step_versions(steps: tuple[Step, ...], package_dir: Path) -> dict[str, str]:
    modules = module_files(package_dir)
    edges = import_edges(modules)
    digests: dict[Path, str] = {}  # each file read once per call (the model weights are 11 MB)
    strings: dict[str, set[str]] = {}

    def digest(path: Path) -> str:
        if path not in digests:
            digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return digests[path]

    def named(code: list[str]) -> set[str]:
        for module in code:
            if module not in strings:
                strings[module] = string_constants(modules[module])
        return set().union(*(strings[m] for m in code))

    versions: dict[str, str] = {}
    for step in steps:
        code, texts = step_code(step, modules, edges)
        function = f"{step.function.__module__}:{step.function.__qualname__}"
        h = hashlib.sha256(f"{__version__}|{step.name}|{function}".encode())
        for text in texts:
            h.update(text.encode())
        for module in code:
            h.update(f"{module}={digest(modules[module])}".encode())
        for rel in sorted({*data_files(named(code), package_dir), *step.resources}):
            for path in _files(package_dir / rel):
                h.update(f"{path.relative_to(package_dir).as_posix()}={digest(path)}".encode())
        for name in step_inputs(step, steps):
            h.update(f"{name}={versions[name]}".encode())
        versions[step.name] = h.hexdigest()[:16]
    return versions


def article_key(digest: str, version: str) -> str:
    """The cache key of one article for one step: its content digest (the catalog's ``digest``,
    :func:`mediabias.corpus.catalog.article_digest`) and the step's version."""
    return hashlib.sha256(f"{version}\x00{digest}".encode()).hexdigest()[:16]
