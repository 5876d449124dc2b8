"""Print every same-fact pair of a corpus (mediabias.compare.same_fact) with both sentences, to read them.

    python scripts/read_same_fact.py [--corpus DIR] [--threshold 0.5]

Used to choose the threshold in ``resources/same_fact.yaml``: read each pair, judge whether the two sentences
report the same fact, and see where the judgements turn.
"""

from __future__ import annotations

import argparse

from mediabias.compare.same_fact import align, describe_sides
from mediabias.pipeline import load_results
from mediabias.runtime.encoder import encode_sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    results = load_results(args.corpus, steps=("articles", "segments", "attributions", "loaded_language_spans"))
    seg = results["segments"]
    sents = seg[seg["level"] == "sentence"].reset_index(drop=True)
    sents["story"] = sents["article_id"].map(results["articles"].set_index("article_id")["story"])
    pairs = align(sents, encode_sentences(list(sents["text"])), threshold=args.threshold)
    sides = describe_sides(pairs, sents, results["attributions"], results["loaded_language_spans"])
    for pair, two in sides.groupby("pair", sort=False):
        print(f"== {pair}  cosine {two['similarity'].iloc[0]:.3f}")
        for r in two.itertuples():
            print(f"  [{r.speaking_outlet}/{r.voice} {r.segment_id}] {r.text}")
            print(f"      quoted: {r.quoted or '-'} | cues: {r.cues or '-'} | loaded: {r.loaded or '-'}")


if __name__ == "__main__":
    main()
