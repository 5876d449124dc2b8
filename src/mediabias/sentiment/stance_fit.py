"""Training and cross-validating the stance reader (:mod:`mediabias.sentiment.stance`) on PerSenT-format data.

The fitting half of the stance models' life (the article model learns from the reader's own aggregate of paragraph
probabilities, so it lives above the reader); export and loading are :mod:`mediabias.models.stance`.
``scripts/train_stance.py`` fits the shipped models with these functions, and ``mediabias evaluate stance``
uses the same ones to give out-of-fold numbers on a file the shipped models were trained on. Folds are grouped by
person (``actor``): a person's articles are never both trained on and scored.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from mediabias.models.linear import pipeline
from mediabias.models.target_sentiment import MODEL_DIR, WEIGHTS_FILE
from mediabias.runtime.encoder import encode_sentences
from mediabias.sentiment.stance import EXTRA_FEATURES, LABELS, article_features, extra_features, text_inputs

# ------------------------------------------------------------------------------------------ data
def prepare(docs: pd.DataFrame, *, mask: bool = True, cache: Path | None = None, inputs: pd.DataFrame | None = None):
    """Reader inputs of :func:`mediabias.sentiment.persent.read_persent` documents (computed unless ``inputs``
    gives them), with each paragraph's gold (``gold``; ``None`` without paragraph labels), and their MiniLM
    vectors (cached under ``cache`` when given)."""
    t0 = time.time()
    inputs = text_inputs(docs, mask=mask) if inputs is None else inputs.copy()
    gold = {aid: g for aid, g in zip(docs["article_id"], docs["paragraph_gold"])}
    inputs["gold"] = [gold[a][i] if gold[a] is not None else None for a, i in zip(inputs.article_id, inputs.paragraph)]
    print(f"{len(docs)} documents, {len(inputs)} paragraphs read ({'masked' if mask else 'unmasked'}) "
          f"in {time.time() - t0:.0f}s", flush=True)
    extra = cached_extra(inputs, cache)
    for j, c in enumerate(EXTRA_FEATURES):
        inputs[c] = extra[:, j]
    X = np.hstack([encode_sentences(list(inputs["reader_input"]), cache_dir=cache), extra])
    print(f"encoded in {time.time() - t0:.0f}s", flush=True)
    return inputs, X


def cached_extra(inputs: pd.DataFrame, cache: Path | None) -> np.ndarray:
    """:func:`mediabias.sentiment.stance.extra_features`, kept under ``cache`` (keyed by the inputs and the
    committed target-sentiment weights) when given."""
    if cache is None:
        return extra_features(inputs)
    key = hashlib.sha256("\x1e".join(f"{a}\x1f{t}" for a, t in zip(inputs["actor"], inputs["reader_input"])).encode())
    key.update((MODEL_DIR / WEIGHTS_FILE).read_bytes())
    path = Path(cache) / f"stance-extra-{key.hexdigest()[:24]}.npy"
    if path.exists():
        return np.load(path)
    extra = extra_features(inputs)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, extra)
    return extra


def logreg(C: float, class_weight):
    """The unfitted pipeline of both stance models (:func:`mediabias.models.linear.pipeline`)."""
    return pipeline(C, class_weight=class_weight)


def train_rows(inputs: pd.DataFrame, which: str) -> np.ndarray:
    ok = inputs["gold"].notna().to_numpy().copy()
    if which == "mentioned":
        ok &= inputs["n_mentions"].to_numpy() > 0
    return np.flatnonzero(ok)


def fit_paragraph(inputs, X, rows, *, C, class_weight, added=None):
    """The paragraph model on the rows ``rows`` of ``inputs`` / ``X``, plus ``added``: ``(X, gold)`` of paragraphs
    from another source that every fit learns from and no fold scores (BASIL's author-voice spans)."""
    Xs, ys = X[rows], inputs["gold"].to_numpy()[rows]
    if added is not None:
        Xs, ys = np.vstack([Xs, added[0]]), np.concatenate([ys, added[1]])
    return logreg(C, class_weight).fit(Xs, ys)


def fit_fold(docs, inputs, X, P, tr, te, *, C, class_weight, which, added=None) -> set:
    """One fold at the paragraph level: the paragraph model fitted on the paragraphs (:func:`train_rows`) of the
    documents ``docs.iloc[tr]`` writes its probabilities for every paragraph of the documents ``docs.iloc[te]``
    into their rows of ``P``. Returns the ids of the documents ``te``."""
    tr_ids, te_ids = set(docs["article_id"].iloc[tr]), set(docs["article_id"].iloc[te])
    rows = np.intersect1d(train_rows(inputs, which), np.flatnonzero(inputs["article_id"].isin(tr_ids)))
    model = fit_paragraph(inputs, X, rows, C=C, class_weight=class_weight, added=added)
    te_rows = np.flatnonzero(inputs["article_id"].isin(te_ids))
    P[te_rows] = model.predict_proba(X[te_rows])
    return te_ids


def article_table(docs, inputs, P):
    """Per document: its gold and the article features of its paragraph probabilities ``P`` (rows of ``inputs``)."""

    feats, rows = [], []
    by_doc = inputs.assign(_i=np.arange(len(inputs))).groupby("article_id", sort=False)
    for aid, g in by_doc:
        g = g[g["n_mentions"] > 0]
        rows.append(aid)
        feats.append(article_features(P[g["_i"].to_numpy()], g[list(EXTRA_FEATURES)].to_numpy()) if len(g) else None)
    return rows, feats


def oof_paragraph_probs(docs, inputs, X, idx_docs, *, C, class_weight, which, folds=5, added=None):
    """Out-of-fold paragraph probabilities for the documents ``idx_docs`` (grouped folds by person)."""


    sub = docs.iloc[idx_docs]
    P = np.full((len(inputs), len(LABELS)), np.nan)
    for tr, te in GroupKFold(n_splits=folds).split(sub, groups=sub["actor"]):
        fit_fold(sub, inputs, X, P, tr, te, C=C, class_weight=class_weight, which=which, added=added)
    return P


def fit_article(docs, inputs, P, doc_idx, *, C, class_weight):
    """The article model on the documents ``doc_idx`` (those with at least one read paragraph)."""
    ids, feats = article_table(docs.iloc[doc_idx], inputs[inputs["article_id"].isin(set(docs["article_id"].iloc[doc_idx]))], P[inputs["article_id"].isin(set(docs["article_id"].iloc[doc_idx])).to_numpy()])
    gold = dict(zip(docs["article_id"], docs["gold"]))
    keep = [k for k, f in enumerate(feats) if f is not None]
    Z = np.stack([feats[k] for k in keep])
    return logreg(C, class_weight).fit(Z, [gold[ids[k]] for k in keep])


def predict_articles(docs, inputs, P, article_model):
    """Labels per document of ``docs`` (neutral when no paragraph names the person), and the mean-probability
    labels (the simple aggregation, for comparison)."""

    ids, feats = article_table(docs, inputs, P)
    lab, mean_lab = {}, {}
    for aid, f in zip(ids, feats):
        if f is None:
            lab[aid] = mean_lab[aid] = "neutral"
            continue
        lab[aid] = article_model.predict(f[None, :])[0] if article_model is not None else None
        mean_lab[aid] = LABELS[int(np.argmax(f[:3]))]
    return [lab[a] for a in docs["article_id"]], [mean_lab[a] for a in docs["article_id"]]


def macro_f1(gold, pred) -> float:


    return float(f1_score(list(gold), list(pred), labels=list(LABELS), average="macro", zero_division=0))


# ------------------------------------------------------------------------------------ cross-validation
def cross_validate(docs, inputs, X, *, k, C, article_Cs, class_weight, which, added=None):
    """Out-of-fold predictions at both levels for one paragraph configuration and each article ``C`` (outer folds
    grouped by person): ``(P, {article_C: labels}, mean-of-paragraphs labels)``. ``added``: as
    :func:`fit_paragraph`, learned from by every paragraph model, never scored."""


    P = np.full((len(inputs), len(LABELS)), np.nan)
    art, art_mean = {aC: [None] * len(docs) for aC in article_Cs}, [None] * len(docs)
    for tr, te in GroupKFold(n_splits=k).split(docs, groups=docs["actor"]):
        te_ids = fit_fold(docs, inputs, X, P, tr, te, C=C, class_weight=class_weight, which=which, added=added)
        inner = oof_paragraph_probs(docs, inputs, X, tr, C=C, class_weight=class_weight, which=which, added=added)
        sel = inputs["article_id"].isin(te_ids).to_numpy()
        for aC in article_Cs:
            amodel = fit_article(docs, inputs, inner, tr, C=aC, class_weight=class_weight)
            lab, mean_lab = predict_articles(docs.iloc[te], inputs[sel], P[sel], amodel)
            for j, a, m in zip(te, lab, mean_lab):
                art[aC][j], art_mean[j] = a, m
    return P, art, art_mean
