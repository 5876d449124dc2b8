"""The close reading beside the machine: hand-annotated attributions of the bundled corpus compared with the
attribution table, item by item (speaker and kind), with every disagreement listed.

The hand annotations live beside the articles, in ``<corpus>/close_reading/attributions.csv`` (one row per
attribution a careful reader finds: ``article_id, cue, snippet, speaker, kind, note``; ``speaker`` is
``(author)`` when the words credit the writer). Notebook 01 shows the comparison; a test holds it at 90%.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mediabias.sources.speakers import WRITER

HAND_COLUMNS = ["article_id", "cue", "snippet", "speaker", "kind", "note"]
AUTHOR = "(author)"

#: Columns of :func:`compare_close_reading`.
COMPARISON_COLUMNS = ["article_id", "cue", "snippet", "speaker_hand", "kind_hand", "speaker_machine",
                      "kind_machine", "attribution_id", "agree_speaker", "agree_kind", "agree", "disagreement",
                      "note"]


def load_close_reading(corpus_dir) -> pd.DataFrame:
    """The hand annotations of a corpus directory (empty table when it has none).

    Raises:
        ValueError: a missing column or a kind outside speech | position | conjecture (names the row).
    """
    path = Path(corpus_dir) / "close_reading" / "attributions.csv"
    if not path.exists():
        return pd.DataFrame(columns=HAND_COLUMNS)
    hand = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    missing = set(HAND_COLUMNS) - set(hand.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    bad = hand[~hand["kind"].isin(["speech", "position", "conjecture"])]
    if len(bad):
        raise ValueError(f"{path}: row {int(bad.index[0]) + 1} has kind {bad['kind'].iloc[0]!r}, "
                         "expected speech | position | conjecture")
    return hand[HAND_COLUMNS]


def _same_speaker(hand: str, machine) -> bool:
    if hand == AUTHOR:  # the table names the writer's own first person "the writer" (sources.speakers.WRITER)
        return not isinstance(machine, str) or machine == WRITER
    if not isinstance(machine, str):
        return False
    h, m = hand.lower(), machine.lower()
    return h == m or h in m or m in h


def compare_close_reading(hand: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Each hand-read attribution beside the machine's (matched on cue text and a content snippet).

    Args:
        hand: :func:`load_close_reading` rows.
        table: the attribution table (``article_id, cue_text, content_text, speaker, attribution_kind``).

    Returns:
        One row per hand item, columns :data:`COMPARISON_COLUMNS`; ``disagreement`` says what differs
        ("missed by the extractor", "speaker: ...", "kind: ...") and is "" when both agree.
    """
    rows = []
    for h in hand.itertuples(index=False):
        cand = table[(table["article_id"] == h.article_id) & (table["cue_text"].fillna("") == h.cue)
                     & table["content_text"].str.contains(h.snippet, regex=False)]
        if cand.empty:
            rows.append({"article_id": h.article_id, "cue": h.cue, "snippet": h.snippet, "speaker_hand": h.speaker,
                         "kind_hand": h.kind, "speaker_machine": None, "kind_machine": None, "attribution_id": None,
                         "agree_speaker": False, "agree_kind": False, "agree": False,
                         "disagreement": "missed by the extractor", "note": h.note})
            continue
        m = cand.iloc[0]
        sp = _same_speaker(h.speaker, m["speaker"])
        kd = h.kind == m["attribution_kind"]
        why = [f"speaker: hand {h.speaker}, machine {m['speaker'] if isinstance(m['speaker'], str) else '(none)'}"] \
            if not sp else []
        why += [f"kind: hand {h.kind}, machine {m['attribution_kind']}"] if not kd else []
        rows.append({"article_id": h.article_id, "cue": h.cue, "snippet": h.snippet, "speaker_hand": h.speaker,
                     "kind_hand": h.kind, "speaker_machine": m["speaker"], "kind_machine": m["attribution_kind"],
                     "attribution_id": m.get("attribution_id"), "agree_speaker": sp, "agree_kind": kd,
                     "agree": sp and kd, "disagreement": "; ".join(why), "note": h.note})
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
