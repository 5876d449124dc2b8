"""Figures that adapt to what the corpus holds (issue 26, item 1): the layout helpers, and every figure function of
``views`` given 12 (or more) outlets with long names, long actor names and many articles, meeting the figure rules
(mediabias.views.figure_style) without any change to those rules."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mediabias.compare.measures import SUMMARY_COLUMNS  # noqa: E402
from mediabias.views import compare, figure_style, framing, layout, overview, plots, sentiment, sources  # noqa: E402
from tests.synthetic import LONG_NAMES  # noqa: E402

IDS = [f"outlet{i:02d}" for i in range(14)]
NAMES = dict(zip(IDS, LONG_NAMES + ["The Very Long Named Fourteenth Outlet of Record", "Fifteenth Outlet Daily Times"]))
ACTORS = [f"The Joint Committee on Item {i} and Related Matters" for i in range(12)]


@pytest.fixture(autouse=True)
def style():
    plots.use_style()
    yield
    plt.close("all")


def title(ax) -> str:
    return ax.get_title("left") or ax.get_title()


def problems(fig) -> list[str]:
    facts = figure_style.measure(fig)
    return figure_style.problems(facts, outlet_ids=IDS)


def width_in(fig) -> float:
    return figure_style.measure(fig)["width_in"]


def categories(fig) -> int:
    return max(a["categories"] for ax in figure_style.measure(fig)["axes"] for a in ax["axes"])


# --- the helpers ------------------------------------------------------------------------------------------------

def test_the_widest_legible_figure_is_the_content_column_at_9_pt():
    # 9 pt at 150 dpi is 14.06 pt on a 96 dpi page; shrunk to 953.6 px it is 9 pt at 1490 px = 9.93 in
    assert layout.max_width_in(9) == pytest.approx(953.6 / 96)
    assert figure_style.shown_points(9, png_width_px=layout.max_width_in(9) * 150) == pytest.approx(9)


@pytest.mark.parametrize("text, width, lines, expected", [
    ("Hot Air", 22, 2, "Hot Air"),                                               # short: unchanged
    ("The Associated Press", 22, 2, "The Associated Press"),
    ("The Washington Post Editorial Board", 22, 2, "The Washington Post\nEditorial Board"),
    ("The Independent Review of Foreign Affairs and Trade", 20, 2, "The Independent\nReview of Foreign…"),
    ("Supercalifragilisticexpialidocious", 10, 2, "Supercalif\nragilisti…"),   # one long word is broken
])
def test_wrap(text, width, lines, expected):
    out = layout.wrap(text, width, max_lines=lines)
    assert out == expected
    assert all(len(line) <= width for line in out.split("\n")) and out.count("\n") < lines


def test_top_keeps_the_heaviest_in_their_own_order_and_breaks_ties_by_name():
    weights = pd.Series({"c": 2, "a": 5, "b": 2, "d": 1})
    assert layout.top(weights, 2) == ["a", "b"]            # b before c on the tie (by name)
    assert layout.top(weights, 3) == ["c", "a", "b"]       # returned in the series' order
    assert layout.top(weights, 12) == ["c", "a", "b", "d"]


@pytest.mark.parametrize("n, size, expected", [(5, 12, [5]), (12, 12, [12]), (13, 12, [7, 6]), (14, 5, [5, 5, 4]),
                                               (0, 5, [0])])
def test_chunks_are_even_and_never_over_size(n, size, expected):
    assert [len(c) for c in layout.chunks(range(n), size)] == expected


def test_shown_note_says_what_a_capped_figure_left_out():
    assert layout.shown_note(5, 5, "outlets", "most words") == ""
    assert layout.shown_note(12, 14, "outlets", "most words") == \
        "\n(the 12 of 14 outlets with the most words;\nthe table lists all)"


def test_article_keys_are_unique_and_never_an_outlet_id():
    assert layout.article_keys(["000_908c", "004_e919"]) == {"000_908c": "000", "004_e919": "004"}
    keys = layout.article_keys(["outlet02-0", "outlet02-1", "outlet03-0"], avoid=["outlet02", "outlet03"])
    assert len(set(keys.values())) == 3 and not set(keys.values()) & {"outlet02", "outlet03"}
    same = ["x" * 20 + "a", "x" * 20 + "b"]  # no prefix of 14 characters tells them apart
    assert layout.article_keys(same) == {same[0]: "#1", same[1]: "#2"}


def test_outlet_colors_never_refuse_a_corpus_with_more_outlets_than_colours():
    few = plots.outlet_colors(["nyt", "hotair", "ap"])
    assert few == figure_style.category_colors(["ap", "hotair", "nyt"])  # as before: stable over the corpus
    many = plots.outlet_colors(IDS + ["x", "y"], shown=IDS[:3])           # 16 outlets, 3 drawn: distinct colours
    assert len({many[o] for o in IDS[:3]}) == 3
    assert set(plots.outlet_colors(IDS + ["x", "y"]).values()) == {plots.SINGLE_OUTLET_COLOR}


# --- figures given 12 or more outlets with long names ---------------------------------------------------------------

def voice_table(n_articles: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    arts = pd.DataFrame({"article_id": [f"{IDS[i % 14]}-{i}" for i in range(n_articles)],
                         "outlet": [IDS[i % 14] for i in range(n_articles)],
                         "published": [f"2011-10-{1 + i % 28:02d}" for i in range(n_articles)],
                         "title": [f"A rather long headline about the withdrawal of troops, part {i}" for i in range(n_articles)]})
    arts["outlet_name"] = arts["outlet"].map(NAMES)
    rows = []
    for i, r in enumerate(arts.itertuples()):
        rows.append((r.article_id, r.outlet, "author", r.outlet, 400 + 10 * i))
        rows.append((r.article_id, r.outlet, "excerpt", IDS[(i + 1) % 14], 150))
    vw = pd.DataFrame(rows, columns=["article_id", "outlet", "voice", "speaking_outlet", "n_words"])
    vw["share"] = vw["n_words"] / vw.groupby("article_id")["n_words"].transform("sum")
    vw["speaking_outlet_name"] = vw["speaking_outlet"].map(NAMES)
    return vw, arts


def test_voice_share_of_40_articles_from_14_outlets_is_capped_split_and_legible():
    vw, arts = voice_table(40)
    fig, data = overview.plot_voice_share(vw, arts, outlet_ids=IDS)
    assert problems(fig) == []
    assert data["article_id"].nunique() == overview.MAX_ROWS == 36           # the 36 latest, said in the title
    assert "the 36 of 40 articles" in title(fig.axes[0])
    assert len(fig.axes) == 3 and categories(fig) <= 12                      # three panels of twelve
    legend = fig.axes[-1].get_legend()
    assert len(legend.get_texts()) <= 12 and "excerpt: 4 other outlets" in [t.get_text() for t in legend.get_texts()]


def test_voice_share_of_the_bundled_kind_stays_one_panel():
    vw, arts = voice_table(5)
    fig, data = overview.plot_voice_share(vw, arts, outlet_ids=IDS[:6])
    assert problems(fig) == [] and len(fig.axes) == 1 and len(data) == 10


def test_readability_of_many_article_voices():
    vw, _ = voice_table(30)
    rd = vw.rename(columns={}).assign(n_sentences=20, flesch_reading_ease=np.linspace(10, 90, len(vw)))
    fig, data = overview.plot_readability(rd, colors=plots.outlet_colors(IDS))
    assert problems(fig) == [] and len(data) == 36 and categories(fig) <= 12


def rate_table(n: int) -> pd.DataFrame:
    return pd.DataFrame({"speaking_outlet": [IDS[i % 14] for i in range(n)], "voice": ["author", "excerpt"] * (n // 2),
                         "n_articles": [1, 2, 3, 4] * (n // 4) + [1] * (n % 4), "n_words": range(500, 500 + 10 * n, 10),
                         "n_attributions": 7, "per_1000_words": 14.2, "per_1000_lo": np.nan, "per_1000_hi": np.nan,
                         "per_article": "14.1, 22.3, 0.0, 8.5"})


def test_attribution_rates_of_14_outlet_voices_with_long_names():
    fig, data = sources.plot_rates(rate_table(14), NAMES)
    assert problems(fig) == [] and len(data) == 12
    assert "the 12 of 14 outlet voices" in title(fig.axes[0])
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Radio Free Harbour\nPublic Broadcasting · author" in labels  # the long name wrapped
    assert not any("Washington" in label for label in labels)          # the two groups with fewest words left out


def test_source_mix_and_chains_with_long_names():
    mix = pd.DataFrame([(o, v, t, 3) for o in IDS for v in ("author", "excerpt") for t in ("official", "expert", "anonymous")],
                       columns=["speaking_outlet", "voice", "source_type", "n"])
    mix["share"] = 1 / 3
    fig, data = sources.plot_source_mix(mix, NAMES)
    assert problems(fig) == [] and data.groupby(["speaking_outlet", "voice"]).ngroups == 12
    table = pd.DataFrame({"chain": [f"{NAMES[o]} → {NAMES[IDS[(i + 1) % 14]]} → {ACTORS[i % 12]}"
                                    for i, o in enumerate(IDS)] * 2})
    fig, shown = sources.plot_chains(table)
    assert problems(fig) == [] and len(shown) == 12 and width_in(fig) <= layout.max_width_in()


def cells(by: list[str], keys: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(keys, columns=by)
    return df.assign(n=5, n_articles=4, mean=np.linspace(-0.8, 0.8, len(df)), low=np.nan, high=np.nan,
                     share_negative=0.2, share_positive=0.3, per_article="+0.10, -0.32, +0.05, +0.44")


def test_outlet_actor_heatmap_of_12_outlets_grows_down_not_across():
    names = [NAMES[o] for o in IDS[:12]]
    table = cells(["outlet", "actor"], [(o, a) for o in names for a in ACTORS[:6]])
    fig = sentiment.plot_outlet_actor(table, actors=ACTORS[:6], flagged={(ACTORS[0], names[0])})
    assert problems(fig) == []
    heatmaps = [ax for ax in fig.axes if ax.get_images()]
    assert len(heatmaps) == 3 and all(len(ax.get_xticks()) <= sentiment.MAX_HEATMAP_COLUMNS for ax in heatmaps)


def test_by_voice_heatmaps_of_12_outlets():
    names = [NAMES[o] for o in IDS[:12]]
    table = cells(["voice", "outlet", "actor"], [(v, o, a) for v in ("author", "excerpt") for o in names
                                                for a in ACTORS[:3]])
    fig = sentiment.plot_by_voice(table, voices=["author", "excerpt"], actors=ACTORS[:3],
                                  flagged={("author", names[0], ACTORS[0])})
    assert problems(fig) == [] and len(fig.axes) == 6


def test_prevalence_of_14_groups_shows_12_with_a_note():
    prev = pd.DataFrame([(f, f"{NAMES[o]} · author", 10 + i, 2, 0.4, 0.2, 0.6, 4) for f in ("conflict", "morality")
                         for i, o in enumerate(IDS)],
                        columns=["frame", "group", "n", "n_articles", "share", "low", "high", "n_present"])
    fig, data = framing.plot_prevalence(prev, panel="frame", group="group", title="Share of paragraphs")
    assert problems(fig) == [] and data["group"].nunique() == 12 and "the 12 of 14 groups" in fig._suptitle.get_text()


def test_roles_of_14_articles_in_panels_of_five():
    roles = pd.DataFrame([(f"{o}-0", o, a, 4, 3, "villain", 0.2, 0.6, 0.2) for o in IDS for a in ACTORS[:3]],
                         columns=["article_id", "outlet", "actor", "n_mentions", "n_sentences", "role", "p_hero",
                                  "p_villain", "p_victim"])
    fig, data = framing.plot_roles(roles, NAMES)
    assert problems(fig) == [] and data["article_id"].nunique() == 14 and len(fig.axes) == 3
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    assert not any(label.split("\n")[-1] in IDS for label in labels)  # article keys are never bare outlet ids


def test_distinctive_words_of_12_outlets_in_rows_of_two():
    table = pd.DataFrame([(o, f"word{k}", 3, 1, 2.0 + k / 10) for o in IDS[:12] for k in range(10)]
                         + [(IDS[0], "common", 4, 40, -1.5)],
                         columns=["group", "term", "count", "count_rest", "z"])
    fig, data = framing.plot_distinctive(table, NAMES, top=10)
    assert problems(fig) == [] and width_in(fig) <= layout.max_width_in()
    assert "common" not in set(data["term"])  # a word used less than by the rest is not distinctive


def test_cue_rates_and_readability_style_of_many_groups():
    per_cue = pd.DataFrame([(f"{NAMES[o]} · author", c, 1.5, 20 + i) for i, o in enumerate(IDS)
                            for c in ("hedge", "booster")], columns=["group", "cue", "per_100_sentences", "n_sentences"])
    fig, data = framing.plot_cue_rates(per_cue, ["hedge", "booster"])
    assert problems(fig) == [] and data["group"].nunique() == 12
    style = pd.DataFrame({"article_id": [f"{o}-{k}" for o in IDS for k in range(2)],
                          "outlet": [NAMES[o] for o in IDS for _ in range(2)], "voice": "author",
                          "n_sentences": range(10, 38), "flesch_reading_ease": np.linspace(20, 70, 28),
                          "loaded_share": np.linspace(0.1, 0.5, 28)})
    fig, data = framing.plot_readability_style(style, outlet_ids=IDS)
    assert problems(fig) == [] and len(data) == 12


def summary_table(outlets: list[str]) -> pd.DataFrame:
    rows = [("sourcing", m, label, unit, o, NAMES[o], v, np.nan, np.nan, 40, "words", 1 + i % 3, "", "")
            for m, label, unit, v in (("attributions", "attributions per 1,000 words", "per 1,000 words", 12.0),
                                      ("share_named", "share of attributions that name their source", "share", 0.4),
                                      ("mean_actor_sentiment", "mean sentiment toward actors", "score", -0.2))
            for i, o in enumerate(outlets)]
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def test_all_measures_and_story_matched_of_14_outlets_show_12_by_name():
    summary = summary_table(IDS)
    shown = compare.outlets_to_show(summary)
    assert len(shown) == 12 and shown == sorted(shown)
    colors = plots.outlet_colors(IDS, shown=shown)
    fig = compare.plot_all_measures(summary, metrics=list(dict.fromkeys(summary["metric"])), outlets=shown,
                                    names=NAMES, colors=colors)
    assert problems(fig) == [] and "the 12 of 14 outlets" in fig._suptitle.get_text()
    versus = summary[["dimension", "metric", "label", "unit", "outlet", "n_articles"]].assign(
        n_stories=2, pooled_diff=0.1, matched_diff=-0.05, low=-0.2, high=0.1)
    fig = compare.plot_story_matched(versus, metrics=list(dict.fromkeys(summary["metric"])), outlets=shown,
                                     names=NAMES, colors=colors)
    assert problems(fig) == []


def test_a_selection_with_no_attribution_gives_no_figure_and_a_note(tmp_path, capsys):
    empty_mix = pd.DataFrame(columns=["speaking_outlet", "voice", "source_type", "n", "share"])
    fig, data = sources.plot_source_mix(empty_mix, NAMES)
    plots.save_figure(fig, data, notebook="01-sources", name="source-type-mix", root=tmp_path, outlet_ids=IDS)
    fig, shown = sources.plot_chains(pd.DataFrame({"chain": pd.Series([], dtype=str)}))
    plots.save_figure(fig, shown, notebook="01-sources", name="attribution-chains", root=tmp_path, outlet_ids=IDS)
    out = capsys.readouterr().out
    assert "Nothing to plot for 'source-type-mix'" in out and "Nothing to plot for 'attribution-chains'" in out
    assert not (tmp_path / "01-sources").exists()


@pytest.mark.filterwarnings("error")  # "Tight layout not applied" would reach the reader's page on stderr
@pytest.mark.parametrize("n_groups, n_panels", [(1, 6), (1, 1), (2, 6)])
def test_prevalence_of_one_group_lays_out(n_groups, n_panels):
    prev = pd.DataFrame([(f"frame{f}", f"{NAMES[IDS[g]]} · author", 10, 1, 0.4, 0.2, 0.6, 4)
                         for f in range(n_panels) for g in range(n_groups)],
                        columns=["frame", "group", "n", "n_articles", "share", "low", "high", "n_present"])
    fig, _ = framing.plot_prevalence(prev, panel="frame", group="group", title="Share of paragraphs with each frame")
    assert problems(fig) == []


@pytest.mark.filterwarnings("error")
def test_roles_of_one_article_lay_out():
    roles = pd.DataFrame([("outlet00-0", "outlet00", a, 4, 3, "hero", 0.6, 0.2, 0.2) for a in ACTORS[:2]],
                         columns=["article_id", "outlet", "actor", "n_mentions", "n_sentences", "role", "p_hero",
                                  "p_villain", "p_victim"])
    fig, _ = framing.plot_roles(roles, NAMES)
    assert problems(fig) == []
