"""The outlet comparison from one set of finished tables (mediabias.compare.outlets: the domain gate is applied once,
by mediabias.pipeline.results), and the measure deciding which of its values are unreliable
(mediabias.compare.measures.sentiment_flags)."""

from __future__ import annotations

import pandas as pd

from mediabias.compare.measures import sentiment_flags
from mediabias.compare.outlets import compare_outlets
from mediabias.pipeline import Results
from mediabias.pipeline.results import finished
from mediabias.pipeline.steps import step_named
from mediabias.views.compare import versus_table

NAMES = {"a": "Outlet A", "b": "Outlet B"}


def _tables():
    arts = [("a1", "a", "s1"), ("a2", "a", "s2"), ("b1", "b", "s1"), ("b2", "b", "s2")]
    segments = pd.DataFrame([{"article_id": a, "origin_outlet": o, "outlet": o, "level": "paragraph", "n_words": 100,
                              "segment_id": f"{a}:p00", "text": "x"} for a, o, _ in arts])
    ll = pd.DataFrame([{"article_id": a, "origin_outlet": o, "segment_id": f"{a}:p00s{i:02d}", "loaded": loaded,
                        "n_cues": int(loaded), "n_words": 10, "score": int(loaded), "matches": "", "text": "x"}
                       for a, o, _ in arts for i, loaded in enumerate([a == "b2"] * 6)])
    domain = pd.DataFrame({"article_id": ["b2"], "instrument": ["loaded_language"], "in_domain": [False],
                           "why": ["far from MBIC"]})
    story_of = {a: s for a, _, s in arts}
    return {"segments": segments, "loaded_language": ll}, domain, story_of


def _results(tables: dict, domain: pd.DataFrame) -> Results:
    """What load_results hands for these tables: loaded_language finished with the domain verdict."""
    step = step_named("loaded_language")
    gated = finished(step, tables["loaded_language"], domain, None)
    return Results(corpus=None, tables=tables, gated={step.name: gated}, inside={step.name: gated[gated["in_domain"]]})


def test_pooled_and_story_matched_numbers_come_from_the_same_finished_tables():
    tables, domain, story_of = _tables()
    r = _results(tables, domain)
    c = compare_outlets(r.reported(), NAMES, story_of, left_out=r.all_left_out())
    assert c.left_out == ["loaded_language: b2"]
    assert "b2" not in set(c.tables["loaded_language"]["article_id"])
    assert "b2" not in set(c.units.loc[c.units["metric"] == "share_loaded_sentences", "article_id"])
    share = c.summary.set_index(["metric", "outlet"]).loc[("share_loaded_sentences", "b"), "value"]
    assert share == 0.0  # b2, the only loaded article, is outside the domain: pooled says 0 ...
    pair = c.pairs[c.pairs["metric"] == "share_loaded_sentences"].iloc[0]
    assert pair["pooled_diff"] == 0.0 and pair["n_stories"] == 1  # ... and so does the story-matched comparison
    everything = compare_outlets(tables, NAMES, story_of)  # the tables as stored: nothing left out
    assert everything.left_out == [] and everything.summary.set_index(["metric", "outlet"]).loc[
        ("share_loaded_sentences", "b"), "value"] == 0.5


def test_finished_tables_replace_only_the_gated_steps():
    tables, domain, _ = _tables()
    r = _results(tables, domain)
    reported = r.reported()
    assert list(reported) == list(tables) and reported["segments"] is tables["segments"]
    inside = _results(tables, domain.assign(in_domain=True))
    assert inside.all_left_out() == [] and len(inside.reported()["loaded_language"]) == len(tables["loaded_language"])


def test_sentiment_flags_read_the_irony_column_the_tables_come_finished_with():
    tables, _, _ = _tables()
    rows = [("a1", "a", "positive", True, "indeed"), ("a1", "a", "positive", True, "so-called"),
            ("b1", "b", "positive", False, "")]
    sent = pd.DataFrame([{"article_id": a, "speaking_outlet": o, "voice": "author", "actor": "X", "label": lab,
                          "ironic_positive": ip, "irony_markers": m} for a, o, lab, ip, m in rows])
    flags = sentiment_flags({**tables, "actor_sentiment": sent})
    assert "indeed" in flags["a"] and flags["b"] == ""  # b reads positive, but in no ironic sentence


def test_flags_come_from_the_measure_and_reach_the_comparison():
    tables, _, story_of = _tables()
    ws = pd.DataFrame({"article_id": ["a1", "b1"], "actor": ["X", "X"], "score": [0.6, -0.2],
                       "label": ["positive", "negative"], "n_paragraphs": [2, 1], "evidence": ["a1:p00", "b1:p00"],
                       "flag": ["irony in the paragraph", ""]})
    tables = {**tables, "writer_stance": ws}
    assert sentiment_flags(tables) == {"a": "toward X (a1): irony in the paragraph"}
    c = compare_outlets(tables, NAMES, story_of, disagreements={"b": "the hand reading disagrees"})
    assert c.flagged == {("mean_writer_stance", "a"), ("share_negative_stance", "a"),
                         ("mean_writer_stance", "b"), ("share_negative_stance", "b")}


def test_readings_outside_what_was_measured_are_left_out_of_the_outlet_measures():
    """A stance toward a country (``outside``) is not averaged into the outlet's writer's stance: only X counts."""
    from mediabias.compare.measures import writer_rows

    tables, _, _ = _tables()
    ws = pd.DataFrame({"article_id": ["a1", "a1", "b1"], "actor": ["X", "Iran", "X"], "score": [0.6, 0.9, -0.2],
                       "label": ["positive", "positive", "negative"], "n_paragraphs": [2, 1, 1],
                       "evidence": ["a1:p00", "a1:p01", "b1:p00"], "flag": ["", "", ""],
                       "outside": ["", "a country: never measured", ""]})
    rows = writer_rows({**tables, "writer_stance": ws})
    assert rows[["actor", "origin_outlet"]].values.tolist() == [["X", "a"], ["X", "b"]]
    assert writer_rows({**tables, "writer_stance": ws.drop(columns="outside")})["actor"].tolist() == ["X", "Iran", "X"]


def test_versus_table_formats_each_outlet_against_the_others():
    versus = pd.DataFrame({"label": ["L", "L"], "outlet": ["a", "b"], "n_articles": [2, 1], "n_stories": [2, 0],
                           "pooled_diff": [0.25, -0.25], "matched_diff": [0.2, float("nan")],
                           "low": [0.1, float("nan")], "high": [0.3, float("nan")]})
    t = versus_table(versus, NAMES)
    assert list(t["outlet"]) == ["Outlet A", "Outlet B"]
    assert list(t["story_matched"]) == ["+0.2 [+0.1 to +0.3]", "—"] and list(t["pooled"]) == ["+0.25", "-0.25"]
