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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stance_dev_folds import basil_cv, load_sets, persent_cv  # noqa: E402 (a script beside this one)

from mediabias.compare.stats import bootstrap_statistic  # noqa: E402
from mediabias.evaluation.comparison import TUNE_YEARS  # noqa: E402
from mediabias.sentiment.stance import LABELS  # noqa: E402
from mediabias.sentiment.stance_fit import macro_f1  # noqa: E402

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--persent", required=True, type=Path)
p.add_argument("--basil", required=True, type=Path)
args = p.parse_args()
t0 = time.time()
d = load_sets(args.persent, args.basil)
pin, pdocs, bin_, bdocs = d.pin, d.pdocs, d.bin_, d.bdocs
print(f"BASIL {min(TUNE_YEARS)}-{max(TUNE_YEARS)}: {len(bdocs)} judged pairs; paragraphs naming the entity in the "
      "author's voice:", bin_[(bin_.n_mentions > 0) & bin_.gold.notna()].gold.value_counts().to_dict(), flush=True)


def boot(frame, stat):
    v, lo, hi = bootstrap_statistic(frame, stat, cluster="g", n_boot=1000)
    return f"{v:.3f} [{lo:.3f}, {hi:.3f}]"


def paragraph_f1(inputs, P):
    lab = np.array(LABELS)[np.nan_to_num(P).argmax(1)]
    ok = (inputs.gold.notna() & (inputs.n_mentions > 0)).to_numpy()
    return macro_f1(inputs.gold[ok], lab[ok]), int(ok.sum())


# PerSenT dev CV, with / without the BASIL rows in every training fold
res = {}
for w in (0, 1.0, 3.0):
    P, art, _ = persent_cv(d, weight=w)
    res[w] = art
    print(f"PerSenT dev CV, BASIL weight {w}: article {macro_f1(pdocs.gold, art):.3f}  "
          f"paragraph {paragraph_f1(pin, P)[0]:.3f}  ({time.time()-t0:.0f}s)", flush=True)
f = pd.DataFrame({"gold": pdocs.gold, "a0": res[0], "a1": res[1.0], "a3": res[3.0], "g": pdocs.actor})
for k in ("a1", "a3"):
    print(k, "minus a0:", boot(f, lambda x, k=k: macro_f1(x.gold, x[k]) - macro_f1(x.gold, x.a0)))

# BASIL 2010-2012 CV by event: paragraph model on PerSenT all (+ BASIL other events); article model on PerSenT
out = {}
for w in (0, 1.0, 3.0):
    PB, lab, _ = basil_cv(d, weight=w)
    out[w] = lab
    f1, n = paragraph_f1(bin_, PB)
    print(f"BASIL 2010-2012 CV by event, weight {w}: article author_feeling {macro_f1(bdocs.gold, lab):.3f}  "
          f"paragraph {f1:.3f} (n para {n})", flush=True)
fb = pd.DataFrame({"gold": bdocs.gold, "a0": out[0], "a1": out[1.0], "a3": out[3.0], "g": bdocs.event})
for k in ("a1", "a3"):
    print("BASIL", k, "minus a0:", boot(fb, lambda x, k=k: macro_f1(x.gold, x[k]) - macro_f1(x.gold, x.a0)))
print(f"{time.time()-t0:.0f}s")
