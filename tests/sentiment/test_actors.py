"""Actor mentions: alias resolution per story, persons vs institutions, offsets, NER fallback, bad input.

Sentences are taken from the seed articles (corpus/articles/) and checked by hand.
"""

from __future__ import annotations

import pytest

from mediabias.sentiment.actors import KINDS, actor_mentions, known_stories, load_actor_list, story_actors

W2011, L2020 = "iraq-withdrawal-2011", "iraq-letter-2020"


@pytest.fixture(scope="session")
def nlp():
    from mediabias.runtime.nlp import load_nlp

    return load_nlp()


def found(text, story, nlp):
    m = actor_mentions(text, story=story, nlp=nlp)
    return [(r.mention_text, r.actor, r.kind) for r in m.itertuples()]


@pytest.mark.parametrize(
    "story, text, expected",
    [
        # seed 001 (Hot Air): "the president" in 2011 is Obama
        (W2011, "Josh Rogin at FP's The Cable blog reminds us that despite the president's claim that we are leaving Iraq.",
         [("Josh Rogin", "Josh Rogin", "person"), ("the president", "Barack Obama", "person"),
          ("Iraq", "Iraq", "country")]),
        # seed 004 (The Media Line): "the president" in 2020 is Trump
        (L2020, "So, I am very skeptical this will lead to a sea-change in the latitude the president has to act.",
         [("the president", "Donald Trump", "person")]),
        # the person is not the institution he leads
        (W2011, "When the White House pushed back, commanders said they could make do with 10,000.",
         [("White House", "White House", "institution")]),
        (W2011, "Sullivan explained, adding that the Obama administration focused on Maliki and neglected other actors, such as Allawi.",
         [("Sullivan", "Marisa Cochrane Sullivan", "person"), ("Obama administration", "Obama administration", "government"),
          ("Maliki", "Nouri al-Maliki", "person"), ("Allawi", "Ayad Allawi", "person")]),
        # the longest alias wins: title + name is one mention; the Iraqi parliament is not Iraq
        (W2011, '"At the present time I’m not discouraged," Defense Secretary Leon Panetta said Monday.',
         [("Defense Secretary Leon Panetta", "Leon Panetta", "person")]),
        (W2011, "The Iraqi parliament is actually on holiday right now and returns to work Nov. 20.",
         [("Iraqi parliament", "Iraqi parliament", "institution")]),
        (W2011, "Prime Minister Nouri al-Maliki has told U.S. military officials that he does not have the votes.",
         [("Prime Minister Nouri al-Maliki", "Nouri al-Maliki", "person"), ("U.S. military", "US military", "institution")]),
        # Washington the government, not the newspaper
        (L2020, "A letter had been submitted to Baghdad announcing Washington’s intention to withdraw its troops.",
         [("Baghdad", "Iraqi government", "government"), ("Washington", "United States", "country")]),
        (L2020, "(Salwan Georges/The Washington Post via Getty Images)", []),
        (L2020, "The Pentagon rejected President Trump’s repeated assertion.",
         [("Pentagon", "Pentagon", "institution"), ("President Trump", "Donald Trump", "person")]),
    ],
)
def test_aliases_resolve_per_story(story, text, expected, nlp):
    assert found(text, story, nlp) == expected


def test_same_alias_differs_between_stories(nlp):
    text = "The administration has a plan."
    assert found(text, W2011, nlp) == [("The administration", "Obama administration", "government")]
    assert found(text, L2020, nlp) == [("The administration", "Trump administration", "government")]


def test_unknown_story_falls_back_to_ner(nlp):
    text = "Chancellor Angela Merkel met President Emmanuel Macron in Berlin. The Pentagon said nothing."
    m = actor_mentions(text, story="some-other-story", nlp=nlp)
    got = {(r.actor, r.kind, r.match) for r in m.itertuples()}
    assert ("Pentagon", "institution", "list") in got  # generic actors apply to every story
    assert ("Angela Merkel", "person", "ner") in got
    assert ("Berlin", "country", "ner") in got


def test_known_story_does_not_add_ner_by_default(nlp):
    m = actor_mentions("Angela Merkel spoke.", story=W2011, nlp=nlp)
    assert m.empty


@pytest.mark.parametrize("article_id", ["001_7127911f8c492fa6", "004_e91974fb60900235"])
def test_offsets_on_seed_articles(corpus, article_id, nlp):
    art = corpus.articles.set_index("article_id").loc[article_id]
    m = actor_mentions(art.text, story=art.story, nlp=nlp)
    assert len(m) > 30
    for r in m.itertuples():
        assert art.text[r.mention_start:r.mention_end] == r.mention_text
        assert r.sentence_start <= r.mention_start < r.mention_end <= r.sentence_end
        assert r.kind in KINDS
    assert list(m.columns[:7]) == ["actor", "kind", "mention_start", "mention_end", "mention_text",
                                   "sentence_start", "sentence_end"]


def test_given_sentence_spans_are_used():
    text = "Obama spoke. Maliki listened."
    m = actor_mentions(text, story=W2011, sentences=[(0, 12), (13, 29)])
    assert m[["actor", "sentence_start", "sentence_end"]].values.tolist() == [
        ["Barack Obama", 0, 12], ["Nouri al-Maliki", 13, 29]]


def test_actor_list_is_consistent():
    data = load_actor_list()
    assert set(known_stories()) == {W2011, L2020}
    for story in known_stories():
        seen = {}
        for actor in story_actors(story):
            assert actor.kind in KINDS
            for alias in actor.aliases:
                assert seen.setdefault(alias, actor.name) == actor.name, f"{story}: {alias!r} names two actors"
    assert "Washington Post" in data["blocked"]


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(text=None), TypeError, "text must be a str"),
        (dict(text=["Obama"]), TypeError, "text must be a str"),
        (dict(text="Obama.", story=2011), TypeError, "story must be a story id"),
        (dict(text="Obama.", story=W2011, sentences=[(0, 99)]), ValueError, "outside the text"),
    ],
)
def test_bad_input_is_rejected(kwargs, error, message):
    text = kwargs.pop("text")
    with pytest.raises(error, match=message):
        actor_mentions(text, **kwargs)


def test_entity_across_given_sentence_boundary_is_skipped(nlp):
    # sentence spans from another segmenter can cut an entity; the mention must stay inside its sentence
    text = "Reporters met Angela Merkel in Berlin."
    m = actor_mentions(text, story=None, nlp=nlp, sentences=[(0, 20), (21, len(text))])
    assert "Angela Merkel" not in set(m.actor)
    assert all(r.sentence_start <= r.mention_start and r.mention_end <= r.sentence_end for r in m.itertuples())
