"""Notebook 05's text around the comparison: the selection's headline, the list of the largest differences and
the passages behind each. Formats what the comparison computed (:mod:`mediabias.compare.measures`,
:mod:`mediabias.compare.matched`); computes nothing of its own."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from mediabias.compare.measures import MIN_ARTICLES_FOR_INTERVAL as MIN_ARTICLES  # the front page's findings list
from mediabias.compare.measures import evidence
from mediabias.views.highlight import passages_table


def left_out_note(gated_out: list[str]) -> str:
    """Markdown: what a trained instrument's domain gate left out (``"instrument: article_id"`` items), or that
    nothing was."""
    return ("Left out as outside a trained instrument's domain: " + "; ".join(gated_out) + "."
            if gated_out else "_Every article is inside the domain of every trained instrument._")


def selection_headline(articles: pd.DataFrame, summary: pd.DataFrame) -> str:
    """Markdown: articles, stories (named) and outlets speaking in them."""
    return (f"{len(articles)} articles, {articles['story'].nunique()} stories "
            f"({', '.join(sorted(articles['story'].unique()))}), {summary['outlet'].nunique()} outlets speaking in them.")


def findings_html(diffs: pd.DataFrame, pairs: pd.DataFrame, versus: pd.DataFrame, summary: pd.DataFrame, *,
                  top: int = 8) -> str:
    """The largest differences in plain words: the verdict (how many survive the false-discovery control), a sign
    caveat per flagged outlet, and the first ``top`` differences, each linked to its passages (``#finding-N``).

    The paragraph carries ``data-n-clear`` (clear gaps) and ``data-enough`` (1 when every outlet has
    :data:`MIN_ARTICLES` articles), which the site's front page reads.
    """
    items = [f'<li><a href="#finding-{i}">{html.escape(r.sentence)}</a></li>'
             for i, r in enumerate(diffs.head(top).itertuples(), start=1)]
    n_clear = int(diffs["clear"].sum())
    enough = int(versus.groupby("outlet")["n_articles"].max().min() >= MIN_ARTICLES)
    verdict = "none clear" if n_clear == 0 else f"{n_clear} of {len(diffs)} clear"
    flagged = summary[summary["flag"] != ""].drop_duplicates("outlet")
    caveat = "".join(f"<p><strong>Sign caveat, {html.escape(r.outlet_name)}:</strong> {html.escape(r.flag)}. "
                     "Its own-words sentiment is left out of these comparisons.</p>" for r in flagged.itertuples())
    return (f'<p data-n-clear="{n_clear}" data-enough="{enough}"><strong>Largest measured differences, '
            f'{html.escape(verdict)}.</strong> '
            f"{n_clear} of {len(diffs)} measures show a clear gap after controlling the false discovery "
            f"rate over {int(pairs['p'].notna().sum())} story-matched comparisons "
            f"({int(pairs['clear'].sum())} of them clear); without that control, "
            f"{int(diffs['overlap_clear'].sum())} would have been called clear because their intervals do not "
            f"overlap.</p>{caveat}<ol>{''.join(items)}</ol>")


def finding_passages_html(diffs: pd.DataFrame, tables: dict, summary: pd.DataFrame, names: dict[str, str], *,
                          top: int = 8, k: int = 3) -> str:
    """The passages behind each of the first ``top`` differences, for its highest and its lowest outlet: a heading
    ``N. label`` (anchor ``finding-N``, linked from :func:`findings_html`), the outlet's value in ``summary`` and
    its ``k`` passages (:func:`mediabias.compare.measures.evidence` on ``tables``: those that raise the high value,
    those that keep the low one low), escaped as the article says."""
    value = summary.set_index(["metric", "outlet"])["value"]
    parts = []
    for i, r in enumerate(diffs.head(top).itertuples(), start=1):
        parts.append(f'<h3 id="finding-{i}">{i}. {html.escape(r.label)}</h3>')
        for outlet, high in ((r.high_outlet, True), (r.low_outlet, False)):
            ev = evidence(tables, r.metric, outlet, k=k, high=high)
            parts.append(f"<h4>{html.escape(names.get(outlet, outlet))}: {value[(r.metric, outlet)]:.3g}</h4>")
            parts.append(passages_table(ev, text="text", columns=["segment_id", "why"]) if len(ev)
                         else "<p class='muted'>no passage (the value is zero or the outlet has no such rows)</p>")
    return "\n".join(parts)
