"""Helpers shared by the evaluation harnesses: where gold vectors are cached, and the results files.

Training and exporting the shipped models is not here: each model family has its module in :mod:`mediabias.models`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias import __version__, paths
from mediabias.models.linear import SEED

__all__ = ["SEED", "cache_dir", "data_command", "markdown_table", "write_document", "write_results",
           "write_run_results"]


def cache_dir() -> Path:
    """Where sentence vectors of gold datasets are cached (``$MEDIABIAS_CACHE`` or ``~/.cache/mediabias``).

    Only vectors are cached, outside the repository; nothing there is shipped.
    """
    return Path(os.environ.get("MEDIABIAS_CACHE", Path.home() / ".cache" / "mediabias")).expanduser()


def _round(obj):
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v) for v in obj]
    return obj


def write_results(out_dir: Path | None, name: str, scores: pd.DataFrame, meta: dict, notes: str) -> None:
    """Write ``<name>.json`` and ``<name>.md`` (no timestamps: reruns are byte-identical)."""
    if out_dir is None:
        return

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    meta = {"instrument": name, "mediabias_version": __version__, **meta}
    records = json.loads(scores.to_json(orient="records", double_precision=4))
    payload = _round({**meta, "scores": records})
    (out_dir / f"{name}.json").write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", "utf-8")
    lines = [f"# Evaluation: {name}", ""]
    for key, value in meta.items():
        lines.append(f"- **{key}**: `{value}`" if key == "command" else f"- **{key}**: {value}")
    lines += ["", markdown_table(scores), "", notes.strip(), ""]
    (out_dir / f"{name}.md").write_text("\n".join(lines), "utf-8")


def write_run_results(out_dir: Path | None, name: str, scores: pd.DataFrame, meta: dict, notes: str, *,
                      data: str, limit: int | None) -> pd.DataFrame:
    """:func:`write_results` with the command that reproduces the run first in ``meta``; returns ``scores``.

    The command is ``mediabias evaluate NAME --data DATA``, plus ``--limit N`` when a limit was given.
    """
    command = f"mediabias evaluate {name} --data {data}" + (f" --limit {limit}" if limit else "")
    write_results(out_dir, name, scores, {"command": command, **meta}, notes)
    return scores


def data_command(name: str, data: Path) -> str:
    """The command that reproduces an evaluation, ``mediabias evaluate NAME --data DATA``, with ``DATA`` absolute or,
    under the data folder (:func:`mediabias.paths.data_dir`), written ``$MEDIABIAS_DATA/...`` so that the results
    files name no one's home folder."""
    root = paths.data_dir()
    data = Path(data).resolve()
    shown = f"$MEDIABIAS_DATA/{data.relative_to(root)}" if root and data.is_relative_to(root) else str(data)
    return f"mediabias evaluate {name} --data {shown}"


def write_document(out_dir: Path, name: str, doc: dict, markdown_text: str) -> None:
    """Write an evaluation's results document as ``NAME.json`` (indented, UTF-8) and its ``NAME.md`` to ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    (out_dir / f"{name}.md").write_text(markdown_text)


def markdown_table(df: pd.DataFrame) -> str:
    """A GitHub Markdown table of ``df`` (floats to 3 decimals; no tabulate dependency)."""
    def fmt(v):
        if isinstance(v, (float, np.floating)):
            return "" if np.isnan(v) else f"{v:.3f}"
        return str(v)

    head = "| " + " | ".join(map(str, df.columns)) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(fmt(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, rule, *body])
