"""The one reader of the committed validation results (``evaluation/<name>.json``, written by
``mediabias evaluate NAME``), so every notebook shows them the same way."""

from __future__ import annotations

import json

import pandas as pd

from mediabias import paths
from mediabias.compare.stats import interval_text
from mediabias.runtime.genre import trust as genre_trust


def load(name: str) -> dict:
    """The results of one evaluation (``"attribution"``, ``"target_sentiment"``, ``"frames"``, ``"roles"``,
    ``"loaded_language"``, ...); ``FileNotFoundError`` naming the command that writes them when absent."""
    path = paths.evaluation_dir() / f"{name}.json"
    if not path.exists():
        raise FileNotFoundError(f"no evaluation/{name}.json: run `mediabias evaluate {name.replace('_', '-')} --data DIR`")
    return json.loads(path.read_text(encoding="utf-8"))


def scores(name: str) -> pd.DataFrame:
    """The scores table of one evaluation, one row per (system, measure) as the evaluation wrote it.

    ``target_sentiment`` keeps its datasets apart in the JSON; here they are one table with a ``data`` column
    (``NewsMTSC rw``, ``NewsMTSC mt``, ``BASIL ...``).
    """
    ev = load(name)
    if name == "target_sentiment":
        rows = [{"data": f"NewsMTSC {split}", **s} for split, res in ev["newsmtsc"].items() for s in res["scores"]]
        if ev.get("basil"):
            rows += [{"data": f"BASIL {s['split']}", **s} for s in ev["basil"]["scores"]]
        return pd.DataFrame(rows)
    return pd.DataFrame(ev["scores"])


#: The sections of ``evaluation/comparison.json`` a notebook can show.
SECTIONS = ("article", "article_paired", "within_event", "loaded_language")


def comparison_table(section: str, doc: dict | None = None) -> pd.DataFrame:
    """One section of ``evaluation/comparison.json`` (or of ``doc``) (one of :data:`SECTIONS`) for a notebook:
    one row per (split, method), each number as ``value [low, high]``."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}: {', '.join(SECTIONS)}")
    doc = doc if doc is not None else load("comparison")
    rows = []
    for r in doc[section]:
        row = {"split": r["split"], "method": r["method"]}
        for key in ("n", "n_pairs", "n_events", "chance"):
            if key in r:
                row[key] = r[key]
        for key in ("f1_macro", "spearman", "accuracy", "agreement", "within_event_agreement",
                    "f1_macro_difference", "spearman_difference"):
            if key in r:
                row[key] = interval_text(r[key])
        rows.append(row)
    return pd.DataFrame(rows)


def domain_report(domain: pd.DataFrame, gated: pd.DataFrame, instrument: str) -> tuple[str, str]:
    """How far the articles lie from an instrument's training text (``domain`` step, :mod:`mediabias.runtime.domain`):
    an escaped HTML table per article, and a Markdown line naming the articles left out (``gated`` rows whose
    ``in_domain`` is false)."""
    dom = domain[domain["instrument"] == instrument]
    table = dom[["article_id", "n_sentences", "share_outside", "in_domain", "why"]].to_html(
        index=False, escape=True, float_format="%.2f")
    left_out = sorted(set(gated.loc[~gated["in_domain"], "article_id"]))
    note = (f"Left out as outside the domain: {', '.join(left_out)}." if left_out else
            "_Every article is inside the model's domain._")
    return table, note



def genre_checks(frames: dict | None = None, roles: dict | None = None) -> pd.DataFrame:
    """The held-out scores of the frame and role models by genre of article (``by_genre`` of
    ``evaluation/frames.json`` and ``evaluation/roles.json``): one row per (instrument, genre) with how many
    articles (frames) or (article, actor) rows (roles) it rests on, the model's macro-F1, its baseline's (frames:
    the codebook keywords; roles: the majority role) and whether ``resources/genre_trust.yaml`` trusts the
    instrument on that genre."""
    frames = frames if frames is not None else load("frames")
    roles = roles if roles is not None else load("roles")
    trusted = {k: set(v["trusted"]) for k, v in genre_trust()["instruments"].items()}
    rows = []
    for r in frames.get("by_genre", []):
        if r["frame"] == "macro":
            rows.append({"instrument": "frames", "genre": r["genre"], "n": f"{r['n_articles']} articles",
                         "model_macro_f1": r["model_f1"], "baseline": "codebook keywords",
                         "baseline_macro_f1": r["keyword_f1"], "trusted": r["genre"] in trusted.get("frames", set())})
    by_sys = {(r["genre"], r["system"]): r for r in roles.get("by_genre", [])}
    for (g, system), r in sorted(by_sys.items()):
        if system == "model":
            rows.append({"instrument": "roles", "genre": g, "n": f"{r['n_rows']} (article, actor) rows",
                         "model_macro_f1": r["macro_f1"], "baseline": "majority role",
                         "baseline_macro_f1": by_sys.get((g, "majority"), {}).get("macro_f1"),
                         "trusted": g in trusted.get("roles", set())})
    return pd.DataFrame(rows, columns=["instrument", "genre", "n", "model_macro_f1", "baseline", "baseline_macro_f1",
                                       "trusted"])


def attribution_report(doc: dict | None = None) -> str:
    """01's method section as text: the extractor's PolNeAR scores (``evaluation/attribution.json``) beside
    textacy's, what they mean in words, the floors, and the scores by attribution kind.

    ``doc`` is the evaluation (default: read with :func:`load`); a missing file gives the command that writes it.
    """
    if doc is None:
        if not (paths.evaluation_dir() / "attribution.json").exists():
            return "no evaluation/attribution.json: run `mediabias evaluate attribution --data DIR`"
        doc = load("attribution")
    table = pd.DataFrame(doc["scores"])
    every = table[table.outlet == "all"]
    shown = every[every.match.isin(["exact", "overlap"])]
    overlap = every[(every.match == "overlap") & (every.system == "mediabias")].set_index("role")
    lines = [f"{doc['command']} | version {doc['version']} | {doc['n_articles']} articles",
             shown[["system", "role", "match", "precision", "recall", "f1", "n_gold"]].to_string(index=False),
             f"\nIn words: the extractor finds {overlap.loc['content', 'recall']:.0%} of the annotated contents and "
             f"{overlap.loc['source', 'recall']:.0%} of the sources (overlap match); "
             f"{overlap.loc['content', 'precision']:.0%} of the contents and {overlap.loc['source', 'precision']:.0%} "
             "of the sources it returns are annotated ones."]
    lines += [f"{f['role']}: F1 {f['f1']:.2f} (floor 0.70 {'met' if f['f1_floor_met'] else 'NOT met'}), "
              f"recall {f['recall']:.2f} = {f['recall_ratio']:.1f}x textacy's {f['baseline_recall']:.2f}"
              for f in doc["floors"]]
    if doc.get("kinds"):
        lines += ["\nBy attribution kind (relation, overlap; PolNeAR does not annotate kinds: precision = how often a",
                  "predicted relation of that kind is an annotated attribution):",
                  pd.DataFrame(doc["kinds"])[["subset", "precision", "recall", "f1", "n_pred"]].to_string(index=False)]
    return "\n".join(lines)


def held_out_html(sections=("article", "article_paired", "within_event", "loaded_language"),
                  doc: dict | None = None) -> str:
    """The held-out rows of each :func:`comparison_table` section, one HTML table each ("" when
    ``evaluation/comparison.json`` is missing and no ``doc`` is given)."""
    if doc is None and not (paths.evaluation_dir() / "comparison.json").exists():
        return ""
    tables = [comparison_table(section, doc) for section in sections]
    return "".join(t[t["split"] == "held out"].to_html(index=False, escape=True, na_rep="—") for t in tables)
