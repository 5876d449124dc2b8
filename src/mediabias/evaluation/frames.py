"""Score article-level frame detection on the Narrative Frames corpus (Frermann et al., ACL 2023; MIT).

``mediabias evaluate frames --data ../shared/datasets/narrative-frames`` reads ``articles_metadata.tsv``
(256 climate articles here, binary labels RE, HI, CO, MO, EC) and reports, per frame, the F1 of the
positive class and the macro-F1 over the five frames for:

* ``model``: :func:`mediabias.framing.frame_features` (MiniLM sentence-vector mean; similarity of the
  sentences to the codebook questions and prototype sentences, both the mean over the three closest sentences
  and the single closest one; codebook cue rates) + logistic regression (class_weight="balanced"), one binary
  model per frame;
* ``keyword``: the codebook's keyword rule alone (cue matches per 100 words >= ``min_hits``; nothing fitted);
* ``majority``: the majority class of each training fold.

Cross-validation: 5-fold stratified (per frame) CV repeated 3 times with seeds 0, 1, 2
(``RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=0)``); F1 is computed on the pooled
out-of-fold predictions of each repetition and the table gives the mean and standard deviation over the 3
repetitions. Inside each training fold an inner 5-fold CV picks the regularisation C from {0.003, 0.01, 0.03},
the weight of the hand-built feature block (1, 2 or 3 after standardisation) and the F1-best decision
threshold; nothing from the test fold is seen.

:func:`mediabias.models.frames.train` fits the shipped model (``src/mediabias/models/frames_lr.json``) on all
256 articles with the same inner-CV procedure (:func:`mediabias.models.frames.fit`, which each fold here calls);
``scripts/train_frame_model.py`` calls it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mediabias.evaluation.common import SEED, cache_dir, write_run_results
from mediabias.framing.frames import cue_rates, frame_features, load_codebook
from mediabias.models import frames as frames_model
from mediabias.runtime.genre import band, opinion_probability

NAME = "frames"
CODES = {"RE": "resolution", "HI": "human_interest", "CO": "conflict", "MO": "morality", "EC": "economic"}
N_SPLITS, N_REPEATS = 5, 3

def read_articles(data: Path, *, limit: int | None = None) -> pd.DataFrame:
    """The Narrative Frames articles: ``ID``, ``source``, ``text`` and one boolean column per frame code."""
    data = Path(data)
    path = data / "articles_metadata.tsv" if data.is_dir() else data
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: pass the narrative-frames folder with --data")
    df = pd.read_csv(path, sep="\t")
    missing = {"ID", "text", *CODES} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    for code in CODES:  # one cell reads "False)" in the release
        df[code] = df[code].astype(str).str.strip().str.rstrip(")").map({"True": True, "False": False})
        if df[code].isna().any():
            raise ValueError(f"{path}: unreadable {code} labels")
    df = df.sort_values("ID").reset_index(drop=True)
    return df.head(limit) if limit else df


def keyword_predictions(texts: list[str]) -> pd.DataFrame:
    """The codebook keyword rule per text: one boolean column per frame code."""
    book = load_codebook()["frames"]
    rates = cue_rates(texts)
    return pd.DataFrame({code: rates[fr] >= book[fr]["min_hits"] for code, fr in CODES.items()})


def out_of_fold(X: np.ndarray, Y: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per frame code, the out-of-fold model and majority predictions, each ``(N_REPEATS, n_articles)``."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    out = {}
    for code in CODES:
        y = Y[code].to_numpy().astype(int)
        cv = RepeatedStratifiedKFold(n_splits=N_SPLITS, n_repeats=N_REPEATS, random_state=SEED)
        pred = np.zeros((N_REPEATS, len(y)), dtype=int)
        maj = np.zeros((N_REPEATS, len(y)), dtype=int)
        for k, (tr, te) in enumerate(cv.split(X, y)):
            pipe, _, thr = frames_model.fit(X[tr], y[tr])
            pred[k // N_SPLITS, te] = pipe.predict_proba(X[te])[:, 1] >= thr
            maj[k // N_SPLITS, te] = int(y[tr].mean() > 0.5)
        out[code] = (pred, maj)
    return out


def by_genre(Y: pd.DataFrame, oof: dict, keyword: pd.DataFrame, genre: np.ndarray) -> pd.DataFrame:
    """The out-of-fold scores within each genre of article (:mod:`mediabias.runtime.genre`).

    One row per (genre, frame) and a macro row per genre: ``n_articles``, ``n_present``, ``model_f1`` (mean over
    the repetitions), ``keyword_f1``. Tells whether the frames can be trusted on opinion writing, which the
    notebooks need before drawing frames of a blog post (``resources/genre_trust.yaml``).
    """
    from sklearn.metrics import f1_score

    rows = []
    for g in sorted(set(genre)):
        mask = genre == g
        per = []
        for code, frame in CODES.items():
            y = Y[code].to_numpy().astype(int)[mask]
            pred = oof[code][0][:, mask]
            per.append({"genre": g, "frame": frame, "n_articles": int(mask.sum()), "n_present": int(y.sum()),
                        "model_f1": round(float(np.mean([f1_score(y, p, zero_division=0) for p in pred])), 4),
                        "keyword_f1": round(float(f1_score(y, keyword[code].to_numpy().astype(int)[mask],
                                                           zero_division=0)), 4)})
        rows += per
        rows.append({"genre": g, "frame": "macro", "n_articles": int(mask.sum()),
                     "n_present": int(sum(r["n_present"] for r in per)),
                     "model_f1": round(float(np.mean([r["model_f1"] for r in per])), 4),
                     "keyword_f1": round(float(np.mean([r["keyword_f1"] for r in per])), 4)})
    return pd.DataFrame(rows)


def cross_validate(X: np.ndarray, Y: pd.DataFrame, keyword: pd.DataFrame, oof: dict | None = None) -> pd.DataFrame:
    """Per-frame CV scores of model, keyword and majority baselines (see module docstring)."""
    from sklearn.metrics import f1_score, precision_score, recall_score

    oof = oof if oof is not None else out_of_fold(X, Y)
    rows = []
    for code, frame in CODES.items():
        y = Y[code].to_numpy().astype(int)
        pred, maj = oof[code]
        f1 = [f1_score(y, p, zero_division=0) for p in pred]
        kw = keyword[code].to_numpy().astype(int)
        rows.append({
            "frame": frame, "code": code, "n": len(y), "n_present": int(y.sum()),
            "model_f1": float(np.mean(f1)), "model_f1_sd": float(np.std(f1)),
            "model_precision": float(np.mean([precision_score(y, p, zero_division=0) for p in pred])),
            "model_recall": float(np.mean([recall_score(y, p, zero_division=0) for p in pred])),
            "keyword_f1": float(f1_score(y, kw, zero_division=0)),
            "majority_f1": float(np.mean([f1_score(y, m, zero_division=0) for m in maj])),
        })
    df = pd.DataFrame(rows)
    df["beats_baselines"] = (df.model_f1 > df.keyword_f1) & (df.model_f1 > df.majority_f1)
    macro = {"frame": "macro", "code": "all", "n": len(Y), "n_present": int(Y.to_numpy().sum()),
             **{c: float(df[c].mean()) for c in ["model_f1", "model_f1_sd", "model_precision", "model_recall",
                                                  "keyword_f1", "majority_f1"]}}
    macro["beats_baselines"] = bool(df.beats_baselines.all())
    return pd.concat([df, pd.DataFrame([macro])], ignore_index=True)


NOTES = """
F1 is the F1 of the "frame present" class; macro is their unweighted mean over the five frames. The model
is MiniLM sentence-vector mean + similarity of the sentences to the codebook questions and prototype sentences
(mean of the 3 closest sentences, and the closest one) + codebook cue rates, one class-balanced logistic
regression per frame. Cross-validation: RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=0),
stratified on each frame's label; F1 on the pooled out-of-fold predictions of each repetition, mean and sd
over the 3 repetitions; C in {0.003, 0.01, 0.03}, the hand-built block weight in {1, 2, 3} and the decision
threshold chosen by an inner 5-fold CV on the training folds only. The keyword baseline is the codebook rule (no fitting); the majority baseline
predicts each training fold's majority class (so "present" for conflict, "absent" elsewhere).

Limits: 256 climate-change articles (2017-2019) from US/UK outlets; human interest (28 positives) and
morality (24) are rare, so their F1 moves by several points between repetitions. Labels are article-level:
applied to single paragraphs (as the notebooks do) the classifier works outside what was measured here.
The responsibility frame of the codebook has no gold labels in this corpus and is not validated.

Design history (same protocol): top-3 similarity only, macro-F1 0.607 (sd 0.027); adding the max-pooled
similarity block raised it to 0.616 (sd 0.024), mostly on human interest (0.383 -> 0.420) and
resolution (0.616 -> 0.627). Tried and not adopted (same folds, in a scratch harness whose reading of
the adopted design was 0.616 and of the old one 0.604): a TF-IDF word+bigram logistic
regression fitted inside the folds (alone 0.573; probability mix with the weight chosen by inner CV 0.612;
fixed 50/50 average 0.623, within one sd of the adopted design and it would ship a vocabulary); 3-sentence
chunk embeddings instead of sentence means (0.590) or as an extra max-similarity block (0.617); choosing C
by inner average precision instead of F1 (0.605); a wider C grid (0.611).
"""


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Cross-validated frame scores with both baselines; writes ``frames.json``/``frames.md`` to ``out_dir``."""
    arts = read_articles(data, limit=limit)
    texts = arts["text"].tolist()
    X = frame_features(texts, cache_dir=cache_dir())
    keyword = keyword_predictions(texts)
    oof = out_of_fold(X, arts[list(CODES)])
    scores = cross_validate(X, arts[list(CODES)], keyword, oof)
    genres = genre_labels(texts)
    meta = {"dataset": "Narrative Frames (Frermann et al. 2023), articles_metadata.tsv",
            "split": f"all {len(arts)} development articles, cross-validated",
            "cv": f"RepeatedStratifiedKFold(n_splits={N_SPLITS}, n_repeats={N_REPEATS}, random_state={SEED})",
            "floor": "beat both baselines on every frame; macro-F1 >= 0.60 (target 0.75)",
            "by_genre": by_genre(arts[list(CODES)], oof, keyword, genres).to_dict(orient="records"),
            "genre_rule": GENRE_RULE}
    return write_run_results(out_dir, NAME, scores, meta, NOTES, data="narrative-frames", limit=limit)


GENRE_RULE = ("genre of each article from mediabias.runtime.genre on its first 4,000 characters: opinion when "
              "P(opinion) >= 0.7, news when <= 0.3, mixed between")


def genre_labels(texts: list[str]) -> np.ndarray:
    """``opinion`` / ``mixed`` / ``news`` per text, by :data:`GENRE_RULE`."""
    return np.array([band(p) for p in opinion_probability([t[:4000] for t in texts])])
