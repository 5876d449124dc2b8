"""Retrain the genre check committed as ``src/mediabias/models/genre_lr.json`` and print its held-out scores.

    python scripts/train_genre.py --data ../shared/datasets [--per-class 4000]

Training data: AllSides articles (``allsides-articles/articles.jsonl.gz``, Baly et al. 2020, Apache-2.0), labelled
opinion or news by the distant rules of ``resources/distant_labels.yaml`` (URL folders such as /opinion/, source
names with "Opinion" or "Guest Writer", commentary outlets; wire services and news desks), the first 4,000
characters of each article's text. Features: :func:`mediabias.runtime.genre.features` (style only, no topic words).
Evaluation: 5-fold cross-validation **grouped by outlet**, so every score is on outlets the model never saw (a model
that learned outlets rather than genre would fail here), beside two baselines on the same folds: the majority
class and a one-feature rule (first-person-singular rate, threshold fitted on the training folds).
Model: :mod:`mediabias.models.genre` (standardised logistic regression, C chosen by the same grouped CV;
threshold 0.5). Writes the JSON (no text)
and prints the scores, which the model card ``models/genre_lr.md`` records. About 2 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from mediabias import paths
from mediabias.language import distant
from mediabias.models import genre as genre_model
from mediabias.runtime import genre

CHARS = 4000


def label(url: str | None, source: str | None) -> int | None:
    """1 opinion, 0 news, None neither: ``distant.label`` without its outlet-wide commentary list.

    A commentary outlet's name says what it mostly publishes, not what one article is (HuffPost, the New York
    Post or Vox run news reports too): only the article's own URL folder or a desk name ("Opinion", "Guest
    Writer") marks it opinion here.
    """
    r = distant.rules()
    url_rule = re.compile(r"/(?:" + "|".join(map(re.escape, r["opinion_url_parts"])) + r")/", re.IGNORECASE)
    source_rule = re.compile("|".join(map(re.escape, r["opinion_source_words"])), re.IGNORECASE)
    if url_rule.search(url or "") or source_rule.search(source or ""):
        return distant.OPINION
    return distant.label(url, source) if (source or "").strip() in r["news_sources"] else None


def sample(path: Path, per_class: int, seed: int = 0):
    """Texts, labels (1 opinion) and outlets: at most ``per_class`` per label, at most 300 per outlet."""
    by_label = defaultdict(list)
    for rec in distant.read_records(path):
        y = label(rec.get("url"), rec.get("source"))
        text = (rec.get("content_original") or "").strip()
        if y is None or len(text.split()) < 150:
            continue
        by_label[y].append((text[:CHARS], y, rec.get("source") or "?"))
    rng = random.Random(seed)
    rows = []
    for y, items in sorted(by_label.items()):
        rng.shuffle(items)
        per_outlet = defaultdict(int)
        kept = []
        for item in items:
            if per_outlet[item[2]] < 300:
                per_outlet[item[2]] += 1
                kept.append(item)
            if len(kept) >= per_class:
                break
        rows += kept
    texts, labels, outlets = zip(*rows)
    return list(texts), np.array(labels), np.array(outlets)


class FirstPersonRule:
    """Baseline: opinion when the first-person-singular rate exceeds a threshold fitted on the training rows."""

    def __init__(self, column: int):
        self.column, self.cut = column, 0.0

    def fit(self, X, y):
        grid = np.unique(np.quantile(X[:, self.column], np.linspace(0.05, 0.95, 37)))
        self.cut = max(grid, key=lambda c: f1_score(y, (X[:, self.column] > c).astype(int), average="macro"))
        return self

    def predict(self, X):
        return (X[:, self.column] > self.cut).astype(int)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(paths.data_dir()), help="the datasets folder (holding allsides-articles/)")
    p.add_argument("--per-class", type=int, default=4000)
    p.add_argument("--out", default=str(paths.MODELS_DIR / "genre_lr.json"))
    args = p.parse_args(argv)
    texts, y, outlets = sample(Path(args.data) / "allsides-articles" / "articles.jsonl.gz", args.per_class)
    X = genre.features(texts)
    folds = list(GroupKFold(n_splits=5).split(X, y, outlets))
    print(f"{len(y)} articles ({int(y.sum())} opinion) from {len(set(outlets))} outlets; "
          f"{len(set(outlets[y == 1]))} opinion and {len(set(outlets[y == 0]))} news outlets")
    pipe, best, results = genre_model.train(X, y, folds)
    for c, f1 in results.items():
        print(f"  C={c}: macro-F1 on held-out outlets {f1:.3f}")
    names = genre.feature_names()
    rule = genre_model.held_out_predictions(
        X, y, lambda: FirstPersonRule(names.index("group_first_person_singular")), folds)
    majority = np.full_like(y, int(np.bincount(y).argmax()))
    scores = {"model": round(results[best], 4), "first_person_rule": round(f1_score(y, rule, average="macro"), 4),
              "majority": round(f1_score(y, majority, average="macro"), 4)}
    print(f"held-out-outlet macro-F1: model {scores['model']:.3f} (C={best}) | first-person rule "
          f"{scores['first_person_rule']:.3f} | majority {scores['majority']:.3f}")
    top = sorted(zip(pipe.steps[-1][1].coef_[0], names))
    print("most opinion-like:", ", ".join(n for _, n in top[::-1][:12]))
    print("most news-like:", ", ".join(n for _, n in top[:12]))
    genre_model.export(pipe, Path(args.out), C=best, n_articles=len(y), scores=scores)
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
