"""Attribution kinds (mediabias.sources.kinds): sourcing vs the author's conjecture, negation and modality of
the cue. Sentences from the seed articles (hand-read), and the source measures that count only sourcing."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias.sources import SOURCING_KINDS, extract_attributions
from mediabias.views.sources import rates


@pytest.fixture(scope="module")
def nlp():
    from mediabias.runtime.nlp import load_nlp

    return load_nlp()


# (text, cue, expected speaker, attribution_kind, negation, modality)
CASES = [
    # Hot Air 000: a motive the blogger ascribes, no source anywhere
    ("In other words, Obama wants to make a little political hay on the Left thanks to what looks like "
     "incompetence.", "wants", "Obama", "conjecture", None, None),
    # Hot Air 000: an omission the author asserts; nothing Obama said
    ("When Barack Obama announced yesterday that all US troops would return from Iraq, he framed it as a campaign "
     "promise kept. He also neglected to mention that his administration had spent the last several months trying "
     "to avoid the outcome.", "mention", "Barack Obama", "conjecture", "neglected to", None),
    # Hot Air 002: hedged guesses about what Obama thought
    ("Maybe Obama thought the country is a lost cause, fated to sink into brutality.", "thought", "Obama",
     "conjecture", None, "Maybe"),
    ("If that is the bargain, Obama might conclude it is better to get our men out of harm's way.", "conclude",
     "Obama", "conjecture", None, "might"),
    # Hot Air 002: what Maliki will be able to say is the author's forecast
    ("Maliki, meanwhile, gets to say that he finally ousted the occupier.", "say", "Maliki", "conjecture",
     "gets to", None),
    # Hot Air 002: the world found out (no one reported it)
    ("The world found out about the Iranian terror plot in D.C. last week.", "found out about", "The world",
     "conjecture", None, None),
    # reported speech, and a refusal on record
    ("Milley said the letter was an honest mistake.", "said", "Milley", "speech", None, None),
    ("The Pentagon refused to say when the last troops would leave.", "refused", "Pentagon", "position",
     "refused", None),
    ("A spokesman said the Pentagon would not say when the last troops would leave.", "said", "A spokesman",
     "speech", None, None),
    # AP's own reporting cue
    ("The Associated Press has learned that the U.S. is abandoning plans to keep troops in Iraq.", "learned",
     "The Associated Press", "speech", None, None),
    # The Media Line 004: a belief with its words quoted, negated
    ('Harrison does not believe that this will hamstring President Trump, as "what the Democrats are focused on '
     'is the process."', "believe", "Harrison", "position", "not", None),
    # a belief in a reporting context: the same speaker is reported speaking in the next paragraph
    ("Sullivan thinks the strategy was flawed from the start.\n\nSullivan said the talks were driven by "
     "domestic politics.", "thinks", "Sullivan", "position", None, None),
    # Hot Air 002: 'the word was' reports the position
    ("The word last month was that the Pentagon wanted no fewer than 27,000 troops left at year's end.", "wanted",
     "Pentagon", "position", None, None),
]


@pytest.mark.parametrize("text,cue,speaker,kind,negation,modality", CASES, ids=[c[1] + ":" + c[3] for c in CASES])
def test_kind_of_seed_sentences(nlp, text, cue, speaker, kind, negation, modality):
    table = extract_attributions(text, nlp=nlp)
    rows = table[table.cue_text == cue]
    assert len(rows) == 1, table[["speaker", "cue_text", "content_text", "attribution_kind"]].to_string()
    row = rows.iloc[0]
    assert speaker in str(row.speaker) or speaker in str(row.source_text)
    assert row.attribution_kind == kind, row.kind_reason
    assert (None if pd.isna(row.negation) else row.negation) == negation
    assert bool(row.negated) == (negation is not None)
    assert (None if pd.isna(row.modality) else row.modality) == modality
    assert bool(row.sourcing) == (kind in SOURCING_KINDS)


def test_rates_count_only_sourcing():
    """Two attributions in a 100-word article, one a conjecture: 10 per 1,000 words, not 20."""
    segments = pd.DataFrame({"article_id": ["a"], "level": ["paragraph"], "outlet": ["x"], "voice": ["author"],
                             "n_words": [100]})
    table = pd.DataFrame({"attribution_id": ["a:a000", "a:a001"], "article_id": ["a", "a"], "outlet": ["x", "x"],
                          "voice": ["author", "author"], "named": [True, True],
                          "attribution_kind": ["speech", "conjecture"]})
    out = rates(table, segments)
    assert out.loc[0, "n_attributions"] == 1
    assert out.loc[0, "per_1000_words"] == 10.0


def test_conjectures_stay_in_the_author_voice():
    from mediabias.sentiment import quoted_speakers

    mentions = pd.DataFrame({"article_id": ["a", "a"], "mention_start": [5, 50], "mention_end": [10, 55]})
    att = pd.DataFrame({"article_id": ["a", "a"], "content_start": [0, 40], "content_end": [20, 60],
                        "speaker": ["Obama", "Milley"], "attribution_kind": ["conjecture", "speech"]})
    assert quoted_speakers(mentions, att).tolist() == [None, "Milley"]


def test_rules_file_has_every_list():
    from mediabias.sources.kinds import rules

    r = rules()
    assert {"speech", "writing"} <= r["speech_categories"]
    assert "maybe" in r["hedges"] and "might" in r["hedge_modals"]
    assert r["implicatives"]["neglect"] == "omission" and r["implicatives"]["refuse"] == "refusal"
