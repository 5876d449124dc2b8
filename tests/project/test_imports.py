"""The package's import graph: no cycles, no private name imported across modules, and every module importable in
any order (which follows from no cycles: a circular import once broke `import mediabias.framing.roles` whenever it came
before `mediabias.framing`). ``scripts/import_graph.py`` prints the same findings; CI runs it too."""

import importlib
import importlib.util
import pkgutil
import sys
from pathlib import Path

import pytest

import mediabias

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "import_graph.py"
spec = importlib.util.spec_from_file_location("import_graph", SCRIPT)
import_graph = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_graph)


def test_the_import_graph_has_no_cycles_and_no_cross_module_private_names():
    edges, private, _ = import_graph.graph()
    assert import_graph.cycles(edges) == []
    assert private == []


def test_the_graph_script_finds_a_cycle_and_a_private_import(tmp_path):
    pkg = tmp_path / "mediabias"
    (pkg / "room").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "room" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from mediabias.b import _hidden\n")
    (pkg / "b.py").write_text("def f():\n    import mediabias.a\n_hidden = 1\n")
    (pkg / "room" / "c.py").write_text("from mediabias.room import d\n")
    (pkg / "room" / "d.py").write_text("X = 1\n")
    edges, private, deferred = import_graph.graph(tmp_path)
    assert import_graph.cycles(edges) == [["mediabias.a", "mediabias.b"]]
    assert private == ["mediabias.a:1 imports _hidden from mediabias.b"]
    assert deferred == ["mediabias.b:2 defers mediabias.a"]
    assert edges["mediabias.room.c"] == {"mediabias.room.d"}


def test_every_module_imports_after_any_other():
    names = sorted(m.name for m in pkgutil.walk_packages(mediabias.__path__, "mediabias.") if "__main__" not in m.name)
    for name in reversed(names):  # the reverse of the usual order: leaves first
        importlib.import_module(name)
    assert set(names) <= set(sys.modules)


def test_only_views_and_site_import_views():
    """Data flows one way: measures and their statistics live below ``views`` (``compare``), so nothing in the package
    but ``views`` itself and ``site`` (which builds pages from what views draw) imports it; notebooks may."""
    edges, _, _ = import_graph.graph()
    allowed = ("mediabias.views", "mediabias.site")
    offenders = sorted(f"{src} imports {dst}" for src, dsts in edges.items() for dst in dsts
                       if (dst == "mediabias.views" or dst.startswith("mediabias.views."))
                       and not any(src == a or src.startswith(a + ".") for a in allowed))
    assert offenders == []
