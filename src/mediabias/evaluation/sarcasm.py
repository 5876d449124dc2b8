"""Score the sarcasm classifier and the irony cue list on iSarcasmEval (F1 of the sarcastic class).

``mediabias evaluate sarcasm --data ../shared/datasets/isarcasmeval`` reads the task-A test file
(``test/task_A_En_test.csv``: ``text``, ``sarcastic``; SemEval-2022 Task 6, MIT) and reports, on the same tweets,
F1 / precision / recall of the sarcastic class with a 95% bootstrap interval over tweets
(:func:`mediabias.compare.stats.bootstrap_statistic`) for: the shipped classifier (:mod:`mediabias.sentiment.sarcasm`,
trained and tuned on ``train/train.En.csv`` only), the project's hand-kept irony cue list
(:func:`mediabias.sentiment.irony.sentence_markers`: any cue, and phrases / scare quotes only), the combined flag
the notebooks would use (:func:`mediabias.sentiment.sarcasm.sentence_irony`), and "every tweet sarcastic".
The test labels are read here only, for these reported numbers; nothing is chosen with them. A CSV path with
``text`` and ``sarcastic`` columns may be given instead of the folder.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mediabias.compare.stats import bootstrap_statistic
from mediabias.evaluation.common import cache_dir, write_run_results
from mediabias.sentiment.irony import sentence_markers
from mediabias.sentiment.sarcasm import MODEL_NAME, cue_kind, load_model, sentence_irony

NAME = "sarcasm"
N_BOOT = 1000


def read_labelled(path: Path, text_column: str, *, limit: int | None = None) -> pd.DataFrame:
    """``text``, ``sarcastic`` (0/1) and the other columns of an iSarcasmEval CSV."""
    if not Path(path).exists():
        raise FileNotFoundError(f"{path} not found: pass the isarcasmeval folder or a CSV with text and sarcastic")
    df = pd.read_csv(path)
    missing = {text_column, "sarcastic"} - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)} (expected iSarcasmEval's "
                         f"'{text_column}' and 'sarcastic')")
    df = df.rename(columns={text_column: "text"}).dropna(subset=["text"])
    if not set(df["sarcastic"].unique()) <= {0, 1}:
        raise ValueError(f"{path}: 'sarcastic' must be 0 or 1")
    df["text"] = df["text"].astype(str)
    df = df.reset_index(drop=True)
    return df.head(limit) if limit else df


def read_train(data: Path) -> pd.DataFrame:
    """The train tweets: ``text``, ``sarcastic``, ``rephrase`` (the author's literal version; sarcastic rows)."""
    return read_labelled(Path(data) / "train" / "train.En.csv", "tweet")


def read_test(data: Path, *, limit: int | None = None) -> pd.DataFrame:
    """The task-A test tweets (``text``, ``sarcastic``), or any CSV with those columns."""
    path = Path(data)
    if path.is_dir():
        path = path / "test" / "task_A_En_test.csv"
    return read_labelled(path, "text", limit=limit)


def prf(frame: pd.DataFrame) -> tuple[float, float, float]:
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(frame["gold"], frame["pred"], average="binary", pos_label=1,
                                                 zero_division=0)
    return float(p), float(r), float(f)


def score(df: pd.DataFrame, pred, system: str) -> dict:
    frame = pd.DataFrame({"gold": df["sarcastic"].to_numpy(), "pred": np.asarray(pred, dtype=int),
                          "row": np.arange(len(df))})
    f1, low, high = bootstrap_statistic(frame, lambda f: prf(f)[2], cluster="row", n_boot=N_BOOT)
    p, r, _ = prf(frame)
    return {"system": system, "n": len(frame), "f1_sarcastic": f1, "ci95_low": low, "ci95_high": high,
            "precision": p, "recall": r, "share_flagged": float(frame["pred"].mean())}


NOTES = """
iSarcasmEval (SemEval-2022 Task 6, Abu Farha et al. 2022; MIT): tweets labelled sarcastic by their own authors.
Task A's metric is F1 of the sarcastic class. The shipped classifier (models/sarcasm_lr.json,
scripts/train_sarcasm.py) was fitted and tuned (C, the rephrase augmentation, the threshold) by cross-validation
on train.En.csv only; the task-A test labels are used here once, for the reported numbers. Intervals: percentile
bootstrap over tweets (1,000 resamples). "cue list" rows run the project's hand-kept irony markers
(resources/irony_markers.yaml, written for news prose, not tweets) on the same tweets. "combined flag" is what the
notebooks would use per sentence: a cue that flags alone (resources/irony_flag.yaml) or the classifier at its
threshold. The best shared-task system reached F1 0.605 on this test set (a fine-tuned large transformer).

Limits: the training data are tweets, the corpus is news and opinion prose; the hand check on Hot Air's own-voice
sentences (models/sarcasm_lr.md) is what says how far the score carries over.
"""


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """F1 of the sarcastic class for the classifier, the cue list, the combined flag and the all-sarcastic rule."""
    df = read_test(data, limit=limit)
    model = load_model()
    flags = sentence_irony(df["text"].tolist(), model=model, cache_dir=cache_dir())
    cues = [sentence_markers(t) for t in df["text"]]
    strong = [any(cue_kind(c) in ("phrase", "scare quotes") for c in cs) for cs in cues]
    prob = flags[["sarcasm_probability"]].set_axis(["sarcastic"], axis=1)
    rows = [score(df, model.decide(prob)["sarcastic"], f"{MODEL_NAME} at its F1-best threshold "
                  f"{model.get('threshold')} (CV on train)"),
            score(df, model.decide(prob, cutoff="flag_threshold")["sarcastic"], f"{MODEL_NAME} at its flag threshold "
                  f"{model.get('flag_threshold')} (CV precision 0.5 on train)"),
            score(df, [bool(c) for c in cues], "cue list: any irony marker (irony_markers.yaml)"),
            score(df, strong, "cue list: phrases and scare quotes only"),
            score(df, flags["irony_flag"], "combined flag (sentence_irony)"),
            score(df, np.ones(len(df)), "every tweet sarcastic")]
    scores = pd.DataFrame(rows)
    path = Path(data)
    shown = "isarcasmeval" if path.is_dir() else path.name
    meta = {"dataset": "iSarcasmEval (SemEval-2022 Task 6), English task A test; model trained on train.En.csv",
            "split": f"{len(df)} test tweets ({int(df['sarcastic'].sum())} sarcastic)",
            "model_cv_f1_on_train": model.get("cv_f1_sarcastic"), "selection": model.get("selection")}
    return write_run_results(out_dir, NAME, scores, meta, NOTES, data=shown, limit=limit)
