"""Notebooks read and draw only: no code cell defines a function or loops over data, none is long, and none
computes a derived column the pipeline finishes the tables with (the irony cues, the in-domain verdict).

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
#: Cells excused while their code moves out to the package, by notebook and the first line of the cell.
PENDING: dict[str, set[str]] = {}  # cells excused while their code moves out (none left)
#: Functions that compute what ``load_results`` hands finished (``Results.gated``, ``Results.inside``,
#: ``Results.left_out``): a notebook calling one computes a table's derived columns a second time.
FINISHING = {"gate", "mark_irony", "flag_outlets", "in_domain_tables"}


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


def recomputed(path: Path) -> list[str]:
    """Where a notebook finishes a table itself, one line each: ``NN-name.py:LINE: why`` (a call to one of
    :data:`FINISHING`, or rows filtered on ``in_domain``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in FINISHING:
                found.append((node.lineno, f"calls {name}"))
        elif isinstance(node, ast.Subscript) and any(
                isinstance(inner, ast.Subscript) and isinstance(inner.slice, ast.Constant)
                and inner.slice.value == "in_domain" for inner in ast.walk(node.slice)):
            found.append((node.lineno, "filters rows on in_domain"))
    return [f"{path.name}:{line}: {why}" for line, why in sorted(found)]


def test_there_are_notebook_sources():
    assert len(NOTEBOOKS) >= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_cells_only_read_and_draw(path):
    assert problems(path) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebooks_read_finished_tables_and_gate_nothing_themselves(path):
    assert recomputed(path) == []


def test_the_finishing_check_finds_a_gate_an_irony_check_and_a_domain_filter(tmp_path):
    bad = tmp_path / "99-bad.py"
    bad.write_text("# %%\ng = gate(mark_irony(R['actor_sentiment'], seg), R['domain'], 'target_sentiment')\n"
                   "inside = g[g['in_domain']]\nout = g.loc[~g['in_domain'], 'article_id']\n"
                   "ok = R.inside['frames'][['article_id', 'in_domain']]\n", encoding="utf-8")
    assert recomputed(bad) == ["99-bad.py:2: calls gate", "99-bad.py:2: calls mark_irony",
                               "99-bad.py:3: filters rows on in_domain", "99-bad.py:4: filters rows on in_domain"]


def test_the_check_finds_a_loop_a_definition_and_a_long_cell(tmp_path):
    bad = tmp_path / "99-bad.py"
    bad.write_text("# %% [markdown]\n# for x in y: text, not code\n\n# %%\nimport pandas as pd\n"
                   "for r in rows:\n    print(r)\n\n# %%\ndef f():\n    pass\n\n# %%\n"
                   + "".join(f"x{i} = {i}\n" for i in range(11)) + "\n# %%\nnames = [c for c in cols]\n",
                   encoding="utf-8")
    assert problems(bad) == ["99-bad.py:5: a for loop", "99-bad.py:10: a function definition",
                             "99-bad.py:14: 11 lines of logic (at most 10)", "99-bad.py:27: a comprehension"]
