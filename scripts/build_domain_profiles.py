"""Build ``src/mediabias/models/domain.json``: the training-text profiles of the trained instruments.

    python scripts/build_domain_profiles.py --data ../shared/datasets

For each instrument, the MiniLM vectors of (a fixed sample of) its training sentences are clustered
(k-means, k=16, seed 0) and the 95th percentile of a training sentence's distance to its nearest centroid is
kept (:func:`mediabias.runtime.domain.profile`). Only centroids and the threshold are stored: no text. Deterministic.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path


def newsmtsc(data: Path, n: int) -> list[str]:
    from mediabias.evaluation.target_sentiment import read_newsmtsc

    sents = sorted(set(read_newsmtsc(data / "newsmtsc" / "train.jsonl")["sentence"]))
    return random.Random(0).sample(sents, min(n, len(sents)))


def narrative_frames(data: Path, n: int) -> list[str]:
    import pandas as pd

    from mediabias.runtime.text import split_sentences

    arts = pd.read_csv(data / "narrative-frames" / "articles_metadata.tsv", sep="\t")
    sents = [s for text in arts["text"].astype(str) for s in split_sentences(text)]
    return random.Random(0).sample(sents, min(n, len(sents)))


def allsides(data: Path, n: int) -> list[str]:
    """Sentences of the AllSides articles of the outlets and kinds the loaded-language model was trained on
    (a fixed sample of 400 articles, then of their sentences)."""
    from mediabias.runtime.text import split_sentences

    rows = []
    with gzip.open(data / "allsides-articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 50 == 0:  # a fixed thinning of the file: ~740 articles
                rows.append(json.loads(line)["content_original"])
    rows = random.Random(0).sample(rows, min(400, len(rows)))
    sents = [s for text in rows for s in split_sentences(str(text)) if len(s.split()) >= 5]
    return random.Random(0).sample(sents, min(n, len(sents)))


def main(argv=None) -> int:
    from mediabias.runtime.domain import DOMAIN_FILE, profile
    from mediabias.runtime.encoder import encode_sentences
    from mediabias.sentiment import MODEL_DIR

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the shared datasets folder")
    p.add_argument("--n", type=int, default=4000, help="training sentences sampled per instrument")
    args = p.parse_args(argv)
    data = Path(args.data)
    sources = {
        "target_sentiment": ("NewsMTSC news sentences", newsmtsc),
        "frames": ("Narrative Frames climate-news articles", narrative_frames),
        "roles": ("Narrative Frames climate-news articles", narrative_frames),
        "loaded_language": ("AllSides partisan news and opinion articles", allsides),
    }
    cache: dict = {}
    out = {"about": "training-text profiles for mediabias.runtime.domain (k-means centroids of MiniLM sentence vectors, "
                    "95th-percentile distance); built by scripts/build_domain_profiles.py; no text stored",
           "max_outside_share": 0.5, "instruments": {}}
    for name, (label, reader) in sources.items():
        if reader not in cache:
            sents = reader(data, args.n)
            cache[reader] = profile(encode_sentences(sents))
            print(f"{name}: {len(sents)} training sentences, threshold {cache[reader]['threshold']}", flush=True)
        out["instruments"][name] = {"training_data": label, **cache[reader]}
    path = Path(MODEL_DIR) / DOMAIN_FILE
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
