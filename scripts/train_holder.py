"""Retrain the sentiment-holder classifier committed as ``src/mediabias/models/holder_lr.json``.

    python scripts/train_holder.py --data ../shared/datasets/dsa

Reads DSA ``train.txt`` (Park, Pan & Joo, ACL-IJCNLP 2021: sentences with two bracketed entities and the direction
of sentiment between them), computes :func:`mediabias.sentiment.holder.pair_features` (frozen MiniLM, one pass per
sentence, cached under ``$MEDIABIAS_CACHE``), chooses the regularisation C and the class weighting by stratified
K-fold cross-validation on train.txt grouped by sentence (five-class macro-F1), and refits a multinomial logistic
regression on all of train.txt. ``valid.txt`` is never used for fitting or choosing: ``--valid`` only prints its
score for the chosen model. The DSA test split is reserved and never read. Deterministic for the same data and
package versions. Prints progress to stdout (run it with ``nice`` and redirect to a log).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np


def parse_args(argv=None):
    from mediabias import paths

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the DSA folder (holding train.txt)")
    p.add_argument("--out", default=str(paths.MODELS_DIR / "holder_lr.json"), help="where to write the model JSON")
    p.add_argument("--Cs", type=float, nargs="+", default=[0.003, 0.01, 0.03, 0.1])
    p.add_argument("--weights", nargs="+", default=["balanced", "none"], help="class weightings to try")
    p.add_argument("--folds", type=int, default=3)
    p.add_argument("--limit", type=int, help="use the first N pairs of train.txt only (smoke test)")
    p.add_argument("--valid", action="store_true", help="print valid.txt scores of the chosen model (report only)")
    return p.parse_args(argv)


def make(C: float, weight: str):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=C, class_weight=None if weight == "none" else weight,
                                                              max_iter=3000))


def choose(X, y, groups, args) -> tuple[float, str, list[dict]]:
    """C and class weighting with the best cross-validated five-class macro-F1 (folds grouped by sentence)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    folds = list(StratifiedGroupKFold(args.folds, shuffle=True, random_state=0).split(X, y, groups))
    grid = []
    for weight in args.weights:
        for C in args.Cs:
            t = time.time()
            pred = np.empty(len(y), dtype=object)
            for tr, te in folds:
                pred[te] = make(C, weight).fit(X[tr], y[tr]).predict(X[te])
            f1 = f1_score(y, pred.astype(str), average="macro")
            grid.append({"C": C, "class_weight": weight, "cv_macro_f1": round(float(f1), 4)})
            print(f"C={C} weight={weight}: CV macro-F1 {f1:.4f} ({time.time() - t:.0f} s)", flush=True)
    best = max(grid, key=lambda g: g["cv_macro_f1"])
    return best["C"], best["class_weight"], grid


def main(argv=None) -> int:
    args = parse_args(argv)
    from sklearn.metrics import f1_score

    from mediabias.evaluation.common import export_logreg, write_model
    from mediabias.evaluation.holder import features, read_dsa
    from mediabias.runtime.encoder import base_sha256
    from mediabias.sentiment.holder import LABELS

    data = Path(args.data)
    t = time.time()
    train = read_dsa(data / "train.txt", limit=args.limit)
    X, y = features(train), train["gold"].to_numpy()
    print(f"train: {len(train)} pairs ({train.attrs['dropped']} lines left out), features in {time.time() - t:.0f} s",
          flush=True)
    C, weight, grid = choose(X, y, train["sentence"].to_numpy(), args)
    pipe = make(C, weight).fit(X, y)
    order = [list(pipe.classes_).index(lab) for lab in LABELS]
    model = export_logreg(pipe, pipe.classes_, kind="multinomial")
    model["labels"] = list(LABELS)
    model["coef"] = [model["coef"][i] for i in order]
    model["intercept"] = [model["intercept"][i] for i in order]
    model.update({
        "features": "mediabias.sentiment.holder.pair_features: MiniLM (all-MiniLM-L6-v2, frozen) mean of all tokens, "
                    "of p, of q, of the tokens between them (4 x 384), no-gap flag, log(1 + gap characters)",
        "base_sha256": base_sha256(),
        "C": C, "class_weight": weight, "selection": f"{args.folds}-fold CV on train.txt grouped by sentence: "
        + "; ".join(f"C={g['C']} {g['class_weight']} {g['cv_macro_f1']}" for g in grid),
        "train_file": "DSA train.txt" + (f" (first {args.limit})" if args.limit else ""),
        "train_pairs": int(len(train)),
    })
    write_model(model, Path(args.out), "holder_lr.json")
    print(f"chosen C={C}, class_weight={weight}; wrote {args.out}", flush=True)
    if args.valid:
        valid = read_dsa(data / "valid.txt")
        pred = pipe.predict(features(valid))
        print(f"valid.txt (report only): macro-F1 {f1_score(valid['gold'], pred, average='macro'):.4f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
