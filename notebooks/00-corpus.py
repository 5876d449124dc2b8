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
# # The corpus: what is in it and how it was curated
#
# Which articles does this collection compare, whose words are in them, and how hard are they to read?
# Before measuring sourcing, sentiment or framing we need to know what each number will be computed on.
# In particular, an article can carry **excerpts** of other outlets (a blog post that quotes a newspaper at
# length): the collection keeps those excerpts apart from the writer's own voice, so that each outlet is measured
# on its own words. How much of each article is excerpt is measured below, not assumed.
#
# **Data:** the curated articles in `corpus/articles/` (front matter + body; excerpts are blockquotes that
# name their origin outlet, see `corpus/README.md`), made from the verbatim captures in `corpus/raw/`.

# %% [markdown] tags=["bundled-corpus"]
# In the bundled corpus, Hot Air's posts quote The New York Times, Foreign Policy's The Cable and The Associated
# Press at length.

# %% tags=["parameters"]
CORPUS = None   # corpus directory; None = the bundled corpus
STORY = None    # a story id to restrict to, e.g. "iraq-withdrawal-2011"; None = all stories
OUTLETS = None  # a list of outlet ids to restrict to; None = all outlets
FIGURES = "../figures"  # where figures and their CSVs are written, relative to this notebook's folder

# %%
import html

import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display

from mediabias.pipeline import load_results
from mediabias.views import plots
from mediabias.views.anchors import evidence_link
from mediabias.views.highlight import render_article
from mediabias.views.overview import (corpus_headline, date_notes_html, excerpt_share_sentence, outlet_story_counts,
                                     plot_readability, plot_voice_share, prose_note, provenance_notes_html,
                                     voice_words)

plots.use_style()
NOTEBOOK = "00-corpus"
R = load_results(CORPUS, story=STORY, outlets=OUTLETS, steps=("articles", "segments", "readability"))
corpus = R.corpus
articles = corpus.articles
display(Markdown(corpus_headline(articles)))

# %%
if note := prose_note(corpus.articles):  # another corpus: the prose below describes the bundled one
    display(Markdown(note))

# %% [markdown]
# ## Every article
#
# Dates marked in `date_note` were derived from the text (the captures carry no dates); the note says how. An
# article whose attribution to its outlet is in doubt carries a `provenance_note`, listed after them: its numbers
# count for the outlet named, and may belong to another.

# %%
meta = articles[["article_id", "outlet_name", "story", "published", "title", "authors", "n_words", "n_words_excerpt"]]
display(HTML(meta.to_html(index=False, escape=True)))
display(HTML(date_notes_html(articles)))
display(HTML(provenance_notes_html(articles)))

# %% [markdown]
# ## Outlets and stories
#
# An outlet appears either as the **publisher** of an article or as **excerpted** inside another outlet's
# article.

# %% [markdown] tags=["bundled-corpus"]
# The New York Times and The Associated Press are in the bundled corpus only through Hot Air's excerpts.

# %%
counts = outlet_story_counts(corpus)
display(HTML(counts.to_html(index=False, escape=True)))
display(HTML(corpus.outlets[["outlet_id", "name", "kind", "country", "lean", "lean_source"]].to_html(index=False, escape=True)))

# %% [markdown]
# ## Whose words? The author's own voice and the excerpts
#
# Each bar is one article; its length is the number of words, split by whose words they are. Grey is the
# publishing outlet's own voice; coloured segments are excerpts of another outlet.

# %%
vw = voice_words(corpus)
fig, data = plot_voice_share(vw, articles, outlet_ids=corpus.outlets["outlet_id"])
plots.save_figure(fig, data, notebook=NOTEBOOK, name="voice-share", root=FIGURES)
plt.show()
display(Markdown(excerpt_share_sentence(articles)))

# %% [markdown]
# How the excerpt markup looks in practice: the first paragraphs of one article with excerpts, as a reader
# of this collection sees it (excerpts in blue boxes, labelled with their origin). Every article has its own page
# in the site (`articles/<article_id>.html`) with all the layers the instruments found, switchable.

# %%
with_excerpts = articles[articles["n_words_excerpt"] > 0]
if len(with_excerpts):
    example = with_excerpts.sort_values("article_id").iloc[0]
    names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
    display(HTML(f"<h4>{html.escape(example['title'])} ({html.escape(example['outlet_name'])})</h4>"
                 + render_article(example["article_id"], corpus.segments, outlet_names=names, max_paragraphs=4)
                 + f"<p>{evidence_link(example['article_id'], None, 'The whole article, with everything the tools found in it ↗')}</p>"))
else:
    display(Markdown("_No article in this selection excerpts another outlet._"))

# %% [markdown]
# ## Readability by outlet and voice
#
# Flesch reading ease (higher = easier; 60-70 is plain English, below 30 is very difficult) and the
# Flesch-Kincaid grade level, computed with `textstat` on each article's sentences, separately for the
# publisher's own voice and for each excerpted outlet. On a few hundred words these scores are rough:
# differences of a few points mean nothing.

# %%
rd = R["readability"].copy()
rd["speaking_outlet_name"] = rd["speaking_outlet"].map(corpus.outlet_name)
display(HTML(rd.drop(columns=["speaking_outlet"]).to_html(index=False, escape=True)))

colors = plots.outlet_colors(corpus.outlets["outlet_id"], shown=rd["speaking_outlet"])
fig, data = plot_readability(rd, colors=colors)
plots.save_figure(fig, data, notebook=NOTEBOOK, name="readability", root=FIGURES)
plt.show()

# %% [markdown]
# ## What this shows / what it cannot show
#
# * **Shows:** what the later notebooks measure: how much of each article is its publisher's own voice and how
#   much is excerpt. Analyses that did not separate the voices would credit a writer with the words of the
#   outlets it quotes, and an outlet heard only through another's excerpts enters the comparison through what
#   that writer chose to excerpt, which is a selection, not a sample, of the outlet.
# * **Cannot show:** anything general about an outlet beyond the articles counted above. Readability on a few
#   hundred words per voice varies more between articles than between outlets.
# * **Curation choices** (listed per article in `curation_note` and in `corpus/README.md`) remove page
#   furniture; the raw captures stay in `corpus/raw/` with checksums, so every choice can be checked.

# %% [markdown] tags=["bundled-corpus"]
# **In the bundled corpus**, Hot Air's posts are 31%, 51% and 70% excerpts of other outlets (by words), so
# analyses that did not separate the voices would credit the blogger with The New York Times' or the AP's words;
# the NYT and the AP enter the comparison only through what Hot Air chose to excerpt. There are five articles,
# three publishing outlets and two stories; The Media Line's single article covers a different episode (January
# 2020) from all the others (October 2011).
