"""Issue 26, point 3 (memory): a long article is parsed in windows of whole paragraphs joined into one ``Doc``, so
the parser's working memory follows the window, not the article (whole, a 1 MB article took 3.3 GB); articles up to
``LONG_TEXT`` characters are parsed whole, as before, and their tables do not change."""

from __future__ import annotations

import tracemalloc

import pytest

from mediabias.corpus.segment import sentence_spans
from mediabias.runtime import nlp as nlp_module
from mediabias.runtime.nlp import load_nlp, paragraph_windows, pipe_marked
from mediabias.sources.table import extract_attributions

SEED = "004_e91974fb60900235"  # the longest seed (20 paragraphs, 9,200 characters)


@pytest.mark.parametrize("text, size, pieces", [
    ("One.\n\nTwo.\n\nThree.", 12, ["One.\n\nTwo.\n\n", "Three."]),
    ("One.\n\nTwo.\n\nThree.", 100, ["One.\n\nTwo.\n\nThree."]),
    ("One.\n\nTwo.\n\nThree.", 6, ["One.\n\n", "Two.\n\n", "Three."]),
    ("A long first one.\n\nB.\n\nC.", 19, ["A long first one.\n\n", "B.\n\nC."]),
    ("One.\n \n  Two.\n\n\n\nThree.\n", 9, ["One.\n \n  ", "Two.\n\n\n\n", "Three.\n"]),  # whitespace stays with the break
    ("No break at all in this one.", 12, ["No break ", "at all in ", "this one."]),
    ("", 5, [""]),
    # a paragraph longer than a window: cut after a sentence end that fits, else after whitespace, else anywhere
    ("Aaa bbb. Ccc ddd eee. Fff.\n\nGgg hhh iii jjj kkk lll.", 14,
     ["Aaa bbb. ", "Ccc ddd eee. ", "Fff.\n\n", "Ggg hhh iii ", "jjj kkk lll."]),
    ("“He left.” She stayed. They went on.", 26, ["“He left.” She stayed. ", "They went on."]),
    ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
])
def test_windows_end_after_paragraph_breaks_and_tile_the_text(text, size, pieces):
    assert paragraph_windows(text, size=size) == pieces
    assert "".join(pieces) == text
    assert max(len(p) for p in pieces) <= max(size, 1)


def test_windows_hold_at_most_so_many_characters(corpus):
    text = "\n\n".join(corpus.articles["text"])
    pieces = paragraph_windows(text, size=3000)
    assert "".join(pieces) == text and len(pieces) > 5
    assert max(len(p) for p in pieces) <= 3000  # no seed paragraph is that long
    assert all(p.endswith("\n\n") for p in pieces[:-1])


@pytest.fixture(scope="module")
def long_text(corpus):
    return corpus.articles.set_index("article_id").loc[SEED, "text"]


def parse(text: str, long_text_chars: int, window_chars: int = 3000):
    """The shared parse of ``text`` with a text counted long above ``long_text_chars`` (windows of ``window_chars``)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nlp_module, "LONG_TEXT", long_text_chars)
        mp.setattr(nlp_module, "WINDOW_CHARS", window_chars)
        return next(pipe_marked([text], nlp=load_nlp()))


def test_a_long_text_parsed_in_windows_is_one_doc_with_the_same_tokens_sentences_and_attributions(long_text):
    whole = parse(long_text, 10**9)
    windows = parse(long_text, 5000)  # the seed counts as long: three windows of at most 3,000 characters
    assert len(paragraph_windows(long_text, size=3000)) == 3
    assert windows.text == long_text
    assert [(t.idx, t.text) for t in windows] == [(t.idx, t.text) for t in whole]
    assert [(s.start_char, s.end_char) for s in windows.sents] == [(s.start_char, s.end_char) for s in whole.sents]
    assert [(e.start_char, e.end_char, e.label_) for e in windows.ents] == [(e.start_char, e.end_char, e.label_) for e in whole.ents]
    assert sum((a.head.i, a.dep_) != (b.head.i, b.dep_) for a, b in zip(windows, whole)) == 0
    # the attribution rules read the joined Doc as they read the whole one: 004's quotations and speakers
    got, expected = extract_attributions(long_text, doc=windows), extract_attributions(long_text, doc=whole)
    assert len(expected) > 10
    assert got.equals(expected)


def test_texts_of_ordinary_length_are_parsed_whole_and_in_order(corpus):
    texts = list(corpus.articles["text"])
    with pytest.MonkeyPatch.context() as mp:  # the third text long, between ordinary ones: order kept
        mp.setattr(nlp_module, "LONG_TEXT", len(texts[2]) - 1)
        mp.setattr(nlp_module, "WINDOW_CHARS", 2000)
        docs = list(pipe_marked(texts, nlp=load_nlp()))
    assert [d.text for d in docs] == texts
    assert docs[2].tensor.size == 0 and docs[1].tensor.size > 0  # windows joined without token vectors


def traced_peak(text: str, long_text_chars: int) -> float:
    tracemalloc.start()
    try:
        parse(text, long_text_chars, window_chars=10_000)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_parsing_in_windows_bounds_the_parsers_memory(long_text):
    """Four times the seed (37,000 characters): parsed whole, the parser's arrays took about four times the
    memory of one seed; in windows of 10,000 characters, about what one seed takes (Python's and numpy's
    allocations, as tracemalloc sees them)."""
    parse("Warm up.", 10**9)
    long = "\n\n".join([long_text] * 4)
    one, whole, windows = traced_peak(long_text, 10**9), traced_peak(long, 10**9), traced_peak(long, 20_000)
    assert whole > 3 * one
    assert windows < 2 * one and windows < whole / 2


def test_a_paragraph_too_long_for_a_window_gets_the_sentences_it_gets_whole(long_text):
    """Segments parse paragraph by paragraph; one paragraph of 8,400 characters (the seed's paragraphs joined by
    spaces), counted long, is parsed in windows cut after sentence ends: the same 46 sentences."""
    paragraph = " ".join(long_text.split("\n\n"))
    whole = sentence_spans([paragraph])[0]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(nlp_module, "LONG_TEXT", 3000)
        mp.setattr(nlp_module, "WINDOW_CHARS", 2000)
        assert len(paragraph_windows(paragraph)) == 5
        short, windowed, last = sentence_spans(["He left. She stayed.", paragraph, "x"])
    assert len(whole) == 46 and windowed == whole
    assert (short, last) == ([(0, 8), (9, 20)], [(0, 1)])  # the texts around it parsed whole, in order
