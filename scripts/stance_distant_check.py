"""Can a stance head learned from outlet lean (a distant label) read the writer's stance? Measured, not shipped.

    python scripts/known_groups_writer.py --data ../shared/datasets/allsides-articles --work /tmp/kgw
    python scripts/stance_distant_check.py --data ../shared/datasets --work /tmp/kgw

The opinion-outlet known groups (Salon and Vox against Townhall and National Review) have no author-stance labels,
only AllSides' lean of each outlet. This script asks whether that lean, used as a label, teaches the reader
anything about stance, and checks it only on outlets and labels the head never saw (guarding against circular
validation: a head that learns lean and is checked on the same outlets' lean proves nothing).

Rule fixed before any score was seen (2026-12-07, third session):
  A distant-label head is worth building into the reader only if ALL hold:
  (a) cross-fitted by outlet (trained on Townhall+Salon, scored on National Review+Vox, and the reverse), the
      opinion known-groups checks for Obama (left - right > 0) and Trump (< 0) both pass (interval excludes 0);
  (b) transfer to labelled author stance it never saw: on PerSenT dev paragraphs (gold positive vs negative),
      AUC of P(favour) >= 0.65, and on BASIL 2010-2012 paragraphs (gold negative vs neutral) AUC of
      1 - P(favour) >= 0.60;
  (c) not lean style alone: the head trained on Obama rows only, applied to the Trump rows, does not give the
      opposite of the expected Trump direction (left - right < 0) with an interval excluding 0.
Paragraph label = the article's distant label: favour = (left, Obama) or (right, Trump). Rows: the paragraphs
that count for the pipeline's writer's stance (``stance.parquet`` of the ``--work`` corpus, ``counts``).
Model: the paragraph model's features (MiniLM of the reader input + the 10 extra features), logistic regression
C=0.003 with balanced classes (the shipped paragraph model's settings). Article score = mean over its paragraphs
of 2p - 1. Never reads PerSenT's test files nor BASIL 2013-2014.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analyze import slug  # noqa: E402
from stance_dev_folds import load_sets  # noqa: E402

from mediabias.evaluation.known_groups import group_difference, select, verdict  # noqa: E402
from mediabias.runtime.encoder import encode_sentences  # noqa: E402
from mediabias.sentiment.stance import EXTRA_FEATURES  # noqa: E402
from mediabias.sentiment.stance_fit import logreg  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--data", required=True, type=Path, help="the datasets folder (allsides-articles, persent, basil)")
ap.add_argument("--work", required=True, type=Path, help="the --work folder of scripts/known_groups_writer.py")
args = ap.parse_args()
DATA = args.data
sel = select(DATA / "allsides-articles" / "articles.jsonl.gz")["opinion_outlets"]
sel = sel.assign(aid="allsides-" + sel["article_id"].map(slug), actor=sel["entity"].str.replace("_", " "))
s = pd.read_parquet(args.work / "corpus" / "results" / "stance.parquet")
s = s[s["counts"]]
rows = s.merge(sel[["aid", "actor", "check", "group", "outlet"]], left_on=["article_id", "actor"],
               right_on=["aid", "actor"])
rows = rows.reset_index(drop=True)
rows["favour"] = (((rows.actor == "Barack Obama") & (rows.group == "left"))
                  | ((rows.actor == "Donald Trump") & (rows.group == "right"))).astype(int)
print(len(rows), "paragraphs;", rows.groupby(["actor", "outlet"]).article_id.nunique().to_dict())
X = np.hstack([encode_sentences(list(rows.reader_input)), rows[list(EXTRA_FEATURES)].to_numpy()])
y = rows.favour.to_numpy()

FOLDS = [{"Townhall", "Salon"}, {"National Review", "Vox"}]


def article_scores(p, frame):
    return frame.assign(v=2 * p - 1).groupby(["article_id", "actor", "group", "outlet"], as_index=False).v.mean()


def report(name, arts):
    out = {}
    for actor, sign in (("Barack Obama", 1), ("Donald Trump", -1)):
        a = arts[arts.actor == actor]
        if a.empty:
            continue
        r = group_difference(a.v, a.group, a.outlet, a="left", b="right")
        print(f"  {name} {actor}: {r['effect']:+.3f} [{r['low']:+.3f}, {r['high']:+.3f}] "
              f"-> {verdict(r['effect'], r['low'], r['high'], sign)}  (n={len(a)})")
        out[actor] = verdict(r["effect"], r["low"], r["high"], sign)
    return out


# (a) cross-fitted by outlet
p = np.full(len(rows), np.nan)
for f in FOLDS:
    te = rows.outlet.isin(f).to_numpy()
    m = logreg(0.003, "balanced").fit(X[~te], y[~te])
    p[te] = m.predict_proba(X[te])[:, 1]
print("(a) cross-fitted by outlet")
crossfit = report("distant head", article_scores(p, rows))
report("shipped reader (paragraph score, same rows)",
       rows.assign(v=rows.score).groupby(["article_id", "actor", "group", "outlet"], as_index=False).v.mean())

# (c) Obama rows only -> Trump rows (and the reverse)
ob = (rows.actor == "Barack Obama").to_numpy()
print("(c) trained on one target, scored on the other")
m = logreg(0.003, "balanced").fit(X[ob], y[ob])
swapped = report("Obama-trained on Trump", article_scores(m.predict_proba(X[~ob])[:, 1], rows[~ob]))
m = logreg(0.003, "balanced").fit(X[~ob], y[~ob])
report("Trump-trained on Obama", article_scores(m.predict_proba(X[ob])[:, 1], rows[ob]))

# (b) transfer to labelled author stance
full = logreg(0.003, "balanced").fit(X, y)
d = load_sets(DATA / "persent", DATA / "basil")
g = d.pin.gold.to_numpy()
keep = np.array([x in ("positive", "negative") for x in g])
pf = full.predict_proba(d.pX[keep])[:, 1]
gy = (g[keep] == "positive").astype(int)
auc_p = roc_auc_score(gy, pf)
print(f"(b) PerSenT dev paragraphs pos vs neg: n={keep.sum()} ({gy.sum()} pos); AUC distant head "
      f"{roc_auc_score(gy, pf):.3f}; tone mean score {roc_auc_score(gy, d.pX[keep][:, -5]):.3f}; "
      f"VADER compound {roc_auc_score(gy, d.pX[keep][:, -7]):.3f}")
gb = d.bin_.gold.to_numpy()
kb = np.array([x in ("neutral", "negative") for x in gb])
pb = full.predict_proba(d.bX[kb])[:, 1]
by = (gb[kb] == "negative").astype(int)
auc_b = roc_auc_score(by, 1 - pb)
print(f"(b) BASIL 2010-2012 paragraphs neg vs neutral: n={kb.sum()} ({by.sum()} neg); AUC of 1-P(favour) "
      f"{roc_auc_score(by, 1 - pb):.3f}; -tone mean {roc_auc_score(by, -d.bX[kb][:, -5]):.3f}; "
      f"-VADER {roc_auc_score(by, -d.bX[kb][:, -7]):.3f}")

rules = {"(a) both cross-fitted checks pass": all(v == "passed" for v in crossfit.values()),
         "(b) PerSenT AUC >= 0.65 and BASIL AUC >= 0.60": auc_p >= 0.65 and auc_b >= 0.60,
         "(c) not the opposite Trump direction when trained on Obama": not swapped["Donald Trump"].startswith("FAILED")}
for k, v in rules.items():
    print(f"{k}: {'yes' if v else 'no'}")
print("verdict:", "worth building" if all(rules.values()) else "not built")
