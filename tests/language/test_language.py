"""Loaded-language cues on hand-checked seed sentences (mediabias.language)."""

from __future__ import annotations

import pytest

from mediabias.language import CUES, cue_spans, load_lexicons, loaded_language, loaded_language_spans

# (sentence from a seed article, cue class, the matched texts expected for that class)
CASES = [
    # seed 000: sarcasm / irony marker, a booster
    ("Smart power, indeed.", "sarcasm", ["Smart power, indeed."]),
    ("Smart power, indeed.", "booster", ["indeed"]),
    # seed 000: a bare "Really?" is a rhetorical question and an irony marker
    ("Really?", "rhetorical_question", ["?"]),
    ("Really?", "sarcasm", ["Really?"]),
    ("How exactly will he sell the return of thousands of American troops to Iraq?", "rhetorical_question", ["?"]),
    # seed 000: scare quotes around a two-word phrase
    ("As part of his “mission accomplished” speech yesterday, Obama insisted that we need to focus on "
     "rebuilding our own country.", "scare_quote", ["“mission accomplished”"]),
    ("As part of his “mission accomplished” speech yesterday, Obama insisted that we need to focus on "
     "rebuilding our own country.", "assertive", ["insisted"]),
    # seed 004: a “draft” is a scare quote; the longer quoted clause is not
    ("Within hours, US officials were scrambling to explain away the communiqué, with the chairman of the Joint "
     "Chiefs of Staff calling it a “draft” that “should not have been sent.”", "scare_quote", ["“draft”"]),
    # seed 000: implicative and booster
    ("He also neglected to mention that his administration had spent the last several months trying to avoid "
     "the outcome he proudly proclaimed.", "implicative", ["neglected to", "avoid"]),
    ("He also neglected to mention that his administration had spent the last several months trying to avoid "
     "the outcome he proudly proclaimed.", "intensifier", ["proudly"]),
    ("This morning, the New York Times makes clear that neither side wanted a full withdrawal from Iraq.",
     "booster", ["makes clear"]),
    # seed 004: hedges
    ("Sources cited in the article speculated that Iran might target American troops in Iraq, Syria or Gulf "
     "states, or possibly US diplomatic missions worldwide.", "hedge", ["speculated", "might", "possibly"]),
    # seed 000: first-person opinion of the author
    ("And after we pack up and leave, I find it difficult to believe that Obama will send troops back.",
     "first_person", ["I find it"]),
    # seed 004: a quoted question is the speaker's, not the author's rhetorical question
    ("He asked: “Why would we leave?”", "rhetorical_question", []),
    ("He asked: “Why would we leave?”", "scare_quote", []),
    # seed 002: an AP reporting sentence has no intensifier; "learned" is not a factive form we list
    ("The U.S. is abandoning plans to keep U.S. troops in Iraq past a year-end withdrawal deadline, The "
     "Associated Press has learned.", "intensifier", []),
    # seed 002: quoted descriptions longer than three words (or ending in a comma) are not scare quotes
    ("Two officials tell Politico no decision’s been made, two others — one a “senior administration official,” "
     "the other a “senior U.S. military official” — confirm to the AP that it’s a done deal.", "scare_quote", []),
]


@pytest.mark.parametrize("sentence,cue,expected", CASES)
def test_cue_matches(sentence, cue, expected):
    found = [text for c, _, _, text in cue_spans(sentence) if c == cue]
    assert found == expected


@pytest.mark.parametrize("sentence", [c[0] for c in CASES])
def test_span_offsets_index_the_sentence(sentence):
    spans = loaded_language_spans([sentence])
    for row in spans.itertuples():
        assert sentence[row.start:row.end] == row.text


def test_table_columns_and_score():
    df = loaded_language(["Smart power, indeed.", "The meeting took place on Friday."])
    assert list(df.columns[:2]) == ["sentence_index", "n_words"]
    assert set(CUES) <= set(df.columns)
    # sarcasm + booster + intensifier ("smart power") = three distinct classes
    assert df.loc[0, "score"] == 3 and bool(df.loc[0, "any_cue"])
    assert df.loc[1, "score"] == 0 and not bool(df.loc[1, "any_cue"])
    assert df.loc[0, "matches"].startswith("intensifier:Smart power")
    assert df.loc[1, "matches"] == ""


def test_exclamation_outside_quotes_only():
    df = loaded_language(["What a mess this is!", "“Get out!” he shouted."])
    assert df["exclamation"].tolist() == [1, 0]


def test_lexicons_cite_sources():
    lex = load_lexicons()
    for name in ("hedge", "booster", "factive", "assertive", "implicative", "intensifier", "first_person"):
        assert lex[name]["source"] and lex[name]["terms"], name


@pytest.mark.parametrize("bad,error", [("one string", TypeError), ([1, "x"], TypeError), ([None], TypeError)])
def test_bad_input_is_rejected(bad, error):
    with pytest.raises(error, match="string"):
        loaded_language(bad)


def test_empty_input_gives_empty_table():
    df = loaded_language([])
    assert df.empty and "score" in df.columns


def test_corpus_table_offsets_and_voice(corpus):
    from mediabias.language import loaded_language_table

    sentences = loaded_language_table(corpus)
    seg = corpus.segments
    assert len(sentences) == int((seg["level"] == "sentence").sum())
    assert set(sentences["voice"]) <= {"author", "excerpt", "quoted"}
    assert set(sentences["segment_voice"]) <= {"author", "excerpt"}
    assert ((sentences["voice"] == "quoted") == (sentences["quoted_share"] >= 0.5)).all()
    spans = loaded_language_table(corpus, spans=True)
    text = corpus.articles.set_index("article_id")["text"]
    for row in spans.itertuples():
        assert text[row.article_id][row.start:row.end] == row.text
    # seed 000's "Smart power, indeed." is flagged as sarcasm in the author's voice
    hit = spans[(spans.cue == "sarcasm") & spans.text.str.contains("Smart power")]
    assert len(hit) == 1 and hit["voice"].item() == "author"
    # seed 004's a “draft” is a scare quote, and Milley's word: a speaker's cue, not The Media Line's
    draft = spans[(spans.cue == "scare_quote") & (spans.text == "“draft”")]
    assert draft.article_id.str.startswith("004").all() and draft["quoted"].all()
    # Kemp's "it is possible ..." sits in a sentence that is his quoted words: the speaker's voice
    kemp = sentences[sentences.text.str.contains("it is possible that a different was letter")]
    assert kemp["voice"].tolist() == ["quoted"] and kemp["hedge"].item() >= 1
    # seed 000: "Obama insisted that we need to focus on rebuilding our own country": the "we" is Obama's
    obama = sentences[sentences.text.str.startswith("As part of his “mission accomplished” speech")]
    assert obama["voice"].tolist() == ["author"] and obama["first_person"].item() == 0
    assert obama["quoted_matches"].item() == "first_person:we need; first_person:our own country"
    # the blogger's own irony stays his
    smart = sentences[sentences.text == "Smart power, indeed."]
    assert smart["voice"].tolist() == ["author"] and smart["sarcasm"].item() == 1


#: Where a cue word is not the cue (and where it still is): the month and the name "May", "possible" that weakens
#: nothing, "in part" introducing a partial quotation, "understanding" as a noun; (sentence, matches of the class).
EXCLUSIONS = {
    "hedge": [
    ("Washington left the nuclear deal in May 2018.", []),           # the month (a rerun on AllSides showed it)
    ("Theresa May told parliament the vote would go ahead.", []),   # the name
    ("May 5, 2019 was the day the talks ended.", []),               # the month opening a sentence
    ("The talks may fail, officials said in May.", ["may"]),        # the modal stays a hedge, the month does not
    ("May the talks succeed.", ["May"]),                            # a modal opening a sentence
    # seed 001 (Foreign Policy), Maliki: a flat refusal, shown as "hedge: possible" on the front page before
    ("The immunity we had said is not possible, and from the beginning we have said that it can’t get the approval "
     "from the parliament.", []),
    ("I've been told that isn't possible.", []),
    ("It has never been possible before.", []),
    ("They want to end the shutdown as soon as possible.", []),     # idioms
    ("Remove him from office, if possible.", []),
    ("We will do everything possible to stop it.", []),
    ("We condemn in the strongest possible terms.", []),            # after a superlative
    ("It is still possible court rulings could stop it.", ["possible", "could"]),   # epistemic: hedges
    ("Trump may have extended a possible offer.", ["may", "possible"]),
    ("It is not impossible that it is possible.", ["possible"]),    # "impossible" is no match; the second is
    ("“We respect your decision,” read in part the letter.", []),     # seed 004: a partial quotation
    ("The statement said in part that talks would go on.", []),
    ("The failure was due in part to the calendar.", ["in part"]),   # a hedge
    ],
    "factive": [
    # seed 003 (Foreign Policy): the noun, shown as "factive: understanding" on FP's most loaded sentence before
    ("The Iraqi government has always wanted the immunity to be granted through a government-to-government "
     "memorandum of understanding.", []),
    ("The two sides reached an understanding on the timetable.", []),
    ("They don't understand the stakes.", ["understand"]),                # the verb stays a factive
    ("It is my understanding that the governor released them.", ["understanding"]),
    ],
}


@pytest.mark.parametrize("cue, sentence, expected", [(c, s, e) for c, cases in EXCLUSIONS.items() for s, e in cases])
def test_a_cue_word_counts_only_where_it_is_the_cue(cue, sentence, expected):
    assert [text for c, _, _, text in cue_spans(sentence) if c == cue] == expected


def test_adamantly_is_an_intensifier():
    """Seed 002's AP excerpt: the reader's same-fact note contrasts "adamantly refused" with the NYT's wording, and
    the pair showed "loaded language: none found" for it."""
    text = "Throughout the discussions, Iraqi leaders have adamantly refused to give U.S. troops immunity."
    assert [(cue, t) for cue, _, _, t in cue_spans(text)] == [("intensifier", "adamantly")]


def test_a_corpus_where_nobody_is_quoted_keeps_every_cue_the_writers(tmp_path):
    """An empty attribution table (no column at all, as a chunk of unquoted articles gives it) credits no cue to a
    speaker; the quiet corpus of the slow site tests failed on it."""
    import pandas as pd

    from mediabias.corpus.articles import load_corpus
    from mediabias.language import loaded_language_table
    from tests import synthetic

    corpus = load_corpus(synthetic.build_quiet(tmp_path))
    table = loaded_language_table(corpus, attributions=pd.DataFrame())
    assert len(table) and (table["voice"] != "quoted").all() and (table["n_cues_quoted"] == 0).all()
    spans = loaded_language_table(corpus, attributions=pd.DataFrame(), spans=True)
    assert not spans["quoted"].any()
