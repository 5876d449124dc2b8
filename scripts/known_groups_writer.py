"""The opinion-outlet known-groups checks on what readers are shown: the pipeline's writer's stance.

    python scripts/known_groups_writer.py --data ../shared/datasets/allsides-articles --work /tmp/kgw

``mediabias evaluate known-groups`` scores the stance reader alone (``stance_of_texts``: other voices masked, no
holder set-aside, no irony flag). The notebooks and pages show more: the ``writer_stance`` step, where a paragraph
whose sentiment toward the actor is held by another entity (the holder network) does not count, and an article whose
positive reading rests on an irony-flagged paragraph is flagged. This script selects the same AllSides articles as
the opinion-outlet checks (``evaluation.known_groups.select``: Salon and Vox vs Townhall and National Review, per
``resources/known_groups.yaml``), writes them as a throwaway corpus under ``--work`` (never inside the repository:
the texts are the publishers'), runs ``mediabias analyze`` on it, and prints, per check, the left-minus-right
difference of the writer's stance with the same outlet-resampling bootstrap as the evaluation: over every article
with a reading, and over the articles not flagged for irony. No model here was trained on AllSides (stance: PerSenT;
holder: DSA; irony: iSarcasmEval and cues read on the bundled Hot Air posts), so the check is out of sample.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analyze import slug, write_article  # noqa: E402 (a script beside this one)

from mediabias.evaluation.known_groups import config, group_difference, select, verdict  # noqa: E402


def build(sel: pd.DataFrame, root: Path) -> None:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    outlets: dict[str, str] = {}
    for r in sel.drop_duplicates("article_id").itertuples(index=False):
        write_article(root, {"ID": r.article_id, "source": r.source, "date": f"{r.year}-01-01", "title": r.article_id,
                             "topic": "known-groups", "content_original": r.text}, outlets)
    (root / "outlets.csv").write_text("outlet_id,name,kind,country,lean,lean_source\n" + "".join(
        f"{k},\"{v}\",other,,,\n" for k, v in sorted(outlets.items())), encoding="utf-8")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, type=Path, help="the allsides-articles folder (articles.jsonl.gz)")
    p.add_argument("--work", required=True, type=Path, help="a folder outside the repository for the corpus")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv)
    data = args.data / "articles.jsonl.gz" if args.data.is_dir() else args.data
    t0 = time.time()
    sel = select(data)["opinion_outlets"]
    print(f"{len(sel)} selected (check, article) rows, {sel['article_id'].nunique()} articles "
          f"({time.time() - t0:.0f} s)", flush=True)
    root = args.work / "corpus"
    if not (root / "articles").exists():
        build(sel, root)
    subprocess.run([sys.executable, "-m", "mediabias", "analyze", "--corpus", str(root), "--steps", "writer_stance",
                    "--workers", str(args.workers), "--quiet"], check=True)
    writer = pd.read_parquet(root / "results" / "writer_stance.parquet")
    key = writer.set_index(["article_id", "actor"])
    rows = []
    for r in sel.itertuples(index=False):
        aid, actor = f"allsides-{slug(r.article_id)}", r.entity.replace("_", " ")
        hit = key.loc[(aid, actor)] if (aid, actor) in key.index else None
        have = hit is not None and hit["n_paragraphs"] > 0
        rows.append({"check": r.check, "group": r.group, "outlet": r.outlet, "source": r.source,
                     "score": float(hit["score"]) if have else float("nan"),
                     "flagged": bool(have and hit["flag"]), "set_aside": int(hit["n_set_aside"]) if hit is not None else 0})
    vals = pd.DataFrame(rows)
    for t in config()["opinion_outlets"]["targets"]:
        check, sign = f"opinion_outlets:{t['entity']}", 1 if ">" in t["expected"] else -1
        v = vals[vals["check"] == check]
        print(f"\n{check} (expected left minus right {'>' if sign > 0 else '<'} 0): {len(v)} articles, "
              f"{int(v['score'].notna().sum())} with a writer's-stance reading, {int(v['flagged'].sum())} flagged for irony")
        for name, score in (("writer's stance, every reading", v["score"]),
                            ("writer's stance, irony-flagged articles left out", v["score"].where(~v["flagged"]))):
            r = group_difference(score, v["group"], v["outlet"], a="left", b="right")
            print(f"  {name}: {r['effect']:+.3f} [{r['low']:+.3f}, {r['high']:+.3f}] "
                  f"-> {verdict(r['effect'], r['low'], r['high'], sign)}")
        per = v.groupby("source").agg(articles=("score", "size"), read=("score", "count"), mean=("score", "mean"),
                                      flagged=("flagged", "sum"), set_aside=("set_aside", "sum"))
        print(per.round(3).to_string())
    print(f"\n{time.time() - t0:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
