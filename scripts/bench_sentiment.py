"""Speed of the sentiment step: sentences per second, on the seed corpus and on AllSides articles.

    python scripts/bench_sentiment.py            # seeds + 1,000 AllSides articles
    python scripts/bench_sentiment.py --n 200    # fewer AllSides articles

Timings exclude loading the models (a warm-up call runs first). Reports, for each corpus: sentence splitting + actor mentions (spaCy; NER for AllSides, whose stories have no
actor list), the target model alone (sentences holding a mention, one forward pass per mention), VADER,
and the whole step end to end. The AllSides articles (Baly et al. 2020) are read from
``$MEDIABIAS_DATA/allsides-articles/articles.jsonl.gz``; nothing from them is written anywhere.
"""

from __future__ import annotations

import argparse
import os
import time

from _allsides import allsides_texts  # scripts/_allsides.py (this folder is on sys.path when run as a script)

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def bench(name: str, texts: list[str], stories: list[str | None], model, nlp) -> dict:
    from mediabias.sentiment.actors import actor_mentions
    from mediabias.corpus.segment import sentence_spans
    from mediabias.sentiment import sentence_tone, target_sentiment

    t0 = time.perf_counter()
    spans = sentence_spans(texts)
    t1 = time.perf_counter()
    frames = [actor_mentions(t, story=s, nlp=nlp, sentences=sp) for t, s, sp in zip(texts, stories, spans)]
    t2 = time.perf_counter()
    sents, targets = [], []
    for text, m in zip(texts, frames):
        for r in m.itertuples():
            sents.append(text[r.sentence_start:r.sentence_end])
            targets.append((r.mention_start - r.sentence_start, r.mention_end - r.sentence_start))
    target_sentiment(sents, targets, model=model)
    t3 = time.perf_counter()
    all_sentences = [t[a:b] for t, sp in zip(texts, spans) for a, b in sp]
    sentence_tone(all_sentences)
    t4 = time.perf_counter()
    n_sent = len(all_sentences)
    return {
        "corpus": name, "articles": len(texts), "sentences": n_sent, "mentions": len(sents),
        "split_s": round(t1 - t0, 1), "actors_s": round(t2 - t1, 1), "target_model_s": round(t3 - t2, 1),
        "vader_s": round(t4 - t3, 2),
        "target_model_mentions_per_s": round(len(sents) / (t3 - t2), 1) if sents else None,
        "vader_sentences_per_s": round(n_sent / (t4 - t3), 0),
        "whole_step_sentences_per_s": round(n_sent / (t4 - t0), 1),
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="sentences per second of the sentiment step")
    p.add_argument("--n", type=int, default=1000, help="AllSides articles to run (0 to skip)")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    import torch

    from mediabias.corpus import load_corpus
    from mediabias.runtime.nlp import load_nlp
    from mediabias.sentiment import load_target_model

    torch.set_num_threads(args.threads)
    model, nlp = load_target_model(), load_nlp()
    from mediabias.sentiment import sentence_tone, target_sentiment

    target_sentiment(["Warm-up sentence about Obama."], [(22, 27)], model=model)  # first call pays one-off costs
    sentence_tone(["Warm-up sentence."])
    nlp("Warm-up sentence.")
    corpus = load_corpus()
    rows = [bench("seeds", list(corpus.articles.text), list(corpus.articles.story), model, nlp)]
    if args.n:
        texts = allsides_texts(args.n)
        if texts:
            rows.append(bench(f"allsides ({len(texts)} articles)", texts, [None] * len(texts), model, nlp))
        else:
            print("AllSides articles not found ($MEDIABIAS_DATA/allsides-articles): skipped")
    import pandas as pd

    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(pd.DataFrame(rows).set_index("corpus").T.to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
