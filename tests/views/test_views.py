"""The notebook views (tables -> tables/HTML) on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias.views import evaluations
from mediabias.views.sentiment import (extreme_cells, irony_marked_sentences, mentions_html,
                                       positive_author_mentions)


def _mentions():
    rows = [  # outlet, voice, label, score, sentence, mention span
        ("blog", "author", "positive", 0.9, "He framed it as a <promise> kept, indeed.", (0, 2)),
        ("blog", "author", "negative", -0.8, "Obama botched it.", (0, 5)),
        ("blog", "quoted", "positive", 0.7, "Obama did well, he said.", (0, 5)),
        ("wire", "author", "positive", 0.4, "Maliki welcomed the deal.", (0, 6)),
    ]
    return pd.DataFrame([{"article_id": f"a{i}", "segment_id": f"a{i}:p00s00", "outlet": o, "voice": v, "label": lab, "score": sc, "sentence": s,
                          "sentence_start": 100, "mention_start": 100 + a, "mention_end": 100 + b,
                          "actor": s[a:b], "speaker": "Mardini" if v == "quoted" else None,
                          "speaking_outlet": o, "vader_compound": 0.1}
                         for i, (o, v, lab, sc, s, (a, b)) in enumerate(rows)])


def test_positive_author_mentions_keeps_the_outlets_own_positive_readings_most_positive_first():
    out = positive_author_mentions(_mentions())
    assert list(out["outlet"]) == ["blog", "wire"] and list(out["score"]) == [0.9, 0.4]


def test_mentions_html_escapes_the_sentence_and_marks_the_mention():
    page = mentions_html(_mentions().head(1), "blog × He")
    assert "&lt;promise&gt;" in page and "<promise>" not in page
    assert '<mark class="target" title="He">He</mark>' in page and "(n=1)" in page


def test_extreme_cells_takes_the_most_negative_and_most_positive_cells_with_enough_mentions():
    cells = pd.DataFrame({"outlet": list("abcde"), "actor": "x", "n": [3, 5, 1, 4, 3],
                          "mean": [-0.5, 0.2, -0.9, 0.6, 0.0]})
    assert list(extreme_cells(cells, k=1)["outlet"]) == ["a", "d"]  # c has too few mentions


def test_irony_marked_sentences_join_the_cue_counts_to_vader():
    loaded = pd.DataFrame({"segment_id": ["s1", "s2"], "outlet": "blog", "voice": "author", "text": ["Really?", "Fine."],
                           "sarcasm": [1, 0], "rhetorical_question": [1, 0]})
    tone = pd.DataFrame({"segment_id": ["s1", "s2"], "vader_compound": [0.0, 0.2], "vader_label": ["neutral", "positive"]})
    out = irony_marked_sentences(loaded, tone)
    assert out.to_dict("records") == [{"segment_id": "s1", "outlet": "blog", "voice": "author",
                                       "cues": "sarcasm; rhetorical_question", "vader_compound": 0.0,
                                       "vader_label": "neutral", "text": "Really?"}]


def test_evaluation_reader_names_the_command_when_results_are_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(evaluations.paths, "evaluation_dir", lambda: tmp_path)
    with pytest.raises(FileNotFoundError, match="mediabias evaluate loaded-language"):
        evaluations.load("loaded_language")


def test_evaluation_reader_gives_one_table_for_target_sentiment():
    table = evaluations.scores("target_sentiment")
    assert {"NewsMTSC rw/dev", "NewsMTSC mt/dev"} <= set(table["data"]) and {"method", "f1_macro"} <= set(table.columns)


def test_domain_report_names_the_articles_left_out():
    domain = pd.DataFrame({"article_id": ["a", "b", "a"], "instrument": ["frames", "frames", "roles"],
                           "n_sentences": [10, 4, 10], "share_outside": [0.1, 0.75, 0.2], "in_domain": [True, False, True],
                           "why": ["10% far", "75% <far>", "20% far"]})
    gated = pd.DataFrame({"article_id": ["a", "b", "b"], "in_domain": [True, False, False]})
    table, note = evaluations.domain_report(domain, gated, "frames")
    assert note == "Left out as outside the domain: b."
    assert "75% &lt;far&gt;" in table and "20% far" not in table  # escaped, and only this instrument's rows
    _, none_out = evaluations.domain_report(domain, gated[gated["in_domain"]], "frames")
    assert none_out == "_Every article is inside the model's domain._"
