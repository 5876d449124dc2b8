"""Whose words a loaded-language cue is: the writer's, or a speaker's words the writer quotes.

A cue inside quotation marks that an attribution credits to a speaker (Kemp's "it is possible", Milley's "draft",
Obama's paraphrased "we need ... our own country" when quoted) is the speaker's, not the writer's: counting it as
the writer's would describe an outlet's sources as its style. Only the words between the marks are the
speaker's; the writer's frame around them ("Col. Kemp concluded that the incident ...") and any quotation no
attribution credits (the writer's own scare quotes) stay the writer's.

The quotation marks are those of :func:`mediabias.sources.quotes.quote_spans` (paired per paragraph); a quotation
is credited when it overlaps the content span of an attribution of the same article (``content_start``,
``content_end`` of :func:`mediabias.sources.attributions`).
"""

from __future__ import annotations

from bisect import bisect_right

from mediabias.runtime.text import merge_spans
from mediabias.sources.quotes import quote_spans


def speech_spans(text: str, contents) -> list[tuple[int, int]]:
    """The quotations of ``text`` (marks included) that overlap one of the ``(start, end)`` attribution contents,
    sorted and disjoint.

    >>> text = 'He called it a “draft” and a “mistake”. A “pause” followed.'
    >>> speech_spans(text, [(10, 39)])
    [(15, 22), (29, 38)]
    >>> speech_spans(text, [])
    []
    """
    spans = merge_spans(contents)
    starts = [s for s, _ in spans]
    out = []
    for q in quote_spans(text):
        # merged contents are disjoint: only the last one starting before the quotation ends can overlap it
        k = bisect_right(starts, q.end - 1) - 1
        if k >= 0 and spans[k][1] > q.start:
            out.append((q.start, q.end))
    return merge_spans(out)  # a quotation left open at a paragraph end may overlap the next one


def covered(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """How many characters of ``[start, end)`` the sorted, disjoint ``spans`` cover.

    >>> covered([(15, 22), (29, 38)], 0, 30)
    8
    """
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans if s < end and e > start)


def inside(spans: list[tuple[int, int]], pos: int, starts: list[int] | None = None) -> bool:
    """Whether offset ``pos`` falls in one of the sorted, disjoint ``spans`` (``starts``: their starts, when the
    caller asks about many offsets of the same spans).

    >>> inside([(15, 22)], 16), inside([(15, 22)], 22)
    (True, False)
    """
    k = bisect_right(starts if starts is not None else [s for s, _ in spans], pos) - 1
    return k >= 0 and pos < spans[k][1]
