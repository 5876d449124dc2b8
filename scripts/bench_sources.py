"""Time attribution extraction on top of spaCy parsing (target: extraction adds <= 25% to parse time).

    .venv/bin/python scripts/bench_sources.py --n 1000

Prints, for the seed corpus and for the first N articles of the AllSides dataset (Baly et al. 2020,
``allsides-articles/articles.jsonl.gz`` under $MEDIABIAS_DATA or ../shared/datasets), the parse time,
the extraction time and their ratio. Nothing is written.
"""

from __future__ import annotations

import argparse
import time

from _allsides import allsides_texts  # scripts/_allsides.py (this folder is on sys.path when run as a script)


def bench(name: str, texts: list[str], nlp) -> dict:
    from mediabias.sources import extract_attributions, parse

    t0 = time.perf_counter()
    docs = list(parse(texts, nlp=nlp))
    t1 = time.perf_counter()
    n_att = sum(len(extract_attributions(d.text, doc=d)) for d in docs)
    t2 = time.perf_counter()
    parse_s, extract_s = t1 - t0, t2 - t1
    row = {"set": name, "articles": len(texts), "words": sum(len(t.split()) for t in texts),
           "attributions": n_att, "parse_s": round(parse_s, 2), "extract_s": round(extract_s, 2),
           "extract_over_parse": round(extract_s / parse_s, 3) if parse_s else None}
    print(f"{name:>10}: {len(texts)} articles, {row['words']} words, {n_att} attributions | "
          f"parse {parse_s:.1f} s, extraction {extract_s:.1f} s = {100 * extract_s / parse_s:.1f}% of parse time")
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="AllSides articles to time (default 1000; 0 skips)")
    ap.add_argument("--data", help="datasets directory (default $MEDIABIAS_DATA or ../shared/datasets)")
    args = ap.parse_args(argv)

    from mediabias.corpus import load_corpus
    from mediabias.runtime.nlp import load_nlp

    nlp = load_nlp()
    nlp("warm up the pipeline.")
    bench("seeds", load_corpus().articles.sort_values("article_id")["text"].tolist(), nlp)
    texts = allsides_texts(args.n, args.data) if args.n else None
    if texts is not None:
        bench("allsides", texts, nlp)
    elif args.n:
        print("allsides-articles not found: pass --data or set $MEDIABIAS_DATA")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
