"""A stance's heading states what the tool claims and no more: a sign it flags itself (irony) or an actor outside
what it was measured on (a country) is not stated as a stance, and a hand reading that contradicts the stance says
so in the heading (the close reading of the site found headings contradicted by the only paragraph under them)."""

from __future__ import annotations

import pandas as pd

from mediabias.compare.audit import stance_audit
from mediabias.views.stance import stance_evidence_html


def page(rows: list[dict], reading: list[dict] | None = None) -> str:
    base = {"article_id": "a", "outlet": "o", "n_paragraphs": 1, "n_set_aside": 0, "flag": "", "outside": ""}
    rows = pd.DataFrame([{**base, **r} for r in rows])
    paragraphs = pd.DataFrame([{"article_id": "a", "actor": r["actor"], "paragraph": 0, "segment_id": "a:p00",
                                "counts": True, "why": "", "irony": "", "p_positive": 0.1, "p_negative": 0.6,
                                "label": "negative"} for r in rows.to_dict("records")])
    segments = pd.DataFrame([{"article_id": "a", "segment_id": "a:p00", "level": "paragraph", "outlet": "o",
                              "text": "It followed the timeline set by George Bush instead."}])
    checked = None
    if reading is not None:
        checked = stance_audit(rows, pd.DataFrame([{"article_id": "a", "voice": "author", "deciding": ["x"], "why": "",
                                                    **r} for r in reading]))
    return stance_evidence_html(rows, paragraphs, segments, names={"o": "Hot Air"}, titles={"a": "A"}, checked=checked)


def test_a_flagged_or_unmeasured_sign_is_not_stated_as_a_stance():
    html = page([{"actor": "Barack Obama", "label": "positive", "score": 0.45, "flag": "irony in p08"},
                 {"actor": "Iraq", "label": "negative", "score": -0.54, "outside": "a country: never measured"}])
    assert "Hot Air toward Barack Obama: sign unreliable, irony (read as positive, +0.45)</h4>" in html
    assert "Hot Air toward Iraq: not measured, a country (read as negative, -0.54)</h4>" in html
    assert ": positive (+0.45)" not in html


def test_a_contradicting_hand_reading_is_named_in_the_heading():
    html = page([{"actor": "George W. Bush", "label": "negative", "score": -0.57},
                 {"actor": "Nouri al-Maliki", "label": "negative", "score": -0.44}],
                reading=[{"actor": "George W. Bush", "stance": "none"}, {"actor": "Nouri al-Maliki", "stance": "negative"}])
    assert "Hot Air toward George W. Bush: negative (-0.57) · a hand reading disagrees: no stance</h4>" in html
    assert "Hot Air toward Nouri al-Maliki: negative (-0.44) · a hand reading agrees</h4>" in html


def test_without_a_hand_reading_the_heading_is_the_tools_alone():
    html = page([{"actor": "George W. Bush", "label": "negative", "score": -0.57}])
    assert "Hot Air toward George W. Bush: negative (-0.57)</h4>" in html


def test_the_figure_hatches_a_cell_a_hand_reading_contradicts_after_the_tools_own_flags():
    from mediabias.views.stance import flagged_cells

    rows = pd.DataFrame({"article_id": ["a", "a", "b", "b"], "outlet": ["o"] * 4,
                         "actor": ["George W. Bush", "Iran", "Iran", "Obama"], "flag": ["", "", "", "irony"],
                         "outside": ["", "a country", "", ""]})
    checked = pd.DataFrame({"article_id": ["a", "b", "b"], "tool_actor": ["George W. Bush", "Iran", "Obama"],
                            "status": ["disagrees", "disagrees", "disagrees"], "reader": ["none"] * 3})
    assert flagged_cells(rows, {"o": "Hot Air"}, checked) == {
        ("George W. Bush", "Hot Air"): "contradicted (reader)", ("Iran", "Hot Air"): "not measured (country)",
        ("Obama", "Hot Air"): "unreliable (irony)"}
    assert flagged_cells(rows, {"o": "Hot Air"}) == {("Iran", "Hot Air"): "not measured (country)",
                                                    ("Obama", "Hot Air"): "unreliable (irony)"}
