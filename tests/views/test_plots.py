"""Figures are saved with the table behind them; bad calls are refused; an empty selection is said, not drawn."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mediabias.views.plots import save_figure  # noqa: E402


def _fig():
    fig, ax = plt.subplots()
    bars = ax.bar(["a", "b"], [1, 2])
    ax.bar_label(bars, labels=["n=1", "n=2"])  # the figure rules want n on every bar
    return fig


def test_figure_is_saved_with_its_csv(tmp_path):
    data = pd.DataFrame({"group": ["a", "b"], "value": [1.0, 2.0]})
    assert save_figure(_fig(), data, notebook="00-corpus", name="demo", root=tmp_path) is None
    assert (tmp_path / "00-corpus" / "demo.png").stat().st_size > 0
    assert (tmp_path / "00-corpus" / "demo.csv").read_text() == "group,value\na,1\nb,2\n"


def test_empty_table_writes_nothing_and_says_so(tmp_path, capsys):
    save_figure(_fig(), pd.DataFrame({"x": []}), notebook="01-sources", name="source-type-mix", root=tmp_path)
    assert "Nothing to plot for 'source-type-mix'" in capsys.readouterr().out
    assert not (tmp_path / "01-sources").exists()


@pytest.mark.parametrize("data, notebook, name, message", [
    ([1, 2], "00-corpus", "demo", "pass the table that was plotted"),
    (pd.DataFrame({"x": [1]}), "00-corpus", "../escape", "file-safe ids"),
    (pd.DataFrame({"x": [1]}), "00 Corpus", "demo", "file-safe ids"),
])
def test_bad_calls_are_refused(tmp_path, data, notebook, name, message):
    with pytest.raises(ValueError, match=message):
        save_figure(_fig(), data, notebook=notebook, name=name, root=tmp_path)


def test_rates_use_the_one_bootstrap_for_rates():
    from mediabias.views.sources import rates
    from mediabias.compare.stats import bootstrap_ratio

    segments = pd.DataFrame({"article_id": ["a", "b", "c"], "level": "paragraph", "outlet": "x", "voice": "author",
                             "n_words": [1000, 500, 500]})
    table = pd.DataFrame({"attribution_id": ["a1", "a2", "a3", "a4", "b1"], "article_id": ["a"] * 4 + ["b"],
                          "outlet": "x", "voice": "author", "named": [True, True, False, False, True]})
    row = rates(table, segments, min_articles=2).iloc[0]
    assert (row.n_articles, row.n_words, row.n_attributions, row.per_1000_words) == (3, 2000, 5, 2.5)
    assert row.per_article == "4.0, 2.0, 0.0"
    _, low, high = bootstrap_ratio([4000, 1000, 0], [1000, 500, 500], ["a", "b", "c"])
    assert (row.per_1000_lo, row.per_1000_hi) == (round(low, 2), round(high, 2))
    assert row.named_share == 0.6
    few = rates(table, segments).iloc[0]  # three articles: fewer than five, so no interval that would look certain
    assert np.isnan(few.per_1000_lo) and np.isnan(few.per_1000_hi) and few.per_1000_words == 2.5
