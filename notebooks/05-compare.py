# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # All outlets side by side
#
# How do the outlets in this corpus differ on every dimension at once: whom they quote and how, how they
# portray the actors, which frames they use, and how loaded their language is? This page gathers the
# measures of notebooks 01 to 04 into one table, states the largest differences in plain words, and shows
# the passages behind each one.
#
# **Data:** the analysis tables computed by `mediabias analyze` from the articles of the corpus. Each outlet is
# measured on **its own words**: the publisher's own voice, or, for The New York Times and the AP in the
# bundled corpus, the passages Hot Air excerpted from them.

# %% [markdown]
# > **Read this first: what a handful of articles can and cannot show.** Every number below describes
# > *these* articles, not the outlets in general. Most outlets here are represented by one or two articles,
# > two of them only through excerpts another outlet chose, and the articles cover two different episodes
# > eight years apart. Intervals resample articles: an outlet with a single article has no interval at all,
# > and a difference between overlapping intervals may be chance. The instruments themselves make errors at
# > the rates reported in their validation (notebooks 01-04). Use this page to find passages worth reading,
# > not to rank outlets.

# %% tags=["parameters"]
CORPUS = None   # corpus directory; None = the bundled corpus
STORY = None    # a story id to restrict to; None = all stories
OUTLETS = None  # a list of outlet ids; None = all outlets
FIGURES = "../figures"  # where figures and their CSVs are written, relative to this notebook's folder

# %%
import html
import textwrap

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, Markdown, display

from mediabias.views import plots
from mediabias.views.compare import evidence, largest_differences, outlet_summary, wide_table
from mediabias.pipeline import load_results
from mediabias.views.highlight import passages_table

plots.use_style()
NOTEBOOK = "05-compare"
R = load_results(CORPUS, story=STORY, outlets=OUTLETS,
                 steps=("articles", "segments", "attributions", "actor_sentiment", "frames", "loaded_language"))
corpus = R.corpus
names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
summary = outlet_summary(R.tables, names)
arts = R["articles"]
display(Markdown(
    f"{len(arts)} articles, {arts['story'].nunique()} stories "
    f"({', '.join(sorted(arts['story'].unique()))}), {summary['outlet'].nunique()} outlets speaking in them."
))

# %% [markdown]
# ## Every measure, every outlet
#
# Each panel is one measure; each dot an outlet, with its 95% interval (resampling articles) where the
# outlet has more than one article. `n` is what the rate is computed over (words, attributions, actor
# mentions, paragraphs or sentences). The table below the figure holds the same numbers (value, [95% interval], n);
# the CSV beside the figure holds them unrounded.

# %%
metrics = list(dict.fromkeys(summary["metric"]))
outlets_order = sorted(summary["outlet"].unique())
colors = plots.outlet_colors(corpus.outlets["outlet_id"])
ncols = 2  # two panels a row: legible at page width (mediabias.views.figure_style)
nrows = int(np.ceil(len(metrics) / ncols))
fig, axes = plt.subplots(nrows, ncols, figsize=(8, (0.4 * len(outlets_order) + 1.3) * nrows), squeeze=False)
for ax, metric in zip(axes.flat, metrics):
    g = summary[summary["metric"] == metric].set_index("outlet")
    for y, outlet in enumerate(outlets_order):
        if outlet not in g.index:
            continue
        r = g.loc[outlet]
        if not np.isnan(r["low"]):
            ax.plot([r["low"], r["high"]], [y, y], color=colors[outlet], linewidth=2.5, alpha=0.55)
        ax.scatter(r["value"], y, color=colors[outlet], s=46, zorder=3, edgecolor="black", linewidth=0.5)
        # at the right edge, above the row: never on the dot or its interval
        ax.annotate(f"n={r['n']:,}", (1.0, y - 0.32), xycoords=("axes fraction", "data"), ha="right",
                    va="center", fontsize=9, color="#555555")
    ax.set_yticks(range(len(outlets_order)), [names.get(o, o) for o in outlets_order], fontsize=9)
    ax.tick_params(axis="x", labelsize=9)
    ax.set_ylim(len(outlets_order) - 0.5, -0.8)
    ax.set_title(textwrap.fill(g["label"].iloc[0], 36), fontsize=10)
    unit = g["unit"].iloc[0]
    ax.set_xlabel(unit, fontsize=9)
    if unit == "share":
        ax.set_xlim(0, 1.03)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    elif unit == "score":
        ax.set_xlim(-1.05, 1.05)
        ax.axvline(0, color="#999999", linewidth=0.8)
    else:  # rates start at 0 like shares
        ax.set_xlim(0, float(np.nanmax([g["value"].max(), g["high"].max(), 0])) * 1.1 or 1.0)
for i, ax in enumerate(axes.flat):
    if i % ncols:  # outlet names once per row of panels
        ax.tick_params(axis="y", labelleft=False)
for ax in list(axes.flat)[len(metrics):]:
    ax.axis("off")
fig.suptitle("All outlets on every measure\n(dot = value, bar = 95% interval over articles)", x=0.01, ha="left",
             fontweight="bold")
fig.tight_layout(rect=(0, 0, 1, 0.97))
plots.save_figure(fig, summary, notebook=NOTEBOOK, name="all-measures", root=FIGURES)
plt.show()

# %%
display(HTML(wide_table(summary).to_html(index=False, escape=True)))

# %% [markdown]
# ## The largest differences, in plain words
#
# For each measure, the outlet with the highest and the lowest value (outlets with fewer than five
# observations left out). A gap is called clear only when both intervals exist and do not overlap. Each item
# links to the passages behind it.

# %% tags=["key-findings"]
diffs = largest_differences(summary)
if diffs.empty:
    display(Markdown("_Fewer than two outlets in this selection: nothing to compare._"))
else:
    items = []
    for i, r in enumerate(diffs.head(8).itertuples(), start=1):
        items.append(f'<li><a href="#finding-{i}">{html.escape(r.sentence)}</a></li>')
    n_clear = int(diffs["clear"].sum())
    display(HTML(f"<p>{n_clear} of {len(diffs)} measures show a clear gap.</p><ol>{''.join(items)}</ol>"))

# %% [markdown]
# ## The passages behind each difference
#
# The passages that drive each outlet's value (for the highest and the lowest outlet), as they appear in the
# article. Article text is shown escaped: what you see is exactly what the article says.

# %%
for i, r in enumerate(diffs.head(8).itertuples(), start=1):
    parts = [f'<h3 id="finding-{i}">{i}. {html.escape(r.label)}</h3>']
    for outlet in (r.high_outlet, r.low_outlet):
        ev = evidence(R.tables, r.metric, outlet, k=3)
        value = summary[(summary["metric"] == r.metric) & (summary["outlet"] == outlet)]["value"].iloc[0]
        parts.append(f"<h4>{html.escape(names.get(outlet, outlet))}: {value:.3g}</h4>")
        parts.append(passages_table(ev, text="text", columns=["segment_id", "why"]) if len(ev)
                     else "<p class='muted'>no passage (the value is zero or the outlet has no such rows)</p>")
    display(HTML("\n".join(parts)))

# %% [markdown]
# ## What this shows / what it cannot show
#
# * **Shows:** where, in these articles, the outlets' own words differ most on sourcing, tone toward the
#   actors, framing and loaded language, and which passages produce each difference, so a reader can judge
#   whether the measure caught something real.
# * **Cannot show:** how these outlets cover Iraq, or anything, in general. The sample is tiny and not random
#   (the excerpted outlets are what a blogger chose to quote), the two stories are different episodes, and
#   each instrument has the error rates reported in its notebook. A "clear" gap here is clear *for these
#   articles*; it is not evidence of an outlet's slant.
# * **To learn more:** add more articles of the same story from each outlet (`mediabias add`), rerun
#   `make notebooks`, and watch whether the intervals shrink and the gaps persist.
