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

A second candidate (added 2026-12-07, second session, rule written here before its first run): the same inversion
only in documents whose author voice the genre model (``runtime.genre``) reads as opinion (the band of
P(opinion) of the reader inputs joined, other voices masked, the actor's name put back; fewer than 80 words:
unknown, no inversion), as the pipeline would gate it by ``article_genre``. Same ship rule; if it passes, the
pipeline's version is scored on the opinion-outlet known groups as a test, whatever it gives.
"""
import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stance_dev_folds import basil_cv, load_sets, persent_cv  # noqa: E402 (a script beside this one)

from mediabias.compare.stats import bootstrap_statistic  # noqa: E402
from mediabias.evaluation.common import cache_dir  # noqa: E402
from mediabias.runtime.genre import WORD, band, opinion_probability  # noqa: E402
from mediabias.runtime.nlp import load_nlp  # noqa: E402
from mediabias.sentiment.sarcasm import sentence_irony  # noqa: E402
from mediabias.sentiment.stance import LABELS, MASK_MARK, TARGET_MARK  # noqa: E402
from mediabias.sentiment.stance_fit import macro_f1  # noqa: E402
from mediabias.sentiment.tables import sentence_tone  # noqa: E402
from mediabias.sentiment.writer import own_words  # noqa: E402

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--persent", required=True, type=Path)
p.add_argument("--basil", required=True, type=Path)
p.add_argument("--isarcasm", type=Path, help="iSarcasmEval folder (default: beside --persent)")
args = p.parse_args()
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


def with_irony(inputs, name):
    """``inputs`` with each paragraph's irony reasons (kept under the cache folder, keyed by the inputs)."""
    key = hashlib.sha256("\x1e".join(f"{a}\x1f{t}" for a, t in zip(inputs["actor"], inputs["reader_input"])).encode())
    path = Path(cache_dir()) / f"irony-check-{name}-{key.hexdigest()[:16]}.pkl"
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


def genre_of(inputs: pd.DataFrame) -> dict[str, str]:
    """Per document: the genre band of its reader inputs joined (masks dropped, the actor's name put back)."""
    texts = {}
    for aid, actor, t in zip(inputs["article_id"], inputs["actor"], inputs["reader_input"]):
        texts.setdefault(aid, []).append(t.replace(MASK_MARK, " ").replace(TARGET_MARK, actor))
    ids = list(texts)
    joined = [" ".join(texts[a]) for a in ids]
    p = opinion_probability(joined)
    return {a: (band(float(x)) if len(WORD.findall(j)) >= 80 else "unknown") for a, j, x in zip(ids, joined, p)}


def gated(genres):
    """:func:`corrected`, in opinion documents only."""
    def transform(inputs, P):
        opinion = inputs["article_id"].map(genres).eq("opinion").to_numpy()
        inv, Pinv = corrected(inputs, P)
        keep = inputs.assign(**{f"p_{c}": P[:, j] for j, c in enumerate(LABELS)})
        out = keep.copy()
        out.loc[opinion, inv.columns] = inv.loc[opinion, inv.columns]
        return out, np.where(opinion[:, None], Pinv, P)
    return transform


def boot(frame, stat):
    v, lo, hi = bootstrap_statistic(frame, stat, cluster="g", n_boot=1000)
    return f"{v:+.3f} [{lo:+.3f}, {hi:+.3f}]"


d = load_sets(args.persent, args.basil)
d.pin = with_irony(d.pin, "persent-dev")
d.bin_ = with_irony(d.bin_, "basil-tune")
pin, pdocs, bin_, bdocs = d.pin, d.pdocs, d.bin_, d.bdocs
print(f"irony computed ({time.time() - t0:.0f}s)", flush=True)


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


# PerSenT dev and BASIL 2010-2012 CV (the shipped protocol, BASIL rows at weight 1)
P, art0, art1 = persent_cv(d, transform=corrected)
report("PerSenT dev, 5 folds by person", pin, P, pdocs, art0, art1, pdocs.actor.to_numpy())
PB, lab0, lab1 = basil_cv(d, transform=corrected)
report("BASIL 2010-2012, 5 folds by event", bin_, PB, bdocs, lab0, lab1, bdocs.event.to_numpy())
print(f"{time.time() - t0:.0f}s")

# the second candidate: the inversion in opinion documents only
genres = {**genre_of(pin), **genre_of(bin_)}
for name, docs in (("PerSenT dev", pdocs), ("BASIL 2010-2012", bdocs)):
    print(f"{name}: genre of the documents {pd.Series([genres.get(a, 'unknown') for a in docs.article_id]).value_counts().to_dict()}")
P, art0, art1 = persent_cv(d, transform=gated(genres))
report("gated, PerSenT dev, 5 folds by person", pin[pin.article_id.map(genres).eq("opinion")], P[pin.article_id.map(genres).eq("opinion").to_numpy()],
       pdocs, art0, art1, pdocs.actor.to_numpy())
PB, lab0, lab1 = basil_cv(d, transform=gated(genres))
report("gated, BASIL 2010-2012, 5 folds by event", bin_[bin_.article_id.map(genres).eq("opinion")], PB[bin_.article_id.map(genres).eq("opinion").to_numpy()],
       bdocs, lab0, lab1, bdocs.event.to_numpy())


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
