"""Does masking every quotation longer than a scare quote change the stance reader on dev data? Dev only.

    python scripts/stance_quotation_check.py --persent ../shared/datasets/persent --basil ../shared/datasets/basil \
        --save /tmp/new.pkl [--against /tmp/old.pkl]

Runs the shipped protocol (paragraph model C 0.003, article C 0.01, balanced weights, the BASIL 2010-2012 rows in
every training fold) with the code of the checkout it runs in, and saves the out-of-fold labels:

* PerSenT dev, 5 folds grouped by person: article and paragraph macro-F1;
* BASIL 2010-2012, 5 folds grouped by event: article-level ``author_feeling`` and paragraph macro-F1.

With ``--against`` (the file another checkout saved, e.g. the previous masking), prints the paired differences
(bootstrap over persons / events). Never reads BASIL 2013-2014 nor PerSenT's test files.

Used once (2026-12-07) for the masking of every quotation of 5 words or more (``sentiment.stance.quotations``),
with this ship rule fixed before the scores were seen: the change is made for a reason of principle (quoted words
are not the writer's; an AllSides column read "Progressives are the antithesis of inclusion…" as the writer's),
so it ships unless either article-level paired difference is below -0.01.
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
p.add_argument("--save", required=True, type=Path)
p.add_argument("--against", type=Path)
args = p.parse_args()
C, AC, CW = 0.003, 0.01, "balanced"
t0 = time.time()
pdocs, pin, pX = load(args.persent / "dev.csv", mask=True, limit=None)
articles, judgements = read_basil(args.basil)
bdocs = paragraph_documents(articles, judgements, TUNE_YEARS)
bdocs["event"] = bdocs["article_id"].str.split(":").str[1].map(dict(zip(articles["article_id"], articles["event"])))
bin_ = read_documents(bdocs[["article_id", "actor", "paragraphs"]], cache=cache_dir())[0]
bin_, bX = prepare(bdocs, inputs=bin_, cache=cache_dir())
brows = train_rows(bin_, "mentioned")
for name, inputs in (("PerSenT dev", pin), ("BASIL 2010-2012", bin_)):
    read = inputs[inputs.n_mentions > 0]
    print(f"{name}: {len(read)} paragraphs name the person in the author's voice, "
          f"{int((read.reader_input.str.contains('[QUOTE]', regex=False)).sum())} of them with a masked span; "
          f"{int(inputs.n_masked_mentions.sum())} mentions masked", flush=True)


def fitp(rows_p, extra_rows=brows):
    Xtr = np.vstack([pX[rows_p], bX[extra_rows]])
    ytr = np.concatenate([pin.gold.to_numpy()[rows_p], bin_.gold.to_numpy()[extra_rows]])
    return logreg(C, CW).fit(Xtr, ytr)


# PerSenT dev CV
P = np.full((len(pin), 3), np.nan)
art = [None] * len(pdocs)
for tr, te in GroupKFold(n_splits=5).split(pdocs, groups=pdocs["actor"]):
    tr_ids, te_ids = set(pdocs.article_id.iloc[tr]), set(pdocs.article_id.iloc[te])
    te_rows = np.flatnonzero(pin.article_id.isin(te_ids))
    P[te_rows] = fitp(np.intersect1d(train_rows(pin, "mentioned"),
                                     np.flatnonzero(pin.article_id.isin(tr_ids)))).predict_proba(pX[te_rows])
    sub = pdocs.iloc[tr]
    Pin = np.full((len(pin), 3), np.nan)
    for itr, ite in GroupKFold(n_splits=5).split(sub, groups=sub["actor"]):
        r = np.intersect1d(train_rows(pin, "mentioned"), np.flatnonzero(pin.article_id.isin(set(sub.article_id.iloc[itr]))))
        er = np.flatnonzero(pin.article_id.isin(set(sub.article_id.iloc[ite])))
        Pin[er] = fitp(r).predict_proba(pX[er])
    amodel = fit_article(pdocs, pin, Pin, tr, C=AC, class_weight=CW)
    sel = pin.article_id.isin(te_ids).to_numpy()
    for j, a in zip(te, predict_articles(pdocs.iloc[te], pin[sel], P[sel], amodel)[0]):
        art[j] = a
ok = (pin.gold.notna() & (pin.n_mentions > 0)).to_numpy()
plab = np.array(LABELS)[np.nan_to_num(P).argmax(1)]
persent_par = pd.DataFrame({"key": (pin.article_id + "#" + pin.paragraph.astype(str))[ok], "gold": pin.gold[ok],
                            "label": plab[ok], "g": pin.actor[ok]})
persent_art = pd.DataFrame({"key": pdocs.article_id, "gold": pdocs.gold, "label": art, "g": pdocs.actor})

# BASIL 2010-2012 CV by event
idx_all = np.arange(len(pdocs))
Pp = oof_paragraph_probs(pdocs, pin, pX, idx_all, C=C, class_weight=CW, which="mentioned")
amodel = fit_article(pdocs, pin, Pp, idx_all, C=AC, class_weight=CW)
prow = train_rows(pin, "mentioned")
PB = np.full((len(bin_), 3), np.nan)
for tr, te in GroupKFold(n_splits=5).split(bdocs, groups=bdocs["event"]):
    tr_ids, te_ids = set(bdocs.article_id.iloc[tr]), set(bdocs.article_id.iloc[te])
    er = np.flatnonzero(bin_.article_id.isin(te_ids))
    PB[er] = fitp(prow, np.intersect1d(brows, np.flatnonzero(bin_.article_id.isin(tr_ids)))).predict_proba(bX[er])
blab = predict_articles(bdocs, bin_, PB, amodel)[0]
okb = (bin_.gold.notna() & (bin_.n_mentions > 0)).to_numpy()
bplab = np.array(LABELS)[np.nan_to_num(PB).argmax(1)]
basil_art = pd.DataFrame({"key": bdocs.article_id, "gold": bdocs.gold, "label": blab, "g": bdocs.event})
basil_par = pd.DataFrame({"key": (bin_.article_id + "#" + bin_.paragraph.astype(str))[okb], "gold": bin_.gold[okb],
                          "label": bplab[okb], "g": bin_.article_id[okb].str.split(":").str[1]})
tables = {"PerSenT dev article": persent_art, "PerSenT dev paragraph": persent_par,
          "BASIL 2010-2012 article": basil_art, "BASIL 2010-2012 paragraph": basil_par}
for name, t in tables.items():
    print(f"{name}: macro-F1 {macro_f1(t.gold, t.label):.3f} (n {len(t)})", flush=True)
pd.to_pickle(tables, args.save)

if args.against:
    old = pd.read_pickle(args.against)
    for name in ("PerSenT dev article", "BASIL 2010-2012 article"):
        both = tables[name].merge(old[name][["key", "label"]].rename(columns={"label": "old"}), on="key")
        v, lo, hi = bootstrap_statistic(both, lambda x: macro_f1(x.gold, x.label) - macro_f1(x.gold, x.old),
                                        cluster="g", n_boot=1000)
        print(f"{name}, this checkout minus --against: {v:+.3f} [{lo:+.3f}, {hi:+.3f}] "
              f"({macro_f1(both.gold, both.old):.3f} -> {macro_f1(both.gold, both.label):.3f}; labels changed "
              f"{int((both.label != both.old).sum())} of {len(both)})")
    for name in ("PerSenT dev paragraph", "BASIL 2010-2012 paragraph"):
        print(f"{name}: {macro_f1(old[name].gold, old[name].label):.3f} -> "
              f"{macro_f1(tables[name].gold, tables[name].label):.3f} (n {len(old[name])} -> {len(tables[name])})")
print(f"{time.time() - t0:.0f}s")
