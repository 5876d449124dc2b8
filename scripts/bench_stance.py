"""Seconds per article that the stance reader adds to an analysis, measured on a corpus's articles.

    python scripts/bench_stance.py [--corpus DIR] [--articles N] [--repeat 3]

The tables the reader needs (segments, attributions, actor mentions) are computed first and not timed: the
pipeline has them already. Timed: :func:`mediabias.sentiment.stance.corpus_stance` (the input rewriting, one
encoder pass over every (actor, paragraph) that names the actor, the paragraph model) and
:func:`~mediabias.sentiment.stance.article_stance`, with the encoder's per-process vector store and the kept
target-sentiment readings emptied before each repeat (as the engine does before each chunk), then the actor
mentions read again, untimed, as the ``actor_sentiment`` step does before ``stance`` in a chunk (the stance
reader reuses its readings of identical inputs). Prints the best of the repeats.
"""

from __future__ import annotations

import argparse
import os
import time


def main(argv=None) -> int:
    from mediabias.corpus import load_corpus
    from mediabias.corpus.segment import segmented
    from mediabias.models.target_sentiment import clear_scored
    from mediabias.runtime.encoder import clear_encoded, encode_sentences
    from mediabias.runtime.onnxrt import THREADS_ENV
    from mediabias.sentiment import actor_sentiment
    from mediabias.sentiment.stance import article_stance, corpus_stance
    from mediabias.sources import attributions

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus")
    p.add_argument("--articles", type=int, default=12)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    corpus = load_corpus(args.corpus)
    corpus = segmented(corpus.select_ids(list(corpus.articles["article_id"])[: args.articles]))
    att = attributions(corpus)
    encode_sentences(["warm up the encoder"])
    times = []
    for _ in range(args.repeat):
        clear_encoded()
        clear_scored()
        mentions = actor_sentiment(corpus, attributions=att)  # not timed: as in a chunk, its target readings are kept
        t0 = time.perf_counter()
        table = corpus_stance(corpus.segments, att, mentions)
        arts = article_stance(table)
        times.append(time.perf_counter() - t0)
    n = len(corpus.articles)
    best = min(times)
    print(f"{n} articles, {arts.shape[0]} (article, actor) pairs, {len(table)} (actor, paragraph) rows read; "
          f"{THREADS_ENV}={os.environ.get(THREADS_ENV, '1')}")
    print(f"best of {args.repeat}: {best:.2f}s = {best / n:.3f} s/article, {1000 * best / max(len(table), 1):.1f} ms per "
          f"(actor, paragraph); all runs: {', '.join(f'{t:.2f}' for t in times)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
