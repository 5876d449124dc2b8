"""One page per article: the whole text with every layer the instruments found, switchable, and every row.

A reader who doubts a number opens the article it came from and sees everything the tool found in it:

* **attributions**: source (bold, orange), cue (green underline), content (blue), hover for speaker, type, cue class;
* **actor mentions**: outlined red / grey / blue by the target-sentiment label, hover for actor and score;
* **loaded language**: cue matches (wavy underline, hover for the cue class) and sentences the model calls loaded
  (left rule, hover for P(loaded));
* **frames**: the frames present in each paragraph, in the margin, with their probability or cue count;
* **excerpts**: where each excerpt begins and ends and which outlet it comes from.

Each layer has a checkbox; a small inline script toggles a ``hide-<layer>`` class on the ``<article>``. Below the
text, a table of every row each instrument produced for the article, each linked to its sentence.

Anchors are stable (:mod:`mediabias.views.anchors`): paragraph ``NN`` is ``id="pNN"``, its sentence ``MM`` is
``id="pNNsMM"``; :func:`evidence_href` / :func:`evidence_link` build links to them for the notebooks and the index.

All article text passes through :func:`html.escape` (via :func:`mediabias.views.highlight.highlight`); nothing from an
article is ever markup. (Belongs under ``views/`` or ``site/`` in the new layout.)
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from mediabias.views.anchors import ARTICLES_DIR, SEGMENT, anchor, evidence_href, evidence_link, page_name
from mediabias.views.highlight import highlight

__all__ = ["ARTICLES_DIR", "CSS", "LAYERS", "anchor", "article_page_body", "articles_index", "evidence_href",
           "evidence_link", "page_name", "render_text", "rows_table", "write_article_pages"]

#: The layers of an article page: (key, label shown beside its checkbox).
LAYERS = (("attributions", "attributions (source, cue, content)"),
          ("mentions", "actor mentions by sentiment"),
          ("loaded", "loaded language"),
          ("frames", "paragraph frames"),
          ("excerpts", "excerpt boundaries"))
#: Tables shown under the text, in this order, when present.
ROW_TABLES = ("attributions", "actor_sentiment", "loaded_language", "frames", "roles", "sentence_tone", "readability")

CSS = """
.layers { position:sticky; top:0; background:#fff; border:1px solid var(--rule); border-radius:6px; padding:.4rem .7rem;
  display:flex; flex-wrap:wrap; gap:.3rem 1.1rem; font-size:.9rem; z-index:2; }
.layers label { cursor:pointer; }
article.text mark { background:none; color:inherit; padding:0; }
article.text .para { display:grid; grid-template-columns:minmax(0,1fr) 10.5rem; gap:1rem; margin:.2rem 0; }
article.text .para > p { margin:.4rem 0; }
article.text .para.excerpt > p { border-left:4px solid #56B4E9; background:#f7fbfe; padding:.1rem .8rem; }
article.text .origin { display:block; font-size:.8rem; color:#1f5f86; font-weight:600; }
article.text .origin.end { color:#5f6368; font-weight:400; }
article.text aside.frames { font-size:.8rem; color:#5f6368; border-left:1px solid var(--rule); padding-left:.5rem; }
article.text aside.frames span { display:block; }
mark.att-content { background:#dcecfb !important; }
mark.att-source { background:#ffd8a8 !important; font-weight:700; }
mark.att-cue { border-bottom:2px solid #2e7d32; }
mark.att-content.att-conjecture { background:none !important; border-bottom:2px dashed #7b5ea7; }
mark.att-source.att-conjecture { background:none !important; font-weight:inherit; font-style:italic; }
mark.att-cue.att-conjecture { border-bottom:2px dotted #7b5ea7; }
article.text aside.frames.untrusted { text-decoration:line-through; opacity:.6; }
mark.mention { outline:2px solid #8c8c8c; outline-offset:1px; border-radius:2px; }
mark.mention.m-negative { outline-color:#b2182b; } mark.mention.m-positive { outline-color:#2166ac; }
mark.loaded-cue { text-decoration:underline wavy #d55e00; text-decoration-thickness:1px; }
span.sent.loaded-sent { box-shadow:-3px 0 0 #d55e00; }
:target { scroll-margin-top:4rem; background:#fff6bf; }
article.hide-attributions mark.att-content, article.hide-attributions mark.att-source { background:none !important; font-weight:inherit; }
article.hide-attributions mark.att-cue { border-bottom:none; }
article.hide-mentions mark.mention { outline:none; }
article.hide-loaded mark.loaded-cue { text-decoration:none; }
article.hide-loaded span.sent.loaded-sent { box-shadow:none; }
article.hide-frames aside.frames { visibility:hidden; }
article.hide-excerpts .para.excerpt > p { border-left:none; background:none; }
article.hide-excerpts .origin { display:none; }
.rows { overflow-x:auto; } .rows td { font-size:.8rem; }
.legend-key mark { background:none; }
"""

SCRIPT = """
document.querySelectorAll('.layers input[data-layer]').forEach(function (box) {
  var article = document.getElementById('article-text');
  function apply() { article.classList.toggle('hide-' + box.dataset.layer, !box.checked); }
  box.addEventListener('change', apply); apply();
});
"""


def article_spans(article_id: str, tables: dict) -> list[tuple[int, int, str, str]]:
    """Every highlighted span of one article, ``(start, end, css classes, hover text)`` in article offsets."""
    spans: list[tuple[int, int, str, str]] = []
    att = tables.get("attributions")
    if att is not None:
        for r in att[att["article_id"] == article_id].itertuples():
            speaker = r.speaker if isinstance(r.speaker, str) and r.speaker.strip() else "an unnamed or unresolved source"
            source_type = r.source_type if isinstance(r.source_type, str) and r.source_type else "type unknown"
            who = f"{speaker} ({source_type}{'' if r.named else ', unnamed'})"
            kind = getattr(r, "attribution_kind", "speech")
            conjecture = kind == "conjecture"
            content = (f"the writer's conjecture about {speaker}: not words or a position the text reports "
                       f"({getattr(r, 'kind_reason', '')})" if conjecture else
                       f"position attributed to {who}" if kind == "position" else f"said by {who}; {r.kind}")
            extra = " att-conjecture" if conjecture else ""
            for part, start, end, title in (("source", r.source_start, r.source_end,
                                             f"{'subject of a conjecture' if conjecture else 'source'}: {who}"),
                                            ("cue", r.cue_start, r.cue_end, f"cue: {r.cue_text} ({r.cue_class}, {r.cue_category})"),
                                            ("content", r.content_start, r.content_end, content)):
                if pd.notna(start) and pd.notna(end) and end > start:
                    spans.append((int(start), int(end), f"att-{part}{extra}", title))
    men = tables.get("actor_sentiment")
    if men is not None:
        for r in men[men["article_id"] == article_id].itertuples():
            spans.append((int(r.mention_start), int(r.mention_end), f"mention m-{r.label}",
                          f"{r.actor}: {r.label} {r.score:+.2f} (target model; VADER sentence {r.vader_compound:+.2f})"))
    cues = tables.get("loaded_spans")
    if cues is not None:
        for r in cues[cues["article_id"] == article_id].itertuples():
            theirs = " (in a speaker's quoted words: not counted for the writer)" if getattr(r, "quoted", False) else ""
            spans.append((int(r.start), int(r.end), "loaded-cue",
                          f"loaded-language cue: {r.cue.replace('_', ' ')}{theirs}"))
    return spans


def _frames_margin(frames: pd.DataFrame | None, segment_id: str, outside: str = "") -> str:
    if frames is None:
        return ""
    f = frames[(frames["segment_id"] == segment_id) & frames["present"]].sort_values("frame")
    items = []
    for r in f.itertuples():
        how = f"P={r.probability:.2f}" if pd.notna(r.probability) else f"{int(r.cue_hits)} cue(s): {r.cues}"
        how += f"; not a result: {outside}" if outside else ""
        items.append(f'<span title="{html.escape(how)}">{html.escape(str(r.frame).replace("_", " "))}</span>')
    return "".join(items) or '<span class="muted">no frame</span>'


def frames_outside(article_id: str, domain: pd.DataFrame | None) -> str:
    """Why the frame model's output for this article is not a result ("" when it is inside its domain)."""
    if domain is None or not len(domain):
        return ""
    d = domain[(domain["article_id"] == article_id) & (domain["instrument"] == "frames")]
    return "" if d.empty or bool(d["in_domain"].iloc[0]) else str(d["why"].iloc[0])


def render_text(article_id: str, segments: pd.DataFrame, tables: dict, *, outlet_names: dict | None = None) -> str:
    """The article's text as HTML with every layer marked: one ``.para`` per paragraph, one ``span.sent`` per
    sentence (ids ``pNN`` / ``pNNsMM``), frames in an ``aside``, excerpt runs labelled with their origin."""
    names = outlet_names or {}
    seg = segments[segments["article_id"] == article_id]
    paras = seg[seg["level"] == "paragraph"].sort_values("start")
    if paras.empty:
        raise ValueError(f"no paragraphs for article {article_id!r} in the segments table")
    sents = seg[seg["level"] == "sentence"].sort_values("start")
    spans = article_spans(article_id, tables)
    loaded = tables.get("loaded_language")
    loaded_p = ({} if loaded is None else
                dict(zip(loaded.loc[loaded["article_id"] == article_id, "segment_id"],
                         zip(loaded.loc[loaded["article_id"] == article_id, "p_loaded"],
                             loaded.loc[loaded["article_id"] == article_id, "loaded"]))))
    origins = list(paras["origin_outlet"].where(paras["voice"] == "excerpt"))
    outside = frames_outside(article_id, tables.get("domain"))
    aside_class = "frames untrusted" if outside else "frames"
    out = []
    for i, p in enumerate(paras.itertuples()):
        pstart, pend = int(p.start), int(p.end)
        mine = sents[(sents["start"] >= pstart) & (sents["end"] <= pend)]
        pieces, at = [], pstart
        for s in mine.itertuples():
            if s.start > at:
                pieces.append(html.escape(p.text[at - pstart:int(s.start) - pstart]))
            inner = [sp for sp in spans if sp[0] < s.end and sp[1] > s.start]
            body = highlight(s.text, inner, base_offset=int(s.start))
            cls, title = "sent", ""
            if s.segment_id in loaded_p:
                prob, is_loaded = loaded_p[s.segment_id]
                title = f' title="P(loaded) {prob:.2f}"'
                cls += " loaded-sent" if is_loaded else ""
            pieces.append(f'<span class="{cls}" id="{anchor(s.segment_id)}"{title}>{body}</span>')
            at = int(s.end)
        if at < pend:
            pieces.append(highlight(p.text[at - pstart:], [sp for sp in spans if sp[1] > at], base_offset=at))
        label = ""
        if p.voice == "excerpt":
            origin = html.escape(names.get(p.origin_outlet, p.origin_outlet))
            if i == 0 or origins[i - 1] != p.origin_outlet:
                label += f'<span class="origin">▼ excerpt begins · from {origin}</span>'
        end = ""
        if p.voice == "excerpt" and (i == len(origins) - 1 or origins[i + 1] != p.origin_outlet):
            end = f'<span class="origin end">▲ excerpt ends ({html.escape(names.get(p.origin_outlet, p.origin_outlet))})</span>'
        kind = "para excerpt" if p.voice == "excerpt" else "para"
        out.append(f'<div class="{kind}"><p id="{anchor(p.segment_id)}">{label}{"".join(pieces)}{end}</p>'
                   f'<aside class="{aside_class}">{_frames_margin(tables.get("frames"), p.segment_id, outside)}</aside></div>')
    return "\n".join(out)


def rows_table(df: pd.DataFrame) -> str:
    """Every row of one table, escaped; a ``segment_id`` cell links to its place in the text above."""
    cols = list(df.columns)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    rows = []
    for r in df.itertuples(index=False):
        cells = []
        for c, v in zip(cols, r):
            text = "" if v is None or (isinstance(v, float) and pd.isna(v)) else (
                f"{v:.3g}" if isinstance(v, float) else str(v))
            if c == "segment_id" and text and SEGMENT.match(text):
                cells.append(f'<td><a href="#{anchor(text)}">{html.escape(anchor(text))}</a></td>')
            else:
                cells.append(f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<div class="rows"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def article_page_body(article: pd.Series, segments: pd.DataFrame, tables: dict, *, outlet_names: dict | None = None) -> str:
    """The ``<main>`` content of one article page."""
    names = outlet_names or {}
    aid = str(article["article_id"])
    meta = [html.escape(names.get(article["outlet"], article["outlet"]))]
    for key in ("published", "authors"):
        if pd.notna(article.get(key)) and str(article.get(key)):
            meta.append(html.escape(str(article[key])))
    url = article.get("url")
    link = (f' · <a href="{html.escape(str(url))}" rel="nofollow noopener">original</a>'
            if isinstance(url, str) and url.startswith("https://") else "")
    boxes = "".join(f'<label><input type="checkbox" checked data-layer="{key}" id="layer-{key}"> {html.escape(label)}</label>'
                    for key, label in LAYERS)
    key = ('<p class="muted legend-key">Key: <mark class="att-source">source</mark> · <mark class="att-cue">cue</mark> · '
           '<mark class="att-content">quoted or reported content</mark> · '
           '<mark class="att-content att-conjecture">the writer\'s conjecture about someone</mark> (not a quote) · '
           'mentions outlined '
           '<mark class="mention m-negative">negative</mark> <mark class="mention m-neutral">neutral</mark> '
           '<mark class="mention m-positive">positive</mark> · <mark class="loaded-cue">loaded-language cue</mark>, '
           "orange rule: a sentence the model calls loaded · frames in the right margin. Hover any mark for "
           "its details.</p>")
    parts = [f"<h1>{html.escape(str(article['title']))}</h1>",
             f'<p class="muted">{" · ".join(meta)} · <code>{html.escape(aid)}</code>{link} · '
             f'{int(article["n_words"]):,} words</p>', key,
             *([f'<p class="muted"><strong>Frames in the margin are struck through: not results.</strong> '
                f"{html.escape(frames_outside(aid, tables.get('domain')))}.</p>"]
               if frames_outside(aid, tables.get("domain")) else []),
             f'<div class="layers" role="group" aria-label="layers">{boxes}</div>',
             f'<article class="text" id="article-text">{render_text(aid, segments, tables, outlet_names=names)}</article>',
             "<h2>Every row the instruments produced for this article</h2>"]
    for name in ROW_TABLES:
        df = tables.get(name)
        if df is None or "article_id" not in df.columns:
            continue
        mine = df[df["article_id"] == aid].drop(columns=["article_id"])
        parts.append(f'<details open><summary><strong>{html.escape(name)}</strong> ({len(mine)} rows)</summary>'
                     + (rows_table(mine) if len(mine) else '<p class="muted">no rows</p>') + "</details>")
    parts.append(f"<script>{SCRIPT}</script>")
    return "\n".join(parts)


def write_article_pages(out_dir: Path, results, page, *, outlet_names: dict | None = None) -> list[Path]:
    """Write ``out_dir/<article_id>.html`` for every article of ``results`` (a :class:`pipeline.Results`).

    ``page(title, body)`` wraps a body into a full HTML page (the site's header, styles and footer).
    """
    tables = dict(results.tables)
    corpus = results.corpus
    segments = tables.get("segments", corpus.segments)
    if "loaded_language_spans" in tables:  # the cue matches, computed by `mediabias analyze`
        tables["loaded_spans"] = tables["loaded_language_spans"]
    names = outlet_names if outlet_names is not None else dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for _, article in corpus.articles.sort_values("article_id").iterrows():
        body = article_page_body(article, segments, tables, outlet_names=names)
        path = out_dir / page_name(article["article_id"])
        path.write_text(page(str(article["title"]), body), encoding="utf-8")
        written.append(path)
    return written


def articles_index(results, *, outlet_names: dict | None = None) -> str:
    """HTML list of the article pages, for the site's index (links relative to the site root)."""
    corpus = results.corpus
    names = outlet_names if outlet_names is not None else dict(zip(corpus.outlets["outlet_id"], corpus.outlets["name"]))
    counts = {name: df.groupby("article_id").size() for name, df in results.tables.items()
              if name in ("attributions", "actor_sentiment") and "article_id" in df.columns}
    items = []
    for _, a in corpus.articles.sort_values(["story", "published", "article_id"]).iterrows():
        aid = a["article_id"]
        extra = ", ".join(f"{int(c.get(aid, 0))} {n.replace('_', ' ').replace('actor sentiment', 'actor mentions')}"
                          for n, c in counts.items())
        items.append(f'<li><a href="{html.escape(evidence_href(aid))}">{html.escape(str(a["title"]))}</a> · '
                     f'{html.escape(names.get(a["outlet"], a["outlet"]))} · {html.escape(str(a["published"]))}'
                     f'{" · " + html.escape(extra) if extra else ""}</li>')
    return "<ul>" + "\n".join(items) + "</ul>"
