"""Frames and roles (mediabias.framing) on hand-checked seed passages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mediabias.framing import (FRAMES, ROLES, actor_roles, actor_sentences, cue_matches, cue_rates, load_codebook,
                               paragraph_frames)
from mediabias.models.api import LinearModel
from mediabias.runtime.text import split_sentences

WAR_OF_WORDS = (  # seed 004
    "The misunderstanding comes on the backdrop of an escalating war of words between President Trump and Iranian "
    "Supreme Leader Ali Khamenei, with the latter vowing “severe” retaliation for Soleimani’s killing."
)
BUNGLING = (  # seed 000
    "This morning, the New York Times makes clear that neither side wanted a full withdrawal from Iraq, and that "
    "the collapse in negotiations came as a result of bungling by the White House:"
)
COST = (  # seed 000
    "That’s why we needed to negotiate a continuous presence, not pull a yo-yo act that reduces our credibility and "
    "costs us time and money for no good purpose at all."
)


def test_codebook_is_complete():
    book = load_codebook()
    assert tuple(book["frames"]) == FRAMES
    codes = {spec["code"] for spec in book["frames"].values()}
    assert codes == {"RE", "HI", "CO", "MO", "EC", None}
    for name, spec in book["frames"].items():
        assert spec["questions"] and spec["cues"] and spec["source"], name
        assert spec["min_hits"] > 0, name
    assert tuple(book["roles"]) == ROLES


@pytest.mark.parametrize("text,frame,expected", [
    (WAR_OF_WORDS, "conflict", ["escalating", "war of words", "retaliation"]),
    (BUNGLING, "responsibility", ["as a result of", "bungling"]),
    (BUNGLING, "resolution", ["withdrawal", "negotiations"]),
    (BUNGLING, "morality", []),
    (COST, "economic", ["costs", "money"]),
    (COST, "conflict", []),
])
def test_cue_matches_on_seed_passages(text, frame, expected):
    found = cue_matches(text)
    got = found.loc[found.frame == frame, "match"].tolist()
    assert got == expected
    for row in found.itertuples():
        assert text[row.start:row.end] == row.match


def test_keyword_rule_on_war_of_words():
    df = paragraph_frames([WAR_OF_WORDS], model=False)
    assert df["frame"].tolist() == list(FRAMES)
    row = df.set_index("frame").loc["conflict"]
    assert row["cue_hits"] == 3 and row["keyword_present"] and row["present"]
    assert row["cue_rate"] == pytest.approx(100 * 3 / row["n_words"])
    assert np.isnan(row["probability"])
    assert not df.set_index("frame").loc["morality", "keyword_present"]


def test_cue_rates_shape_and_zero_text():
    rates = cue_rates(["", WAR_OF_WORDS])
    assert list(rates.columns) == list(FRAMES)
    assert (rates.iloc[0] == 0).all() and rates.loc[1, "conflict"] > 0


def test_split_sentences():
    assert split_sentences("Really?  As part of his speech, Obama spoke. Smart power, indeed.") == [
        "Really?", "As part of his speech, Obama spoke.", "Smart power, indeed."]


@pytest.mark.parametrize("bad", ["a single string", [WAR_OF_WORDS, 3], [None]])
def test_bad_input_is_rejected(bad):
    with pytest.raises(TypeError, match="string"):
        paragraph_frames(bad, model=False)


def test_bad_level_is_rejected(corpus):
    from mediabias.framing import frames

    with pytest.raises(ValueError, match="level"):
        frames(corpus, level="sentence")


def test_actor_sentences_finds_surname():
    text = "President Barack Obama spoke. Nobody else did. Obama left."
    assert actor_sentences(text, "Barack Obama") == ["President Barack Obama spoke.", "Obama left."]
    assert actor_sentences(text, "Maliki") == []


def test_predict_proba_json_model():
    model = {"kind": "ovr", "labels": ["a", "b"], "mean": [0.0], "scale": [1.0], "coef": [[1.0], [-1.0]],
             "intercept": [0.0, 0.0]}
    p = LinearModel(model).predict_proba(np.array([[0.0], [2.0]]))
    assert p.loc[0, "a"] == pytest.approx(0.5)
    assert p.loc[1, "a"] == pytest.approx(1 / (1 + np.exp(-2)))
    soft = LinearModel({**model, "kind": "multinomial"}).predict_proba(np.array([[0.0]]))
    assert soft.sum(axis=1).item() == pytest.approx(1.0)


# ------------------------------------------------------------------ trained models (MiniLM, ~10 s to load)

@pytest.fixture(scope="module")
def seed_frames():
    return paragraph_frames([WAR_OF_WORDS, COST]).set_index(["text_index", "frame"])


def test_model_flags_conflict_in_war_of_words(seed_frames):
    row = seed_frames.loc[(0, "conflict")]
    assert 0.5 < row["probability"] <= 1 and row["present"]


def test_model_probabilities_are_probabilities(seed_frames):
    modelled = seed_frames[seed_frames["code"].notna()]
    assert modelled["probability"].between(0, 1).all()
    unmodelled = seed_frames.xs("responsibility", level="frame")
    assert unmodelled["probability"].isna().all()
    assert (unmodelled["present"] == unmodelled["keyword_present"]).all()


TRAUMAS = (  # seed 000 (New York Times excerpt)
    "Still burdened by the traumas of this and previous wars, and having watched the revolutions sweeping their "
    "region, the Iraqis were unwilling to accept anything that infringed on their sovereignty."
)


def test_roles_on_seed_passage():
    df = actor_roles(WAR_OF_WORDS + " " + TRAUMAS, ["Khamenei", "Iraqis", "Maliki"])
    assert df["actor"].tolist() == ["Khamenei", "Iraqis", "Maliki"]
    assert df.loc[0, "n_sentences"] == 1 and df.loc[2, "n_sentences"] == 0
    assert pd.isna(df.loc[2, "role"]) and np.isnan(df.loc[2, "p_hero"])
    probs = df.loc[:1, ["p_hero", "p_villain", "p_victim"]].to_numpy()
    assert np.allclose(probs.sum(axis=1), 1.0)
    # hand-checked: Khamenei vows retaliation (villain); the Iraqis are burdened by traumas (victim)
    assert df["role"].tolist()[:2] == ["villain", "victim"]


MALIKI = (  # seed 001, Hot Air's own voice
    "And Maliki, who has proved himself a weak and ineffective prime minister, doesn't appear to have what it "
    "takes to hold it all together."
)


def test_roles_blame_follows_the_words_not_the_name():
    # hand-checked: Hot Air casts Maliki as the failing leader (villain); the shipped model does not read names,
    # so a neutral stand-in name in the same sentence gets the same role
    df = actor_roles(MALIKI, ["Maliki"])
    assert df.loc[0, "role"] == "villain" and df.loc[0, "p_villain"] > 0.5
    swapped = actor_roles(MALIKI.replace("Maliki", "Jones"), ["Jones"])
    assert swapped.loc[0, "role"] == "villain"


def test_roles_of_an_article_whose_actors_are_each_named_once(tmp_path):
    """Nobody is mentioned twice, so nobody gets a role: an empty table with every column (it used to raise;
    found on AllSides articles by scripts/bench_analyze.py)."""
    from mediabias.corpus import load_corpus
    from mediabias.framing.roles import ROLE_COLUMNS, roles

    from tests.conftest import one_article_corpus

    corpus = one_article_corpus(tmp_path, "President Trump spoke on Tuesday. The convoy drove south.\n")
    table = roles(load_corpus(corpus))
    assert table.empty and list(table.columns) == ROLE_COLUMNS


def test_prevalence_draws_no_interval_from_fewer_than_five_articles():
    """Issue 25: 03 and 04 drew intervals from one to three articles (paragraphs resampled), which look certain."""
    import numpy as np
    import pandas as pd

    from mediabias.views.framing import prevalence

    rows = pd.DataFrame({"article_id": [f"a{i % 7}" for i in range(70)], "group": ["many"] * 70,
                         "present": [i % 3 == 0 for i in range(70)]})
    few = pd.DataFrame({"article_id": ["b0", "b1"] * 10, "group": ["few"] * 20, "present": [True, False] * 10})
    out = prevalence(pd.concat([rows, few]), "present", ["group"]).set_index("group")
    assert out.loc["many", "n_articles"] == 7 and out.loc["many", "low"] < out.loc["many", "share"] < out.loc["many", "high"]
    assert out.loc["few", "n_articles"] == 2 and np.isnan(out.loc["few", "low"]) and np.isnan(out.loc["few", "high"])
    assert out.loc["few", "share"] == 0.5 and out.loc["few", "n"] == 20
