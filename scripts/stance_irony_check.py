"""Does inverting ironic praise (writer rule 3b) cost the stance reader anything on news? Dev data only.

    python scripts/stance_irony_check.py --persent ../shared/datasets/persent --basil ../shared/datasets/basil

The one candidate, fixed before any score was seen: a paragraph that counts, holds an irony-flagged author-voice
sentence (:func:`mediabias.sentiment.sarcasm.sentence_irony`: the cue rules and the sarcasm classifier) and reads
positive has its literal readings inverted before the article model reads it
(``invert_irony`` below: P(positive) and P(negative) swapped, VADER's parts swapped and
its compound negated, the sentence-tone readings negated). It is made for opinion prose (Hot Air's "mission accomplished"
paragraph), where no labelled data exists here; this script checks that it costs nothing on the labelled news:

* iSarcasmEval train (in-sample for the classifier): for the sarcastic tweets the flag marks and whose words read
  positive, the polarity (VADER) of their authors' literal rephrases: is praise in sarcasm mostly blame?
* PerSenT dev, 5 folds grouped by person (the shipped settings, BASIL 2010-2012 rows in every training fold):
  article macro-F1 with and without the inversion, paired (bootstrap over persons);
* BASIL 2010-2012, 5 folds grouped by event: article-level ``author_feeling``, the same.

The irony flags are computed on the reader's inputs (other voices masked, the actor's name put back), split into
sentences by spaCy: an approximation of the pipeline, which flags the author-voice sentences of its own segments.
Never reads BASIL 2013-2014 nor PerSenT's test files. Ship rule (fixed beforehand): neither paired difference
below -0.01.
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
from mediabias.runtime.nlp import load_nlp  # noqa: E402
from mediabias.sentiment.sarcasm import sentence_irony  # noqa: E402
from mediabias.sentiment.stance import EXTRA_FEATURES, LABELS, MASK_MARK, TARGET_MARK  # noqa: E402
from mediabias.sentiment.stance_fit import (fit_article, logreg, macro_f1, oof_paragraph_probs,  # noqa: E402
                                            predict_articles, prepare, train_rows)
from mediabias.sentiment.tables import sentence_tone  # noqa: E402
from mediabias.sentiment.writer import own_words  # noqa: E402

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--persent", required=True, type=Path)
p.add_argument("--basil", required=True, type=Path)
p.add_argument("--isarcasm", type=Path, help="iSarcasmEval folder (default: beside --persent)")
args = p.parse_args()
C, AC, CW = 0.003, 0.01, "balanced"
t0 = time.time()


def polarity(x):
    return np.where(x >= 0.05, "positive", np.where(x <= -0.05, "negative", "neutral"))


# iSarcasmEval: what sarcastic praise means, by its authors' rephrases
sarc = pd.read_csv((args.isarcasm or args.persent.parent / "isarcasmeval") / "train" / "train.En.csv")
sarc = sarc[(sarc.sarcastic == 1) & sarc.rephrase.notna()].reset_index(drop=True)
lit = sentence_tone(sarc.tweet.tolist())["vader_compound"].to_numpy()
meant = sentence_tone(sarc.rephrase.tolist())["vader_compound"].to_numpy()
flag = sentence_irony(sarc.tweet.tolist())["irony_flag"].to_numpy()
hit = flag & (lit >= 0.05)
print(f"iSarcasmEval train: {len(sarc)} sarcastic tweets with a rephrase; literal positive {int((lit >= 0.05).sum())}, "
      f"their rephrases {pd.Series(polarity(meant[lit >= 0.05])).value_counts().to_dict()}; flagged and literal "
      f"positive {int(hit.sum())}, their rephrases {pd.Series(polarity(meant[hit])).value_counts().to_dict()}",
      flush=True)

NLP = load_nlp(disable=("ner",))


def paragraph_irony(inputs: pd.DataFrame) -> list[str]:
    """Per reader input: the irony reasons of its sentences with at least 3 words of the writer's own."""
    texts = [t.replace(TARGET_MARK, a) for t, a in zip(inputs["reader_input"], inputs["actor"])]
    sents, prev, owner = [], [], []
    for i, doc in enumerate(NLP.pipe(texts, batch_size=64)):
        last = None
        for s in doc.sents:
            if own_words(s.text.replace(MASK_MARK, " ")) >= 3:
                sents.append(s.text)
                prev.append(last)
                owner.append(i)
            last = s.text
    flags = sentence_irony(sents, previous=prev)
    out = [[] for _ in texts]
    for i, f, r in zip(owner, flags["irony_flag"], flags["irony_reason"]):
        if f:
            out[i].append(r)
    return ["; ".join(x) for x in out]


def with_irony(inputs, cache_name):
    path = Path(cache_dir()) / cache_name
    if path.exists():
        irony = pd.read_pickle(path)
    else:
        irony = paragraph_irony(inputs)
        pd.to_pickle(irony, path)
    return inputs.assign(irony=irony, counts=inputs["n_mentions"] > 0)


#: Columns swapped and negated by the inversion: the paragraph's literal readings.
SWAPPED = (("p_negative", "p_positive"), ("vader_neg", "vader_pos"), ("tone_mean_p_negative", "tone_mean_p_positive"),
           ("tone_min_score", "tone_max_score"))
NEGATED = ("vader_compound", "tone_mean_score", "tone_min_score", "tone_max_score")


def invert_irony(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The literal readings of each paragraph that counts, holds an irony flag and reads positive, inverted."""
    out = paragraphs.copy()
    hit = (paragraphs["counts"].astype(bool) & (paragraphs["irony"] != "")
           & (paragraphs["p_positive"] > paragraphs["p_negative"])).to_numpy()
    for col in NEGATED:
        out.loc[hit, col] = -paragraphs.loc[hit, col]
    for a, b in SWAPPED:
        x, y = out.loc[hit, a].to_numpy().copy(), out.loc[hit, b].to_numpy().copy()
        out.loc[hit, a], out.loc[hit, b] = y, x
    return out


def corrected(inputs, P):
    """Inputs and probabilities after :func:`invert_irony`."""
    frame = inputs.assign(**{f"p_{c}": P[:, j] for j, c in enumerate(LABELS)})
    inv = invert_irony(frame)
    return inv, inv[[f"p_{c}" for c in LABELS]].to_numpy()


def boot(frame, stat):
    v, lo, hi = bootstrap_statistic(frame, stat, cluster="g", n_boot=1000)
    return f"{v:+.3f} [{lo:+.3f}, {hi:+.3f}]"


pdocs, pin, pX = load(args.persent / "dev.csv", mask=True, limit=None)
articles, judgements = read_basil(args.basil)
bdocs = paragraph_documents(articles, judgements, TUNE_YEARS)
bdocs["event"] = bdocs["article_id"].str.split(":").str[1].map(dict(zip(articles["article_id"], articles["event"])))
bin_ = read_documents(bdocs[["article_id", "actor", "paragraphs"]], cache=cache_dir())[0]
bin_, bX = prepare(bdocs, inputs=bin_, cache=cache_dir())
pin = with_irony(pin, "irony-check-persent-dev.pkl")
bin_ = with_irony(bin_, "irony-check-basil-tune.pkl")
brows = train_rows(bin_, "mentioned")
print(f"irony computed ({time.time() - t0:.0f}s)", flush=True)


def fitp(rows_p, extra_rows=brows):
    Xtr = np.vstack([pX[rows_p], bX[extra_rows]])
    ytr = np.concatenate([pin.gold.to_numpy()[rows_p], bin_.gold.to_numpy()[extra_rows]])
    return logreg(C, CW).fit(Xtr, ytr)


def report(name, inputs, P, docs, lab0, lab1, groups):
    read = inputs[inputs.n_mentions > 0].assign(p_negative=P[inputs.n_mentions.to_numpy() > 0, 0],
                                                p_positive=P[inputs.n_mentions.to_numpy() > 0, 2])
    ironic = read[(read.irony != "")]
    inverted = ironic[ironic.p_positive > ironic.p_negative]
    print(f"{name}: {len(read)} read paragraphs, {len(ironic)} with an irony flag, {len(inverted)} inverted "
          f"(gold of those: {inverted.gold.value_counts(dropna=False).to_dict()}); articles changed "
          f"{int((np.array(lab0) != np.array(lab1)).sum())} of {len(docs)}", flush=True)
    f = pd.DataFrame({"gold": docs.gold.to_numpy(), "a0": lab0, "a1": lab1, "g": groups})
    print(f"  article macro-F1 {macro_f1(f.gold, f.a0):.3f} -> {macro_f1(f.gold, f.a1):.3f}; paired "
          + boot(f, lambda x: macro_f1(x.gold, x.a1) - macro_f1(x.gold, x.a0)), flush=True)
    changed = f[f.a0 != f.a1]
    if len(changed):
        print("  changed:", pd.crosstab(changed.gold, changed.a0 + " -> " + changed.a1).to_string().replace("\n", "\n  "))


# PerSenT dev CV (the shipped protocol of stance_basil_rows_check.py, weight 1)
P = np.full((len(pin), 3), np.nan)
art0, art1 = [None] * len(pdocs), [None] * len(pdocs)
for tr, te in GroupKFold(n_splits=5).split(pdocs, groups=pdocs["actor"]):
    tr_ids, te_ids = set(pdocs.article_id.iloc[tr]), set(pdocs.article_id.iloc[te])
    m = fitp(np.intersect1d(train_rows(pin, "mentioned"), np.flatnonzero(pin.article_id.isin(tr_ids))))
    te_rows = np.flatnonzero(pin.article_id.isin(te_ids))
    P[te_rows] = m.predict_proba(pX[te_rows])
    sub = pdocs.iloc[tr]
    Pin = np.full((len(pin), 3), np.nan)
    for itr, ite in GroupKFold(n_splits=5).split(sub, groups=sub["actor"]):
        r = np.intersect1d(train_rows(pin, "mentioned"), np.flatnonzero(pin.article_id.isin(set(sub.article_id.iloc[itr]))))
        er = np.flatnonzero(pin.article_id.isin(set(sub.article_id.iloc[ite])))
        Pin[er] = fitp(r).predict_proba(pX[er])
    amodel = fit_article(pdocs, pin, Pin, tr, C=AC, class_weight=CW)
    sel = pin.article_id.isin(te_ids).to_numpy()
    lab0, _ = predict_articles(pdocs.iloc[te], pin[sel], P[sel], amodel)
    inv, Pinv = corrected(pin[sel], P[sel])
    lab1, _ = predict_articles(pdocs.iloc[te], inv, Pinv, amodel)
    for j, a, b in zip(te, lab0, lab1):
        art0[j], art1[j] = a, b
report("PerSenT dev, 5 folds by person", pin, P, pdocs, art0, art1, pdocs.actor.to_numpy())

# BASIL 2010-2012 CV by event
idx_all = np.arange(len(pdocs))
Pp = oof_paragraph_probs(pdocs, pin, pX, idx_all, C=C, class_weight=CW, which="mentioned")
amodel = fit_article(pdocs, pin, Pp, idx_all, C=AC, class_weight=CW)
prow = train_rows(pin, "mentioned")
PB = np.full((len(bin_), 3), np.nan)
for tr, te in GroupKFold(n_splits=5).split(bdocs, groups=bdocs["event"]):
    tr_ids, te_ids = set(bdocs.article_id.iloc[tr]), set(bdocs.article_id.iloc[te])
    br = np.intersect1d(brows, np.flatnonzero(bin_.article_id.isin(tr_ids)))
    er = np.flatnonzero(bin_.article_id.isin(te_ids))
    PB[er] = fitp(prow, br).predict_proba(bX[er])
lab0, _ = predict_articles(bdocs, bin_, PB, amodel)
inv, PBinv = corrected(bin_, PB)
lab1, _ = predict_articles(bdocs, inv, PBinv, amodel)
report("BASIL 2010-2012, 5 folds by event", bin_, PB, bdocs, lab0, lab1, bdocs.event.to_numpy())
print(f"{time.time() - t0:.0f}s")


# Which irony signals fire on the inverted paragraphs, and the gold of those paragraphs
def kinds(reason: str) -> str:
    found = [k for k, pat in (("model", "model P"), ("phrase", "phrase"), ("scare quotes", "scare quotes"),
                               ("rhetorical question", "rhetorical question")) if pat in reason]
    return " + ".join(found)


for name, inputs, PP in (("PerSenT dev", pin, P), ("BASIL 2010-2012", bin_, PB)):
    frame = inputs.assign(p_negative=PP[:, 0], p_positive=PP[:, 2])
    inv_rows = frame[(frame.n_mentions > 0) & (frame.irony != "") & (frame.p_positive > frame.p_negative)]
    print(f"{name}, inverted paragraphs by signal (rows) and gold (columns):")
    print(pd.crosstab(inv_rows.irony.map(kinds), inv_rows.gold.fillna("unlabelled")).to_string())

# Does the flag pick out the positive readings that are wrong? Precision of "positive" with and without it.
for name, inputs, PP in (("PerSenT dev", pin, P), ("BASIL 2010-2012", bin_, PB)):
    frame = inputs.assign(p_negative=PP[:, 0], p_positive=PP[:, 2])
    pos = frame[(frame.n_mentions > 0) & frame.gold.notna() & (frame.p_positive > frame.p_negative)]
    for flagged, g in pos.groupby(pos.irony != ""):
        print(f"{name}, paragraphs read positive (P(pos) > P(neg)), {'with' if flagged else 'without'} an irony flag: "
              f"{len(g)}, gold {g.gold.value_counts().to_dict()}, gold positive {(g.gold == 'positive').mean():.2f}")
