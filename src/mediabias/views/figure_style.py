"""The rules every figure must meet where it is read (the site's content column), checked in one place.

A figure is read on a notebook page of the site, whose content column is :data:`CONTENT_WIDTH_PX` CSS
pixels wide (``site.CSS``: ``main`` is 62rem with 1.2rem padding each side, at 16px per rem). A PNG wider
than that is shrunk to fit, so its text shrinks with it. For a PNG ``W`` pixels wide saved at ``dpi``, text
of ``s`` points is shown at

    s × dpi / 96 × min(1, CONTENT_WIDTH_PX / W)   points equivalent (96 CSS px per inch, 72 pt per inch)

and that must be at least :data:`MIN_POINTS` for the smallest text in the figure. The other rules:

* categories never share a colour: the colours of a legend's entries (and :func:`category_colors`) are
  pairwise at least :data:`MIN_COLOUR_DISTANCE` apart in CIELAB (ΔE*76);
* outlets are shown by name: no label is a raw outlet id;
* n is on every bar or dot: each axes has at least as many ``n=`` labels (texts or tick labels) as it has bar
  positions, scatter dots and heatmap rows with data;
* axes of shares (and rates, counts) start at 0: an axis labelled as a share, a percentage, a rate or a count
  has its lower limit at 0;
* no axis or legend lists more than :data:`MAX_CATEGORIES` categories: split or filter the figure.

:func:`measure` reads these facts off a drawn figure, :func:`problems` judges them; ``plots.save_figure``
refuses a figure with problems and stores the facts in the PNG (``mediabias-figure`` text chunk) so a test
can redo the arithmetic on every figure the notebooks wrote (:func:`problems_in_png`).
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np

#: Width of the site's content column in CSS px: 62rem max-width minus 2 × 1.2rem padding, 16px per rem.
CONTENT_WIDTH_PX = (62 - 2 * 1.2) * 16
#: The smallest text, in points as shown at the content width.
MIN_POINTS = 9.0
#: The most categories one axis (or legend) may list.
MAX_CATEGORIES = 12
#: Minimum CIELAB distance between two category colours.
MIN_COLOUR_DISTANCE = 20.0
#: Padding ``bbox_inches="tight"`` adds around the figure (matplotlib's ``savefig.pad_inches``).
PAD_INCHES = 0.1
#: Resolution of saved and inline figures (``plots.use_style`` sets both).
DPI = 150
METADATA_KEY = "mediabias-figure"

#: Colour-blind-safe categorical palette: Okabe & Ito (2008), then Paul Tol's wine, olive, grey and
#: brown; every pair is at least MIN_COLOUR_DISTANCE apart (tested).
CATEGORY_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000",
                    "#882255", "#999933", "#8C8C8C", "#7F3C0A"]

N_LABEL = re.compile(r"\bn\s*=\s*[\d,]+")
SHARE_AXIS = re.compile(r"\bshare\b|%|\bper 1,?000\b|\brate\b|\bcount\b|\bproportion\b|^\s*(?:n|attributions|"
                        r"paragraphs|sentences|mentions|words)\b", re.I)
TOKEN_SPLIT = re.compile(r"[\s·,;:()\[\]×/]+")


def category_colors(categories) -> dict[str, str]:
    """A distinct colour per category, in sorted order (stable when categories are added).

    Raises ``ValueError`` when there are more categories than distinct colours: split or filter the figure.

    Example:
        >>> category_colors(["b", "a"])
        {'a': '#0072B2', 'b': '#E69F00'}
    """
    cats = sorted(set(categories), key=str)
    if len(cats) > len(CATEGORY_PALETTE):
        raise ValueError(f"{len(cats)} categories but only {len(CATEGORY_PALETTE)} distinguishable colours: "
                         f"show the top {MAX_CATEGORIES} and group the rest as 'other'")
    return {c: CATEGORY_PALETTE[i] for i, c in enumerate(cats)}


def lab(colour: str) -> np.ndarray:
    """CIELAB (D65) coordinates of an sRGB hex colour."""
    rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    rgb = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ rgb / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def colour_distance(a: str, b: str) -> float:
    """CIE76 ΔE between two hex colours (about 2.3 is a just-noticeable difference)."""
    return float(np.linalg.norm(lab(a) - lab(b)))


def shown_points(size_pt: float, *, png_width_px: float, dpi: float = DPI) -> float:
    """Points equivalent of ``size_pt`` text in a PNG ``png_width_px`` wide, shown at the content width."""
    return size_pt * dpi / 96 * min(1.0, CONTENT_WIDTH_PX / png_width_px)


def _hex(colour) -> str | None:
    from matplotlib.colors import to_hex

    try:
        if colour is None or (hasattr(colour, "__len__") and len(colour) == 0):
            return None
        arr = np.asarray(colour, dtype=float) if not isinstance(colour, str) else None
        if arr is not None and arr.ndim == 2:
            colour = arr[0]
        return to_hex(colour, keep_alpha=False)
    except (ValueError, TypeError):
        return None


def _handle_colour(handle) -> str | None:
    for getter in ("get_facecolor", "get_color", "get_markerfacecolor"):
        if hasattr(handle, getter):
            c = _hex(getattr(handle, getter)())
            if c:
                return c
    return None


def _label(t) -> str:
    return t.get_text().strip() if t.get_visible() else ""


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[−\-+]?[\d.,]+\s*%?", text.replace("\u2212", "-")))


def _marks(ax) -> int:
    """How many bars (distinct positions), scatter dots and heatmap rows with data the axes draws."""
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer
    from matplotlib.image import AxesImage

    positions = set()
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        for bar in container.patches:
            if bar.get_width() == 0 or bar.get_height() == 0:
                continue
            positions.add(round(bar.get_y() + bar.get_height() / 2, 3) if horizontal
                          else round(bar.get_x() + bar.get_width() / 2, 3))
    dots = set()
    for coll in ax.collections:
        if isinstance(coll, PathCollection):
            dots.update((round(float(x), 4), round(float(y), 4)) for x, y in np.asarray(coll.get_offsets()))
    rows = 0  # a heatmap needs n per row with data (in its row label or in its cells)
    for image in ax.get_images():
        if isinstance(image, AxesImage):
            grid = np.ma.filled(np.ma.asarray(image.get_array(), dtype=float), np.nan)
            rows += int(np.count_nonzero((~np.isnan(grid)).any(axis=1)))
    return len(positions) + len(dots) + rows


def measure(fig) -> dict:
    """The facts the rules are judged on, read off a drawn figure (JSON-able, deterministic)."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bbox = fig.get_tightbbox(renderer)
    texts = sorted((round(float(t.get_fontsize()), 2), t.get_text().strip())
                   for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
                   and t.get_window_extent(renderer).width > 0)
    labels = sorted({t for _, t in texts})
    legends = []
    for leg in [*(a.get_legend() for a in fig.axes), *fig.legends]:
        if leg is None:
            continue
        entries = [(t.get_text(), _handle_colour(h)) for t, h in zip(leg.get_texts(), leg.legend_handles)]
        legends.append([[label, colour] for label, colour in entries])
    axes = []
    for i, ax in enumerate(fig.axes):
        if not ax.get_visible() or not ax.axison or ax.get_label() == "<colorbar>":
            continue
        n_labels = sum(1 for t in [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels()]
                       if N_LABEL.search(_label(t)))
        entry = {"index": i, "title": ax.get_title() or ax.get_title("left"), "marks": _marks(ax),
                 "n_labels": n_labels, "axes": []}
        for name, axis, lim in (("x", ax.xaxis, ax.get_xlim()), ("y", ax.yaxis, ax.get_ylim())):
            ticks = [_label(t) for t in axis.get_ticklabels()]
            categories = [t for t in ticks if t and not _is_number(t)]
            label = axis.get_label().get_text()
            percent = any(t.endswith("%") for t in ticks if t)
            entry["axes"].append({"axis": name, "label": label, "low": round(float(min(lim)), 4),
                                  "high": round(float(max(lim)), 4), "categories": len(categories),
                                  "share": bool(SHARE_AXIS.search(label) or percent)})
        axes.append(entry)
    return {"width_in": round(bbox.width + 2 * PAD_INCHES, 4), "height_in": round(bbox.height + 2 * PAD_INCHES, 4),
            "dpi": DPI, "min_font_pt": texts[0][0] if texts else None,
            "smallest_text": texts[0][1][:60] if texts else None, "labels": labels, "legends": legends, "axes": axes}


def problems(facts: dict, *, png_width_px: float | None = None, outlet_ids=()) -> list[str]:
    """Every rule the figure breaks, each as a sentence saying what to change (empty list = fine)."""
    out = []
    width_px = png_width_px or facts["width_in"] * facts["dpi"]
    if facts["min_font_pt"] is not None:
        shown = shown_points(facts["min_font_pt"], png_width_px=width_px, dpi=facts["dpi"])
        if shown < MIN_POINTS - 1e-6:
            need = MIN_POINTS * 96 / facts["dpi"] / min(1.0, CONTENT_WIDTH_PX / width_px)
            out.append(f"smallest text {facts['smallest_text']!r} ({facts['min_font_pt']} pt in a "
                       f"{width_px / facts['dpi']:.1f} in wide figure) shows at {shown:.1f} pt at the site's "
                       f"content width; make it at least {need:.1f} pt or the figure narrower")
    for legend in facts["legends"]:
        if len(legend) > MAX_CATEGORIES:
            out.append(f"legend lists {len(legend)} categories (more than {MAX_CATEGORIES}): filter or split")
        for (la, ca), (lb, cb) in itertools.combinations(legend, 2):
            if ca and cb and colour_distance(ca, cb) < MIN_COLOUR_DISTANCE:
                out.append(f"categories {la!r} and {lb!r} share a colour ({ca} vs {cb})")
    ids = {str(o) for o in outlet_ids}
    for label in facts["labels"]:
        raw = sorted(ids & set(TOKEN_SPLIT.split(label)))
        if raw:
            out.append(f"label {label[:60]!r} shows outlet id(s) {', '.join(raw)}: show outlets by name")
    for ax in facts["axes"]:
        where = f"panel {ax['title'][:50]!r}" if ax["title"] else f"axes {ax['index']}"
        if ax["marks"] and ax["n_labels"] < ax["marks"]:
            out.append(f"{where}: {ax['marks']} bars/dots/heatmap rows but {ax['n_labels']} 'n=' labels: put n on every one")
        for a in ax["axes"]:
            if a["categories"] > MAX_CATEGORIES:
                out.append(f"{where}: {a['axis']} axis lists {a['categories']} categories (more than "
                           f"{MAX_CATEGORIES}): filter to what matters or split the figure")
            span = a["high"] - a["low"]
            if a["share"] and not (-0.06 * span <= a["low"] <= 1e-9):
                out.append(f"{where}: {a['axis']} axis {a['label']!r} is a share, rate or count but starts at "
                           f"{a['low']:g}: start it at 0")
    return out


def metadata(facts: dict) -> str:
    return json.dumps(facts, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def problems_in_png(png: Path, *, outlet_ids=()) -> list[str]:
    """Re-check a saved figure from the facts stored in it, with its real pixel width."""
    from PIL import Image

    with Image.open(png) as image:
        width, _ = image.size
        raw = image.text.get(METADATA_KEY)
    if raw is None:
        return [f"{png.name}: no {METADATA_KEY} facts (not saved with plots.save_figure)"]
    facts = json.loads(raw)
    expected = facts["width_in"] * facts["dpi"]
    out = []
    if abs(expected - width) > 3:
        out.append(f"{png.name}: {width} px wide, but its facts say {facts['width_in']} in at {facts['dpi']} dpi "
                   f"= {expected:.0f} px")
    return out + [f"{png.name}: {p}" for p in problems(facts, png_width_px=width, outlet_ids=outlet_ids)]
