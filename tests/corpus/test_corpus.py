"""Loading the curated seed corpus, hand-checked against the raw captures."""

from __future__ import annotations

import hashlib

import pytest

from mediabias.corpus import count_words, load_corpus
from tests.conftest import BUNDLED

SEEDS = {
    # id: (outlet, story, published, excerpted outlets in order of appearance)
    "000_908ce795a3fce461": ("hotair", "iraq-withdrawal-2011", "2011-10-22", ["nyt"]),
    "001_7127911f8c492fa6": ("hotair", "iraq-withdrawal-2011", "2011-10-21", ["fp"]),
    "002_0525342205e8e59f": ("hotair", "iraq-withdrawal-2011", "2011-10-15", ["ap"]),
    "003_90f0f04d63b1e894": ("fp", "iraq-withdrawal-2011", "2011-10-17", []),
    "004_e91974fb60900235": ("medialine", "iraq-letter-2020", "2020-01-07", []),
}


def test_raw_files_are_the_seeds_byte_for_byte():
    sums = (BUNDLED / "raw" / "SHA256SUMS").read_text().split("\n")
    listed = dict(reversed(line.split("  ")) for line in sums if line)
    assert sorted(listed) == sorted(f"{k}.txt" for k in SEEDS)
    for name, digest in listed.items():
        assert hashlib.sha256((BUNDLED / "raw" / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("article_id", sorted(SEEDS))
def test_article_metadata(corpus, article_id):
    row = corpus.articles.set_index("article_id").loc[article_id]
    outlet, story, published, _ = SEEDS[article_id]
    assert (row["outlet"], row["story"], row["published"]) == (outlet, story, published)
    assert row["raw"] == f"raw/{article_id}.txt"
    assert row["n_words"] == row["n_words_author"] + row["n_words_excerpt"] > 500


@pytest.mark.parametrize("article_id", sorted(SEEDS))
def test_excerpt_origins(corpus, article_id):
    article = next(a for a in corpus.parsed if a.id == article_id)
    origins = list(dict.fromkeys(p.origin_outlet for p in article.paragraphs if p.voice == "excerpt"))
    assert origins == SEEDS[article_id][3]


def test_page_furniture_removed_and_article_text_kept(corpus):
    text = corpus.articles.set_index("article_id")["text"]
    assert "Trending on HotAir" not in text["000_908ce795a3fce461"]
    assert text["000_908ce795a3fce461"].endswith("Smart power, indeed.")
    assert "technical problems" not in text["001_7127911f8c492fa6"]
    fp = text["003_90f0f04d63b1e894"]
    assert fp.startswith("The Obama administration’s negotiations")
    assert fp.count("The Obama administration’s negotiations with the government of Iraq") == 1  # teaser dropped
    assert "Josh Rogin covers" not in fp and "More from Foreign Policy" not in fp and "Multipolar" not in fp
    assert fp.endswith("losing its influence in Iraq.\"")
    ml = text["004_e91974fb60900235"]
    assert not ml.startswith("Protesters gather")  # photo caption
    assert "By subscribing" not in ml and "Personalize Your News" not in ml
    # the quotation broken by the page layout is one paragraph again
    assert "“is no longer perceived in the Middle East as an ‘honest’ broker" in ml


def test_every_article_word_is_in_the_raw_capture(corpus):
    """Curation removes furniture but never rewrites the outlet's words."""
    for row in corpus.articles.itertuples():
        raw = (BUNDLED / row.raw).read_text(encoding="utf-8")
        raw_words = " ".join(raw.split())
        for paragraph in row.text.split("\n\n"):
            assert " ".join(paragraph.split()) in raw_words, paragraph[:60]


def test_count_words():
    assert count_words("Don’t stop al-Maliki's 8,000 troops.") == 5


def test_select_story_and_outlets(corpus):
    assert list(corpus.select(story="iraq-letter-2020").articles["article_id"]) == ["004_e91974fb60900235"]
    nyt = corpus.select(outlets=["nyt"])
    assert list(nyt.articles["article_id"]) == ["000_908ce795a3fce461"]
    with pytest.raises(ValueError, match="unknown story nope; stories in this corpus: iraq-letter-2020, iraq-withdrawal-2011"):
        corpus.select(story="nope")
    with pytest.raises(ValueError, match="unknown outlet cnn"):
        corpus.select(outlets=["cnn"])


def test_load_is_deterministic():
    a, b = load_corpus(BUNDLED), load_corpus(BUNDLED)
    assert a.articles.equals(b.articles)


def test_segments_are_attached_explicitly_never_computed_behind_the_readers_back(corpus):
    from mediabias.corpus import load_corpus, segmented

    bare = load_corpus(corpus.directory)
    with pytest.raises(AttributeError, match="segmented"):
        bare.segments
    one = corpus.select_ids(["004_e91974fb60900235"])  # the session corpus has its segments attached
    assert set(one.segments["article_id"]) == {"004_e91974fb60900235"}
    assert segmented(one) is one  # already attached: nothing recomputed
    assert one.segments.equals(corpus.segments[corpus.segments["article_id"] == "004_e91974fb60900235"].reset_index(drop=True))


def test_one_word_counter_counts_numbers_with_separators_as_one_word():
    from mediabias.corpus.words import count_words
    from mediabias.framing import paragraph_frames

    text = "The U.S. kept 3,000 to 5,000 troops, 1.5 times the plan."
    assert count_words(text) == 12  # The U S kept 3,000 to 5,000 troops 1.5 times the plan
    assert paragraph_frames([text], model=False)["n_words"].iloc[0] == 12  # frames count words the same way
