"""Irony and sarcasm flags: where a positive reading of an actor sits in a sentence that may mean the opposite.

A sentiment model trained on straight news cannot read sarcasm. This module does not try to correct the
scores; it finds the sentences that carry irony markers (``resources/irony_markers.yaml``: phrases such as
"of course", "indeed", "framed it as", scare quotes, rhetorical questions) and flags the cells (outlet/voice
× actor, or outlet) whose positive readings rest on such sentences, with the reason, so that notebooks
show them as unreliable and never as a "largest difference".

Belongs in the ``sentiment/`` room (it reads :func:`mediabias.sentiment.actor_sentiment` rows).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import pandas as pd
import yaml

from mediabias.sources.quotes import quote_spans

#: Columns :func:`mark_irony` adds to actor-sentiment rows.
IRONY_COLUMNS = {
    "irony_markers": "the irony markers of the mention's sentence, '; '-joined ('' when none)",
    "ironic_positive": "True when the model reads the mention positive inside a marked sentence",
}

#: Columns of :func:`flag_cells` beyond the grouping columns.
FLAG_COLUMNS = ["n", "n_positive", "n_ironic_positive", "flagged", "flag_reason"]


@functools.lru_cache(maxsize=1)
def markers() -> dict:
    """The marker lists of ``resources/irony_markers.yaml``."""
    raw = yaml.safe_load(resources.files("mediabias.resources").joinpath("irony_markers.yaml")
                         .read_text(encoding="utf-8"))
    phrases = [str(p).lower() for p in raw["phrases"]]
    raw["pattern"] = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.I)
    return raw


def sentence_markers(sentence: str, *, previous: str | None = None) -> list[str]:
    """The irony markers found in one sentence (``previous``: the sentence before it in its paragraph).

    >>> sentence_markers("Smart power, indeed.")
    ['phrase “smart power”', 'phrase “indeed”']
    >>> sentence_markers("As part of his “mission accomplished” speech, Obama insisted ...", previous="Really?")
    ['phrase “mission accomplished”', 'scare quotes “mission accomplished”', 'after the rhetorical question “Really?”']
    """
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a string, got {type(sentence).__name__}")
    m = markers()
    found = [f"phrase “{hit.group(1).lower()}”" for hit in m["pattern"].finditer(sentence)]
    found = list(dict.fromkeys(found))
    for q in quote_spans(sentence):
        inner = sentence[q.start:q.end].strip("\"“”'‘’ ")
        n_words = len(inner.split())
        if 0 < n_words <= m["scare_quote_max_words"] and (q.end - q.start) < len(sentence.strip()) - 2:
            found.append(f"scare quotes “{inner}”")
    if sentence.rstrip().endswith("?"):
        found.append("rhetorical question")
    if previous and previous.rstrip().endswith("?") and len(previous.split()) <= m["rhetorical_question_max_words"]:
        found.append(f"after the rhetorical question “{previous.strip()}”")
    return found


def mark_irony(mentions: pd.DataFrame, segments: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add :data:`IRONY_COLUMNS` to :func:`~mediabias.sentiment.actor_sentiment` rows.

    Args:
        mentions: rows with ``sentence`` and ``label`` (and ``segment_id`` to find the previous sentence).
        segments: ``Corpus.segments`` (sentence rows give each sentence's predecessor in its paragraph).

    Returns:
        A copy of ``mentions`` with the two columns appended.
    """
    missing = {"sentence", "label"} - set(mentions.columns)
    if missing:
        raise ValueError(f"mentions lack column(s) {sorted(missing)}")
    previous: dict[str, str] = {}
    if segments is not None and "segment_id" in mentions.columns:
        sents = segments[segments["level"] == "sentence"].sort_values(["article_id", "start"])
        for _, g in sents.groupby(["article_id", "paragraph"], sort=False):
            ids, texts = g["segment_id"].tolist(), g["text"].tolist()
            previous.update(zip(ids[1:], texts[:-1]))
    out = mentions.copy()
    seg_ids = out["segment_id"] if "segment_id" in out.columns else pd.Series([None] * len(out), index=out.index)
    found = [sentence_markers(s, previous=previous.get(sid)) for s, sid in zip(out["sentence"], seg_ids)]
    out["irony_markers"] = ["; ".join(f) for f in found]
    out["ironic_positive"] = [bool(f) and lab == "positive" for f, lab in zip(found, out["label"])]
    return out


def flag_cells(mentions: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Per group: whether its sentiment is unreliable because positive readings sit in ironic sentences.

    Args:
        mentions: :func:`mark_irony` output.
        by: grouping columns, e.g. ``["voice", "speaking_outlet", "actor"]``.

    Returns:
        ``*by, n, n_positive, n_ironic_positive, flagged, flag_reason`` (one row per group, sorted by ``by``).
        ``flag_reason`` names the rule and lists up to three marked sentences' markers.
    """
    if "ironic_positive" not in mentions.columns:
        raise ValueError("mentions lack 'ironic_positive': run mark_irony first")
    rule = markers()["flag"]
    rows = []
    for key, g in mentions.groupby(by, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        n, n_pos, n_iro = len(g), int((g["label"] == "positive").sum()), int(g["ironic_positive"].sum())
        flagged = n_iro >= rule["min_ironic_positive"] and n_iro >= rule["min_share"] * n
        reason = ""
        if flagged:
            examples = list(dict.fromkeys(m for ms in g.loc[g["ironic_positive"], "irony_markers"]
                                          for m in ms.split("; ")))[:3]
            reason = (f"{n_iro} of {n} mentions read positive inside sentences with irony markers "
                      f"({', '.join(examples)}): the model cannot read sarcasm, so the sign is unreliable")
        rows.append({**dict(zip(by, key)), "n": n, "n_positive": n_pos, "n_ironic_positive": n_iro,
                     "flagged": flagged, "flag_reason": reason})
    out = pd.DataFrame(rows, columns=[*by, *FLAG_COLUMNS])
    out["flagged"] = out["flagged"].astype(bool)  # also when empty: a boolean mask, never a list of labels
    return out


def flag_outlets(mentions: pd.DataFrame, *, outlet: str = "speaking_outlet") -> pd.DataFrame:
    """Outlet-level flags for sentiment measures over an outlet's own words: an outlet is flagged when any of
    its (voice × actor) cells is (:func:`flag_cells`), since its mean then rests on readings whose sign is
    unreliable.

    Args:
        mentions: :func:`mark_irony` output (quoted mentions are left out: they are not the outlet's words).
        outlet: the outlet column (``speaking_outlet``: whose words).

    Returns:
        ``outlet, flagged, flag_reason`` (the reason names each flagged actor cell).
    """
    own = mentions[mentions["voice"] != "quoted"] if "voice" in mentions.columns else mentions
    cells = flag_cells(own, [outlet, "voice", "actor"]) if len(own) else pd.DataFrame(
        columns=[outlet, "voice", "actor", *FLAG_COLUMNS])
    rows = []
    for name, g in cells.groupby(outlet, sort=True):
        bad = g[g["flagged"]]
        reason = "; ".join(f"{r.voice} voice toward {r.actor}: {r.flag_reason}" for r in bad.itertuples())
        rows.append({"outlet": name, "flagged": bool(len(bad)), "flag_reason": reason})
    out = pd.DataFrame(rows, columns=["outlet", "flagged", "flag_reason"])
    out["flagged"] = out["flagged"].astype(bool)
    return out
