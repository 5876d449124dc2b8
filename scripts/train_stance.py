"""Retrain the stance reader committed as ``src/mediabias/models/stance_paragraph.json`` and ``stance_article.json``.

    python scripts/train_stance.py --data ../shared/datasets/persent --basil ../shared/datasets/basil   # the shipped models
    python scripts/train_stance.py --data ../shared/datasets/persent --cv 5   # grouped CV of the candidates only

Reads PerSenT's ``dev.csv`` only (Bastan et al., COLING 2020; CC BY 4.0). ``fixed_test.csv`` is never read
here: it is for the final number (``mediabias evaluate stance``), and ``random_test`` is reserved.
Every paragraph is rewritten as the reader sees it (``mediabias.sentiment.stance.text_inputs``: attributed
content and excerpts masked, the person's name replaced by ``[TGT]``) and encoded by the bundled MiniLM.

* paragraph model: a multinomial logistic regression on the paragraph vectors, trained on the ``ParagraphN``
  labels of the paragraphs that name the person in the author's voice (``--paragraphs all``: every paragraph);
* with ``--basil``, the paragraph model also learns from BASIL 2010-2012 (Fan et al., EMNLP 2019): each judged
  (article, entity) pair's paragraphs that name the entity in the author's voice, labelled by the annotators'
  author-voice bias spans aimed at the entity (negative / positive; none: neutral), ``evaluation.stance.
  training_rows``. BASIL 2013-2014 are never read: they are ``evaluate stance-basil``'s held-out years;
* article model: a multinomial logistic regression on ``stance.article_features`` of the paragraph
  probabilities, trained on ``TRUE_SENTIMENT``; its training features are out-of-fold paragraph probabilities
  (5 folds grouped by person), so it learns from probabilities like those it will see.

``--cv K`` scores every candidate configuration (regularisation, class weights, which paragraphs train the
paragraph model, masked or unmasked input) by K-fold cross-validation on dev grouped by ``TARGET_ENTITY`` (a
person's articles stay in one fold), prints macro-F1 at both levels and writes the table to ``--cv-out``. The
shipped settings are the defaults below; they are the best CV article-level macro-F1 of that table.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path

import numpy as np
import pandas as pd


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="the PerSenT folder (holding dev.csv) or a PerSenT-format CSV")
    p.add_argument("--out", help="directory for the two model files (default: the package's models/)")
    p.add_argument("--C", type=float, default=0.003, help="inverse L2 strength of the paragraph model")
    p.add_argument("--article-C", type=float, default=0.01, help="inverse L2 strength of the article model")
    p.add_argument("--class-weight", default="balanced", choices=["balanced", "none"])
    p.add_argument("--paragraphs", default="mentioned", choices=["mentioned", "all"],
                   help="which labelled paragraphs train the paragraph model")
    p.add_argument("--cv", type=int, default=0, metavar="K", help="cross-validate the candidates instead of fitting")
    p.add_argument("--cv-out", default="evaluation/stance_cv.md", help="where --cv writes its table")
    p.add_argument("--masked-only", action="store_true", help="with --cv: skip the unmasked comparison")
    p.add_argument("--limit", type=int, help="first N documents only (smoke test)")
    p.add_argument("--basil", help="BASIL's folder: its 2010-2012 author-voice span polarities become extra paragraph "
                                   "rows of the paragraph model (the shipped models use it; 2013-2014 are never read)")
    return p.parse_args(argv)


def dev_file(data: Path) -> Path:
    data = Path(data)
    path = data / "dev.csv" if data.is_dir() else data
    if "test" in path.name:
        raise SystemExit(f"refusing to train on {path.name}: test splits are for the final evaluation only")
    return path


def load(path: Path, *, mask: bool, limit: int | None):
    """Documents, reader inputs and vectors. With ``mask`` the inputs come from
    :func:`mediabias.evaluation.stance.read_documents`, which caches them (the attribution parse is the slow part)
    and shares them with ``mediabias evaluate stance``."""
    from mediabias.evaluation.common import cache_dir
    from mediabias.evaluation.stance import read_documents
    from mediabias.sentiment.persent import read_persent
    from mediabias.sentiment.stance_fit import prepare

    docs = read_persent(path, limit=limit)
    inputs = read_documents(docs, cache=cache_dir())[0] if mask else None
    inputs, X = prepare(docs, mask=mask, cache=cache_dir(), inputs=inputs)
    return docs, inputs, X


def basil_rows(folder):
    """``(X, gold)`` of BASIL's 2010-2012 author-voice paragraphs (``evaluation.stance.training_rows``), or ``None``."""
    if not folder:
        return None
    from mediabias.evaluation.stance import training_rows

    X, gold = training_rows(Path(folder))
    print(f"BASIL 2010-2012: {len(gold)} paragraphs naming the entity in the author's voice "
          f"({pd.Series(gold).value_counts().to_dict()})", flush=True)
    return X, gold


def run_cv(args, path: Path) -> int:
    from mediabias.sentiment.stance import LABELS
    from mediabias.sentiment.stance_fit import cross_validate, macro_f1

    results = []
    t0 = time.time()
    added = basil_rows(args.basil)
    for mask in (True,) if args.masked_only else (True, False):
        docs, inputs, X = load(path, mask=mask, limit=args.limit)
        cw0 = None if args.class_weight == "none" else args.class_weight
        grid = [(f, C, cw, which) for f in ("vector+extra",) for C in (0.003, 0.01)
                for cw in ("balanced",) for which in ("mentioned",)] if mask else [("vector+extra", args.C, cw0, args.paragraphs)]
        for f, C, cw, which in grid:
            Xf = X if f == "vector+extra" else X[:, :384]
            P, art, art_mean = cross_validate(docs, inputs, Xf, k=args.cv, C=C, article_Cs=(0.01, 0.1, 1.0), class_weight=cw,
                                              added=added if mask else None,  # BASIL rows are masked
                                              which=which)
            labelled = inputs["gold"].notna().to_numpy()
            ment = labelled & (inputs["n_mentions"].to_numpy() > 0)
            pred = np.asarray([LABELS[i] for i in P.argmax(1)])
            for aC, lab in art.items():
                row = {"input": "masked" if mask else "unmasked (all voices)", "features": f, "C": C, "article_C": aC,
                       "class_weight": cw or "none", "paragraph_training": which,
                       "article_f1 (article model)": macro_f1(docs["gold"], lab),
                       "article_f1 (mean of paragraphs)": macro_f1(docs["gold"], art_mean),
                       "paragraph_f1 (naming the person)": macro_f1(inputs["gold"][ment], pred[ment]),
                       "paragraph_f1 (all labelled)": macro_f1(inputs["gold"][labelled], pred[labelled])}
                results.append(row)
                print({k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()},
                      f"({time.time() - t0:.0f}s)", flush=True)
    table = pd.DataFrame(results)
    lines = [f"# Stance reader: {args.cv}-fold cross-validation on PerSenT dev, grouped by person", "",
             f"`python scripts/train_stance.py --data {args.data} --cv {args.cv}`", "",
             f"{len(docs)} documents of dev.csv only (fixed_test never read). Out-of-fold macro-F1 over negative / "
             "neutral / positive; the article model is trained on inner out-of-fold paragraph probabilities. "
             "The shipped settings are the row with the best article-level macro-F1 (article model).", "",
             "| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    for r in table.itertuples(index=False):
        lines.append("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) and v > 0.2 else str(v) for v in r) + " |")
    Path(args.cv_out).write_text("\n".join(lines) + "\n")
    print(table.to_string(index=False))
    return 0


# ------------------------------------------------------------------------------------------- main
def main(argv=None) -> int:
    args = parse_args(argv)
    path = dev_file(Path(args.data))
    if args.cv:
        return run_cv(args, path)
    from mediabias.models import stance as stance_model
    from mediabias.evaluation.comparison import TUNE_YEARS
    from mediabias.sentiment.stance_fit import fit_article, fit_paragraph, oof_paragraph_probs, train_rows

    t0 = time.time()
    cw = None if args.class_weight == "none" else args.class_weight
    docs, inputs, X = load(path, mask=True, limit=args.limit)
    added = basil_rows(args.basil)
    rows = train_rows(inputs, args.paragraphs)
    pmodel = fit_paragraph(inputs, X, rows, C=args.C, class_weight=cw, added=added)
    all_docs = np.arange(len(docs))
    inner = oof_paragraph_probs(docs, inputs, X, all_docs, C=args.C, class_weight=cw, which=args.paragraphs,
                                added=added)
    amodel = fit_article(docs, inputs, inner, all_docs, C=args.article_C, class_weight=cw)
    out = Path(args.out) if args.out else None
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    basil = (f"; paragraph model also: BASIL {min(TUNE_YEARS)}-{max(TUNE_YEARS)} author-voice span polarities "
             f"(Fan et al., EMNLP 2019; research use), {len(added[1])} paragraphs") if added is not None else ""
    common = {"data": f"PerSenT {path.name} (CC BY 4.0), sha256 {sha[:16]}{basil}", "documents": len(docs),
              "settings": {"C": args.C, "article_C": args.article_C, "class_weight": args.class_weight,
                           "paragraphs": args.paragraphs,
                           "basil_years": sorted(TUNE_YEARS) if added is not None else None},
              "retrain": "python scripts/train_stance.py --data PATH/TO/persent --basil PATH/TO/basil"}
    n_added = 0 if added is None else len(added[1])
    for name, model, n in ((stance_model.PARAGRAPH, pmodel, len(rows) + n_added), (stance_model.ARTICLE, amodel, int(len(docs)))):
        stance_model.export(name, model, out, training_rows=n, provenance=common)
        print(f"wrote {name}.json ({n} training rows)")
    print(f"trained in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
