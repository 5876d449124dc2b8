"""Score who holds the sentiment on DSA (directed sentiment between two entities), with two baselines.

``mediabias evaluate holder --data ../shared/datasets/dsa`` reads ``valid.txt`` (tab-separated: the sentence
with both entities in square brackets, entity p, entity q, class 0-4; Park, Pan & Joo, ACL-IJCNLP 2021) and
reports five-class macro-F1 with a 95% bootstrap interval over sentences (:func:`mediabias.compare.stats.bootstrap_statistic`)
for the shipped network (:mod:`mediabias.models.holder_net`, fine-tuned on ``train.txt`` only), the frozen-encoder
logistic regression it replaced (``holder_lr``), the majority class, and the VADER rule (the sentence's VADER sign as p's sentiment toward q). DSA split its pairs, not its sentences:
a quarter of valid's pairs sit in a sentence that train.txt also holds (with another pair), so the classifier is
scored again on the pairs whose sentence train.txt lacks (when train.txt is beside the file). A ``.txt`` file may be given instead of
the folder. The test split is reserved: it is never read, and a file named ``test*`` is refused.

Beside the five classes it scores the question the project asks of the classifier: is the sentiment between
the two entities held by one of them (any directed class) rather than nobody (binary F1 of "directed"), and
for directed gold rows, is the holder the right one (accuracy of the direction). And, because the pipeline sets a
paragraph aside when "another entity holds the sentiment toward the actor" (:func:`set_aside_precision`), the
precision and recall of that claim at several probability cut-offs, on the pairs whose sentence train.txt lacks.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias.compare.stats import bootstrap_statistic
from mediabias.evaluation.common import cache_dir, markdown_table, write_run_results
from mediabias.runtime import encoder
from mediabias.sentiment.holder import LABELS, directed_sentiment, load_baseline, load_model, pair_features
from mediabias.sentiment.tables import sentence_tone
from mediabias.sentiment.writer import HOLDER_THRESHOLD

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
negative p→q, negative q→p. The shipped network (models/holder_net.*, `scripts/train_holder.py --net`: a MiniLM
cross-encoder whose upper layers were fine-tuned, settings fixed before any score was seen) and the baseline it
replaced (models/holder_lr.json: frozen MiniLM, linear read-out, settings chosen by cross-validation on train.txt)
were both trained on train.txt only; valid.txt is scored here, as held-out data. DSA split pairs, not sentences:
the "only sentences not in train.txt" rows keep the valid pairs whose sentence train.txt lacks, the honest held-out
number. The test split is reserved and never read. Intervals: percentile bootstrap over sentences (1,000
resamples, compare.stats.bootstrap_statistic). "directed_f1": F1 of "some entity holds sentiment toward the other"
against "none"; "holder_accuracy": among gold-directed rows read as directed, the share whose holder (p or q) is
right.

The published models (RoBERTa fine-tuned with yes/no questions) report macro-F1 around 0.6 on the test split.
The baselines: the frozen-encoder regression, "majority class" (every pair "none") and "VADER rule" (the sentence's
VADER sign taken as p's sentiment toward q, which is what reading a sentence's tone as one entity's view amounts to).

"Set aside" table: the writer's-stance reader does not count a paragraph as the writer's when the classifier's
P(entity → actor, positive or negative) reaches the cut-off (HOLDER_THRESHOLD in mediabias.sentiment.writer, in
use: set_aside_cutoff_in_use above). Its precision is what a reader
of "held by X" relies on. Rows: each direction of every unseen-sentence pair counted as one claim.
"""


CUTOFFS = (0.5, 0.6, 0.7, 0.8, 0.9)


def set_aside_precision(df: pd.DataFrame, probs: pd.DataFrame, system: str) -> list[dict]:
    """Precision and recall of "one entity holds sentiment toward the other" (both directions of every pair, each
    a claim) at each of :data:`CUTOFFS`."""
    gold = df["gold"].to_numpy()
    rows = []
    for cut in CUTOFFS:
        hit = n_claims = n_gold = 0
        for cols, golds in ((["positive_pq", "negative_pq"], ("positive_pq", "negative_pq")),
                            (["positive_qp", "negative_qp"], ("positive_qp", "negative_qp"))):
            claim = probs[cols].to_numpy(float).sum(1) >= cut
            truth = np.isin(gold, golds)
            hit, n_claims, n_gold = hit + int((claim & truth).sum()), n_claims + int(claim.sum()), n_gold + int(truth.sum())
        rows.append({"system": system, "cutoff": cut, "claims": n_claims, "precision": hit / n_claims if n_claims else float("nan"),
                     "recall": hit / n_gold if n_gold else float("nan"), "gold_directed": n_gold})
    return rows


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Five-class macro-F1 (with intervals) of the shipped network and the baselines on DSA valid."""
    df = read_dsa(data, limit=limit)
    spans = (df["sentence"].tolist(), list(zip(df.p_start, df.p_end)), list(zip(df.q_start, df.q_end)))
    model, baseline = load_model(), load_baseline()
    probs = model.predict_proba(spans)
    base_probs = baseline.predict_proba(features(df) if not limit else pair_features(*spans))
    pred, base_pred = np.asarray(model.decide(probs)), np.asarray(baseline.decide(base_probs))
    net_name = "holder_net (MiniLM cross-encoder, fine-tuned on DSA train)"
    lr_name = "holder_lr (frozen MiniLM pair pooling + logistic regression; baseline)"
    rows = [score(df, pred, net_name), score(df, base_pred, lr_name),
            score(df, ["none"] * len(df), "majority class (none)"),
            score(df, vader_rule(df["sentence"]), "VADER rule (sentence sign as p→q)")]
    train = Path(data) / "train.txt" if Path(data).is_dir() else Path(data).with_name("train.txt")
    set_aside = []
    if train.exists() and train.resolve() != Path(df.attrs["path"]).resolve():
        unseen = ~df["sentence"].isin(set(read_dsa(train)["sentence"])).to_numpy()
        rows.append(score(df[unseen], pred[unseen], f"{net_name}, only sentences not in train.txt"))
        rows.append(score(df[unseen], base_pred[unseen], f"{lr_name}, only sentences not in train.txt"))
        set_aside = (set_aside_precision(df[unseen], probs[unseen], "holder_net")
                     + set_aside_precision(df[unseen], base_probs[unseen], "holder_lr"))
    scores = pd.DataFrame(rows)
    meta = {"dataset": "DSA (Park, Pan & Joo 2021), valid.txt; models trained on train.txt",
            "split": f"{len(df)} pairs ({df.attrs.get('dropped', 0)} lines left out: entities not found in order)",
            "trained_on": model.get("train_file", "?"), "baseline_selection": baseline.get("selection", "?"),
            "set_aside_cutoff_in_use": HOLDER_THRESHOLD}
    notes = NOTES
    if set_aside:
        table = pd.DataFrame(set_aside).round(3)
        notes += ("\n**Set aside as another's**, pairs whose sentence train.txt lacks (each direction a claim):\n\n"
                  + markdown_table(table) + "\n")
    shown = "dsa" if Path(data).is_dir() else f"dsa/{Path(data).name}"
    return write_run_results(out_dir, NAME, scores, meta, notes, data=shown, limit=limit)


__all__ = ["read_dsa", "locate_pair", "features", "run", "directed_sentiment"]
