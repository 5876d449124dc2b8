"""Figure layout that adapts to what the corpus holds, so the figure rules hold by construction.

The rules of :mod:`mediabias.views.figure_style` bound a figure's width (its smallest text must still show at
9 pt when the PNG is shrunk to the site's content column) and the categories of an axis (at most 12). A
corpus with more outlets, stories or actors, or with longer names, than the bundled one must get a figure that
fits those bounds, never a refused figure. The figure functions of ``views`` use these helpers to

* wrap long names onto lines of bounded length (:func:`wrap`), so a 35-character outlet name neither widens the
  figure nor overlaps its neighbour;
* keep the categories that matter most and say how many are left out (:func:`top`, :func:`shown_note`), the
  rest staying in the table beside the figure;
* split what would grow a figure sideways into panels stacked in rows (:func:`chunks`, :func:`grid`), so that
  more outlets make a figure taller, not wider.

Example:
    >>> wrap("The Washington Post Editorial Board", 22)
    'The Washington Post\\nEditorial Board'
    >>> chunks(list("abcdefg"), 5)
    [['a', 'b', 'c', 'd'], ['e', 'f', 'g']]
"""

from __future__ import annotations

import itertools
import math
import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd

from mediabias.views import figure_style

#: Characters per line of a wrapped outlet or actor name on an axis.
NAME_WIDTH = 22
#: Panels per row of a faceted figure: more would shrink its text below the rule at the content width.
MAX_PANEL_COLUMNS = 3


def max_width_in(smallest_pt: float = figure_style.MIN_POINTS) -> float:
    """The widest figure (inches, padding included) whose ``smallest_pt`` text still shows at the rule's size.

    A PNG wider than the content column is shrunk to it: text of ``s`` points in a figure ``w`` inches wide shows
    at ``s × CONTENT_WIDTH_PX / (96 w)``, so ``w`` may be at most ``s × CONTENT_WIDTH_PX / (96 × MIN_POINTS)``.

    >>> round(max_width_in(9), 2)
    9.93
    """
    return smallest_pt * figure_style.CONTENT_WIDTH_PX / (96 * figure_style.MIN_POINTS)


def wrap(text: str, width: int = NAME_WIDTH, *, max_lines: int = 2) -> str:
    """``text`` on lines of at most ``width`` characters (``max_lines`` at most, the last shortened with "…").

    Text that fits on one line is returned unchanged.

    >>> wrap("Hot Air")
    'Hot Air'
    >>> wrap("The Independent Review of Foreign Affairs and Trade", 20)
    'The Independent\\nReview of Foreign…'
    """
    text = str(text)
    if len(text) <= width:
        return text
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:width - 1].rstrip() + "…"
    return "\n".join(lines)


def n_lines(labels: Sequence[str]) -> int:
    """Lines the labels take in all (a wrapped label counts each of its lines)."""
    return sum(str(label).count("\n") + 1 for label in labels)


def top(weights: pd.Series, k: int = figure_style.MAX_CATEGORIES) -> list:
    """The ``k`` index values of greatest weight (ties broken by the value itself), in the series' own order.

    >>> top(pd.Series({"a": 1, "b": 5, "c": 3}), 2)
    ['b', 'c']
    """
    if len(weights) <= k:
        return list(weights.index)
    ranked = sorted(weights.index, key=lambda c: (-float(weights[c]), str(c)))[:k]
    keep = set(ranked)
    return [c for c in weights.index if c in keep]


def shown_note(shown: int, total: int, what: str, by: str) -> str:
    """A title suffix saying how many categories a capped figure shows (empty when it shows them all).

    >>> shown_note(12, 20, "outlets", "most words")
    '\\n(the 12 of 20 outlets with the most words;\\nthe table lists all)'
    """
    if shown >= total:
        return ""
    return f"\n(the {shown} of {total} {what} with the {by};\nthe table lists all)"


def chunks(items: Sequence, size: int) -> list[list]:
    """``items`` in consecutive chunks of at most ``size``, as even as possible (11 in chunks of 6: 6 and 5)."""
    items = list(items)
    if not items:
        return [[]]
    parts = math.ceil(len(items) / size)
    step = math.ceil(len(items) / parts)
    return [items[i:i + step] for i in range(0, len(items), step)]


def grid(n_panels: int, max_columns: int = MAX_PANEL_COLUMNS) -> tuple[int, int]:
    """``(rows, columns)`` for ``n_panels`` panels at most ``max_columns`` a row.

    >>> grid(4, 3), grid(2, 3), grid(0)
    ((2, 3), (1, 2), (1, 1))
    """
    columns = max(1, min(max_columns, n_panels))
    return max(1, math.ceil(n_panels / columns)), columns


def article_keys(article_ids: Sequence[str], *, avoid=()) -> dict[str, str]:
    """A short, unique key per article id, to name an article on an axis.

    The bundled corpus's ids start with a three-digit number (``000_908ce795a3fce461``): the number is the key.
    Other ids (``nyt-2011-10-22-iraq-talks`` from ``mediabias add``) get their shortest unique prefix of 8 to 14
    characters that is none of ``avoid`` (pass the outlet ids: a figure never shows a raw outlet id); when no
    such prefix exists, ``#1``, ``#2``, ... in id order.

    >>> article_keys(["000_ab", "001_cd"])
    {'000_ab': '000', '001_cd': '001'}
    >>> article_keys(["nyt-2011-10-22-a", "nyt-2011-10-23-b"])
    {'nyt-2011-10-22-a': 'nyt-2011-10-22', 'nyt-2011-10-23-b': 'nyt-2011-10-23'}
    >>> article_keys(["outlet02-0", "outlet02-1"], avoid={"outlet02"})
    {'outlet02-0': 'outlet02-0', 'outlet02-1': 'outlet02-1'}
    """
    ids = sorted({str(a) for a in article_ids})
    avoid = {str(a) for a in avoid}
    if all(a[:3].isdigit() for a in ids) and len({a[:3] for a in ids}) == len(ids):
        return {a: a[:3] for a in ids}
    for length in range(8, 15):
        keys = {a: a[:length].rstrip("-_") for a in ids}
        if len(set(keys.values())) == len(ids) and not avoid & set(keys.values()):
            return keys
    return {a: f"#{i}" for i, a in enumerate(ids, start=1)}


def fit_width(fig, *, margin: float = 0.05, min_width: float = 2.0):
    """Narrow ``fig`` until its smallest text shows at the rule's size at the content width; returns it.

    Text drawn outside the axes (long tick labels, an ``n=`` beside the longest bar) makes the saved figure wider
    than its canvas. Narrowing the canvas by the excess shrinks the axes and keeps every text its size, so the
    figure fits :func:`max_width_in` (less ``margin``) whatever the names are. A figure that already fits is left
    as it is, to the byte.
    """
    facts = figure_style.measure(fig)
    limit = max_width_in(facts["min_font_pt"] or figure_style.MIN_POINTS) - margin
    for _ in range(4):
        excess = facts["width_in"] - limit
        if excess <= 0 or fig.get_figwidth() <= min_width:
            break
        fig.set_figwidth(max(fig.get_figwidth() - excess - 0.01, min_width))
        facts = figure_style.measure(fig)
    return fig


def nothing_found(what: str):
    """A small figure saying there is nothing to show, for a figure function given an empty table (``save_figure``
    then writes no file and prints a note instead of failing on an empty axis)."""
    fig, ax = plt.subplots(figsize=(4, 1))
    ax.axis("off")
    ax.text(0, 0.5, f"Nothing found: {what}.", fontsize=10, va="center")
    return fig


def overlapping(fig, texts) -> bool:
    """Whether any two of ``texts`` (drawn on ``fig``) overlap on the canvas."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    return any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))
