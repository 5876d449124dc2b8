"""The dev-data protocol the stance checks share (``stance_basil_rows_check.py``, ``stance_irony_check.py``,
``stance_quotation_check.py``; ``stance_distant_check.py`` reads its sets only): PerSenT dev and BASIL 2010-2012
read as the reader reads them, and the shipped settings' out-of-fold readings on both.
Never reads BASIL 2013-2014 nor PerSenT's test files.

* PerSenT dev, 5 folds grouped by person: the paragraph model learns from the other folds (and BASIL's rows at
  ``weight``), the article model from inner out-of-fold probabilities of the other folds;
* BASIL 2010-2012, 5 folds grouped by event: the paragraph model learns from all of PerSenT dev and the other
  folds' BASIL rows at ``weight``, the article model from PerSenT dev only.

``transform(inputs, P) -> (inputs, P)``, when given, is applied to a fold's paragraphs before the article model
reads them, and the labels it gives are returned beside the plain ones (same fitted models).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_stance import load  # noqa: E402 (a script beside this one)

from mediabias.evaluation.common import cache_dir  # noqa: E402
from mediabias.evaluation.comparison import TUNE_YEARS, read_basil  # noqa: E402
from mediabias.evaluation.stance import paragraph_documents, read_documents  # noqa: E402
from mediabias.sentiment.stance_fit import (fit_article, logreg, oof_paragraph_probs, predict_articles,  # noqa: E402
                                            prepare, train_rows)

#: The shipped settings: paragraph C, article C, class weights.
C, AC, CW = 0.003, 0.01, "balanced"


@dataclass
class DevSets:
    pdocs: pd.DataFrame
    pin: pd.DataFrame
    pX: np.ndarray
    bdocs: pd.DataFrame
    bin_: pd.DataFrame
    bX: np.ndarray

    @property
    def brows(self) -> np.ndarray:
        return train_rows(self.bin_, "mentioned")


def load_sets(persent: Path, basil: Path) -> DevSets:
    """PerSenT dev and BASIL 2010-2012's judged pairs (with their ``event``), read and encoded (cached)."""
    pdocs, pin, pX = load(Path(persent) / "dev.csv", mask=True, limit=None)
    articles, judgements = read_basil(Path(basil))
    bdocs = paragraph_documents(articles, judgements, TUNE_YEARS)
    bdocs["event"] = bdocs["article_id"].str.split(":").str[1].map(dict(zip(articles["article_id"], articles["event"])))
    bin_ = read_documents(bdocs[["article_id", "actor", "paragraphs"]], cache=cache_dir())[0]
    bin_, bX = prepare(bdocs, inputs=bin_, cache=cache_dir())
    return DevSets(pdocs, pin, pX, bdocs, bin_, bX)


def fit_paragraphs(d: DevSets, rows_p, extra_rows, weight: float):
    """The paragraph model on PerSenT rows ``rows_p`` and BASIL rows ``extra_rows`` at ``weight`` (0: none)."""
    if not weight:
        return logreg(C, CW).fit(d.pX[rows_p], d.pin.gold.to_numpy()[rows_p])
    X = np.vstack([d.pX[rows_p], d.bX[extra_rows]])
    y = np.concatenate([d.pin.gold.to_numpy()[rows_p], d.bin_.gold.to_numpy()[extra_rows]])
    w = np.concatenate([np.ones(len(rows_p)), np.full(len(extra_rows), weight)])
    return logreg(C, CW).fit(X, y, logisticregression__sample_weight=w)


def persent_cv(d: DevSets, *, weight: float = 1.0, transform=None):
    """``(P, labels, transformed labels or None)`` out of fold on PerSenT dev."""
    pin, pdocs = d.pin, d.pdocs
    mentioned = train_rows(pin, "mentioned")
    P = np.full((len(pin), 3), np.nan)
    art, art_t = [None] * len(pdocs), [None] * len(pdocs)
    for tr, te in GroupKFold(n_splits=5).split(pdocs, groups=pdocs["actor"]):
        tr_ids, te_ids = set(pdocs.article_id.iloc[tr]), set(pdocs.article_id.iloc[te])
        te_rows = np.flatnonzero(pin.article_id.isin(te_ids))
        rows = np.intersect1d(mentioned, np.flatnonzero(pin.article_id.isin(tr_ids)))
        P[te_rows] = fit_paragraphs(d, rows, d.brows, weight).predict_proba(d.pX[te_rows])
        sub = pdocs.iloc[tr]
        inner = np.full((len(pin), 3), np.nan)
        for itr, ite in GroupKFold(n_splits=5).split(sub, groups=sub["actor"]):
            r = np.intersect1d(mentioned, np.flatnonzero(pin.article_id.isin(set(sub.article_id.iloc[itr]))))
            er = np.flatnonzero(pin.article_id.isin(set(sub.article_id.iloc[ite])))
            inner[er] = fit_paragraphs(d, r, d.brows, weight).predict_proba(d.pX[er])
        amodel = fit_article(pdocs, pin, inner, tr, C=AC, class_weight=CW)
        sel = pin.article_id.isin(te_ids).to_numpy()
        for j, a in zip(te, predict_articles(pdocs.iloc[te], pin[sel], P[sel], amodel)[0]):
            art[j] = a
        if transform is not None:
            t_in, t_P = transform(pin[sel], P[sel])
            for j, a in zip(te, predict_articles(pdocs.iloc[te], t_in, t_P, amodel)[0]):
                art_t[j] = a
    return P, art, (art_t if transform is not None else None)


def basil_cv(d: DevSets, *, weight: float = 1.0, transform=None):
    """``(P, labels, transformed labels or None)`` out of fold on BASIL 2010-2012 (folds by event)."""
    idx_all = np.arange(len(d.pdocs))
    Pp = oof_paragraph_probs(d.pdocs, d.pin, d.pX, idx_all, C=C, class_weight=CW, which="mentioned")
    amodel = fit_article(d.pdocs, d.pin, Pp, idx_all, C=AC, class_weight=CW)
    prow = train_rows(d.pin, "mentioned")
    PB = np.full((len(d.bin_), 3), np.nan)
    for tr, te in GroupKFold(n_splits=5).split(d.bdocs, groups=d.bdocs["event"]):
        tr_ids, te_ids = set(d.bdocs.article_id.iloc[tr]), set(d.bdocs.article_id.iloc[te])
        br = np.intersect1d(d.brows, np.flatnonzero(d.bin_.article_id.isin(tr_ids)))
        er = np.flatnonzero(d.bin_.article_id.isin(te_ids))
        PB[er] = fit_paragraphs(d, prow, br, weight).predict_proba(d.bX[er])
    labels = predict_articles(d.bdocs, d.bin_, PB, amodel)[0]
    if transform is None:
        return PB, labels, None
    t_in, t_P = transform(d.bin_, PB)
    return PB, labels, predict_articles(d.bdocs, t_in, t_P, amodel)[0]
