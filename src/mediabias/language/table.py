"""The per-sentence loaded-language table of a corpus: the cue counts of :mod:`mediabias.language.cues` beside the
probability of the shipped model of :mod:`mediabias.language.model`, with whose words each cue is
(:mod:`mediabias.language.speech`)."""

from __future__ import annotations

from bisect import bisect_right

import pandas as pd

from mediabias.corpus.segment import segmented
from mediabias.corpus.words import count_words
from mediabias.language import model as loaded_model
from mediabias.language.cues import CUES, LOADED_MIN, loaded_language, loaded_language_spans
from mediabias.language.speech import covered, inside, speech_spans
from mediabias.runtime.text import merge_spans

#: A sentence this share of whose characters (or more) is quoted speech is the speaker's (voice ``quoted``).
QUOTED_MIN = 0.5


def _speech(corpus, attributions) -> tuple[dict, dict]:
    """Per article, its quotations credited to a speaker, and its attribution contents merged (article offsets)."""
    if attributions is None:
        from mediabias.sources import attributions as corpus_attributions
        attributions = corpus_attributions(corpus)
    columns = {"article_id", "content_start", "content_end"}
    credited = (attributions.dropna(subset=["content_start", "content_end"]) if columns <= set(attributions.columns)
                else pd.DataFrame(columns=sorted(columns)))  # an article or corpus where nobody is quoted
    contents = {aid: merge_spans(zip(g["content_start"].astype(int), g["content_end"].astype(int)))
                for aid, g in credited.groupby("article_id")}
    speech = {a.article_id: speech_spans(a.text, contents.get(a.article_id, []))
              for a in corpus.articles.itertuples(index=False)}
    return speech, contents


def _credited(cues: pd.DataFrame, speech: dict, contents: dict) -> list[bool]:
    """Per cue (``article_id``, ``cue``, ``start``): whether it is a speaker's: inside quoted speech, or, for a
    first-person cue, anywhere in what an attribution reports ("Obama insisted that we need to ...": the "we" is
    Obama's, quoted or not)."""
    starts = {a: ([s for s, _ in speech.get(a, [])], [s for s, _ in contents.get(a, [])]) for a in set(cues["article_id"])}
    return [inside(speech.get(a, []), pos, starts[a][0])
            or (cue == "first_person" and inside(contents.get(a, []), pos, starts[a][1]))
            for a, cue, pos in zip(cues["article_id"], cues["cue"], cues["start"])]


def loaded_language_table(corpus, *, spans: bool = False, attributions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Loaded-language cues for every sentence of a corpus, each cue credited to the writer or a quoted speaker.

    Args:
        corpus: a :class:`mediabias.corpus.Corpus`.
        spans: return one row per cue match instead of one row per sentence.
        attributions: the corpus's attribution table (``article_id, content_start, content_end``); default:
            :func:`mediabias.sources.attributions` of ``corpus``.

    Returns:
        Per sentence: ``article_id, segment_id, paragraph, sentence, outlet, voice, origin_outlet, start, end,
        text``, ``segment_voice`` (author | excerpt, from the markup), ``quoted_share`` (the share of its characters
        inside quotations credited to a speaker), ``n_words`` and ``n_words_quoted``, then one count column per cue
        class, ``n_cues``, ``score``, ``any_cue`` and ``matches`` over the cues of the sentence's voice,
        ``n_cues_quoted`` and ``quoted_matches`` for the cues set apart as a speaker's, ``p_loaded`` (the
        probability of loaded language of the whole sentence under :mod:`mediabias.language.model`) and ``loaded``.
        ``voice`` is ``quoted`` when ``quoted_share`` is at least :data:`QUOTED_MIN` (every cue of the sentence
        then counts there), else the segment's voice, whose cues leave out those in quoted speech and first-person
        cues in reported content (:func:`_credited`); ``n_words_quoted`` counts the words not the voice's.
        With ``spans=True``: the segment columns then ``cue, start, end, text, quoted`` where ``start``/``end``
        index the article's plain text and ``quoted`` says the cue is a speaker's, not the writer's.
    """
    seg = segmented(corpus).segments
    cols = ["article_id", "segment_id", "paragraph", "sentence", "outlet", "voice", "origin_outlet",
            "start", "end", "text"]
    sents = seg.loc[seg["level"] == "sentence", cols].sort_values(["article_id", "start"]).reset_index(drop=True)
    speech, contents = _speech(corpus, attributions)
    parts = _parts(sents, speech)
    share = _quoted_share(sents, parts)
    found = _cue_rows(sents, speech, contents)
    # cues of a sentence that is mostly quoted (plain numpy: the store hands nullable dtypes back, and a chunk can
    # have no cue at all)
    speakers = share.reindex(found.index).to_numpy(dtype=float, na_value=0.0) >= QUOTED_MIN
    if spans:  # every cue of a sentence that is mostly quoted speech is the speaker's
        found["quoted"] = found["quoted"] | speakers
        return found.drop(columns="sentence_start").reset_index(drop=True)
    # a sentence that is mostly quoted speech is the speaker's (voice quoted), every cue in it counted there; in
    # any other sentence the cues inside quoted speech are the speaker's and are set apart
    apart = found["quoted"].to_numpy(dtype=bool) & ~speakers
    scored = _counted(loaded_language(sents["text"].tolist()).drop(columns="sentence_index"), found[~apart],
                      found[apart])
    out = sents.assign(segment_voice=sents["voice"], quoted_share=share)
    out["voice"] = out["voice"].where(out["quoted_share"] < QUOTED_MIN, "quoted")
    words = [sum(count_words(t[s - a:e - a]) for s, e in p) for t, a, p in zip(sents["text"], sents["start"], parts)]
    out = pd.concat([out, scored], axis=1)
    # the speaker's words inside a sentence of the writer's (a quoted sentence's words are all the speaker's)
    out["n_words_quoted"] = pd.Series(words, index=out.index).clip(upper=out["n_words"]).where(
        out["voice"] != "quoted", out["n_words"])
    out["p_loaded"] = loaded_model.probability(sents["text"].tolist())
    out["loaded"] = loaded_model.is_loaded(out["p_loaded"])
    return out


def _cue_rows(sents: pd.DataFrame, speech: dict, contents: dict) -> pd.DataFrame:
    """One row per cue match, indexed by its sentence's row: the sentence's columns, ``cue``, ``start``/``end``
    (article offsets), ``text`` and ``quoted`` (:func:`_credited`)."""
    sp = loaded_language_spans(sents["text"].tolist())
    base = sents.drop(columns=["end", "text"]).rename(columns={"start": "sentence_start"})
    found = base.join(sp.set_index("sentence_index"), how="inner")
    found["start"] = found["sentence_start"] + found["start"]
    found["end"] = found["sentence_start"] + found["end"]
    found["quoted"] = pd.Series(_credited(found, speech, contents), index=found.index, dtype=bool)
    return found


def _counted(scored: pd.DataFrame, own: pd.DataFrame, apart: pd.DataFrame) -> pd.DataFrame:
    """``scored`` (:func:`loaded_language` of every sentence) with the cues ``apart`` (a speaker's, in a sentence of
    the writer's) taken out of its counts and listed in ``n_cues_quoted``/``quoted_matches``; ``matches`` lists
    the ``own`` ones."""
    minus = apart.groupby([apart.index, "cue"]).size().unstack(fill_value=0).reindex(
        index=scored.index, columns=list(CUES), fill_value=0)
    scored = scored.copy()
    scored[list(CUES)] = scored[list(CUES)] - minus
    scored["n_cues_quoted"] = minus.sum(axis=1)
    scored["n_cues"] = scored["n_cues"] - scored["n_cues_quoted"]
    scored["score"] = (scored[list(CUES)] > 0).sum(axis=1)
    scored["any_cue"] = scored["score"] >= LOADED_MIN
    scored["matches"] = _joined(own, scored.index)
    scored["quoted_matches"] = _joined(apart, scored.index)
    return scored


def _parts(sents: pd.DataFrame, speech: dict) -> list[list[tuple[int, int]]]:
    """Per sentence, the pieces of it inside quoted speech (article offsets). The spans of an article are sorted and
    disjoint, so each sentence looks only at those from the first ending after its start (near-linear in a long
    article's length)."""
    ends = {aid: [e for _, e in spans] for aid, spans in speech.items()}
    out = []
    for aid, a, b in zip(sents["article_id"], sents["start"], sents["end"]):
        spans, k, mine = speech.get(aid, []), bisect_right(ends.get(aid, []), a), []
        while k < len(spans) and spans[k][0] < b:
            mine.append((max(spans[k][0], a), min(spans[k][1], b)))
            k += 1
        out.append(mine)
    return out


def _quoted_share(sents: pd.DataFrame, parts: list) -> pd.Series:
    """Per sentence, the share of its characters inside quoted speech (``parts``: :func:`_parts`)."""
    chars = [covered(p, a, b) for p, a, b in zip(parts, sents["start"], sents["end"])]
    lengths = sents["text"].str.len().clip(lower=1).to_numpy(dtype=float)
    return pd.Series(chars, index=sents.index, dtype=float).div(lengths).round(6)


def _joined(found: pd.DataFrame, index) -> pd.Series:
    """``"cue:text"`` items per sentence (``found`` indexed by sentence), ``"; "``-joined in text order."""
    items = (found["cue"] + ":" + found["text"]).groupby(level=0).agg("; ".join)
    return items.reindex(index, fill_value="")
