"""Distant labels for the loaded-language model: opinion/commentary vs straight-news sentences.

The rules (which URLs and outlets count as opinion, commentary or news) are data in
``resources/distant_labels.yaml``, which also explains the idea and cites it. This module applies them to
records of the AllSides article collection (Baly et al. 2020: ``url``, ``source``, ``content_original``) and
samples training sentences. Nothing here is written to disk; the training script keeps only model weights.
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import re
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import yaml

OPINION, NEWS = 1, 0
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_QUOTE_MARK = re.compile(r"[\"“”]")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    """The labelling rules of ``resources/distant_labels.yaml``."""
    text = resources.files("mediabias.resources").joinpath("distant_labels.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@functools.lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    r = rules()
    url = re.compile(r"/(?:" + "|".join(map(re.escape, r["opinion_url_parts"])) + r")/", re.IGNORECASE)
    source = re.compile("|".join(map(re.escape, r["opinion_source_words"])), re.IGNORECASE)
    return url, source


def label(url: str | None, source: str | None) -> int | None:
    """``OPINION`` (1), ``NEWS`` (0), or ``None`` (neither) for an article's URL and AllSides source name."""
    url, source = url or "", (source or "").strip()
    url_rule, source_rule = _patterns()
    if url_rule.search(url) or source_rule.search(source) or source in rules()["commentary_sources"]:
        return OPINION
    if source in rules()["news_sources"]:
        return NEWS
    return None


def rough_sentences(text: str) -> list[str]:
    """A fast sentence split for training data (end punctuation followed by a capital); spaCy is too slow here."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def article_sentences(text: str, rng: random.Random) -> list[str]:
    """The usable sentences of one article: quote-free, of a plausible length, a random sample of them."""
    r = rules()
    keep = [s for s in rough_sentences(text)
            if r["min_words"] <= len(s.split()) <= r["max_words"] and not _QUOTE_MARK.search(s)]
    rng.shuffle(keep)
    return keep[: r["per_article"]]


def read_records(path: Path) -> Iterator[dict]:
    """Records of a JSON-lines file (gzip read directly when the name ends in ``.gz``)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: pass allsides-articles/articles.jsonl.gz with --data")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def training_sentences(records: Iterable[dict], *, per_class: int, seed: int = 0,
                       exclude: set[str] = frozenset()) -> tuple[list[str], list[int]]:
    """A balanced sample of ``per_class`` opinion and ``per_class`` news sentences, in a seeded order.

    Args:
        records: article records with ``url``, ``source`` and ``content_original``.
        per_class: sentences wanted per label (fewer if the records hold fewer).
        seed: the sampling seed (same records and seed give the same sample).
        exclude: lower-cased sentences never to use (e.g. the sentences of an evaluation set).
    """
    if per_class < 1:
        raise ValueError("per_class must be at least 1")
    rng = random.Random(seed)
    pools: dict[int, list[str]] = {OPINION: [], NEWS: []}
    for rec in records:
        lab = label(rec.get("url"), rec.get("source"))
        if lab is None:
            continue
        pools[lab].extend(s for s in article_sentences(rec.get("content_original") or "", rng)
                          if s.lower() not in exclude)
    texts, labels = [], []
    for lab in (OPINION, NEWS):
        pool = pools[lab]
        rng.shuffle(pool)
        texts += pool[:per_class]
        labels += [lab] * len(pool[:per_class])
    return texts, labels
