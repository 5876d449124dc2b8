"""Notebook 01's views over the attributions table: rates per group and highlighted passages."""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from mediabias.compare.measures import MIN_ARTICLES_FOR_INTERVAL
from mediabias.compare.stats import bootstrap_ratio
from mediabias.sources.close_reading import compare_close_reading
from mediabias.sources.kinds import SOURCING_KINDS
from mediabias.views import figure_style, layout
from mediabias.views.anchors import evidence_link
from mediabias.views.highlight import highlight
from mediabias.views.plots import VOICE_COLORS


def rates(table: pd.DataFrame, segments: pd.DataFrame, *, by=("outlet", "voice"),
          min_articles: int = MIN_ARTICLES_FOR_INTERVAL) -> pd.DataFrame:
    """Attributions per 1,000 words and named share per group, with article-bootstrap 95% intervals.

    The interval is :func:`mediabias.compare.stats.bootstrap_ratio` (the one bootstrap for rates, also used by
    05-compare), so a rate shows the same interval wherever it appears; it is missing for a group of fewer than
    ``min_articles`` articles (two articles give a tight interval that looks certain), and ``per_article`` lists
    the rate of each article instead.

    Only sourcing rows count (``attribution_kind`` speech or position, :mod:`mediabias.sources.kinds`).

    Args:
        table: :func:`mediabias.sources.attributions` output.
        segments: the segments table (paragraph rows give the word counts per voice).
        by: grouping columns present in both tables.

    Returns:
        One row per group: ``n_articles, n_words, n_attributions, per_1000_words, per_1000_lo, per_1000_hi,
        n_named, named_share, per_article``.
    """
    by = list(by)
    if "attribution_kind" in table.columns:  # sources only: the author's conjectures about motives are not sources
        table = table[table["attribution_kind"].isin(SOURCING_KINDS)]
    words = segments[segments["level"] == "paragraph"].groupby(["article_id"] + by)["n_words"].sum()
    counts = table.groupby(["article_id"] + by).agg(n=("attribution_id", "size"), named=("named", "sum"))
    per_article = words.to_frame().join(counts, how="left").fillna({"n": 0, "named": 0}).reset_index()
    rows = []
    for key, g in per_article.groupby(by, sort=True):
        w, n = g["n_words"].to_numpy(float), g["n"].to_numpy(float)
        _, low, high = bootstrap_ratio(1000 * n, w, g["article_id"])
        if len(g) < min_articles:
            low = high = float("nan")
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key)), "n_articles": len(g), "n_words": int(w.sum()),
                     "n_attributions": int(n.sum()), "per_1000_words": round(1000 * n.sum() / max(w.sum(), 1), 2),
                     "per_1000_lo": round(low, 2), "per_1000_hi": round(high, 2),
                     "n_named": int(g["named"].sum()),
                     "named_share": round(g["named"].sum() / n.sum(), 3) if n.sum() else float("nan"),
                     "per_article": ", ".join(f"{1000 * a / max(b, 1):.1f}" for a, b in zip(n, w))})
    return pd.DataFrame(rows)


def attribution_spans(table: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    """The ``(start, end, css_class, title)`` marks of the attributions: content (titled with the speaker),
    source and cue, for :func:`mediabias.views.highlight.highlight`."""
    spans = []
    for r in table.itertuples():
        for start, end, cls, title in ((r.content_start, r.content_end, "content", r.speaker),
                                       (r.source_start, r.source_end, "source", ""),
                                       (r.cue_start, r.cue_end, "cue", "")):
            if not pd.isna(start):
                spans.append((int(start), int(end), cls, "" if pd.isna(title) else str(title)))
    return spans


def highlight_html(text: str, table: pd.DataFrame) -> str:
    """The text as HTML (escaped) with the sources, cues and contents of ``table`` marked (``mark.source``,
    ``mark.cue``, ``mark.content``; a content's title is its speaker)."""
    return "<div style='white-space: pre-wrap'>" + highlight(text, attribution_spans(table)) + "</div>"


def group_label(name: str, voice: str) -> str:
    """``"Outlet · voice"``, the outlet name wrapped (:func:`mediabias.views.layout.wrap`) when it is long."""
    return f"{layout.wrap(name)} · {voice}"


def plot_rates(rate: pd.DataFrame, names: dict):
    """Sourcing attributions per 1,000 words per (speaking outlet, voice), with intervals and n.

    At most 12 groups (those with the most words, said in the title; the table lists all). A group without an
    interval (fewer than five articles) shows its per-article rates beside its n.

    Args:
        rate: :func:`rates` by ``("speaking_outlet", "voice")``.
        names: outlet id → name.

    Returns:
        ``(fig, data)``: the rows drawn.
    """
    data = rate.loc[layout.top(rate["n_words"])] if len(rate) else rate
    labels = [group_label(names.get(o, o), v) for o, v in zip(data["speaking_outlet"], data["voice"])]
    fig, ax = plt.subplots(figsize=(7, max(3.2, 0.3 * layout.n_lines(labels) + 1.2)))
    ax.barh(labels, data["per_1000_words"], color=[VOICE_COLORS.get(v, "#999") for v in data["voice"]])
    ax.errorbar(data["per_1000_words"], labels, xerr=[(data["per_1000_words"] - data["per_1000_lo"]).fillna(0),
                (data["per_1000_hi"] - data["per_1000_words"]).fillna(0)], fmt="none", ecolor="black", lw=1)
    for y, r in enumerate(data.itertuples()):
        per = f"; per article {r.per_article}" if np.isnan(r.per_1000_lo) else ""  # no interval: every article's rate
        ax.text(r.per_1000_words, y, f"  n={r.n_attributions}{per}", va="center", fontsize=9)
    ax.set_xlim(left=0)
    ax.set_xlabel("sourcing attributions per 1,000 words (conjectures left out; fewer than 5 articles: no interval)")
    ax.set_title("How densely each outlet credits sources"
                 + layout.shown_note(len(data), len(rate), "outlet voices", "most words"))
    return layout.fit_width(fig), data


def plot_source_mix(mix: pd.DataFrame, names: dict):
    """Share of each source type among the sourcing attributions of each (speaking outlet, voice), stacked.

    At most 12 groups (those with the most attributions, said in the title).

    Args:
        mix: one row per ``speaking_outlet, voice, source_type`` with ``n`` and ``share``.
        names: outlet id → name.

    Returns:
        ``(fig, data)``: the rows of ``mix`` drawn.
    """
    if mix.empty:  # nothing attributed in this selection: save_figure leaves the figure out with a note
        return layout.nothing_found("no attribution in this selection"), mix
    totals = mix.groupby(["speaking_outlet", "voice"])["n"].sum()
    keep = set(layout.top(totals))
    data = mix[[k in keep for k in zip(mix["speaking_outlet"], mix["voice"])]]
    shares = data.pivot_table(index=["speaking_outlet", "voice"], columns="source_type", values="share", fill_value=0)
    rows = [f"{group_label(names.get(o, o), v)} (n={totals[(o, v)]})" for o, v in shares.index]
    fig, ax = plt.subplots(figsize=(5.5, 0.45 * len(rows) + 0.3 * (layout.n_lines(rows) - len(rows)) + 1.4))
    left = pd.Series(0.0, index=shares.index)
    colors = figure_style.category_colors(shares.columns)  # one distinct colour per source type, never reused
    for col in sorted(shares.columns):
        ax.barh(rows, shares[col], left=left, label=col.replace("_", " "), color=colors[col], edgecolor="white",
                linewidth=0.5)
        left += shares[col]
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.invert_yaxis()
    ax.set_xlabel("share of attributions")
    ax.set_title("What kind of source speaks"
                 + layout.shown_note(len(keep), len(totals), "outlet voices", "most attributions"))
    if len(shares.columns):
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=9)
    return layout.fit_width(fig), data


def plot_chains(table: pd.DataFrame):
    """The chains of credit (who speaks through whom) by attributions, the 12 most frequent.

    Returns:
        ``(fig, data)``: the chains drawn (``chain, n``), least frequent first as drawn bottom-up.
    """
    chains = table.groupby("chain").size().rename("n").reset_index().sort_values(["n", "chain"], ascending=[False, True])
    shown = chains.head(figure_style.MAX_CATEGORIES).iloc[::-1]
    labels = [layout.wrap(c, 60, max_lines=3) for c in shown["chain"]]
    fig, ax = plt.subplots(figsize=(5, 0.34 * len(shown) + 0.17 * (layout.n_lines(labels) - len(labels)) + 1))
    ax.barh(labels, shown["n"], color="#0072B2")
    for y, n in enumerate(shown["n"]):
        ax.text(n, y, f" n={n}", va="center", fontsize=9)
    ax.set_xlim(0, (shown["n"].max() if len(shown) else 1) * 1.2)
    ax.set_xlabel("attributions")
    ax.set_title(f"Who speaks through whom (top {len(shown)} of {len(chains)} chains)")
    return layout.fit_width(fig), shown


def article_per_outlet_html(articles: pd.DataFrame, table: pd.DataFrame) -> str:
    """One article per publishing outlet (its first by id), attributions highlighted (:func:`highlight_html`),
    with a heading (outlet, article id, number of attributions) and a link to the article's page."""
    parts = []
    for outlet, g in articles.sort_values("article_id").groupby("outlet", sort=True):
        aid = g["article_id"].iloc[0]
        sub = table[table.article_id == aid]
        parts.append(f"<h3>{html.escape(outlet)} · {html.escape(aid)} ({len(sub)} attributions)</h3>"
                     + f"<p>{evidence_link(aid, None, 'The whole article with every layer and every row ↗')}</p>"
                     + highlight_html(g["text"].iloc[0], sub))
    return "".join(parts)


CLOSE_READING_COLUMNS = ["article_id", "cue", "speaker_hand", "kind_hand", "speaker_machine", "kind_machine",
                         "disagreement", "note"]


def close_reading_report(hand: pd.DataFrame, attributions: pd.DataFrame) -> tuple[str, pd.DataFrame, str]:
    """The hand reading of the selected articles set beside the extractor, item by item.

    Args:
        hand: :func:`~mediabias.sources.close_reading.load_close_reading` (every article read by hand).
        attributions: the extractor's rows for the selection (every kind).

    Returns:
        ``(summary, table, disagreements)``: one line saying how often they agree (or that the selection has no
        close reading), the items (:data:`CLOSE_READING_COLUMNS`; empty without a reading) and the
        disagreements, one per line ("" without a reading).
    """
    ids = set(attributions["article_id"])
    if hand.empty or not set(hand["article_id"]) & ids:
        return "no close reading for the articles of this selection", pd.DataFrame(columns=CLOSE_READING_COLUMNS), ""
    reading = compare_close_reading(hand[hand["article_id"].isin(ids)], attributions)
    summary = (f"close reading and extractor agree on speaker and kind for {reading['agree'].sum()} of {len(reading)} "
               f"items ({reading['agree'].mean():.0%})")
    bad = reading[~reading["agree"]]
    lines = ["Disagreements:" if len(bad) else "No disagreements."]
    lines += [f"  {r.article_id} · {r.cue} ({r.snippet}): {r.disagreement}" for r in bad.itertuples()]
    return summary, reading[CLOSE_READING_COLUMNS], "\n".join(lines)


def counts_by(table: pd.DataFrame, by: list[str], column: str) -> pd.DataFrame:
    """How many rows of each ``column`` value per ``by`` group (one column per value) and their total ``n``."""
    counts = table.groupby([*by, column]).size().unstack(fill_value=0)
    counts["n"] = counts.sum(axis=1)
    return counts


def source_mix(table: pd.DataFrame) -> pd.DataFrame:
    """Sources per (speaking outlet, voice, source type): ``speaking_outlet, voice, source_type, n, share`` (the share
    of the group's sources, rounded to 3 places), as :func:`plot_source_mix` draws them."""
    mix = table.groupby(["speaking_outlet", "voice", "source_type"]).size().rename("n").reset_index()
    mix["share"] = (mix["n"] / mix.groupby(["speaking_outlet", "voice"])["n"].transform("sum")).round(3)
    return mix


def top_speakers(table: pd.DataFrame, *, k: int = 5) -> pd.DataFrame:
    """The ``k`` speakers with most attributions per speaking outlet: ``speaking_outlet, speaker, n``."""
    return (table.groupby(["speaking_outlet", "speaker"]).size().rename("n").reset_index()
            .sort_values(["speaking_outlet", "n", "speaker"], ascending=[True, False, True])
            .groupby("speaking_outlet").head(k))
