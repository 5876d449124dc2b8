"""Plain-text helpers that every model input goes through.

The sentence splitter here is a light regex, and it is the one the shipped models' features use (frames and
roles read sentences of paragraphs and of training articles that were never parsed; the distant-label
training sentences of the loaded-language model come from it too). The project has one other splitter, and
only one: spaCy's, in :mod:`mediabias.corpus.segment`, which gives the sentences of the corpus tables (with the
dependency parse the attribution rules need, and offsets). The two are kept apart on purpose: the shipped
models were trained on regex-split sentences of corpora too large to parse on a laptop, and re-splitting
their inputs with spaCy would change the features they were trained on.
"""

from __future__ import annotations

import re

SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences with a light regex (no spaCy).

    Example:
        >>> split_sentences("He left. She said “no.” Then 3 more came.")
        ['He left.', 'She said “no.', 'Then 3 more came.']

    A closing quotation mark or bracket right after the end punctuation goes with the break, as it did when
    the shipped models were trained.
    """
    return [s.strip() for s in SENTENCE_BREAK.split(text) if s.strip()]


def check_texts(texts, *, what: str = "texts") -> list[str]:
    """``texts`` as a list of strings, or a ``TypeError`` that says what to pass instead."""
    if isinstance(texts, str):
        raise TypeError(f"{what} must be a list of strings, not a single string (wrap it in a list)")
    texts = list(texts)
    bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
    if bad:
        raise TypeError(f"{what} must all be strings; items {bad[:5]} are not")
    return texts


def merge_spans(spans) -> list[tuple[int, int]]:
    """Character spans sorted, overlapping or touching ones merged, empty ones dropped.

    >>> merge_spans([(0, 5), (3, 8), (10, 12), (13, 13)])
    [(0, 8), (10, 12)]
    """
    out: list[list[int]] = []
    for a, b in sorted((int(a), int(b)) for a, b in spans if b > a):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]
