"""Notebook 05's text around the comparison: the selection's headline, the story-matched table as read, the list of
the largest differences. Formats the tables the comparison computed (:mod:`mediabias.views.compare`,
:mod:`mediabias.views.matched`); computes nothing of its own."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

#: Articles an outlet needs for an interval; the front page shows the findings list only when every outlet has them.
MIN_ARTICLES = 5


def left_out_note(gated_out: list[str]) -> str:
    """Markdown: what a trained instrument's domain gate left out (``"instrument: article_id"`` items), or that
    nothing was."""
    return ("Left out as outside a trained instrument's domain: " + "; ".join(gated_out) + "."
            if gated_out else "_Every article is inside the domain of every trained instrument._")


def selection_headline(articles: pd.DataFrame, summary: pd.DataFrame) -> str:
    """Markdown: articles, stories (named) and outlets speaking in them."""
    return (f"{len(articles)} articles, {articles['story'].nunique()} stories "
            f"({', '.join(sorted(articles['story'].unique()))}), {summary['outlet'].nunique()} outlets speaking in them.")


def story_matched_table(versus: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The pooled and story-matched differences as read: ``label, outlet`` (name), ``n_articles, n_stories``,
    ``pooled`` (signed, 3 significant digits) and ``story_matched`` (with its 95% interval, "—" when none)."""
    matched = [("—" if np.isnan(m) else f"{m:+.3g}") + ("" if np.isnan(lo) else f" [{lo:+.3g} to {hi:+.3g}]")
               for m, lo, hi in zip(versus["matched_diff"], versus["low"], versus["high"])]
    shown = versus.assign(outlet=versus["outlet"].map(lambda o: names.get(o, o)),
                          pooled=[f"{v:+.3g}" for v in versus["pooled_diff"]], story_matched=matched)
    return shown[["label", "outlet", "n_articles", "n_stories", "pooled", "story_matched"]]


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
