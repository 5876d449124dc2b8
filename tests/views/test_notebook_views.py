"""The figures and passages the notebooks used to lay out themselves, now views functions, on small hand-made
tables: what they draw (panels, titles, rows) and what they say when there is nothing to draw."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mediabias.views import evaluations, findings  # noqa: E402
from mediabias.views.compare import versus_table  # noqa: E402
from mediabias.views import framing as fviews  # noqa: E402
from mediabias.views import sentiment as sviews  # noqa: E402
from mediabias.views import sources as src  # noqa: E402
from mediabias.views.overview import corpus_headline, count_phrase  # noqa: E402
from mediabias.views.stance import plot_writer_stance  # noqa: E402

NAMES = {"blog": "The Blog", "wire": "The Wire"}


def title(ax) -> str:
    """The axes' title wherever it sits: the house style (views.plots.use_style, which an earlier test or
    notebook may have applied in this process) puts titles on the left."""
    return next((t for t in (ax.get_title(loc) for loc in ("center", "left", "right")) if t), "")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _mentions() -> pd.DataFrame:
    """Nine mentions: Obama read positive in the blog's ironic author sentences (a flagged cell), Maliki elsewhere."""
    rows = []
    for i in range(3):
        rows.append(("blog", "author", "Obama", "positive", 0.8, True, "indeed"))
        rows.append(("wire", "excerpt", "Obama", "negative", -0.6, False, ""))
    for i in range(3):
        rows.append(("wire", "author", "Maliki", "neutral" if i else "positive", 0.1, False, ""))
    return pd.DataFrame([{"article_id": f"{o}-{i % 2}", "segment_id": f"{o}-{i % 2}:p00s0{i}", "outlet": o,
                          "speaking_outlet": o, "voice": v, "actor": a, "label": lab, "score": sc,
                          "ironic_positive": iro, "irony_markers": mk, "vader_compound": sc / 2,
                          "sentence": f"{a} did it.", "sentence_start": 0, "mention_start": 0, "mention_end": len(a),
                          "speaker": None}
                         for i, (o, v, a, lab, sc, iro, mk) in enumerate(rows)])


def test_top_actors_keeps_actors_mentioned_often_enough_most_mentioned_first():
    m = _mentions()
    assert sviews.top_actors(m) == ["Obama", "Maliki"]
    assert sviews.top_actors(m, min_mentions=4) == ["Obama"]


def test_tone_by_outlet_draws_one_heatmap_of_the_actors_by_outlet_name_with_the_ironic_cell_hatched():
    fig, cells = sviews.plot_tone_by_outlet(_mentions(), ["Obama", "Maliki"], NAMES)
    ax = fig.axes[0]
    assert title(ax) == "Tone of the sentences toward each actor,\nby publishing outlet"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["The Blog", "The Wire"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Obama", "Maliki"]
    assert any("unreliable\n(irony)" in t.get_text() for t in ax.texts)  # the blog × Obama cell
    assert set(cells["outlet"]) == {"The Blog", "The Wire"}


def test_tone_by_outlet_with_no_actor_draws_nothing():
    fig, cells = sviews.plot_tone_by_outlet(_mentions(), [], NAMES)
    assert fig is None and cells.empty


def test_tone_by_voice_draws_one_panel_per_voice_in_reading_order():
    fig, by_voice = sviews.plot_tone_by_voice(_mentions(), ["Obama", "Maliki"], NAMES)
    titles = [title(ax) for ax in fig.axes]
    assert [t.split(" ")[0] for t in titles] == ["author", "excerpt"]
    assert "(n=6 mentions)" in titles[0]  # the blog's 3 and the wire's 3
    assert set(by_voice["voice"]) == {"author", "excerpt"}


def test_flagged_table_names_the_flagged_cell_in_both_figures_with_its_reason():
    table = sviews.flagged_table(_mentions(), ["Obama", "Maliki"], NAMES)
    assert list(table["voice"]) == ["(all: publishing outlet)", "author"]
    assert set(table["outlet"]) == {"The Blog"} and set(table["actor"]) == {"Obama"}
    assert table["flag_reason"].str.contains("irony markers").all()
    assert sviews.flagged_table(_mentions(), ["Maliki"], NAMES).empty


def test_vader_agreement_counts_a_label_the_same_on_both_sides():
    crosstab, sentence = sviews.vader_agreement(_mentions())
    assert crosstab.loc["All", "All"] == 9
    # VADER reads 0.4 positive, -0.3 negative, 0.05 positive: 3 + 3 agree, the two neutral Maliki do not, 1 does
    assert sentence == "Agreement: 78% of 9 mentions."


def test_extreme_cells_html_shows_the_sentences_behind_each_extreme_cell():
    page = sviews.extreme_cells_html(_mentions(), ["Obama", "Maliki"], NAMES)
    assert page.count("<h4") == 3 and "</mark> did it." in page  # two negative-most, one positive-most cell


def test_headlines_count_what_the_notebooks_open_with():
    m = _mentions()
    assert count_phrase(m["voice"]) == "author: 6, excerpt: 3"
    assert sviews.mentions_headline(m) == ("**9 actor mentions** of **2 actors** in 9 sentences of 3 articles "
                                           "(author: 6, excerpt: 3).")
    articles = pd.DataFrame({"outlet": ["blog", "blog", "wire"], "story": ["s", "s", "t"],
                             "n_words": [1000, 200, 30], "n_words_excerpt": [500, 0, 0]})
    assert corpus_headline(articles) == ("**3 articles** from **2 publishing outlets**, 2 stories, 1,230 words "
                                         "(500 of them in excerpts of other outlets).")


def test_writer_stance_figure_orders_actors_by_rows_read_and_hatches_flagged_cells():
    rows = pd.DataFrame({"article_id": ["a", "b", "c", "a"], "outlet": ["blog", "blog", "wire", "blog"],
                         "actor": ["Obama", "Obama", "Obama", "Maliki"], "score": [-0.5, -0.4, 0.2, 0.1],
                         "label": ["negative", "negative", "positive", "neutral"], "flag": ["", "irony", "", ""]})
    fig, cells = plot_writer_stance(rows, NAMES)
    ax = fig.axes[0]
    assert title(ax) == "The writer's stance toward each actor,\nby outlet (own voice)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Obama", "Maliki"]
    assert any("unreliable" in t.get_text() for t in ax.texts)
    assert fig.axes[1].get_ylabel() == "writer's stance\nP(pos) − P(neg)"  # the colour bar
    assert len(cells) == 3


def test_writer_stance_figure_says_which_cells_are_outside_what_was_measured():
    """A country's cell is hatched with its own reason, not the irony one (a stance toward a country was never
    measured); a cell with both says the more basic one."""
    rows = pd.DataFrame({"article_id": ["a", "b", "a"], "outlet": ["blog", "blog", "wire"],
                         "actor": ["Iran", "Iran", "Obama"], "score": [0.2, -0.4, 0.3],
                         "label": ["positive", "negative", "positive"], "flag": ["irony", "", "irony"],
                         "outside": ["a country", "a country", ""]})
    fig, _ = plot_writer_stance(rows, NAMES)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "-0.10\nnot measured\n(country)\nn=2" in texts  # Iran in the blog: its reason, not the spread
    assert "+0.30\nunreliable\n(irony)\nn=1" in texts  # Obama on the wire: the irony reason


def _attributions() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["a", "a", "a", "b"], "speaking_outlet": ["blog", "blog", "blog", "wire"],
        "voice": ["author", "author", "excerpt", "author"], "speaker": ["Obama", "Obama", "Maliki", "Maliki"],
        "source_type": ["official", "official", "foreign", "foreign"], "cue_class": ["stance", "neutral", "neutral", "neutral"],
        "cue_text": ["insisted", "said", "said", "said"], "content_text": ["we will go", "fine", "no deal", "yes"],
        "attribution_kind": ["speech", "speech", "position", "conjecture"],
        "source_start": [0, 20, 40, 0], "source_end": [5, 25, 46, 6], "cue_start": [6, 26, 47, 7],
        "cue_end": [14, 30, 51, 11], "content_start": [15, 31, 52, 12], "content_end": [25, 35, 59, 15],
    })


def test_counts_source_mix_and_top_speakers_per_outlet():
    table = _attributions()
    kinds = src.counts_by(table, ["speaking_outlet", "voice"], "attribution_kind")
    assert kinds.loc[("blog", "author"), "speech"] == 2 and list(kinds["n"]) == [2, 1, 1]
    mix = src.source_mix(table)
    assert mix.loc[(mix.speaking_outlet == "blog") & (mix.voice == "author"), "share"].tolist() == [1.0]
    top = src.top_speakers(table, k=1)
    assert list(zip(top["speaking_outlet"], top["speaker"], top["n"])) == [("blog", "Obama", 2), ("wire", "Maliki", 1)]


def test_close_reading_report_says_when_there_is_no_reading_and_lists_disagreements():
    table = _attributions()
    empty = pd.DataFrame(columns=["article_id", "cue", "snippet", "speaker", "kind", "note"])
    summary, reading, disagreements = src.close_reading_report(empty, table)
    assert summary == "no close reading for the articles of this selection" and reading.empty and not disagreements
    hand = pd.DataFrame({"article_id": ["a", "a"], "cue": ["insisted", "warned"], "snippet": ["we will", "x"],
                         "speaker": ["Obama", "Biden"], "kind": ["speech", "speech"], "note": ["", ""]})
    summary, reading, disagreements = src.close_reading_report(hand, table)
    assert summary == "close reading and extractor agree on speaker and kind for 1 of 2 items (50%)"
    assert list(reading.columns) == src.CLOSE_READING_COLUMNS
    assert disagreements == "Disagreements:\n  a · warned (x): missed by the extractor"


def test_attribution_report_reads_the_scores_in_words():
    doc = {"command": "mediabias evaluate attribution", "version": "1", "n_articles": 10,
           "scores": [{"outlet": "all", "system": "mediabias", "role": role, "match": "overlap", "precision": 0.8,
                       "recall": 0.6, "f1": 0.69, "n_gold": 50} for role in ("content", "source")],
           "floors": [{"role": "content", "f1": 0.69, "f1_floor_met": False, "recall": 0.6, "recall_ratio": 2.0,
                       "baseline_recall": 0.3}]}
    text = evaluations.attribution_report(doc)
    assert text.startswith("mediabias evaluate attribution | version 1 | 10 articles\n")
    assert "finds 60% of the annotated contents and 60% of the sources" in text
    assert "content: F1 0.69 (floor 0.70 NOT met), recall 0.60 = 2.0x textacy's 0.30" in text
    assert "By attribution kind" not in text


def test_article_per_outlet_shows_one_article_per_outlet_with_its_count():
    articles = pd.DataFrame({"article_id": ["b", "a", "c"], "outlet": ["wire", "blog", "blog"],
                             "text": ["Maliki said yes.", "Obama insisted we will go.", "other"]})
    page = src.article_per_outlet_html(articles, _attributions())
    assert page.count("<h3>") == 2
    assert "<h3>blog · a (3 attributions)</h3>" in page and "<h3>wire · b (1 attributions)</h3>" in page


def _frames() -> pd.DataFrame:
    rows = [("a", "a:p00", "blog", "author", "conflict", True, 0.9, True),
            ("a", "a:p01", "blog", "excerpt", "conflict", True, 0.7, True),
            ("b", "b:p00", "wire", "author", "conflict", False, 0.2, False)]
    return pd.DataFrame([{"article_id": a, "segment_id": s, "outlet": o, "voice": v, "frame": f, "present": p,
                          "probability": pr, "cue_rate": 0.0, "in_domain": d} for a, s, o, v, f, p, pr, d in rows])


def test_outlet_voice_groups_and_paragraph_headline():
    frames = _frames()
    assert list(fviews.outlet_voice_group(frames, NAMES)) == ["The Blog · author", "The Blog · excerpt", "The Wire · author"]
    assert fviews.paragraphs_headline(frames) == ("**3 paragraphs** in 2 articles from 2 outlets "
                                                  "(author: 2, excerpt: 1 paragraphs).")


def test_frame_passages_mark_the_cue_words_and_grey_what_is_outside_the_domain():
    import re
    segments = pd.DataFrame({"segment_id": ["a:p00", "a:p01", "b:p00"],
                             "text": ["The fight over troops.", "A <b>fight</b> again.", "Calm."]})
    book = {"conflict": {"label": "Conflict", "regex": re.compile(r"fight")},
            "economic": {"label": "Economic", "regex": re.compile(r"cost")}}
    page = fviews.frame_passages_html(_frames(), segments, book, NAMES)
    assert "<h4>Conflict: 2 of 3 paragraphs</h4>" in page and "<h4>Economic: 0 of 0 paragraphs</h4><p>none</p>" in page
    assert page.count("<mark") == 2 and "&lt;b&gt;" in page  # escaped text, cues marked
    assert "table.out td{color:#888}" in page  # one article is outside the domain


def test_role_evidence_lists_the_first_sentences_and_marks_roles_outside_the_domain():
    roles = pd.DataFrame([{"article_id": "a", "actor": "Obama", "outlet": "blog", "voices": "author", "role": "villain",
                           "p_hero": 0.1, "p_villain": 0.8, "p_victim": 0.1, "n_sentences": 8, "in_domain": False,
                           "segment_ids": "; ".join(f"a:p00s0{i}" for i in range(8)),
                           "evidence": " | ".join(f"Sentence {i}." for i in range(8))},
                          {"article_id": "b", "actor": "Maliki", "outlet": "wire", "voices": "author", "role": None,
                           "p_hero": 0.3, "p_villain": 0.3, "p_victim": 0.4, "n_sentences": 1, "in_domain": True,
                           "segment_ids": "b:p00s00", "evidence": "Other."}])
    page = fviews.role_evidence_html(roles, NAMES)
    assert page.count("<div") == 1 and page.count("<li>") == 7  # six sentences and "… 2 more"
    assert "<li>… 2 more</li>" in page and "(outside the validated domain)" in page and "color:#888" in page


def _sentences() -> pd.DataFrame:
    return pd.DataFrame({"article_id": ["a", "a", "b"], "segment_id": ["a:p00s00", "a:p00s01", "b:p00s00"],
                         "outlet": ["blog", "blog", "wire"], "voice": ["author", "excerpt", "author"],
                         "loaded": [True, False, False], "p_loaded": [0.9, 0.2, 0.1], "score": [2, 0, 1],
                         "sarcasm": [1, 0, 0], "scare_quote": [0, 0, 0], "rhetorical_question": [0, 0, 1],
                         "text": ["Smart, indeed.", "Plain.", "Why?"], "start": [0, 20, 0], "matches": ["indeed", "", "?"]})


def test_loaded_sentences_lists_each_outlets_loaded_author_sentences_then_the_marked_ones():
    spans = pd.DataFrame(columns=["segment_id", "start", "end", "cue"])
    page = fviews.loaded_sentences_html(_sentences(), spans, NAMES)
    assert "<h4>The Blog: 1 loaded author sentences</h4>" in page and "<h4>The Wire: 0 loaded author sentences</h4>" in page
    assert page.endswith("</table>") and "Irony markers, scare quotes, rhetorical questions" in page
    assert fviews.sentences_headline(_sentences()) == "**3 sentences** in 2 articles (author: 2, excerpt: 1)."


def test_style_table_joins_readability_and_the_loaded_share_per_article_and_voice():
    read = pd.DataFrame({"article_id": ["a", "a", "b"], "outlet": ["blog", "blog", "wire"],
                         "voice": ["author", "excerpt", "author"], "n_sentences": [1, 1, 1], "n_words": [2, 1, 1],
                         "flesch_reading_ease": [50.0, 60.0, 70.0], "flesch_kincaid_grade": [8.0, 7.0, 6.0],
                         "words_per_sentence": [2.0, 1.0, 1.0]})
    table = fviews.style_table(read, _sentences(), NAMES)
    assert list(table.columns) == fviews.STYLE_COLUMNS
    assert list(table["outlet"]) == ["The Blog", "The Blog", "The Wire"] and list(table["loaded_share"]) == [1.0, 0.0, 0.0]


def test_story_matched_table_and_findings_as_read():
    versus = pd.DataFrame({"label": ["x", "x"], "outlet": ["blog", "wire"], "n_articles": [2, 6], "n_stories": [1, 2],
                           "pooled_diff": [0.5, -0.25], "matched_diff": [np.nan, -0.2], "low": [np.nan, -0.4],
                           "high": [np.nan, 0.01]})
    shown = versus_table(versus, NAMES)
    assert list(shown["story_matched"]) == ["—", "-0.2 [-0.4 to +0.01]"] and list(shown["pooled"]) == ["+0.5", "-0.25"]
    diffs = pd.DataFrame({"sentence": ["The Blog <quotes> most."], "clear": [False], "overlap_clear": [True]})
    pairs = pd.DataFrame({"p": [0.2, np.nan], "clear": [False, False]})
    summary = pd.DataFrame({"outlet": ["blog"], "outlet_name": ["The Blog"], "flag": ["irony in 2 paragraphs"]})
    page = findings.findings_html(diffs, pairs, versus, summary)
    assert page.startswith('<p data-n-clear="0" data-enough="0"><strong>Largest measured differences, none clear.')
    assert "over 1 story-matched comparisons" in page and "Sign caveat, The Blog:" in page
    assert '<li><a href="#finding-1">The Blog &lt;quotes&gt; most.</a></li>' in page
    assert findings.left_out_note([]) == "_Every article is inside the domain of every trained instrument._"
    assert findings.left_out_note(["frames: a"]) == "Left out as outside a trained instrument's domain: frames: a."
