"""All outlets side by side: one tidy table of measures with intervals, the largest differences, and the
passages behind them.

The unit of comparison is the outlet **whose words** a passage is (``origin_outlet``): the publisher for
its own voice, the excerpted outlet for excerpts. Intervals are 95% cluster-bootstrap intervals that
resample articles, since passages of one article are not independent; with one article per outlet there is
no interval at all, and the tables say so (NaN).
"""

from __future__ import annotations

import dataclasses
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mediabias.sentiment.irony import flag_outlets, mark_irony
from mediabias.sources.kinds import SOURCING_KINDS
from mediabias.views import figure_style, layout
from mediabias.views.stats import bootstrap_ratio

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
        per_article = ", ".join(_fmt(v * m.scale, m.unit) for v in per["num"] / per["den"])
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


UNIT_COLUMNS = ["dimension", "metric", "label", "unit", "scale", "n_of", "article_id", "origin_outlet", "num", "den"]


def _writer_rows(tables: dict) -> pd.DataFrame | None:
    """The ``writer_stance`` rows the writer actually read (``n_paragraphs`` > 0), with the publishing outlet as
    ``origin_outlet`` (the writer's own voice is the publisher's); ``None`` when the table is not given."""
    ws = tables.get("writer_stance")
    if ws is None:
        return None
    seg = tables["segments"]
    outlet_of = dict(zip(seg["article_id"], seg["outlet"]))
    read = ws[ws["n_paragraphs"] > 0]
    return read.assign(origin_outlet=read["article_id"].map(outlet_of))


def metric_units(tables: dict) -> pd.DataFrame:
    """Every comparable measure as (article, speaking outlet) units: the numerator and denominator of its rate.

    One definition of the measures serves both the pooled summary (:func:`outlet_summary`) and the
    story-matched comparison (:mod:`mediabias.views.matched`): a measure's value for a set of units is
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
    stance = _writer_rows(tables)
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
    ll = tables.get("loaded_language")
    if ll is not None and len(ll):
        add(_units(ll, ll["loaded"].astype(bool), np.ones(len(ll))),
            Metric("language", "share_loaded_sentences", "Share of sentences with loaded language", "share", n_of="sentences"))
        add(_units(ll, ll["n_cues"], ll["n_words"]),
            Metric("language", "loaded_cues_per_1000_words", "Loaded-language cues per 1,000 words",
                   "per 1,000 words", 1000.0, "words"))
    if not parts:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    return pd.concat(parts, ignore_index=True)[UNIT_COLUMNS]


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
    flags: dict = {}  # sentiment values that the irony check finds unreliable, by outlet
    stance = _writer_rows(tables)
    if stance is not None:
        bad = stance[stance["flag"] != ""]
        for outlet, g in bad.groupby("origin_outlet", sort=True):
            flags[outlet] = "; ".join(f"toward {a} ({aid}): {f}" for a, aid, f in zip(g["actor"], g["article_id"], g["flag"]))
    sent = tables.get("actor_sentiment") if stance is None else None
    if sent is not None and len(sent):
        own = sent[sent["voice"] != "quoted"]
        if len(own):
            own = own.assign(origin_outlet=own["speaking_outlet"])
            marked = own if "ironic_positive" in own.columns else mark_irony(own, tables.get("segments"))
            fl = flag_outlets(marked)
            flags = dict(zip(fl["outlet"], fl["flag_reason"]))
    units = metric_units(tables)
    for metric in dict.fromkeys(units["metric"]):
        u = units[units["metric"] == metric]
        first = u.iloc[0]
        m = Metric(first["dimension"], metric, first["label"], first["unit"], float(first["scale"]), first["n_of"])
        rows += _ratio_rows(u, m, names, min_articles=min_articles, flags=flags if m.dimension == "sentiment" else None)
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _fmt(value: float, unit: str) -> str:
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
    return f"95% interval {_fmt(r['low'], r['unit'])} to {_fmt(r['high'], r['unit'])}, {r['n_articles']} articles"


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
        sentence = (f"{hi['label']}: {hi['outlet_name']} {_fmt(hi['value'], unit)} (n={hi['n']} {hi['n_of']}, {_interval(hi)}) "
                    f"vs {lo['outlet_name']} {_fmt(lo['value'], unit)} (n={lo['n']} {lo['n_of']}, {_interval(lo)}). "
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


def evidence(tables: dict, metric: str, outlet: str, *, k: int = 3) -> pd.DataFrame:
    """The passages behind one outlet's value of one measure (at most ``k``), most telling first.

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
        if metric == "share_stance_cues":
            a = a.sort_values("cue_class", ascending=False)  # stance first
        elif metric == "share_named":
            a = a.sort_values("named")  # anonymous first
        a = a.head(k)
        return pd.DataFrame({"article_id": a["article_id"], "segment_id": a["segment_id"],
                             "why": [f"{s} ({t}; {'named' if n else 'unnamed'}) — cue “{c}” ({cc})"
                                     for s, t, n, c, cc in zip(a["speaker"], a["source_type"], a["named"], a["cue_text"], a["cue_class"])],
                             "text": a["content_text"]}, columns=cols)
    if metric in ("mean_writer_stance", "share_negative_stance"):
        ws = _writer_rows(tables)
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
        ll = tables.get("loaded_language")
        l2 = ll[ll["origin_outlet"] == outlet]
        if metric == "share_loaded_sentences" and "p_loaded" in l2.columns:
            l2 = l2.sort_values(["p_loaded", "segment_id"], ascending=[False, True]).head(k)
            why = [f"P(loaded) {p:.2f}" + (f"; cues {m}" if m else "") for p, m in zip(l2["p_loaded"], l2["matches"])]
        else:
            l2 = l2.sort_values(["score", "n_cues", "segment_id"], ascending=[False, False, True]).head(k)
            why = l2["matches"]
        return pd.DataFrame({"article_id": l2["article_id"], "segment_id": l2["segment_id"],
                             "why": why, "text": l2["text"]}, columns=cols)
    raise ValueError(f"no evidence rule for measure {metric!r}")


def wide_table(summary: pd.DataFrame) -> pd.DataFrame:
    """One row per measure, one column per outlet, cells like ``"24% [18–31%] n=30"`` (for display)."""
    def cell(r):
        interval = "" if np.isnan(r["low"]) else f" [{_fmt(r['low'], r['unit'])} to {_fmt(r['high'], r['unit'])}]"
        if not interval and r.get("n_articles", 1) > 1 and r.get("per_article"):
            interval = f" (per article: {r['per_article']})"
        flag = " ⚑ flagged (reason below)" if r.get("flag") else ""
        return f"{_fmt(r['value'], r['unit'])}{interval} n={r['n']:,}{flag}"

    if summary.empty:
        return pd.DataFrame()
    s = summary.assign(cell=summary.apply(cell, axis=1))
    wide = s.pivot_table(index=["dimension", "label"], columns="outlet_name", values="cell", aggfunc="first", sort=False)
    wide.columns.name = None
    return wide.reset_index().fillna("—")


PANEL_COLUMNS = 2  # two panels a row: legible at page width (mediabias.views.figure_style)


def outlets_to_show(summary: pd.DataFrame, *, k: int = figure_style.MAX_CATEGORIES) -> list[str]:
    """The outlets a figure of :func:`outlet_summary` draws, in id order: all of them, or the ``k`` with the most
    articles when there are more (an axis lists at most 12; the table beside the figure lists every outlet).

    >>> outlets_to_show(pd.DataFrame({"outlet": ["b", "a", "c"], "n_articles": [3, 1, 2]}), k=2)
    ['b', 'c']
    """
    articles = summary.groupby("outlet")["n_articles"].max()
    return sorted(layout.top(articles, k))


def _panel_grid(n_metrics: int, n_outlets: int):
    """A figure with one panel per measure, :data:`PANEL_COLUMNS` a row, each tall enough for every outlet."""
    nrows = int(np.ceil(n_metrics / PANEL_COLUMNS))
    return plt.subplots(nrows, PANEL_COLUMNS, figsize=(8, (0.4 * n_outlets + 1.3) * nrows), squeeze=False)


def _finish_panels(fig, axes, n_metrics: int, title: str):
    """Outlet names once per row of panels, unused panels off, the title; returns the figure."""
    for i, ax in enumerate(axes.flat):
        if i % PANEL_COLUMNS:
            ax.tick_params(axis="y", labelleft=False)
    for ax in list(axes.flat)[n_metrics:]:
        ax.axis("off")
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    return layout.fit_width(fig)


def plot_all_measures(summary: pd.DataFrame, *, metrics: list[str], outlets: list[str], names: dict, colors: dict):
    """Every measure of :func:`outlet_summary`, one panel each, two panels a row (legible at page width): each
    outlet's value with its 95% interval and its n. Returns the figure."""
    fig, axes = _panel_grid(len(metrics), len(outlets))
    for ax, metric in zip(axes.flat, metrics):
        g = summary[summary["metric"] == metric].set_index("outlet")
        for y, outlet in enumerate(outlets):
            if outlet not in g.index:
                continue
            r = g.loc[outlet]
            if not np.isnan(r["low"]):
                ax.plot([r["low"], r["high"]], [y, y], color=colors[outlet], linewidth=2.5, alpha=0.55)
            flagged = bool(r.get("flag", ""))  # irony or a hand reading calls the sign unreliable: hollow grey
            if flagged:
                ax.scatter(r["value"], y, facecolor="none", edgecolor="#888888", s=46, zorder=3, hatch="///")
            else:
                ax.scatter(r["value"], y, color=colors[outlet], s=46, zorder=3, edgecolor="black", linewidth=0.5)
            # at the right edge, above the row: never on the dot or its interval
            ax.annotate(f"n={r['n']:,}" + (" · flagged" if flagged else ""), (1.0, y - 0.32),
                        xycoords=("axes fraction", "data"), ha="right",
                        va="center", fontsize=9, color="#555555")
        ax.set_yticks(range(len(outlets)), [layout.wrap(names.get(o, o)) for o in outlets], fontsize=9)
        ax.tick_params(axis="x", labelsize=9)
        ax.set_ylim(len(outlets) - 0.5, -0.8)
        ax.set_title(textwrap.fill(g["label"].iloc[0], 36), fontsize=10)
        unit = g["unit"].iloc[0]
        ax.set_xlabel(unit, fontsize=9)
        if unit == "share":
            ax.set_xlim(0, 1.03)
            ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        elif unit == "score":
            ax.set_xlim(-1.05, 1.05)
            ax.axvline(0, color="#999999", linewidth=0.8)
        else:  # rates start at 0 like shares
            ax.set_xlim(0, float(np.nanmax([g["value"].max(), g["high"].max(), 0])) * 1.1 or 1.0)
    note = layout.shown_note(len(outlets), summary["outlet"].nunique(), "outlets", "most articles")
    return _finish_panels(fig, axes, len(metrics), "All outlets on every measure\n(dot = value; bar = 95% interval, "
                          "only with 5+ articles; hollow = flagged)" + note)


def plot_story_matched(versus: pd.DataFrame, *, metrics: list[str], outlets: list[str], names: dict, colors: dict,
                       flagged: set[tuple[str, str]] = frozenset()):
    """Each outlet minus the others on every measure (:func:`mediabias.views.matched.versus_others`): the
    story-matched difference (dot, bar = 95% interval over stories, n = stories shared) beside the pooled
    difference (open diamond). ``flagged`` (metric, outlet) pairs, the values :func:`outlet_summary` flags, are
    drawn hollow grey and labelled, as in :func:`plot_all_measures`. Two panels a row. Returns the figure."""
    fig, axes = _panel_grid(len(metrics), len(outlets))
    for ax, metric in zip(axes.flat, metrics):
        g = versus[versus["metric"] == metric].set_index("outlet")
        for y, outlet in enumerate(outlets):
            if outlet not in g.index:
                continue
            r = g.loc[outlet]
            bad = (metric, outlet) in flagged
            if not np.isnan(r["low"]):
                ax.plot([r["low"], r["high"]], [y, y], color="#bbbbbb" if bad else colors[outlet], linewidth=2.5,
                        alpha=0.55)
            if not np.isnan(r["matched_diff"]):
                ax.scatter(r["matched_diff"], y, s=46, zorder=3, linewidth=1.0 if bad else 0.5,
                           color="none" if bad else colors[outlet], edgecolor="#888888" if bad else "black")
                stories = int(r["n_stories"])
                ax.annotate(f"n={stories} stor{'y' if stories == 1 else 'ies'}" + (" · flagged" if bad else ""),
                            (1.0, y - 0.32),
                            xycoords=("axes fraction", "data"), ha="right", va="center", fontsize=9, color="#555555")
            if not np.isnan(r["pooled_diff"]):
                ax.plot([r["pooled_diff"]], [y], marker="D", markersize=5, markerfacecolor="none",
                        markeredgecolor="#555555", linestyle="none", zorder=2)
        ax.axvline(0, color="#999999", linewidth=0.8)
        ax.set_yticks(range(len(outlets)), [layout.wrap(names.get(o, o)) for o in outlets], fontsize=9)
        ax.tick_params(axis="x", labelsize=9)
        ax.set_ylim(len(outlets) - 0.5, -0.8)
        ax.set_title(textwrap.fill(g["label"].iloc[0] if len(g) else metric, 36), fontsize=10)
        ax.set_xlabel("difference from the other outlets", fontsize=9)
    note = layout.shown_note(len(outlets), versus["outlet"].nunique(), "outlets", "most articles")
    return _finish_panels(fig, axes, len(metrics), "Each outlet minus the others\n(dot = story-matched, bar = 95% "
                          "interval over stories; ◇ = pooled)" + note)
