"""The per-sentence irony flag (mediabias.sentiment.sarcasm, evaluation.sarcasm): hand-written sentences."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mediabias.cli import main
from mediabias.sentiment.sarcasm import (
    IRONY_FLAG_COLUMNS, cue_kind, irony_table, load_model, sarcasm_probability, sentence_irony,
)


def test_a_cue_that_flags_alone_is_named_in_the_reason():
    out = sentence_irony(["Smart power, indeed."])
    assert list(out.columns) == ["sentence", *IRONY_FLAG_COLUMNS]
    assert bool(out.irony_flag[0]) and out.irony_reason[0].startswith("cue: phrase “smart power”; phrase “indeed”")


def test_a_plain_report_is_not_flagged():
    out = sentence_irony(["The city council approved the new library budget on Tuesday."])
    assert not out.irony_flag[0] and out.irony_reason[0] == "" and out.irony_cues[0] == ""
    assert out.sarcasm_probability[0] < load_model().get("threshold")


def test_a_bare_question_is_a_cue_but_does_not_flag_alone():
    out = sentence_irony(["When will the council vote on the library budget?"])
    assert out.irony_cues[0] == "rhetorical question"
    assert "cue:" not in out.irony_reason[0]


def test_unmarked_sarcasm_is_left_to_the_model():
    sarcastic, straight = sarcasm_probability(["Wow, what a fantastic idea, raising taxes right before Christmas.",
                                               "The council raised taxes in December."])
    assert sarcastic > straight
    out = sentence_irony(["Wow, what a fantastic idea, raising taxes right before Christmas."])
    assert out.irony_flag[0] and out.irony_reason[0].startswith("model P(sarcastic)")


def test_the_model_alone_does_not_flag_negative_words():
    out = sentence_irony(["The answer is no to all three questions."])
    assert out.sarcasm_probability[0] >= load_model().get("flag_threshold")  # the model would flag it
    assert out.irony_cues[0] == "" and not out.irony_flag[0]  # but its words read negative (VADER -0.30)


def test_previous_sentence_gives_the_after_a_question_cue():
    out = sentence_irony(["The minister opened the new bridge on Monday."] * 2, previous=["Really?", None])
    assert out.irony_flag.tolist() == [True, False]
    assert "after the rhetorical question “Really?”" in out.irony_reason[0]


def test_cue_kinds():
    assert cue_kind("scare quotes “reform”") == "scare quotes"
    assert cue_kind("after the rhetorical question “Why?”") == "after the rhetorical question"


def test_bad_inputs_are_refused():
    with pytest.raises(TypeError, match="not a single string"):
        sentence_irony("Smart power, indeed.")
    with pytest.raises(ValueError, match="one previous sentence"):
        sentence_irony(["A.", "B."], previous=[None])
    with pytest.raises(ValueError, match="lacks column"):
        irony_table(pd.DataFrame({"text": ["A."]}))


def test_irony_table_reads_sentence_rows_of_the_segments_table():
    segments = pd.DataFrame([
        {"article_id": "a1", "segment_id": "a1:p00", "level": "paragraph", "paragraph": 0, "start": 0,
         "voice": "author", "text": "Really? He called it a triumph."},
        {"article_id": "a1", "segment_id": "a1:p00s00", "level": "sentence", "paragraph": 0, "start": 0,
         "voice": "author", "text": "Really?"},
        {"article_id": "a1", "segment_id": "a1:p00s01", "level": "sentence", "paragraph": 0, "start": 8,
         "voice": "author", "text": "He called it a triumph."},
        {"article_id": "a1", "segment_id": "a1:p01s00", "level": "sentence", "paragraph": 1, "start": 40,
         "voice": "excerpt", "text": "The council met on Tuesday."},
    ])
    out = irony_table(segments, voice="author")
    assert out.segment_id.tolist() == ["a1:p00s00", "a1:p00s01"]
    assert "after the rhetorical question" in out.irony_reason[1]
    assert len(irony_table(segments)) == 3


@pytest.mark.slow  # loads and runs the whole evaluation on a tiny file: 20-60 s
def test_evaluate_sarcasm_cli_writes_scores(tmp_path):
    csv = tmp_path / "tiny.csv"
    pd.DataFrame({"text": ["Wow, what a fantastic idea, raising taxes right before Christmas.",
                           "The city council approved the new library budget on Tuesday.",
                           "Smart power, indeed.", "We had pasta for dinner."],
                  "sarcastic": [1, 0, 1, 0]}).to_csv(csv, index=False)
    out = tmp_path / "out"
    assert main(["evaluate", "sarcasm", "--data", str(csv), "--out", str(out)]) == 0
    doc = json.loads((out / "sarcasm.json").read_text())
    rows = {s["system"]: s for s in doc["scores"]}
    assert rows["every tweet sarcastic"]["recall"] == 1.0 and rows["every tweet sarcastic"]["precision"] == 0.5
    assert all(s["n"] == 4 for s in doc["scores"]) and doc["command"] == "mediabias evaluate sarcasm --data tiny.csv"


def test_evaluate_sarcasm_on_a_csv_without_the_columns_says_so(tmp_path, capsys):
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["evaluate", "sarcasm", "--data", str(tmp_path / "bad.csv"), "--no-write"]) == 2
    assert "missing column(s)" in capsys.readouterr().err


def test_a_segments_table_without_sentences_gives_an_empty_table():
    segments = pd.DataFrame([{"article_id": "a1", "segment_id": "a1:p00", "level": "paragraph", "paragraph": 0,
                              "start": 0, "voice": "author", "text": "Hello."}])
    out = irony_table(segments)
    assert out.empty and list(out.columns)[-4:] == list(IRONY_FLAG_COLUMNS)
