"""Article pages (mediabias.site.pages): what a reader sees drawn on the text, read against the bundled articles."""

from __future__ import annotations

import re

import pytest

from mediabias.pipeline import load_results
from mediabias.site.pages import article_page_body, article_spans


@pytest.fixture(scope="module")
def results():
    return load_results(None, steps=("articles", "segments", "attributions", "actor_sentiment", "frames",
                                     "loaded_language", "loaded_language_spans", "domain"))


def _titles(spans, cls):
    return [t for s, e, c, t in spans if cls in c.split()]


def test_the_writers_conjectures_are_not_drawn_as_quotes(results):
    """Hot Air 002: "Obama ... thought the country is a lost cause" is the blogger's guess, not Obama's words."""
    tables = dict(results.tables)
    spans = article_spans("002_0525342205e8e59f", tables)
    conj = [t for s, e, c, t in spans if "att-conjecture" in c.split() and "att-content" in c.split()]
    assert conj, "no conjecture drawn on Hot Air 002"
    assert all(t.startswith("the writer's conjecture about") for t in conj)
    assert not any(t.startswith("said by") for t in conj)
    att = tables["attributions"]
    said = att[(att["article_id"] == "002_0525342205e8e59f") & (att["attribution_kind"] == "speech")]
    assert len(_titles(spans, "att-content")) >= len(said)


def test_no_speaker_is_shown_as_nan(results):
    tables = dict(results.tables)
    for aid in results["articles"]["article_id"]:
        for s, e, c, t in article_spans(aid, tables):
            assert not re.search(r"\bnan\b", t), f"{aid}: hover text {t!r}"


def test_frames_outside_the_models_domain_are_struck_through_with_the_reason(results):
    tables = dict(results.tables)
    segments = results["segments"]
    dom = tables["domain"]
    frames_dom = dom[dom["instrument"] == "frames"].set_index("article_id")
    for aid, row in frames_dom.iterrows():
        article = results["articles"].set_index("article_id").loc[aid].copy()
        article["article_id"] = aid
        body = article_page_body(article, segments, tables)
        if row["in_domain"]:
            assert 'class="frames untrusted"' not in body
        else:
            assert 'class="frames untrusted"' in body and "struck through: not results" in body
