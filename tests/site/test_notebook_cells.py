"""Notebooks read and draw only: no code cell defines a function or loops over data, none is long.

Notebooks are for communication, ``src/`` is for repetition: a figure or a table that takes more than a few
lines is a :mod:`mediabias.views` function with a test. Each ``notebooks/NN-*.py`` (jupytext percent format) is
parsed with ``ast``, cell by cell; nothing is executed.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]-*.py"))
CELL = re.compile(r"^# %%(?P<header>.*)$", flags=re.M)
#: Lines of logic a code cell may hold (import statements not counted).
MAX_LINES = 10
#: What a notebook cell may not contain: function and class definitions (lambdas included), loops, and
#: comprehensions (a loop over rows in one line).
FORBIDDEN = {ast.FunctionDef: "a function definition", ast.AsyncFunctionDef: "a function definition",
             ast.Lambda: "a lambda", ast.ClassDef: "a class definition", ast.For: "a for loop",
             ast.While: "a while loop", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
             ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension"}
#: Cells left for the work that owns them, by notebook and the first line of the cell: the in-domain filter that
#: ``load_results`` is to hand over computed, and 05's comparison computed by the ``compare`` room (issue 24).
PENDING: dict[str, set[str]] = {}  # cells excused while their code moves out (none left)


def code_cells(path: Path) -> list[tuple[int, str]]:
    """``(first line number, source)`` of every code cell of a jupytext percent notebook."""
    text = path.read_text(encoding="utf-8")
    marks = list(CELL.finditer(text))
    cells = []
    for mark, following in zip(marks, [*marks[1:], None]):
        if "[markdown]" in mark.group("header"):
            continue
        end = following.start() if following else len(text)
        cells.append((text.count("\n", 0, mark.end()) + 2, text[mark.end() + 1:end]))
    return cells


def logic_lines(source: str) -> int:
    """Non-blank, non-comment lines of the cell's statements other than imports."""
    lines = source.splitlines()
    counted = set()
    for stmt in ast.parse(source).body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            continue
        counted |= {n for n in range(stmt.lineno, stmt.end_lineno + 1)
                    if lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")}
    return len(counted)


def problems(path: Path) -> list[str]:
    """What breaks the rule, one line per cell: ``NN-name.py:LINE: why``."""
    found = []
    for line, source in code_cells(path):
        first = next((s.strip() for s in source.splitlines() if s.strip() and not s.startswith("#")), "")
        if first in PENDING.get(path.stem, set()):
            continue
        why = sorted({FORBIDDEN[type(node)] for node in ast.walk(ast.parse(source)) if type(node) in FORBIDDEN})
        n = logic_lines(source)
        if n > MAX_LINES:
            why.append(f"{n} lines of logic (at most {MAX_LINES})")
        if why:
            found.append(f"{path.name}:{line}: {', '.join(why)}")
    return found


def test_there_are_notebook_sources():
    assert len(NOTEBOOKS) >= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_cells_only_read_and_draw(path):
    assert problems(path) == []


def test_the_check_finds_a_loop_a_definition_and_a_long_cell(tmp_path):
    bad = tmp_path / "99-bad.py"
    bad.write_text("# %% [markdown]\n# for x in y: text, not code\n\n# %%\nimport pandas as pd\n"
                   "for r in rows:\n    print(r)\n\n# %%\ndef f():\n    pass\n\n# %%\n"
                   + "".join(f"x{i} = {i}\n" for i in range(11)) + "\n# %%\nnames = [c for c in cols]\n",
                   encoding="utf-8")
    assert problems(bad) == ["99-bad.py:5: a for loop", "99-bad.py:10: a function definition",
                             "99-bad.py:14: 11 lines of logic (at most 10)", "99-bad.py:27: a comprehension"]
