"""The hand reading of the bundled corpus (corpus/readings/*.yaml): every passage is found verbatim in its
article's plain text, bad readings are refused with the message a reader needs, and the attribution table of
the corpus agrees with it (precision and recall with speaker >= 0.90; no speaker is a non-person phrase or
missing). The reader's-scheme rules are checked case by case on sentences of the corpus."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from mediabias import paths
from mediabias.corpus import load_corpus
from mediabias.sources import attributions, extract_attributions
from mediabias.sources.reading import ReadingError, load_reading, locate
from mediabias.sources.reading_match import match_attributions, normalise_name, scores


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(paths.corpus_dir())


@pytest.fixture(scope="module")
def reading(corpus):
    return load_reading(paths.corpus_dir(), corpus)


@pytest.fixture(scope="module")
def table(corpus):
    return attributions(corpus)


@pytest.fixture(scope="module")
def matches(reading, table, corpus):
    texts = dict(zip(corpus.articles["article_id"], corpus.articles["text"]))
    return match_attributions(reading.attributions, table, texts)


def test_every_article_is_read(reading, corpus):
    counts = reading.attributions.groupby("article_id").size().to_dict()
    assert counts == {"000_908ce795a3fce461": 24, "001_7127911f8c492fa6": 22, "002_0525342205e8e59f": 21,
                      "003_90f0f04d63b1e894": 19, "004_e91974fb60900235": 33}
    assert set(reading.stance["article_id"]) == set(corpus.articles["article_id"])
    assert set(reading.roles["article_id"]) == set(corpus.articles["article_id"])


def test_every_span_is_found_verbatim_in_the_plain_text(reading, corpus):
    text = dict(zip(corpus.articles["article_id"], corpus.articles["text"]))
    for r in reading.attributions.itertuples():
        t = text[r.article_id]
        assert t[r.content_start:r.content_end] == r.content_text, r.item_id
        if isinstance(r.cue_text, str):
            assert t[int(r.cue_start):int(r.cue_end)] == r.cue_text, r.item_id
        if isinstance(r.source_text, str):
            assert t[int(r.source_start):int(r.source_end)] == r.source_text, r.item_id
    for r in reading.not_attributions.itertuples():
        assert text[r.article_id][r.start:r.end] == r.passage
    for table in (reading.stance, reading.roles, reading.frames):
        for aid, sentences in zip(table["article_id"], table["deciding"]):
            assert all(s in text[aid] for s in sentences)


def test_the_reviewers_cases_are_read_as_the_issue_says(reading):
    att = reading.attributions.set_index(["article_id", "item_id"])
    ap = "002_0525342205e8e59f"
    # the AP's one attribution is "the U.S. military official said"; "has learned", "refused", "opposed" are not
    assert att.loc[(ap, "a10"), "cue_text"] == "said"
    not_atts = " | ".join(reading.not_attributions["passage"])
    for passage in ("The Associated Press has learned", "Iraqi leaders have adamantly refused",
                    "the Americans have refused", "others have deeply opposed"):
        assert passage in not_atts
    # "two others ... confirm to the AP" is its own attribution; "reportedly left the brass 'livid'" is one
    assert att.loc[(ap, "a01"), "content_text"] == "no decision’s been made"
    assert att.loc[(ap, "a02"), "cue_text"] == "confirm"
    assert att.loc[(ap, "a07"), "cue_text"] == "reportedly"
    # "Obama wants to make a little political hay" is the blogger's conjecture
    assert att.loc[("000_908ce795a3fce461", "a17"), "kind"] == "conjecture"
    assert att.loc[("004_e91974fb60900235", "a14"), "speaker"] == "Ali Khamenei"


def test_locate_refuses_missing_and_ambiguous_passages():
    assert locate("a said b said", "said", near=9) == (9, 13)
    assert locate("a said b said", "said", after="b") == (9, 13)
    with pytest.raises(ValueError, match="not found verbatim"):
        locate("a said b", "told")
    with pytest.raises(ValueError, match="occurs 2 times; add occurrence_after"):
        locate("a said b said", "said")


def _corpus_with(tmp_path, reading_text: str):
    src = paths.corpus_dir()
    dst = tmp_path / "corpus"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("results", "readings"))
    (dst / "readings").mkdir()
    (dst / "readings" / "003_90f0f04d63b1e894.yaml").write_text(reading_text, encoding="utf-8")
    return dst


ITEM = """article_id: 003_90f0f04d63b1e894
attributions:
  - id: a01
    voice: {voice}
    source: Defense Secretary Leon Panetta
    speaker: {speaker}
    speaker_kind: person
    also_known_as: [{alias}]
    cue: said
    content: '{content}'
    kind: {kind}
"""
GOOD = dict(voice="author", speaker="Leon Panetta", alias="Panetta", kind="speech",
            content="\"At the present time I’m not discouraged because we’re still in negotiations with the Iraqis,\"")


@pytest.mark.parametrize("change, message", [
    ({}, None),
    ({"content": "At the present time I am not discouraged"}, "not found verbatim"),
    ({"voice": "excerpt"}, "voice 'excerpt', but the markup makes the content 'author'"),
    ({"kind": "rumour"}, "kind 'rumour', expected one of speech, position, conjecture"),
    ({"alias": "he"}, "'he' names no one: write whom it refers to"),
])
def test_bad_readings_are_refused_with_the_item_named(tmp_path, change, message):
    corpus_dir = _corpus_with(tmp_path, ITEM.format(**{**GOOD, **change}))
    if message is None:
        assert len(load_reading(corpus_dir).attributions) == 1
        return
    with pytest.raises(ReadingError, match="003_90f0f04d63b1e894 a01: .*" + message):
        load_reading(corpus_dir)


def test_the_table_agrees_with_the_reading(matches):
    overall = scores(matches).query("article_id == 'all'").set_index("level")
    assert overall.loc["speaker", "precision"] >= 0.90
    assert overall.loc["speaker", "recall"] >= 0.90


def test_no_speaker_is_missing_or_a_non_person_phrase(table):
    assert table["speaker"].notna().all()
    assert not table["speaker"].astype(str).str.lower().isin(["nan", "none", ""]).any()
    bad = {"the announcement", "the misunderstanding", "apparent mass confusion"}
    assert not any(normalise_name(s) in {normalise_name(b) for b in bad} for s in table["speaker"])


def test_conjectures_of_the_reading_are_conjectures_in_the_table(matches):
    conj = matches[(matches["kind_hand"] == "conjecture") & (matches["outcome"] == "pair")]
    assert len(conj) >= 8
    assert (conj["kind_machine"] == "conjecture").all()


def test_an_outlet_crediting_itself_is_not_a_source(table):
    ap = table[table["article_id"] == "002_0525342205e8e59f"]
    assert "The Associated Press" not in set(ap["speaker"])
    assert "the U.S. military official" in set(ap["speaker"])


@pytest.mark.parametrize("text, polnear, reader", [
    # acts and stances with a noun-phrase object: PolNeAR annotates them, a reader does not
    ("But others have deeply opposed any American troop presence.", [("others", "opposed")], []),
    ("Iraqi leaders have adamantly refused to give U.S. troops immunity from prosecution in Iraqi courts.",
     [("Iraqi leaders", "refused")], []),
    # the writer's inference through a raising verb
    ("Maliki doesn't appear to have what it takes to hold it all together.", [(None, "appear")], []),
    # an attribution nested in indirect content: the reader keeps both
    ("Josh Rogin reminds us that despite the president's claim that we are leaving Iraq, there were elements in "
     "the administration who wanted several thousand soldiers to remain in Iraq.",
     [("Josh Rogin", "reminds")],
     [("Josh Rogin", "reminds"), ("elements in the administration", "wanted"), ("the president", "claim")]),
])
def test_the_two_schemes(text, polnear, reader):
    got = lambda scheme: sorted(zip(extract_attributions(text, scheme=scheme)["speaker"],
                                    extract_attributions(text, scheme=scheme)["cue_text"]))
    assert got("polnear") == sorted(polnear)
    assert got("reader") == sorted(reader)


@pytest.mark.parametrize("text, expected", [
    # clause boundary between adjacent attributions (comma splice)
    ("Two officials tell Politico no decision’s been made, two others confirm to the AP that it’s a done deal.",
     [("Two officials", "tell", "no decision’s been made"), ("two others", "confirm", "that it’s a done deal")]),
    # a sourceless adverbial cue
    ("The administration’s response? Try 3,000, a number that reportedly left the brass “livid.”",
     [("unnamed source", "reportedly", "that reportedly left the brass “livid.”")]),
    # the writer's first person
    ("I find it difficult to believe that Obama will send troops back.",
     [("the writer", "find", "it difficult to believe that Obama will send troops back")]),
    # "with the latter vowing": the latter of the two people just named, not the main clause's subject
    ("The misunderstanding comes amid a war of words between President Trump and Iranian Supreme Leader Ali "
     "Khamenei, with the latter vowing “severe” retaliation for Soleimani’s killing.",
     [("Ali Khamenei", "vowing", "“severe” retaliation for Soleimani’s killing")]),
    # a participle's subject is its clause's subject, not the passive agent of the verb it hangs on
    ("Some top American military officials were dismayed by the announcement, seeing it as a breakdown.",
     [("Some top American military officials", "seeing", "it as a breakdown")]),
    # the reported clause the parser made an adverbial clause before the cue
    ("As recently as August, Maliki's office was discussing allowing 8,000 U.S. troops to remain, Iraqi "
     "Ambassador Samir Sumaida'ie said in an interview.",
     [("Samir Sumaida’ie", "said", "As recently as August, Maliki's office was discussing allowing 8,000 U.S. "
                                   "troops to remain")]),
    ("This morning, the New York Times makes clear that neither side wanted a full withdrawal.",
     [("the New York Times", "makes clear", "that neither side wanted a full withdrawal"),
      ("neither side", "wanted", "a full withdrawal")]),
])
def test_reader_rules_on_corpus_sentences(text, expected):
    t = extract_attributions(text, scheme="reader")
    got = [(s, c, x) for s, c, x in zip(t["speaker"], t["cue_text"], t["content_text"])]
    assert sorted(got) == sorted(expected)


def test_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="scheme 'gold': expected one of reader, polnear"):
        extract_attributions("He said so.", scheme="gold")


def test_scores_count_each_machine_row_once():
    m = pd.DataFrame([
        {"article_id": "a", "item_id": "a01", "attribution_id": "a:1", "outcome": "pair", "agree_speaker": True,
         "agree_cue": True, "agree_content": True, "agree_kind": True},
        {"article_id": "a", "item_id": "a02", "attribution_id": "a:1", "outcome": "pair", "agree_speaker": True,
         "agree_cue": True, "agree_content": False, "agree_kind": True},
        {"article_id": "a", "item_id": "a03", "attribution_id": None, "outcome": "false negative",
         "agree_speaker": False, "agree_cue": False, "agree_content": False, "agree_kind": False},
        {"article_id": "a", "item_id": None, "attribution_id": "a:2", "outcome": "false positive",
         "agree_speaker": False, "agree_cue": False, "agree_content": False, "agree_kind": False},
    ])
    s = scores(m).query("article_id == 'all'").set_index("level")
    assert (s.loc["speaker", "n_hand"], s.loc["speaker", "n_machine"]) == (3, 2)
    assert s.loc["speaker", "precision"] == 0.5 and s.loc["speaker", "recall"] == round(2 / 3, 3)
    assert s.loc["content", "recall"] == round(1 / 3, 3)
