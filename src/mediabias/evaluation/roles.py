"""Score hero / villain / victim role classification on the Narrative Frames corpus (Frermann et al. 2023; MIT).

``mediabias evaluate roles --data ../shared/datasets/narrative-frames`` reads ``role_and_frame_annoations.tsv``
(one row per annotated (article, entity, role)) and the article texts, and classifies each entity's role from
the sentences of its article that mention it (:func:`mediabias.framing.roles.actor_sentences`). The shipped model's
features (:func:`mediabias.framing.roles.role_features`) are the mean vector of the mentioning sentences (the article
mean when the name is not found verbatim), the target sentiment toward the entity in them, and the role cue
rates of the codebook; a multinomial logistic regression with balanced class weights. A reference row adds the
MiniLM vector of the entity's name, which helps in-domain and is why it is not shipped (see NOTES).

Cross-validation: 5-fold ``StratifiedGroupKFold`` grouped by article (an article's entities never sit on both
sides), repeated with shuffling seeds 0, 1, 2; accuracy and macro-F1 on the pooled out-of-fold predictions of
each repetition, mean and sd over repetitions. C in {0.003, 0.01, 0.03} is chosen by an inner grouped 5-fold
CV on the training folds. Baselines on the same rows: majority role of the training fold, and the codebook's
role cues alone (the role with the highest cue rate in the mentioning sentences; ties and no cue -> majority).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mediabias.evaluation.common import cache_dir, write_run_results
from mediabias.evaluation.frames import GENRE_RULE, genre_labels, read_articles
from mediabias.framing.frames import cue_rates
from mediabias.models import roles as roles_model
from mediabias.runtime.encoder import encode_sentences
from mediabias.runtime.text import split_sentences
from mediabias.framing.roles import actor_sentences, mention_pairs, sentiment_features

NAME = "roles"
ROLES = ("hero", "villain", "victim")
N_SPLITS, SEEDS = 5, (0, 1, 2)


def read_roles(data: Path, *, limit: int | None = None) -> pd.DataFrame:
    """Role rows joined to their article text: ``ID``, ``entity``, ``group``, ``role``, ``text``."""
    data = Path(data)
    path = data / "role_and_frame_annoations.tsv"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: pass the narrative-frames folder with --data")
    roles = pd.read_csv(path, sep="\t")
    bad = sorted(set(roles["role"]) - set(ROLES))
    if bad:
        raise ValueError(f"{path}: unknown roles {bad}")
    arts = read_articles(data, limit=limit)[["ID", "text"]]
    df = roles[["ID", "entity", "group", "role"]].merge(arts, on="ID", how="inner")
    return df.sort_values(["ID", "entity", "role"], kind="stable").reset_index(drop=True)


NAME_DIMS = 384  # the leading entity-name block of :func:`features`, dropped for the shipped model


def features(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Role features of each row and whether the entity was found in its article (boolean array).

    Columns: the MiniLM vector of the entity name (:data:`NAME_DIMS`; only for the in-domain reference model),
    then exactly the shipped model's input (:func:`mediabias.framing.roles.role_features`): mean vector of the mentioning
    sentences (the article mean when the name is not found), target sentiment toward the entity in them, role
    cue rates (last three columns).
    """
    texts = df.drop_duplicates("ID").set_index("ID")["text"]
    sents = {i: split_sentences(t) for i, t in texts.items()}
    flat = [s for i in texts.index for s in sents[i]]
    vecs = encode_sentences(flat, cache_dir=cache_dir())
    offset, index = 0, {}
    for i in texts.index:
        index[i] = {s: vecs[offset + k] for k, s in enumerate(sents[i])}
        offset += len(sents[i])
    ctx_vec, contexts, pairs, found = [], [], [], []
    for row in df.itertuples(index=False):
        ctx = actor_sentences(row.text, str(row.entity))
        found.append(bool(ctx))
        use = ctx or sents[row.ID]
        ctx_vec.append(np.mean([index[row.ID][s] for s in use], axis=0))
        contexts.append(" ".join(ctx))
        pairs.append(mention_pairs(ctx, str(row.entity)))
    names = encode_sentences([str(e) for e in df["entity"]], cache_dir=cache_dir())
    rates = cue_rates(contexts, section="roles").to_numpy()
    X = np.hstack([names, np.vstack(ctx_vec), sentiment_features(pairs), rates])
    return X, np.asarray(found)


def cue_baseline(contexts_rates: np.ndarray, majority: str) -> np.ndarray:
    """Role with the highest cue rate; the majority role when no cue fires or the top rates tie."""
    out = []
    for r in contexts_rates:
        top = np.flatnonzero(r == r.max())
        out.append(ROLES[top[0]] if r.max() > 0 and len(top) == 1 else majority)
    return np.asarray(out)


def out_of_fold(X, y, groups) -> dict[str, list[np.ndarray]]:
    """Out-of-fold predictions of the model and both baselines, one array per seed of :data:`SEEDS`."""
    from sklearn.model_selection import StratifiedGroupKFold

    rates = X[:, -len(ROLES):]
    res = {"model": [], "role cues only": [], "majority": []}
    for seed in SEEDS:
        pred = np.empty(len(y), dtype=object)
        maj = np.empty(len(y), dtype=object)
        cue = np.empty(len(y), dtype=object)
        for tr, te in StratifiedGroupKFold(N_SPLITS, shuffle=True, random_state=seed).split(X, y, groups):
            pipe, _ = roles_model.fit(X[tr], y[tr], groups[tr], seed)
            pred[te] = pipe.predict(X[te])
            m = pd.Series(y[tr]).value_counts().sort_index().idxmax()
            maj[te] = m
            cue[te] = cue_baseline(rates[te], m)
        for name, p in (("model", pred), ("role cues only", cue), ("majority", maj)):
            res[name].append(p)
    return res


def by_genre(y, oof: dict, genre: np.ndarray) -> pd.DataFrame:
    """Out-of-fold macro-F1 and accuracy within each genre of article (:mod:`mediabias.runtime.genre`).

    One row per (genre, system): ``n_rows`` ((article, entity) rows), ``accuracy`` and ``macro_f1`` (means over
    the seeds). Tells whether roles can be trusted on opinion writing (``resources/genre_trust.yaml``).
    """
    from sklearn.metrics import accuracy_score, f1_score

    rows = []
    for g in sorted(set(genre)):
        mask = genre == g
        for name, preds in oof.items():
            rows.append({"genre": g, "system": name, "n_rows": int(mask.sum()),
                         "accuracy": round(float(np.mean([accuracy_score(y[mask], p[mask]) for p in preds])), 4),
                         "macro_f1": round(float(np.mean([f1_score(y[mask], p[mask], average="macro",
                                                                   zero_division=0) for p in preds])), 4)})
    return pd.DataFrame(rows)


def cross_validate(X, y, groups, oof: dict | None = None) -> pd.DataFrame:
    from sklearn.metrics import accuracy_score, f1_score

    oof = oof if oof is not None else out_of_fold(X, y, groups)
    res = {name: [] for name in oof}
    for name, preds in oof.items():
        for p in preds:
            res[name].append((accuracy_score(y, p), f1_score(y, p, average="macro", zero_division=0),
                              *f1_score(y, p, labels=list(ROLES), average=None, zero_division=0)))
    rows = []
    for name, vals in res.items():
        v = np.asarray(vals)
        rows.append({"system": name, "n": len(y), "accuracy": v[:, 0].mean(), "accuracy_sd": v[:, 0].std(),
                     "macro_f1": v[:, 1].mean(), "macro_f1_sd": v[:, 1].std(),
                     **{f"f1_{r}": v[:, 2 + k].mean() for k, r in enumerate(ROLES)}})
    return pd.DataFrame(rows)


NOTES = """
Rows are (article, entity) pairs as annotated; the model sees the entity's article, not the annotators'
stakeholder group. The entity's sentences are found by case-insensitive match of the full name or its
capitalised last word; when neither occurs (paraphrased or merged entities) the article mean stands in.
Grouped CV keeps each article's entities in one fold.

Why the shipped model scores lower than the reference row: the reference also embeds the entity's name, and on
this corpus the name alone says a lot (in climate coverage, "fossil fuel companies" are villains and "farmers"
victims). That knowledge does not transfer: applied to Iraq coverage it casts new names by their resemblance to
climate actors. The shipped model reads only what the sentences say about the actor (their content, the
sentiment toward the actor from our NewsMTSC-trained model, and role cue words), so its lower score is the
honest estimate of what it can do on another story.

Limits: climate coverage 2017-2019; the same entity can be hero in one article and villain in another, and
some entities carry two roles in one article (each row is scored). In the seed corpus (US politics, Iraq) the
classifier still runs outside its training domain: read its roles with the passages shown beside them.
"""


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Cross-validated role scores beside the majority and cue baselines; writes ``roles.json``/``roles.md``."""
    df = read_roles(data, limit=limit)
    X, found = features(df)
    y, groups = df["role"].to_numpy(), df["ID"].to_numpy()
    oof = out_of_fold(X[:, NAME_DIMS:], y, groups)
    shipped = cross_validate(X[:, NAME_DIMS:], y, groups, oof)
    texts = df.drop_duplicates("ID").set_index("ID")["text"]
    genre_of = dict(zip(texts.index, genre_labels(texts.tolist())))
    genres = np.array([genre_of[i] for i in df["ID"]])
    shipped["system"] = shipped["system"].replace({"model": "model (shipped): mention context + target sentiment + cues"})
    named = cross_validate(X, y, groups)
    named = named[named["system"] == "model"].assign(system="reference: + entity-name embedding (in-domain only)")
    order = ["model (shipped): mention context + target sentiment + cues",
             "reference: + entity-name embedding (in-domain only)", "role cues only", "majority"]
    scores = pd.concat([shipped, named]).set_index("system").loc[order].reset_index()
    meta = {"dataset": "Narrative Frames (Frermann et al. 2023), role_and_frame_annoations.tsv",
            "split": f"{len(df)} (article, entity, role) rows from {df['ID'].nunique()} development articles",
            "entities_found_in_text": f"{int(found.sum())} of {len(found)}",
            "cv": f"StratifiedGroupKFold(n_splits={N_SPLITS}, shuffle=True) grouped by article, seeds {list(SEEDS)}",
            "floor": "beat the majority baseline on accuracy and macro-F1",
            "by_genre": by_genre(y, oof, genres).to_dict(orient="records"), "genre_rule": GENRE_RULE}
    return write_run_results(out_dir, NAME, scores, meta, NOTES, data="narrative-frames", limit=limit)
