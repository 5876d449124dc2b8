"""Quotation marks paired per paragraph (pass 1 of :mod:`mediabias.sources`).

Curly and straight marks, unbalanced or mistyped marks tolerated; a lone apostrophe never counts, but two
straight apostrophes in a row (``''``, the New York Times archive's double quotation mark) are a straight
double quote. A quote left open at a paragraph end closes there.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

OPEN_QUOTES, CLOSE_QUOTES, BOTH_QUOTES = "“«„", "”»", '"'
#: Two straight apostrophes standing for a straight double quotation mark.
DOUBLE_APOSTROPHE = "''"


@dataclass
class Quote:
    """A quotation: character span including the marks; ``closed`` False when the paragraph ended first."""

    start: int
    end: int
    closed: bool = True
    paragraph_start: bool = False  # opens its paragraph


class Quotes(list):
    """The quotations of a text in text order, as :func:`quote_spans` returns them: a list of :class:`Quote` that
    :func:`in_quote` and :func:`quoted_parts` search by offset (a binary search, not a scan of every quotation,
    so a long article's lookups stay near-linear in its length). The index is built on the first lookup and
    again when the list's length changes; spans that are not sorted and disjoint are scanned as before."""

    def starts(self) -> list[int] | None:
        """Every quotation's start, when the spans are sorted and disjoint (else ``None``: scan them all)."""
        return self._index()[1]

    def ends(self) -> list[int] | None:
        """Every quotation's end (sorted too), when the spans are sorted and disjoint (else ``None``)."""
        return self._index()[2]

    def _index(self) -> tuple:
        index = self.__dict__.get("_offsets")
        if index is None or index[0] != len(self):
            ordered = all(a.start < a.end <= b.start for a, b in zip(self, self[1:]))
            index = (len(self), [q.start for q in self], [q.end for q in self]) if ordered else (len(self), None, None)
            self.__dict__["_offsets"] = index
        return index


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (separated by blank lines, or single newlines)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)]


def _is_opening(text: str, i: int, width: int = 1) -> bool:
    """Decide whether a straight double quote at ``i`` (``width`` characters) opens (True) or closes a quotation."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{—–-/:" or i == 0:
        return True
    if after.isspace() or after in ".,;:!?)]—–-'’" or i + width == len(text):
        return False
    return not before.isalnum()


def quote_spans(text: str) -> Quotes:
    """Pair quotation marks per paragraph; robust to unbalanced and mixed curly/straight marks.

    A quote still open at the end of its paragraph ends there (``closed=False``): newspapers open each
    paragraph of a long quotation anew and close only the last. A single apostrophe (’ or ') is never a quote
    mark, so names such as Sumaida’ie do not break pairing; two straight ones (``''``) are a double quote.
    """
    quotes = Quotes()
    for p_start, p_end in paragraph_spans(text):
        open_at = None
        i = p_start - 1
        while i + 1 < p_end:
            i += 1
            ch, width = text[i], 1
            if text.startswith(DOUBLE_APOSTROPHE, i) and i + 2 <= p_end:
                ch, width = BOTH_QUOTES, 2
            if ch not in OPEN_QUOTES + CLOSE_QUOTES + BOTH_QUOTES:
                continue
            opening = ch in OPEN_QUOTES or (ch in BOTH_QUOTES and (open_at is None and _is_opening(text, i, width)))
            if ch in OPEN_QUOTES and open_at is not None and not _is_opening(text, i):
                opening = False  # a mistyped closing mark: 'here,“ said Jim Clyburn'
            if ch in BOTH_QUOTES and open_at is not None:
                opening = False
            if opening:
                if open_at is not None and i > open_at + 1:  # a second opener: the first was never closed
                    quotes.append(Quote(open_at, i, False, open_at == p_start))
                open_at = i
            elif open_at is not None:
                quotes.append(Quote(open_at, i + width, True, open_at == p_start))
                open_at = None
            i += width - 1
        if open_at is not None and p_end - open_at > 1:
            quotes.append(Quote(open_at, p_end, False, open_at == p_start))
    return quotes


def in_quote(pos: int, quotes: list[Quote]) -> Quote | None:
    """The quotation whose words ``pos`` is in (between its marks; up to the paragraph end for one left open)."""
    starts = quotes.starts() if isinstance(quotes, Quotes) else None
    if starts is not None:  # sorted and disjoint: only the last quotation opening before ``pos`` can hold it
        k = bisect_left(starts, pos) - 1
        candidates = (quotes[k],) if k >= 0 else ()
    else:
        candidates = quotes
    for q in candidates:
        if q.start < pos < q.end - 1 or (not q.closed and q.start < pos < q.end):
            return q
    return None


def quoted_parts(quotes: list[Quote], lo: int, hi: int) -> list[tuple[int, int]]:
    """The parts of ``[lo, hi)`` inside some quotation (marks included), sorted and merged."""
    starts = quotes.starts() if isinstance(quotes, Quotes) else None
    if starts is None:
        spans = sorted((q.start, q.end) for q in quotes if q.start < hi and lo < q.end)
    else:
        first, last = max(bisect_right(starts, lo) - 1, 0), bisect_left(starts, hi)
        spans = [(q.start, q.end) for q in quotes[first:last] if lo < q.end]
    parts: list[tuple[int, int]] = []
    for start, end in spans:
        start, end = max(start, lo), min(end, hi)
        if parts and start <= parts[-1][1]:
            parts[-1] = (parts[-1][0], max(parts[-1][1], end))
        elif start < end:
            parts.append((start, end))
    return parts
