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
# # Sentiment toward the actors: the writer's stance, and the tone of the sentences that name them
#
# Whole-article sentiment says little about war news: it is nearly all negative. What can differ between
# outlets is how they portray the **actors** (in the bundled stories: Obama, the White House, the State
# Department, the Pentagon, Maliki, the Iraqi parliament, Iran, Trump, Soleimani). This notebook measures the sentiment expressed
# *toward each actor mention*, sentence by sentence, and asks whether the negativity is the outlet's own
# (the author's voice), borrowed from another outlet (excerpts), or its sources' (quoted speakers).
#
# **Data:** the curated articles in `corpus/articles/`, their sentences and voices (`mediabias.corpus.segment`),
# the attributions (`mediabias.sources`) and the actor list `src/mediabias/resources/actors.yaml`.
# **Method:** a target-dependent sentiment model (MiniLM fine-tuned on NewsMTSC, see the method section) with
# VADER's whole-sentence tone beside it as a transparent baseline.

# %% tags=["parameters"]
CORPUS = None   # corpus directory; None = the bundled corpus
STORY = None    # a story id to restrict to, e.g. "iraq-withdrawal-2011"; None = all stories
OUTLETS = None  # a list of outlet ids to restrict to; None = all outlets
FIGURES = "../figures"  # where figures and their CSVs are written, relative to this notebook's folder

# %%

import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display

from mediabias import paths
from mediabias.pipeline import load_results
from mediabias.views.overview import prose_note
from mediabias.views import evaluations, plots
from mediabias.compare.audit import audit_summary, corpus_reading, stance_audit
from mediabias.views.stance import plot_writer_stance, stance_evidence_html, stance_rows
from mediabias.views.sentiment import (extreme_cells_html, flagged_table, irony_marked_sentences, mentions_headline,
                                      mentions_html, plot_tone_by_outlet, plot_tone_by_voice, positive_author_mentions,
                                      top_actors, vader_agreement, voice_summary)

plots.use_style()
NOTEBOOK = "02-sentiment"
R = load_results(CORPUS, story=STORY, outlets=OUTLETS, steps=("articles", "segments", "actor_sentiment", "sentence_tone",
                                                                 "loaded_language", "domain", "stance", "writer_stance"))
corpus = R.corpus
# finished tables: irony markers per sentence (see below); results only for articles inside the model's training domain
gated = R.gated["actor_sentiment"]
mentions = R.inside["actor_sentiment"]
names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
display(Markdown(mentions_headline(mentions)))

# %%
if note := prose_note(corpus.articles):  # another corpus: the prose below describes the bundled one
    display(Markdown(note))

# %% [markdown]
# ## The writer's stance toward each actor
#
# What a reader usually wants to know is how **the writer** treats an actor, which is not the same as the tone
# of the sentences that name it: a blogger can quote the actor's critics, excerpt another outlet, or praise
# with sarcasm. The **stance reader** (`mediabias.sentiment.stance`, trained on PerSenT, whose annotators
# judged the *author's* sentiment toward a person, paragraph by paragraph) reads each paragraph of the writer's
# own voice that names the actor, with every other voice masked (quoted content, any quotation of five words or
# more, excerpts of other outlets: what was said is hidden, who said it stays), and gives P(negative / neutral /
# positive). A paragraph whose own words
# are only the frame of a quotation ("…," Kemp elaborated) is no evidence, and a paragraph is **set aside**
# when the sentiment toward the actor in it belongs to someone else (`mediabias.sentiment.holder`, trained on DSA
# "who blames or endorses whom": in "X attacked Obama" the attack is X's; in "drew criticism from Democrats" the
# Democrats are the critics; a network fine-tuned on DSA whose "held by another" readings, at the cut-off used here,
# were right about 6 times in 10 on news sentences it never saw: each set-aside paragraph is listed with its reason
# and probability, as a likely reading, `evaluation/holder.md`). An article's stance comes from the paragraphs
# read; it is **flagged** (hatched) when one of them reads positive and carries irony (`mediabias.sentiment.sarcasm`: the cue rules of
# `resources/irony_markers.yaml` and a sarcasm classifier trained on iSarcasmEval), because sarcasm inverts
# praise. A hatched cell says "read its paragraphs", not "the sign is wrong": in news the flag is mostly a false
# alarm (on PerSenT's news articles a positive reading with a flag was right as often as one without, 0.50 against
# 0.48, mostly scare quotes; `models/sarcasm_lr.md`), and inverting flagged praise did not help on the labelled
# data (`models/stance.md`), so the flag warns and corrects nothing. A stance toward a **country** is hatched too and marked *outside what was measured*: the reader was
# trained and checked on persons and on US parties, institutions and groups (PerSenT, BASIL), never on a country,
# so 05 leaves such rows out of the outlets' stance. Only the publisher's own voice is read here, so outlets heard
# only through excerpts (the NYT, the AP in the bundled corpus) have no stance of their own. Each cell: the mean
# over articles, n = (article, actor) pairs; the paragraphs behind every cell are listed under the figure. Where
# the corpus carries a hand reading (`corpus/readings/`, checked below), a cell holding a stance the reader
# contradicts is hatched as well, marked *contradicted (reader)*.
# Validation: `evaluation/stance.md`, `evaluation/stance_basil.md`.

# %%
writer = stance_rows(R["writer_stance"], corpus.segments)
reading, why_not = corpus_reading(paths.corpus_dir(CORPUS))  # the hand reading, when the corpus has one
audit = None if reading is None else stance_audit(
    R["writer_stance"], reading.stance[reading.stance["article_id"].isin(set(corpus.articles["article_id"]))])
fig, stance_cells = plot_writer_stance(writer, names, checked=audit)
plots.save_figure(fig, stance_cells, notebook=NOTEBOOK, name="writer-stance", root=FIGURES)
plt.show()

# %% [markdown]
# The paragraphs behind each stance, most decided first, and the paragraphs that name the actor but were set
# aside, with the reason. An article's stance is not one paragraph's label: a second model reads the paragraphs
# together (their mean, strongest and first readings, their number, and the tone of the sentences toward the actor;
# `mediabias.sentiment.stance.article_features`, trained on PerSenT's document labels), so it can differ from the
# label of the only paragraph shown. A heading whose sign the tool itself does not claim (irony, a country) says so,
# and, where the corpus carries a hand reading (below), whether the reader agrees.

# %%
display(HTML(stance_evidence_html(writer, R["stance"], corpus.segments, names=names, checked=audit,
                                  titles=dict(zip(corpus.articles["article_id"], corpus.articles["title"])))))

# %% [markdown]
# ### Checked against a hand reading
#
# Where the corpus carries a hand reading (`corpus/readings/`: each article read whole, the writer's stance toward
# each main actor with the sentences that decide it), every stance above is set beside the reader's. *flagged*:
# the tool itself calls its sign unreliable (irony) or its reading outside what was measured (a country), so it
# claims none; *tool silent*: the reader finds a stance
# the tool has no reading for. A stance the reader contradicts is not reported as a finding in 05.

# %%
if reading is None:
    display(Markdown(why_not))
else:
    display(Markdown(audit_summary(audit, "stance")))
    if len(audit):
        display(HTML(audit.to_html(index=False, escape=True, float_format="%+.2f", na_rep="—")))

# %% [markdown]
# ## The tone of the sentences toward each actor
#
# The rest of this page measures something else, kept because it is finer and validated on more data: the
# **tone of each sentence toward the actor it names**, whoever speaks in it. It says how the actor is
# portrayed in the text a reader reads (quotes and excerpts included), not what the writer thinks.
#
# ## Method and how far to trust it
#
# For each sentence and each actor it mentions, the model reads the sentence with the mention marked and
# returns negative / neutral / positive with probabilities; the **score** is P(positive) − P(negative), in
# [−1, 1]. Actor mentions come from a per-story list of names and aliases (in the bundled stories, "the
# president" is Obama in 2011 and Trump in 2020; Obama, the Obama administration and the White House are separate
# actors).
#
# Validation on public data with human labels (scores read from `evaluation/target_sentiment.json`):
# NewsMTSC (Hamborg & Donnay 2021) is sentiment toward a marked person in news sentences, the task measured
# here; F1m is the macro-F1 of the paper (their best, a fine-tuned RoBERTa, reached 0.831 on `rw`). The
# baseline gives every target the VADER tone of its whole sentence. BASIL (Fan et al. 2019) is an
# out-of-domain check: spans that annotators marked as negative or positive toward a named target.

# %%
evaluation = evaluations.load("target_sentiment")
validation = evaluations.scores("target_sentiment")[["data", "method", "n", "f1_macro", "accuracy", "f1_negative", "f1_neutral", "f1_positive"]]
display(HTML(validation.to_html(index=False, escape=True, float_format="%.3f", na_rep="—")))
if evaluation.get("basil"):
    display(Markdown(f"BASIL: {evaluation['basil']['coverage']}; for BASIL `accuracy` is the agreement of the "
                     "predicted label with the annotated polarity (a neutral prediction counts as a miss)."))

# %% [markdown]
# ### Does the outlet-level number agree with a human reader? (BASIL, `evaluation/comparison.json`)
#
# What a reader of this page is shown is sentiment toward an actor **in an outlet's own words**, aggregated over
# an article. BASIL's annotators judged, for each article, the author's feeling toward each main entity
# (`mediabias evaluate comparison`). The same attribution and target-sentiment functions, with the aggregation
# chosen on the 2010-2012 events (which voices count, how mentions are weighted, the class thresholds:
# `resources/aggregation.yaml`; 2013-2014 held out), are scored against those judgements, beside VADER on the
# same sentences and the majority class, and within each event: does the tool order the three outlets' articles
# as the annotators do (chance 0.5)? Intervals resample events. Agreement is modest: most judgements are
# neutral, and the model reads the grim vocabulary of news reporting as hostility toward its actors.

# %%
if (paths.evaluation_dir() / "comparison.json").exists():
    display(HTML(evaluations.comparison_table("article").to_html(index=False, escape=True, na_rep="—")))
    display(Markdown("Does the tool beat each baseline? The tool's score minus the baseline's on the same articles, "
                     "with one event bootstrap for both (an interval above 0 means better):"))
    display(HTML(evaluations.comparison_table("article_paired").to_html(index=False, escape=True, na_rep="—")))
    display(HTML(evaluations.comparison_table("within_event").to_html(index=False, escape=True, na_rep="—")))
else:
    display(Markdown("_`evaluation/comparison.json` is missing: run `mediabias evaluate comparison`._"))

# %% [markdown]
# **Inside the model's domain?** The model learned from NewsMTSC news sentences. For each article, the share
# of its sentences farther from that training text than 95% of the training sentences (`mediabias.runtime.domain`);
# an article with more than half of them that far is outside, and its mentions are left out of every result
# below.

# %%
domain_table, domain_note = evaluations.domain_report(R["domain"], gated, "target_sentiment")
display(HTML(domain_table))
display(Markdown(domain_note))

# %% [markdown]
# ## Outlet × actor: mean tone of the sentences toward each actor
#
# Columns are the **publishing** outlet (everything its readers read, excerpts and quotes included); rows the
# most-mentioned actors (at most 12, each mentioned three times or more). Each cell: mean score, then, with five
# articles or more, a 95% bootstrap interval (articles resampled); with fewer, the per-article means instead (an
# interval from two articles looks certain and is not), and n mentions. Blue is positive, red negative, blank =
# never mentioned. A **grey hatched** cell is flagged *unreliable*: the model reads positive inside sentences with
# irony markers (scare quotes, "of course", "indeed", "framed it as", rhetorical questions:
# `resources/irony_markers.yaml`), so its sign cannot be trusted; the reason is in the table under the figures.

# %%
actors = top_actors(mentions)
fig, cells = plot_tone_by_outlet(mentions, actors, names)
if cells.empty:
    display(Markdown("_No actor is mentioned three times or more in this selection._"))
else:
    plots.save_figure(fig, cells, notebook=NOTEBOOK, name="outlet-actor", root=FIGURES)
    plt.show()

# %% [markdown]
# ## Whose negativity? The same, split by voice
#
# Columns here are **whose words** a sentence is, not who published it: a blog's excerpts of a newspaper count for
# the newspaper (in the bundled corpus, Hot Air's excerpts of The New York Times, Foreign Policy and the AP count
# for those outlets). **author**: an outlet's own sentences on its own page;
# **excerpt**: an outlet's sentences as reprinted by another (the excerpting page is named in the sentences
# below); **quoted**: mentions inside words the text attributes to a speaker (attribution content spans from
# `mediabias.sources`), under the outlet whose text carries the quote. A mention in a quote inside an excerpt
# counts as quoted; "I find it difficult to believe that …" is the author's own voice, not a quote. One panel per
# voice, each with the outlets that speak in it and the actors they mention (up to the 12 above).

# %%
fig, by_voice = plot_tone_by_voice(mentions, actors, names)
if not by_voice.empty:
    plots.save_figure(fig, by_voice, notebook=NOTEBOOK, name="outlet-actor-by-voice", root=FIGURES)
    plt.show()
    display(HTML(voice_summary(mentions, names).to_html(index=False, escape=True, float_format="%.2f")))

# %% [markdown]
# ### Flagged cells: where the sign is unreliable, and why
#
# Every cell flagged above, with the rule that flagged it. A flagged cell is never reported as a finding here
# or in 05-compare (where the outlet's own-words sentiment carries the same flag).

# %%
all_flags = flagged_table(mentions, actors, names)
if all_flags.empty:
    display(Markdown("_No cell is flagged in this selection._"))
else:
    display(HTML(all_flags.to_html(index=False, escape=True)))

# %% [markdown]
# ## The sentences behind the numbers
#
# For the two most negative and the two most positive outlet × actor cells with at least three mentions, every
# sentence behind the cell with the mention highlighted, the model's label and score, and VADER's
# whole-sentence tone for comparison. Judge for yourself.

# %%
display(HTML(extreme_cells_html(mentions, actors, names)))

# %% [markdown]
# ## What the target model adds over sentence tone
#
# How often the model's label toward the actor agrees with VADER's tone of the whole sentence. Disagreements
# are where the sentence's tone and the portrayal of this actor differ (a grim sentence that is neutral about
# the person it names), or where one of the two is wrong.

# %%
crosstab, agreement = vader_agreement(mentions)
display(HTML(crosstab.to_html(escape=True)))
display(Markdown(agreement))

# %% [markdown]
# ## What this measure cannot capture
#
# * **Sarcasm.** The model has never seen sarcasm labelled as such; ironic praise will often come out positive or
#   neutral. Irony markers flag such cells above; they correct nothing. Below: every positive reading in an
#   outlet's own voice, then the sentences with irony or rhetorical-question cues beside VADER's tone of them.
# * **Rhetorical questions** carry the author's stance in the question form; sentence-level models read them as
#   neutral statements.
# * **Stance spread over sentences.** Pronouns are not resolved to actors, so a sentence that speaks of an actor
#   only as "he" counts for no one.
# * **Selection and framing.** Which actors an outlet names at all, and which facts it chooses, is not
#   sentiment; see the sourcing and framing notebooks.

# %% [markdown] tags=["bundled-corpus"]
# **In the bundled corpus.** Hot Air's post ends "Smart power, indeed." — plainly contemptuous of the
# administration, but it names no actor (so no target score) and VADER reads it as positive. Sarcasm shows in Hot
# Air's own sentences about Obama ("he framed it as a campaign promise kept", "As part of his “mission
# accomplished” speech …", "Obama gets to check the box"), which the model rates positive. **The sign of the Hot
# Air × Obama cell is wrong, not merely understated**: read by hand, every one of the blogger's sentences about
# Obama is hostile (a botched negotiation, a campaign promise spun, motives of political gain), and the posts are
# titled "How Obama botched the Iraq withdrawal negotiations". The cell is flagged above for that reason and is not
# a finding; its sentences are listed below. The rhetorical questions ("The administration’s response? Try 3,000",
# "do we send the troops back?") read as neutral statements, and "He’s not beating people … but he’s happy to
# imprison and intimidate his opponents" is about Maliki but counts for no one, its mention being "he".

# %%
display(HTML(mentions_html(positive_author_mentions(mentions), "Outlets' own sentences read as positive toward an actor",
                           limit=20)))
marked = irony_marked_sentences(R["loaded_language"], R["sentence_tone"])
display(HTML(marked.to_html(index=False, escape=True, float_format="%.3f", na_rep="—")))

# %% [markdown]
# ## What this shows / what it cannot show
#
# **Shows:** which actors each outlet's pages speak of negatively or positively, mention by mention, and
# whether that sentiment comes from the outlet's own sentences, from excerpts of other outlets, or from the
# people it quotes; every cell can be traced to its sentences above.
#
# **Cannot show:** with a handful of articles per outlet, the intervals are wide and most cells rest on one
# article; differences between outlets here are descriptions of these articles, not of the outlets. The model
# is validated on NewsMTSC sentences (F1m above, well below the human ceiling) and misses sarcasm, rhetorical
# questions and pronoun mentions; the actor list covers the two stories of the seed corpus, other stories fall
# back to spaCy's named entities without aliases. Scores average probabilities, so a cell near zero can mean
# neutral mentions or positive and negative mentions cancelling out (see the sentences).
