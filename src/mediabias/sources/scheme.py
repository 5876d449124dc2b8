"""The reader's scheme of attribution, applied on top of the PolNeAR-style relations the extractor finds.

PolNeAR (the benchmark the extractor is scored on) annotates relations a reader does not take for sourcing, and
never annotates one attribution nested in another's content. The corpus tables follow the reader (the hand
reading of ``corpus/readings``): :func:`reader_exclusions` names, for each row, why it is not an attribution in
that scheme (rules and word lists in ``resources/attribution_kinds.yaml``, ``reader_scheme``), and
:mod:`mediabias.sources.relations` keeps nested attributions when asked. ``mediabias evaluate attribution``
scores the PolNeAR scheme, so the benchmark measures the extractor on its own definition.

>>> reader_rules()["act_lemmas"] >= {"refuse", "oppose"}
True
"""

from __future__ import annotations

import functools
from importlib import resources

import pandas as pd
import yaml

from mediabias.sources import lexicon

SCHEMES = ("reader", "polnear")


@functools.lru_cache(maxsize=1)
def reader_rules() -> dict:
    """``reader_scheme`` of ``resources/attribution_kinds.yaml``, lists as sets."""
    raw = yaml.safe_load(resources.files("mediabias.resources").joinpath("attribution_kinds.yaml")
                         .read_text(encoding="utf-8"))["reader_scheme"]
    return {k: frozenset(str(w).lower() for w in v) for k, v in raw.items()}


def _cue_token(doc, row):
    if pd.isna(row.cue_start):
        return None
    span = doc.char_span(int(row.cue_start), int(row.cue_end), alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX", "NOUN")]
    return verbs[0] if verbs else span[0]


def _speech_lemmas() -> frozenset:
    verbs = lexicon.reporting_verbs()
    return frozenset(verbs.loc[verbs["category"].isin(["speech", "writing"]), "verb"])


def exclusion(row, tok, rules: dict) -> str | None:
    """Why one attribution row is not an attribution for a reader (``None`` when it is one)."""
    lemma = row.cue_lemma if isinstance(row.cue_lemma, str) else ""
    if tok is None:
        return None
    clause = any(c.dep_ == "ccomp" for c in tok.children) or row.kind in ("direct", "mixed")
    if row.kind_reason == "raising verb":
        governed = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
        if not any(c.lemma_.lower() in lexicon.reporting_verbs().index for c in governed):
            return "raising verb: the writer's own inference, no source"
    if lemma in rules["act_lemmas"] and not clause:
        governed = [c for c in tok.children if c.dep_ == "xcomp"]
        if not any(c.lemma_.lower() in _speech_lemmas() for c in governed):
            return "act or stance with no words or view credited"
    if lemma in rules["learning_lemmas"] and not clause and any(
            c.dep_ in ("prep", "prt") and c.lower_ in rules["learning_prepositions"]
            for c in list(tok.children) + [g for c in tok.children if c.dep_ == "prt" for g in c.children]):
        return "learning event, nothing reported"
    if any(c.dep_ == "mark" and c.lower_ in rules["question_marks"] for c in tok.children):
        return "embedded question, nothing asserted"
    nouns = lexicon.reporting_nouns()
    if tok.pos_ == "NOUN" and pd.isna(row.source_start) and lemma in nouns.index \
            and nouns.loc[lemma, "category"] in rules["sourceless_noun_categories"]:
        return "mental-state noun with no holder"
    return None


def reader_exclusions(table: pd.DataFrame, doc) -> pd.Series:
    """For each row of one text's attribution table (with kinds), the reason it is not an attribution in the
    reader's scheme, else ``None``.

    Example:
        >>> t = extract_attributions("Others have deeply opposed any American troop presence.")  # doctest: +SKIP
        >>> reader_exclusions(t, doc).tolist()  # doctest: +SKIP
        ['act or stance with no words or view credited']
    """
    rules = reader_rules()
    return pd.Series([exclusion(row, _cue_token(doc, row), rules) for row in table.itertuples()],
                     index=table.index, dtype=object)
