"""The comparison's measures: every comparable measure as (article, speaking outlet) units, each outlet's value
with its interval, the largest differences in plain words, and the passages behind them.

The unit of comparison is the outlet **whose words** a passage is (``origin_outlet``): the publisher for
its own voice, the excerpted outlet for excerpts. Intervals are 95% cluster-bootstrap intervals that
resample articles (:func:`mediabias.compare.stats.bootstrap_ratio`), since passages of one article are not
independent; with one article per outlet there is no interval at all, and the tables say so (NaN).

The measure also decides which of its values are unreliable (:func:`sentiment_flags`: the irony check,
:mod:`mediabias.sentiment.irony`); views only draw the flag.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from mediabias.compare.stats import bootstrap_ratio
from mediabias.sentiment.irony import flag_outlets
from mediabias.sources.kinds import SOURCING_KINDS

SUMMARY_COLUMNS = ["dimension", "metric", "label", "unit", "outlet", "outlet_name", "value", "low", "high",
                   "n", "n_of", "n_articles", "per_article", "flag"]

#: Fewer articles than this per outlet: no bootstrap interval (it would look certain on two articles); the
#: per-article values are shown instead (``per_article``).
MIN_ARTICLES_FOR_INTERVAL = 5


@dataclasses.dataclass(frozen=True)
class Metric:
    dimension: str
    metric: str
    label: str
    unit: str      # "share" | "per 1,000 words" | "score"
    scale: float = 1.0
    n_of: str = "items"  # what ``n`` counts


def _words(segments: pd.DataFrame) -> pd.DataFrame:
    paras = segments[segments["level"] == "paragraph"]
    return (paras.groupby(["article_id", "origin_outlet"], sort=True)["n_words"].sum()
            .rename("words").reset_index())


def _ratio_rows(units: pd.DataFrame, m: Metric, names: dict, *, count_col: str = "den",
                min_articles: int = MIN_ARTICLES_FOR_INTERVAL, flags: dict | None = None) -> list[dict]:
    """``units``: one row per (article_id, origin_outlet) with ``num`` and ``den``."""
    rows = []
    for outlet, g in units.groupby("origin_outlet", sort=True):
        if g["den"].sum() == 0:
            continue
        value, low, high = bootstrap_ratio(g["num"], g["den"], g["article_id"])
        n_articles = int(g["article_id"].nunique())
        if n_articles < min_articles:
            low = high = float("nan")
        per = g[g["den"] > 0].groupby("article_id", sort=True)[["num", "den"]].sum()
        per_article = ", ".join(format_value(v * m.scale, m.unit) for v in per["num"] / per["den"])
        rows.append({"dimension": m.dimension, "metric": m.metric, "label": m.label, "unit": m.unit,
                     "outlet": outlet, "outlet_name": names.get(outlet, outlet), "value": value * m.scale,
                     "low": low * m.scale, "high": high * m.scale, "n": int(g[count_col].sum()), "n_of": m.n_of,
                     "n_articles": n_articles, "per_article": per_article,
                     "flag": (flags or {}).get(outlet, "")})
    return rows


def _units(df: pd.DataFrame, num: pd.Series, den: pd.Series) -> pd.DataFrame:
    tmp = pd.DataFrame({"article_id": df["article_id"].to_numpy(), "origin_outlet": df["origin_outlet"].to_numpy(),
                        "num": np.asarray(num, dtype=float), "den": np.asarray(den, dtype=float)})
    return tmp.groupby(["article_id", "origin_outlet"], sort=True)[["num", "den"]].sum().reset_index()


def own_sentences(ll: pd.DataFrame | None) -> pd.DataFrame | None:
    """The loaded-language sentences in an outlet's own words: without those that are mostly a speaker's quoted
    words (voice ``quoted``, :data:`mediabias.language.table.QUOTED_MIN`); their cue counts already leave out the
    quoted words of the sentences kept."""
    if ll is None or "voice" not in ll.columns:
        return ll
    return ll[ll["voice"] != "quoted"]


UNIT_COLUMNS = ["dimension", "metric", "label", "unit", "scale", "n_of", "article_id", "origin_outlet", "num", "den"]


def writer_rows(tables: dict) -> pd.DataFrame | None:
    """The ``writer_stance`` rows the writer actually read (``n_paragraphs`` > 0) inside what the stance reader was
    measured on (``outside`` empty: no country), with the publishing outlet as ``origin_outlet`` (the writer's own
    voice is the publisher's); ``None`` when the table is not given."""
    ws = tables.get("writer_stance")
    if ws is None:
        return None
    seg = tables["segments"]
    outlet_of = dict(zip(seg["article_id"], seg["outlet"]))
    inside = ws["outside"].fillna("").eq("") if "outside" in ws.columns else True
    read = ws[(ws["n_paragraphs"] > 0) & inside]
    return read.assign(origin_outlet=read["article_id"].map(outlet_of))


def metric_units(tables: dict) -> pd.DataFrame:
    """Every comparable measure as (article, speaking outlet) units: the numerator and denominator of its rate.

    One definition of the measures serves both the pooled summary (:func:`outlet_summary`) and the
    story-matched comparison (:mod:`mediabias.compare.matched`): a measure's value for a set of units is
    ``sum(num) / sum(den) * scale``.

    Returns:
        Columns :data:`UNIT_COLUMNS`, one row per (measure, article_id, origin_outlet), measures in display
        order; ``den`` is also what ``n`` counts (words, attributions, mentions, paragraphs, sentences).
    """
    parts: list[pd.DataFrame] = []

    def add(units: pd.DataFrame, m: Metric) -> None:
        u = units[["article_id", "origin_outlet", "num", "den"]].copy()
        for col, v in (("dimension", m.dimension), ("metric", m.metric), ("label", m.label), ("unit", m.unit),
                       ("scale", m.scale), ("n_of", m.n_of)):
            u[col] = v
        parts.append(u)

    words = _words(tables["segments"])
    att = tables.get("attributions")
    if att is not None and "attribution_kind" in att.columns:  # sources only: the author's conjectures are not
        att = att[att["attribution_kind"].isin(SOURCING_KINDS)]
    if att is not None and len(words):
        counts = att.groupby(["article_id", "origin_outlet"]).size().rename("num").reset_index()
        units = words.merge(counts, how="left", on=["article_id", "origin_outlet"]).fillna({"num": 0})
        units["den"] = units["words"]
        add(units, Metric("sources", "attributions_per_1000_words", "Attributions per 1,000 words",
                          "per 1,000 words", 1000.0, "words"))
        if len(att):
            add(_units(att, att["named"].astype(bool), np.ones(len(att))),
                Metric("sources", "share_named", "Share of attributions to named sources", "share", n_of="attributions"))
            add(_units(att, att["cue_class"].eq("stance"), np.ones(len(att))),
                Metric("sources", "share_stance_cues", "Share of attributions with stance-laden verbs", "share", n_of="attributions"))
    stance = writer_rows(tables)
    if stance is not None:
        if len(stance):
            add(_units(stance, stance["score"], np.ones(len(stance))),
                Metric("sentiment", "mean_writer_stance", "Writer's stance toward actors (own voice, -1 to 1)", "score",
                       n_of="actors in articles"))
            add(_units(stance, stance["label"].eq("negative"), np.ones(len(stance))),
                Metric("sentiment", "share_negative_stance", "Share of actors the writer is negative toward (own voice)",
                       "share", n_of="actors in articles"))
    sent = tables.get("actor_sentiment") if stance is None else None
    if sent is not None and len(sent):
        own = sent[sent["voice"] != "quoted"]
        if len(own):
            own = own.assign(origin_outlet=own["speaking_outlet"])
            add(_units(own, own["score"], np.ones(len(own))),
                Metric("sentiment", "mean_actor_sentiment", "Mean sentiment toward actors (own words, -1 to 1)", "score", n_of="mentions"))
            add(_units(own, own["label"].eq("negative"), np.ones(len(own))),
                Metric("sentiment", "share_negative_mentions", "Share of actor mentions with negative sentiment (own words)", "share", n_of="mentions"))
    fr = tables.get("frames")
    if fr is not None and len(fr) and {"frame", "present"} <= set(fr.columns):
        paras = fr[fr["level"] == "paragraph"] if "level" in fr.columns else fr
        for frame, g in paras.groupby("frame", sort=True):
            label = str(g["frame_name"].iloc[0]) if "frame_name" in g.columns else str(frame).replace("_", " ")
            add(_units(g, g["present"].astype(bool), np.ones(len(g))),
                Metric("framing", f"frame_{frame}", f"Share of paragraphs with the {label} frame", "share", n_of="paragraphs"))
    ll = own_sentences(tables.get("loaded_language"))
    if ll is not None and len(ll):
        add(_units(ll, ll["loaded"].astype(bool), np.ones(len(ll))),
            Metric("language", "share_loaded_sentences", "Share of sentences with loaded language (own words)", "share", n_of="sentences"))
        add(_units(ll, ll["n_cues"], ll["n_words"] - ll.get("n_words_quoted", 0)),
            Metric("language", "loaded_cues_per_1000_words", "Loaded-language cues per 1,000 words (own words)",
                   "per 1,000 words", 1000.0, "words"))
    if not parts:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    return pd.concat(parts, ignore_index=True)[UNIT_COLUMNS]


def sentiment_flags(tables: dict) -> dict[str, str]:
    """Outlet → why its sentiment values are unreliable (outlets whose values are sound are absent).

    With ``writer_stance``: the writer's stances read from a paragraph that reads positive and carries irony (the
    table's ``flag``). Otherwise, from ``actor_sentiment``'s own-words mentions: positive readings inside ironic
    sentences (:func:`mediabias.sentiment.irony.flag_outlets`), read from the ``ironic_positive`` column the table
    comes finished with (``Results.reported()`` of :func:`mediabias.pipeline.load_results`; the irony step runs the
    check, never the comparison).
    """
    flags: dict[str, str] = {}
    stance = writer_rows(tables)
    if stance is not None:
        bad = stance[stance["flag"] != ""]
        for outlet, g in bad.groupby("origin_outlet", sort=True):
            flags[outlet] = "; ".join(f"toward {a} ({aid}): {f}" for a, aid, f in zip(g["actor"], g["article_id"], g["flag"]))
        return flags
    sent = tables.get("actor_sentiment")
    if sent is not None and len(sent):
        own = sent[sent["voice"] != "quoted"]
        if len(own):
            own = own.assign(origin_outlet=own["speaking_outlet"])
            fl = flag_outlets(own)
            flags = dict(zip(fl["outlet"], fl["flag_reason"]))
    return flags


def outlet_summary(tables: dict, names: dict, *, min_articles: int = MIN_ARTICLES_FOR_INTERVAL) -> pd.DataFrame:
    """Every comparable measure per outlet, with 95% intervals, ``n`` and the number of articles.

    Args:
        tables: analysis tables by step name (``segments`` required; ``attributions``, ``actor_sentiment``,
            ``frames``, ``loaded_language`` used when present).
        names: outlet id → display name.

    Returns:
        Columns :data:`SUMMARY_COLUMNS`. ``n`` counts what the rate is over (words, attributions,
        mentions, paragraphs or sentences); ``low``/``high`` are NaN when an outlet has fewer than
        ``min_articles`` articles (``per_article`` lists the per-article values, in article order); ``flag`` is
        the reason a value is unreliable (sentiment: positive readings inside ironic sentences,
        :mod:`mediabias.sentiment.irony`), else "".
    """
    rows: list[dict] = []
    flags = sentiment_flags(tables)
    units = metric_units(tables)
    for metric in dict.fromkeys(units["metric"]):
        u = units[units["metric"] == metric]
        first = u.iloc[0]
        m = Metric(first["dimension"], metric, first["label"], first["unit"], float(first["scale"]), first["n_of"])
        rows += _ratio_rows(u, m, names, min_articles=min_articles, flags=flags if m.dimension == "sentiment" else None)
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def format_value(value: float, unit: str) -> str:
    """A measure's value as the pages write it: a share as a percentage, a score signed, a rate with one decimal."""
    if unit == "share":
        return f"{value:.0%}"
    if unit == "score":
        return f"{value:+.2f}"
    return f"{value:.1f}"


def _interval(r) -> str:
    if np.isnan(r["low"]):
        if r["n_articles"] == 1:
            return "1 article, no interval"
        return f"{r['n_articles']} articles: {r['per_article']}; too few for an interval"
    return f"95% interval {format_value(r['low'], r['unit'])} to {format_value(r['high'], r['unit'])}, {r['n_articles']} articles"


def largest_differences(summary: pd.DataFrame, *, min_n: int = 5) -> pd.DataFrame:
    """For each measure, the highest and the lowest outlet, how far apart, and whether the gap is clear.

    Outlets with fewer than ``min_n`` observations, and flagged values (``flag``: e.g. a sentiment sign the
    irony check calls unreliable), are left out of the comparison; ``left_out`` names the flagged ones and why,
    and the sentence says so. ``clear`` is true only
    when both intervals exist and do not overlap. Sorted clear first, then by the gap relative to the range
    of the measure. Columns: dimension, metric, label, unit, high_outlet, low_outlet, high_value, low_value,
    gap, clear, sentence (a plain-language summary).
    """
    out = []
    span = {"share": 1.0, "score": 2.0}
    flag = summary["flag"].fillna("") if "flag" in summary.columns else pd.Series("", index=summary.index)
    for (dim, metric), g in summary[summary["n"] >= min_n].groupby(["dimension", "metric"], sort=True):
        g_flag = flag.loc[g.index]
        left_out = "; ".join(f"{o} left out ({r})" for o, r in zip(g.loc[g_flag != "", "outlet_name"], g_flag[g_flag != ""]))
        g = g[g_flag == ""]
        if g["outlet"].nunique() < 2:
            continue
        g = g.sort_values(["value", "outlet"], ascending=[False, True])
        hi, lo = g.iloc[0], g.iloc[-1]
        clear = bool(not np.isnan(hi["low"]) and not np.isnan(lo["high"]) and hi["low"] > lo["high"])
        unit = hi["unit"]
        scale = span.get(unit, max(float(g["value"].max()), 1e-9))
        sentence = (f"{hi['label']}: {hi['outlet_name']} {format_value(hi['value'], unit)} (n={hi['n']} {hi['n_of']}, {_interval(hi)}) "
                    f"vs {lo['outlet_name']} {format_value(lo['value'], unit)} (n={lo['n']} {lo['n_of']}, {_interval(lo)}). "
                    + ("The intervals do not overlap." if clear else
                       "With so few articles this gap could be chance.")
                    + (f" Flagged and not compared: {left_out}." if left_out else ""))
        out.append({"dimension": dim, "metric": metric, "label": hi["label"], "unit": unit,
                    "high_outlet": hi["outlet"], "low_outlet": lo["outlet"], "high_value": hi["value"],
                    "low_value": lo["value"], "gap": hi["value"] - lo["value"],
                    "relative_gap": (hi["value"] - lo["value"]) / scale, "clear": clear, "sentence": sentence,
                    "left_out": left_out})
    df = pd.DataFrame(out)
    if df.empty:
        return df
    return df.sort_values(["clear", "relative_gap", "metric"], ascending=[False, False, True]).reset_index(drop=True)


def evidence(tables: dict, metric: str, outlet: str, *, k: int = 3, high: bool = True) -> pd.DataFrame:
    """The passages behind one outlet's value of one measure (at most ``k``), most telling first: for the outlet
    with the ``high`` value of a share, the rows that raise it (named sources, stance cues, loaded sentences); for
    the low one (``high=False``), the rows that keep it low.

    Columns: article_id, segment_id, why (what the passage shows), text.
    """
    cols = ["article_id", "segment_id", "why", "text"]
    if metric.startswith("attributions") or metric in ("share_named", "share_stance_cues"):
        att = tables.get("attributions")
        if att is None:
            return pd.DataFrame(columns=cols)
        a = att[att["origin_outlet"] == outlet]
        if "attribution_kind" in a.columns:
            a = a[a["attribution_kind"].isin(SOURCING_KINDS)]
        if metric in ("share_stance_cues", "share_named"):
            # what raises the share first for the high outlet (stance cues, named sources), the rest for the low
            hit = a["cue_class"].eq("stance") if metric == "share_stance_cues" else a["named"].astype(bool)
            a = a.iloc[(~hit if high else hit).to_numpy().argsort(kind="stable")]
        a = a.head(k)
        return pd.DataFrame({"article_id": a["article_id"], "segment_id": a["segment_id"],
                             "why": [f"{s} ({t}; {'named' if n else 'unnamed'}) — cue “{c}” ({cc})"
                                     for s, t, n, c, cc in zip(a["speaker"], a["source_type"], a["named"], a["cue_text"], a["cue_class"])],
                             "text": a["content_text"]}, columns=cols)
    if metric in ("mean_writer_stance", "share_negative_stance"):
        ws = writer_rows(tables)
        if ws is None:
            return pd.DataFrame(columns=cols)
        w = ws[ws["origin_outlet"] == outlet].sort_values(["score", "article_id", "actor"]).head(k)
        seg = tables["segments"].set_index("segment_id")["text"]
        first = [e.split("; ")[0] for e in w["evidence"]]
        return pd.DataFrame({"article_id": w["article_id"], "segment_id": first,
                             "why": [f"the writer toward {a}: {lab} ({sc:+.2f}) over {n} paragraph(s)"
                                     + (f"; flagged: {f}" if f else "")
                                     for a, lab, sc, n, f in zip(w["actor"], w["label"], w["score"], w["n_paragraphs"],
                                                                 w["flag"])],
                             "text": [seg.get(x, "") for x in first]}, columns=cols)
    if metric in ("mean_actor_sentiment", "share_negative_mentions"):
        s = tables.get("actor_sentiment")
        if s is None:
            return pd.DataFrame(columns=cols)
        s = s[(s["speaking_outlet"] == outlet) & (s["voice"] != "quoted")].sort_values(["score", "segment_id"]).head(k)
        return pd.DataFrame({"article_id": s["article_id"], "segment_id": s["segment_id"],
                             "why": [f"toward {a}: {lab} ({sc:+.2f})" for a, lab, sc in zip(s["actor"], s["label"], s["score"])],
                             "text": s["sentence"]}, columns=cols)
    if metric.startswith("frame_"):
        fr = tables.get("frames")
        frame = metric[len("frame_"):]
        f = fr[(fr["origin_outlet"] == outlet) & (fr["frame"].astype(str) == frame) & fr["present"].astype(bool)]
        if "level" in f.columns:
            f = f[f["level"] == "paragraph"]
        sort = "probability" if "probability" in f.columns else ("score" if "score" in f.columns else "segment_id")
        f = f.sort_values([sort, "segment_id"], ascending=[False, True]).head(k)
        seg = tables["segments"].set_index("segment_id")["text"]
        return pd.DataFrame({"article_id": f["article_id"], "segment_id": f["segment_id"],
                             "why": [f"{frame} frame" for _ in range(len(f))],
                             "text": [seg.get(s, "") for s in f["segment_id"]]}, columns=cols)
    if metric in ("share_loaded_sentences", "loaded_cues_per_1000_words"):
        ll = own_sentences(tables.get("loaded_language"))
        l2 = ll[ll["origin_outlet"] == outlet]
        if metric == "share_loaded_sentences" and "p_loaded" in l2.columns:
            l2 = l2.sort_values(["p_loaded", "segment_id"], ascending=[not high, True]).head(k)
            why = [f"P(loaded) {p:.2f}" + (f"; cues {m}" if m else "") for p, m in zip(l2["p_loaded"], l2["matches"])]
        else:
            l2 = l2.sort_values(["score", "n_cues", "segment_id"], ascending=[not high, not high, True]).head(k)
            why = l2["matches"]
        return pd.DataFrame({"article_id": l2["article_id"], "segment_id": l2["segment_id"],
                             "why": why, "text": l2["text"]}, columns=cols)
    raise ValueError(f"no evidence rule for measure {metric!r}")

