"""Score sentence-level biased language on MBIC (Spinde et al. 2021), in memory only.

``mediabias evaluate loaded-language --data ../shared/datasets/babe-mbic/mbic_sg1.csv`` reads the
``;``-separated file (sentences with the expert label ``Biased`` / ``Non-biased``; rows labelled
``No agreement`` are left out) and reports macro-F1 and accuracy for:

* ``model (shipped)``: what the notebooks apply, :func:`mediabias.language.model.probability` at its stored
  threshold. It was trained on distant labels from the Apache-2.0 AllSides collection (opinion/commentary vs
  news sentences; ``scripts/train_loaded_language.py``), never on MBIC, so it is scored once on all sentences,
  with a 95% interval from a bootstrap over MBIC's source articles (1,000 resamples, seed 0).
* ``cue rule`` (the lexicon baseline without fitting): :func:`mediabias.language.loaded_language`'s ``any_cue``
  flag, i.e. at least one cue class in the sentence; ``cue rule, 2+ classes``: at least two.
* ``lexicon-only (CV)``: logistic regression on the 11 cue counts (a learned weighting of the lexicon).
* ``model (CV)``: logistic regression on the MiniLM sentence vector plus the 11 cue counts and sentence length.
* ``transfer from NewsMTSC``: the same features and model trained on a permissively licensed set instead
  (NewsMTSC ``train.jsonl``, MIT; a sentence counts as loaded when any target has non-neutral sentiment), then
  applied to all MBIC sentences with its default 0.5 threshold: the shippable alternative we tried. Skipped
  when NewsMTSC is not found beside MBIC.

Cross-validation for the two fitted rows: 5-fold ``StratifiedGroupKFold`` grouped by source article
(``news_link``: sentences of one article never sit on both sides), repeated with shuffling seeds 0, 1, 2;
macro-F1 on pooled out-of-fold predictions per repetition, mean and sd. C in {0.01, 0.1, 1} (cue rows) or
{0.001, 0.003, 0.01} (model) by inner grouped CV on the training folds.

Licence: MBIC/BABE is AGPL-3.0. Everything here is trained and scored in memory; no model, weight, word list
or text derived from it is written anywhere (only the scores). This is why the notebooks apply the fixed cue
rule and the distant model, never an MBIC-fitted one; the NewsMTSC transfer model, which could be shipped,
scored below the cue rule and is not used.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mediabias.compare.stats import bootstrap_statistic
from mediabias.evaluation.common import cache_dir, write_results
from mediabias.runtime.encoder import encode_sentences
from mediabias.language import model as loaded_model
from mediabias.language.cues import CUES, loaded_language
from mediabias.models.linear import pipeline

NAME = "loaded_language"
N_SPLITS, SEEDS = 5, (0, 1, 2)


def read_mbic(data: Path, *, limit: int | None = None) -> pd.DataFrame:
    """MBIC sentences with an agreed label: ``text``, ``news_link``, ``outlet``, ``biased`` (bool)."""
    path = Path(data)
    if path.is_dir():
        path = path / "mbic_sg1.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: pass babe-mbic/mbic_sg1.csv with --data")
    df = pd.read_csv(path, sep=";")
    missing = {"text", "news_link", "label_bias"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)} (is it the ';'-separated MBIC file?)")
    df = df[df["label_bias"].isin(["Biased", "Non-biased"])].copy()
    df["biased"] = df["label_bias"].eq("Biased")
    df["text"] = df["text"].astype(str).str.strip()
    missing_link = df["news_link"].isna()  # a few rows have no link: each is its own group
    df.loc[missing_link, "news_link"] = "row-" + df.index[missing_link].astype(str)
    df = df[["text", "news_link", "outlet", "biased"]].reset_index(drop=True)
    return df.head(limit) if limit else df


def _cv(X, y, groups, Cs) -> np.ndarray:
    """Macro-F1 per repetition of grouped, stratified 5-fold CV with inner choice of C."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

    def make(C):
        return pipeline(C, class_weight="balanced")

    out = []
    for seed in SEEDS:
        pred = np.zeros(len(y), dtype=bool)
        for tr, te in StratifiedGroupKFold(N_SPLITS, shuffle=True, random_state=seed).split(X, y, groups):
            inner = StratifiedGroupKFold(N_SPLITS, shuffle=True, random_state=seed)
            scores = [f1_score(y[tr], cross_val_predict(make(C), X[tr], y[tr], groups=groups[tr], cv=inner),
                               average="macro") for C in Cs]
            pred[te] = make(Cs[int(np.argmax(scores))]).fit(X[tr], y[tr]).predict(X[te])
        out.append((f1_score(y, pred, average="macro"), (pred == y).mean()))
    return np.asarray(out)


NOTES = """
The "model (shipped)" row is what the notebooks apply to the corpus: a logistic regression over the MiniLM
sentence vector, the literature cue counts and VADER intensities, trained on distant labels (quote-free sentences
of opinion and partisan-commentary articles vs straight news, AllSides collection, Apache-2.0;
resources/distant_labels.yaml). It never saw MBIC (MBIC's sentences were even removed from its training pool), so
its score here is an out-of-domain test, with a bootstrap interval over MBIC's source articles. The "cue rule"
rows are the transparent lexicon baseline (lists written from the literature, not from MBIC); "lexicon-only (CV)"
is the best a weighting of those counts can do when fitted on MBIC itself. The "MiniLM + cues (CV)" row shows what
fitting on MBIC would add; it exists only in memory during this run because MBIC is AGPL-3.0.

Limits: MBIC sentences were pre-selected to be likely biased (keyword sampling), from 8 US outlets and 14
topics; labels are expert majority votes (SG1). A sentence-level cue count ignores who is speaking: in the
seed corpus the notebook separates the author's voice from quoted excerpts for that reason.

What the distant model learns is "written like opinion rather than wire copy", which is close to but not the
same as MBIC's "biased": it also flags argued but fair sentences, and misses bias carried by a single word in
otherwise flat prose. The notebooks show its probability beside the highlighted cues, so a reader can judge.
Against the project's floor (macro-F1 0.65): the shipped model's point estimate is at the floor, but its interval
straddles it, and it was the better of two training designs scored here (without and with topic balance; see
models/loaded_language_lr.md), so read it as "at the floor", not above it. Training on MBIC's own labels does
clear it (the CV row), which MBIC's licence rules out for anything shipped.
"""


def cluster_interval(y, pred, groups, *, n: int = 1000, seed: int = 0) -> tuple[float, float]:
    """95% percentile interval of macro-F1 under a bootstrap that resamples whole source articles
    (:func:`mediabias.compare.stats.bootstrap_statistic`, articles numbered in order of first appearance)."""
    from sklearn.metrics import f1_score

    frame = pd.DataFrame({"y": np.asarray(y), "pred": np.asarray(pred), "group": np.asarray(groups)})
    _, low, high = bootstrap_statistic(frame, lambda f: f1_score(f["y"], f["pred"], average="macro"),
                                       cluster="group", n_boot=n, seed=seed, order="appearance")
    return low, high


def transfer_predictions(newsmtsc_train: Path, X_target: np.ndarray, *, C: float = 0.01) -> np.ndarray:
    """Train the MiniLM + cues model on NewsMTSC (loaded = any non-neutral target) and predict ``X_target``."""
    import json

    rows = [json.loads(line) for line in Path(newsmtsc_train).read_text("utf-8").splitlines() if line.strip()]
    sents = [r["sentence_normalized"] for r in rows]
    y = np.array([any(t["polarity"] != 4.0 for t in r["targets"]) for r in rows])
    cues = loaded_language(sents)
    X = np.hstack([encode_sentences(sents, cache_dir=cache_dir()), cues[list(CUES)].to_numpy(dtype=float),
                   np.log1p(cues[["n_words"]].to_numpy())])
    return pipeline(C, class_weight="balanced").fit(X, y).predict(X_target)


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Macro-F1 of the cue rule and of CV-fitted models on MBIC; writes only scores to ``out_dir``."""
    from sklearn.metrics import f1_score

    df = read_mbic(data, limit=limit)
    y, groups = df["biased"].to_numpy(), df["news_link"].to_numpy()
    cues = loaded_language(df["text"].tolist())
    counts = cues[list(CUES)].to_numpy(dtype=float)
    shipped = loaded_model.is_loaded(loaded_model.probability(df["text"].tolist(), cache_dir=cache_dir()))
    rows = []
    for name, pred in (("model (shipped): distant MiniLM + cues + VADER", shipped),
                       ("cue rule: any cue", cues["any_cue"].to_numpy()),
                       ("cue rule: 2+ cue classes", cues["score"].to_numpy() >= 2)):
        low, high = cluster_interval(y, pred, groups)
        rows.append({"system": name, "fitted_on_mbic": False, "macro_f1": f1_score(y, pred, average="macro"),
                     "macro_f1_sd": 0.0, "ci95_low": low, "ci95_high": high, "accuracy": float((pred == y).mean()),
                     "share_flagged": float(pred.mean())})
    lex = _cv(np.hstack([counts, np.log1p(cues[["n_words"]].to_numpy())]), y, groups, (0.01, 0.1, 1.0))
    vec = encode_sentences(df["text"].tolist(), cache_dir=cache_dir())
    X = np.hstack([vec, counts, np.log1p(cues[["n_words"]].to_numpy())])
    mod = _cv(X, y, groups, (0.001, 0.003, 0.01))
    for name, res in (("lexicon-only (CV)", lex), ("model: MiniLM + cues (CV)", mod)):
        rows.append({"system": name, "fitted_on_mbic": True, "macro_f1": res[:, 0].mean(),
                     "macro_f1_sd": res[:, 0].std(), "ci95_low": np.nan, "ci95_high": np.nan,
                     "accuracy": res[:, 1].mean(), "share_flagged": np.nan})
    newsmtsc = Path(data).resolve().parent.parent / "newsmtsc" / "train.jsonl"
    if newsmtsc.exists() and not limit:
        pred = transfer_predictions(newsmtsc, X)
        low, high = cluster_interval(y, pred, groups)
        rows.append({"system": "transfer from NewsMTSC (MIT)", "fitted_on_mbic": False,
                     "macro_f1": f1_score(y, pred, average="macro"), "macro_f1_sd": 0.0, "ci95_low": low,
                     "ci95_high": high, "accuracy": float((pred == y).mean()), "share_flagged": float(pred.mean())})
    majority = np.full(len(y), pd.Series(y).mode()[0])
    rows.append({"system": "majority class", "fitted_on_mbic": True,
                 "macro_f1": f1_score(y, majority, average="macro"), "macro_f1_sd": 0.0, "ci95_low": np.nan,
                 "ci95_high": np.nan, "accuracy": float((majority == y).mean()),
                 "share_flagged": float(majority.mean())})
    scores = pd.DataFrame(rows)
    scores.insert(1, "n", len(df))
    command = "mediabias evaluate loaded-language --data babe-mbic/mbic_sg1.csv" + (f" --limit {limit}" if limit else "")
    meta = {"command": command, "dataset": "MBIC / BABE SG1 (Spinde et al. 2021, AGPL-3.0), mbic_sg1.csv",
            "split": f"{len(df)} sentences with an agreed label ('No agreement' rows left out)",
            "cv": f"StratifiedGroupKFold(n_splits={N_SPLITS}, shuffle=True) grouped by news_link, seeds {list(SEEDS)}",
            "floor": "macro-F1 >= 0.65 (target 0.78)"}
    write_results(out_dir, NAME, scores, meta, NOTES)
    return scores
