"""Score the attribution table of the bundled corpus (or ``--corpus DIR``) against its hand reading
(``<corpus>/readings/*.yaml``): precision and recall per article and overall, then every false positive, false
negative and disagreeing speaker with its passage.

    python scripts/score_reading.py                 # print, and write evaluation/reading_attribution.{md,json}
    python scripts/score_reading.py --no-write      # print only

Levels (mediabias.sources.reading_match): found (paired), speaker (paired, same speaker), cue (paired through the
cue), content (contents Dice >= 0.5), kind (same speech | position | conjecture).
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from mediabias import __version__, paths
from mediabias.corpus import load_corpus
from mediabias.sources import attributions
from mediabias.sources.reading import load_reading
from mediabias.sources.reading_match import match_attributions, scores

COMMAND = "python scripts/score_reading.py"


def evaluate(corpus_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(scores, matches)`` of the attribution table of ``corpus_dir`` against its hand reading."""
    corpus = load_corpus(corpus_dir)
    reading = load_reading(corpus_dir, corpus)
    read = set(reading.attributions["article_id"])
    table = attributions(corpus.select_ids(read))
    texts = dict(zip(corpus.articles["article_id"], corpus.articles["text"]))
    matches = match_attributions(reading.attributions, table, texts)
    return scores(matches), matches


def _md_table(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join("" if pd.isna(v) else str(v).replace("|", "\\|").replace("\n", " ")
                                        for v in row) + " |")
    return "\n".join(lines)


def report(score: pd.DataFrame, matches: pd.DataFrame) -> str:
    """The Markdown report: the scores, then every disagreement with its passage."""
    wide = score.pivot_table(index="article_id", columns="level", values=["precision", "recall"], aggfunc="first")
    wide.columns = [f"{m} {lvl}" for m, lvl in wide.columns]
    order = [f"{m} {lvl}" for lvl in ("found", "speaker", "cue", "content", "kind") for m in ("precision", "recall")]
    counts = score[score["level"] == "found"].set_index("article_id")[["n_hand", "n_machine"]]
    wide = counts.join(wide[order]).reset_index()
    fn = matches[matches["outcome"] == "false negative"][["article_id", "item_id", "speaker_hand", "cue_hand", "kind_hand", "passage"]]
    fp = matches[matches["outcome"] == "false positive"][["article_id", "attribution_id", "speaker_machine", "kind_machine", "passage"]]
    pairs = matches[matches["outcome"] == "pair"]
    sp = pairs[~pairs["agree_speaker"]][["article_id", "item_id", "attribution_id", "speaker_hand", "speaker_machine", "passage"]]
    kd = pairs[~pairs["agree_kind"]][["article_id", "item_id", "attribution_id", "kind_hand", "kind_machine", "cue_hand", "passage"]]
    parts = [
        "# Attributions against the hand reading of the corpus", "",
        f"- command: `{COMMAND}`", f"- mediabias version: {__version__}",
        "- hand reading: `corpus/readings/*.yaml` (schema: `corpus/readings/README.md`)",
        "- matching: `mediabias.sources.reading_match` (one-to-one per article; a pair shares the cue, or a cue-less",
        "  row shares half its content words)", "",
        "## Precision and recall", "", _md_table(wide), "",
        f"## False negatives (hand items the table misses): {len(fn)}", "", _md_table(fn), "",
        f"## False positives (table rows the reading does not have): {len(fp)}", "", _md_table(fp), "",
        f"## Pairs with a different speaker: {len(sp)}", "", _md_table(sp), "",
        f"## Pairs with a different kind: {len(kd)}", "", _md_table(kd), "",
    ]
    return "\n".join(parts)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", help="corpus directory (default: the bundled corpus)")
    p.add_argument("--no-write", action="store_true", help="print only")
    args = p.parse_args(argv)
    corpus_dir = paths.corpus_dir(args.corpus)
    score, matches = evaluate(corpus_dir)
    text = report(score, matches)
    print(text)
    if not args.no_write:
        out = paths.evaluation_dir()
        (out / "reading_attribution.md").write_text(text)
        payload = {"command": COMMAND, "version": __version__, "scores": score.to_dict(orient="records"),
                   "matches": json.loads(matches.to_json(orient="records"))}
        (out / "reading_attribution.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
