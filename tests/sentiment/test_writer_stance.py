"""The writer's stance (mediabias.sentiment.writer): which paragraphs are evidence of the writer's own view, and
when the sign is flagged. Tables hand-made from the cases of issue 23: an attack by another, critics named as
the actor ("drew criticism from Democrats"), a name only inside a quotation, and irony."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mediabias.models.api import LinearModel
from mediabias.sentiment.stance import EXTRA_FEATURES
from mediabias.sentiment.writer import FLAG_COLUMNS, WRITER_COLUMNS, flag_paragraphs, writer_stance


def _paragraphs():
    rows = [  # article, actor, paragraph, n_mentions, p_neg, p_neu, p_pos
        ("A", "Barack Obama", 0, 1, 0.1, 0.2, 0.7),   # ironic praise
        ("A", "Barack Obama", 1, 1, 0.7, 0.2, 0.1),   # the writer's own blame
        ("A", "Barack Obama", 2, 0, 0.1, 0.8, 0.1),   # named only inside a quotation
        ("A", "Democrats", 3, 1, 0.9, 0.05, 0.05),    # "the plan drew criticism from Democrats"
        ("A", "Iran", 4, 1, 0.8, 0.1, 0.1),           # "Maliki attacked Iran": Maliki's view, not the writer's
    ]
    df = pd.DataFrame(rows, columns=["article_id", "actor", "paragraph", "n_mentions", "p_negative", "p_neutral",
                                     "p_positive"])
    df["segment_id"] = [f"A:p{p:02d}" for p in df["paragraph"]]
    df["reader_input"] = "The writer says what [TGT] did here, in words of the writer's own."
    df["score"] = df["p_positive"] - df["p_negative"]
    df["label"] = df[["p_negative", "p_neutral", "p_positive"]].to_numpy().argmax(axis=1)
    df["label"] = df["label"].map({0: "negative", 1: "neutral", 2: "positive"})
    for col in EXTRA_FEATURES:  # the article model's other inputs: zero here, the fake model below ignores them
        df[col] = 0.0
    return df


def _irony():
    return pd.DataFrame({"segment_id": ["A:p00s01", "A:p05s00"], "voice": ["author", "author"],
                         "irony_flag": [True, True], "irony_reason": ["cue: indeed", "cue: of course"]})


def _holders():
    cols = ["article_id", "segment_id", "actor", "holder", "holder_probability", "holder_basis", "actor_holds_toward",
            "actor_holds_probability"]
    return pd.DataFrame([
        ("A", "A:p00s01", "Barack Obama", "writer", 1.0, "no other entity", "", 0.0),
        ("A", "A:p01s00", "Barack Obama", "writer", 0.9, "pair model", "", 0.0),
        ("A", "A:p03s00", "Democrats", "writer", 0.8, "pair model", "the plan", 0.88),
        ("A", "A:p04s00", "Iran", "Nouri al-Maliki", 0.85, "pair model", "", 0.0),
        ("A", "A:p02s00", "Barack Obama", "Ryan Crocker", 1.0, "attribution", "", 0.0),
        ("A", "A:p01s01", "Barack Obama", "Joe Biden", 0.6, "pair model", "", 0.0),  # below the threshold: no effect
    ], columns=cols)


def test_only_the_writers_own_paragraphs_count_and_each_set_aside_one_says_why():
    out = flag_paragraphs(_paragraphs(), _irony(), _holders())
    assert set(FLAG_COLUMNS) <= set(out.columns)
    by = out.set_index("segment_id")
    assert by.loc["A:p00", "counts"] and by.loc["A:p01", "counts"]
    assert not by.loc["A:p02", "counts"] and "only in another voice" in by.loc["A:p02", "why"]
    assert not by.loc["A:p03", "counts"] and "Democrats holds it, toward the plan (0.88)" in by.loc["A:p03", "why"]
    assert not by.loc["A:p04", "counts"] and "held by Nouri al-Maliki (0.85)" in by.loc["A:p04", "why"]
    assert by.loc["A:p00", "irony"] == "p00s01: cue: indeed" and by.loc["A:p01", "irony"] == ""


def _model():
    """An article model that follows the mean paragraph probabilities (features 0-2 are their means)."""
    n = 10 + len(EXTRA_FEATURES)
    coef = np.zeros((3, n))
    coef[0, 0] = coef[1, 1] = coef[2, 2] = 20.0
    return LinearModel({"kind": "multinomial", "labels": ["negative", "neutral", "positive"], "mean": [0.0] * n,
                        "scale": [1.0] * n, "coef": coef.tolist(), "intercept": [0.0, 0.0, 0.0]})


def test_article_stance_reads_the_counted_paragraphs_and_flags_ironic_praise():
    out = writer_stance(flag_paragraphs(_paragraphs(), _irony(), _holders()), model=_model())
    assert list(out.columns) == list(WRITER_COLUMNS)
    by = out.set_index("actor")
    obama = by.loc["Barack Obama"]
    assert (obama["n_paragraphs"], obama["n_set_aside"]) == (2, 1)
    assert obama["flag"].startswith("irony in a paragraph read as positive: p00")
    assert obama["evidence"].split("; ") == ["A:p00", "A:p01"] or obama["evidence"].split("; ") == ["A:p01", "A:p00"]
    # the Democrats and Iran: every paragraph set aside, so no stance of the writer is claimed
    for actor in ("Democrats", "Iran"):
        row = by.loc[actor]
        assert row["n_paragraphs"] == 0 and row["n_set_aside"] == 1 and np.isnan(row["score"])
        assert row["label"] == "neutral" and row["flag"] == "" and row["evidence"] == ""


def test_no_paragraphs_give_an_empty_table():
    empty = flag_paragraphs(_paragraphs().iloc[:0], _irony(), _holders())
    assert writer_stance(empty).empty and list(writer_stance(empty).columns) == list(WRITER_COLUMNS)


def test_a_reading_toward_a_country_is_marked_outside_what_was_measured():
    """No data the reader learned from or was scored on has a country as its target (PerSenT: persons; BASIL:
    persons, US parties, institutions, groups), so "Iran seems well positioned" read toward Iran says why it is not
    a finding; a person's row and a country with no reading are not marked."""
    from mediabias.sentiment.writer import COUNTRY, actor_kinds

    paragraphs = _paragraphs()
    paragraphs.loc[paragraphs["actor"] == "Iran", ["p_negative", "p_neutral", "p_positive"]] = [0.1, 0.2, 0.7]
    holders = _holders()
    mentions = pd.DataFrame({"article_id": ["A"] * 4, "actor": ["Iran", "Iran", "Barack Obama", "Democrats"],
                             "kind": ["country", "country", "person", "group"]})
    kinds = actor_kinds(mentions)
    assert kinds == {("A", "Iran"): "country", ("A", "Barack Obama"): "person", ("A", "Democrats"): "group"}
    # with Maliki's holding below the threshold, the Iran paragraph counts as the writer's and is read
    read = writer_stance(flag_paragraphs(paragraphs, _irony(), holders.assign(holder_probability=0.5)), model=_model(),
                         kinds=kinds).set_index("actor")
    assert read.loc["Iran", "n_paragraphs"] == 1 and read.loc["Iran", "outside"] == COUNTRY
    assert read.loc["Iran", "flag"] == ""  # not an irony flag: its own column, which the comparisons leave out
    assert read.loc["Barack Obama", "outside"] == "" and read.loc["Democrats", "outside"] == ""
    # set aside as Maliki's: no reading, so nothing to mark
    aside = writer_stance(flag_paragraphs(paragraphs, _irony(), holders), model=_model(), kinds=kinds).set_index("actor")
    assert aside.loc["Iran", "n_paragraphs"] == 0 and aside.loc["Iran", "outside"] == ""


def test_a_paragraph_that_only_frames_a_quotation_is_no_evidence():
    """'"[QUOTE]," Obama said.' names Obama in the writer's voice, as the speaker, and says nothing of him: the reader,
    given almost nothing, leaned positive on such paragraphs (a HuffPost BASIL article read +0.42), so it does not
    count, and says why. Five words of the writer's own are enough."""
    from mediabias.sentiment.writer import MIN_OWN_WORDS, QUOTE_FRAME, own_words

    paragraphs = _paragraphs()
    paragraphs.loc[0, "reader_input"] = '"[QUOTE]," [TGT] said, "[QUOTE]."'
    paragraphs.loc[1, "reader_input"] = "[QUOTE], [TGT] told reporters on Monday in Baghdad."
    assert own_words(paragraphs.loc[0, "reader_input"]) == 1 and MIN_OWN_WORDS == 5
    by = flag_paragraphs(paragraphs, _irony(), _holders()).set_index("segment_id")
    assert not by.loc["A:p00", "counts"] and by.loc["A:p00", "why"] == QUOTE_FRAME
    assert by.loc["A:p01", "counts"]  # "told reporters on Monday in Baghdad": six words of the writer's own
