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

from mediabias.runtime.text import split_sentences

OPINION, NEWS = 1, 0
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


def article_sentences(text: str, rng: random.Random) -> list[str]:
    """The usable sentences of one article: quote-free, of a plausible length, a random sample of them."""
    r = rules()
    keep = [s for s in split_sentences(text or "")
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
    """A balanced sample of up to ``per_class`` opinion and as many news sentences, in a seeded order.

    With ``balance_topics`` set in the rules, both classes are drawn from the same topics in the same numbers
    (the record's ``topic``): otherwise a model could learn that some topics are argued more than reported,
    which says nothing about how a sentence is written.

    Args:
        records: article records with ``url``, ``source``, ``content_original`` (and ``topic``).
        per_class: sentences wanted per label (fewer if the records hold fewer).
        seed: the sampling seed (same records and seed give the same sample).
        exclude: lower-cased sentences never to use (e.g. the sentences of an evaluation set).
    """
    if per_class < 1:
        raise ValueError("per_class must be at least 1")
    rng = random.Random(seed)
    by_topic = rules().get("balance_topics", False)
    pools: dict[tuple[int, str], list[str]] = {}
    for rec in records:
        lab = label(rec.get("url"), rec.get("source"))
        if lab is None:
            continue
        topic = str(rec.get("topic") or "") if by_topic else ""
        pools.setdefault((lab, topic), []).extend(
            s for s in article_sentences(rec.get("content_original") or "", rng) if s.lower() not in exclude)
    topics = sorted({t for _, t in pools})
    room = {t: min(len(pools.get((OPINION, t), [])), len(pools.get((NEWS, t), []))) if by_topic else per_class
            for t in topics}
    total = sum(room.values())
    if by_topic and total > per_class:  # shrink every topic in proportion
        room = {t: room[t] * per_class // total for t in topics}
    texts, labels = [], []
    for lab in (OPINION, NEWS):
        for t in topics:
            pool = pools.get((lab, t), [])
            rng.shuffle(pool)
            take = pool[: room[t]]
            texts += take
            labels += [lab] * len(take)
    return texts, labels
