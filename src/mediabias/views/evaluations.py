"""The one reader of the committed validation results (``evaluation/<name>.json``, written by
``mediabias evaluate NAME``), so every notebook shows them the same way."""

from __future__ import annotations

import json

import pandas as pd

from mediabias import paths


def load(name: str) -> dict:
    """The results of one evaluation (``"attribution"``, ``"target_sentiment"``, ``"frames"``, ``"roles"``,
    ``"loaded_language"``, ...); ``FileNotFoundError`` naming the command that writes them when absent."""
    path = paths.evaluation_dir() / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"no evaluation/{name}.json: run `mediabias evaluate {name.replace('_', '-')} --data DIR`")
    return json.loads(path.read_text(encoding="utf-8"))


def scores(name: str) -> pd.DataFrame:
    """The scores table of one evaluation, one row per (system, measure) as the evaluation wrote it.

    ``target_sentiment`` keeps its datasets apart in the JSON; here they are one table with a ``data`` column
    (``NewsMTSC rw``, ``NewsMTSC mt``, ``BASIL ...``).
    """
    ev = load(name)
    if name == "target_sentiment":
        rows = [{"data": f"NewsMTSC {split}", **s} for split, res in ev["newsmtsc"].items() for s in res["scores"]]
        if ev.get("basil"):
            rows += [{"data": f"BASIL {s['split']}", **s} for s in ev["basil"]["scores"]]
        return pd.DataFrame(rows)
    return pd.DataFrame(ev["scores"])
