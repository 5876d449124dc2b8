"""The close reading of Hot Air's own-voice attributions (corpus/close_reading/attributions.csv, read by hand
against the articles; superseded by corpus/readings, see tests/sources/test_reading.py) agrees with the extractor on
speaker and kind for at least 90% of its items; the disagreements are exactly the ones notebook 01 lists."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias import paths
from mediabias.sources.close_reading import compare_close_reading, load_close_reading


@pytest.fixture(scope="module")
def comparison():
    from mediabias.corpus import load_corpus
    from mediabias.sources import attributions

    corpus_dir = paths.corpus_dir()
    return compare_close_reading(load_close_reading(corpus_dir), attributions(load_corpus(corpus_dir)))


def test_close_reading_agrees_on_speaker_and_kind_for_90_percent(comparison):
    assert len(comparison) == 28  # 32 less the four rows corpus/readings no longer counts as attributions
    assert comparison["agree"].mean() >= 0.90


def test_the_disagreements_are_listed(comparison):
    bad = comparison[~comparison["agree"]]
    assert sorted(zip(bad["cue"], bad["disagreement"])) == [
        ("claim", "speaker: hand Barack Obama, machine the president"),  # the title is not resolved to the name
        ("fears", "kind: hand position, machine conjecture"),  # the Washington Post's report is two sentences back
    ]


def test_no_conjecture_counts_as_a_source(comparison):
    conj = comparison[comparison["kind_hand"] == "conjecture"]
    assert (conj["kind_machine"].dropna() == "conjecture").all()


def test_bad_annotation_files_are_rejected(tmp_path):
    (tmp_path / "close_reading").mkdir()
    (tmp_path / "close_reading" / "attributions.csv").write_text(
        "article_id,cue,snippet,speaker,kind,note\na,said,x,Obama,rumour,\n")
    with pytest.raises(ValueError, match="kind 'rumour'"):
        load_close_reading(tmp_path)
    (tmp_path / "close_reading" / "attributions.csv").write_text("article_id,cue\n")
    with pytest.raises(ValueError, match="missing column"):
        load_close_reading(tmp_path)
    assert load_close_reading(tmp_path / "nothing").empty
    assert isinstance(load_close_reading(tmp_path / "nothing"), pd.DataFrame)
