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
# measured on **its own words**: its own articles and the passages other outlets excerpt from it (in the bundled
# corpus, The New York Times and the AP only through Hot Air's excerpts, Foreign Policy through its own article and
# Hot Air's excerpt of The Cable).

# %% [markdown]
# > **Read this first: what these articles can and cannot show.** Every number below describes *these*
# > articles, not the outlets in general. Intervals resample articles: an outlet with a single article has no
# > interval at all, and a difference between overlapping intervals may be chance. The instruments themselves
# > make errors at the rates reported in their validation (notebooks 01-04). Use this page to find passages worth
# > reading, not to rank outlets.

# %% [markdown] tags=["bundled-corpus"]
# > **In the bundled corpus**, most outlets are represented by one or two articles, two of them only through
# > excerpts another outlet chose, and the articles cover two different episodes eight years apart. One of Hot
# > Air's three posts (001, "How Obama botched the Iraq withdrawal negotiations") may not be Hot Air's: its capture
# > ends with American Thinker's footer (its `provenance_note`, listed in 00), and it counts for Hot Air throughout.

# %% tags=["parameters"]
CORPUS = None   # corpus directory; None = the bundled corpus
STORY = None    # a story id to restrict to; None = all stories
OUTLETS = None  # a list of outlet ids; None = all outlets
FIGURES = "../figures"  # where figures and their CSVs are written, relative to this notebook's folder

# %%
import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display

from mediabias import paths
from mediabias.compare.audit import corpus_reading, disagreements_by_outlet, stance_audit
from mediabias.compare.matched import headline_gaps
from mediabias.compare.measures import largest_differences
from mediabias.compare.outlets import compare_outlets
from mediabias.compare.same_fact import same_fact_sides
from mediabias.pipeline import load_results
from mediabias.views.overview import prose_note
from mediabias.views import evaluations, plots
from mediabias.views.compare import outlets_to_show, plot_all_measures, plot_story_matched, versus_table, wide_table
from mediabias.views.findings import finding_passages_html, findings_html, left_out_note, selection_headline
from mediabias.views.same_fact import same_fact_html

plots.use_style()
NOTEBOOK = "05-compare"
R = load_results(CORPUS, story=STORY, outlets=OUTLETS,
                 steps=("articles", "segments", "attributions", "actor_sentiment", "writer_stance", "frames",
                        "loaded_language", "loaded_language_spans", "domain"))
corpus = R.corpus
names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))

# %%
if note := prose_note(corpus.articles):  # another corpus: the prose below describes the bundled one
    display(Markdown(note))

# %%
# a stance the hand reading contradicts (02, "Checked against a hand reading") is flagged, never a finding
arts = R["articles"]
reading, _ = corpus_reading(paths.corpus_dir(CORPUS))
outlet_of = dict(zip(corpus.articles["article_id"], corpus.articles["outlet"]))
disagreements = (None if reading is None else
                 disagreements_by_outlet(stance_audit(R["writer_stance"], reading.stance), outlet_of))
# every number below, pooled and story-matched, from the same finished tables: trained instruments report only for
# articles inside what they were validated on (notebooks 02-04)
C = compare_outlets(R.reported(), names, arts.set_index("article_id")["story"], left_out=R.all_left_out(),
                    disagreements=disagreements)
summary, versus, pairs = C.summary, C.versus, C.pairs
display(Markdown(left_out_note(C.left_out)))
display(Markdown(selection_headline(arts, summary)))

# %% [markdown]
# ## Same fact, different words
#
# Before any number: the sentences in which two outlets report **the same fact**, side by side, with whom each
# quotes for it, with which verb (cue), and in which loaded words. Sentences of different outlets in one story are
# paired when each is the other's closest in meaning (cosine of their MiniLM sentence vectors, mutual best match,
# at least the threshold in `resources/same_fact.yaml`; `mediabias.compare.same_fact`). Closeness in meaning is
# not sameness of fact: on the bundled story a reader judged 7 of the 11 pairs above the threshold to report the
# same fact and 4 only the same topic (`corpus/readings/across/same_fact.yaml`); each pair says which, or "not yet
# read" for a corpus of your own. Pairs judged only the same topic are left out below.

# %% tags=["same-fact"]
display(HTML(same_fact_html(same_fact_sides(R), names=names, attributions=R["attributions"],
                            loaded_spans=R["loaded_language_spans"])))

# %% [markdown]
# ## Every measure, every outlet
#
# Each panel is one measure; each dot an outlet, with its 95% interval (resampling articles) only where the
# outlet has five articles or more: with fewer, an interval from two or three articles looks more certain
# than it is, so the table gives the per-article values instead. Sentiment here is **the writer's stance** toward
# the actors (notebook 02: the stance reader over the writer's own paragraphs, others' sentiment set aside), so
# outlets heard only through excerpts have none, and stances toward countries, outside what the reader was
# measured on, are left out. A hollow grey dot is a **flagged** value: a stance read from a
# paragraph that reads positive and carries irony; its sign is unreliable and it is left out of the differences
# below. `n` is what the rate is computed over (words, attributions, (article, actor) pairs, paragraphs or
# sentences). The table below the figure holds the same numbers (value, [95% interval], n);
# the CSV beside the figure holds them unrounded. The framing rows are there for completeness only: the frame model
# learned climate news, and on political news its most confident labels can be plainly wrong (a count of troops
# read as human interest; see the passages in 03), so they are never listed as differences below.

# %%
metrics = list(dict.fromkeys(summary["metric"]))
outlets_order = outlets_to_show(summary)  # all of them, or the 12 with the most articles
colors = plots.outlet_colors(corpus.outlets["outlet_id"], shown=outlets_order)
fig = plot_all_measures(summary, metrics=metrics, outlets=outlets_order, names=names, colors=colors)
plots.save_figure(fig, summary[summary["outlet"].isin(outlets_order)], notebook=NOTEBOOK, name="all-measures",
                  root=FIGURES)
plt.show()

# %%
display(HTML(wide_table(summary).to_html(index=False, escape=True)))

# %% [markdown]
# ## Pooled or story-matched: different stories, or the same stories told differently?
#
# An outlet can differ from the others because it covered **different stories** or because it covers the same
# stories **differently**. The *pooled* difference compares all of an outlet's words with all of the others'; the
# *story-matched* difference compares the outlet with the others **within each story** both covered, then averages
# over those stories (each story counts once). Its 95% interval resamples stories, then articles within them
# (`mediabias.compare.matched`). When the two disagree, the pooled gap comes from story mix. An outlet that shares no
# story with another has no story-matched value at all.

# %%
fig = plot_story_matched(versus, metrics=metrics, outlets=outlets_order, names=names, colors=colors,
                         flagged=C.flagged)
plots.save_figure(fig, versus[versus["outlet"].isin(outlets_order)], notebook=NOTEBOOK, name="story-matched",
                  root=FIGURES)
plt.show()

# %%
display(HTML(versus_table(versus, names).to_html(index=False, escape=True)))

# %% [markdown]
# ## The largest differences, in plain words
#
# For each measure, the outlet with the highest and the lowest value (outlets with fewer than five
# observations, and flagged values, left out; each item says which were left out and why). **A finding rests on
# the story-matched comparison.** A gap is called clear only when it survives control of the false discovery
# rate over *every* measure × outlet pair computed above (Benjamini-Hochberg q ≤ 0.05 on story-matched
# permutation p-values that shuffle outlet labels within stories): with a dozen measures and several outlet pairs,
# some gaps would look clear by chance alone. Otherwise they are the *largest measured* differences, descriptions
# of these articles. Framing measures are left out of this list: the frame model was trained and validated on
# climate news, not on this kind of text (see 03). Each item links to the passages behind it.

# %% tags=["key-findings"]
# Frames (and roles) come from models trained on climate news and validated there only, not on opinion blogs
# or their excerpts: they stay in the figure and table above but are not headline material.
diffs = headline_gaps(largest_differences(summary[summary["dimension"] != "framing"]), pairs)
if diffs.empty:
    display(Markdown("_Fewer than two outlets in this selection: nothing to compare._"))
else:
    display(HTML(findings_html(diffs, pairs, versus, summary)))

# %% [markdown]
# ## The passages behind each difference
#
# The passages that drive each outlet's value (for the highest and the lowest outlet), as they appear in the
# article. Article text is shown escaped: what you see is exactly what the article says.

# %%
display(HTML(finding_passages_html(diffs, C.tables, summary, names)))

# %% [markdown]
# ## How far to trust an outlet comparison: validation
#
# The instruments are validated on their own tasks in notebooks 01-04. The comparisons themselves are checked in
# two ways. **Against human judgements** (BASIL, Fan et al. 2019: 50 events each covered by Fox News, The New York
# Times and HuffPost; `evaluation/comparison.md`): does the article-level sentiment toward an entity in the author's
# voice match the annotators' judgement of the author's feeling, does the tool order the three outlets' articles
# within an event as they do, and does the loaded-language rate follow the annotated lexical bias? **Against known
# groups** (AllSides, `evaluation/known_groups.md`, not repeated here): comparisons whose direction is known from
# outlet ratings. Choices were made on BASIL 2010-2012; the tables below are the held-out events of 2013-2014.
# Intervals resample events.

# %%
display(HTML(evaluations.held_out_html()))

# %% [markdown]
# ## What this shows / what it cannot show
#
# * **Shows:** where, in these articles, the outlets' own words differ most on sourcing, tone toward the
#   actors, framing and loaded language, and which passages produce each difference, so a reader can judge
#   whether the measure caught something real.
# * **Cannot show:** how these outlets cover a subject, or anything, in general, from a sample that was chosen,
#   not drawn at random (in the bundled corpus: five articles, the excerpted outlets what a blogger chose to
#   quote, two stories that are different episodes), and each instrument has the error rates reported in its notebook. A "clear" gap here is clear *for these
#   articles*, story-matched and after false-discovery control; it is not evidence of an outlet's slant. On
#   BASIL the article-level agreement with human judgements is modest (see the validation above), so even a
#   clear gap on a large corpus says what the instrument measures, which is not exactly what a reader perceives.
# * **To learn more:** add more articles of the same story from each outlet (`mediabias add`), rerun
#   `make notebooks`, and watch whether the intervals shrink and the gaps persist.
