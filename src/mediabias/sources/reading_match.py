"""The attribution table against the hand reading (:mod:`mediabias.sources.reading`): every hand-read attribution
matched to at most one machine row, precision and recall at four levels, and every false positive and false
negative with its passage.

Matching, per article, one-to-one, greedy (cue overlap first, then content overlap):

* a machine row and a hand item are a **pair** when their cues overlap (or the machine's cue is one of the item's
  ``other_cues`` within 200 characters of it), or when one of them has no cue (a continuation) and their contents
  share at least half their word tokens (Dice >= 0.5);
* a hand **continuation** (a cue-less quotation that ``continues`` an item) left unpaired is paired with a machine
  row holding at least half of its words: an unpaired row first (the machine split the quotation elsewhere), else
  a row already paired (the machine kept the whole quotation in one row, shared by both items);
* levels: ``found`` (paired), ``speaker`` (paired and the machine's speaker is one of the item's names),
  ``cue`` (paired through the cue), ``content`` (paired and contents Dice >= 0.5, the machine's own source and cue
  words left out), ``kind`` (paired and the same speech | position | conjecture).

Speakers are compared after normalisation (lower case, straight apostrophes, no leading 'the', no parenthesised
note): the machine's speaker must be the item's ``speaker``, its ``source_text`` or one of its ``also_known_as``.
"""

from __future__ import annotations

import re

import pandas as pd

from mediabias.sources.reading import UNRESOLVED

WORD = re.compile(r"\w+")
LEVELS = ("found", "speaker", "cue", "content", "kind")

#: Columns of :func:`match_attributions`.
MATCH_COLUMNS = ["article_id", "item_id", "attribution_id", "outcome", "via", "speaker_hand", "speaker_machine",
                 "cue_hand", "cue_machine", "kind_hand", "kind_machine", "agree_speaker", "agree_cue",
                 "agree_content", "agree_kind", "content_dice", "passage"]


def normalise_name(name) -> str:
    """Lower case, straight apostrophes, no parenthesised note, no leading 'the', no possessive ending."""
    if not isinstance(name, str):
        return ""
    name = re.sub(r"\([^)]*\)", " ", name.replace("’", "'")).strip().lower()
    name = re.sub(r"[“”\"]", "", name)
    name = re.sub(r"^the\s+", "", name)
    name = re.sub(r"'s?$", "", name).strip(" ,.")
    return re.sub(r"\s+", " ", name)


def _tokens(text: str, span, drop=()) -> set[int]:
    if span is None or pd.isna(span[0]):
        return set()
    lo, hi = int(span[0]), int(span[1])
    out = {m.start() + lo for m in WORD.finditer(text[lo:hi])}
    for d in drop:
        if d is not None and not pd.isna(d[0]):
            out -= set(range(int(d[0]), int(d[1])))
    return out


def _dice(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _span(row, prefix):
    s, e = row[f"{prefix}_start"], row[f"{prefix}_end"]
    return None if pd.isna(s) else (int(s), int(e))


def _cue_pair(h, m) -> bool:
    hc, mc = _span(h, "cue"), _span(m, "cue")
    if hc is None or mc is None:
        return False
    if hc[0] < mc[1] and mc[0] < hc[1]:
        return True
    others = {c.strip().lower() for c in (h["other_cues"] or "").split(";") if c.strip()}
    return str(m["cue_text"]).strip().lower() in others and min(abs(mc[0] - hc[0]), abs(mc[0] - h["content_start"])) <= 200


def names_of(h) -> set[str]:
    """Every accepted name of a hand item's speaker, normalised."""
    raw = [h["speaker"], h["source_text"]] + [n for n in (h["also_known_as"] or "").split(";")]
    return {normalise_name(n) for n in raw if isinstance(n, str) and n.strip()
            and n.strip().lower() not in UNRESOLVED}  # a pronoun as written is no speaker until resolved


def _pairs(text, hand, machine):
    """Candidate (score, hand index, machine index, via, dice) for one article."""
    out = []
    for hi, h in hand.iterrows():
        h_tok = _tokens(text, (h["content_start"], h["content_end"]))
        for mi, m in machine.iterrows():
            m_tok = _tokens(text, (m["content_start"], m["content_end"]), drop=(_span(m, "source"), _span(m, "cue")))
            dice = _dice(h_tok, m_tok)
            if _cue_pair(h, m):
                out.append(((2, dice), hi, mi, "cue", dice))
            elif (pd.isna(h["cue_start"]) or pd.isna(m["cue_start"])) and dice >= 0.5:
                out.append(((1, dice), hi, mi, "content", dice))
    return sorted(out, key=lambda p: (-p[0][0], -p[0][1], p[1], p[2]))


def match_attributions(reading: pd.DataFrame, table: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Pair the hand reading's attributions with the machine's.

    Args:
        reading: :attr:`mediabias.sources.reading.Reading.attributions`.
        table: the attribution table (:func:`mediabias.sources.attributions`), restricted or not to the read articles.
        texts: ``article_id -> plain text``.

    Returns:
        One row per pair, per unpaired hand item (``outcome`` "false negative") and per unpaired machine row of a
        read article ("false positive"); columns :data:`MATCH_COLUMNS`. ``passage`` is the hand content (false
        negatives, pairs) or the machine's cue and content (false positives).
    """
    rows = []
    for aid, hand in reading.groupby("article_id", sort=True):
        text = texts[aid]
        machine = table[table["article_id"] == aid]
        used_h, used_m, paired = set(), set(), {}
        for _, hi, mi, via, dice in _pairs(text, hand, machine):
            if hi in used_h or mi in used_m:
                continue
            used_h.add(hi)
            used_m.add(mi)
            paired[hi] = (mi, via, dice)
        for hi, h in hand.iterrows():  # a continuation the machine kept in another row of the same quotation
            if hi in paired or not isinstance(h["continues"], str):
                continue
            h_tok = _tokens(text, (h["content_start"], h["content_end"]))
            covering = [(mi in used_m, mi) for mi, m in machine.iterrows()
                        if h_tok and len(h_tok & _tokens(text, (m["content_start"], m["content_end"]))) >= len(h_tok) / 2]
            if covering:
                mi = min(covering)[1]  # an unpaired row first: the machine split the quotation there
                used_m.add(mi)
                paired[hi] = (mi, "continuation", 1.0)
        for hi, h in hand.iterrows():
            base = {"article_id": aid, "item_id": h["item_id"], "speaker_hand": h["speaker"], "cue_hand": h["cue_text"],
                    "kind_hand": h["kind"], "passage": h["content_text"]}
            if hi not in paired:
                rows.append({**base, "outcome": "false negative", "agree_speaker": False, "agree_cue": False,
                             "agree_content": False, "agree_kind": False, "content_dice": 0.0})
                continue
            mi, via, dice = paired[hi]
            m = machine.loc[mi]
            speaker = m["speaker"] if isinstance(m["speaker"], str) else None
            rows.append({**base, "attribution_id": m["attribution_id"], "outcome": "pair", "via": via,
                         "speaker_machine": speaker, "cue_machine": m["cue_text"],
                         "kind_machine": m["attribution_kind"],
                         "agree_speaker": normalise_name(speaker) in names_of(h) if speaker else False,
                         "agree_cue": via in ("cue", "continuation"), "agree_content": dice >= 0.5,
                         "agree_kind": m["attribution_kind"] == h["kind"], "content_dice": round(dice, 3)})
        for mi, m in machine.iterrows():
            if mi in used_m:
                continue
            speaker = m["speaker"] if isinstance(m["speaker"], str) else None
            cue = m["cue_text"] if isinstance(m["cue_text"], str) else "(no cue)"
            rows.append({"article_id": aid, "attribution_id": m["attribution_id"], "outcome": "false positive",
                         "speaker_machine": speaker, "cue_machine": m["cue_text"], "kind_machine": m["attribution_kind"],
                         "agree_speaker": False, "agree_cue": False, "agree_content": False, "agree_kind": False,
                         "content_dice": 0.0, "passage": f"[{cue}] {m['content_text']}"})
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def scores(matches: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall per article and overall (``article_id`` "all") at each level of :data:`LEVELS`.

    Machine rows that pair with a hand item count once, even when a continuation shares the row.
    Columns: ``article_id, level, tp, n_hand, n_machine, precision, recall``.
    """
    out = []
    groups = [(aid, g) for aid, g in matches.groupby("article_id", sort=True)] + [("all", matches)]
    for aid, g in groups:
        pairs = g[g["outcome"] == "pair"]
        n_hand = int((g["outcome"] != "false positive").sum())
        n_machine = int(pairs["attribution_id"].nunique() + (g["outcome"] == "false positive").sum())
        for level in LEVELS:
            ok = pairs if level == "found" else pairs[pairs[f"agree_{level}"]]
            tp_hand = len(ok)
            tp_machine = ok["attribution_id"].nunique()
            out.append({"article_id": aid, "level": level, "tp": tp_hand, "n_hand": n_hand, "n_machine": n_machine,
                        "precision": round(tp_machine / n_machine, 3) if n_machine else float("nan"),
                        "recall": round(tp_hand / n_hand, 3) if n_hand else float("nan")})
    return pd.DataFrame(out)
