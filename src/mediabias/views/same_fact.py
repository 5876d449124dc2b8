"""Same fact, different words: each pair of sentences side by side, with whom it quotes, its cues and loaded words.

Draws the table of :func:`mediabias.compare.same_fact.same_fact_sides`; runs nothing. Article text is escaped
(:func:`mediabias.views.highlight.highlight`); the attribution's source and cue and the loaded-language cues are
marked in the sentence, each with its label on hover, and each sentence links to its place on its article page.
"""

from __future__ import annotations

import html

import pandas as pd

from mediabias.views.anchors import evidence_link
from mediabias.views.highlight import highlight

#: Order in which pairs are shown: what the reading confirmed, then what no one has read, then the rest.
VERDICT_ORDER = {"same": 0, "not read": 1, "related": 2}
VERDICT_TEXT = {"same": "a reader judged: the same fact", "not read": "not yet read by a person",
                "related": "a reader judged: the same topic, not the same fact"}

CSS = """
.same-fact table { display:table; width:100%; table-layout:fixed; }
.same-fact td { width:50%; font-size:.95rem; }
.same-fact .meta { font-size:.85rem; color:#5f6368; }
.same-fact mark.loaded { background:#f8d7da; }
"""


def _spans(side, attributions: pd.DataFrame, loaded_spans: pd.DataFrame) -> list[tuple]:
    start, end = int(side.start), int(side.end)
    arts = attributions[attributions["article_id"] == side.article_id]
    spans = []
    for a in arts.itertuples(index=False):
        for s, e, cls, label in ((a.source_start, a.source_end, "source", f"source: {a.speaker}"),
                                 (a.cue_start, a.cue_end, "cue", f"cue: {a.cue_text} ({a.cue_class})")):
            if not pd.isna(s) and not pd.isna(e) and int(s) < end and int(e) > start:
                spans.append((int(s), int(e), cls, label))
    loaded = loaded_spans[(loaded_spans["article_id"] == side.article_id) & (loaded_spans["start"] < end)
                          & (loaded_spans["end"] > start)]
    spans += [(int(s), int(e), "loaded", f"loaded language: {c}") for s, e, c in
              zip(loaded["start"], loaded["end"], loaded["cue"])]
    return spans


def _cell(side, names: dict, attributions: pd.DataFrame, loaded_spans: pd.DataFrame) -> str:
    outlet = html.escape(names.get(side.speaking_outlet, side.speaking_outlet))
    voice = "its own words" if side.voice == "author" else "excerpted by another outlet" if side.voice == "excerpt" \
        else html.escape(str(side.voice))
    text = highlight(side.text, _spans(side, attributions, loaded_spans), base_offset=int(side.start))
    facts = [f"<strong>quotes:</strong> {html.escape(side.quoted) if side.quoted else 'no one (its own statement)'}",
             f"<strong>cues:</strong> {html.escape(side.cues) if side.cues else 'none'}",
             f"<strong>loaded language:</strong> {html.escape(side.loaded) if side.loaded else 'none found'}"]
    return (f"<td><p><strong>{outlet}</strong> <span class='meta'>({voice}) "
            f"{evidence_link(side.article_id, side.segment_id)}</span></p><p>{text}</p>"
            f"<p class='meta'>{'<br>'.join(facts)}</p></td>")


def same_fact_html(sides: pd.DataFrame | None, *, names: dict, attributions: pd.DataFrame,
                   loaded_spans: pd.DataFrame, limit: int = 6, include_related: bool = False) -> str:
    """HTML of the same-fact pairs, strongest confirmed first: a two-column table per pair.

    Args:
        sides: :func:`mediabias.compare.same_fact.same_fact_sides` (``None``: the selection was too large).
        names: outlet id -> display name.
        attributions, loaded_spans: the tables whose spans are marked in the sentences.
        limit: at most this many pairs are drawn; the rest are counted.
        include_related: also draw pairs the reading judged "related" (same topic, not the same fact).
    """
    if sides is None:
        return ("<p class='muted'>The same-fact view is made for a handful of articles; this selection is larger. "
                "Select one story (<code>STORY</code>) to see it.</p>")
    if sides.empty:
        return ("<p class='muted'>No two outlets have sentences close enough in meaning to be shown as the same "
                "fact (at most one outlet per story, or nothing above the threshold).</p>")
    pairs = sides.drop_duplicates("pair").copy()
    counts = pairs["verdict"].value_counts()
    pairs["order"] = pairs["verdict"].map(VERDICT_ORDER)
    pairs = pairs.sort_values(["order", "similarity", "pair"], ascending=[True, False, True])
    shown = pairs if include_related else pairs[pairs["verdict"] != "related"]
    summary = (f"<p>{len(pairs)} pair(s) of sentences from different outlets are close in meaning "
               f"({counts.get('same', 0)} judged the same fact by a reader, {counts.get('related', 0)} only the same "
               f"topic, {counts.get('not read', 0)} not yet read). Each pair is shown whole: "
               "<mark class='source'>source</mark>, <mark class='cue'>cue</mark> and "
               "<mark class='loaded'>loaded words</mark> are marked (hover for labels).</p>")
    parts = [f"<style>{CSS}</style><div class='same-fact'>", summary]
    for p in shown.head(limit).itertuples(index=False):
        two = sides[sides["pair"] == p.pair].sort_values("side")
        why = f" ({html.escape(p.why)})" if isinstance(p.why, str) and p.why else ""
        parts.append(f"<p class='meta'>cosine {p.similarity:.2f} · {html.escape(VERDICT_TEXT[p.verdict])}{why}</p>")
        cells = "".join(_cell(s, names, attributions, loaded_spans) for s in two.itertuples(index=False))
        parts.append(f"<table><tbody><tr>{cells}</tr></tbody></table>")
    hidden = len(pairs) - min(len(shown), limit)
    if hidden:
        parts.append(f"<p class='muted'>{hidden} more pair(s) not drawn here"
                     + ("" if include_related else ", among them those a reader judged only the same topic") + ".</p>")
    parts.append("</div>")
    return "\n".join(parts)
