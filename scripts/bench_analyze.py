"""Benchmark: full vs incremental `analyze` on a corpus of N articles from the AllSides dataset.

Builds a throwaway corpus of N articles (from ``allsides-articles/articles.jsonl.gz`` under the datasets
folder; nothing is written into the repository), runs a full analysis, adds one article, and runs the
analysis again. Prints both times; the incremental run should take under 10% of the full run.

    .venv/bin/python scripts/bench_analyze.py --n 1000 [--steps segments attributions ...] [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

from mediabias import paths
from mediabias.corpus import load_corpus
from mediabias.pipeline import STEP_NAMES, analyze


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
    body = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n|\n", rec["content_original"]) if p.strip())
    (root / "articles" / f"{aid}.md").write_text(
        "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" + body + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--data", help="datasets folder (default: $MEDIABIAS_DATA or ../shared/datasets)")
    parser.add_argument("--steps", nargs="*", choices=STEP_NAMES, default=None)
    args = parser.parse_args()
    src = paths.dataset("allsides-articles", args.data)
    if src is None:
        print("allsides-articles not found: pass --data or set $MEDIABIAS_DATA", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        (root / "articles").mkdir(parents=True)
        outlets: dict[str, str] = {}
        records = []
        with gzip.open(src / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if len((rec.get("content_original") or "").split()) >= 80:
                    records.append(rec)
                if len(records) > args.n:
                    break
        for rec in records[: args.n]:
            write_article(root, rec, outlets)
        extra = records[args.n]
        write_outlets = lambda: (root / "outlets.csv").write_text(
            "outlet_id,name,kind,country,lean,lean_source\n"
            + "".join(f"{k},\"{v}\",other,,,\n" for k, v in sorted(outlets.items())), encoding="utf-8")
        write_outlets()
        steps = tuple(args.steps) if args.steps else None
        t0 = time.perf_counter()
        corpus = load_corpus(root)
        full = analyze(corpus, steps=steps, progress=True)
        t_full = time.perf_counter() - t0
        write_article(root, extra, outlets)
        write_outlets()
        t0 = time.perf_counter()
        corpus = load_corpus(root)
        inc = analyze(corpus, steps=steps, progress=False)
        t_inc = time.perf_counter() - t0
    print(f"articles: {args.n} (+1)")
    print(f"full analysis:        {t_full:8.1f} s  " + ", ".join(f"{k} {v['seconds']}s" for k, v in full.items()))
    print(f"incremental (+1):     {t_inc:8.1f} s  computed: " + ", ".join(f"{k} {v['computed']}" for k, v in inc.items()))
    print(f"incremental / full:   {t_inc / t_full:8.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
