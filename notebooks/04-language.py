# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Loaded language and vocabulary: how does each outlet say it?
#
# Beyond what is reported, outlets differ in **how** they write: hedged or emphatic, with scare quotes,
# rhetorical questions and irony, or in the flat register of wire copy. This notebook counts the markers of
# loaded language sentence by sentence, per outlet and per voice (the outlet's own words, the passages it
# excerpts, and the words of the speakers it quotes), shows the sentences behind the counts, lists the words that distinguish each outlet, and compares
# readability and style.
#
# **Data:** the curated articles in `corpus/articles/` and their sentences and voices (`mediabias.corpus.segment`).
# **Method:** a sentence model of loaded language (`mediabias.language.model`, trained on opinion vs news sentences,
# validated on expert labels) and the cue lexicons `src/mediabias/resources/loaded_language.yaml` (written after
# Recasens et al. 2013, Hyland 2005, Hooper 1975, Karttunen 1971, Wiebe et al. 2005) in `mediabias.language`;
# log-odds with an informative Dirichlet prior (Monroe et al. 2008) against general English frequencies
# (`wordfreq`) in `mediabias.language.vocab`; readability with textstat (`mediabias.language.readability`).

# %% tags=["parameters"]
CORPUS = None   # corpus directory; None = the bundled corpus
STORY = None    # a story id to restrict to; None = all stories
OUTLETS = None  # a list of outlet ids to restrict to; None = all outlets
FIGURES = "../figures"  # where figures and their CSVs are written, relative to this notebook's folder

# %%
import html

import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display

from mediabias import paths
from mediabias.language import CUES
from mediabias.language.vocab import distinctive_words
from mediabias.pipeline import load_results
from mediabias.views.overview import prose_note
from mediabias.views import evaluations, plots, framing as views

plots.use_style()
NOTEBOOK = "04-language"
R = load_results(CORPUS, story=STORY, outlets=OUTLETS, steps=("articles", "segments", "loaded_language", "loaded_language_spans",
                                                                 "readability", "domain"))
corpus = R.corpus
names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
spans = R["loaded_language_spans"]
# results only for articles inside the loaded-language model's training domain (see the method section)
gated_sentences = R.gated["loaded_language"]
sentences = R.inside["loaded_language"]
display(Markdown(views.sentences_headline(sentences)))

# %%
if note := prose_note(corpus.articles):  # another corpus: the prose below describes the bundled one
    display(Markdown(note))

# %% [markdown]
# **Inside the model's domain?** Per article, the share of its sentences farther from the model's training
# text (AllSides partisan news and opinion) than 95% of the training sentences (`mediabias.runtime.domain`); an
# article with more than half of them that far is outside and left out of the results below.

# %%
domain_table, domain_note = evaluations.domain_report(R["domain"], gated_sentences, "loaded_language")
display(HTML(domain_table))
display(Markdown(domain_note))

# %% [markdown]
# ## Method and how far to trust it
#
# Two layers, one to decide and one to explain:
#
# * **Is the sentence loaded?** A logistic regression reads the sentence's MiniLM embedding, the cue counts
#   below and VADER's sentiment intensity, and gives **P(loaded)**; a sentence counts as loaded at P ≥ 0.5.
#   It learned from about 60,000 sentences labelled at a distance: quote-free sentences of opinion and
#   partisan-commentary articles against straight wire and newsroom reporting (AllSides collection of Baly et
#   al. 2020, Apache-2.0; the rules are data in `resources/distant_labels.yaml`). So what it recognises is
#   "written like opinion rather than wire copy".
# * **What makes it loaded?** Each sentence gets a count per cue class: hedges, boosters, factive, assertive and
#   implicative verbs, subjective intensifiers, first-person opinion, scare quotes (a short double-quoted
#   fragment inside a sentence), rhetorical questions and exclamations outside quotation marks, and irony
#   markers ("…, indeed.", a bare "Really?"). These are highlighted in the sentences below.
#
# Validation on MBIC (Spinde et al. 2021; expert labels biased / non-biased, `evaluation/loaded_language.json`).
# The shipped model (first row) never saw MBIC; the cue rules are the lexicon baseline. MBIC is AGPL-3.0, so
# nothing learned from it may ship with this project: the rows fitted on MBIC exist only in memory during the
# evaluation and show what training on expert labels would add.

# %%
ev = evaluations.load("loaded_language")
display(HTML(evaluations.scores("loaded_language").to_html(index=False, escape=True, float_format="%.3f", na_rep="—")))
display(Markdown(f"{html.escape(ev['split'])}; CV for fitted rows: `{html.escape(ev['cv'])}`; "
                 "`ci95` is a bootstrap interval over MBIC's source articles."))

# %% [markdown]
# Does an article's loaded-language rate track what human annotators marked? BASIL (Fan et al. 2019) marks
# lexical-bias spans (loaded words and phrases) in Fox News, New York Times and HuffPost articles on the same
# events. `mediabias evaluate comparison` correlates each article's rate with its density of lexical-bias spans
# per sentence (Spearman), and checks within each event whether the rate orders the outlets' articles as the
# annotations do (chance 0.5). The rate was chosen on the 2010-2012 events; 2013-2014 are held out. Intervals
# resample events; the baseline is VADER's mean |compound| on the same sentences.

# %%
if (paths.evaluation_dir() / "comparison.json").exists():
    display(HTML(evaluations.comparison_table("loaded_language").to_html(index=False, escape=True, na_rep="—")))
else:
    display(Markdown("_`evaluation/comparison.json` is missing: run `mediabias evaluate comparison`._"))

# %% [markdown]
# Agreement with the experts is moderate for every row: the model misses bias carried by one word in flat
# prose and flags argued but fair sentences; a sentence full of hedges can be careful reporting. Read the
# shares below as "how much of each voice reads like opinion writing", and read the sentences.
#
# ## Loaded-language rates per outlet and voice
#
# **Whose words?** A cue inside quotation marks that an attribution credits to a speaker is the speaker's, not the
# writer's (`mediabias.language.speech`): a sentence that is mostly such quoted words is counted in the voice
# **quoted**, under the outlet that prints it; in the writer's other sentences the quoted cues are set apart (listed,
# greyed, never counted for the writer), and so are first-person words in what an attribution reports ("Obama
# insisted that we need ..."). Quotation marks no attribution credits (the writer's own scare quotes) stay the
# writer's. 05 compares outlets on their own words only.
#
# Share of sentences the model calls loaded and `n` sentences, with a 95% bootstrap interval resampling articles
# only for groups of five articles or more (from fewer, an interval looks more certain than it is; none is drawn).

# %%
sentences["group"] = views.outlet_voice_group(sentences, names)
rates = views.prevalence(sentences, "loaded", ["group"]).assign(measure="loaded sentences")
fig, data = views.plot_prevalence(rates, panel="measure", group="group", title="Share of sentences in loaded language")
plots.save_figure(fig, data, notebook=NOTEBOOK, name="loaded-share", root=FIGURES)
plt.show()

# %% [markdown]
# Which cues make up those shares (matches per 100 sentences; `n_sentences` beside each group):

# %%
per_cue = views.cue_rates_table(sentences, CUES, ["group"])
fig, data = views.plot_cue_rates(per_cue, CUES)
plots.save_figure(fig, data, notebook=NOTEBOOK, name="cue-rates", root=FIGURES)
plt.show()

# %% [markdown]
# ## The sentences behind the counts
#
# Per outlet, the author's sentences the model finds most loaded, cues highlighted (hover for the class; a grey
# cue is in a quoted speaker's words and not counted for the writer), then every sentence whose own words carry an
# irony marker, scare quote or rhetorical question.

# %%
display(HTML(views.loaded_sentences_html(sentences, spans, names)))

# %% [markdown]
# ## Distinctive words per outlet
#
# Words each outlet uses more than the others, as z-scores of the log-odds ratio of the outlet against all
# other outlets, with an informative Dirichlet prior from general English word frequencies (Monroe, Colaresi &
# Quinn 2008; `wordfreq`), so that very common words need a large difference to stand out and the prior does
# not depend on the articles here. Words seen at least twice; the count follows each bar. The author's own
# sentences only, so excerpts do not lend an outlet another outlet's words. Stop words (spaCy's English list)
# are counted but not shown: with so few words they still reach high z-scores and say nothing of style.

# %%
sentence_segments = corpus.segments[corpus.segments["level"] == "sentence"]
if sentence_segments.loc[sentence_segments["voice"] == "author", "outlet"].nunique() >= 2:
    distinct = distinctive_words(corpus, by="outlet", voice="author", top=10)
    fig, data = views.plot_distinctive(distinct, names, top=10)
    plots.save_figure(fig, data, notebook=NOTEBOOK, name="distinctive-words", root=FIGURES)
    plt.show()
else:
    display(Markdown("This selection has one outlet's own words only: distinctive words need two or more to compare."))

# %%
if sentence_segments["voice"].nunique() >= 2:
    by_voice = distinctive_words(corpus, by="voice", top=10)
    display(HTML("<h4>Author vs excerpt voice (all outlets)</h4>"
                 + by_voice[["group", "term", "count", "count_rest", "z"]].to_html(index=False, escape=True, float_format="%.2f")))

# %% [markdown]
# With a few hundred to a few thousand words per outlet, z-scores mostly pick up **topic** (the names and
# events an article covers) rather than style; a z of 2 is one or two extra uses of a word. An outlet with a
# single article is that article.
#
# ## Readability and style per voice
#
# Flesch reading ease (higher = easier) and Flesch-Kincaid grade from textstat, words per sentence, and the
# loaded-sentence share, per article and voice.

# %%
style_table = views.style_table(R["readability"], sentences, names)
display(HTML(style_table.to_html(index=False, escape=True, float_format="%.2f")))
fig, data = views.plot_readability_style(style_table, outlet_ids=corpus.outlets["outlet_id"])
plots.save_figure(fig, data, notebook=NOTEBOOK, name="readability-style", root=FIGURES)
plt.show()

# %% [markdown]
# ## What this shows / what it cannot show
#
# * **Shows:** how often each outlet's own sentences, and the passages it excerpts, carry the surface markers
#   that the biased-language literature associates with subjectivity (hedges, boosters, assertive and factive
#   verbs, intensifiers, scare quotes, rhetorical questions, irony markers), the sentences that carry them,
#   the words that set each outlet's few articles apart, and how readable each voice is.
# * **Cannot show:** bias as such. The cue rule matches expert bias labels only moderately on MBIC (table
#   above); a better fitted model exists in the evaluation but cannot be shipped (AGPL data). Whose words a cue
#   is rests on the attribution extractor (about a third of PolNeAR's attributions missed, see 01): a quotation it
#   misses stays the writer's, and a paraphrase without quotation marks is the writer's wording. P(loaded) reads
#   the whole sentence, quoted words included. Markers miss irony beyond the few patterns listed, and bias by
#   omission or selection. With a few articles per outlet, differences are anecdotes
#   with intervals, not estimates; readability from a few hundred words moves by several points with one long
#   sentence.
