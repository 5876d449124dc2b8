"""Irony flags (mediabias.sentiment.irony): markers in seed sentences (hand-read) and the cell flag rule."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias.sentiment.irony import flag_cells, flag_outlets, mark_irony, sentence_markers


@pytest.mark.parametrize("sentence,previous,expected", [
    ("Smart power, indeed.", None, ["phrase “smart power”", "phrase “indeed”"]),
    ("When Barack Obama announced yesterday that all US troops would return from Iraq, he framed it as a "
     "campaign promise kept, although Obama promised to pull the troops out in 16 months.", None,
     ["phrase “framed it as”", "phrase “promise kept”"]),
    ("As part of his “mission accomplished” speech yesterday, Obama insisted that we need to focus on rebuilding "
     "our own country.", "Really?",
     ["phrase “mission accomplished”", "scare quotes “mission accomplished”",
      "after the rhetorical question “Really?”"]),
    ("How exactly will he sell the return of thousands of American troops to Iraq?", None, ["rhetorical question"]),
    # a full quotation is not a scare quote; a plain news sentence has no marker
    ("“We respect your sovereign decision to order our departure.”", None, []),
    ("The Pentagon said the letter was a draft sent in error.", None, []),
])
def test_markers_of_seed_sentences(sentence, previous, expected):
    assert sentence_markers(sentence, previous=previous) == expected


def test_bad_input_is_rejected():
    with pytest.raises(TypeError, match="must be a string"):
        sentence_markers(None)
    with pytest.raises(ValueError, match="lack column"):
        mark_irony(pd.DataFrame({"sentence": ["x"]}))
    with pytest.raises(ValueError, match="run mark_irony first"):
        flag_cells(pd.DataFrame({"label": ["positive"]}), ["label"])


def _mentions():
    # cell (hotair, Obama): 2 of 4 mentions positive inside marked sentences -> flagged
    # cell (fp, Obama): 1 positive in a marked sentence of 4 -> not flagged (needs at least two)
    sentences = ["He framed it as a promise kept.", "Smart power, indeed.", "Obama spoke.", "Obama left.",
                 "Of course Obama won.", "Obama spoke.", "Obama left.", "Obama came."]
    return pd.DataFrame({"speaking_outlet": ["hotair"] * 4 + ["fp"] * 4, "voice": ["author"] * 8,
                         "actor": ["Obama"] * 8, "sentence": sentences,
                         "label": ["positive", "positive", "negative", "neutral", "positive", "neutral", "neutral",
                                   "positive"]})


def test_cells_with_positive_readings_in_ironic_sentences_are_flagged_with_reason():
    marked = mark_irony(_mentions())
    assert marked["ironic_positive"].tolist() == [True, True, False, False, True, False, False, False]
    cells = flag_cells(marked, ["speaking_outlet", "actor"]).set_index("speaking_outlet")
    assert bool(cells.loc["hotair", "flagged"]) and not bool(cells.loc["fp", "flagged"])
    assert cells.loc["hotair", "flag_reason"].startswith("2 of 4 mentions read positive inside sentences with irony")
    assert "phrase “framed it as”" in cells.loc["hotair", "flag_reason"]
    outlets = flag_outlets(marked).set_index("outlet")
    assert bool(outlets.loc["hotair", "flagged"]) and "author voice toward Obama" in outlets.loc["hotair", "flag_reason"]
    assert outlets.loc["fp", "flag_reason"] == ""


def test_no_mentions_give_empty_boolean_flags():
    empty = mark_irony(_mentions().iloc[:0])
    cells = flag_cells(empty, ["speaking_outlet", "actor"])
    assert cells.empty and cells["flagged"].dtype == bool
    assert cells[cells["flagged"]].columns.tolist() == cells.columns.tolist()
