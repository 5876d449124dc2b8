"""Transcript turns (a pass of :mod:`mediabias.sources`): ``AMY GOODMAN: And what do the elections mean?``.

Broadcast transcripts, and the outlets that print them (Democracy Now, NPR, Media Matters, CNN), give each turn as a
paragraph opening with the speaker's name in upper case and a colon, with no quotation marks and no reporting
verb, so the other passes read the words as the author's own. A turn becomes an attribution whose source is the
label, whose cue is the colon (cue lemma :data:`TURN`) and whose content is the rest of the paragraph. Which
labels count is :func:`is_speaker_label` and data (``resources/transcript_labels.yaml``): page furniture ("FILE
PHOTO:", "UPDATE:") and headings ("FIX IS IN:") are not speakers.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from importlib import resources

import yaml

from mediabias.sources.quotes import paragraph_spans
from mediabias.sources.relations import Attribution
from mediabias.sources.syntax import text_of

#: The cue lemma of a transcript turn (its cue is the label's colon).
TURN = "transcript turn"
_WORD = r"[A-Z][A-Z.'’-]*"
LABEL = re.compile(rf"(?P<label>{_WORD}(?: {_WORD}){{0,4}})(?: \((?P<role>[^()\n]{{1,60}})\))?(?P<colon>:)[ \t]+(?=\S)")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    data = yaml.safe_load(resources.files("mediabias.resources").joinpath("transcript_labels.yaml").read_text("utf-8"))
    return {**data, "not_speakers": frozenset(data["not_speakers"])}


def is_speaker_label(label: str, content: str, *, recurs: bool = False, role: bool = False) -> bool:
    """Whether an upper-case ``label`` before a colon names a speaker, given the words after the colon.

    Args:
        recurs: the same label opens another paragraph of the text (a transcript's speakers take turns).
        role: the label carries a parenthetical role (``STEVE DOOCY (co-host):``).

    A label that recurs or carries a role is a speaker; otherwise it must look like a full name: two or more
    words, none of them common (``AMY GOODMAN``, not ``FIX IS IN`` or ``STAT OF THE WEEK``). A single word alone
    ("HUFFPOLLSTER:", "TRUMP:") is too often a heading to be taken for a surname.
    """
    from wordfreq import zipf_frequency  # deferred: its word lists load on first use

    r = rules()
    words = label.split()
    if label in r["not_speakers"] or len(content.split()) < r["min_content_words"] or content.isupper():
        return False
    if not any(sum(c.isalpha() for c in w) >= 2 for w in words):
        return False  # "Q:", "A.:"
    if recurs or role:
        return True
    return len(words) >= 2 and max(zipf_frequency(w.lower(), "en") for w in words) < r["common_word_zipf"]


def turns(doc) -> list[Attribution]:
    """Every transcript turn of a parsed text, in text order (spans index :func:`text_of` ``doc``)."""
    text = text_of(doc)
    found = []
    for start, end in paragraph_spans(text):
        m = LABEL.match(text, start)
        if m is not None and m.end() < end:
            found.append((m, start + len(text[start:end].rstrip())))
    counts = Counter(m["label"] for m, _ in found)
    out = []
    for m, content_end in found:
        if not is_speaker_label(m["label"], text[m.end():content_end], recurs=counts[m["label"]] >= 2,
                                role=m["role"] is not None):
            continue
        label = doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
        if label is None:
            continue
        tokens = list(label)
        out.append(Attribution(cue=(m.start("colon"), m.end("colon")), source=(m.start("label"), m.end("label")),
                               content=(m.end(), content_end), cue_lemma=TURN, source_tokens=tokens,
                               head=tokens[-1]))
    return out


def without_inline_colons(atts: list[Attribution]) -> list[Attribution]:
    """Drop the inline-colon readings (``X: words``, cue lemma ``:``) of the colons that open transcript turns:
    the turn already gives the whole paragraph to its speaker."""
    colons = {a.cue for a in atts if a.cue_lemma == TURN}
    return [a for a in atts if a.cue_lemma == TURN or a.cue not in colons]


def speaker_name(label: str) -> str:
    """The label as a name: ``AMY GOODMAN`` → ``Amy Goodman``, ``O'REILLY`` → ``O'Reilly``."""
    return re.sub(r"[A-Za-z]+", lambda m: m[0].capitalize(), label.lower()) if label.isupper() else label
