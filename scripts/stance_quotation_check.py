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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stance_dev_folds import basil_cv, load_sets, persent_cv  # noqa: E402 (a script beside this one)

from mediabias.compare.stats import bootstrap_statistic  # noqa: E402
from mediabias.sentiment.stance import LABELS  # noqa: E402
from mediabias.sentiment.stance_fit import macro_f1  # noqa: E402

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--persent", required=True, type=Path)
p.add_argument("--basil", required=True, type=Path)
p.add_argument("--save", required=True, type=Path)
p.add_argument("--against", type=Path)
args = p.parse_args()
t0 = time.time()
d = load_sets(args.persent, args.basil)
pin, pdocs, bin_, bdocs = d.pin, d.pdocs, d.bin_, d.bdocs
for name, inputs in (("PerSenT dev", pin), ("BASIL 2010-2012", bin_)):
    read = inputs[inputs.n_mentions > 0]
    print(f"{name}: {len(read)} paragraphs name the person in the author's voice, "
          f"{int((read.reader_input.str.contains('[QUOTE]', regex=False)).sum())} of them with a masked span; "
          f"{int(inputs.n_masked_mentions.sum())} mentions masked", flush=True)


def paragraph_table(inputs, P, groups):
    ok = (inputs.gold.notna() & (inputs.n_mentions > 0)).to_numpy()
    lab = np.array(LABELS)[np.nan_to_num(P).argmax(1)]
    return pd.DataFrame({"key": (inputs.article_id + "#" + inputs.paragraph.astype(str))[ok], "gold": inputs.gold[ok],
                         "label": lab[ok], "g": groups[ok]})


P, art, _ = persent_cv(d)
PB, blab, _ = basil_cv(d)
tables = {"PerSenT dev article": pd.DataFrame({"key": pdocs.article_id, "gold": pdocs.gold, "label": art, "g": pdocs.actor}),
          "PerSenT dev paragraph": paragraph_table(pin, P, pin.actor),
          "BASIL 2010-2012 article": pd.DataFrame({"key": bdocs.article_id, "gold": bdocs.gold, "label": blab,
                                                   "g": bdocs.event}),
          "BASIL 2010-2012 paragraph": paragraph_table(bin_, PB, bin_.article_id.str.split(":").str[1])}
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
