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

# %%
import html
import textwrap

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, Markdown, display

from mediabias import plots
from mediabias.compare import evidence, largest_differences, outlet_summary, wide_table
from mediabias.domain import gate
from mediabias.pipeline import load_results
from mediabias.report import passages_table

plots.use_style()
NOTEBOOK = "05-compare"
R = load_results(CORPUS, story=STORY, outlets=OUTLETS,
                 steps=("articles", "segments", "attributions", "actor_sentiment", "frames", "loaded_language", "domain"))
corpus = R.corpus
names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
# trained instruments report only for articles inside what they were validated on (notebooks 02-04)
tables, gated_out = dict(R.tables), []
for step, instrument in (("actor_sentiment", "target_sentiment"), ("frames", "frames"),
                         ("loaded_language", "loaded_language")):
    g = gate(tables[step], R["domain"], instrument)
    gated_out += [f"{instrument}: {a}" for a in sorted(set(g.loc[~g["in_domain"], "article_id"]))]
    tables[step] = g[g["in_domain"]].drop(columns=["in_domain", "domain_note"])
summary = outlet_summary(tables, names)
arts = R["articles"]
display(Markdown("Left out as outside a trained instrument's domain: " + "; ".join(gated_out) + "."
                 if gated_out else "_Every article is inside the domain of every trained instrument._"))
display(Markdown(
    f"{len(arts)} articles, {arts['story'].nunique()} stories "
    f"({', '.join(sorted(arts['story'].unique()))}), {summary['outlet'].nunique()} outlets speaking in them."
))

# %% [markdown]
# ## Every measure, every outlet
#
# Each panel is one measure; each dot an outlet, with its 95% interval (resampling articles) only where the
# outlet has five articles or more: with fewer, an interval from two or three articles looks more certain
# than it is, so the table gives the per-article values instead. A hollow grey dot is a **flagged** value:
# the sentiment of an outlet's own words whose positive readings sit in sentences with irony markers
# (notebook 02); its sign is unreliable and it is left out of the differences below. `n` is what the rate is computed over (words, attributions, actor
# mentions, paragraphs or sentences). The table below the figure holds the same numbers (value, [95% interval], n);
# the CSV beside the figure holds them unrounded.

# %%
metrics = list(dict.fromkeys(summary["metric"]))
outlets_order = sorted(summary["outlet"].unique())
colors = plots.outlet_colors(corpus.outlets["outlet_id"])
ncols = 3
nrows = int(np.ceil(len(metrics) / ncols))
fig, axes = plt.subplots(nrows, ncols, figsize=(12, 0.42 * len(outlets_order) * nrows + 1.4 * nrows), squeeze=False)
for ax, metric in zip(axes.flat, metrics):
    g = summary[summary["metric"] == metric].set_index("outlet")
    for y, outlet in enumerate(outlets_order):
        if outlet not in g.index:
            continue
        r = g.loc[outlet]
        if not np.isnan(r["low"]):
            ax.plot([r["low"], r["high"]], [y, y], color=colors[outlet], linewidth=2.5, alpha=0.55)
        if r["flag"]:  # the irony check calls the sign unreliable: a hollow grey mark, not a finding
            ax.scatter(r["value"], y, facecolor="none", edgecolor="#888888", s=46, zorder=3, hatch="///")
        else:
            ax.scatter(r["value"], y, color=colors[outlet], s=46, zorder=3, edgecolor="black", linewidth=0.5)
        ax.annotate(f"n={r['n']:,}" + (" · unreliable (irony)" if r["flag"] else ""), (r["value"], y),
                    xytext=(0, 7), textcoords="offset points", ha="center", fontsize=7, color="#555555")
    ax.set_yticks(range(len(outlets_order)), [names.get(o, o) for o in outlets_order], fontsize=8.5)
    ax.set_ylim(len(outlets_order) - 0.5, -0.7)
    ax.set_title(textwrap.fill(g["label"].iloc[0], 44), fontsize=9.5)
    unit = g["unit"].iloc[0]
    if unit == "share":
        ax.set_xlim(-0.03, 1.03)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    elif unit == "score":
        ax.set_xlim(-1.05, 1.05)
        ax.axvline(0, color="#999999", linewidth=0.8)
for ax in list(axes.flat)[len(metrics):]:
    ax.axis("off")
fig.suptitle("All outlets on every measure (dot = value; bar = 95% interval, only with 5+ articles; hollow = flagged)", x=0.01, ha="left",
             fontweight="bold")
fig.tight_layout(rect=(0, 0, 1, 0.97))
plots.save_figure(fig, summary, notebook=NOTEBOOK, name="all-measures")
plt.show()

# %%
display(HTML(wide_table(summary).to_html(index=False, escape=True)))

# %% [markdown]
# ## The largest differences, in plain words
#
# For each measure, the outlet with the highest and the lowest value (outlets with fewer than five
# observations, and flagged values, left out; each item says which were left out and why). A gap is called
# clear only when both intervals exist and do not overlap; with fewer than five articles per outlet no interval
# exists, so none of these gaps is clear: they are the *largest measured* differences, descriptions of these
# articles. Framing measures are left out of this list: the frame model was trained and validated on climate
# news, not on this kind of text (see 03). Each item links to the passages behind it.

# %% tags=["key-findings"]
# Frames (and roles) come from models trained on climate news and validated there only, not on opinion blogs
# or their excerpts: they stay in the figure and table above but are not headline material.
diffs = largest_differences(summary[summary["dimension"] != "framing"])
if diffs.empty:
    display(Markdown("_Fewer than two outlets in this selection: nothing to compare._"))
else:
    items = []
    for i, r in enumerate(diffs.head(8).itertuples(), start=1):
        items.append(f'<li><a href="#finding-{i}">{html.escape(r.sentence)}</a></li>')
    n_clear = int(diffs["clear"].sum())
    verdict = ("none clear: with fewer than five articles per outlet there are no intervals, so each gap could be "
               "chance" if n_clear == 0 else f"{n_clear} of {len(diffs)} clear")
    flagged = summary[summary["flag"] != ""].drop_duplicates("outlet")
    caveat = "".join(f"<p><strong>Sign caveat, {html.escape(r.outlet_name)}:</strong> {html.escape(r.flag)}. "
                     "Its own-words sentiment is left out of these comparisons.</p>" for r in flagged.itertuples())
    display(HTML(f'<p data-n-clear="{n_clear}"><strong>Largest measured differences, {html.escape(verdict)}.</strong> '
                 f"{n_clear} of {len(diffs)} measures show a clear gap.</p>{caveat}<ol>{''.join(items)}</ol>"))

# %% [markdown]
# ## The passages behind each difference
#
# The passages that drive each outlet's value (for the highest and the lowest outlet), as they appear in the
# article. Article text is shown escaped: what you see is exactly what the article says.

# %%
for i, r in enumerate(diffs.head(8).itertuples(), start=1):
    parts = [f'<h3 id="finding-{i}">{i}. {html.escape(r.label)}</h3>']
    for outlet in (r.high_outlet, r.low_outlet):
        ev = evidence(tables, r.metric, outlet, k=3)
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
