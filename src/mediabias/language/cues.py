"""Loaded-language cues per sentence: the lexical and structural markers of biased or opinionated prose.

Lexical cue classes (``resources/loaded_language.yaml``, lists written for this project after Recasens et al.
2013, Hyland 2005, Hooper 1975, Kiparsky & Kiparsky 1970, Karttunen 1971 and Wiebe et al. 2005):
``hedge``, ``booster``, ``factive``, ``assertive``, ``implicative``, ``intensifier``, ``first_person``.
Structural cues, found by rules in this module:

* ``scare_quote``: a short double-quoted fragment (at most 3 words, not ending in sentence punctuation) in a
  longer sentence, e.g. calling it a “draft”. It also catches quoted single words from a speaker.
* ``rhetorical_question``: a question mark outside quotation marks (in news prose, the author's own questions).
* ``exclamation``: an exclamation mark outside quotation marks.
* ``sarcasm``: surface irony markers (``Smart power, indeed.``, a bare ``Really?``, ``so much for``).

The sentence ``score`` is the number of distinct cue classes present (0-11), and ``any_cue`` is
``score >= LOADED_MIN`` (1: any cue). Both are fixed rules with nothing fitted: the transparent lexicon baseline
that ``evaluation/loaded_language.py`` scores on MBIC, and the highlights a reader sees. Whether a sentence is
*loaded* is decided by the validated model of :mod:`mediabias.language.model`, which uses these counts among its
features; :func:`mediabias.language.table.loaded_language_table` gives both.

Example:
    >>> df = loaded_language(["Smart power, indeed."])
    >>> int(df.loc[0, "sarcasm"]), bool(df.loc[0, "any_cue"])
    (1, True)
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import pandas as pd
import yaml

from mediabias.corpus.words import count_words
from mediabias.runtime.text import check_texts

LEXICAL = ("hedge", "booster", "factive", "assertive", "implicative", "intensifier", "first_person")
STRUCTURAL = ("scare_quote", "rhetorical_question", "exclamation", "sarcasm")
CUES = LEXICAL + STRUCTURAL
LOADED_MIN = 1
_QUOTE = re.compile(r"[“\"]([^“”\"\n]{1,80}?)[”\"]")


def _term_regex(term: str) -> str:
    body = re.escape(term.lower()).replace(r"\*", r"\w*").replace(r"\ ", r"\s+").replace("'", "['’]")
    return rf"(?<![\w-]){body}(?![\w-])" if not term.endswith("*") else rf"(?<![\w-]){body}"


@functools.lru_cache(maxsize=1)
def load_lexicons() -> dict:
    """The cue lexicons: ``{class: {"source", "description", "terms", "regex"}}`` plus ``"_patterns"``."""
    text = resources.files("mediabias.resources").joinpath("loaded_language.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    out = {}
    for name, spec in data["lexicons"].items():
        terms = sorted({str(t) for t in spec["terms"]}, key=lambda t: (-len(t), t))
        out[name] = {**spec, "regex": re.compile("|".join(_term_regex(t) for t in terms), re.IGNORECASE),
                     "not": [re.compile(p) for p in spec.get("not", [])]}
    pats = data["patterns"]
    out["_patterns"] = {
        "scare_quote_max_words": int(pats["scare_quote_max_words"]),
        "sarcasm": re.compile("|".join(f"(?:{p})" for p in pats["sarcasm"]), re.IGNORECASE | re.MULTILINE),
    }
    return out


def _outside_quotes(text: str, pos: int) -> bool:
    """True when ``pos`` is not inside a double-quoted stretch (curly or straight) of ``text``."""
    before = text[:pos]
    curly = before.count("“") - before.count("”")
    straight = before.count('"') % 2
    return curly <= 0 and straight == 0


def cue_spans(sentence: str) -> list[tuple[str, int, int, str]]:
    """All cue matches in one sentence as ``(cue, start, end, text)``, sorted by position then cue."""
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a string, not {type(sentence).__name__}")
    return list(_cue_spans(sentence))


@functools.lru_cache(maxsize=20_000)
def _cue_spans(sentence: str) -> tuple[tuple[str, int, int, str], ...]:
    """:func:`cue_spans`, kept per distinct sentence (the loaded-language table and its spans read the same)."""
    lex = load_lexicons()
    spans = []
    for name in LEXICAL:
        spans += [(name, m.start(), m.end(), m.group(0)) for m in lex[name]["regex"].finditer(sentence)
                  if not any(p.match(sentence, m.start()) for p in lex[name]["not"])]
    n_sentence_words = count_words(sentence)
    for m in _QUOTE.finditer(sentence):
        inner = m.group(1).strip()
        words = count_words(inner)
        if (0 < words <= lex["_patterns"]["scare_quote_max_words"] and words < n_sentence_words - 1
                and not re.search(r"[.?!,;:…]$", inner)):
            spans.append(("scare_quote", m.start(), m.end(), m.group(0)))
    for m in re.finditer(r"\?+", sentence):
        if _outside_quotes(sentence, m.start()):
            spans.append(("rhetorical_question", m.start(), m.end(), m.group(0)))
    for m in re.finditer(r"!+", sentence):
        if _outside_quotes(sentence, m.start()):
            spans.append(("exclamation", m.start(), m.end(), m.group(0)))
    spans += [("sarcasm", m.start(), m.end(), m.group(0)) for m in lex["_patterns"]["sarcasm"].finditer(sentence)]
    return tuple(sorted(spans, key=lambda s: (s[1], CUES.index(s[0]), s[2])))


def loaded_language(sentences) -> pd.DataFrame:
    """Loaded-language cues of each sentence.

    Args:
        sentences: list of sentence strings.

    Returns:
        One row per sentence: ``sentence_index``, ``n_words``, one count column per cue class in :data:`CUES`,
        ``n_cues`` (all matches), ``score`` (distinct cue classes present), ``any_cue`` (``score >= 1``),
        ``matches`` (``"cue:text"`` items, ``"; "``-joined, in text order).
    """
    sentences = check_texts(sentences, what="sentences")
    rows = []
    for i, s in enumerate(sentences):
        spans = cue_spans(s)
        counts = {c: 0 for c in CUES}
        for cue, *_ in spans:
            counts[cue] += 1
        score = sum(1 for v in counts.values() if v)
        rows.append({"sentence_index": i, "n_words": count_words(s), **counts, "n_cues": len(spans),
                     "score": score, "any_cue": score >= LOADED_MIN,
                     "matches": "; ".join(f"{c}:{t}" for c, _, _, t in spans)})
    cols = ["sentence_index", "n_words", *CUES, "n_cues", "score", "any_cue", "matches"]
    return pd.DataFrame(rows, columns=cols)


def loaded_language_spans(sentences) -> pd.DataFrame:
    """One row per cue match: ``sentence_index``, ``cue``, ``start``, ``end`` (offsets in the sentence), ``text``."""
    sentences = check_texts(sentences, what="sentences")
    rows = [(i, *span) for i, s in enumerate(sentences) for span in cue_spans(s)]
    return pd.DataFrame(rows, columns=["sentence_index", "cue", "start", "end", "text"])
