# %% [markdown]
# # Whom do the outlets let speak?
#
# **Question.** For each outlet, and separately for its own words and the excerpts it reprints: how many
# attributions per 1,000 words, how many sources are named, what kinds of sources speak, through which
# cues (neutral *said* or stance-laden *insisted*), and along which chain of credit (a blog → the newspaper
# it excerpts → the official the newspaper quotes).
#
# **Data.** The attributions table computed by `mediabias analyze` from the curated corpus
# (`mediabias.sources.attributions`: rules over the spaCy parse, validated on PolNeAR: see the method section).
# Outlets are counted by **whose words** a passage is: a blog's excerpts of a newspaper count for the newspaper
# (voice `excerpt`), the blog's own text for the blog (voice `author`); in the bundled corpus, Hot Air's excerpts
# of The New York Times, Foreign Policy and the AP count for those outlets.

# %% tags=["parameters"]
CORPUS = None
STORY = None
OUTLETS = None
FIGURES = "../figures"  # where figures and their CSVs are written, relative to this notebook's folder

# %%
from IPython.display import HTML, Markdown, display

from mediabias import paths
from mediabias.pipeline import load_results
from mediabias.views.overview import prose_note
from mediabias.views import evaluations, plots
from mediabias.views.highlight import passages_table
from mediabias.views.sources import (article_per_outlet_html, close_reading_report, counts_by, plot_chains,
                                     plot_rates, plot_source_mix, rates, source_mix, top_speakers)
from mediabias.sources.close_reading import load_close_reading
from mediabias.sources.kinds import sourcing

plots.use_style()
R = load_results(CORPUS, story=STORY, outlets=OUTLETS, steps=("articles", "segments", "attributions"))
corpus = R.corpus
names = dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
every = R["attributions"].assign(speaking_outlet=R["attributions"]["origin_outlet"])
table = sourcing(every)  # speech and reported positions: the author's conjectures are not sources
print(len(every), "attributions in", corpus.articles.shape[0], "articles;", len(table), "of them sourcing",
      f"({len(every) - len(table)} conjectures, mental states ascribed with no source, left out of every source "
      "measure below)")

# %%
if note := prose_note(corpus.articles):  # another corpus: the prose below describes the bundled one
    display(Markdown(note))

# %% [markdown]
# ## Sourcing or conjecture? Attribution kinds
#
# An opinion writer credits people with thoughts nobody reported (in the bundled corpus, Hot Air's "Obama wants
# to make a little political hay", "Maybe Obama ... thought"). Each relation is classed (`mediabias.sources.kinds`, rules in
# `resources/attribution_kinds.yaml`) as **speech** (words on record), **position** (a belief, intention or
# act reported as on record) or **conjecture** (a mental state the author ascribes with no source: hedged,
# an omission the author asserts, a motive with no reporting context). Only speech and position count as
# sources in the rest of this notebook and in 05. Negated cues ("does not believe", "refused to") and modal
# or hedged ones ("might conclude", "Maybe ... thought") are recorded.

# %%
counts_by(every, ["speaking_outlet", "voice"], "attribution_kind")

# %%
shown_kinds = every[(every.attribution_kind == "conjecture") | every.negated][
    ["speaking_outlet", "voice", "speaker", "cue_text", "attribution_kind", "kind_reason", "negation", "modality",
     "content_text"]]
shown_kinds.assign(content_text=shown_kinds.content_text.str.slice(0, 100))  # pandas escapes HTML when it renders

# %% [markdown]
# ## Attributions per 1,000 words, named share (with n and article-bootstrap 95% intervals)
#
# An interval needs two or more articles to resample; a group of one article shows its rate alone.

# %%
rate = rates(table, corpus.segments, by=("speaking_outlet", "voice"))
rate

# %%
fig, data = plot_rates(rate, names)
plots.save_figure(fig, data, notebook="01-sources", name="attributions-per-1000-words", root=FIGURES)

# %% [markdown]
# ## Source types, cue classes, named vs anonymous

# %%
mix = source_mix(table)
mix.pivot_table(index=["speaking_outlet", "voice"], columns="source_type", values="n", fill_value=0)

# %%
fig, data = plot_source_mix(mix, names)
plots.save_figure(fig, data, notebook="01-sources", name="source-type-mix", root=FIGURES)

# %% [markdown]
# Cue classes: *neutral* cues only report (said, told); *stance* cues frame the claim (insisted, admitted,
# warned). `cue_category` separates speech and writing from credited beliefs and intentions (wants, thinks).

# %%
counts_by(table, ["speaking_outlet", "voice"], "cue_class")

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
top_speakers(table)

# %% [markdown]
# ## Chains of credit

# %%
fig, shown = plot_chains(table)
plots.save_figure(fig, shown, notebook="01-sources", name="attribution-chains", root=FIGURES)

# %% [markdown]
# ## One article per outlet, attributions highlighted
# Orange: source; green: cue; blue: content (hover for the resolved speaker).

# %%
display(HTML(article_per_outlet_html(corpus.articles, table)))

# %% [markdown]
# ## Close reading beside the machine
#
# Where the corpus carries a hand reading of its attributions (`corpus/close_reading/attributions.csv`), the
# table below compares that reading with the extractor, item by item, on speaker and kind; the disagreements are
# listed below it.

# %% [markdown] tags=["bundled-corpus"]
# **Hot Air's own voice, read by hand.** The blogger's own sentences credit few sources. Of the 28 attributions a
# reader finds in his three posts (`corpus/close_reading/attributions.csv`, the table below), 15 are words on
# record: Obama's announcement, how he framed it, his 2008 promise and his speech ("announced", "framed",
# "promised", "insisted", "claim"), the New York Times report the post excerpts ("makes clear"), Josh Rogin's post
# at The Cable ("reminds", "points out"), "most media sources", two officials to Politico, the commanders, one
# Anbari cab driver quoted from the Washington Post, the National Journal piece, and the anti-war public that
# "insist". Three are positions reported as on record: what neither side wanted, "the word last month was that the
# Pentagon wanted ...", and the Iraqi Sunnis' fears. The other 10 are the blogger's conjectures about motives and
# prospects: Obama "wants to make a little political hay", "Maybe Obama ... thought the country is a lost cause",
# Obama "might conclude", the White House "would rather walk away than concede", Maliki "gets to say", and
# "neglected to mention", which credits Obama with what he did *not* say. The one real quotation of Obama in the
# blogger's voice, "as promised", sits inside Rogin's reminder. The blame falls mostly, not only, on Obama: the
# blogger blames him (incompetence, a campaign-driven withdrawal) and calls Maliki "a weak and ineffective prime
# minister" turning into "Saddam lite" (National Journal's phrase, which he endorses). Of the sources he borrows,
# the NYT's officials and Rogin's Sullivan fault the administration's negotiating, McKeon warns that the Iraqis are
# not ready to keep their own stability, and the AP excerpt has Iraqi leaders refusing immunity. The excerpts cut
# the NYT story to the passages on the failed talks and the Foreign Policy post to its critics of the strategy.

# %%
summary, reading, disagreements = close_reading_report(load_close_reading(paths.corpus_dir(CORPUS)), every)
print(summary)
if len(reading):
    display(HTML(reading.to_html(index=False, escape=True, na_rep="—")))
    print(disagreements)

# %% [markdown]
# ## Method: how well the extractor works
# Scores on PolNeAR dev (`mediabias evaluate attribution`), read from `evaluation/attribution.json`;
# the baseline is textacy's `direct_quotations` scored the same way. Overlap = Dice of word-token sets ≥ 0.5.

# %%
print(evaluations.attribution_report())

# %% [markdown]
# ## What this shows / what it cannot show
#
# *Shows:* how often each outlet credits a source, whom (type, named or not), with which verbs, and whether
# the voice is the outlet's own or an excerpt of another outlet. Every number traces back to highlighted text.
#
# *Cannot show:* with a few articles per outlet (the counts are above), rates carry wide intervals and outlet
# differences are illustrations, not findings. On PolNeAR the extractor misses about a third of the annotated attributions and
# about one in five of what it returns is wrong (the exact figures are printed under the method table above,
# from `evaluation/attribution.json`): rare cues (idioms, most nouns, headline verbs) are
# missed. Belief and intention cues (*wants*, *thinks*) are still extracted, as PolNeAR counts them, but
# the author's conjectures among them are classed apart and left out of the source measures; the kind rules
# are simple (hedges, modals, omissions, a reporting context within one paragraph) and the close reading
# above shows where they and the extractor still differ from a reader. Canonical speakers are resolved within an article
# and merged by surname within a story; a wrong pronoun resolution moves a quote to the wrong person. Source
# types come from a keyword codebook (`resources/source_types.yaml`), not from knowledge of the people.
