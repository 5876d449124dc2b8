"""Evidence for readers: article text rendered as HTML with highlighted spans, always escaped.

Everything that comes from an article passes through :func:`html.escape`, so an article that contains
``<script>`` shows it as text.
"""

from __future__ import annotations

import html

import pandas as pd

from mediabias.views.anchors import evidence_link


def highlight(text: str, spans, *, base_offset: int = 0) -> str:
    """Escape ``text`` and wrap each span in ``<mark>``.

    Args:
        text: the passage.
        spans: iterable of ``(start, end, css_class, title)`` with offsets in the same frame as
            ``base_offset`` (e.g. article offsets when ``text`` is a paragraph starting there).
            Overlapping spans nest as several classes on one ``<mark>``.
        base_offset: the offset of ``text[0]``.

    Example:
        >>> highlight("a <b> c", [(2, 5, "cue", "tag")])
        'a <mark class="cue" title="tag">&lt;b&gt;</mark> c'
    """
    local = []
    for start, end, cls, title in spans:
        s, e = max(0, int(start) - base_offset), min(len(text), int(end) - base_offset)
        if e > s:
            local.append((s, e, str(cls), str(title or "")))
    cuts = sorted({0, len(text), *[s for s, _, _, _ in local], *[e for _, e, _, _ in local]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b])
        covering = [(cls, title) for s, e, cls, title in local if s <= a and b <= e]
        if covering:
            classes = " ".join(dict.fromkeys(c for c, _ in covering))
            titles = "; ".join(dict.fromkeys(t for _, t in covering if t))
            attr = f' title="{html.escape(titles)}"' if titles else ""
            out.append(f'<mark class="{html.escape(classes)}"{attr}>{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def render_article(article_id: str, segments: pd.DataFrame, *, spans=(), outlet_names: dict | None = None,
                   max_paragraphs: int | None = None) -> str:
    """An article as HTML paragraphs, excerpts as labelled blockquotes, with ``spans`` highlighted.

    ``spans`` are ``(start, end, css_class, title)`` in article offsets (see :func:`highlight`).
    """
    names = outlet_names or {}
    paras = segments[(segments["article_id"] == article_id) & (segments["level"] == "paragraph")].sort_values("start")
    if paras.empty:
        raise ValueError(f"no paragraphs for article {article_id!r} in the segments table")
    spans = list(spans)
    parts = []
    for _, p in paras.head(max_paragraphs or len(paras)).iterrows():
        inner = [s for s in spans if s[0] < p["end"] and s[1] > p["start"]]
        body = highlight(p["text"], inner, base_offset=int(p["start"]))
        if p["voice"] == "excerpt":
            label = html.escape(names.get(p["origin_outlet"], p["origin_outlet"]))
            parts.append(f'<blockquote><p><small>excerpt from <strong>{label}</strong></small><br>{body}</p></blockquote>')
        else:
            parts.append(f"<p>{body}</p>")
    if max_paragraphs and len(paras) > max_paragraphs:
        parts.append(f'<p class="muted">… {len(paras) - max_paragraphs} more paragraph(s)</p>')
    return "\n".join(parts)


def passages_table(df: pd.DataFrame, *, text: str = "text", columns: list[str] | None = None, limit: int = 20,
                   link: bool = True) -> str:
    """A small HTML table of passages (escaped), e.g. the sentences behind an average.

    With ``link`` and ``article_id`` + ``segment_id`` columns, a first column links each passage to its place
    on its article page (:func:`mediabias.views.anchors.evidence_link`).
    """
    cols = columns or [c for c in df.columns if c != text]
    linked = link and {"article_id", "segment_id"} <= set(df.columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [*(["where"] if linked else []), *cols, text])
    rows = []
    for _, r in df.head(limit).iterrows():
        where = f"<td>{evidence_link(r['article_id'], r['segment_id'])}</td>" if linked else ""
        cells = "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in cols)
        rows.append(f"<tr>{where}{cells}<td>{html.escape(str(r[text]))}</td></tr>")
    more = f"<p class='muted'>… {len(df) - limit} more</p>" if len(df) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
