"""Same fact, different words (mediabias.compare.same_fact): pairing rules on hand-made vectors, the reading's
file, and the bundled corpus's pairs against its reading (corpus/readings/across/same_fact.yaml)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mediabias import paths
from mediabias.compare.same_fact import align, describe_sides, reading_verdicts, same_fact_sides, with_verdicts
from mediabias.pipeline import load_results
from mediabias.views.same_fact import same_fact_html


def _sents(rows):
    return pd.DataFrame(rows, columns=["story", "segment_id", "speaking_outlet", "n_words"])


def _unit(*xs):
    v = np.array(xs, dtype=float)
    return v / np.linalg.norm(v)


def test_pairs_are_mutual_best_matches_across_outlets_above_the_threshold():
    s = _sents([("x", "a:1", "p", 10), ("x", "a:2", "p", 10), ("x", "b:1", "q", 10), ("x", "b:2", "q", 10),
                ("x", "a:3", "p", 10)])
    v = np.stack([_unit(1, 0, 0), _unit(0, 1, 0), _unit(1, 0.1, 0), _unit(0.2, 1, 0.9), _unit(0, 0, 1)])
    pairs = align(s, v, threshold=0.6)
    # a:1-b:1 is mutual and close; b:2's best is a:2 (0.71) and a:2's best is b:2: paired; a:3 is nobody's best
    assert pairs[["segment_a", "segment_b"]].values.tolist() == [["a:1", "b:1"], ["a:2", "b:2"]]
    assert pairs["pair"].tolist() == ["x:01", "x:02"]
    assert pairs["similarity"].is_monotonic_decreasing
    # at a higher threshold the weaker pair goes
    assert align(s, v, threshold=0.9)["segment_b"].tolist() == ["b:1"]


def test_same_outlet_other_story_and_short_sentences_are_never_paired():
    s = _sents([("x", "a:1", "p", 10), ("x", "a:2", "p", 10), ("y", "b:1", "q", 10), ("x", "c:1", "r", 3)])
    v = np.stack([_unit(1, 0), _unit(1, 0), _unit(1, 0), _unit(1, 0)])
    assert align(s, v, threshold=0.5).empty


def test_vectors_must_match_sentences():
    with pytest.raises(ValueError, match="3 sentences but 2 vectors"):
        align(_sents([("x", "a", "p", 9)] * 3), np.zeros((2, 4)))


def test_reading_file_is_checked_and_matched_in_either_order(tmp_path):
    good = tmp_path / "r.yaml"
    good.write_text("pairs:\n  - segments: [b:1, a:1]\n    verdict: same\n    why: 'x'\n", encoding="utf-8")
    pairs = pd.DataFrame({"segment_a": ["a:1", "a:2"], "segment_b": ["b:1", "b:2"]})
    assert with_verdicts(pairs, reading_verdicts(good))["verdict"].tolist() == ["same", "not read"]
    assert reading_verdicts(tmp_path / "absent.yaml").empty
    bad = tmp_path / "bad.yaml"
    bad.write_text("pairs:\n  - segments: [a:1]\n    verdict: maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs two segments and a verdict 'same' or 'related'"):
        reading_verdicts(bad)
    broken = tmp_path / "broken.yaml"
    broken.write_text("pairs: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        reading_verdicts(broken)


def test_each_side_says_whom_it_quotes_with_which_cue_and_its_loaded_words():
    text = "Officials said the talks failed badly."
    sents = pd.DataFrame({"article_id": ["a"], "segment_id": ["a:p00s00"], "speaking_outlet": ["p"],
                          "voice": ["author"], "start": [0], "end": [len(text)], "text": [text]})
    sents = pd.concat([sents, sents.assign(article_id="b", segment_id="b:p00s00", speaking_outlet="q",
                                           text="The talks failed.")], ignore_index=True)
    attributions = pd.DataFrame({"attribution_id": ["a:a000"], "article_id": ["a"], "speaker": ["officials"],
                                 "cue_text": ["said"], "cue_class": ["neutral"], "cue_start": [10], "cue_end": [14],
                                 "source_start": [0], "source_end": [9], "content_start": [15], "content_end": [38]})
    spans = pd.DataFrame({"article_id": ["a"], "cue": ["intensifier"], "start": [32], "end": [38],
                          "text": ["badly."]})
    pairs = pd.DataFrame({"story": ["x"], "pair": ["x:01"], "similarity": [0.8], "segment_a": ["a:p00s00"],
                          "segment_b": ["b:p00s00"], "outlet_a": ["p"], "outlet_b": ["q"]})
    sides = describe_sides(pairs, sents, attributions, spans)
    a, b = sides.iloc[0], sides.iloc[1]
    assert (a["quoted"], a["cues"], a["loaded"]) == ("officials", "said (neutral)", "intensifier: badly.")
    assert (b["quoted"], b["cues"], b["loaded"]) == ("", "", "")
    html = same_fact_html(sides.assign(verdict="not read", why=""), names={"p": "<P>", "q": "Q"},
                          attributions=attributions, loaded_spans=spans)
    assert "&lt;P&gt;" in html and "<P>" not in html  # names and text are escaped
    assert '<mark class="cue" title="cue: said (neutral)">said</mark>' in html
    assert "not yet read by a person" in html


def test_bundled_pairs_are_all_read_and_the_reading_points_at_real_sentences():
    """The claim the front page makes ("a reader judged ...") exists for every pair it can show."""
    results = load_results(None, steps=("articles", "segments", "attributions", "loaded_language_spans"))
    sides = same_fact_sides(results)
    assert set(sides["verdict"]) <= {"same", "related"}, "a bundled pair is not in corpus/readings/across/same_fact.yaml"
    pairs = sides.drop_duplicates("pair")
    assert (pairs["verdict"] == "same").sum() >= 5
    reading = reading_verdicts(paths.corpus_dir() / "readings" / "across" / "same_fact.yaml")
    known = set(results["segments"]["segment_id"])
    assert set(reading["segment_a"]) | set(reading["segment_b"]) <= known
