"""Figures: one house style, stable outlet colours, and saving every figure with its data.

Every figure is written as ``figures/<notebook>/<name>.png`` together with ``<name>.csv`` holding
exactly the numbers that were plotted, so a reader can check a bar without rerunning anything.
PNG files carry no timestamp or version metadata, so the same data gives the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from mediabias import paths
from mediabias.views import figure_style

#: Colour-blind-safe palette (Okabe & Ito 2008, extended; see ``figure_style``), assigned in sorted order.
PALETTE = figure_style.CATEGORY_PALETTE
VOICE_COLORS = {"author": "#444444", "excerpt": "#56B4E9", "quoted": "#E69F00"}
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def use_style() -> None:
    """Apply the house style (large readable text, light grid, no top/right spines)."""
    plt.rcParams.update({
        "figure.dpi": figure_style.DPI, "savefig.dpi": figure_style.DPI, "font.size": 10.5, "axes.titlesize": 12,
        "axes.titleweight": "bold", "axes.titlelocation": "left", "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "grid.color": "#e5e5e5", "grid.linewidth": 0.8,
        "axes.axisbelow": True, "legend.frameon": False, "figure.autolayout": False,
        "svg.hashsalt": "mediabias", "font.family": "DejaVu Sans",
    })


#: The one colour of every outlet when a figure shows more outlets than there are distinguishable colours.
SINGLE_OUTLET_COLOR = "#0072B2"


def outlet_colors(outlet_ids, *, shown=None) -> dict[str, str]:
    """A colour per outlet id, assigned in sorted order of ``outlet_ids`` (the corpus's outlets).

    When the corpus has more outlets than distinguishable colours, the colours are assigned over ``shown`` (the
    outlets a figure draws) instead; when those are too many as well, every outlet gets
    :data:`SINGLE_OUTLET_COLOR`: the figures that use these colours name each outlet on an axis, so the colour
    only repeats the name and is never the one way to tell outlets apart.

    >>> outlet_colors(["b", "a"])
    {'a': '#0072B2', 'b': '#E69F00'}
    >>> set(outlet_colors([f"o{i}" for i in range(20)]).values())
    {'#0072B2'}
    """
    ids = sorted({str(o) for o in outlet_ids})
    limit = len(figure_style.CATEGORY_PALETTE)
    if len(ids) <= limit:
        return figure_style.category_colors(ids)
    chosen = sorted({str(o) for o in shown}) if shown is not None else []
    colors = dict.fromkeys(ids, SINGLE_OUTLET_COLOR)
    if 0 < len(chosen) <= limit:
        colors.update(figure_style.category_colors(chosen))
    return colors


def known_outlet_ids(corpus=None) -> list[str]:
    """Outlet ids of the corpus (``outlets.csv``), which a figure must show by name, never raw."""
    path = paths.corpus_dir(corpus) / "outlets.csv"
    return sorted(pd.read_csv(path)["outlet_id"].astype(str)) if path.exists() else []


def save_figure(fig, data: pd.DataFrame, *, notebook: str, name: str, root: str | Path, outlet_ids=None) -> None:
    """Save ``fig`` as PNG and ``data`` (what was plotted) as CSV under ``figures/<notebook>/``.

    The figure must meet the rules of :mod:`mediabias.views.figure_style` (legible at the site's content width,
    distinct category colours, outlets by name, n on every bar or dot, shares from 0, at most 12 categories
    per axis); a figure that breaks one is refused with ``ValueError`` listing what to change. The facts
    checked are stored in the PNG so tests can redo the check on every saved figure.

    Args:
        fig: a matplotlib figure.
        data: the tidy table behind the figure. When it is empty the figure is closed unsaved and a note is
            printed, so a notebook still runs on a selection that has nothing of this kind.
        notebook: the notebook's stem, e.g. ``"00-corpus"``.
        name: a file-safe name, e.g. ``"voice-share"``.
        root: the figures directory (a notebook's ``FIGURES`` parameter; relative paths are taken from the working
            directory, which is the notebook's folder when it runs).
        outlet_ids: ids that must not appear as labels (default: the outlets of the bundled corpus).

    Returns ``None`` on purpose: as the last line of a notebook cell it prints nothing (a path would put the
    machine's directory into the committed notebook and break byte-for-byte reproducibility).
    """
    if not NAME.match(name) or not NAME.match(notebook):
        raise ValueError(f"figure and notebook names must be lowercase file-safe ids, got {notebook!r}/{name!r}")
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"figure {name!r}: pass the table that was plotted (a DataFrame), so it can be saved beside the PNG")
    if data.empty:  # a selection with nothing to show (e.g. a story whose articles quote nobody): say so, save nothing
        plt.close(fig)
        print(f"Nothing to plot for {name!r} in this selection (its table is empty); no figure written.")
        return None
    facts = figure_style.measure(fig)
    ids = known_outlet_ids() if outlet_ids is None else outlet_ids
    broken = figure_style.problems(facts, outlet_ids=ids)
    if broken:
        plt.close(fig)
        raise ValueError(f"figure {notebook}/{name} breaks the figure rules (mediabias.views.figure_style):\n  - "
                         + "\n  - ".join(broken))
    folder = Path(root) / notebook
    folder.mkdir(parents=True, exist_ok=True)
    png = folder / f"{name}.png"
    fig.savefig(png, bbox_inches="tight", pad_inches=figure_style.PAD_INCHES, dpi=figure_style.DPI,
                metadata={"Software": None, figure_style.METADATA_KEY: figure_style.metadata(facts)},
                facecolor="white")
    data.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", float_format="%.6g")
