"""Score who holds the sentiment on DSA (directed sentiment between two entities), with two baselines.

``mediabias evaluate holder --data ../shared/datasets/dsa`` reads ``valid.txt`` (tab-separated: the sentence
with both entities in square brackets, entity p, entity q, class 0-4; Park, Pan & Joo, ACL-IJCNLP 2021) and
reports five-class macro-F1 with a 95% bootstrap interval over sentences (:func:`mediabias.compare.stats.bootstrap_statistic`)
for the shipped classifier (:mod:`mediabias.sentiment.holder`, trained on ``train.txt`` only), the majority class,
and the VADER rule (the sentence's VADER sign as p's sentiment toward q). DSA split its pairs, not its sentences:
a quarter of valid's pairs sit in a sentence that train.txt also holds (with another pair), so the classifier is
scored again on the pairs whose sentence train.txt lacks (when train.txt is beside the file). A ``.txt`` file may be given instead of
the folder. The test split is reserved: it is never read, and a file named ``test*`` is refused.

Beside the five classes it scores the question the project asks of the classifier: is the sentiment between
the two entities held by one of them (any directed class) rather than nobody (binary F1 of "directed"), and
for directed gold rows, is the holder the right one (accuracy of the direction).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias.compare.stats import bootstrap_statistic
from mediabias.evaluation.common import cache_dir, write_run_results
from mediabias.runtime import encoder
from mediabias.sentiment.holder import LABELS, MODEL_NAME, directed_sentiment, load_model, pair_features
from mediabias.sentiment.tables import sentence_tone

NAME = "holder"
N_BOOT = 1000
DSA_COLUMNS = ["sentence", "p_start", "p_end", "q_start", "q_end", "p", "q", "gold"]


def read_dsa(path: Path, *, limit: int | None = None) -> pd.DataFrame:
    """One row per DSA line whose two bracketed entities are found, p before q; brackets removed.

    Returns:
        Columns :data:`DSA_COLUMNS`: the plain ``sentence``, the entities' spans in it, their text and ``gold``
        (one of :data:`mediabias.sentiment.holder.LABELS`). ``attrs["dropped"]`` counts lines left out.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "valid.txt"
    if path.name.startswith("test"):
        raise ValueError(f"{path}: the DSA test split is reserved and is not read; pass valid.txt or train.txt")
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: pass the dsa folder (holding valid.txt) or a DSA .txt file")
    rows, dropped = [], 0
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and len(rows) >= limit:
                break
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or parts[3].strip() not in {"0", "1", "2", "3", "4"}:
                raise ValueError(f"{path}:{n + 1}: not a DSA line (sentence, p, q, class 0-4 separated by tabs)")
            row = locate_pair(*parts[:3])
            if row is None:
                dropped += 1
                continue
            rows.append((*row, LABELS[int(parts[3])]))
    if not rows:
        raise ValueError(f"{path}: no DSA pairs found")
    out = pd.DataFrame(rows, columns=DSA_COLUMNS)
    out.attrs.update(dropped=dropped, path=str(path))
    return out


def locate_pair(marked: str, p: str, q: str) -> tuple | None:
    """``(sentence, p_start, p_end, q_start, q_end, p, q)`` of a DSA line, or ``None`` when ``[p]`` and then ``[q]``
    are not both in it."""
    a = marked.find(f"[{p}]")
    c = marked.find(f"[{q}]", a + len(p) + 2) if a >= 0 else -1
    if a < 0 or c < 0 or not p.strip() or not q.strip():
        return None
    plain = marked[:a] + p + marked[a + len(p) + 2:c] + q + marked[c + len(q) + 2:]
    return plain, a, a + len(p), c - 2, c - 2 + len(q), p, q


def features(df: pd.DataFrame) -> np.ndarray:
    """:func:`pair_features` of a :func:`read_dsa` table, cached under :func:`cache_dir` by content."""
    key = hashlib.sha256(pd.util.hash_pandas_object(df[DSA_COLUMNS[:5]], index=False).to_numpy().tobytes()).hexdigest()[:20]
    path = cache_dir() / f"dsa-pairs-{encoder.network_tag()}-{key}.npy"
    if path.exists():
        return np.load(path)
    X = pair_features(df["sentence"].tolist(), list(zip(df.p_start, df.p_end)), list(zip(df.q_start, df.q_end)))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, X)
    return X


def vader_rule(sentences) -> list[str]:
    """The baseline: the sentence's VADER sign as p's sentiment toward q (``positive_pq`` / ``negative_pq`` / ``none``)."""
    labels = sentence_tone(list(sentences))["vader_label"]
    return [{"positive": "positive_pq", "negative": "negative_pq"}.get(v, "none") for v in labels]


def macro_f1(frame: pd.DataFrame) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(frame["gold"], frame["pred"], labels=list(LABELS), average="macro", zero_division=0))


def directed_f1(frame: pd.DataFrame) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(frame["gold"] != "none", frame["pred"] != "none", zero_division=0))


def holder_accuracy(frame: pd.DataFrame) -> float:
    """Among gold directed rows predicted directed: share with the right holder (p or q)."""
    both = frame[(frame["gold"] != "none") & (frame["pred"] != "none")]
    if both.empty:
        return float("nan")
    return float((both["gold"].str[-2:] == both["pred"].str[-2:]).mean())


def score(df: pd.DataFrame, pred, system: str) -> dict:
    """Scores of one system's predictions on a :func:`read_dsa` table."""
    from sklearn.metrics import f1_score

    frame = pd.DataFrame({"gold": df["gold"].to_numpy(), "pred": list(pred), "sentence": df["sentence"].to_numpy()})
    f1, low, high = bootstrap_statistic(frame, macro_f1, cluster="sentence", n_boot=N_BOOT)
    d, d_low, d_high = bootstrap_statistic(frame, directed_f1, cluster="sentence", n_boot=N_BOOT)
    per_class = f1_score(frame["gold"], frame["pred"], labels=list(LABELS), average=None, zero_division=0)
    return {"system": system, "n": len(frame), "macro_f1": f1, "ci95_low": low, "ci95_high": high,
            "accuracy": float((frame["gold"] == frame["pred"]).mean()), "directed_f1": d,
            "directed_ci95_low": d_low, "directed_ci95_high": d_high, "holder_accuracy": holder_accuracy(frame),
            **{f"f1_{lab}": float(v) for lab, v in zip(LABELS, per_class)}}


NOTES = """
DSA ("Who Blames or Endorses Whom?", Park, Pan & Joo, ACL-IJCNLP 2021): news sentences with two bracketed
entities p (first) and q, and the direction of sentiment between them: none, positive p→q, positive q→p,
negative p→q, negative q→p. The shipped classifier (models/holder_lr.json, scripts/train_holder.py) was trained on
train.txt only; its settings were chosen by cross-validation on train.txt, and valid.txt is scored here once, as
held-out data (DSA split pairs, not sentences: the last row keeps only valid pairs whose sentence is not in
train.txt, the honest held-out number). The test split is reserved and never read. Intervals: percentile bootstrap over sentences
(1,000 resamples, compare.stats.bootstrap_statistic). "directed_f1": F1 of "some entity holds sentiment toward the
other" against "none"; "holder_accuracy": among gold-directed rows read as directed, the share whose holder (p or q)
is right.

The published models (RoBERTa fine-tuned with yes/no questions) report macro-F1 around 0.6 on the test split; this
one is a frozen MiniLM with a linear read-out, chosen for its cost (no fine-tuning, one encoder pass per sentence).
The baselines: "majority class" (every pair "none") and "VADER rule" (the sentence's VADER sign taken as p's
sentiment toward q, which is what reading a sentence's tone as one entity's view amounts to).
"""


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Five-class macro-F1 (with intervals) of the shipped classifier and the two baselines on DSA valid."""
    df = read_dsa(data, limit=limit)
    model = load_model()
    probs = model.predict_proba(features(df) if not limit else pair_features(
        df["sentence"].tolist(), list(zip(df.p_start, df.p_end)), list(zip(df.q_start, df.q_end))))
    shipped_pred = list(model.decide(probs))
    rows = [score(df, shipped_pred, f"{MODEL_NAME} (MiniLM pair pooling + logistic regression)"),
            score(df, ["none"] * len(df), "majority class (none)"),
            score(df, vader_rule(df["sentence"]), "VADER rule (sentence sign as p→q)")]
    train = Path(data) / "train.txt" if Path(data).is_dir() else Path(data).with_name("train.txt")
    if train.exists() and train.resolve() != Path(df.attrs["path"]).resolve():
        unseen = ~df["sentence"].isin(set(read_dsa(train)["sentence"])).to_numpy()
        rows.append(score(df[unseen], np.asarray(shipped_pred)[unseen],
                          f"{MODEL_NAME}, only sentences not in train.txt"))
    scores = pd.DataFrame(rows)
    meta = {"dataset": "DSA (Park, Pan & Joo 2021), valid.txt; model trained on train.txt",
            "split": f"{len(df)} pairs ({df.attrs.get('dropped', 0)} lines left out: entities not found in order)",
            "trained_on": model.get("train_file", "?"), "selection": model.get("selection", "?")}
    shown = "dsa" if Path(data).is_dir() else f"dsa/{Path(data).name}"
    return write_run_results(out_dir, NAME, scores, meta, NOTES, data=shown, limit=limit)


__all__ = ["read_dsa", "locate_pair", "features", "run", "directed_sentiment"]
