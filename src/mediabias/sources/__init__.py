"""Attributed sources: who is credited with what, through which cue, in a news text.

Rules over the spaCy dependency parse (paragraph breaks are sentence breaks), in three passes:

1. **Quotation marks** are paired per paragraph (curly, straight and ``''``, unbalanced or mistyped marks
   tolerated; apostrophes never count). A quote left open at a paragraph end closes there; a paragraph that
   opens a new quote with no cue of its own continues the previous speaker (a row with no source or cue).
2. **Cues**: reporting verbs from ``resources/reporting_verbs.csv`` outside quotation marks, with their
   subject (or passive agent) as the source and their clause, object or adjacent quotation as the content;
   nominal cues from ``resources/reporting_nouns.csv`` (``Trump's claim that ...``; with no source for nouns
   marked ``bare``: ``reports that ...``); ``according to X``;
   ``per X``; colon introductions (``House Armed Services Chairman Buck McKeon:`` before a quotation) and
   inline colons (``Matthews: Well, ...``); transcript turns, a paragraph opening with an upper-case speaker
   label (``AMY GOODMAN: ...``, ``STEVE DOOCY (co-host): ...``; :mod:`~mediabias.sources.transcripts`). Verbs
   outside the lexicon count when a person or organisation is their subject and they take a *that*-clause. An
   attribution whose cue sits inside another's content is dropped (the outer source is the one the article
   credits).
3. **Speakers** (:func:`mediabias.sources.speakers.resolve`): pronouns and short names resolved to one canonical
   name per article, typed with the source-type codebook, named or not, affiliation.

Validated on PolNeAR (``mediabias evaluate attribution``; results in ``evaluation/attribution.md``).

Layout (every name below is importable from ``mediabias.sources``):

* :mod:`~mediabias.sources.quotes`: quotation-mark pairing (pass 1);
* :mod:`~mediabias.sources.syntax`: parsing and helpers over the spaCy parse;
* :mod:`~mediabias.sources.cues`: cue matching (pass 2: verbs, nouns, ``according to``, ``per``, colons);
* :mod:`~mediabias.sources.relations`: relation assembly (quotations linked to cues, nesting, kind);
* :mod:`~mediabias.sources.transcripts`: transcript turns (pass 2; labels in ``resources/transcript_labels.yaml``);
* :mod:`~mediabias.sources.lexicon`: the reporting-verb and -noun lexicons, the source-type codebook, shared word lists;
* :mod:`~mediabias.sources.speakers`: who is speaking (pass 3);
* :mod:`~mediabias.sources.kinds`: attribution kinds (speech | position | conjecture), negation and modality
  of the cue (rules in ``resources/attribution_kinds.yaml``); source measures count speech and position only;
* :mod:`~mediabias.sources.scheme`: the reader's scheme the corpus tables use, beside PolNeAR's the benchmark scores;
* :mod:`~mediabias.sources.reading`, :mod:`~mediabias.sources.reading_match`: the hand reading of a corpus
  (``corpus/readings``) and the attribution table scored against it;
* :mod:`~mediabias.sources.table`: the tables (:func:`extract_attributions`, :func:`attributions`).

The notebook views over them (rates, highlighted passages) are in :mod:`mediabias.views.sources`.

>>> table = extract_attributions('"It was a mistake," Milley said.')  # doctest: +SKIP
>>> table[["speaker", "cue_text", "content_text", "kind"]].values.tolist()  # doctest: +SKIP
[['Milley', 'said', '"It was a mistake,"', 'direct']]
"""

from __future__ import annotations

from mediabias.sources.kinds import KIND_COLUMNS, SOURCING_KINDS, classify, cue_modifiers, sourcing
from mediabias.sources.cues import ADDRESSEE_VERBS, CUE_PREPOSITIONS, NOT_CUES
from mediabias.sources.quotes import BOTH_QUOTES, CLOSE_QUOTES, OPEN_QUOTES, Quote, paragraph_spans, quote_spans
from mediabias.sources.relations import Attribution
from mediabias.sources.syntax import CLIMB_DEPS, OBJECT_TAIL_DEPS, SUBJECT_DEPS, TRAILING_MARKS, parse
from mediabias.sources.table import (
    COLUMNS, CORPUS_COLUMNS, attributions, extract_attributions, unify_story_speakers,
)


__all__ = [
    "ADDRESSEE_VERBS", "BOTH_QUOTES", "KIND_COLUMNS", "SOURCING_KINDS", "classify", "cue_modifiers", "sourcing", "CLIMB_DEPS", "CLOSE_QUOTES", "COLUMNS", "CORPUS_COLUMNS", "CUE_PREPOSITIONS",
    "NOT_CUES", "OBJECT_TAIL_DEPS", "OPEN_QUOTES", "SUBJECT_DEPS", "TRAILING_MARKS", "Attribution", "Quote",
    "attributions", "extract_attributions", "paragraph_spans", "parse", "quote_spans", "unify_story_speakers",
]
