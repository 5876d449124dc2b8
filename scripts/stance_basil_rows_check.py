"""Does the stance reader's paragraph model gain from BASIL's author-voice spans? Dev data only.

    python scripts/stance_basil_rows_check.py --persent ../shared/datasets/persent --basil ../shared/datasets/basil

Adds the paragraphs of BASIL 2010-2012 that name a judged entity in the author's voice, labelled by the annotators'
author-voice bias spans aimed at it (``mediabias.evaluation.stance.paragraph_documents``), to the paragraph model's
training rows with weight 0 (today's reader), 1 and 3, and prints, on the same folds:

* PerSenT dev, 5 folds grouped by person (the BASIL rows in every training fold, never scored): article and
  paragraph macro-F1, and the paired difference from weight 0 (bootstrap over persons);
* BASIL 2010-2012, 5 folds grouped by event (the paragraph model learns from all of PerSenT dev and the other
  folds' BASIL rows; the article model from PerSenT dev only): article-level ``author_feeling`` and paragraph
  macro-F1, paired difference from weight 0 (bootstrap over events).

Never reads BASIL 2013-2014 (``evaluate stance-basil``'s held-out years) nor PerSenT's test files.
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_stance import load  # noqa: E402 (a script beside this one)

from mediabias.compare.stats import bootstrap_statistic  # noqa: E402
from mediabias.evaluation.common import cache_dir  # noqa: E402
from mediabias.evaluation.comparison import TUNE_YEARS, read_basil  # noqa: E402
from mediabias.evaluation.stance import paragraph_documents, read_documents  # noqa: E402
from mediabias.sentiment.stance import LABELS  # noqa: E402
from mediabias.sentiment.stance_fit import (fit_article, logreg, macro_f1, oof_paragraph_probs,  # noqa: E402
                                            predict_articles, prepare, train_rows)

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--persent", required=True, type=Path)
p.add_argument("--basil", required=True, type=Path)
args = p.parse_args()
C, AC, CW = 0.003, 0.01, "balanced"
t0 = time.time()
pdocs, pin, pX = load(args.persent / "dev.csv", mask=True, limit=None)
articles, judgements = read_basil(args.basil)
bdocs = paragraph_documents(articles, judgements, TUNE_YEARS)
bdocs["event"] = bdocs["article_id"].str.split(":").str[1].map(dict(zip(articles["article_id"], articles["event"])))
bin_ = read_documents(bdocs[["article_id", "actor", "paragraphs"]], cache=cache_dir())[0]
bin_, bX = prepare(bdocs, inputs=bin_, cache=cache_dir())
print(f"BASIL {min(TUNE_YEARS)}-{max(TUNE_YEARS)}: {len(bdocs)} judged pairs; paragraphs naming the entity in the "
      "author's voice:", bin_[(bin_.n_mentions > 0) & bin_.gold.notna()].gold.value_counts().to_dict(), flush=True)


def boot(frame, stat):
    v, lo, hi = bootstrap_statistic(frame, stat, cluster="g", n_boot=1000)
    return f"{v:.3f} [{lo:.3f}, {hi:.3f}]"


# PerSenT dev CV, with / without the BASIL rows in every training fold
def persent_cv(extra_w):
    """Out-of-fold paragraph probabilities and article labels on PerSenT dev, BASIL rows at weight ``extra_w``."""
    P = np.full((len(pin), 3), np.nan)
    art = [None] * len(pdocs)
    brows = train_rows(bin_, "mentioned")
    for tr, te in GroupKFold(n_splits=5).split(pdocs, groups=pdocs["actor"]):
        tr_ids, te_ids = set(pdocs.article_id.iloc[tr]), set(pdocs.article_id.iloc[te])
        rows = np.intersect1d(train_rows(pin, "mentioned"), np.flatnonzero(pin.article_id.isin(tr_ids)))
        def fitp(rows_p):
            Xtr = np.vstack([pX[rows_p]] + ([bX[brows]] if extra_w else []))
            ytr = np.concatenate([pin.gold.to_numpy()[rows_p]] + ([bin_.gold.to_numpy()[brows]] if extra_w else []))
            w = np.concatenate([np.ones(len(rows_p))] + ([np.full(len(brows), extra_w)] if extra_w else []))
            m = logreg(C, CW)
            return m.fit(Xtr, ytr, logisticregression__sample_weight=w) if extra_w else m.fit(Xtr, ytr)
        m = fitp(rows)
        te_rows = np.flatnonzero(pin.article_id.isin(te_ids))
        P[te_rows] = m.predict_proba(pX[te_rows])
        # inner OOF for the article model
        sub = pdocs.iloc[tr]
        Pin = np.full((len(pin), 3), np.nan)
        for itr, ite in GroupKFold(n_splits=5).split(sub, groups=sub["actor"]):
            ids = set(sub.article_id.iloc[itr])
            r = np.intersect1d(train_rows(pin, "mentioned"), np.flatnonzero(pin.article_id.isin(ids)))
            mm = fitp(r)
            er = np.flatnonzero(pin.article_id.isin(set(sub.article_id.iloc[ite])))
            Pin[er] = mm.predict_proba(pX[er])
        amodel = fit_article(pdocs, pin, Pin, tr, C=AC, class_weight=CW)
        sel = pin.article_id.isin(te_ids).to_numpy()
        lab, _ = predict_articles(pdocs.iloc[te], pin[sel], P[sel], amodel)
        for j, a in zip(te, lab):
            art[j] = a
    return P, art

res = {}
for w in (0, 1.0, 3.0):
    P, art = persent_cv(w)
    lab = np.array(LABELS)[np.nan_to_num(P).argmax(1)]
    ok = (pin.gold.notna() & (pin.n_mentions > 0)).to_numpy()
    res[w] = (P, art)
    print(f"PerSenT dev CV, BASIL weight {w}: article {macro_f1(pdocs.gold, art):.3f}  paragraph {macro_f1(pin.gold[ok], lab[ok]):.3f}  ({time.time()-t0:.0f}s)", flush=True)
f = pd.DataFrame({"gold": pdocs.gold, "a0": res[0][1], "a1": res[1.0][1], "a3": res[3.0][1], "g": pdocs.actor})
for k in ("a1", "a3"):
    print(k, "minus a0:", boot(f, lambda x, k=k: macro_f1(x.gold, x[k]) - macro_f1(x.gold, x.a0)))

# BASIL 2010-2012 CV by event: paragraph model on PerSenT all (+ BASIL other events); article model on PerSenT
idx_all = np.arange(len(pdocs))
Pp = oof_paragraph_probs(pdocs, pin, pX, idx_all, C=C, class_weight=CW, which="mentioned")
amodel = fit_article(pdocs, pin, Pp, idx_all, C=AC, class_weight=CW)
prow = train_rows(pin, "mentioned")
out = {}
for w in (0, 1.0, 3.0):
    PB = np.full((len(bin_), 3), np.nan)
    for tr, te in GroupKFold(n_splits=5).split(bdocs, groups=bdocs["event"]):
        tr_ids, te_ids = set(bdocs.article_id.iloc[tr]), set(bdocs.article_id.iloc[te])
        br = np.intersect1d(train_rows(bin_, "mentioned"), np.flatnonzero(bin_.article_id.isin(tr_ids)))
        Xtr = np.vstack([pX[prow]] + ([bX[br]] if w else []))
        ytr = np.concatenate([pin.gold.to_numpy()[prow]] + ([bin_.gold.to_numpy()[br]] if w else []))
        sw = np.concatenate([np.ones(len(prow))] + ([np.full(len(br), w)] if w else []))
        m = logreg(C, CW).fit(Xtr, ytr, logisticregression__sample_weight=sw)
        er = np.flatnonzero(bin_.article_id.isin(te_ids))
        PB[er] = m.predict_proba(bX[er])
    lab, _ = predict_articles(bdocs, bin_, PB, amodel)
    plab = np.array(LABELS)[np.nan_to_num(PB).argmax(1)]
    ok = (bin_.gold.notna() & (bin_.n_mentions > 0)).to_numpy()
    out[w] = lab
    print(f"BASIL 2010-2012 CV by event, weight {w}: article author_feeling {macro_f1(bdocs.gold, lab):.3f}  "
          f"paragraph {macro_f1(bin_.gold[ok], plab[ok]):.3f} (n para {ok.sum()})", flush=True)
fb = pd.DataFrame({"gold": bdocs.gold, "a0": out[0], "a1": out[1.0], "a3": out[3.0], "g": bdocs.event})
for k in ("a1", "a3"):
    print("BASIL", k, "minus a0:", boot(fb, lambda x, k=k: macro_f1(x.gold, x[k]) - macro_f1(x.gold, x.a0)))
print(f"{time.time()-t0:.0f}s")
