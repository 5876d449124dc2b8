"""Validate the stance reader against the authors' stance in PerSenT (Bastan et al., COLING 2020).

``mediabias evaluate stance --data DIR`` reads every CSV in ``DIR`` in PerSenT's format
(:mod:`mediabias.sentiment.persent`: ``TARGET_ENTITY``, ``DOCUMENT``, ``TRUE_SENTIMENT``; ``Paragraph0..N``
optional) and scores, per file, three readings of the writer's stance toward the document's person:

* **the stance reader** (:mod:`mediabias.sentiment.stance`): the author's voice only, per paragraph and
  per article. On a file the shipped models were trained on (recognised by its SHA-256, stored in
  ``models/stance_paragraph.json``), the numbers are **cross-validated out-of-fold** (5 folds grouped by person,
  the shipped settings, :func:`mediabias.sentiment.stance_fit.cross_validate`), and labelled so; on any other file
  they are the shipped models' held-out numbers;
* **sentence tone, aggregated** (the project's reading until now): the target-sentiment network on every
  sentence naming the person, aggregated per article as ``evaluate comparison`` does for BASIL's author_feeling
  (:func:`mediabias.sentiment.entity_tone.aggregate` with ``resources/aggregation.yaml``);
* **VADER** on the same sentences, aggregated the same way with its customary ±0.05 cut-offs.

Macro-F1 over negative / neutral / positive at the article level and, where paragraph labels exist (and their
number matches the document's paragraphs), at the paragraph level; every number with a 95% bootstrap interval
that resamples **persons** (a person's articles stay together), and the reader's paired difference from each
baseline on the same documents (each replicate resamples once for both methods).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias import __version__, paths
from mediabias.compare.stats import bootstrap_statistic, interval_text
from mediabias.evaluation.common import cache_dir, markdown_table, write_document
from mediabias.evaluation.comparison import TUNE_YEARS, read_basil
from mediabias.models import stance as stance_model
from mediabias.models.target_sentiment import LABELS, MODEL_DIR, WEIGHTS_FILE
from mediabias.runtime.imports import closure, import_edges, module_files
from mediabias.sentiment.entity_tone import Aggregation, aggregate, chosen_aggregation, entity_sentiment
from mediabias.sentiment.persent import persent_files, read_persent
from mediabias.sentiment.stance import PARAGRAPH_MODEL, article_stance, read_stance, text_inputs
from mediabias.sentiment.stance_fit import cross_validate, macro_f1, prepare, train_rows

NAME = "stance"
N_BOOT = 1000
MIN_PERSONS = 30  # fewer persons than this: the bootstrap resamples articles (cluster_of)
READER, TONE, VADER = ("stance reader (author's voice)", "sentence tone, aggregated (target network)",
                       "VADER on the same sentences (±0.05)")
CV_FOLDS = 5


def file_sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def trained_on(path: Path) -> bool:
    """Whether the shipped stance models were trained on this file (its SHA-256 prefix is in their provenance)."""
    data = str(stance_model.load(PARAGRAPH_MODEL).get("data", ""))
    return file_sha(path)[:16] in data


# ------------------------------------------------------------------------------------------ readings
#: Documents are read in groups of at most this many paragraphs, so the reader's inputs and the baselines'
#: mentions of a group share one parse (:data:`mediabias.runtime.nlp.KEEP_DOCS` parses are kept).
PARAGRAPHS_PER_GROUP = 48


def groups(docs: pd.DataFrame) -> list[pd.DataFrame]:
    out, start, size = [], 0, 0
    for i, ps in enumerate(docs["paragraphs"]):
        if size and size + len(ps) > PARAGRAPHS_PER_GROUP:
            out.append(docs.iloc[start:i])
            start, size = i, 0
        size += len(ps)
    return out + [docs.iloc[start:]] if len(docs) else out


def read_documents(docs: pd.DataFrame, *, cache: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reader's inputs (:func:`text_inputs`) and the baselines' mentions (:func:`entity_sentiment`).

    With ``cache``, both are kept there (pickles) under a key of the documents, the source of every module the
    two functions import (:func:`mediabias.runtime.imports.closure`), the resources and the committed
    target-sentiment weights: the attribution parse is the slow part of a rerun."""
    path = None
    if cache is not None:
        key = hashlib.sha256(pd.util.hash_pandas_object(docs.assign(paragraphs=docs["paragraphs"].map("\x1e".join))
                                                        [["article_id", "actor", "paragraphs"]]).to_numpy().tobytes())
        modules = module_files(paths.PACKAGE_DIR)
        needed = closure(["mediabias.sentiment.stance", "mediabias.sentiment.entity_tone"], import_edges(modules), modules)
        for source in sorted(modules[m] for m in needed) + sorted(paths.RESOURCES_DIR.glob("*")) + [MODEL_DIR / WEIGHTS_FILE]:
            key.update(source.read_bytes())
        path = Path(cache) / f"stance-documents-{key.hexdigest()[:24]}.pkl"
        if path.exists():
            return pd.read_pickle(path)
    inputs, mentions = [], []
    for g in groups(docs):
        inputs.append(text_inputs(g))
        mentions.append(entity_sentiment(g.rename(columns={"article_id": "doc_id", "actor": "entity"})))
    found = [m for m in mentions if len(m)]
    result = pd.concat(inputs, ignore_index=True), (pd.concat(found, ignore_index=True) if found else mentions[0])
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        pd.to_pickle(result, path)
    return result


# ------------------------------------------------------------------- BASIL rows the reader also learns from
POLARITY = {"neg": "negative", "pos": "positive"}


def paragraph_documents(articles: pd.DataFrame, judgements: pd.DataFrame, years=TUNE_YEARS) -> pd.DataFrame:
    """BASIL's judged (article, entity) pairs of ``years`` as documents for the stance reader's paragraph model.

    Columns as :func:`mediabias.sentiment.persent.read_persent`: ``article_id`` (``basil:<article>:<entity>``),
    ``actor`` (the entity), ``paragraphs``, ``paragraph_gold`` and ``gold`` (the article-level author_feeling).
    A paragraph's gold is the polarity of the annotators' bias spans in the author's own voice aimed directly at
    the entity (``author_spans`` of :func:`mediabias.evaluation.comparison.read_basil`): negative or positive;
    neutral when the paragraph has none; ``None`` (not used) when it has both. Only paragraphs that name the
    entity in the author's voice train the model (:func:`mediabias.sentiment.stance_fit.train_rows`).

    >>> arts = pd.DataFrame({"article_id": ["a"], "year": [2011], "paragraphs": [["Obama lied.", "Obama spoke."]],
    ...                      "author_spans": [[(0, "Barack_Obama", "neg")]]})
    >>> judg = pd.DataFrame({"article_id": ["a"], "entity": ["Barack_Obama"], "gold": ["negative"], "year": [2011]})
    >>> paragraph_documents(arts, judg).paragraph_gold.tolist()
    [['negative', 'neutral']]
    """
    arts = articles[articles["year"].isin(years)].set_index("article_id")
    rows = []
    for j in judgements[judgements["article_id"].isin(arts.index)].itertuples(index=False):
        art = arts.loc[j.article_id]
        gold = []
        for k in range(len(art["paragraphs"])):
            found = {POLARITY.get(pol) for para, target, pol in art["author_spans"] if para == k and target == j.entity}
            found.discard(None)
            gold.append("neutral" if not found else found.pop() if len(found) == 1 else None)
        rows.append({"article_id": f"basil:{j.article_id}:{j.entity}", "actor": j.entity,
                     "paragraphs": list(art["paragraphs"]), "paragraph_gold": gold, "gold": j.gold})
    return pd.DataFrame(rows, columns=["article_id", "actor", "paragraphs", "paragraph_gold", "gold"])


def training_rows(folder: Path, *, years=TUNE_YEARS) -> tuple[np.ndarray, np.ndarray]:
    """``(X, gold)`` of the :func:`paragraph_documents` paragraphs that name the entity in the author's voice, read
    and encoded as the reader reads PerSenT (:func:`mediabias.sentiment.stance_fit.prepare`), for
    :func:`mediabias.sentiment.stance_fit.fit_paragraph`'s ``added``. Only the annotations of ``years`` are used."""
    articles, judgements = read_basil(Path(folder))
    docs = paragraph_documents(articles, judgements, years)
    if docs.empty:
        raise ValueError(f"{folder}: no author_feeling judgements in the years {sorted(years)}")
    inputs = read_documents(docs[["article_id", "actor", "paragraphs"]], cache=cache_dir())[0]
    inputs, X = prepare(docs, inputs=inputs, cache=cache_dir())
    rows = train_rows(inputs, "mentioned")
    return X[rows], inputs["gold"].to_numpy()[rows]


def added_rows(path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """The BASIL rows the shipped paragraph model also learned from (its ``settings.basil_years``), read from the
    ``basil`` folder beside the PerSenT one (else under :func:`mediabias.paths.data_dir`), so that a file the models
    were trained on is scored out of fold with the same training data; ``None`` when the model learned from none."""
    years = stance_model.load(PARAGRAPH_MODEL).get("settings", {}).get("basil_years")
    if not years:
        return None
    for root in (Path(path).resolve().parent.parent, paths.data_dir()):
        if root is not None and (root / "basil" / "annotations").is_dir():
            return training_rows(root / "basil", years=tuple(years))
    raise ValueError(f"the shipped stance reader also learned from BASIL {years[0]}-{years[-1]}; scoring "
                     f"{Path(path).name} out of fold needs BASIL beside PerSenT ({Path(path).resolve().parent.parent / 'basil'}) "
                     "or under $MEDIABIAS_DATA")


def reader_labels(docs: pd.DataFrame, inputs: pd.DataFrame, *, out_of_fold: bool,
                  added: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[list[str], pd.DataFrame]:
    """The reader's article labels (in ``docs`` order) and its paragraph table (``gold`` and ``label`` columns).
    Out of fold, every fold's paragraph model also learns from ``added`` (:func:`added_rows`)."""
    if out_of_fold:
        settings = stance_model.load(PARAGRAPH_MODEL).get("settings")
        cw = None if settings["class_weight"] == "none" else settings["class_weight"]
        inputs, X = prepare(docs, inputs=inputs, cache=cache_dir())
        P, art, _ = cross_validate(docs, inputs, X, k=CV_FOLDS, C=settings["C"], article_Cs=(settings["article_C"],),
                                   class_weight=cw, which=settings["paragraphs"], added=added)
        decided = stance_model.load(PARAGRAPH_MODEL).decide(pd.DataFrame(P, columns=list(LABELS)))
        paragraphs = inputs.assign(label=decided.to_numpy())
        return list(art[settings["article_C"]]), paragraphs
    gold = dict(zip(docs["article_id"], docs["paragraph_gold"]))
    inputs = inputs.assign(gold=[gold[a][i] if gold[a] is not None else None
                                 for a, i in zip(inputs.article_id, inputs.paragraph)])
    paragraphs = read_stance(inputs)
    arts = article_stance(paragraphs).set_index(["article_id", "actor"])["label"]
    return [arts[(a, e)] for a, e in zip(docs["article_id"], docs["actor"])], paragraphs


def tone_labels(docs: pd.DataFrame, mentions: pd.DataFrame) -> tuple[dict, dict]:
    """The two sentence-level baselines per article and per paragraph: ``({method: article labels},
    {method: {(article_id, paragraph): label}})``."""
    how = chosen_aggregation()
    keys = pd.DataFrame({"doc_id": docs["article_id"], "entity": docs["actor"]})
    pkeys = pd.DataFrame([(f"{a}#{i}", e) for a, e, ps in zip(docs["article_id"], docs["actor"], docs["paragraphs"])
                          for i in range(len(ps))], columns=["doc_id", "entity"])
    per_par = mentions.assign(doc_id=[f"{d}#{p}" for d, p in zip(mentions["doc_id"], mentions["paragraph"])])
    vader_how = Aggregation(how.voices, how.weighting)
    articles = {TONE: list(aggregate(mentions, keys, how=how)["label"]),
                VADER: list(aggregate(mentions, keys, how=vader_how, value="vader_compound")["label"])}
    paragraphs = {}
    for name, h, value in ((TONE, how, None), (VADER, vader_how, "vader_compound")):
        agg = aggregate(per_par, pkeys, how=h, value=value)
        paragraphs[name] = {(d.rsplit("#", 1)[0], int(d.rsplit("#", 1)[1])): lab for d, lab in zip(agg["doc_id"], agg["label"])}
    return articles, paragraphs


# ------------------------------------------------------------------------------------------- scores
def cluster_of(frame: pd.DataFrame) -> str:
    """What the bootstrap resamples: persons (a person's articles stay together) when the file names at least
    :data:`MIN_PERSONS` of them, else articles (a paragraph's article stays whole). PerSenT's fixed_test names
    two persons under four strings (Trump, Donald Trump, Barack Obama, Obama): four clusters make no interval."""
    return "actor" if frame["actor"].nunique() >= MIN_PERSONS else "article_id"


def _interval(frame: pd.DataFrame, stat) -> dict:
    v, lo, hi = bootstrap_statistic(frame, stat, cluster=cluster_of(frame), n_boot=N_BOOT)
    r = lambda x: None if x is None or np.isnan(x) else round(float(x), 4)  # noqa: E731
    return {"value": r(v), "low": r(lo), "high": r(hi)}


def score_level(frame: pd.DataFrame, methods: list[str], *, level: str, file: str, reading: str) -> list[dict]:
    """Macro-F1 and accuracy of each method column of ``frame`` (``actor, gold, <method>...``), then the
    reader's paired difference from each baseline."""
    rows, cluster = [], {"actor": "person", "article_id": "article"}[cluster_of(frame)]
    for m in methods:
        rows.append({"file": file, "level": level, "reading": reading if m == READER else "baseline", "method": m,
                     "n": len(frame), "n_persons": int(frame["actor"].nunique()), "resampled": cluster,
                     "f1_macro": _interval(frame, lambda d, m=m: macro_f1(d["gold"], d[m])),
                     "accuracy": _interval(frame, lambda d, m=m: float((d["gold"] == d[m]).mean()))})
    for m in methods[1:]:
        rows.append({"file": file, "level": level, "reading": reading, "method": f"{READER} minus {m}",
                     "n": len(frame), "n_persons": int(frame["actor"].nunique()), "resampled": cluster,
                     "f1_macro": _interval(frame, lambda d, m=m: macro_f1(d["gold"], d[READER]) - macro_f1(d["gold"], d[m])),
                     "accuracy": _interval(frame, lambda d, m=m: float((d["gold"] == d[READER]).mean()
                                                                      - (d["gold"] == d[m]).mean()))})
    return rows


def score_file(path: Path, *, limit: int | None) -> list[dict]:
    docs = read_persent(path, limit=limit)
    oof = trained_on(path) and limit is None
    reading = (f"cross-validated out-of-fold ({CV_FOLDS} folds grouped by person; the shipped models were trained "
               "on this file)" if oof else "held out (the shipped models never saw this file)")
    inputs, mentions = read_documents(docs, cache=cache_dir())
    art_reader, par_reader = reader_labels(docs, inputs, out_of_fold=oof, added=added_rows(path) if oof else None)
    art_base, par_base = tone_labels(docs, mentions)
    frame = pd.DataFrame({"actor": docs["actor"], "article_id": docs["article_id"], "gold": docs["gold"],
                          READER: art_reader, **art_base})
    rows = score_level(frame, [READER, TONE, VADER], level="article", file=path.name, reading=reading)
    p = par_reader[par_reader["gold"].notna()]
    if len(p):
        pframe = pd.DataFrame({"actor": p["actor"], "article_id": p["article_id"], "gold": p["gold"], READER: p["label"],
                               **{m: [par_base[m][(a, i)] for a, i in zip(p["article_id"], p["paragraph"])] for m in par_base}})
        rows += score_level(pframe, [READER, TONE, VADER], level="paragraph (every labelled paragraph)",
                            file=path.name, reading=reading)
        named = (p["n_mentions"] > 0).to_numpy()
        rows += score_level(pframe[named], [READER, TONE, VADER],
                            level="paragraph (naming the person in the author's voice)", file=path.name, reading=reading)
    return rows


# --------------------------------------------------------------------------------------------- run
def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Score every PerSenT-format CSV in ``data``; write ``stance.json`` / ``stance.md`` to ``out_dir``."""
    files = persent_files(Path(data))
    rows = [r for f in files for r in score_file(f, limit=limit)]
    table = pd.DataFrame([{**{k: v for k, v in r.items() if k not in ("f1_macro", "accuracy")},
                           "f1_macro": interval_text(r["f1_macro"]), "accuracy": interval_text(r["accuracy"])}
                          for r in rows])
    if out_dir is not None:
        command = f"mediabias evaluate stance --data {Path(data).name}" + (f" --limit {limit}" if limit else "")
        doc = {"instrument": NAME, "command": command, "mediabias_version": __version__, "n_boot": N_BOOT,
               "bootstrap_cluster": f"person (TARGET_ENTITY) when a file names at least {MIN_PERSONS}, else article", "aggregation": vars(chosen_aggregation()) | {
                   "voices": list(chosen_aggregation().voices)}, "scores": rows}
        write_document(out_dir, NAME, json.loads(json.dumps(doc)), markdown(table, command))
    return table


def markdown(table: pd.DataFrame, command: str) -> str:
    lines = ["# Evaluation: stance (the writer's stance toward a person, PerSenT)", "", f"`{command}` (mediabias {__version__})",
             "", "Macro-F1 over negative / neutral / positive with a 95% bootstrap interval that resamples persons "
             f"when a file names at least {MIN_PERSONS} of them and articles otherwise (column `resampled`; "
             f"fixed_test names two persons under four strings) ({N_BOOT} replicates, fixed seed); 'minus' rows are the reader's paired difference from a baseline on "
             "the same documents. The sentence-tone baseline is the target-sentiment network aggregated over the "
             "person's sentences as `evaluate comparison` does (`resources/aggregation.yaml`); VADER scores the same "
             "sentences with the same aggregation and ±0.05 cut-offs. A paragraph with no sentence naming the person "
             "is neutral for both baselines.", ""]
    for (file, reading), g in table.groupby(["file", "reading"], sort=False):
        if reading == "baseline":
            continue
        lines += [f"## {file}: {reading}", "", markdown_table(table[table["file"] == file].drop(columns=["file", "reading"])), ""]
    return "\n".join(lines) + "\n"
