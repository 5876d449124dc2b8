"""The Hill's hover cards (a formal name, the site's headlines about the person, "MORE") are removed from the text
when an article is added; the name as written stays, the raw capture keeps every byte, the note says how many went.
Every sentence here was written for these tests; the card shapes are those counted in the AllSides collection
(795 of its 1,349 The Hill articles hold one)."""

from __future__ import annotations

import json

import pytest

from mediabias.cli import main
from mediabias.corpus import load_corpus
from mediabias.ingest.furniture import is_furniture, strip_name_cards

CARD = "Harbour bill stalls in committee Senator visits flooded towns Poll shows tight race MORE"


@pytest.mark.parametrize("text, expected", [
    # glued: the formal name's last word runs into the first headline
    (f"Sen. Jane Doe Janet (Jane) Marie Doe{CARD} (D-Maine) said the bill was dead.",
     "Sen. Jane Doe (D-Maine) said the bill was dead."),
    # the name as written is glued to the card too
    (f"Deputy Sam WellsSam Wells{CARD} — the acting director — resigned.", "Deputy Sam Wells — the acting director — resigned."),
    # a suffix and a particle
    (f"Mayor Bill de Vries Jr. William Henry de Vries Jr.{CARD}, who spoke first.", "Mayor Bill de Vries Jr., who spoke first."),
    # spaced: a space after the formal name; the formal name starts with the written first name
    (f"Speaker Paul Stone Paul Andrew Stone {CARD} (R-Wis.) stepped down.", "Speaker Paul Stone (R-Wis.) stepped down."),
    (f"Former Vice President Jo Bright Jo Bright {CARD} led the poll.", "Former Vice President Jo Bright led the poll."),
])
def test_a_card_goes_and_the_name_stays(text, expected):
    assert strip_name_cards(text) == (expected, 1)


@pytest.mark.parametrize("text", [
    "I THINK THERE WOULD HAVE BEEN MORE",                      # a transcript in capitals
    "Paul Stone met Paul Stone's brother, and they asked for MORE time.",
    "Jane Doe said she wants MORE money for the harbour.",
    "READ MORE",
    "Smith Smith and Co. sells MORE than anyone.",            # no headline after the repeated word
])
def test_prose_is_left_alone(text):
    assert strip_name_cards(text) == (text, 0)


@pytest.mark.parametrize("paragraph", ["ADVERTISEMENT", "Advertisement:", "Story Continued Below", " Photo ",
                                       "Copyright © 2019 The Washington Times, LLC. Click here for reprint permission.",
                                       "Sign up for Daily Newsletters Manage Newsletters", "7 years ago",
                                       "Follow @politico", "Slideshow (2 Images)",
                                       "Wake up to the Gazette Daily Email By subscribing, you agree to the Harbour "
                                       "Gazette terms of use and privacy policy."])
def test_whole_furniture_paragraphs_are_recognised(paragraph):
    assert is_furniture(paragraph)


@pytest.mark.parametrize("paragraph", ["The story continued below the fold.", "Photo editors chose the image.",
                                       "Advertisement spending fell by a third.", "The Associated Press contributed to this report.",
                                       "ANALYSIS/OPINION:", "Seven years ago the bridge was new.", "ADVERTISEMENT ADVERTISEMENT",
                                       "By signing up, residents agreed to the new terms for parking permits."])
def test_prose_credit_lines_and_labels_are_not_furniture(paragraph):
    assert not is_furniture(paragraph)


def test_add_removes_cards_from_a_record_notes_it_and_keeps_the_raw(corpus_copy, tmp_path, capsys):
    corpus = corpus_copy
    body = (f"Sen. Jane Doe Janet (Jane) Marie Doe{CARD} (D-Maine) said on Monday that the harbour bill would not "
            "pass this year.\n\nHer office said a new draft would follow in the spring, after hearings in three "
            f"coastal towns, and Rep. Paul Stone Paul Andrew Stone {CARD} (R-Maine) agreed to co-sponsor it."
            "\n\nStory Continued Below\n\nADVERTISEMENT\n\nThe story continued below the fold of the county paper.")
    record = {"ID": "card1", "source": "New York Times - News", "date": "2019-03-04", "title": "Harbour bill stalls",
              "authors": "", "url": "https://example.com/card1", "content_original": body}
    src = tmp_path / "cards.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["add", "--corpus", str(corpus), "--from-jsonl", str(src), "--story", "harbour"]) == 0
    assert ("note: Removed 2 paragraph(s) of page furniture (advertisement and newsletter lines and the like) and 2 "
            "hover card(s) of page furniture") in capsys.readouterr().out
    art = load_corpus(corpus).articles.set_index("article_id").loc["nyt-2019-03-04-harbour-bill-stalls"]
    assert "MORE" not in art["text"] and "Poll shows" not in art["text"]
    assert "Sen. Jane Doe (D-Maine) said on Monday" in art["text"]
    assert "Rep. Paul Stone (R-Maine) agreed" in art["text"]
    assert "ADVERTISEMENT" not in art["text"] and "Story Continued Below" not in art["text"]
    assert art["text"].endswith("The story continued below the fold of the county paper.")
    front = " ".join((corpus / "articles" / "nyt-2019-03-04-harbour-bill-stalls.md").read_text().split())  # YAML folds
    assert "curation_note: Removed 2 paragraph(s) of page furniture" in front and "and 2 hover card(s)" in front
    assert CARD in json.loads((corpus / art["raw"]).read_text(encoding="utf-8"))["content_original"]
