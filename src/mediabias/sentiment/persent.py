"""Reading PerSenT-format CSVs (Bastan et al., COLING 2020), the stance reader's training data (``evaluate stance``, ``scripts/train_stance.py``).

A file has one row per document: ``TARGET_ENTITY`` (the person), ``DOCUMENT`` (paragraphs separated by line
breaks), ``TRUE_SENTIMENT`` (the author's sentiment toward the person: Positive / Neutral / Negative) and,
optionally, ``Paragraph0`` .. ``ParagraphN`` (the same question per paragraph), ``MASKED_DOCUMENT`` (the person
replaced by ``[TGT]``; not read: the reader finds the person's name itself, as it must on other texts) and
``DOCUMENT_INDEX``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

GOLD = {"positive": "positive", "neutral": "neutral", "negative": "negative"}
REQUIRED = ("TARGET_ENTITY", "DOCUMENT", "TRUE_SENTIMENT")
PARAGRAPH_COLUMN = re.compile(r"^Paragraph(\d+)$")


def gold_label(value, *, where: str) -> str | None:
    """``Positive`` / ``Neutral`` / ``Negative`` (any case) as a label; empty → ``None``; else ``ValueError``."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return None
    label = GOLD.get(str(value).strip().lower())
    if label is None:
        raise ValueError(f"{where}: sentiment {value!r} is not one of Positive, Neutral, Negative")
    return label


def split_document(text: str) -> list[str]:
    """A PerSenT document's paragraphs: its lines, stripped, empty ones dropped."""
    return [p.strip() for p in str(text).split("\n") if p.strip()]


def read_persent(path: Path, *, limit: int | None = None) -> pd.DataFrame:
    """One PerSenT-format CSV as a table of documents.

    Returns:
        One row per document: ``file`` (the CSV's stem), ``article_id`` (``file:DOCUMENT_INDEX`` or
        ``file:row``), ``actor`` (``TARGET_ENTITY``), ``paragraphs`` (list of str), ``gold`` (negative |
        neutral | positive) and ``paragraph_gold`` (a list as long as ``paragraphs``, or ``None`` when the file
        has no paragraph labels or their number differs from the document's paragraphs).

    Raises:
        ValueError: naming the file and what is missing or malformed.
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, nrows=limit)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(f"{path.name}: not a readable CSV ({exc})") from None
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {missing}; a PerSenT-format CSV needs "
                         f"{', '.join(REQUIRED)} (Paragraph0..N optional)")
    pcols = sorted((c for c in df.columns if PARAGRAPH_COLUMN.match(c)), key=lambda c: int(c[len("Paragraph"):]))
    rows = []
    for i, r in enumerate(df.to_dict("records")):
        where = f"{path.name} row {i + 2}"
        actor = str(r["TARGET_ENTITY"]).strip()
        if not actor:
            raise ValueError(f"{where}: TARGET_ENTITY is empty")
        gold = gold_label(r["TRUE_SENTIMENT"], where=where)
        if gold is None:
            raise ValueError(f"{where}: TRUE_SENTIMENT is empty")
        paragraphs = split_document(r["DOCUMENT"])
        if not paragraphs:
            raise ValueError(f"{where}: DOCUMENT is empty")
        labels = [gold_label(r[c], where=f"{where} {c}") for c in pcols]
        labels = labels[: next((k for k, v in enumerate(labels) if v is None), len(labels))]
        doc_id = str(r.get("DOCUMENT_INDEX") or i).strip()
        rows.append({"file": path.stem, "article_id": f"{path.stem}:{doc_id}", "actor": actor,
                     "paragraphs": paragraphs, "gold": gold,
                     "paragraph_gold": labels if labels and len(labels) == len(paragraphs) else None})
    out = pd.DataFrame(rows, columns=["file", "article_id", "actor", "paragraphs", "gold", "paragraph_gold"])
    if out["article_id"].duplicated().any():
        raise ValueError(f"{path.name}: DOCUMENT_INDEX repeats ({out.loc[out.article_id.duplicated(), 'article_id'].iloc[0]})")
    return out


def persent_files(folder: Path) -> list[Path]:
    """Every CSV in ``folder`` (or ``folder`` itself when it is a CSV), sorted by name."""
    folder = Path(folder)
    if folder.is_file():
        return [folder]
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise ValueError(f"{folder}: no CSV files (expected PerSenT-format CSVs: {', '.join(REQUIRED)})")
    return files
