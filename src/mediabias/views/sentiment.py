"""Notebook 02's views over the actor-sentiment table: cells with intervals, and the heatmap."""

from __future__ import annotations

import html
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from mediabias.sentiment.irony import flag_cells
from mediabias.views import layout
from mediabias.views.anchors import evidence_link
from mediabias.views.highlight import highlight
from mediabias.compare.stats import grouped_mean_ci
from mediabias.views.overview import count_phrase


def flag_patch(j: int, i: int):
    """A grey hatched square over heatmap cell (row ``i``, column ``j``): a flagged, unreliable value."""
    return Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#dddddd", edgecolor="#888888", hatch="///", lw=0)


def sentiment_cells(table: pd.DataFrame, by: list[str], *, actors: Sequence[str] | None = None,
                    value: str = "score", n_boot: int = 2000, min_articles: int = 5) -> pd.DataFrame:
    """Mean target sentiment per group with n and a 95% bootstrap interval (articles resampled).

    With fewer than ``min_articles`` articles in a group there is no interval (two articles give a tight one
    that looks certain); ``per_article`` lists the per-article means instead.

    Args:
        table: :func:`mediabias.sentiment.tables.actor_sentiment` rows.
        by: grouping columns, e.g. ``["outlet", "actor"]`` or ``["voice", "outlet", "actor"]``.
        actors: keep only these actors (default: all).
        value: the column averaged (``score``; or ``vader_compound`` for the baseline).

    Returns:
        ``*by, n, n_articles, mean, low, high, share_negative, share_positive, per_article``, sorted by ``by``.
    """
    if actors is not None:
        table = table[table["actor"].isin(list(actors))]
    if table.empty:
        return pd.DataFrame(columns=[*by, "n", "n_articles", "mean", "low", "high", "share_negative", "share_positive",
                                     "per_article"])
    cells = grouped_mean_ci(table, value, by, cluster="article_id", n_boot=n_boot)
    few = cells["n_articles"] < min_articles
    cells.loc[few, ["low", "high"]] = np.nan
    shares = table.groupby(by, sort=True).label.agg(
        share_negative=lambda s: (s == "negative").mean(), share_positive=lambda s: (s == "positive").mean()
    ).reset_index()
    per = (table.groupby([*by, "article_id"], sort=True)[value].mean().groupby(level=list(range(len(by))), sort=True)
           .agg(lambda v: ", ".join(f"{x:+.2f}" for x in v)).rename("per_article").reset_index())
    return cells.merge(shares, on=by, how="left").merge(per, on=by, how="left").sort_values(by, ignore_index=True)


def plot_heatmap(ax, cells: pd.DataFrame, *, rows: str, cols: str, row_order=None, col_order=None,
                 vmax: float = 1.0, flagged=()):
    """Draw ``cells`` (from :func:`sentiment_cells`) as a diverging heatmap, each cell annotated with
    its mean, 95% interval (or, with too few articles, the per-article means) and n; empty cells stay blank.
    Cells whose ``(row, col)`` is in ``flagged`` are hatched grey and marked "unreliable (irony)", or with the
    words ``flagged`` maps them to when it is a dict. Returns the image (for a colour bar)."""
    row_order = list(row_order or sorted(cells[rows].unique()))
    col_order = list(col_order or sorted(cells[cols].unique()))
    grid = np.full((len(row_order), len(col_order)), np.nan)
    marks = flagged if isinstance(flagged, dict) else dict.fromkeys(flagged, "unreliable (irony)")
    for r in cells.itertuples(index=False):
        i, j = row_order.index(getattr(r, rows)), col_order.index(getattr(r, cols))
        bad = (getattr(r, rows), getattr(r, cols)) in marks
        grid[i, j] = np.nan if bad else r.mean
        ci = "" if np.isnan(r.low) else f"\n[{r.low:+.2f}, {r.high:+.2f}]"
        if not ci and r.n_articles > 1 and isinstance(getattr(r, "per_article", None), str):
            values = r.per_article.split(", ")  # three a line, so a cell stays as wide as its column
            ci = "\nper article:\n" + "\n".join(" ".join(values[k:k + 3]) for k in range(0, len(values), 3))
        if bad:  # the reason instead of the spread: a flagged value is no finding, and the cell has room for one
            ax.add_patch(flag_patch(j, i))
            ci = "\n" + marks[(getattr(r, rows), getattr(r, cols))].replace(" (", "\n(")
        ax.text(j, i, f"{r.mean:+.2f}{ci}\nn={r.n}", ha="center", va="center", fontsize=9,
                color="white" if abs(r.mean) > 0.55 * vmax and not bad else "black")
    image = ax.imshow(grid, cmap="RdBu", vmin=-vmax, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(col_order)), [layout.wrap(c) for c in col_order], rotation=30, ha="right", fontsize=9)
    ax.set_yticks(range(len(row_order)), [layout.wrap(r, 24) for r in row_order], fontsize=9)
    ax.grid(False)
    return image


EVIDENCE_STYLE = ("<style>mark.target{background:#ffe08a;padding:0 2px} td{vertical-align:top}"
                  " .neg{color:#b2182b}.pos{color:#2166ac}</style>")


def mentions_html(rows: pd.DataFrame, title: str, *, limit: int = 12) -> str:
    """Actor-sentiment rows as an escaped HTML table under ``title``: the voice (and speaker), the model's label
    and score, VADER's tone of the sentence, and the sentence with the mention highlighted."""
    irony = "irony_markers" in rows.columns  # mediabias.sentiment.irony.mark_irony
    body = []
    for r in rows.head(limit).itertuples():
        text = highlight(r.sentence, [(r.mention_start, r.mention_end, "target", r.actor)], base_offset=r.sentence_start)
        markers = f"<td>{html.escape(str(r.irony_markers))}</td>" if irony else ""
        who = r.voice + (f": {r.speaker}" if isinstance(r.speaker, str) else f" ({r.speaking_outlet})" if r.voice == "excerpt" else "")
        cls = {"negative": "neg", "positive": "pos"}.get(r.label, "")
        body.append(f"<tr><td>{html.escape(who)}</td><td class='{cls}'>{html.escape(r.label)} {r.score:+.2f}</td>"
                    f"<td>{r.vader_compound:+.2f}</td>{markers}<td>{text}</td><td>{evidence_link(r.article_id, r.segment_id)}</td></tr>")
    more = f"<p>… {len(rows) - limit} more</p>" if len(rows) > limit else ""
    head = (f"<h4>{html.escape(title)} (n={len(rows)})</h4>"
            "<table><tr><th>voice</th><th>target model</th><th>VADER</th>" + ("<th>irony markers</th>" if irony else "")
            + "<th>sentence</th><th>where</th></tr>")
    return EVIDENCE_STYLE + head + "".join(body) + "</table>" + more


def cell_evidence_html(mentions: pd.DataFrame, outlet: str, actor: str, *, names: dict, limit: int = 12) -> str:
    """Every sentence behind one outlet × actor cell, as :func:`mentions_html`."""
    rows = mentions[(mentions["outlet"] == outlet) & (mentions["actor"] == actor)].sort_values(["article_id", "mention_start"])
    return mentions_html(rows, f"{names.get(outlet, outlet)} × {actor}", limit=limit)


def positive_author_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions in an outlet's own voice that the model reads as positive, most positive first: where ironic
    praise taken at face value would show, for a reader to check."""
    own = mentions[(mentions["voice"] == "author") & (mentions["label"] == "positive")]
    return own.sort_values(["score", "article_id", "mention_start"], ascending=[False, True, True], ignore_index=True)


def extreme_cells(cells: pd.DataFrame, *, k: int = 2, min_n: int = 3) -> pd.DataFrame:
    """The ``k`` most negative and ``k`` most positive cells of :func:`sentiment_cells` with at least ``min_n`` mentions."""
    picked = cells[cells["n"] >= min_n].sort_values(["mean", *[c for c in ("outlet", "actor") if c in cells]])
    return pd.concat([picked.head(k), picked.tail(k)]).drop_duplicates().reset_index(drop=True)


def irony_marked_sentences(loaded: pd.DataFrame, tone: pd.DataFrame, *, cues=("sarcasm", "rhetorical_question"),
                           limit: int = 6) -> pd.DataFrame:
    """Sentences with an irony or rhetorical-question cue (``loaded_language`` table) beside VADER's tone of
    them (``sentence_tone`` table): ``segment_id, outlet, voice, cues, vader_compound, vader_label, text``."""
    marked = loaded[(loaded[list(cues)] > 0).any(axis=1)].copy()
    marked["cues"] = ["; ".join(c for c in cues if getattr(r, c) > 0) for r in marked.itertuples()]
    out = marked[["segment_id", "outlet", "voice", "cues", "text"]].merge(
        tone[["segment_id", "vader_compound", "vader_label"]], on="segment_id", how="left")
    return out[["segment_id", "outlet", "voice", "cues", "vader_compound", "vader_label", "text"]].head(limit)


#: Outlet columns per heatmap panel: more would make the figure too wide for its 9 pt cells (figure_style).
MAX_HEATMAP_COLUMNS = 5
COLORBAR_LABEL = "mean sentiment\nP(pos) − P(neg)"


def plot_outlet_actor(cells: pd.DataFrame, *, actors: Sequence[str], flagged=(),
                      title: str = "Sentiment toward each actor,\nby publishing outlet",
                      colorbar_label: str = COLORBAR_LABEL):
    """Mean sentiment toward each actor (rows) by publishing outlet (columns), as :func:`plot_heatmap`.

    At most :data:`MAX_HEATMAP_COLUMNS` outlets a panel; more outlets are split into panels stacked in rows
    (each with the actors its outlets mention), so the figure grows taller, never too wide to read.

    Args:
        cells: :func:`sentiment_cells` by ``["outlet", "actor"]``, outlets as names.
        actors: the actors to draw, in row order (at most 12).
        flagged: ``(actor, outlet)`` cells whose sign is unreliable.
        title, colorbar_label: what the cells are (the writer's stance figure of 02 passes its own).

    Returns:
        The figure.
    """
    if cells.empty:
        return layout.nothing_found("no actor mentioned in this selection")
    groups = layout.chunks(sorted(cells["outlet"].unique()), MAX_HEATMAP_COLUMNS)
    if len(groups) == 1:
        fig, ax = plt.subplots(figsize=(1.25 * len(groups[0]) + 0.8, 0.9 * len(actors) + 1.2))
        image = plot_heatmap(ax, cells, rows="actor", cols="outlet", row_order=actors, flagged=flagged)
        fig.colorbar(image, ax=ax, shrink=0.6, label=colorbar_label)
        ax.set_title(title)
        return layout.fit_width(fig)
    parts = [cells[cells["outlet"].isin(g)] for g in groups]
    rows = [[a for a in actors if a in set(p["actor"])] for p in parts]
    heights = [0.9 * max(len(r), 1) + 1.6 for r in rows]
    fig, axes = plt.subplots(len(groups), 1, figsize=(1.25 * max(map(len, groups)) + 2.4, sum(heights) + 0.6),
                             squeeze=False, gridspec_kw={"height_ratios": heights})
    start = 1
    for ax, group, part, order in zip(axes[:, 0], groups, parts, rows):
        image = plot_heatmap(ax, part, rows="actor", cols="outlet", row_order=order, col_order=group, flagged=flagged)
        ax.set_title(f"outlets {start}–{start + len(group) - 1} of {sum(map(len, groups))}", fontsize=10)
        start += len(group)
    fig.suptitle(title + f" ({len(cells['outlet'].unique())} outlets)", x=0.01, ha="left", fontweight="bold")
    fig.tight_layout(rect=(0, 0, 0.88, 0.985))
    fig.colorbar(image, cax=fig.add_axes((0.9, 0.3, 0.02, 0.4)), label=colorbar_label)
    return layout.fit_width(fig)


def plot_by_voice(by_voice: pd.DataFrame, *, voices: Sequence[str], actors: Sequence[str], flagged=()):
    """:func:`plot_heatmap` panels, one per voice (columns = whose words), stacked.

    A voice with more than :data:`MAX_HEATMAP_COLUMNS` outlets takes several panels. Each panel has the actors
    its outlets mention (from ``actors``, in that order).

    Args:
        by_voice: :func:`sentiment_cells` by ``["voice", "outlet", "actor"]``, outlets as names.
        voices: the voices, in panel order.
        actors: the actors drawn (at most 12), in row order.
        flagged: ``(voice, outlet, actor)`` cells whose sign is unreliable.

    Returns:
        The figure.
    """
    if by_voice.empty:
        return layout.nothing_found("no actor mentioned in this selection")
    panels = []
    for voice in voices:
        part = by_voice[by_voice["voice"] == voice]
        groups = layout.chunks(sorted(part["outlet"].unique()), MAX_HEATMAP_COLUMNS)
        start = 1
        for group in groups:
            sub = part[part["outlet"].isin(group)]
            title = voice if len(groups) == 1 else f"{voice}, outlets {start}–{start + len(group) - 1} of {len(set(part['outlet']))}"
            panels.append((voice, f"{title} (n={sub['n'].sum()} mentions)", sub))
            start += len(group)
    heights = [max(part["actor"].nunique(), 1) * 0.9 + 1.4 for _, _, part in panels]
    width = 1.25 * max(part["outlet"].nunique() for _, _, part in panels) + 2.4
    fig, axes = plt.subplots(len(panels), 1, figsize=(width, sum(heights) + 0.6), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, (voice, title, part) in zip(axes[:, 0], panels):
        rows = [a for a in actors if a in set(part["actor"])]  # only actors this voice mentions: no empty rows
        plot_heatmap(ax, part, rows="actor", cols="outlet", row_order=rows,
                     flagged={(a, o) for v, o, a in flagged if v == voice})
        ax.set_title(title)
    fig.suptitle("Sentiment toward each actor, by voice\n(columns: whose words)", x=0.01, ha="left", fontweight="bold")
    fig.tight_layout(rect=(0, 0, 1, 0.985))
    return layout.fit_width(fig)


def names_of(outlets: pd.Series, names: dict) -> pd.Series:
    """Outlet ids as display names (an id with no name stays as it is)."""
    return outlets.map(lambda o: names.get(o, o))


def top_actors(mentions: pd.DataFrame, *, k: int = 12, min_mentions: int = 3) -> list[str]:
    """The ``k`` most-mentioned actors with at least ``min_mentions`` mentions, most mentioned first."""
    top = mentions["actor"].value_counts()
    return sorted(top[top >= min_mentions].index[:k], key=lambda a: -top[a])


def _flagged_keys(flags: pd.DataFrame, by: list[str], names: dict, outlet: str) -> set[tuple]:
    """The ``by`` keys of the flagged rows of :func:`flag_cells`, outlets as names."""
    bad = flags.loc[flags["flagged"], by]
    return {tuple(names.get(v, v) if col == outlet else v for col, v in zip(by, row))
            for row in bad.itertuples(index=False)}


def plot_tone_by_outlet(mentions: pd.DataFrame, actors: Sequence[str], names: dict):
    """02's "outlet × actor" figure: the tone of the sentences toward each actor by publishing outlet.

    Args:
        mentions: in-domain :func:`mediabias.sentiment.irony.mark_irony` rows (``outlet, actor, score, label, ironic_positive, ...``).
        actors: the actors drawn, in row order (:func:`top_actors`).
        names: outlet id -> name.

    Returns:
        ``(figure, cells)``: the :func:`plot_outlet_actor` figure (None when no cell) and its
        :func:`sentiment_cells` by ``["outlet", "actor"]``, outlets as names.
    """
    cells = sentiment_cells(mentions, ["outlet", "actor"], actors=actors)
    flags = flag_cells(mentions[mentions["actor"].isin(actors)], ["outlet", "actor"])
    flagged = {(a, o) for o, a in _flagged_keys(flags, ["outlet", "actor"], names, "outlet")}
    cells["outlet"] = names_of(cells["outlet"], names)
    if cells.empty:
        return None, cells
    return plot_outlet_actor(cells, actors=actors, flagged=flagged,
                             title="Tone of the sentences toward each actor,\nby publishing outlet"), cells


def plot_tone_by_voice(mentions: pd.DataFrame, actors: Sequence[str], names: dict):
    """02's "whose negativity?" figure: :func:`plot_by_voice` over the voices present, columns = whose words.

    Returns:
        ``(figure, cells)``: the figure (None when no cell) and :func:`sentiment_cells` by
        ``["voice", "outlet", "actor"]`` (``outlet`` = the speaking outlet's name).
    """
    voices = [v for v in ("author", "excerpt", "quoted") if v in set(mentions["voice"])]
    by_voice = (sentiment_cells(mentions, ["voice", "speaking_outlet", "actor"], actors=actors)
                .rename(columns={"speaking_outlet": "outlet"}))
    flags = flag_cells(mentions[mentions["actor"].isin(actors)], ["voice", "speaking_outlet", "actor"])
    flagged = _flagged_keys(flags, ["voice", "speaking_outlet", "actor"], names, "speaking_outlet")
    by_voice["outlet"] = names_of(by_voice["outlet"], names)
    if by_voice.empty:
        return None, by_voice
    return plot_by_voice(by_voice, voices=voices, actors=actors, flagged=flagged), by_voice


def voice_summary(mentions: pd.DataFrame, names: dict) -> pd.DataFrame:
    """:func:`sentiment_cells` by speaking outlet (as a name, column ``outlet``) and voice, every actor."""
    summary = sentiment_cells(mentions, ["speaking_outlet", "voice"]).rename(columns={"speaking_outlet": "outlet"})
    summary["outlet"] = names_of(summary["outlet"], names)
    return summary


def flagged_table(mentions: pd.DataFrame, actors: Sequence[str], names: dict) -> pd.DataFrame:
    """Every flagged cell of 02's two tone figures, with the rule that flagged it.

    Returns:
        ``voice, outlet, actor, n, n_positive, n_ironic_positive, flag_reason`` (``voice`` is
        ``"(all: publishing outlet)"`` for the outlet figure's cells); empty when nothing is flagged.
    """
    shown = mentions[mentions["actor"].isin(actors)]
    outlet_flags = flag_cells(shown, ["outlet", "actor"])
    voice_flags = flag_cells(shown, ["voice", "speaking_outlet", "actor"])
    flags = pd.concat([outlet_flags.assign(voice="(all: publishing outlet)"),
                       voice_flags.rename(columns={"speaking_outlet": "outlet"})], ignore_index=True)
    flags = flags[flags["flagged"]]
    flags["outlet"] = names_of(flags["outlet"], names)
    return flags[["voice", "outlet", "actor", "n", "n_positive", "n_ironic_positive", "flag_reason"]]


def extreme_cells_html(mentions: pd.DataFrame, actors: Sequence[str], names: dict) -> str:
    """The sentences behind the two most negative and two most positive outlet × actor cells
    (:func:`extreme_cells`), one :func:`cell_evidence_html` block each."""
    cells = sentiment_cells(mentions, ["outlet", "actor"], actors=actors)
    return "".join(cell_evidence_html(mentions, r.outlet, r.actor, names=names) for r in extreme_cells(cells).itertuples())


def vader_label(compound: pd.Series) -> pd.Series:
    """VADER's usual reading of a compound score: positive at 0.05 or more, negative at −0.05 or less."""
    return compound.map(lambda c: "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral")


def vader_agreement(mentions: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The target model's label against VADER's whole-sentence label: the crosstab (with margins) and one sentence
    saying how often they agree."""
    vader = vader_label(mentions["vader_compound"])
    crosstab = pd.crosstab(mentions["label"].rename("target model"), vader.rename("VADER sentence"), margins=True)
    return crosstab, f"Agreement: {(mentions['label'] == vader).mean():.0%} of {len(mentions)} mentions."


def mentions_headline(mentions: pd.DataFrame) -> str:
    """02's opening line (Markdown): mentions, actors, sentences, articles and mentions per voice."""
    return (f"**{len(mentions)} actor mentions** of **{mentions['actor'].nunique()} actors** in "
            f"{mentions['segment_id'].nunique()} sentences of {mentions['article_id'].nunique()} articles "
            f"({count_phrase(mentions['voice'])}).")
