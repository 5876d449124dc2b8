"""Readability per article and voice, with textstat (Flesch reading ease, Flesch-Kincaid grade).

We use textstat rather than textdescriptives (they disagree by ~18 points of Flesch on one seed because
they count syllables differently); textstat's syllables come from the CMU Pronouncing Dictionary, which
``make`` installs where NLTK looks (``scripts/install_cmudict.py``) so nothing is downloaded at run time.
Scores on a few hundred words are rough: a difference of a few points means little.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["article_id", "outlet", "voice", "speaking_outlet", "n_words", "n_sentences",
           "flesch_reading_ease", "flesch_kincaid_grade", "words_per_sentence"]


def _textstat():
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
    except LookupError as exc:  # textstat would try to download it
        raise RuntimeError(
            "The CMU Pronouncing Dictionary is not installed for NLTK; run `make setup` "
            "(or `python scripts/install_cmudict.py`) once. Nothing is downloaded at run time."
        ) from exc
    import textstat

    return textstat


def readability(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, voice, speaking outlet) with readability scores.

    Takes the sentence rows of a segments table and scores the concatenated sentences.
    Columns: article_id, outlet, voice, speaking_outlet, n_words, n_sentences, flesch_reading_ease,
    flesch_kincaid_grade, words_per_sentence.
    """
    ts = _textstat()
    sents = segments[segments["level"] == "sentence"]
    rows = []
    for (aid, outlet, voice, speaking), g in sents.groupby(["article_id", "outlet", "voice", "speaking_outlet"], sort=True):
        text = " ".join(g["text"])
        rows.append({"article_id": aid, "outlet": outlet, "voice": voice, "speaking_outlet": speaking,
                     "n_words": int(g["n_words"].sum()), "n_sentences": len(g),
                     "flesch_reading_ease": round(float(ts.flesch_reading_ease(text)), 2),
                     "flesch_kincaid_grade": round(float(ts.flesch_kincaid_grade(text)), 2),
                     "words_per_sentence": round(g["n_words"].sum() / len(g), 2)})
    return pd.DataFrame(rows, columns=COLUMNS)
