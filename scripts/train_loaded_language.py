"""Retrain the loaded-language model committed as ``src/mediabias/models/loaded_language_lr.json``.

    python scripts/train_loaded_language.py --data ../shared/datasets

Training data: distant labels from the AllSides article collection (``allsides-articles/articles.jsonl.gz``,
Baly et al. 2020, Apache-2.0): quote-free sentences of opinion and partisan-commentary articles (label 1) vs
straight news of wire services and centre-rated newsrooms (label 0), by the rules of
``src/mediabias/resources/distant_labels.yaml``; ``--per-class`` sentences each, seed 0. Sentences that also
occur in MBIC (``babe-mbic/mbic_sg1.csv``, when present) are left out so that the evaluation never scores a
sentence the model was trained on; nothing else of MBIC is used. Features: :func:`mediabias.language.model.features`.
Model (:mod:`mediabias.models.loaded_language`): standardised logistic regression, C chosen by 3-fold CV on the training sentences themselves (log-loss),
threshold 0.5 (balanced classes). Output: plain JSON (scaler statistics and coefficients), deterministic for the
same data and package versions; no text is written. About 10 minutes on 2 cores for 30,000 per class
(mostly MiniLM encoding; vectors are cached under ``$MEDIABIAS_CACHE``, default ``~/.cache/mediabias``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def main(argv=None) -> int:
    import numpy as np

    from mediabias import paths
    from mediabias.evaluation.common import cache_dir
    from mediabias.language import distant
    from mediabias.language import model as loaded_model
    from mediabias.models import loaded_language as loaded_lr

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(paths.data_dir()), help="the datasets folder (holding allsides-articles/)")
    p.add_argument("--per-class", type=int, default=30000, help="training sentences per label (default 30000)")
    p.add_argument("--out", default=str(paths.MODELS_DIR / "loaded_language_lr.json"))
    args = p.parse_args(argv)
    data = Path(args.data)
    started = time.perf_counter()
    exclude = set()
    mbic = data / "babe-mbic" / "mbic_sg1.csv"
    if mbic.exists():
        from mediabias.evaluation.loaded_language import read_mbic

        exclude = set(read_mbic(mbic)["text"].str.lower())
    records = distant.read_records(data / "allsides-articles" / "articles.jsonl.gz")
    texts, labels = distant.training_sentences(records, per_class=args.per_class, seed=0, exclude=exclude)
    y = np.asarray(labels)
    print(f"{len(texts)} training sentences ({int(y.sum())} opinion/commentary, {int((1 - y).sum())} news); "
          f"{len(exclude)} MBIC sentences excluded", flush=True)
    X = loaded_model.features(texts, cache_dir=cache_dir())
    print(f"features {X.shape} in {time.perf_counter() - started:.0f} s", flush=True)
    pipe, C, losses = loaded_lr.train(X, y)
    print("inner CV log-loss:", {c: round(v, 4) for c, v in losses.items()}, "-> C", C, flush=True)
    out = Path(args.out)
    loaded_lr.export(pipe, out, C=C, feature_names=loaded_model.feature_names()[384:], training={
        "data": "AllSides articles (Baly et al. 2020, Apache-2.0), distant labels",
        "rules": "resources/distant_labels.yaml", "per_class": args.per_class,
        "n": len(texts), "seed": 0, "mbic_sentences_excluded": len(exclude)})
    print(f"wrote {out} ({out.stat().st_size / 1e3:.0f} kB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
