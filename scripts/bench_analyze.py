"""Benchmark: `analyze` against the model-cost floor, by worker count, and incremental, on N AllSides articles.

Builds a throwaway corpus of N articles (from ``allsides-articles/articles.jsonl.gz`` under the datasets
folder; nothing is written into the repository) and, in one run, prints seconds per article for:

* ``analyze --workers W`` for each W of ``--workers`` (a fresh results folder each; model loading included);
* the model-cost floor on the same articles: one spaCy parse per article (the full pipeline, ``nlp.pipe``),
  one MiniLM encoding per sentence (the segments' sentences), one target-sentiment forward per actor mention
  (the ``actor_sentiment`` rows), in this process, models loaded before the clock starts, one thread, with the
  same network runtime `analyze` uses;
* with ``--torch-floor``, the same floor with the PyTorch fp32 networks (the runtime before ONNX Runtime);
* adding one article to the analysed corpus (``--workers 1``).

    .venv/bin/python scripts/bench_analyze.py --n 200 --workers 1 2 [--steps ...] [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

import pandas as pd

from _allsides import allsides_folder  # noqa: E402 (a script beside this one)
from mediabias.corpus import load_corpus
from mediabias.pipeline.engine import single_threaded
from mediabias.pipeline import STEP_NAMES, analyze
from mediabias.runtime import encoder, onnxrt
from mediabias.runtime.nlp import load_nlp
from mediabias.models.target_sentiment import load_target_model


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


def write_article(root: Path, rec: dict, outlets: dict) -> None:
    oid = slug(rec["source"])
    outlets.setdefault(oid, rec["source"])
    aid = f"allsides-{slug(rec['ID'])}"
    date = rec.get("date") or "2020-01-01"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = "2020-01-01"
    meta = {"id": aid, "title": rec["title"] or aid, "outlet": oid, "published": date,
            "story": slug(rec.get("topic") or "misc")}
    clean = lambda text: CONTROL.sub("", text)  # the corpus refuses control characters (the dataset has some)
    meta["title"] = clean(meta["title"])
    paragraphs = (p.strip().lstrip(">").strip() for p in re.split(r"\n\s*\n|\n", clean(rec["content_original"])))
    body = "\n\n".join(p for p in paragraphs if p)  # a leading '>' would open an excerpt block
    (root / "articles" / f"{aid}.md").write_text(
        "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" + body + "\n", encoding="utf-8")


def build_corpus(root: Path, src: Path, n: int):
    """A corpus of the first ``n`` AllSides articles of at least 80 words in ``root``; also the next article (to
    add later), a function that rewrites ``outlets.csv`` and the outlets seen."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    outlets: dict[str, str] = {}
    records = []
    with gzip.open(src / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if len((rec.get("content_original") or "").split()) >= 80:
                records.append(rec)
            if len(records) > n:
                break
    for rec in records[:n]:
        write_article(root, rec, outlets)

    def write_outlets() -> None:
        (root / "outlets.csv").write_text(
            "outlet_id,name,kind,country,lean,lean_source\n"
            + "".join(f"{k},\"{v}\",other,,,\n" for k, v in sorted(outlets.items())), encoding="utf-8")

    write_outlets()
    return records[n], write_outlets, outlets


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its ended children (the Dask workers, once the cluster is
    closed): unlike wall time, about the same on an idle machine and on one shared with other jobs."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def model_floor(corpus, segments: pd.DataFrame, mentions: pd.DataFrame | None, runtime: str) -> dict[str, float]:
    """Seconds for the model work the analysis cannot avoid (see the module docstring), models loaded first,
    the networks in ``runtime`` (``"onnx"`` or ``"torch"``)."""
    single_threaded()
    previous = os.environ.get(onnxrt.RUNTIME_ENV)
    os.environ[onnxrt.RUNTIME_ENV] = runtime
    try:
        nlp, target = load_nlp(), load_target_model(runtime=runtime)
        sentences = list(segments.loc[segments["level"] == "sentence", "text"])
        encoder.clear_encoded()
        encoder.encode_sentences(sentences[:8])  # loads the network (and builds the ONNX graph if missing)
        encoder.clear_encoded()
        out = {}
        c0 = cpu_seconds()
        t0 = time.perf_counter()
        for _ in nlp.pipe(list(corpus.articles["text"]), batch_size=32):
            pass
        out["spaCy parse"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        encoder.encode_sentences(sentences)  # each distinct sentence once
        out[f"MiniLM ({len(sentences)} sentences)"] = time.perf_counter() - t0
        encoder.clear_encoded()
        if mentions is not None and len(mentions):
            spans = list(zip(mentions["mention_start"] - mentions["sentence_start"],
                             mentions["mention_end"] - mentions["sentence_start"]))
            t0 = time.perf_counter()
            target.predict_proba((list(mentions["sentence"]), spans))
            out[f"target sentiment ({len(mentions)} mentions)"] = time.perf_counter() - t0
        out["cpu"] = cpu_seconds() - c0  # the CPU seconds of the three parts (not a part: popped by the caller)
        return out
    finally:
        if previous is None:
            os.environ.pop(onnxrt.RUNTIME_ENV, None)
        else:
            os.environ[onnxrt.RUNTIME_ENV] = previous


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--data", help="datasets folder (default: $MEDIABIAS_DATA or ../shared/datasets)")
    parser.add_argument("--steps", nargs="*", choices=STEP_NAMES, default=None)
    parser.add_argument("--workers", nargs="+", type=int, default=[1])
    parser.add_argument("--torch-floor", action="store_true",
                        help="also time the floor with the PyTorch fp32 networks (the floor before ONNX Runtime)")
    parser.add_argument("--keep", metavar="DIR", help="build the corpus in DIR (kept afterwards) instead of a temporary folder")
    args = parser.parse_args()
    src = allsides_folder(args.data)
    if src is None:
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep) if args.keep else Path(tmp) / "corpus"
        extra, write_outlets, outlets = build_corpus(root, src, args.n)
        steps = tuple(args.steps) if args.steps else None
        corpus = load_corpus(root)
        runs = {}
        cpu = {}
        for workers in args.workers:
            c0, t0 = cpu_seconds(), time.perf_counter()
            runs[workers] = analyze(corpus, results=Path(tmp) / f"results-{workers}", steps=steps, progress=True,
                                    workers=workers)
            runs[workers]["seconds"] = time.perf_counter() - t0
            cpu[workers] = cpu_seconds() - c0
        first = Path(tmp) / f"results-{args.workers[0]}"
        segments = pd.read_parquet(first / "segments.parquet")
        mentions = (pd.read_parquet(first / "actor_sentiment.parquet")
                    if (first / "actor_sentiment.parquet").exists() else None)
        floor = model_floor(corpus, segments, mentions, onnxrt.runtime())
        torch_floor = (model_floor(corpus, segments, mentions, "torch")
                       if args.torch_floor and onnxrt.runtime() != "torch" else None)
        write_article(root, extra, outlets)
        write_outlets()
        t0 = time.perf_counter()
        inc = analyze(load_corpus(root), results=first, steps=steps, progress=False, workers=1)
        t_inc = time.perf_counter() - t0
        if args.keep:  # the kept corpus stays at n articles
            (root / "articles" / f"allsides-{slug(extra['ID'])}.md").unlink()
    n = args.n
    floor_cpu = floor.pop("cpu")
    if torch_floor:
        torch_floor.pop("cpu")
    print(f"articles: {n} (+1); steps: {', '.join(steps) if steps else 'all'}; load average at the end "
          f"{os.getloadavg()[0]:.2f} (wall times grow with the load, CPU seconds much less)")
    for name, secs in floor.items():
        print(f"floor  {name:<34} {secs:8.1f} s  {secs / n:7.3f} s/article")
    total_floor = sum(floor.values())
    print(f"floor  {'total (' + onnxrt.runtime() + ')':<34} {total_floor:8.1f} s  {total_floor / n:7.3f} s/article  "
          f"CPU {floor_cpu:.1f} s")
    if torch_floor:
        for name, secs in torch_floor.items():
            print(f"torch  {name:<34} {secs:8.1f} s  {secs / n:7.3f} s/article")
        total_torch = sum(torch_floor.values())
        print(f"torch  {'total':<34} {total_torch:8.1f} s  {total_torch / n:7.3f} s/article  "
              f"(the {onnxrt.runtime()} floor is {total_torch / total_floor:.2f}x faster)")
    wall = {workers: summary.pop("seconds") for workers, summary in runs.items()}
    for workers, summary in runs.items():
        secs = wall[workers]
        print(f"analyze --workers {workers:<18} {secs:8.1f} s  {secs / n:7.3f} s/article  "
              f"{secs / total_floor:5.2f}x floor  CPU {cpu[workers]:.1f} s ({cpu[workers] / floor_cpu:.2f}x the floor's)  "
              + ", ".join(f"{k} {v['seconds']}s" for k, v in summary.items()))
    if len(wall) > 1:
        w = list(wall)
        print(f"speed-up --workers {w[-1]} against --workers {w[0]}: {wall[w[0]] / wall[w[-1]]:.2f}x")
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"peak RSS of one process (this one or a worker): {rss / 1024:.0f} MiB")
    print(f"incremental (+1):               {t_inc:8.1f} s  {t_inc / wall[args.workers[0]]:.2%} of the full run  computed: " + ", ".join(f"{k} {v['computed']}" for k, v in inc.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
