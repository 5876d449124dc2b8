"""The per-sentence loaded-language table of a corpus: the cue counts of :mod:`mediabias.language.cues` beside the
probability of the shipped model of :mod:`mediabias.language.model`."""

from __future__ import annotations

import pandas as pd

from mediabias.corpus.segment import segmented
from mediabias.language import model as loaded_model
from mediabias.language.cues import loaded_language, loaded_language_spans


def loaded_language_table(corpus, *, spans: bool = False) -> pd.DataFrame:
    """Loaded-language cues for every sentence of a corpus.

    Args:
        corpus: a :class:`mediabias.corpus.Corpus`.
        spans: return one row per cue match instead of one row per sentence.

    Returns:
        Per sentence: ``article_id, segment_id, paragraph, sentence, outlet, voice, origin_outlet, start, end,
        text`` then the :func:`loaded_language` columns (without ``sentence_index``), then ``p_loaded`` (the
        probability of loaded language under :mod:`mediabias.language.model`) and ``loaded`` (``p_loaded`` at or
        above the model's threshold). With ``spans=True``: the
        segment columns then ``cue, start, end, text`` where ``start``/``end`` index the article's plain text.
    """
    seg = segmented(corpus).segments
    cols = ["article_id", "segment_id", "paragraph", "sentence", "outlet", "voice", "origin_outlet",
            "start", "end", "text"]
    sents = seg.loc[seg["level"] == "sentence", cols].sort_values(["article_id", "start"]).reset_index(drop=True)
    if spans:
        sp = loaded_language_spans(sents["text"].tolist())
        base = sents.drop(columns=["end", "text"]).rename(columns={"start": "sentence_start"})
        out = base.join(sp.set_index("sentence_index"), how="inner")
        out["start"] = out["sentence_start"] + out["start"]
        out["end"] = out["sentence_start"] + out["end"]
        return out.drop(columns="sentence_start").reset_index(drop=True)
    texts = sents["text"].tolist()
    scored = loaded_language(texts).drop(columns="sentence_index")
    scored["p_loaded"] = loaded_model.probability(texts)
    scored["loaded"] = loaded_model.is_loaded(scored["p_loaded"])
    return pd.concat([sents, scored], axis=1)
