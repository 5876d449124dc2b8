"""The writer's stance toward each actor, with who holds the sentiment and irony folded in: what readers are shown.

Three readings meet here, each computed by its own step (:mod:`mediabias.pipeline`):

* the stance reader (:mod:`mediabias.sentiment.stance`): P(negative / neutral / positive) of the writer toward
  an actor in each paragraph, other voices masked;
* who holds the sentiment (:mod:`mediabias.sentiment.holder`): in "X attacked Obama" the negativity toward Obama
  is X's; in "drew criticism from Democrats" the Democrats are the critics;
* irony (:mod:`mediabias.sentiment.sarcasm`): sentences whose words and intent may differ.

:func:`flag_paragraphs` decides, per (article, actor, paragraph), whether the paragraph is evidence of the
writer's own stance (``counts``) and why not; :func:`writer_stance` aggregates the paragraphs that count to one row
per (article, actor) with the shipped article model, and flags the row (``flag``) when the sign may be inverted
by irony. Rules, in order (each paragraph's ``why`` names the one that applied):

1. a paragraph that names the actor only inside another voice (quoted, excerpted) is not the writer's: it
   does not count (``n_mentions`` 0);
1b. a paragraph where the writer's own words, outside the masked spans and the actor's name, are fewer than
   :data:`MIN_OWN_WORDS` (``"[QUOTE]," Obama said``) does not count: the writer says nothing there but who spoke,
   and the reader, given almost nothing, still leans positive (+0.42 on such paragraphs of a HuffPost BASIL
   article whose author_feeling is neutral);
2. a paragraph where every author-voice mention of the actor sits in a sentence whose sentiment toward the actor
   is held by another entity, or where the actor is the one holding it ("drew criticism from Democrats"), each
   with P >= :data:`HOLDER_THRESHOLD`, does not count: that sentiment is someone else's;
3. a paragraph with an irony-flagged author-voice sentence counts, but the article row is flagged when such a
   paragraph reads positive (sarcasm turns praise into blame; the reverse is rare), so its sign is not shown as
   a finding;
4. a reading toward a country is marked outside what was measured (``outside``, :data:`COUNTRY`): the reader was
   trained and checked on persons (PerSenT) and on US parties, institutions and groups (BASIL's main entities),
   never on a country. The comparisons leave such rows out (:func:`mediabias.compare.measures.writer_rows`).
"""

from __future__ import annotations

import re

import pandas as pd

from mediabias.sentiment.stance import MASK_MARK, TARGET_MARK, article_stance

#: Columns :func:`flag_paragraphs` adds to the stance reader's paragraph table.
FLAG_COLUMNS = {
    "counts": "True when the paragraph is evidence of the writer's own stance toward the actor",
    "why": "why it does not count, or '' when it does",
    "irony": "the irony reasons of its author-voice sentences ('' when none is flagged)",
}

#: Columns of :func:`writer_stance`.
WRITER_COLUMNS = {
    "article_id": "the article", "actor": "the actor",
    "n_paragraphs": "paragraphs that count as evidence of the writer's stance",
    "n_set_aside": "paragraphs naming the actor that were set aside (another voice, or sentiment held by another)",
    "p_negative": "P(the writer is negative toward the actor)", "p_neutral": "P(neutral)",
    "p_positive": "P(positive)", "score": "p_positive - p_negative", "label": "the most probable class",
    "flag": "why the sign is unreliable ('' when it is not): irony in a paragraph that reads positive",
    "outside": "why the reading is outside what the reader was measured on ('' when inside): a country",
    "evidence": "'; '-joined segment ids of the paragraphs that count, most decided first",
}



#: The reason given for a paragraph set aside by the holder network. At :data:`HOLDER_THRESHOLD` its "held by"
#: readings were right 58% of the time on DSA sentences it never saw (``evaluation/holder.md``,
#: ``models/holder_net.md``): a likely reading, said as one.
ANOTHERS = "sentiment toward the actor likely another's (holder model, right about 6 times in 10 on unseen news): "

#: The flag of a reading toward a country (rule 4): no data the stance reader learned from or was scored on has one.
COUNTRY = ("a country: the stance reader was trained and checked on persons and on US parties, institutions and groups "
           "(PerSenT, BASIL), never on a country, so this reading is outside what was measured")


def actor_kinds(mentions: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``{(article_id, actor): kind}`` from the actor-sentiment table's mentions: the kind most of an actor's
    mentions in the article have (the first of equal ones)."""
    if mentions.empty:
        return {}
    counts = mentions.groupby(["article_id", "actor", "kind"], sort=False).size().reset_index(name="n")
    top = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates(["article_id", "actor"])
    return {(a, b): k for a, b, k in zip(top["article_id"], top["actor"], top["kind"])}


#: Fewer words of the writer's own than this in a paragraph (rule 1b) and it is no evidence of the writer's stance.
MIN_OWN_WORDS = 5
QUOTE_FRAME = f"only the frame of others' words (fewer than {MIN_OWN_WORDS} words of the writer's own)"


def own_words(reader_input: str) -> int:
    """Words of a reader input outside the masks and the actor marks (:data:`MASK_MARK`, :data:`TARGET_MARK`).

    >>> own_words('[QUOTE], [TGT] said, [QUOTE].')
    1
    """
    return len(re.findall(r"\w+", reader_input.replace(MASK_MARK, " ").replace(TARGET_MARK, " ")))


def _paragraph_of(segment_id: str) -> str:
    """The paragraph id of a sentence id: ``A:p03s01`` -> ``A:p03``."""
    return segment_id.rsplit("s", 1)[0] if "s" in segment_id.rsplit(":", 1)[-1] else segment_id


#: The holder probability from which another entity's holding sets a paragraph aside. High on purpose: the DSA pair
#: classifier names a holder other than the writer rightly in about 6 of 41 bundled-corpus rows at 0.5
#: (``models/holder_lr.md``); at 0.8 only its most certain readings move evidence, and each is shown with its reason.
HOLDER_THRESHOLD = 0.8


def flag_paragraphs(paragraphs: pd.DataFrame, irony: pd.DataFrame, holders: pd.DataFrame,
                    *, threshold: float = HOLDER_THRESHOLD) -> pd.DataFrame:
    """The stance reader's paragraph rows with :data:`FLAG_COLUMNS` (rules 1-3 of the module docstring).

    Args:
        paragraphs: :func:`mediabias.sentiment.stance.corpus_stance` rows (``article_id, actor, segment_id,
            n_mentions`` and the probabilities).
        irony: :func:`mediabias.sentiment.sarcasm.irony_table` rows (``segment_id, voice, irony_flag,
            irony_reason``).
        holders: :func:`mediabias.sentiment.holder.sentiment_holders` rows (``article_id, segment_id, actor,
            holder, holder_probability, holder_basis, actor_holds_toward, actor_holds_probability``).
        threshold: the holder probability from which another entity's holding sets a paragraph aside.
    """
    out = paragraphs.copy()
    ironic = irony[irony["irony_flag"].astype(bool) & (irony["voice"] == "author")]
    irony_of: dict[str, list[str]] = {}
    for seg, reason in zip(ironic["segment_id"], ironic["irony_reason"]):
        irony_of.setdefault(_paragraph_of(seg), []).append(f"{seg.rsplit(':', 1)[-1]}: {reason}")
    own = holders[holders["holder_basis"] != "attribution"]
    others: dict[tuple, list[str]] = {}
    writer: set[tuple] = set()
    for r in own.itertuples(index=False):
        key = (r.article_id, r.actor, _paragraph_of(r.segment_id))
        if r.holder != "writer" and r.holder_probability >= threshold:
            others.setdefault(key, []).append(f"held by {r.holder} ({r.holder_probability:.2f})")
        elif (isinstance(r.actor_holds_toward, str) and r.actor_holds_toward
              and r.actor_holds_probability >= threshold):
            others.setdefault(key, []).append(f"{r.actor} holds it, toward {r.actor_holds_toward} "
                                              f"({r.actor_holds_probability:.2f})")
        else:
            writer.add(key)
    counts, why = [], []
    for r in out.itertuples(index=False):
        key = (r.article_id, r.actor, r.segment_id)
        if r.n_mentions == 0:
            counts.append(False)
            why.append("names the actor only in another voice (quoted or excerpted)")
        elif own_words(r.reader_input) < MIN_OWN_WORDS:
            counts.append(False)
            why.append(QUOTE_FRAME)
        elif key in others and key not in writer:
            counts.append(False)
            why.append(ANOTHERS + "; ".join(dict.fromkeys(others[key])))
        else:
            counts.append(True)
            why.append("")
    out["counts"] = counts
    out["why"] = why
    out["irony"] = ["; ".join(irony_of.get(s, [])) for s in out["segment_id"]]
    return out


def writer_stance(flagged: pd.DataFrame, *, model=None, kinds: dict | None = None) -> pd.DataFrame:
    """One row per (article, actor): the writer's stance from the paragraphs that count, :data:`WRITER_COLUMNS`.
    ``kinds``: :func:`actor_kinds`, for rule 4 (without it no row is marked outside)."""
    cols = list(WRITER_COLUMNS)
    if flagged.empty:
        return pd.DataFrame(columns=cols)
    kept = flagged[flagged["counts"]]
    # article_stance counts paragraphs with n_mentions > 0; set-aside ones are dropped before it
    base = article_stance(kept, model=model) if len(kept) else pd.DataFrame(columns=[c for c in cols if c in (
        "article_id", "actor", "n_paragraphs", "p_negative", "p_neutral", "p_positive", "score", "label")])
    pairs = flagged[["article_id", "actor"]].drop_duplicates()
    out = pairs.merge(base, on=["article_id", "actor"], how="left")
    out["n_paragraphs"] = out["n_paragraphs"].fillna(0).astype(int)
    out["label"] = out["label"].fillna("neutral")
    aside = flagged[~flagged["counts"]].groupby(["article_id", "actor"]).size()
    out["n_set_aside"] = [int(aside.get((a, b), 0)) for a, b in zip(out["article_id"], out["actor"])]
    flags, outside, evidence = [], [], []
    groups = {key: g for key, g in kept.groupby(["article_id", "actor"], sort=False)}  # rows in order, as filtered
    for a, b in zip(out["article_id"], out["actor"]):
        g = groups.get((a, b), kept.iloc[0:0])
        bad = g[(g["irony"] != "") & (g["p_positive"] > g["p_negative"])]
        flags.append("" if bad.empty else "irony in a paragraph read as positive: " + " | ".join(
            f"{s.rsplit(':', 1)[-1]} ({t})" for s, t in zip(bad["segment_id"], bad["irony"])))
        outside.append(COUNTRY if len(g) and (kinds or {}).get((a, b)) == "country" else "")
        order = g.assign(decided=(g["p_positive"] - g["p_negative"]).abs()).sort_values(
            ["decided", "segment_id"], ascending=[False, True])
        evidence.append("; ".join(order["segment_id"]))
    out["flag"] = flags
    out["outside"] = outside
    out["evidence"] = evidence
    return out[cols].sort_values(["article_id", "actor"]).reset_index(drop=True)
