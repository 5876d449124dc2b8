"""Links into article pages for articles of any length: paragraph and sentence numbers of three digits (a long
wire story of 146 paragraphs from AllSides broke notebook 01 with "not a paragraph or sentence segment_id")."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias.views.anchors import anchor, evidence_href
from mediabias.views.stance import stance_evidence_html


@pytest.mark.parametrize("segment_id, expected", [
    ("000_908ce795a3fce461:p03s01", "p03s01"),
    ("000_908ce795a3fce461:p03", "p03"),
    ("ap-2020-01-05-the-latest:p102s01", "p102s01"),
    ("ap-2020-01-05-the-latest:p07s113", "p07s113"),
    ("ap-2020-01-05-the-latest:p102", "p102"),
])
def test_anchor_of_short_and_long_articles(segment_id, expected):
    assert anchor(segment_id) == expected


@pytest.mark.parametrize("segment_id", ["000_x:p3", "000_x:p03s1", "000_x:s03", "000_x", "000_x:p03s01x"])
def test_anything_else_is_refused_with_the_expected_form(segment_id):
    with pytest.raises(ValueError, match="expected 'ARTICLE:pNN' or 'ARTICLE:pNNsMM'"):
        anchor(segment_id)


def test_a_link_to_paragraph_102():
    assert evidence_href("ap-x", "ap-x:p102s01") == "articles/ap-x.html#p102s01"


def test_paragraphs_set_aside_are_listed_in_text_order_past_paragraph_99():
    rows = pd.DataFrame([{"article_id": "a", "actor": "Barack Obama", "outlet": "o", "label": "neutral",
                          "score": 0.0, "n_paragraphs": 0, "n_set_aside": 3, "flag": "", "outside": ""}])
    paragraphs = pd.DataFrame([
        {"article_id": "a", "actor": "Barack Obama", "paragraph": p, "segment_id": f"a:p{p:02d}", "counts": False,
         "why": "names the actor only in another voice", "irony": "", "p_positive": 0.2, "p_negative": 0.2,
         "label": "neutral"} for p in (100, 9, 99)])
    segments = pd.DataFrame([{"article_id": "a", "segment_id": f"a:p{p:02d}", "level": "paragraph", "outlet": "o",
                              "text": f"Text of paragraph {p}."} for p in (9, 99, 100)])
    page = stance_evidence_html(rows, paragraphs, segments, names={"o": "Outlet"}, titles={"a": "A"})
    assert page.index("#p09") < page.index("#p99") < page.index("#p100")
    assert "Text of paragraph 100." in page
