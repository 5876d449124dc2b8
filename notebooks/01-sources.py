# %% [markdown]
# # Whom do the outlets let speak?
#
# **Question.** For each outlet, and separately for its own words and the excerpts it reprints: how many
# attributions per 1,000 words, how many sources are named, what kinds of sources speak, through which
# cues (neutral *said* or stance-laden *insisted*), and along which chain of credit
# (Hot Air → The New York Times → an American official in Iraq).
#
# **Data.** The attributions table computed by `mediabias analyze` from the curated corpus
# (`mediabias.sources.attributions`: rules over the spaCy parse, validated on PolNeAR: see the method section).
# Outlets are counted by **whose words** a passage is: Hot Air's excerpts of The New York Times, Foreign Policy
# and the AP count for those outlets (voice `excerpt`), Hot Air's own text for Hot Air (voice `author`).

# %% tags=["parameters"]
CORPUS = None
STORY = None
OUTLETS = None
FIGURES = "../figures"  # where figures and their CSVs are written, relative to this notebook's folder

# %%
import html

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, display

from mediabias import paths
from mediabias.pipeline import load_results
from mediabias.views import evaluations, figure_style, plots
from mediabias.views.anchors import evidence_link
from mediabias.views.highlight import passages_table
from mediabias.views.sources import highlight_html, rates

plots.use_style()
R = load_results(CORPUS, story=STORY, outlets=OUTLETS, steps=("articles", "segments", "attributions"))
corpus = R.corpus
names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
table = R["attributions"].assign(speaking_outlet=lambda d: d["origin_outlet"])
print(len(table), "attributions in", corpus.articles.shape[0], "articles")

# %% [markdown]
# ## Attributions per 1,000 words, named share (with n and article-bootstrap 95% intervals)
#
# An interval needs two or more articles to resample; a group of one article shows its rate alone.

# %%
rate = rates(table, corpus.segments, by=("speaking_outlet", "voice"))
rate

# %%
fig, ax = plt.subplots(figsize=(7, 3.2))
labels = rate["speaking_outlet"].map(lambda o: names.get(o, o)) + " · " + rate["voice"]
ax.barh(labels, rate["per_1000_words"], color=[plots.VOICE_COLORS.get(v, "#999") for v in rate["voice"]])
ax.errorbar(rate["per_1000_words"], labels, xerr=[rate["per_1000_words"] - rate["per_1000_lo"],
            rate["per_1000_hi"] - rate["per_1000_words"]], fmt="none", ecolor="black", lw=1)
for y, (v, n, k) in enumerate(zip(rate["per_1000_hi"].fillna(rate["per_1000_words"]), rate["n_attributions"],
                                  rate["n_articles"])):
    ax.text(v, y, f"  n={n}, {k} article{'s' if k > 1 else ''}", va="center", fontsize=9)
ax.set_xlim(left=0)
ax.set_xlabel("attributions per 1,000 words")
ax.set_title("How densely each outlet credits sources")
plots.save_figure(fig, rate, notebook="01-sources", name="attributions-per-1000-words", root=FIGURES)

# %% [markdown]
# ## Source types, cue classes, named vs anonymous

# %%
mix = table.groupby(["speaking_outlet", "voice", "source_type"]).size().rename("n").reset_index()
mix["share"] = (mix["n"] / mix.groupby(["speaking_outlet", "voice"])["n"].transform("sum")).round(3)
mix.pivot_table(index=["speaking_outlet", "voice"], columns="source_type", values="n", fill_value=0)

# %%
shares = mix.pivot_table(index=["speaking_outlet", "voice"], columns="source_type", values="share", fill_value=0)
totals = mix.groupby(["speaking_outlet", "voice"])["n"].sum()
fig, ax = plt.subplots(figsize=(5.5, 0.45 * len(shares) + 1.4))
left = pd.Series(0.0, index=shares.index)
colors = figure_style.category_colors(shares.columns)  # one distinct colour per source type, never reused
rows = [f"{names.get(o, o)} · {v} (n={totals[(o, v)]})" for o, v in shares.index]
for col in sorted(shares.columns):
    ax.barh(rows, shares[col], left=left, label=col.replace("_", " "), color=colors[col], edgecolor="white",
            linewidth=0.5)
    left += shares[col]
ax.set_xlim(0, 1)
ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
ax.invert_yaxis()
ax.set_xlabel("share of attributions")
ax.set_title("What kind of source speaks")
ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=9)
plots.save_figure(fig, mix, notebook="01-sources", name="source-type-mix", root=FIGURES)

# %% [markdown]
# Cue classes: *neutral* cues only report (said, told); *stance* cues frame the claim (insisted, admitted,
# warned). `cue_category` separates speech and writing from credited beliefs and intentions (wants, thinks).

# %%
cues = table.groupby(["speaking_outlet", "voice", "cue_class"]).size().unstack(fill_value=0)
cues["n"] = cues.sum(axis=1)
cues

# %%
table.groupby(["speaking_outlet", "cue_category"]).size().unstack(fill_value=0)

# %% [markdown]
# The stance-laden cues, with the passage behind each (escaped text; `where` opens the sentence in its article):

# %%
stance = table[table.cue_class == "stance"]
display(HTML(passages_table(stance.assign(content_text=stance.content_text.str.slice(0, 120)), text="content_text",
                            columns=["speaking_outlet", "voice", "speaker", "cue_text"], limit=len(stance))))

# %% [markdown]
# ## Top speakers

# %%
top = (table.groupby(["speaking_outlet", "speaker"]).size().rename("n").reset_index()
       .sort_values(["speaking_outlet", "n", "speaker"], ascending=[True, False, True]).groupby("speaking_outlet").head(5))
top

# %% [markdown]
# ## Chains of credit

# %%
chains = table.groupby("chain").size().rename("n").reset_index().sort_values(["n", "chain"], ascending=[False, True])
shown = chains.head(figure_style.MAX_CATEGORIES).iloc[::-1]
fig, ax = plt.subplots(figsize=(5, 0.34 * len(shown) + 1))
ax.barh(shown["chain"], shown["n"], color="#0072B2")
for y, n in enumerate(shown["n"]):
    ax.text(n, y, f" n={n}", va="center", fontsize=9)
ax.set_xlim(0, (shown["n"].max() if len(shown) else 1) * 1.2)
ax.set_xlabel("attributions")
ax.set_title(f"Who speaks through whom (top {len(shown)} of {len(chains)} chains)")
plots.save_figure(fig, shown, notebook="01-sources", name="attribution-chains", root=FIGURES)

# %% [markdown]
# ## One article per outlet, attributions highlighted
# Orange: source; green: cue; blue: content (hover for the resolved speaker).

# %%
arts = corpus.articles.sort_values("article_id")
for outlet, g in arts.groupby("outlet", sort=True):
    aid = g["article_id"].iloc[0]
    sub = table[table.article_id == aid]
    display(HTML(f"<h3>{html.escape(outlet)} · {html.escape(aid)} ({len(sub)} attributions)</h3>"
                 + f"<p>{evidence_link(aid, None, 'The whole article with every layer and every row ↗')}</p>"
                 + highlight_html(g["text"].iloc[0], sub)))

# %% [markdown]
# ## Method: how well the extractor works
# Scores on PolNeAR dev (`mediabias evaluate attribution`), read from `evaluation/attribution.json`;
# the baseline is textacy's `direct_quotations` scored the same way. Overlap = Dice of word-token sets ≥ 0.5.

# %%
if (paths.evaluation_dir() / "attribution.json").exists():
    ev = evaluations.load("attribution")
    scores = evaluations.scores("attribution")
    print(ev["command"], "| version", ev["version"], "|", ev["n_articles"], "articles")
    display_scores = scores[(scores.outlet == "all") & (scores.match.isin(["exact", "overlap"]))]
    print(display_scores[["system", "role", "match", "precision", "recall", "f1", "n_gold"]].to_string(index=False))
    for f in ev["floors"]:
        print(f"{f['role']}: F1 {f['f1']:.2f} (floor 0.70 {'met' if f['f1_floor_met'] else 'NOT met'}), "
              f"recall {f['recall']:.2f} = {f['recall_ratio']:.1f}x textacy's {f['baseline_recall']:.2f}")
else:
    print("no evaluation/attribution.json: run `mediabias evaluate attribution --data DIR`")

# %% [markdown]
# ## What this shows / what it cannot show
#
# *Shows:* how often each outlet credits a source, whom (type, named or not), with which verbs, and whether
# the voice is the outlet's own or an excerpt of another outlet. Every number traces back to highlighted text.
#
# *Cannot show:* the corpus is five articles, so rates carry wide intervals and outlet differences are
# illustrations, not findings. On PolNeAR the extractor finds roughly two in three annotated attributions
# (recall about 0.64 for contents, 0.68 for sources) and about five in six of what it returns are right
# (precision about 0.85 and 0.83; exact figures above): rare cues (idioms, most nouns, headline verbs) are
# missed, and belief and intention cues (*wants*, *thinks*) count as attributions, as PolNeAR counts them;
# filter on `cue_category` to keep speech and writing only. Canonical speakers are resolved within an article
# and merged by surname within a story; a wrong pronoun resolution moves a quote to the wrong person. Source
# types come from a keyword codebook (`resources/source_types.yaml`), not from knowledge of the people.
