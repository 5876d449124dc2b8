"""The outlet comparison from one set of tables (mediabias.compare.outlets), and the measure deciding which of its
values are unreliable (mediabias.compare.measures.sentiment_flags)."""

from __future__ import annotations

import pandas as pd

from mediabias.compare.measures import sentiment_flags
from mediabias.compare.outlets import compare_outlets, in_domain_tables
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


def test_pooled_and_story_matched_numbers_come_from_the_same_gated_tables():
    tables, domain, story_of = _tables()
    c = compare_outlets(tables, NAMES, story_of, domain=domain)
    assert c.left_out == ["loaded_language: b2"]
    assert "b2" not in set(c.tables["loaded_language"]["article_id"])
    assert "b2" not in set(c.units.loc[c.units["metric"] == "share_loaded_sentences", "article_id"])
    share = c.summary.set_index(["metric", "outlet"]).loc[("share_loaded_sentences", "b"), "value"]
    assert share == 0.0  # b2, the only loaded article, is outside the domain: pooled says 0 ...
    pair = c.pairs[c.pairs["metric"] == "share_loaded_sentences"].iloc[0]
    assert pair["pooled_diff"] == 0.0 and pair["n_stories"] == 1  # ... and so does the story-matched comparison
    ungated = compare_outlets(tables, NAMES, story_of)
    assert ungated.left_out == [] and ungated.summary.set_index(["metric", "outlet"]).loc[
        ("share_loaded_sentences", "b"), "value"] == 0.5


def test_in_domain_tables_leaves_absent_steps_and_no_domain_alone():
    tables, domain, _ = _tables()
    assert in_domain_tables(tables, None) == (tables, [])
    gated, left_out = in_domain_tables({"segments": tables["segments"]}, domain)
    assert set(gated) == {"segments"} and left_out == []


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


def test_versus_table_formats_each_outlet_against_the_others():
    versus = pd.DataFrame({"label": ["L", "L"], "outlet": ["a", "b"], "n_articles": [2, 1], "n_stories": [2, 0],
                           "pooled_diff": [0.25, -0.25], "matched_diff": [0.2, float("nan")],
                           "low": [0.1, float("nan")], "high": [0.3, float("nan")]})
    t = versus_table(versus, NAMES)
    assert list(t["outlet"]) == ["Outlet A", "Outlet B"]
    assert list(t["story_matched"]) == ["+0.2 [+0.1 to +0.3]", "—"] and list(t["pooled"]) == ["+0.25", "-0.25"]
