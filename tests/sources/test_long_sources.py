"""The attribution rules on long articles: quotation lookups by offset give what a scan of every quotation gave,
and speakers resolve on a long article with many quotations as they do on a short one. (How the time grows with
the length is measured by ``scripts/bench_long_sources.py``, not asserted here.)"""

from __future__ import annotations

import random

import pytest

from mediabias.sources.quotes import Quote, Quotes, in_quote, quote_spans, quoted_parts
from mediabias.sources.relations import kind_of


def kind_by_scan(text: str, content, quotes, skip=()) -> str:
    """``kind_of`` as it was: every character of the content tested against every quotation."""
    inside = outside = 0
    for i in range(content[0], content[1]):
        if not text[i].isalnum() or any(s and s[0] <= i < s[1] for s in skip):
            continue
        if any(q.start <= i < q.end for q in quotes):
            inside += 1
        else:
            outside += 1
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


def random_text(rng: random.Random, paragraphs: int) -> str:
    words = ["said", "the", "plan", "“We", "won,”", '"no"', "it", "''fine''", "is", "“open", "done.”", "1999", "—"]
    return "\n\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(paragraphs))


@pytest.mark.parametrize("seed", range(30))
def test_lookups_by_offset_match_a_scan_of_every_quotation(seed):
    rng = random.Random(seed)
    text = random_text(rng, rng.randint(1, 12))
    quotes = quote_spans(text)
    assert isinstance(quotes, Quotes) and quotes.starts() is not None  # paired quotations are sorted and disjoint
    scanned = list(quotes)  # a plain list: every lookup scans all quotations, as before
    for pos in range(len(text) + 2):
        assert in_quote(pos, quotes) is in_quote(pos, scanned)
    for _ in range(40):
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        skip = rng.choice([(), ((rng.randint(0, len(text)), rng.randint(0, len(text))),), ((),)])
        assert kind_of(text, (lo, hi), quotes, skip) == kind_by_scan(text, (lo, hi), quotes, skip)
        assert kind_of(text, (lo, hi), scanned, skip) == kind_by_scan(text, (lo, hi), quotes, skip)
        assert quoted_parts(quotes, lo, hi) == quoted_parts(scanned, lo, hi)


def test_overlapping_quotations_are_scanned_as_before():
    text = 'He said "one two" and "three" then four.'
    quotes = Quotes([Quote(8, 29), Quote(22, 29), Quote(0, 2)])  # not sorted nor disjoint: no index
    assert quotes.starts() is None
    assert in_quote(24, quotes) is quotes[0]
    assert quoted_parts(quotes, 0, len(text)) == [(0, 2), (8, 29)]
    assert kind_of(text, (8, 29), quotes) == "direct" and kind_of(text, (0, 40), quotes) == "mixed"


#: Three paragraphs per speaker: a quotation with the full name, one with a pronoun, a short name's paraphrase.
PEOPLE = ["Maria Lopez", "John Carter", "Susan Miller", "Robert Hayes", "Linda Brooks", "James Walker",
          "Karen Wright", "Thomas Reed", "Nancy Collins", "David Turner"]


def long_article(rounds: int) -> tuple[str, list[str]]:
    paragraphs, expected = [], []
    for k in range(rounds):
        name = PEOPLE[k % len(PEOPLE)]
        pronoun = "she" if name.split()[0] in ("Maria", "Susan", "Linda", "Karen", "Nancy") else "he"
        paragraphs += [f"“We will finish the bridge on time,” {name} said on Monday at the county meeting.",
                       f"“Nobody should doubt that the money is there,” {pronoun} said.",
                       f"{name.split()[1]} added that the contract had been signed in March."]
        expected += [name, name, name]
    return "\n\n".join(paragraphs), expected


def test_speakers_resolve_on_a_long_article_with_many_quotations():
    from mediabias.sources.table import extract_attributions

    text, expected = long_article(120)  # about 23,000 characters, 240 quotations
    assert len(text) > 20_000
    table = extract_attributions(text, scheme="reader")
    assert list(table["speaker"]) == expected
    assert list(table["kind"]) == ["direct", "direct", "indirect"] * 120
