"""The writer's stance on the page: cells per outlet and actor, and the paragraphs behind each, read or set aside.

Draws the ``writer_stance`` and ``stance`` tables (:mod:`mediabias.sentiment.writer`); runs nothing. Article text is
escaped; every paragraph links to its place on its article page.
"""

from __future__ import annotations

import html

import pandas as pd

from mediabias.views.anchors import evidence_link
from mediabias.views.sentiment import names_of, plot_outlet_actor, sentiment_cells

#: What a cell of the stance figure is the mean of.
COLORBAR_LABEL = "writer's stance\nP(pos) − P(neg)"


def stance_rows(writer: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """The (article, actor) rows the writer read (``n_paragraphs`` > 0) with their publishing ``outlet``."""
    outlet_of = dict(zip(segments["article_id"], segments["outlet"]))
    read = writer[writer["n_paragraphs"] > 0]
    return read.assign(outlet=read["article_id"].map(outlet_of))


def flagged_cells(rows: pd.DataFrame, names: dict, checked: pd.DataFrame | None = None) -> dict[tuple[str, str], str]:
    """``{(actor, outlet name): why}`` for the cells whose sign is not a finding: a row outside what the reader was
    measured on (a country: "not measured (country)"), else a flagged row ("unreliable (irony)"), else a row a hand
    reading contradicts ("contradicted (reader)"; ``checked``: :func:`mediabias.compare.audit.stance_audit`)."""
    outside = rows["outside"].fillna("") != "" if "outside" in rows.columns else pd.Series(False, index=rows.index)
    contradicted = (set() if checked is None or checked.empty else
                    set(zip(checked.loc[checked["status"] == "disagrees", "article_id"],
                            checked.loc[checked["status"] == "disagrees", "tool_actor"])))
    marks = {}
    for art, a, o, out, flag in zip(rows["article_id"], rows["actor"], rows["outlet"], outside, rows["flag"]):
        key = (a, names.get(o, o))
        if out:
            marks[key] = "not measured (country)"
        elif flag:
            marks[key] = marks.get(key) if marks.get(key) == "not measured (country)" else "unreliable (irony)"
        elif (art, a) in contradicted:
            marks.setdefault(key, "contradicted (reader)")
    return marks


def _paragraph_text(segments: pd.DataFrame) -> dict:
    paras = segments[segments["level"] == "paragraph"]
    return dict(zip(paras["segment_id"], paras["text"]))


def stance_heading(label: str, score: float, flag: str = "", outside: str = "") -> str:
    """What a stance's heading states: the label and score, or, when the tool itself claims no sign (irony flag, an
    actor outside what was measured), that claim withheld with the reading in brackets.

    >>> stance_heading("positive", 0.45, "irony in a paragraph read as positive: p08")
    'sign unreliable, irony (read as positive, +0.45)'
    >>> stance_heading("neutral", 0.21, "", "a country: ...")
    'not measured, a country (read as neutral, +0.21)'
    >>> stance_heading("negative", -0.61)
    'negative (-0.61)'
    """
    if outside:
        return f"not measured, {outside.split(':')[0]} (read as {label}, {score:+.2f})"
    if flag:
        return f"sign unreliable, irony (read as {label}, {score:+.2f})"
    return f"{label} ({score:+.2f})"


def reader_verdict(status: str, reader: str) -> str:
    """What a heading adds from a hand reading (:func:`mediabias.compare.audit.stance_audit`'s status and the
    reader's label): a contradiction is stated, an agreement noted, anything else left unsaid.

    >>> reader_verdict("disagrees", "none"), reader_verdict("disagrees", "positive"), reader_verdict("agrees", "none")
    ('a hand reading disagrees: no stance', 'a hand reading disagrees: positive', 'a hand reading agrees')
    >>> reader_verdict("flagged", "negative")
    ''
    """
    if status == "disagrees":
        return f"a hand reading disagrees: {'no stance' if reader == 'none' else reader}"
    return "a hand reading agrees" if status == "agrees" else ""


def stance_evidence_html(rows: pd.DataFrame, paragraphs: pd.DataFrame, segments: pd.DataFrame, *, names: dict,
                         titles: dict, limit: int = 3, checked: pd.DataFrame | None = None) -> str:
    """Per (article, actor): the writer's stance, the paragraphs it rests on, and those set aside and why.

    Args:
        rows: :func:`stance_rows`.
        paragraphs: the ``stance`` table (one row per article, actor, paragraph; ``counts``, ``why``, ``irony``).
        segments: the segments table (paragraph texts).
        names: outlet id -> name; titles: article id -> title.
        limit: paragraphs shown per list (the rest are counted).
        checked: the corpus's hand reading set beside these rows (:func:`mediabias.compare.audit.stance_audit`),
            when there is one: each heading then says whether the reader agrees or disagrees.
    """
    verdicts = ({} if checked is None or checked.empty else
                {(a, t): reader_verdict(st, r) for a, t, st, r in
                 zip(checked["article_id"], checked["tool_actor"], checked["status"], checked["reader"])})
    if rows.empty:
        return "<p class='muted'>No actor is named in a writer's own voice in this selection.</p>"
    text = _paragraph_text(segments)
    parts = []
    for r in rows.sort_values(["outlet", "actor", "article_id"]).itertuples(index=False):
        mine = paragraphs[(paragraphs["article_id"] == r.article_id) & (paragraphs["actor"] == r.actor)]
        read = mine[mine["counts"]].assign(decided=lambda d: (d["p_positive"] - d["p_negative"]).abs())
        read = read.sort_values(["decided", "segment_id"], ascending=[False, True])
        aside = mine[~mine["counts"]].sort_values("paragraph")  # text order (p100 after p99)
        head = (f"<h4>{html.escape(names.get(r.outlet, r.outlet))} toward {html.escape(r.actor)}: "
                f"{html.escape(stance_heading(r.label, r.score, r.flag, getattr(r, 'outside', '')))}"
                + (f" · {html.escape(v)}" if (v := verdicts.get((r.article_id, r.actor), "")) else "") + "</h4>"
                f"<p class='muted'>{html.escape(titles.get(r.article_id, r.article_id))}"
                f" · {r.n_paragraphs} paragraph(s) read, {r.n_set_aside} set aside</p>")
        if r.flag:
            head += f"<p><strong>Flagged, sign unreliable:</strong> {html.escape(r.flag)}</p>"
        if getattr(r, "outside", ""):
            head += f"<p><strong>Outside what was measured:</strong> {html.escape(r.outside)}</p>"
        items = []
        for p in read.head(limit).itertuples(index=False):
            irony = f" <em>irony: {html.escape(p.irony)}</em>" if p.irony else ""
            items.append(f"<li>{evidence_link(p.article_id, p.segment_id)} {html.escape(p.label)} "
                         f"({p.p_positive - p.p_negative:+.2f}){irony}: {html.escape(text.get(p.segment_id, ''))}</li>")
        more = f"<li class='muted'>… {len(read) - limit} more</li>" if len(read) > limit else ""
        body = f"<ul>{''.join(items)}{more}</ul>"
        if len(aside):
            notes = "".join(f"<li>{evidence_link(p.article_id, p.segment_id)} {html.escape(p.why)}: "
                            f"{html.escape(text.get(p.segment_id, ''))}</li>" for p in aside.head(limit).itertuples(index=False))
            extra = f"<li class='muted'>… {len(aside) - limit} more</li>" if len(aside) > limit else ""
            body += f"<p class='muted'>Set aside (not the writer's view):</p><ul>{notes}{extra}</ul>"
        parts.append(head + body)
    return "\n".join(parts)


def plot_writer_stance(rows: pd.DataFrame, names: dict, *, k: int = 12, checked: pd.DataFrame | None = None):
    """02's first figure: the writer's stance toward each actor (rows, the ``k`` most read), by outlet.

    Args:
        rows: :func:`stance_rows`.
        names: outlet id -> name.
        checked: the hand reading set beside ``rows`` (:func:`mediabias.compare.audit.stance_audit`), if any: a cell
            holding a stance the reader contradicts is hatched too.

    Returns:
        ``(figure, cells)``: the :func:`~mediabias.views.sentiment.plot_outlet_actor` heatmap (flagged cells
        hatched) and its :func:`~mediabias.views.sentiment.sentiment_cells`, outlets as names.
    """
    counts = rows["actor"].value_counts()
    actors = sorted(counts.index[:k], key=lambda a: (-counts[a], a))
    cells = sentiment_cells(rows, ["outlet", "actor"], actors=actors)
    cells["outlet"] = names_of(cells["outlet"], names)
    fig = plot_outlet_actor(cells, actors=actors, flagged=flagged_cells(rows, names, checked),
                            title="The writer's stance toward each actor,\nby outlet (own voice)",
                            colorbar_label=COLORBAR_LABEL)
    return fig, cells
