"""One name per person on stories without an actor list: the names checked by hand against what a reader of the
sentence would say, including the cases found in AllSides opinion articles (``Trump`` tagged an organisation,
``Donald J. Trump`` a third Trump, ``Barack Obama`` rewritten to ``Michelle Obama``)."""

from __future__ import annotations

import pytest

from mediabias.sentiment.actors import actor_mentions
from mediabias.sentiment.persons import listed_forms, normal_form, parse_forms, person_names


@pytest.fixture(scope="module")
def nlp():
    from mediabias.runtime.nlp import load_nlp

    return load_nlp()


def found(text, nlp):
    return [(r.mention_text, r.actor, r.kind) for r in actor_mentions(text, story=None, nlp=nlp).itertuples()]


@pytest.mark.parametrize("name, expected", [
    ("President Obama’s", "Obama"),
    ("Joseph R. Smith", "Joseph Smith"),       # a middle initial is dropped ...
    ("George W. Bush", "George W. Bush"),      # ... unless it is what tells two persons apart (listed)
    ("Col. Richard Kemp", "Richard Kemp"),
    ("Kemp", "Kemp"),
])
def test_normal_form(name, expected):
    assert normal_form(name) == expected


def test_a_full_name_is_never_rewritten_into_another():
    # the old rule took the longest name with the surname: Barack Obama became Michelle Obama
    got = person_names([("Barack Obama", "PERSON"), ("Michelle Obama", "PERSON"), ("Obama", "PERSON")])
    assert got == {"Barack Obama": "Barack Obama", "Michelle Obama": "Michelle Obama", "Obama": "Barack Obama"}


def test_listed_forms_join_across_articles_and_tags():
    assert person_names([("Obama", "PERSON")]) == {"Obama": "Barack Obama"}  # an article that never says Barack
    assert person_names([("Trump", "ORG"), ("Donald J. Trump", "PERSON")]) == {
        "Donald J. Trump": "Donald Trump", "Trump": "Donald Trump"}


def test_an_unlisted_surname_joins_the_one_person_of_the_article_who_has_it():
    assert person_names([("Olaf Scholz", "PERSON"), ("Scholz", "GPE")]) == {"Olaf Scholz": "Olaf Scholz",
                                                                          "Scholz": "Olaf Scholz"}
    two = person_names([("Mary Kemp", "PERSON"), ("Fred Kemp", "PERSON"), ("Kemp", "PERSON")])
    assert two["Kemp"] == "Kemp"  # two Kemps: the surname alone cannot say which


def test_entities_that_name_no_person_are_left_out():
    assert person_names([("Berlin", "GPE"), ("Pentagon", "ORG"), ("Olaf Scholz", "PERSON")]) == {
        "Olaf Scholz": "Olaf Scholz"}


def test_actor_mentions_on_sentences(nlp):
    assert found("Donald J. Trump signed the order on Friday. Critics said Trump had overreached, and Trump’s "
                 "aides disagreed.", nlp) == [("Donald J. Trump", "Donald Trump", "person"),
                                              ("Trump", "Donald Trump", "person"), ("Trump", "Donald Trump", "person")]
    assert found("Michelle Obama spoke first. Then Barack Obama took the stage. Obama said the country was ready.",
                 nlp) == [("Michelle Obama", "Michelle Obama", "person"), ("Barack Obama", "Barack Obama", "person"),
                          ("Obama", "Barack Obama", "person")]
    assert found("President Joseph R. Biden met Chancellor Olaf Scholz in Berlin. Biden thanked Scholz.", nlp) == [
        ("Joseph R. Biden", "Joe Biden", "person"), ("Olaf Scholz", "Olaf Scholz", "person"),
        ("Berlin", "Berlin", "country"), ("Biden", "Joe Biden", "person"), ("Scholz", "Olaf Scholz", "person")]


def test_what_a_person_leads_is_not_the_person(nlp):
    assert found("Obama defended the deal. The Obama administration said little, and the Trump campaign attacked "
                 "it.", nlp) == [("Obama", "Barack Obama", "person"),
                                 ("Obama administration", "Obama administration", "government"),
                                 ("Trump campaign", "Trump campaign", "group")]
    assert found("The Trump Administration said on Friday that it would act.", nlp) == [
        ("The Trump Administration", "Trump administration", "government")]


def test_the_shipped_list_parses_and_names_each_form_once():
    forms = listed_forms()
    assert forms["Obama"] == "Barack Obama" and forms["Donald J. Trump"] == "Donald Trump"
    assert "Clinton" not in forms and "Bush" not in forms  # ambiguous surnames are not listed


@pytest.mark.parametrize("raw, message", [
    ({"persons": {"A B": ["B"], "C B": ["B"]}}, "the form 'B' is listed for 'A B' and 'C B'"),
    ({"persons": {"A B": "B"}}, "the forms of 'A B' must be a list"),
    ({"people": {}}, "expected a mapping 'persons:"),
])
def test_a_bad_list_is_rejected(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_forms(raw)
