"""Validate the outlet comparisons against human judgements: BASIL (Fan et al., EMNLP 2019).

``mediabias evaluate comparison --data $MEDIABIAS_DATA/basil`` scores what a reader is shown when outlets are
compared, on BASIL's events (one story covered by Fox News, The New York Times and HuffPost):

* **article level**: the tool's sentiment toward each main entity in the author's own voice (mentions inside
  attributed content are the quoted voice and do not count; :mod:`mediabias.sentiment.entity_tone`) against the
  annotators' ``author_feeling_<Entity>`` (str-neg/neg → negative, neu → neutral, pos/str-pos → positive):
  macro-F1 over the three classes, and Spearman's rho against the five-point scale. Beside it: VADER on the
  same sentences (with the default ±0.05 cut-offs, and with its aggregation tuned like the tool's) and the
  majority class;
* **within event**: for each (event, entity) judged in several articles, every pair of articles whose
  judgements differ: does the tool order the pair as the annotators do (a tie counts one half; chance 0.5);
* **loaded language**: each article's loaded-language rate (:func:`mediabias.language.model.probability` and the
  lexicon cues of :mod:`mediabias.language`) against the density of annotated lexical-bias spans per sentence
  (Spearman across articles, and pairwise agreement within events, chance 0.5).

Every number comes with a 95% bootstrap interval that resamples events. The aggregation (which voices
count, how mentions are weighted, the class thresholds; the loaded-language rate) is part of the instrument:
it is chosen on the events of 2010-2012 (``tune``) and the events of 2013-2014 (``held out``) are reported
separately. The evaluator reads any folder with BASIL's layout (``articles/<year>/<triplet-uuid>_<k>.json``,
``annotations/<year>/<triplet-uuid>_<k>_ann.json``; ``k`` is not an outlet: the outlet is the article's
``source``, whose case varies: ``fox``/``FOX``); years outside both sets are scored as ``other``.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias import __version__
from mediabias.compare.stats import bootstrap_statistic, interval_text
from mediabias.sentiment.entity_tone import Aggregation, aggregate, chosen_aggregation, entity_sentiment
from mediabias.evaluation.common import data_command, markdown_table, write_document
from mediabias.language import loaded_language, model as loaded_model
from mediabias.sentiment import sentence_tone

NAME = "comparison"
TUNE_YEARS = (2010, 2011, 2012)
HELD_OUT_YEARS = (2013, 2014)
FEELING = {"str-neg": -2, "neg": -1, "neu": 0, "pos": 1, "str-pos": 2}
CLASSES = ("negative", "neutral", "positive")
OUTLETS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}
N_BOOT = 1000
#: The measures of a results document's rows, each an interval ``{value, low, high}`` (or ``None``).
MEASURES = ("f1_macro", "spearman", "accuracy", "agreement", "within_event_agreement", "f1_macro_difference",
            "spearman_difference")
LOADED_RATES = {
    "share_loaded": "share of sentences with P(loaded) at or above the model's threshold",
    "mean_p_loaded": "mean P(loaded) over sentences",
    "cues_per_1000_words": "lexicon cues per 1,000 words (mediabias.language)",
}
LAYOUT = ("expected BASIL's layout: articles/<year>/<triplet-uuid>_<k>.json and "
          "annotations/<year>/<triplet-uuid>_<k>_ann.json")


# ----------------------------------------------------------------------------------------------- reading
def read_basil(folder: Path, *, limit: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """BASIL's articles and their article-level judgements of the author's feeling toward each main entity.

    Returns:
        ``(articles, judgements)``. ``articles``: one row per article: ``article_id`` (file stem), ``event``
        (triplet-uuid), ``year``, ``outlet`` (lower-cased source), ``sentences`` (the body's sentences, flattened),
        ``paragraphs`` (each body paragraph's sentences joined by a space), ``n_sentences``, ``n_words``,
        ``n_lex`` (lexical-bias spans in the body), ``lex_density`` (``n_lex / n_sentences``), ``author_spans``
        (the body's bias spans in the author's voice aimed directly at an entity: ``(paragraph index in
        paragraphs, target entity, polarity)``).
        ``judgements``: one row per (article, entity): ``article_id, event, year, outlet, entity, feeling``
        (the raw code), ``gold_scale`` (-2 .. 2) and ``gold`` (negative | neutral | positive).

    Raises:
        ValueError: with a one-line message when the folder does not have BASIL's layout.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder; {LAYOUT}")
    ann_files = sorted(folder.glob("annotations/*/*_ann.json"))
    if not (folder / "articles").is_dir() or not (folder / "annotations").is_dir() or not ann_files:
        raise ValueError(f"{folder}: no annotations found; {LAYOUT}")
    arts, judg = [], []
    for ann_path in ann_files:
        if limit is not None and len(arts) >= limit:
            break
        year = ann_path.parent.name
        art_path = folder / "articles" / year / ann_path.name.replace("_ann.json", ".json")
        if not art_path.exists():
            raise ValueError(f"{ann_path}: its article {art_path.relative_to(folder)} is missing; {LAYOUT}")
        try:
            art = json.loads(art_path.read_text(encoding="utf-8"))
            ann = json.loads(ann_path.read_text(encoding="utf-8"))
            source, event, body = art["source"], art["triplet-uuid"], art["body-paragraphs"]
            article_level, spans = ann["article-level-annotations"], ann["phrase-level-annotations"]
        except json.JSONDecodeError as exc:
            raise ValueError(f"{ann_path if 'art' in locals() else art_path}: not JSON ({exc})") from None
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{art_path.name}: missing field {exc} ({LAYOUT}; article JSON needs source, "
                             "triplet-uuid, body-paragraphs; annotation JSON needs article-level-annotations and "
                             "phrase-level-annotations)") from None
        if not year.isdigit():
            raise ValueError(f"{ann_path.parent}: year folder must be a number; {LAYOUT}")
        sentences = [s for para in body for s in para]
        n_lex = sum(1 for s in spans if s.get("bias") == "lex" and str(s.get("id", "")).startswith("p"))
        para_of = [k for k, para in enumerate(p for p in body if p) for _ in para]  # sentence -> non-empty paragraph
        author_spans = [(para_of[int(s["id"][1:])], str(s.get("target", "")), str(s.get("polarity", "")))
                        for s in spans if re.fullmatch(r"p\d+", str(s.get("id", ""))) and int(s["id"][1:]) < len(para_of)
                        and s.get("quote") == "no" and s.get("aim") == "dir"]
        aid = ann_path.name[: -len("_ann.json")]
        outlet = str(source).strip().lower()
        arts.append({"article_id": aid, "event": event, "year": int(year), "outlet": outlet,
                     "sentences": sentences, "paragraphs": [" ".join(p) for p in body if p],
                     "n_sentences": len(sentences), "n_words": sum(len(s.split()) for s in sentences),
                     "n_lex": n_lex, "lex_density": n_lex / len(sentences) if sentences else np.nan,
                     "author_spans": author_spans})
        for key, value in sorted(article_level.items()):
            if not key.startswith("author_feeling_") or key == "author_feeling_main_event":
                continue
            if value not in FEELING:
                raise ValueError(f"{ann_path.name}: {key} = {value!r} is not one of {sorted(FEELING)}")
            scale = FEELING[value]
            judg.append({"article_id": aid, "event": event, "year": int(year), "outlet": outlet,
                         "entity": key[len("author_feeling_"):], "feeling": value, "gold_scale": scale,
                         "gold": CLASSES[int(np.sign(scale)) + 1]})
    articles = pd.DataFrame(arts)
    return articles, pd.DataFrame(judg, columns=["article_id", "event", "year", "outlet", "entity", "feeling",
                                                 "gold_scale", "gold"])


def split_of(year: int) -> str:
    return "tune" if year in TUNE_YEARS else "held out" if year in HELD_OUT_YEARS else "other"


# ------------------------------------------------------------------------------------------- statistics
def macro_f1(gold, pred) -> float:
    """Macro-F1 over :data:`CLASSES` (a class absent from both gold and prediction scores 0, as in scikit-learn
    with ``zero_division=0``)."""
    gold, pred = np.asarray(gold, dtype=object), np.asarray(pred, dtype=object)
    f1 = []
    for c in CLASSES:
        tp = np.sum((gold == c) & (pred == c))
        denom = np.sum(gold == c) + np.sum(pred == c)
        f1.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(f1))


def spearman(x, y) -> float:
    from scipy.stats import spearmanr

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 3 or np.nanstd(x) == 0 or np.nanstd(y) == 0:
        return float("nan")
    return float(spearmanr(x, y).statistic)


def pair_rows(table: pd.DataFrame, *, group: list[str], gold: str, value: str) -> pd.DataFrame:
    """Every pair of rows of one group whose ``gold`` differs: ``agree`` 1 when ``value`` orders them the same
    way, 0.5 when ``value`` ties, 0 otherwise. Columns ``event, agree`` (plus the group keys)."""
    out = []
    for key, g in table.groupby(group, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        recs = g[[gold, value]].to_numpy(dtype=float)
        for (g1, v1), (g2, v2) in itertools.combinations(recs, 2):
            if g1 == g2:
                continue
            dv = 0.0 if np.isnan(v1) or np.isnan(v2) else np.sign(v1 - v2)
            out.append({**dict(zip(group, key)), "agree": 0.5 if dv == 0 else float(dv == np.sign(g1 - g2))})
    return pd.DataFrame(out, columns=[*group, "agree"])


def _interval(frame: pd.DataFrame, stat, **kw) -> dict:
    if frame.empty:
        return {"value": None, "low": None, "high": None}
    v, lo, hi = bootstrap_statistic(frame, stat, cluster="event", n_boot=N_BOOT, **kw)
    r = lambda x: None if x is None or np.isnan(x) else round(float(x), 4)  # noqa: E731
    return {"value": r(v), "low": r(lo), "high": r(hi)}


# ------------------------------------------------------------------------------------------- the grid
def aggregation_grid(values=("score", "vote")) -> list[Aggregation]:
    """The candidates searched on the tuning years: value × voices × weighting × class thresholds."""
    cuts = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    return [Aggregation(v, w, -n, p, value) for value in values for v in (("author",), ("author", "quoted"))
            for w in ("mention", "sentence") for n in cuts for p in cuts]


def _describe(a: Aggregation) -> dict:
    return {"value": a.value, "voices": list(a.voices), "weighting": a.weighting, "negative": a.negative,
            "positive": a.positive}


def search(mentions: pd.DataFrame, judgements: pd.DataFrame, *, value: str | None = None) -> tuple[Aggregation, list[dict]]:
    """Score every candidate of :func:`aggregation_grid` on ``judgements`` (macro-F1); the best, and all scores.

    ``value`` overrides what is averaged (``vader_compound`` for the baseline; then only the ``score``
    candidates are searched, the value being fixed). Ties go to the earlier candidate (score, author voice,
    mention weighting, the smallest thresholds).
    """
    keys = judgements.rename(columns={"article_id": "doc_id"})
    scored = []
    for a in aggregation_grid(("score",) if value else ("score", "vote")):
        agg = aggregate(mentions, keys, how=a, value=value)
        scored.append((macro_f1(keys["gold"], agg["label"]), a))
    best = max(scored, key=lambda t: t[0])  # max keeps the first of equal scores
    return best[1], [{**_describe(a), "f1_macro": round(f, 4)} for f, a in scored]


# ----------------------------------------------------------------------------------------------- scoring
def _tool_name(how: Aggregation) -> str:
    voices = "author's voice" if how.voices == ("author",) else "all voices"
    return f"tool (target model, {voices})"


def score_articles(mentions, judgements, *, how: Aggregation, vader_how: Aggregation, majority: str) -> list[dict]:
    keys = judgements.rename(columns={"article_id": "doc_id"})
    tool = aggregate(mentions, keys, how=how)
    vader = aggregate(mentions, keys, how=Aggregation(how.voices, how.weighting), value="vader_compound")
    vader_t = aggregate(mentions, keys, how=vader_how, value="vader_compound")
    base = judgements.reset_index(drop=True)
    methods = {
        _tool_name(how): tool,
        "VADER on the same sentences (±0.05)": vader,
        "VADER on the same sentences (tuned like the tool)": vader_t,
    }
    rows = []
    for split in ("tune", "held out", "all"):
        mask = base["year"].map(split_of).eq(split) if split != "all" else pd.Series(True, index=base.index)
        if not mask.any():
            continue
        for method, agg in methods.items():
            df = base[mask].assign(pred=agg.loc[mask.to_numpy(), "label"].to_numpy(),
                                   value=agg.loc[mask.to_numpy(), "value"].fillna(0).to_numpy())
            rows.append({"check": "article", "split": split, "method": method, "n": int(mask.sum()),
                         "n_events": int(df["event"].nunique()),
                         "f1_macro": _interval(df, lambda d: macro_f1(d["gold"], d["pred"])),
                         "spearman": _interval(df, lambda d: spearman(d["value"], d["gold_scale"])),
                         "accuracy": _interval(df, lambda d: float((d["gold"] == d["pred"]).mean()))})
        df = base[mask].assign(pred=majority)
        rows.append({"check": "article", "split": split, "method": f"majority class ({majority})", "n": int(mask.sum()),
                     "n_events": int(df["event"].nunique()),
                     "f1_macro": _interval(df, lambda d: macro_f1(d["gold"], d["pred"])),
                     "spearman": {"value": None, "low": None, "high": None},
                     "accuracy": _interval(df, lambda d: float((d["gold"] == d["pred"]).mean()))})
    return rows


def _paired_difference(frame: pd.DataFrame, stat) -> dict:
    """``stat(frame)`` is a difference between two methods scored on the same rows; its interval resamples events,
    so both methods see the same replicate (a paired comparison, tighter than comparing two marginal intervals)."""
    return _interval(frame, stat)


def score_paired(mentions, judgements, *, how: Aggregation, vader_how: Aggregation, majority: str) -> list[dict]:
    """The tool's macro-F1 (and Spearman) minus each baseline's, on the same articles, with a paired event bootstrap.

    A difference whose interval lies above 0 means the tool beats that baseline on these events; overlapping
    marginal intervals (the article table) do not say it does not.
    """
    keys = judgements.rename(columns={"article_id": "doc_id"})
    tool = aggregate(mentions, keys, how=how)
    baselines = {
        "VADER on the same sentences (±0.05)": aggregate(mentions, keys, how=Aggregation(how.voices, how.weighting),
                                                          value="vader_compound"),
        "VADER on the same sentences (tuned like the tool)": aggregate(mentions, keys, how=vader_how,
                                                                        value="vader_compound"),
        f"majority class ({majority})": None,
    }
    base = judgements.reset_index(drop=True)
    rows = []
    for split in ("tune", "held out", "all"):
        mask = (base["year"].map(split_of).eq(split) if split != "all" else pd.Series(True, index=base.index)).to_numpy()
        if not mask.any():
            continue
        for name, agg in baselines.items():
            df = base[mask].assign(
                pred=tool.loc[mask, "label"].to_numpy(), value=tool.loc[mask, "value"].fillna(0).to_numpy(),
                pred_b=agg.loc[mask, "label"].to_numpy() if agg is not None else majority,
                value_b=agg.loc[mask, "value"].fillna(0).to_numpy() if agg is not None else np.nan)
            f1 = _paired_difference(df, lambda d: macro_f1(d["gold"], d["pred"]) - macro_f1(d["gold"], d["pred_b"]))
            rho = ({"value": None, "low": None, "high": None} if agg is None else _paired_difference(
                df, lambda d: spearman(d["value"], d["gold_scale"]) - spearman(d["value_b"], d["gold_scale"])))
            rows.append({"check": "article_paired", "split": split, "method": f"{_tool_name(how)} minus {name}",
                         "n": int(mask.sum()), "n_events": int(df["event"].nunique()),
                         "f1_macro_difference": f1, "spearman_difference": rho})
    return rows


def score_within_event(mentions, judgements, *, how: Aggregation) -> list[dict]:
    keys = judgements.rename(columns={"article_id": "doc_id"})
    values = {
        _tool_name(how): aggregate(mentions, keys, how=how)["value"],
        "VADER on the same sentences": aggregate(mentions, keys, how=Aggregation(how.voices, how.weighting),
                                                 value="vader_compound")["value"],
    }
    rows = []
    for method, v in values.items():
        table = judgements.reset_index(drop=True).assign(value=v.fillna(0).to_numpy())
        pairs = pair_rows(table, group=["event", "entity"], gold="gold_scale", value="value")
        pairs["year"] = pairs["event"].map(dict(zip(judgements["event"], judgements["year"])))
        for split in ("tune", "held out", "all"):
            p = pairs if split == "all" else pairs[pairs["year"].map(split_of) == split]
            if p.empty:
                continue
            rows.append({"check": "within event", "split": split, "method": method, "n_pairs": len(p),
                         "n_events": int(p["event"].nunique()), "chance": 0.5,
                         "agreement": _interval(p, lambda d: float(d["agree"].mean()))})
    return rows


def loaded_rates(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: the candidate loaded-language rates of :data:`LOADED_RATES` and VADER's mean |compound|."""
    flat = [(aid, s) for aid, sents in zip(articles["article_id"], articles["sentences"]) for s in sents]
    ids = [a for a, _ in flat]
    texts = [s for _, s in flat]
    p = loaded_model.probability(texts)
    cues = loaded_language(texts)
    tone = sentence_tone(texts)
    df = pd.DataFrame({"article_id": ids, "p": p, "loaded": loaded_model.is_loaded(p),
                       "cues": cues["n_cues"].to_numpy(), "words": cues["n_words"].to_numpy(),
                       "vader_abs": tone["vader_compound"].abs().to_numpy()})
    g = df.groupby("article_id", sort=True)
    out = pd.DataFrame({"share_loaded": g["loaded"].mean(), "mean_p_loaded": g["p"].mean(),
                        "cues_per_1000_words": 1000 * g["cues"].sum() / g["words"].sum().clip(lower=1),
                        "vader_mean_abs_compound": g["vader_abs"].mean()})
    return out.reset_index()


def score_loaded(articles: pd.DataFrame, rates: pd.DataFrame, *, chosen: str) -> tuple[list[dict], dict]:
    df = articles.merge(rates, on="article_id")
    tune = df[df["year"].map(split_of) == "tune"]
    choice = {r: round(spearman(tune[r], tune["lex_density"]), 4) for r in LOADED_RATES} if len(tune) else {}
    rows = []
    methods = {f"tool: {chosen}": chosen, **{f"tool: {r}": r for r in LOADED_RATES if r != chosen},
               "VADER mean |compound| (baseline)": "vader_mean_abs_compound"}
    for split in ("tune", "held out", "all"):
        d = df if split == "all" else df[df["year"].map(split_of) == split]
        if d.empty:
            continue
        for method, col in methods.items():
            pairs = pair_rows(d, group=["event"], gold="lex_density", value=col)
            rows.append({"check": "loaded language", "split": split, "method": method, "n": len(d),
                         "n_events": int(d["event"].nunique()),
                         "spearman": _interval(d, lambda x, c=col: spearman(x[c], x["lex_density"])),
                         "n_pairs": len(pairs), "chance": 0.5,
                         "within_event_agreement": _interval(pairs, lambda x: float(x["agree"].mean()))})
    return rows, choice


# ------------------------------------------------------------------------------------------------- run
def evaluate(data: Path, *, limit: int | None = None) -> dict:
    """Run every check; the results document (what :func:`run` writes to ``evaluation/comparison.json``)."""
    articles, judgements = read_basil(Path(data), limit=limit)
    if judgements.empty:
        raise ValueError(f"{data}: no author_feeling_<Entity> judgements in the annotations")
    docs = judgements[["article_id", "entity"]].rename(columns={"article_id": "doc_id"}).merge(
        articles[["article_id", "paragraphs"]].rename(columns={"article_id": "doc_id"}), on="doc_id")
    mentions = entity_sentiment(docs)
    tune = judgements[judgements["year"].map(split_of) == "tune"]
    chosen = chosen_aggregation()
    grid_best, grid = search(mentions, tune) if len(tune) else (None, [])
    vader_best, _ = search(mentions, tune, value="vader_compound") if len(tune) else (Aggregation(), [])
    majority = (tune if len(tune) else judgements)["gold"].value_counts().sort_index().idxmax()
    rates = loaded_rates(articles)
    tune_arts = articles[articles["year"].map(split_of) == "tune"].merge(rates, on="article_id")
    loaded_choice = (max(LOADED_RATES, key=lambda r: (spearman(tune_arts[r], tune_arts["lex_density"]), -list(LOADED_RATES).index(r)))
                     if len(tune_arts) else "share_loaded")
    loaded_rows, loaded_tune = score_loaded(articles, rates, chosen=loaded_choice)
    keys = judgements.rename(columns={"article_id": "doc_id"})
    counted = aggregate(mentions, keys, how=chosen)
    return {
        "instrument": NAME,
        "mediabias_version": __version__,
        "command": data_command("comparison", data),
        "data": {
            "articles": int(len(articles)), "events": int(articles["event"].nunique()),
            "years": sorted(int(y) for y in articles["year"].unique()),
            "outlets": {o: int(n) for o, n in articles["outlet"].value_counts().sort_index().items()},
            "judgements": int(len(judgements)),
            "judgements_by_class": {c: int(n) for c, n in judgements["gold"].value_counts().sort_index().items()},
            "judgements_by_split": {s: int(n) for s, n in judgements["year"].map(split_of).value_counts().sort_index().items()},
            "judgements_with_a_counted_mention": int((counted["n_mentions"] > 0).sum()),
            "mentions": {v: int(n) for v, n in mentions["voice"].value_counts().sort_index().items()},
            "lexical_bias_spans": int(articles["n_lex"].sum()),
        },
        "aggregation": {"committed": _describe(chosen),
                        "best_on_tune": _describe(grid_best) if grid_best else None,
                        "committed_is_best_on_tune": bool(grid_best == chosen) if grid_best else None,
                        "vader_tuned": _describe(vader_best),
                        "loaded_rate": loaded_choice, "loaded_rate_spearman_on_tune": loaded_tune},
        "article": score_articles(mentions, judgements, how=chosen, vader_how=vader_best, majority=majority),
        "article_paired": score_paired(mentions, judgements, how=chosen, vader_how=vader_best, majority=majority),
        "within_event": score_within_event(mentions, judgements, how=chosen),
        "loaded_language": loaded_rows,
        "aggregation_grid": grid,
    }


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Score the comparisons on a BASIL folder; write ``comparison.{json,md}`` to ``out_dir`` (not with ``limit``).

    Returns:
        The scores table: ``check, split, method, n, measure, value, low, high, baseline`` (one row per number).
    """
    doc = evaluate(Path(data), limit=limit)
    if out_dir is not None and limit is None:
        write_document(out_dir, NAME, doc, markdown(doc))
    return scores_table(doc)


def scores_table(doc: dict) -> pd.DataFrame:
    """The numbers of a results document as one tidy table."""
    rows = []
    for section in ("article", "article_paired", "within_event", "loaded_language"):
        for r in doc.get(section, []):
            for measure in MEASURES:
                if measure in r and r[measure]["value"] is not None:
                    rows.append({"check": r["check"], "split": r["split"], "method": r["method"],
                                 "n": r.get("n", r.get("n_pairs")), "measure": measure, **r[measure]})
    return pd.DataFrame(rows, columns=["check", "split", "method", "n", "measure", "value", "low", "high"])


def _table(records: list[dict], columns: dict[str, str]) -> str:
    """A markdown table of ``records``: one column per item of ``columns`` (header: the record's key), the cells of
    :data:`MEASURES` written as intervals (:func:`mediabias.compare.stats.interval_text`)."""
    cells = [[interval_text(r[key]) if key in MEASURES else f"{r[key]}" for key in columns.values()] for r in records]
    return markdown_table(pd.DataFrame(cells, columns=list(columns)))


def markdown(doc: dict) -> str:
    d, agg = doc["data"], doc["aggregation"]
    c = agg["committed"]
    lines = [
        "# Outlet comparisons against human judgements (BASIL)",
        "",
        f"`{doc['command']}` (mediabias {doc['mediabias_version']})",
        "",
        f"BASIL (Fan et al., EMNLP 2019): {d['articles']} articles, {d['events']} events (years "
        f"{', '.join(map(str, d['years']))}), each event covered by Fox News, The New York Times and HuffPost "
        f"(articles per outlet code: {', '.join(f'{k} {v}' for k, v in d['outlets'].items())}). "
        f"{d['judgements']} judgements of the author's feeling toward a main entity "
        f"({', '.join(f'{k} {v}' for k, v in d['judgements_by_class'].items())}); "
        f"{d['judgements_with_a_counted_mention']} of them have at least one mention of the entity in a voice the "
        f"committed aggregation counts (mentions found, by voice: "
        f"{', '.join(f'{k} {v}' for k, v in d['mentions'].items())}). "
        f"{d['lexical_bias_spans']} annotated lexical-bias spans in the article bodies.",
        "",
        "Every number is given with a 95% bootstrap interval that resamples **events** (1,000 replicates, fixed seed).",
        "",
        "## What each check was tuned on, and what it never saw",
        "",
        "* The target-sentiment model was trained on NewsMTSC `train.jsonl` only; the loaded-language model on "
        "AllSides opinion vs news sentences (distant labels) only. Neither saw BASIL.",
        "* The **aggregation** (which voices count, how mentions are weighted, the class thresholds) and the choice "
        "of loaded-language rate were chosen on the events of **2010-2012** (`tune`); the events of **2013-2014** "
        "(`held out`) were not used for any choice and are reported separately. The entity-name rules "
        "(`resources/entity_forms.yaml`) were written from general newsroom usage, not from these years.",
        f"* Committed aggregation (`resources/aggregation.yaml`): voices {', '.join(c['voices'])}; weighting "
        f"{c['weighting']}; negative at or below {c['negative']}, positive at or above {c['positive']}; an "
        "article with no counted mention is neutral. "
        + ("It is the best of the grid on the tuning years." if agg["committed_is_best_on_tune"] else
           f"The best of the grid on the tuning years is {agg['best_on_tune']}: the committed choice differs "
           "(rerun after a model change, then update the file)."),
        f"* VADER 'tuned like the tool' uses the same grid on the same years: {agg['vader_tuned']}.",
        f"* Loaded-language rate chosen on the tuning years: `{agg['loaded_rate']}` (Spearman with lexical-bias "
        f"density on 2010-2012: {agg['loaded_rate_spearman_on_tune']}).",
        "",
        "## Article level: sentiment toward an entity in the author's voice vs `author_feeling`",
        "",
        "Three classes (str-neg/neg → negative, neu → neutral, pos/str-pos → positive). Spearman is computed "
        "between the article's mean score (0 when no mention counts) and the five-point scale.",
        "",
        _table(doc["article"], {"split": "split", "method": "method", "n": "n", "events": "n_events",
                                "macro-F1": "f1_macro", "Spearman": "spearman", "accuracy": "accuracy"}),
    ]
    lines += [
        "",
        "### Does the tool beat the baselines? Paired differences",
        "",
        "The tool's score minus a baseline's on the same articles; each replicate resamples events once for both "
        "methods, so the interval is that of the difference. Above 0 (interval and all) means the tool is better on "
        "these events.",
        "",
        _table(doc.get("article_paired", []), {"split": "split", "comparison": "method", "n": "n", "events": "n_events",
                                               "macro-F1 difference": "f1_macro_difference",
                                               "Spearman difference": "spearman_difference"}),
    ]
    lines += [
        "",
        "## Within event: does the tool order the outlets' articles as the annotators do?",
        "",
        "For each (event, entity) judged in several articles, every pair of articles with different judgements; "
        "agreement is the share ordered the same way (a tie in the tool's value counts one half). Chance is 0.5.",
        "",
        _table(doc["within_event"], {"split": "split", "method": "method", "pairs": "n_pairs", "events": "n_events",
                                     "agreement": "agreement", "chance": "chance"}),
    ]
    lines += [
        "",
        "## Loaded language vs annotated lexical bias",
        "",
        "Per article: the loaded-language rate against the number of lexical-bias spans per body sentence. "
        "Spearman across articles; within event, pairwise agreement of the order (chance 0.5).",
        "",
        _table(doc["loaded_language"], {"split": "split", "method": "method", "articles": "n", "events": "n_events",
                                        "Spearman": "spearman", "within-event pairs": "n_pairs",
                                        "within-event agreement": "within_event_agreement"}),
    ]
    lines += ["", "The score of every aggregation candidate on the tuning years is in `comparison.json` "
              "(`aggregation_grid`).", ""]
    return "\n".join(lines)
