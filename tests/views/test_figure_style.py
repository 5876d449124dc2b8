"""The figure rules (mediabias.views.figure_style): hand-checked arithmetic, and each rule refusing a bad figure."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mediabias.views import figure_style
from mediabias.views import plots
from mediabias.site import build as site
from mediabias.views.plots import save_figure  # noqa: E402


@pytest.fixture(autouse=True)
def style():
    plots.use_style()
    yield
    plt.close("all")


DATA = pd.DataFrame({"x": [1]})


def test_content_width_is_the_sites_content_column():
    # main { max-width:62rem; padding:1.2rem } at 16 px per rem: 992 - 38.4 = 953.6 CSS px
    assert "main { max-width:62rem; margin:0 auto; padding:1.2rem; }" in site.CSS
    assert figure_style.CONTENT_WIDTH_PX == pytest.approx(953.6)


@pytest.mark.parametrize("size, width_px, dpi, expected", [
    (9, 900, 96, 9.0),            # narrower than the column, 96 dpi: shown as is
    (9, 900, 150, 14.0625),       # 150 dpi image shown at 1 image px per CSS px: 9 * 150 / 96
    (9, 1907.2, 150, 7.03125),    # twice the column: halved
    (8, 1200, 150, 8 * 150 / 96 * 953.6 / 1200),
])
def test_shown_points_arithmetic(size, width_px, dpi, expected):
    assert figure_style.shown_points(size, png_width_px=width_px, dpi=dpi) == pytest.approx(expected)


def test_category_palette_colours_are_pairwise_distinct():
    pal = figure_style.CATEGORY_PALETTE
    assert len(pal) >= figure_style.MAX_CATEGORIES and len(set(pal)) == len(pal)
    worst = min(figure_style.colour_distance(a, b) for i, a in enumerate(pal) for b in pal[i + 1:])
    assert worst >= figure_style.MIN_COLOUR_DISTANCE
    assert figure_style.colour_distance("#0072B2", "#0072B2") == 0
    with pytest.raises(ValueError, match="distinguishable colours"):
        figure_style.category_colors(range(len(pal) + 1))


def good_figure():
    fig, ax = plt.subplots(figsize=(5, 2.5))
    ax.barh(["Hot Air", "Foreign Policy"], [0.4, 0.7], color=["#0072B2", "#E69F00"])
    for y, v in enumerate([0.4, 0.7]):
        ax.text(v, y, " n=12", va="center", fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of attributions")
    return fig, ax


def test_a_figure_meeting_the_rules_is_saved_with_its_facts(tmp_path):
    fig, _ = good_figure()
    save_figure(fig, DATA, notebook="00-corpus", name="ok", root=tmp_path, outlet_ids=["hotair", "fp"])
    png = tmp_path / "00-corpus" / "ok.png"
    assert figure_style.problems_in_png(png, outlet_ids=["hotair", "fp"]) == []
    from PIL import Image

    with Image.open(png) as im:
        assert figure_style.METADATA_KEY in im.text


def broken(kind):
    fig, ax = good_figure()
    if kind == "tiny text":
        fig.set_size_inches(14, 2.5)
        ax.set_title("wide and small", fontsize=7)
    elif kind == "shared colour":
        ax.bar([0], [0], color="#0072B2", label="anonymous")
        ax.bar([0], [0], color="#1f77b4", label="us military")
        ax.legend()
    elif kind == "outlet id":
        ax.set_yticks([0, 1], ["hotair · author (n=3)", "Foreign Policy (n=2)"])
    elif kind == "missing n":
        for t in list(ax.texts):
            t.remove()
    elif kind == "share from 19":
        ax.set_xlim(0.19, 1)
    elif kind == "too many rows":
        ax.barh([f"row {i}" for i in range(13)], [0.1] * 13)
    return fig


@pytest.mark.parametrize("kind, message", [
    ("tiny text", r"shows at \d\.\d pt at the site's content width"),
    ("shared colour", "'anonymous' and 'us military' share a colour"),
    ("outlet id", "shows outlet id\\(s\\) hotair: show outlets by name"),
    ("missing n", "2 bars/dots/heatmap rows but 0 'n=' labels"),
    ("share from 19", "is a share, rate or count but starts at 0.19"),
    ("too many rows", "y axis lists 15 categories"),
])
def test_a_figure_breaking_a_rule_is_refused_with_what_to_change(tmp_path, kind, message):
    with pytest.raises(ValueError, match=message):
        save_figure(broken(kind), DATA, notebook="00-corpus", name="bad", root=tmp_path, outlet_ids=["hotair"])
    assert not (tmp_path / "00-corpus").exists()


def test_a_png_not_saved_by_save_figure_is_reported(tmp_path):
    fig, _ = good_figure()
    fig.savefig(tmp_path / "plain.png")
    assert re.search("no mediabias-figure facts", " ".join(figure_style.problems_in_png(tmp_path / "plain.png")))
