"""Score target-dependent sentiment on NewsMTSC (macro-F1 "F1m" and accuracy), with the VADER baseline.

``mediabias evaluate target-sentiment --data newsmtsc/splits/rw/dev.jsonl`` scores one NewsMTSC jsonl file
(Hamborg & Donnay, EACL 2021; one JSON object per sentence with ``sentence_normalized`` and ``targets``
holding ``from``/``to``/``mention``/``polarity`` with 2 = negative, 4 = neutral, 6 = positive). Results are
keyed by split (``rw/dev``, ``mt/dev``, ...) in ``evaluation/target_sentiment.json``: scoring one file
updates its own entry and keeps the others, so both dev splits live in one results file.

When the BASIL dataset is found (``basil/`` beside the NewsMTSC folder, or under ``mediabias.paths``), the
out-of-domain check of :func:`score_basil` runs too and is stored under ``basil``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from mediabias import __version__, paths
from mediabias.evaluation.common import data_command
from mediabias.sentiment import LABELS, NEWSMTSC_POLARITY, sentence_tone, target_sentiment
from mediabias.sentiment import CONFIG_FILE, MODEL_DIR, WEIGHTS_FILE

NAME = "target_sentiment"


def read_newsmtsc(path: Path, *, limit: int | None = None) -> pd.DataFrame:
    """One row per (sentence, target) of a NewsMTSC jsonl file.

    Returns:
        Columns ``gid, sentence, start, end, mention, gold`` (negative | neutral | positive).
    """
    path = Path(path)
    if path.is_dir():
        path = path / "train.jsonl"
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                text, targets = obj["sentence_normalized"], obj["targets"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n + 1}: not a NewsMTSC record (one JSON object per line with "
                                 f"'sentence_normalized' and 'targets'): {exc}") from None
            for t in targets:
                if t["polarity"] not in NEWSMTSC_POLARITY:
                    raise ValueError(f"{path}:{n + 1}: unknown polarity {t['polarity']!r}")
                rows.append((t["Input.gid"], text, int(t["from"]), int(t["to"]), t["mention"],
                             NEWSMTSC_POLARITY[t["polarity"]]))
    if not rows:
        raise ValueError(f"{path}: no NewsMTSC targets found")
    return pd.DataFrame(rows, columns=["gid", "sentence", "start", "end", "mention", "gold"])


def split_name(path: Path) -> str:
    """``.../splits/rw/dev.jsonl`` → ``rw/dev``; any other file → its stem."""
    path = Path(path)
    if path.parent.parent.name == "splits":
        return f"{path.parent.name}/{path.stem}"
    return path.stem


def scores(gold, pred, *, labels=LABELS) -> dict:
    """Macro-F1 over ``labels`` (F1m as in NewsMTSC), accuracy, per-class F1 and n."""
    from sklearn.metrics import accuracy_score, f1_score

    gold, pred = list(gold), list(pred)
    per_class = f1_score(gold, pred, labels=list(labels), average=None, zero_division=0)
    out = {"n": len(gold), "f1_macro": float(f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0)),
           "accuracy": float(accuracy_score(gold, pred))}
    out.update({f"f1_{lab}": float(v) for lab, v in zip(labels, per_class)})
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def score_newsmtsc(data: Path, *, limit: int | None = None, model=None) -> list[dict]:
    """Scores of the target model and the VADER sentence baseline on one NewsMTSC file."""
    df = read_newsmtsc(data, limit=limit)
    pred = target_sentiment(list(df.sentence), list(zip(df.start, df.end)), model=model)
    vader = sentence_tone(list(df.sentence))
    majority = [df.gold.mode().iloc[0]] * len(df)
    split = split_name(data)
    return [
        {"dataset": "NewsMTSC", "split": split, "method": "target model", **scores(df.gold, pred.label)},
        {"dataset": "NewsMTSC", "split": split, "method": "VADER sentence (baseline)", **scores(df.gold, vader.vader_label)},
        {"dataset": "NewsMTSC", "split": split, "method": "majority class", **scores(df.gold, majority)},
    ]


def read_basil(basil: Path, *, limit: int | None = None) -> pd.DataFrame:
    """BASIL's directly aimed, entity-targeted polarity spans, each with its sentence and a target mention.

    A span is kept when its text lies within one sentence of the article and that sentence names the
    target (its full name, else the surname). Returns columns ``article, sentence, start, end, mention,
    target, gold`` (negative | positive), ``quote`` (yes | no) and ``found`` (False when no usable sentence).
    """
    rows = []
    for ann_path in sorted(Path(basil).glob("annotations/*/*_ann.json")):
        article = ann_path.parent.parent.parent / "articles" / ann_path.parent.name / ann_path.name.replace("_ann.json", ".json")
        if not article.exists():
            continue
        art = json.loads(article.read_text(encoding="utf-8"))
        sents = [s for para in art["body-paragraphs"] for s in para]
        for span in json.loads(ann_path.read_text(encoding="utf-8"))["phrase-level-annotations"]:
            if span.get("aim") != "dir" or span.get("polarity") not in ("pos", "neg") or not span.get("target"):
                continue
            name = span["target"].replace("_", " ")
            hit = None
            for sent in (s for s in sents if span["txt"].strip() and span["txt"].strip() in s):
                for form in (name, name.split()[-1]):
                    at = sent.find(form)
                    if at >= 0:
                        hit = (sent, at, at + len(form), form)
                        break
                if hit:
                    break
            gold = "negative" if span["polarity"] == "neg" else "positive"
            rows.append((ann_path.stem, *(hit or ("", 0, 0, "")), name, gold, span.get("quote", ""), hit is not None))
            if limit is not None and len(rows) >= limit:
                break
        if limit is not None and len(rows) >= limit:
            break
    return pd.DataFrame(rows, columns=["article", "sentence", "start", "end", "mention", "target", "gold", "quote", "found"])


def score_basil(basil: Path, *, limit: int | None = None, model=None) -> tuple[list[dict], dict]:
    """Agreement of the predicted sentiment toward BASIL's annotated target with the span's polarity.

    Only spans whose sentence names the target are scored (see :func:`read_basil`); a neutral prediction
    counts as disagreement. Returns the score rows and a note on coverage.
    """
    df = read_basil(basil, limit=limit)
    found = df[df.found].reset_index(drop=True)
    if found.empty:
        return [], {}
    pred = target_sentiment(list(found.sentence), list(zip(found.start, found.end)), model=model).label
    vader = sentence_tone(list(found.sentence)).vader_label
    rows = []
    for method, labels in (("target model", pred), ("VADER sentence (baseline)", vader)):
        for subset, mask in (("all", found.quote.notna()), ("quoted", found.quote == "yes"), ("not quoted", found.quote != "yes")):
            s = scores(found.gold[mask], labels[mask], labels=("negative", "positive"))
            rows.append({"dataset": "BASIL", "split": f"dir spans, {subset}", "method": method, **s})
    info = {
        "description": "BASIL (Fan et al., EMNLP 2019), 2010-2014 events: spans aimed directly at a named target "
        "with negative or positive polarity; the label predicted toward the first mention of the target in the "
        "span's sentence is compared with the span's polarity (a neutral prediction counts as a miss).",
        "coverage": f"{len(found)} of {len(df)} spans scored (the others' sentence does not name the target)",
    }
    return rows, info


def _basil_dir(data: Path) -> Path | None:
    for candidate in (Path(data).resolve().parents[i] / "basil" for i in range(min(4, len(Path(data).resolve().parents)))):
        if candidate.is_dir():
            return candidate
    return paths.dataset("basil")


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Score one NewsMTSC jsonl file (and BASIL, when present); write/update the results files.

    Returns:
        The scores table: ``dataset, split, method, n, f1_macro, accuracy, f1_negative, f1_neutral,
        f1_positive`` (BASIL rows: ``accuracy`` is the agreement of the predicted label with the span's
        polarity, F1 over negative/positive; see :func:`score_basil`).
    """
    data = Path(data)
    rows = score_newsmtsc(data, limit=limit)
    basil = _basil_dir(data)
    basil_rows, basil_info = ([], None) if basil is None else score_basil(basil, limit=limit)
    table = pd.DataFrame(rows + basil_rows)
    if out_dir is not None and limit is None:
        _write(Path(out_dir), split_name(data), rows, data_command("target-sentiment", data), basil_rows, basil_info)
    return table


def _write(out_dir: Path, split: str, rows: list[dict], command: str, basil_rows: list[dict], basil_info) -> None:
    import hashlib

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{NAME}.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    config = json.loads((MODEL_DIR / CONFIG_FILE).read_text())
    results = old.get("newsmtsc", {})
    results[split] = {"command": command, "scores": rows}
    doc = {
        "instrument": NAME,
        "mediabias_version": __version__,
        "model": {
            **{k: config[k] for k in ("architecture", "base_model", "frozen_layers", "epochs", "seed", "train_file")},
            "weights_sha256": hashlib.sha256((MODEL_DIR / WEIGHTS_FILE).read_bytes()).hexdigest(),
        },
        "newsmtsc": dict(sorted(results.items())),
        "basil": {"scores": basil_rows, **(basil_info or {})} if basil_rows else old.get("basil"),
    }
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    (out_dir / f"{NAME}.md").write_text(_markdown(doc))


def _markdown(doc: dict) -> str:
    cols = ["method", "n", "f1_macro", "accuracy", "f1_negative", "f1_neutral", "f1_positive"]
    lines = [
        "# Target-dependent sentiment: validation",
        "",
        f"mediabias {doc['mediabias_version']}; model: {doc['model']['architecture']} "
        f"({doc['model']['base_model']}, trained on {doc['model']['train_file']}).",
        "F1m = macro-F1 over negative / neutral / positive, as in NewsMTSC (Hamborg & Donnay, EACL 2021; best "
        "published F1m on rw: 83.1 with fine-tuned RoBERTa). The baseline labels each target with the VADER tone "
        "of the whole sentence (compound ≥ 0.05 positive, ≤ -0.05 negative).",
        "",
    ]
    for split, res in doc["newsmtsc"].items():
        lines += [f"## NewsMTSC {split}", "", f"`{res['command']}`", "", "| " + " | ".join(cols) + " |",
                  "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in res["scores"]]
        lines.append("")
    basil = doc.get("basil")
    if basil:
        lines += ["## BASIL (out of domain)", "", basil.get("description", ""), "",
                  "| spans | method | n | agreement | f1_macro | f1_negative | f1_positive |", "|---|---|---|---|---|---|---|"]
        lines += [f"| {r['split']} | {r['method']} | {r['n']} | {r['accuracy']} | {r['f1_macro']} | {r['f1_negative']} | {r['f1_positive']} |"
                  for r in basil["scores"]]
        lines += ["", f"Coverage: {basil.get('coverage', '')}", ""]
    return "\n".join(lines)
