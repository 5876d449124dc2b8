"""The stance reader on BASIL's article-level ``author_feeling`` (Fan et al., EMNLP 2019), beside VADER.

``mediabias evaluate stance-basil --data $MEDIABIAS_DATA/basil`` reads BASIL as ``evaluate comparison`` does
(:func:`mediabias.evaluation.comparison.read_basil`: one judgement per article and main entity, three classes)
and scores the writer's stance toward the entity read by :mod:`mediabias.sentiment.stance`: its article model
was trained on PerSenT dev, its paragraph model on PerSenT dev and BASIL 2010-2012's author-voice spans, so the
tuning years are in-sample for it and only the held-out years 2013-2014, never read in training, are a test.
Beside it, on the same judgements: VADER on the entity's sentences (±0.05, and with its aggregation chosen on
the tuning years by the grid of ``evaluate comparison``), the sentence-tone aggregation of ``evaluate
comparison`` and the majority class.

BASIL is 83% neutral where PerSenT is mostly positive, so the reader is scored twice: with its own argmax
(no choice made on BASIL), and with its class cut-offs on P(positive) - P(negative) chosen on the tuning years
2010-2012 from the same grid of cut-offs VADER's tuning searches (tuned the same way). The held-out years
2013-2014 decide; every interval resamples events (paired differences resample once for both methods).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias import __version__
from mediabias.compare.stats import bootstrap_statistic, interval_text
from mediabias.evaluation.common import cache_dir, markdown_table, write_document
from mediabias.evaluation.comparison import macro_f1, read_basil, search, split_of
from mediabias.evaluation.stance import read_documents
from mediabias.sentiment.entity_tone import Aggregation, aggregate, chosen_aggregation
from mediabias.sentiment.stance import article_stance, read_stance

NAME = "stance_basil"
N_BOOT = 1000
CUTS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
READER, READER_T = "stance reader (argmax, untuned)", "stance reader (cut-offs tuned on 2010-2012)"
TONE, VADER, VADER_T = ("sentence tone, aggregated (evaluate comparison's tool)", "VADER (±0.05)",
                        "VADER (tuned like the tool on 2010-2012)")


def tune_cutoffs(score: np.ndarray, gold: np.ndarray) -> Aggregation:
    """The (negative, positive) cut-offs on ``score`` with the best macro-F1 (first of equal ones)."""
    best = max(((macro_f1(gold, Aggregation(negative=-n, positive=p).label(score)), -n, p) for n in CUTS for p in CUTS),
               key=lambda t: t[0])
    return Aggregation(negative=best[1], positive=best[2])


def _interval(frame: pd.DataFrame, stat) -> dict:
    v, lo, hi = bootstrap_statistic(frame, stat, cluster="event", n_boot=N_BOOT)
    r = lambda x: None if x is None or np.isnan(x) else round(float(x), 4)  # noqa: E731
    return {"value": r(v), "low": r(lo), "high": r(hi)}


def predictions(articles: pd.DataFrame, judgements: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """One column per method (labels) beside the judgements, and the choices made on the tuning years."""
    docs = judgements[["article_id", "entity"]].rename(columns={"entity": "actor"}).merge(
        articles[["article_id", "paragraphs"]], on="article_id")
    inputs, mentions = read_documents(docs, cache=cache_dir())
    arts = article_stance(read_stance(inputs))
    score = arts.set_index(["article_id", "actor"])["score"]
    frame = judgements.reset_index(drop=True).copy()
    frame["reader_score"] = [score.get((a, e), np.nan) for a, e in zip(frame["article_id"], frame["entity"])]
    lab = arts.set_index(["article_id", "actor"])["label"]
    frame[READER] = [lab.get((a, e), "neutral") for a, e in zip(frame["article_id"], frame["entity"])]
    tune = frame["year"].map(split_of).eq("tune").to_numpy()
    cut = tune_cutoffs(frame.loc[tune, "reader_score"].to_numpy(float), frame.loc[tune, "gold"].to_numpy())
    frame[READER_T] = cut.label(frame["reader_score"].to_numpy(float))
    keys = frame.rename(columns={"article_id": "doc_id"})
    how = chosen_aggregation()
    vader_best, _ = search(mentions, frame[tune], value="vader_compound")
    frame[TONE] = aggregate(mentions, keys, how=how)["label"].to_numpy()
    frame[VADER] = aggregate(mentions, keys, how=Aggregation(how.voices, how.weighting), value="vader_compound")["label"].to_numpy()
    frame[VADER_T] = aggregate(mentions, keys, how=vader_best, value="vader_compound")["label"].to_numpy()
    choices = {"reader_cutoffs": {"negative": cut.negative, "positive": cut.positive},
               "vader_tuned": {"voices": list(vader_best.voices), "weighting": vader_best.weighting,
                               "negative": vader_best.negative, "positive": vader_best.positive}}
    return frame, choices


def scores(frame: pd.DataFrame) -> list[dict]:
    majority = frame.loc[frame["year"].map(split_of) == "tune", "gold"].value_counts().sort_index().idxmax()
    frame = frame.assign(**{f"majority class ({majority})": majority})
    methods = [READER, READER_T, TONE, VADER, VADER_T, f"majority class ({majority})"]
    rows = []
    for split in ("tune", "held out", "all"):
        d = frame if split == "all" else frame[frame["year"].map(split_of) == split]
        if d.empty:
            continue
        base = {"split": split, "n": len(d), "n_events": int(d["event"].nunique())}
        for m in methods:
            rows.append({**base, "method": m, "f1_macro": _interval(d, lambda x, m=m: macro_f1(x["gold"], x[m])),
                         "accuracy": _interval(d, lambda x, m=m: float((x["gold"] == x[m]).mean()))})
        for r in (READER, READER_T):
            for m in (VADER, VADER_T, TONE):
                rows.append({**base, "method": f"{r} minus {m}",
                             "f1_macro": _interval(d, lambda x, r=r, m=m: macro_f1(x["gold"], x[r]) - macro_f1(x["gold"], x[m])),
                             "accuracy": _interval(d, lambda x, r=r, m=m: float((x["gold"] == x[r]).mean() - (x["gold"] == x[m]).mean()))})
    return rows


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Score the reader on a BASIL folder; write ``stance_basil.{json,md}`` to ``out_dir``."""
    articles, judgements = read_basil(Path(data), limit=limit)
    if judgements.empty:
        raise ValueError(f"{data}: no author_feeling_<Entity> judgements in the annotations")
    frame, choices = predictions(articles, judgements)
    rows = scores(frame)
    table = pd.DataFrame([{**{k: v for k, v in r.items() if k not in ("f1_macro", "accuracy")},
                           "f1_macro": interval_text(r["f1_macro"]), "accuracy": interval_text(r["accuracy"])} for r in rows])
    if out_dir is not None:
        command = f"mediabias evaluate stance-basil --data {Path(data).name}" + (f" --limit {limit}" if limit else "")
        doc = {"instrument": NAME, "command": command, "mediabias_version": __version__, "n_boot": N_BOOT,
               "judgements": int(len(frame)), "by_class": {c: int(n) for c, n in frame["gold"].value_counts().sort_index().items()},
               "choices_on_tune_years": choices, "scores": rows}
        md = ["# Evaluation: the stance reader on BASIL author_feeling", "", f"`{command}` (mediabias {__version__})", "",
              f"{len(frame)} judgements of the author's feeling toward a main entity ({doc['by_class']}); 95% intervals "
              f"resample events ({N_BOOT} replicates). The reader's paragraph model also learned from 2010-2012 (author-voice spans), so the 'tune' and 'all' rows are in-sample; 2013-2014 were never read in training. Choices made on "
              f"2010-2012: {choices}. 'minus' rows are paired differences on the same judgements.", "",
              markdown_table(table), ""]
        write_document(out_dir, NAME, json.loads(json.dumps(doc)), "\n".join(md))
    return table
