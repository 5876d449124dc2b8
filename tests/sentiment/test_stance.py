"""The stance reader: its input (others' words masked, the actor marked), its tables, the CLI, the model card."""

from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import pandas as pd
import pytest

from mediabias import paths
from mediabias.cli import main
from mediabias.sentiment.persent import read_persent
from mediabias.sentiment.stance import (
    ARTICLE_COLUMNS, PARAGRAPH_COLUMNS, article_stance, attribution_masks, corpus_stance, merge_spans,
    paragraph_inputs, quotations, reader_input, stance_of_texts, subtract_spans, text_inputs,
)

# Hand-written paragraphs (not dataset text). The second quotes a rival's attack; the reader must not read it.
PARAGRAPHS = [
    "Governor Ada Quinn signed the water bill on Tuesday after months of delay.",
    '"Ada Quinn has betrayed every farmer in this valley," said Tom Reyes, a rancher who opposes the bill.',
    "Quinn has now kept three of the four promises she made in her campaign, a record few governors can match.",
]


def docs_with(second_paragraph: str) -> pd.DataFrame:
    return pd.DataFrame({"article_id": ["t1"], "actor": ["Ada Quinn"],
                         "paragraphs": [[PARAGRAPHS[0], second_paragraph, PARAGRAPHS[2]]]})


# ------------------------------------------------------------------------------------ input rewriting
def test_reader_input_masks_others_words_and_marks_the_actor():
    text = 'Smith said "Jones is a fraud." Jones disagreed.'
    assert reader_input(text, [(11, 16), (31, 36)], [(11, 30)]) == ("Smith said [QUOTE] [TGT] disagreed.", 1, 1)
    assert reader_input("No one here.", [], []) == ("No one here.", 0, 0)


def test_a_quotation_longer_than_a_scare_quote_is_masked_whoever_said_it():
    """The attribution extractor finds no speaker in "read Waldman's elaboration: “...”" (an AllSides opinion
    column the reader read as the writer's praise); a quoted span of 5 words or more is another's words anyway, and
    a mention inside it is not read. Scare quotes (at most 4 words) stay the writer's."""
    text = ('For the record, read Waldman\'s elaboration: “Progressives like Ada Quinn are the antithesis of '
            'inclusion.” Quinn calls it a “so-called reform” plan.')
    assert [text[a:b] for a, b in quotations(text)] == [
        "“Progressives like Ada Quinn are the antithesis of inclusion.”"]
    assert quotations('A "two word" name, "four words in here," and a lone " mark.') == []
    mentions = [(m.start(), m.end()) for m in re.finditer("Ada Quinn|Quinn(?! are)", text)]
    row = paragraph_inputs(text, [(0, len(text))], mentions, [], article_id="t", actor="Ada Quinn").iloc[0]
    assert row["reader_input"] == ("For the record, read Waldman's elaboration: [QUOTE] [TGT] calls it a "
                                   "“so-called reform” plan.")
    assert (row["n_mentions"], row["n_masked_mentions"]) == (1, 1)


def test_span_arithmetic():
    assert merge_spans([(3, 8), (0, 5), (10, 12)]) == [(0, 8), (10, 12)]
    assert subtract_spans([(0, 10)], [(3, 5)]) == [(0, 3), (5, 10)]
    assert subtract_spans([(0, 10), (20, 30)], [(8, 22)]) == [(0, 8), (22, 30)]


def test_attribution_masks_keep_the_speaker_and_the_authors_own_conjectures():
    att = pd.DataFrame({"article_id": ["a", "a", "a"], "content_start": [0, 40, 70], "content_end": [30, 60, 90],
                        "source_start": [10, pd.NA, pd.NA], "source_end": [15, pd.NA, pd.NA],
                        "cue_start": [16, pd.NA, pd.NA], "cue_end": [20, pd.NA, pd.NA],
                        "speaker": ["Reyes", "I", "Quinn"], "attribution_kind": ["speech", "speech", "conjecture"]})
    masks = attribution_masks(att)
    # the speaker (10-15) and cue (16-20) stay; the author's "I" and the conjecture are not masked
    assert list(zip(masks.start, masks.end)) == [(0, 10), (15, 16), (20, 30)]


# ----------------------------------------------------------------------------------------- the reader
def test_reader_gives_one_row_per_paragraph_with_probabilities_that_sum_to_one():
    paragraphs, articles = stance_of_texts(docs_with(PARAGRAPHS[1]))
    assert list(paragraphs.columns) == list(PARAGRAPH_COLUMNS)
    assert list(articles.columns) == list(ARTICLE_COLUMNS)
    assert len(paragraphs) == 3 and list(paragraphs.paragraph) == [0, 1, 2]
    p = paragraphs[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1.0) and (p >= 0).all()
    assert set(paragraphs.label) <= {"negative", "neutral", "positive"}
    assert len(articles) == 1 and articles.n_paragraphs[0] == 2  # the quote's paragraph names her only inside it
    assert np.isclose(articles[["p_negative", "p_neutral", "p_positive"]].to_numpy().sum(), 1.0)
    # the quoted attack is masked, its speaker kept
    second = paragraphs.reader_input[1]
    assert "betrayed" not in second and "Tom Reyes" in second and "[QUOTE]" in second
    assert paragraphs.n_masked_mentions[1] == 1 and paragraphs.n_mentions[1] == 0
    assert paragraphs.reader_input[2].startswith("[TGT] has now kept")


def test_changing_the_quoted_words_does_not_change_the_reading():
    attack, _ = stance_of_texts(docs_with(PARAGRAPHS[1]))
    praise, _ = stance_of_texts(docs_with(PARAGRAPHS[1].replace("has betrayed every farmer", "has saved every farmer")))
    assert list(attack.reader_input) == list(praise.reader_input)
    cols = ["p_negative", "p_neutral", "p_positive"]
    assert np.array_equal(attack[cols].to_numpy(), praise[cols].to_numpy())


def test_unmasked_input_reads_the_quote_so_the_mask_is_what_hides_it():
    rows = text_inputs(docs_with(PARAGRAPHS[1]), mask=False)
    assert "betrayed" in rows.reader_input[1] and rows.n_mentions[1] == 1


def test_an_actor_never_named_by_the_writer_is_neutral_without_evidence():
    table = pd.DataFrame({"article_id": ["a"], "actor": ["X"], "paragraph": [0], "n_mentions": [0],
                          "p_negative": [0.9], "p_neutral": [0.05], "p_positive": [0.05]})
    out = article_stance(table)
    assert out.n_paragraphs[0] == 0 and out.label[0] == "neutral" and np.isnan(out.p_negative[0])


def test_corpus_stance_masks_excerpts_and_attributed_content_from_the_pipeline_tables():
    text = ["Jo Lee won the vote.", "Critics said Jo Lee lied.", "Jo Lee is praised by the other paper."]
    starts = [0, 22, 49]
    segments = pd.DataFrame({"article_id": "a", "segment_id": [f"a:p{i:02d}" for i in range(3)], "level": "paragraph",
                             "paragraph": [0, 1, 2], "voice": ["author", "author", "excerpt"], "start": starts,
                             "end": [s + len(t) for s, t in zip(starts, text)], "text": text})
    att = pd.DataFrame({"article_id": ["a"], "content_start": [35], "content_end": [47], "speaker": ["Critics"],
                        "source_start": [22], "source_end": [29], "cue_start": [30], "cue_end": [34]})
    mentions = pd.DataFrame({"article_id": "a", "actor": "Jo Lee", "mention_start": [0, 35, 49],
                             "mention_end": [6, 41, 55]})
    out = corpus_stance(segments, att, mentions)
    assert list(out.segment_id) == ["a:p00", "a:p01", "a:p02"]
    assert list(out.reader_input) == ["[TGT] won the vote.", "Critics said [QUOTE]", "[QUOTE]"]
    assert list(out.n_mentions) == [1, 0, 0] and list(out.n_masked_mentions) == [0, 1, 1]
    assert article_stance(out).n_paragraphs[0] == 1


# ---------------------------------------------------------------------------------- PerSenT files, CLI
def write_csv(path, rows, columns=("TARGET_ENTITY", "DOCUMENT", "TRUE_SENTIMENT", "Paragraph0", "Paragraph1")):
    pd.DataFrame(rows, columns=list(columns)).to_csv(path, index=False)


TINY = [
    ("Mara Holt", "Mara Holt opened a free clinic for miners.\nHolt was thanked by the families she treated.",
     "Positive", "Positive", "Positive"),
    ("Mara Holt", "Mara Holt was fined for hiding the clinic's losses.\nHolt misled the board for two years.",
     "Negative", "Negative", "Negative"),
    ("Owen Park", "Owen Park chaired the meeting on Monday.\nPark read the agenda and closed at noon.",
     "Neutral", "Neutral", "Neutral"),
    ("Owen Park", "Owen Park rescued two hikers from the flood.\nPark was praised by the rescue service.",
     "Positive", "Positive", "Positive"),
]


def test_read_persent_rejects_bad_labels_and_missing_columns(tmp_path):
    write_csv(tmp_path / "bad.csv", [("A B", "Text.", "Happy", None, None)])
    with pytest.raises(ValueError, match="bad.csv row 2: sentiment 'Happy' is not one of"):
        read_persent(tmp_path / "bad.csv")
    pd.DataFrame({"TARGET_ENTITY": ["A"], "DOCUMENT": ["x"]}).to_csv(tmp_path / "cols.csv", index=False)
    with pytest.raises(ValueError, match=r"missing column\(s\) \['TRUE_SENTIMENT'\]"):
        read_persent(tmp_path / "cols.csv")


def test_read_persent_drops_paragraph_labels_that_do_not_match_the_paragraphs(tmp_path):
    write_csv(tmp_path / "t.csv", [("A B", "One.\nTwo.\nThree.", "Neutral", "Neutral", "Neutral"),
                                   ("A B", "One.\nTwo.", "Neutral", "Neutral", "Positive")])
    docs = read_persent(tmp_path / "t.csv")
    assert docs.paragraph_gold[0] is None and docs.paragraph_gold[1] == ["neutral", "positive"]


@pytest.mark.slow  # loads and runs the whole evaluation on a tiny file: 20-60 s
def test_evaluate_stance_cli_writes_article_and_paragraph_scores_beside_the_baselines(tmp_path, capsys):
    data, out = tmp_path / "data", tmp_path / "out"
    data.mkdir()
    write_csv(data / "tiny.csv", TINY)
    assert main(["evaluate", "stance", "--data", str(data), "--out", str(out)]) == 0
    doc = json.loads((out / "stance.json").read_text())
    scores = pd.DataFrame(doc["scores"])
    assert set(scores.level) == {"article", "paragraph (every labelled paragraph)",
                                 "paragraph (naming the person in the author's voice)"}
    art = scores[scores.level == "article"]
    assert set(art.method) >= {"stance reader (author's voice)", "sentence tone, aggregated (target network)",
                               "VADER on the same sentences (±0.05)"}
    assert (art.n == 4).all() and (scores.file == "tiny.csv").all()
    assert "held out" in art.reading.iloc[0]
    f1 = art.set_index("method").f1_macro
    for v in f1:
        assert 0.0 <= v["value"] <= 1.0 or -1.0 <= v["value"] <= 1.0
    assert "## tiny.csv" in (out / "stance.md").read_text()


def test_evaluate_stance_says_which_column_is_missing(tmp_path, capsys):
    pd.DataFrame({"TARGET_ENTITY": ["A"], "DOCUMENT": ["x"]}).to_csv(tmp_path / "x.csv", index=False)
    assert main(["evaluate", "stance", "--data", str(tmp_path), "--no-write"]) == 2
    assert "TRUE_SENTIMENT" in capsys.readouterr().err


# -------------------------------------------------------------------------------------- model card
@pytest.mark.parametrize("name", ["stance_paragraph", "stance_article"])
def test_model_card_names_the_shipped_weights_by_their_hash(name):
    card = (paths.MODELS_DIR / "stance.md").read_text()
    digest = hashlib.sha256((paths.MODELS_DIR / f"{name}.json").read_bytes()).hexdigest()
    assert f"`{name}.json`" in card
    assert re.search(rf"{name}\.json.{{0,80}}{digest[:16]}", card, flags=re.S), f"card lacks {name}.json's sha256 {digest[:16]}"


def test_added_rows_teach_every_fold_and_are_never_scored():
    """BASIL's rows (``added``) join every paragraph model's training rows: a class only they hold becomes one the
    model can predict, and out-of-fold probabilities still cover exactly the PerSenT paragraphs."""
    from mediabias.sentiment.stance_fit import fit_paragraph, oof_paragraph_probs

    rng = np.random.default_rng(0)
    n = 40
    inputs = pd.DataFrame({"article_id": [f"d{i // 2}" for i in range(n)], "n_mentions": 1,
                           "gold": ["positive" if i % 2 else "neutral" for i in range(n)]})
    X = rng.normal(size=(n, 3)) + np.where(inputs["gold"].eq("positive").to_numpy()[:, None], 2.0, 0.0)
    added = (rng.normal(size=(10, 3)) - 3.0, np.array(["negative"] * 10))
    rows = np.arange(n)
    assert list(fit_paragraph(inputs, X, rows, C=1.0, class_weight=None).classes_) == ["neutral", "positive"]
    model = fit_paragraph(inputs, X, rows, C=1.0, class_weight=None, added=added)
    assert list(model.classes_) == ["negative", "neutral", "positive"]
    assert model.predict(np.full((1, 3), -3.0))[0] == "negative"
    docs = pd.DataFrame({"article_id": [f"d{i}" for i in range(n // 2)], "actor": [f"p{i % 5}" for i in range(n // 2)]})
    P = oof_paragraph_probs(docs, inputs, X, np.arange(len(docs)), C=1.0, class_weight=None, which="mentioned",
                            added=added)
    assert P.shape == (n, 3) and not np.isnan(P).any()
