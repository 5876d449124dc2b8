"""Retrain the sentiment-holder classifier committed as ``src/mediabias/models/holder_lr.json``.

    python scripts/train_holder.py --data ../shared/datasets/dsa          # the baseline (logistic regression)
    python scripts/train_holder.py --data ../shared/datasets/dsa --net    # the shipped network (holder_net.*)

Reads DSA ``train.txt`` (Park, Pan & Joo, ACL-IJCNLP 2021: sentences with two bracketed entities and the direction
of sentiment between them), computes :func:`mediabias.sentiment.holder.pair_features` (frozen MiniLM, one pass per
sentence, cached under ``$MEDIABIAS_CACHE``), chooses the regularisation C and the class weighting by stratified
K-fold cross-validation on train.txt grouped by sentence (five-class macro-F1), and refits a multinomial logistic
regression on all of train.txt (:mod:`mediabias.models.holder`). ``valid.txt`` is never used for fitting or choosing: ``--valid`` only prints its
score for the chosen model. The DSA test split is reserved and never read. Deterministic for the same data and
package versions. Prints progress to stdout (run it with ``nice`` and redirect to a log).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def parse_args(argv=None):
    from mediabias import paths
    from mediabias.models.holder import CS, WEIGHTS

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the DSA folder (holding train.txt)")
    p.add_argument("--out", default=str(paths.MODELS_DIR / "holder_lr.json"), help="where to write the model JSON")
    p.add_argument("--Cs", type=float, nargs="+", default=list(CS))
    p.add_argument("--weights", nargs="+", default=list(WEIGHTS), help="class weightings to try")
    p.add_argument("--folds", type=int, default=3)
    p.add_argument("--limit", type=int, help="use the first N pairs of train.txt only (smoke test)")
    p.add_argument("--valid", action="store_true", help="print valid.txt scores of the chosen model (report only)")
    p.add_argument("--net", action="store_true",
                   help="fine-tune the holder network (models/holder_net.*, settings fixed in holder_net.Settings) "
                        "instead of the logistic regression; --out is then a folder (default: the package's models/)")
    return p.parse_args(argv)


def train_net(args) -> int:
    """Fine-tune and export the holder network on train.txt (valid.txt is not read)."""
    from mediabias.evaluation.holder import read_dsa
    from mediabias.models import holder_net

    train = read_dsa(Path(args.data) / "train.txt", limit=args.limit)
    settings = holder_net.Settings()
    net = holder_net.train(train, settings, report=lambda line: print(line, flush=True))
    out = Path(args.out).parent if args.out.endswith(".json") else Path(args.out)
    weights = holder_net.export(net, out, settings=settings, provenance={
        "train_file": "DSA train.txt" + (f" (first {args.limit})" if args.limit else ""), "train_pairs": len(train),
        "retrain": "python scripts/train_holder.py --data PATH/TO/dsa --net"})
    print(f"wrote {weights}", flush=True)
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.net:
        return train_net(args)
    from sklearn.metrics import f1_score

    from mediabias.evaluation.holder import features, read_dsa
    from mediabias.models import holder as holder_model
    from mediabias.runtime.encoder import base_sha256

    data = Path(args.data)
    t = time.time()
    train = read_dsa(data / "train.txt", limit=args.limit)
    X, y = features(train), train["gold"].to_numpy()
    print(f"train: {len(train)} pairs ({train.attrs['dropped']} lines left out), features in {time.time() - t:.0f} s",
          flush=True)
    pipe, C, weight, grid = holder_model.train(X, y, train["sentence"].to_numpy(), Cs=args.Cs, weights=args.weights,
                                               folds=args.folds, report=lambda line: print(line, flush=True))
    holder_model.export(pipe, Path(args.out), C=C, weight=weight, grid=grid, folds=args.folds,
                        base_sha256=base_sha256(), train_pairs=len(train),
                        train_file="DSA train.txt" + (f" (first {args.limit})" if args.limit else ""))
    print(f"chosen C={C}, class_weight={weight}; wrote {args.out}", flush=True)
    if args.valid:
        valid = read_dsa(data / "valid.txt")
        pred = pipe.predict(features(valid))
        print(f"valid.txt (report only): macro-F1 {f1_score(valid['gold'], pred, average='macro'):.4f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
