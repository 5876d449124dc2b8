"""Shared by the benchmark scripts: the first article texts of the AllSides dataset (Baly et al. 2020).

Read from ``allsides-articles/articles.jsonl.gz`` under the datasets folder (``--data``, ``$MEDIABIAS_DATA``
or ``../shared/datasets``, see :func:`mediabias.paths.dataset`); nothing from it is written anywhere.
"""

from __future__ import annotations

import gzip
import json


def allsides_texts(n: int, data: str | None = None) -> list[str] | None:
    """The first ``n`` (at least 1) non-empty ``content_original`` texts, or ``None`` when the dataset is absent."""
    from mediabias import paths

    folder = paths.dataset("allsides-articles", data)
    if folder is None:
        return None
    texts = []
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            text = (json.loads(line).get("content_original") or "").strip()
            if text:
                texts.append(text)
            if len(texts) >= n:
                break
    return texts


def allsides_folder(data: str | None = None):
    """The ``allsides-articles`` folder, or ``None`` after saying on stderr how to point at it."""
    import sys

    from mediabias import paths

    folder = paths.dataset("allsides-articles", data)
    if folder is None:
        print("allsides-articles not found: pass --data or set $MEDIABIAS_DATA", file=sys.stderr)
    return folder
