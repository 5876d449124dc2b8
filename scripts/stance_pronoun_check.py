"""Would paragraphs that name the person only as "he" / "she" help the stance reader's article model? (dev CV only)

    python scripts/stance_pronoun_check.py --data ../shared/datasets/persent --work /tmp/stance-pronoun

The stance reader reads only paragraphs that name the actor in the author's voice. In PerSenT every document has
one main person, often written as he / she after the first mention. This script marks, in each dev document, the
**pronoun paragraphs** by a deterministic rule (:func:`pronoun_paragraphs`) and compares, on the folds of
``stance_fit.cross_validate`` (5 folds grouped by person; the paragraph model trained on the labelled named
paragraphs only, as shipped; article C 0.01, balanced), the article model trained on:

* ``a``  today's features (:func:`mediabias.sentiment.stance.article_features` of the named paragraphs);
* ``b1`` the same features over named + pronoun paragraphs (the pronoun rewritten as ``[TGT]``);
* ``b2`` ``a`` + the mean probabilities of the pronoun paragraphs and log(1 + their number);
* ``c``  ``a`` + the mean VADER (neg, neu, pos, compound) of every paragraph's author-voice text (whole document);
* ``d``  ``b2`` + ``c``;

and, as a sensitivity check named as such, ``b1`` / ``b2`` with the pronoun paragraphs read as they are (no
``[TGT]``). Article macro-F1 with a bootstrap that resamples persons, and the paired difference from ``a``. It also
prints ``--examples`` picked paragraphs (with the paragraph before) for reading. Reads PerSenT ``dev.csv`` only.
The NER of the reader inputs is kept under ``--work``; the attribution parse is ``evaluate stance``'s cache.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from mediabias.compare.stats import bootstrap_statistic
from mediabias.evaluation.common import cache_dir
from mediabias.evaluation.stance import read_documents
from mediabias.runtime.encoder import encode_sentences
from mediabias.runtime.nlp import load_nlp
from mediabias.sentiment.persent import read_persent
from mediabias.sentiment.stance import EXTRA_FEATURES, LABELS, TARGET_MARK, article_features, extra_features
from mediabias.sentiment.stance_fit import fit_fold, logreg, macro_f1, oof_paragraph_probs, prepare

HE, SHE = {"he", "him", "his", "himself"}, {"she", "her", "hers", "herself"}
C, ARTICLE_C, WEIGHTS, FOLDS = 0.003, 0.01, "balanced", 5
KINDS = ("a", "b1", "b2", "c", "d")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the PerSenT folder (dev.csv is read, nothing else)")
    p.add_argument("--work", default="/tmp/stance-pronoun", help="where the NER of the reader inputs is kept")
    p.add_argument("--examples", type=int, default=10, help="picked paragraphs to print")
    p.add_argument("--seed", type=int, default=7, help="which examples")
    return p.parse_args(argv)


# ------------------------------------------------------------------------------------------- the rule
def entities(inputs: pd.DataFrame, work: Path) -> pd.DataFrame:
    """``inputs`` with ``persons`` (PERSON entities of the reader input: start, end, text) and ``prons`` (the
    third-person singular pronouns: start, end, lower-case word, tag), from spaCy without the parser (kept)."""
    key = hashlib.sha256("\x1e".join(inputs["reader_input"]).encode()).hexdigest()[:16]
    path = Path(work) / f"ner-{key}.pkl"
    if not path.exists():
        rows = []
        for d in load_nlp(disable=("parser", "lemmatizer")).pipe(list(inputs["reader_input"]), batch_size=64):
            rows.append(([(e.start_char, e.end_char, e.text) for e in d.ents
                          if e.label_ == "PERSON" and TARGET_MARK not in e.text],
                         [(t.idx, t.idx + len(t.text), t.lower_, t.tag_) for t in d if t.lower_ in HE | SHE]))
        path.parent.mkdir(parents=True, exist_ok=True)
        pd.to_pickle(rows, path)
    rows = pd.read_pickle(path)
    return inputs.assign(persons=[r[0] for r in rows], prons=[r[1] for r in rows])


def gender(named: pd.DataFrame, doc: pd.DataFrame) -> set | None:
    """He or she: the more frequent in the author-voice text of the named paragraphs, else of the whole document."""
    for rows in (named, doc):
        he = sum(p[2] in HE for ps in rows["prons"] for p in ps)
        she = sum(p[2] in SHE for ps in rows["prons"] for p in ps)
        if he != she:
            return HE if he > she else SHE
    return None


def surname(name: str) -> str:
    toks = re.sub(r"['’]s$", "", name.strip()).split()
    return toks[-1].lower() if toks else ""


def pronoun_paragraphs(doc: pd.DataFrame) -> tuple[list, set | None]:
    """One document's pronoun paragraphs (index labels of ``doc``) and the gender used. A paragraph counts when it
    does not name the person in the author's voice, comes after the first one that does, holds an author-voice
    pronoun of the person's gender with no other PERSON named before it, and the person is the document's
    most-mentioned (its author-voice mentions at least those of any other surname)."""
    doc = doc.sort_values("paragraph")
    named = doc[doc["n_mentions"] > 0]
    sex = gender(named, doc) if len(named) else None
    others = pd.Series([surname(t) for ps in doc["persons"] for _, _, t in ps]).value_counts()
    if sex is None or (len(others) and others.iloc[0] > named["n_mentions"].sum()):
        return [], sex
    rows = []
    for i, r in doc[(doc["n_mentions"] == 0) & (doc["paragraph"] > named["paragraph"].min())].iterrows():
        first = next((p[0] for p in r["prons"] if p[2] in sex), None)
        if first is not None and not any(s < first for s, _, _ in r["persons"]):
            rows.append(i)
    return rows, sex


def rewrite(text: str, prons: list, sex: set) -> str:
    """The pronouns of gender ``sex`` replaced by ``[TGT]`` (``[TGT]'s`` for a possessive)."""
    out, pos = [], 0
    for s, e, w, tag in prons:
        if w in sex:
            out += [text[pos:s], TARGET_MARK + ("'s" if w in ("his", "hers") or (w == "her" and tag == "PRP$") else "")]
            pos = e
    return "".join(out + [text[pos:]])


def mark(inputs: pd.DataFrame) -> pd.DataFrame:
    """``inputs`` with ``pronoun`` (bool) and ``pronoun_input`` (the rewritten paragraph, else None)."""
    out = inputs.assign(pronoun=False, pronoun_input=None)
    for _, doc in inputs.groupby("article_id", sort=False):
        rows, sex = pronoun_paragraphs(doc)
        for i in rows:
            out.at[i, "pronoun"] = True
            out.at[i, "pronoun_input"] = rewrite(out.at[i, "reader_input"], out.at[i, "prons"], sex)
    return out


# --------------------------------------------------------------------------------------- the comparison
def features(rows: np.ndarray, P: np.ndarray, extra: np.ndarray, inputs: pd.DataFrame, kind: str):
    """The article features of candidate ``kind`` for one document (``rows``: its rows of ``inputs``)."""
    n, p = rows[inputs["n_mentions"].to_numpy()[rows] > 0], rows[inputs["pronoun"].to_numpy()[rows]]
    if not len(n):
        return None
    if kind == "b1":
        both = np.sort(np.concatenate([n, p]))
        return article_features(P[both], extra[both])
    parts = [article_features(P[n], extra[n])]
    if kind in ("b2", "d"):
        parts.append(np.concatenate([P[p].mean(0) if len(p) else P[n].mean(0), [np.log1p(len(p))]]))
    if kind in ("c", "d"):
        parts.append(inputs[["vader_neg", "vader_neu", "vader_pos", "vader_compound"]].to_numpy()[rows].mean(0))
    return np.concatenate(parts)


def cross_validate(docs, inputs, X, kinds) -> dict:
    """Out-of-fold article labels per candidate (neutral where no paragraph names the person)."""
    extra, gold = X[:, -len(EXTRA_FEATURES):], docs["gold"].to_numpy()
    rows_of = inputs.assign(_i=np.arange(len(inputs))).groupby("article_id")["_i"].apply(np.asarray).to_dict()
    rows = [rows_of[a] for a in docs["article_id"]]
    pred = {k: np.array(["neutral"] * len(docs), dtype=object) for k in kinds}
    P = np.full((len(inputs), len(LABELS)), np.nan)
    for tr, te in GroupKFold(n_splits=FOLDS).split(docs, groups=docs["actor"]):
        fit_fold(docs, inputs, X, P, tr, te, C=C, class_weight=WEIGHTS, which="mentioned")
        inner = oof_paragraph_probs(docs, inputs, X, tr, C=C, class_weight=WEIGHTS, which="mentioned")
        for k in kinds:
            Z = [(features(rows[j], inner, extra, inputs, k), gold[j]) for j in tr]
            model = logreg(ARTICLE_C, WEIGHTS).fit(np.stack([z for z, _ in Z if z is not None]),
                                                   [g for z, g in Z if z is not None])
            for j in te:
                z = features(rows[j], P, extra, inputs, k)
                pred[k][j] = pred[k][j] if z is None else model.predict(z[None, :])[0]
    return pred | {"P": P}


def report(docs, preds: dict) -> list[str]:
    frame = pd.DataFrame({"actor": docs["actor"], "gold": docs["gold"], **preds})
    lines = []
    for k in preds:
        v, lo, hi = bootstrap_statistic(frame, lambda d, k=k: macro_f1(d["gold"], d[k]), cluster="actor")
        line = f"{k}: article macro-F1 {v:.3f} [{lo:.3f}, {hi:.3f}]"
        if k != "a":
            v, lo, hi = bootstrap_statistic(frame, lambda d, k=k: macro_f1(d["gold"], d[k]) - macro_f1(d["gold"], d["a"]),
                                            cluster="actor")
            line += f"; minus a {v:+.3f} [{lo:+.3f}, {hi:+.3f}]"
        lines.append(line)
    return lines


def examples(inputs: pd.DataFrame, docs: pd.DataFrame, n: int, seed: int) -> None:
    picked, actor = inputs[inputs["pronoun"]], dict(zip(docs["article_id"], docs["actor"]))
    for i in np.random.default_rng(seed).choice(len(picked), min(n, len(picked)), replace=False):
        r = picked.iloc[i]
        prev = inputs[(inputs["article_id"] == r["article_id"]) & (inputs["paragraph"] == r["paragraph"] - 1)]
        print(f"\n=== {r['article_id']} p{r['paragraph']} ({actor[r['article_id']]})\nbefore: "
              f"{prev['reader_input'].iloc[0][:400]}\npicked: {r['pronoun_input'][:600]}")


def main(argv=None) -> int:
    args = parse_args(argv)
    docs = read_persent(Path(args.data) / "dev.csv")
    inputs, X = prepare(docs, inputs=read_documents(docs, cache=cache_dir())[0], cache=cache_dir())
    inputs = mark(entities(inputs, Path(args.work)))
    pr = np.flatnonzero(inputs["pronoun"].to_numpy())
    rewritten = inputs.iloc[pr].assign(reader_input=inputs["pronoun_input"].iloc[pr].to_numpy())
    XT = X.copy()
    XT[pr] = np.hstack([encode_sentences(list(rewritten["reader_input"]), cache_dir=cache_dir()),
                        extra_features(rewritten)])
    print(f"{len(pr)} pronoun paragraphs in {inputs.loc[inputs['pronoun'], 'article_id'].nunique()} of {len(docs)} "
          f"documents; {int((inputs['n_mentions'] > 0).sum())} paragraphs name the person")
    examples(inputs, docs, args.examples, args.seed)
    tgt, as_is = cross_validate(docs, inputs, XT, KINDS), cross_validate(docs, inputs, X, ("a", "b1", "b2"))
    lines = report(docs, {k: tgt[k] for k in KINDS})
    lines += report(docs, {"a": as_is["a"], "b1 as is": as_is["b1"], "b2 as is": as_is["b2"]})[1:]
    ok = inputs["gold"].notna().to_numpy()
    for name, P, m in (("named", tgt["P"], ok & (inputs["n_mentions"] > 0).to_numpy()),
                       ("pronoun, [TGT]", tgt["P"], ok & inputs["pronoun"].to_numpy()),
                       ("pronoun, as is", as_is["P"], ok & inputs["pronoun"].to_numpy())):
        pred = np.asarray(LABELS)[P[m].argmax(1)]
        lines.append(f"paragraph macro-F1, {name} paragraphs (n={int(m.sum())}): {macro_f1(inputs['gold'][m], pred):.3f}")
    print("\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
