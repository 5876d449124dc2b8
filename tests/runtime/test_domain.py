"""Out-of-domain gating (mediabias.runtime.domain): distances to training centroids, the per-article rule, the gate."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mediabias.runtime import domain


def test_distance_is_to_the_nearest_centroid():
    c = np.array([[1.0, 0.0], [0.0, 2.0]])  # centroids need not be unit length
    v = np.array([[1.0, 0.0], [0.0, 1.0], [np.sqrt(0.5), np.sqrt(0.5)]])
    assert domain.distances(v, c).round(4).tolist() == [0.0, 0.0, round(1 - np.sqrt(0.5), 4)]
    with pytest.raises(ValueError, match="vectors must be"):
        domain.distances(np.ones((2, 3)), c)


def test_article_outside_when_most_sentences_are_far(monkeypatch):
    fake = {"max_outside_share": 0.5, "instruments": {"frames": {
        "training_data": "climate news", "centroids": np.array([[1.0, 0.0]], dtype=np.float32), "threshold": 0.1}}}
    monkeypatch.setattr(domain, "profiles", lambda: fake)
    sents = pd.DataFrame({"article_id": ["in", "in", "out", "out", "out"], "text": ["x"] * 5})
    vecs = np.array([[1, 0], [0.99, 0.141], [0, 1], [0, 1], [1, 0]], dtype=np.float32)
    out = domain.article_domain(sents, vectors=vecs).set_index("article_id")
    assert bool(out.loc["in", "in_domain"]) and not bool(out.loc["out", "in_domain"])
    assert out.loc["out", "share_outside"] == pytest.approx(2 / 3, abs=1e-4)
    assert "outside what frames was validated on" in out.loc["out", "why"]
    gated = domain.gate(pd.DataFrame({"article_id": ["in", "out", "other"], "v": [1, 2, 3]}),
                        out.reset_index(), "frames")
    assert gated["in_domain"].tolist() == [True, False, True]
    with pytest.raises(ValueError, match="no domain profile"):
        domain.gate(gated, out.reset_index(), "roles")
    with pytest.raises(ValueError, match="lack column"):
        domain.article_domain(pd.DataFrame({"text": ["x"]}))


def test_shipped_profiles_cover_every_trained_instrument():
    prof = domain.profiles()
    assert set(prof["instruments"]) == {"target_sentiment", "frames", "roles", "loaded_language"}
    for p in prof["instruments"].values():
        assert p["centroids"].shape[1] == 384 and 0 < p["threshold"] < 1


def test_an_article_of_an_untrusted_genre_is_outside_whatever_its_topic(monkeypatch):
    """Frames validated on news: a blog post as close to the training topic as a report is still gated, and why
    says it is the genre (issue 25: the gate measured topic only and let every Hot Air post through)."""
    fake = {"max_outside_share": 0.5, "instruments": {"frames": {
        "training_data": "climate news", "centroids": np.array([[1.0, 0.0]], dtype=np.float32), "threshold": 0.1}}}
    monkeypatch.setattr(domain, "profiles", lambda: fake)
    monkeypatch.setattr(domain, "genre_trust", lambda: {"instruments": {"frames": {
        "trusted": ["news", "mixed"], "why": "macro-F1 0.4 on opinion"}}})
    sents = pd.DataFrame({"article_id": ["blog", "report", "short"], "text": ["x"] * 3})
    genres = pd.DataFrame({"article_id": ["blog", "report", "short"], "genre": ["opinion", "news", "unknown"],
                           "p_opinion": [0.95, 0.1, np.nan]})
    out = domain.article_domain(sents, vectors=np.array([[1, 0]] * 3, dtype=np.float32),
                                genres=genres).set_index("article_id")
    assert out["in_domain"].to_dict() == {"blog": False, "report": True, "short": True}
    assert "reads as opinion writing (P(opinion) 0.95)" in out.loc["blog", "why"]
    assert "macro-F1 0.4 on opinion" in out.loc["blog", "why"]
    assert out.loc["report", "genre"] == "news" and np.isnan(out.loc["short", "p_opinion"])
