"""Print the stance reader's reading, paragraph by paragraph, for some actors in some articles of a corpus.

    python scripts/show_stance.py --articles 000 001 002 --actors "Barack Obama" Iran

Computes the segments, attributions and actor mentions of the chosen articles only (not the cached pipeline),
then :func:`mediabias.sentiment.stance.corpus_stance` and :func:`~mediabias.sentiment.stance.article_stance`,
and prints each paragraph's probabilities beside the reader's input (what the writer wrote, others' words masked).
"""

from __future__ import annotations

import argparse
import textwrap


def main(argv=None) -> int:
    from mediabias.corpus import load_corpus
    from mediabias.corpus.segment import segmented
    from mediabias.sentiment import actor_sentiment
    from mediabias.sentiment.stance import article_stance, corpus_stance
    from mediabias.sources import attributions

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", help="corpus folder (default: the bundled one)")
    p.add_argument("--articles", nargs="+", required=True, help="article ids or their prefixes")
    p.add_argument("--actors", nargs="+", required=True, help="actor names as in the actor list")
    p.add_argument("--width", type=int, default=110)
    args = p.parse_args(argv)
    corpus = load_corpus(args.corpus)
    ids = [a for a in corpus.articles["article_id"] if any(a.startswith(x) for x in args.articles)]
    corpus = segmented(corpus.select_ids(ids))
    att = attributions(corpus)
    mentions = actor_sentiment(corpus, attributions=att)
    mentions = mentions[mentions["actor"].isin(args.actors)]
    table = corpus_stance(corpus.segments, att, mentions)
    arts = article_stance(table)
    for (aid, actor), g in table.groupby(["article_id", "actor"], sort=True):
        a = arts[(arts.article_id == aid) & (arts.actor == actor)].iloc[0]
        print(f"\n=== {aid} · {actor}: article {a.label} (P neg {a.p_negative:.2f} neu {a.p_neutral:.2f} "
              f"pos {a.p_positive:.2f}; {a.n_paragraphs} paragraphs of evidence)")
        for r in g.itertuples():
            tag = "" if r.n_mentions else "  [not counted: named only in masked spans]"
            print(f"-- p{r.paragraph:02d} {r.label:8s} neg {r.p_negative:.2f} neu {r.p_neutral:.2f} pos {r.p_positive:.2f}"
                  f" (author mentions {r.n_mentions}, masked {r.n_masked_mentions}){tag}")
            print(textwrap.indent(textwrap.fill(r.reader_input, args.width), "     "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
