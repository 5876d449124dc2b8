"""``load_results`` hands finished tables: the irony cues and the in-domain verdict, computed by their own steps
(``irony``, ``domain``) and only joined to the trained instruments' tables, equal what the notebooks computed on the
fly (``mark_irony`` then ``gate``)."""

from __future__ import annotations

import pandas as pd

from mediabias.pipeline import Results
from mediabias.pipeline.results import FINISHED_COLUMNS, finished, irony_marks
from mediabias.pipeline.steps import STEPS, step_named
from mediabias.runtime.domain import gate
from mediabias.sentiment.irony import mark_irony, sentence_markers

SENTENCES = [  # (article, paragraph, start, text)
    ("a1", 0, 0, "Really?"),
    ("a1", 0, 8, "Smart power, indeed, said the minister."),
    ("a1", 1, 50, "The bridge opened on Monday."),
    ("a2", 0, 0, "Officials called it a “success” again."),
]


def segments() -> pd.DataFrame:
    return pd.DataFrame([{"article_id": a, "segment_id": f"{a}-p{p}s{start}", "level": "sentence", "paragraph": p,
                          "start": start, "text": t} for a, p, start, t in SENTENCES])


def irony_step(seg: pd.DataFrame) -> pd.DataFrame:
    """What the irony step stores for these sentences (its cues; the classifier's columns are not needed here)."""
    previous = seg.groupby(["article_id", "paragraph"], sort=False)["text"].shift(1)
    cues = ["; ".join(sentence_markers(t, previous=p if isinstance(p, str) else None))
            for t, p in zip(seg["text"], previous)]
    return seg[["article_id", "segment_id", "paragraph", "text"]].assign(irony_cues=cues)


def mentions(seg: pd.DataFrame) -> pd.DataFrame:
    rows = seg[["article_id", "segment_id", "text"]].rename(columns={"text": "sentence"})
    return rows.assign(actor="X", label=["positive", "positive", "positive", "negative"])


DOMAIN = pd.DataFrame({"article_id": ["a1", "a2"], "instrument": ["target_sentiment"] * 2,
                       "in_domain": [True, False], "why": ["inside", "outside what it was validated on"]})


def test_irony_marks_from_the_irony_step_equal_mark_irony():
    seg = segments()
    assert irony_marks(mentions(seg), irony_step(seg)).equals(mark_irony(mentions(seg), seg))


def test_finished_tables_equal_the_notebooks_own_computation_and_inside_keeps_the_domain_rows():
    seg = segments()
    step = step_named("actor_sentiment")
    table = finished(step, mentions(seg), DOMAIN, irony_step(seg))
    assert table.equals(gate(mark_irony(mentions(seg), seg), DOMAIN, "target_sentiment"))
    assert list(table.columns[-4:]) == list(FINISHED_COLUMNS)
    assert table["ironic_positive"].tolist() == [True, True, False, False]
    results = Results(corpus=None, tables={}, gated={step.name: table},
                      inside={step.name: table[table["in_domain"]].copy()})
    assert results.left_out(step.name) == ["a2"]
    assert set(results.inside[step.name]["article_id"]) == {"a1"}


def test_the_trained_instruments_declare_their_domain_profile():
    assert {s.name: s.instrument for s in STEPS if s.instrument} == {
        "actor_sentiment": "target_sentiment", "frames": "frames", "roles": "roles",
        "loaded_language": "loaded_language"}
    assert [s.name for s in STEPS if s.irony] == ["actor_sentiment"]


def test_all_left_out_names_each_instrument_in_step_order_and_reported_replaces_the_gated_tables():
    table = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "x": [1, 2, 3]})
    domain = pd.DataFrame({"article_id": ["a3", "a2", "a1"], "instrument": ["loaded_language", "frames", "frames"],
                           "in_domain": [False, False, False], "why": ["far"] * 3})
    gated = {name: finished(step_named(name), table, domain, None) for name in ("loaded_language", "frames")}
    results = Results(corpus=None, tables={"segments": table, "frames": table, "loaded_language": table}, gated=gated,
                      inside={name: g[g["in_domain"]].copy() for name, g in gated.items()})
    assert results.all_left_out() == ["frames: a1", "frames: a2", "loaded_language: a3"]
    reported = results.reported()
    assert list(reported) == ["segments", "frames", "loaded_language"] and reported["segments"] is table
    assert list(reported["frames"]["article_id"]) == ["a3"]
    assert list(reported["loaded_language"]["article_id"]) == ["a1", "a2"]
