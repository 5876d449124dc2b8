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
# # Framing: what kind of story does each outlet tell, and whom does it cast as villain?
#
# The same event can be told in different ways: the withdrawal of US troops from Iraq in the bundled corpus as a
# promise kept, a negotiating failure, a gift to Iran or a bureaucratic mix-up. This notebook asks which **news frames** each outlet's paragraphs use (conflict,
# responsibility, resolution, economic consequences, human interest, morality), whether the frames are the
# outlet's own or come with the passages it excerpts, how the frames move through each article, and which
# **role** (hero, villain, victim) each article gives its main actors: who gets the blame.
#
# **Data:** the curated articles in `corpus/articles/`, their paragraphs and voices (`mediabias.corpus.segment`),
# the actor list `src/mediabias/resources/actors.yaml`. **Method:** the frame codebook
# `src/mediabias/resources/frames_codebook.yaml` (Semetko & Valkenburg 2000; Frermann et al. 2023) and two
# small classifiers trained on the Narrative Frames corpus (`src/mediabias/models/`), validated below.

# %% tags=["parameters"]
CORPUS = None   # corpus directory; None = the bundled corpus
STORY = None    # a story id to restrict to; None = all stories
OUTLETS = None  # a list of outlet ids to restrict to; None = all outlets
FIGURES = "../figures"  # where figures and their CSVs are written, relative to this notebook's folder

# %%
import html

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown, display

from mediabias import paths
from mediabias.compare.audit import AUDIT_COLUMNS, audit_summary, corpus_reading, role_audit, roles_caveat
from mediabias.framing import load_codebook
from mediabias.pipeline import load_results
from mediabias.views.overview import prose_note
from mediabias.views import evaluations, plots, framing as views

plots.use_style()
NOTEBOOK = "03-framing"
R = load_results(CORPUS, story=STORY, outlets=OUTLETS, steps=("articles", "segments", "frames", "roles", "domain"))
corpus = R.corpus
names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
titles = dict(zip(corpus.articles["article_id"], corpus.articles["title"]))

# %%
if note := prose_note(corpus.articles):  # another corpus: the prose below describes the bundled one
    display(Markdown(note))

# %%
domain = R["domain"]
all_frames, all_roles = R.gated["frames"], R.gated["roles"]
frames, roles = R.inside["frames"], R.inside["roles"]  # results only where the models were validated (see below)
display(Markdown(views.paragraphs_headline(all_frames)))

# %% [markdown]
# ## Method and how far to trust it
#
# **Frames.** Each frame of the codebook lists the codebook questions it follows and cue words written from
# them. A logistic regression over MiniLM sentence vectors, the similarity of the text's sentences to the
# codebook questions, and the cue rates decides five frames (the Narrative Frames labels RE, HI, CO, MO, EC);
# the sixth, *attribution of responsibility*, has no labelled data and is decided by the keyword rule alone
# (unvalidated). Validation: cross-validated on the 256 climate articles of Narrative Frames (Frermann et al.
# 2023), beside a keyword-only version of the codebook and the majority class. Scores from `evaluation/frames.json`:

# %%
ev = evaluations.load("frames")
val = evaluations.scores("frames")[["frame", "n_present", "model_f1", "model_f1_sd", "keyword_f1", "majority_f1",
                                  "beats_baselines"]]
display(HTML(val.to_html(index=False, escape=True, float_format="%.3f", na_rep="—")))
display(Markdown(f"Cross-validation: `{html.escape(ev['cv'])}`; {html.escape(ev['split'])}."))

# %% [markdown]
# Limits: the classifier learned **article-level** labels on **climate** coverage; here it reads single
# paragraphs of political news. A paragraph probability says "this paragraph reads like articles that annotators
# called conflict-framed", nothing finer. Treat differences of a few paragraphs as noise.
#
# **Roles.** For each of an article's main actors (the most mentioned, at least twice, from the story's actor
# list), a second classifier reads the sentences that mention it (what they say, the sentiment toward the actor
# measured by the model of `02-sentiment`, and role cue words) and returns hero, villain or victim. It does not
# read the actor's name: a reference model that does scores higher on the climate corpus it was validated on,
# but only because it learned who tends to be cast as what in climate news, which says nothing about other news.
# Validated on the Narrative Frames role annotations (`evaluation/roles.json`; first row = the model used here):

# %%
ev_roles = evaluations.load("roles")
display(HTML(evaluations.scores("roles").to_html(index=False, escape=True, float_format="%.3f", na_rep="—")))
display(Markdown(f"{html.escape(ev_roles['split'])}; CV: `{html.escape(ev_roles['cv'])}`."))

# %% [markdown]
# ## Inside what the models were validated on?
#
# Both classifiers learned from climate-news articles. Two checks decide whether an article is inside what they
# were validated on (`mediabias.runtime.domain`):
#
# * **Topic:** the share of its sentences that lie farther from that training text (MiniLM sentence vectors,
#   distance to the nearest of 16 training centroids) than 95% of the training sentences do (profiles in
#   `models/domain.json`); more than half that far is outside. Political news can sit close enough to
#   climate-policy news to pass (the bundled articles on Iraq do).
# * **Genre:** whether the article's own voice (excerpts of other outlets left out) reads as opinion writing,
#   from its style (function words, first person, questions, stance adverbs; `mediabias.runtime.genre`, validated
#   on AllSides outlets it never saw: `models/genre_lr.md`). The frame and role models were scored separately on
#   the opinion-like, mixed and news-like articles of their own validation data (table below); a genre on which
#   they were not found trustworthy (`resources/genre_trust.yaml`) puts the article outside. The column
#   `trusted` says where that check leaves them: on climate articles, the opinion-like ones are not scored lower
#   than the rest, so genre alone gates nothing. Neither check sees what a reader does in a blog post: an
#   argument that blames the person its sentences name neutrally, or irony (the hand reading below).
#
# An article outside has its frames and roles omitted from the results below (its paragraphs still appear,
# greyed, as reading material). The gate is per article: the passages a blog post excerpts (in the bundled
# corpus, of the NYT, FP and the AP) are left out with the post. Inside the gate, frames and roles are still not headline material in 05-compare.

# %%
display(HTML(evaluations.genre_checks().to_html(
    index=False, escape=True, float_format="%.3f", na_rep="—")))
gated = domain[domain["instrument"].isin(["frames", "roles"])]
display(HTML(gated.assign(title=gated["article_id"].map(titles))[
    ["article_id", "title", "instrument", "genre", "p_opinion", "share_outside", "in_domain", "why"]].to_html(
    index=False, escape=True, float_format="%.2f")))
outside = R.left_out("frames")
display(Markdown(f"**{len(outside)} of {all_frames['article_id'].nunique()} articles are outside** the frame and "
                 "role models' domain; their results are omitted below." if outside else
                 "_Every article is inside the models' domain._"))

# %% [markdown]
# ## Frame prevalence per outlet and voice
#
# Share of paragraphs in which each frame is present, per publishing outlet and voice (**author** = the
# outlet's own paragraphs, **excerpt** = passages quoted from another outlet). Dots are shares, `n` = paragraphs;
# a bar is a 95% bootstrap interval resampling articles, drawn only for groups of five articles or more (from
# fewer, an interval looks more certain than it is).

# %%
if frames.empty:
    display(Markdown("_No article of this selection is inside the frame model's domain: no frame prevalence is "
                     "reported. The paragraphs below are shown greyed, for reading only._"))
else:
    frames["group"] = views.outlet_voice_group(frames, names)
    prev = views.prevalence(frames, "present", ["frame", "group"])
    fig, data = views.plot_prevalence(prev, panel="frame", group="group", title="Share of paragraphs with each frame")
    plots.save_figure(fig, data, notebook=NOTEBOOK, name="frame-prevalence", root=FIGURES)
    plt.show()
    display(HTML(prev.pivot_table(index="group", columns="frame", values="share").round(2).to_html(escape=True)))

# %% [markdown]
# ## Frames over the paragraphs of each article
#
# The frames of every paragraph are shown in the margin of each article's page, beside the paragraph itself
# (hover a frame for its probability, or the cue words of the keyword rule). Here, per article: how many of its
# paragraphs carry each frame, and a link to that page.

# %%
if not frames.empty:
    display(HTML(views.frames_per_article_html(frames, titles)))
else:
    display(Markdown("_Omitted: no article inside the frame model's domain._"))

# %% [markdown]
# ## The passages behind the frames
#
# For each frame, the paragraphs the classifier is most sure about, with the codebook's cue words marked.
# Read them to judge whether the label fits.

# %%
display(HTML(views.frame_passages_html(all_frames, corpus.segments, load_codebook()["frames"], names)))

# %% [markdown]
# ## Who is cast as hero, villain, victim?
#
# The role each article gives its main actors, read from every sentence that mentions them (author and
# excerpt voices together; the table says which). Colour = role, shade = probability. Where the corpus carries a
# hand reading (`corpus/readings/`), every role is first set beside the reader's; when the reader agrees with
# fewer than half of them, the figure says so in its title: the roles are then pointers to sentences, not results
# (the validation above is on climate news; this check is on these very articles).

# %%
reading, why_not = corpus_reading(paths.corpus_dir(CORPUS))
role_check = (role_audit(all_roles, reading.roles[reading.roles["article_id"].isin(set(all_roles["article_id"]))])
              if reading is not None else pd.DataFrame(columns=list(AUDIT_COLUMNS)))
caveat = roles_caveat(role_check)
display(Markdown(why_not or audit_summary(role_check, "role")))

# %%
if roles.empty:
    display(Markdown("_No role is reported: no actor is mentioned twice in an article inside the role model's "
                     "domain (see above)._" if len(all_roles) else "_No actor is mentioned twice in this selection._"))
else:
    fig, data = views.plot_roles(roles, names, caveat=caveat)
    plots.save_figure(fig, data, notebook=NOTEBOOK, name="roles", root=FIGURES)
    plt.show()

# %%
if len(role_check):
    display(HTML(role_check.to_html(index=False, escape=True, float_format="%.2f", na_rep="—")))

# %% [markdown]
# The sentences behind each role (every sentence that mentions the actor; the classifier read them all):

# %%
if len(all_roles) > len(roles):
    display(Markdown("Greyed below: what the role model returned for articles outside its domain. Not results; "
                     "read the sentences instead."))
display(HTML(views.role_evidence_html(all_roles, names)))

# %% [markdown]
# ## What this shows / what it cannot show
#
# * **Shows:** which generic frames dominate each outlet's paragraphs and each article's arc, separately for
#   the outlet's own words and for what it excerpts, and which actors each article's wording aligns with
#   blame (villain), harm (victim) or remedy (hero), always with the passages to check.
# * **Cannot show:** anything about an outlet in general. With a few articles and a few dozen paragraphs per
#   outlet, an interval spanning most of [0, 1] is the honest answer. The classifiers were validated on
#   article-level labels of climate news (macro-F1 in the table above, well short of human agreement), so single
#   paragraph labels can be wrong; the responsibility frame rests on cue words alone. Irony inverts what the
#   words say and no frame or role model here reads it; see `04-language` for the markers we can detect.
# * **Roles out of domain.** The role classifier learned climate stories (polluters as villains, communities as
#   victims) and can miss the blame an opinion post assigns to a person its sentences name neutrally. Treat a
#   role as a pointer to the sentences, not as a finding; "who gets the blame" is better read in those sentences
#   and in the responsibility cues.

# %% [markdown] tags=["bundled-corpus"]
# **In the bundled corpus**, Hot Air's "Smart power, indeed." is irony no frame or role model here reads, and in
# Hot Air's "NYT: Iraq withdrawal outcome of Obama negotiating failure" the author blames Obama, yet the role model
# reads the sentences that name him (an announcement, a promise) as a hero's.
