"""Notebook 01's views over the attributions table: rates per group and highlighted passages."""

from __future__ import annotations

import pandas as pd

from mediabias.sources.kinds import SOURCING_KINDS
from mediabias.views.compare import MIN_ARTICLES_FOR_INTERVAL
from mediabias.views.highlight import highlight
from mediabias.views.stats import bootstrap_ratio


def rates(table: pd.DataFrame, segments: pd.DataFrame, *, by=("outlet", "voice"),
          min_articles: int = MIN_ARTICLES_FOR_INTERVAL) -> pd.DataFrame:
    """Attributions per 1,000 words and named share per group, with article-bootstrap 95% intervals.

    The interval is :func:`mediabias.views.stats.bootstrap_ratio` (the one bootstrap for rates, also used by
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
