"""The comparison evaluators (BASIL, AllSides known groups): layout errors, hand-checked pieces, the real data.

The checks that need the datasets skip when they are absent; everything else runs on tiny hand-made files.
"""

import gzip
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from mediabias import paths
from mediabias.sentiment.entity_tone import Aggregation, aggregate, entity_forms, find_mentions
from mediabias.evaluation import comparison, known_groups


# ------------------------------------------------------------------------------------------ layout errors
def run_cli(*args):
    r = subprocess.run([sys.executable, "-m", "mediabias", "evaluate", *args, "--no-write"], capture_output=True, text=True)
    return r.returncode, r.stderr.strip()


def test_basil_layout_errors_are_one_line(tmp_path):
    code, err = run_cli("comparison", "--data", str(tmp_path))
    assert code == 2 and len(err.splitlines()) == 1 and "expected BASIL's layout" in err
    (tmp_path / "annotations" / "2010").mkdir(parents=True)
    (tmp_path / "articles" / "2010").mkdir(parents=True)
    (tmp_path / "annotations" / "2010" / "e1_1_ann.json").write_text("{}")
    code, err = run_cli("comparison", "--data", str(tmp_path))
    assert code == 2 and len(err.splitlines()) == 1 and "is missing" in err
    (tmp_path / "articles" / "2010" / "e1_1.json").write_text(json.dumps({"source": "FOX"}))
    code, err = run_cli("comparison", "--data", str(tmp_path))
    assert code == 2 and len(err.splitlines()) == 1 and "missing field" in err


def test_allsides_layout_errors_are_one_line(tmp_path):
    bad = tmp_path / "a.jsonl.gz"
    with gzip.open(bad, "wt") as fh:
        fh.write(json.dumps({"ID": "1", "source": "X"}) + "\n")
    code, err = run_cli("known-groups", "--data", str(bad))
    assert code == 2 and len(err.splitlines()) == 1 and "missing" in err and "content_original" in err
    notgz = tmp_path / "b.jsonl.gz"
    notgz.write_text("plain text, not gzip")
    code, err = run_cli("known-groups", "--data", str(notgz))
    assert code == 2 and len(err.splitlines()) == 1 and "cannot be read" in err


def write_basil(root, events):
    """A BASIL-shaped folder: ``events`` = {event: [(k, source, sentences, feelings, n_lex), ...]}."""
    for event, arts in events.items():
        for k, source, sents, feelings, n_lex in arts:
            (root / "articles" / "2011").mkdir(parents=True, exist_ok=True)
            (root / "annotations" / "2011").mkdir(parents=True, exist_ok=True)
            (root / "articles" / "2011" / f"{event}_{k}.json").write_text(json.dumps(
                {"source": source, "triplet-uuid": event, "body-paragraphs": [sents]}))
            (root / "annotations" / "2011" / f"{event}_{k}_ann.json").write_text(json.dumps({
                "article-level-annotations": {**{f"author_feeling_{e}": v for e, v in feelings.items()},
                                              "author_feeling_main_event": "neu", "relative_stance": "center"},
                "phrase-level-annotations": [{"id": "p0", "bias": "lex"}] * n_lex + [{"id": "title", "bias": "lex"}]}))


def test_read_basil_handles_outlet_case_and_k(tmp_path):
    write_basil(tmp_path, {"e1": [(1, "NYT", ["A.", "B."], {"Barack_Obama": "str-neg"}, 1),
                                  (2, "fox", ["C."], {"Barack_Obama": "neu", "Tea_Party": "pos"}, 0)]})
    arts, judg = comparison.read_basil(tmp_path)
    assert arts.set_index("article_id")["outlet"].to_dict() == {"e1_1": "nyt", "e1_2": "fox"}
    assert arts.set_index("article_id")["lex_density"].to_dict() == {"e1_1": 0.5, "e1_2": 0.0}  # title span not counted
    assert judg[["article_id", "entity", "gold_scale", "gold"]].values.tolist() == [
        ["e1_1", "Barack_Obama", -2, "negative"], ["e1_2", "Barack_Obama", 0, "neutral"],
        ["e1_2", "Tea_Party", 1, "positive"]]
    (tmp_path / "annotations" / "2011" / "e1_1_ann.json").write_text(json.dumps({
        "article-level-annotations": {"author_feeling_X": "bad"}, "phrase-level-annotations": []}))
    with pytest.raises(ValueError, match="'bad' is not one of"):
        comparison.read_basil(tmp_path)


# --------------------------------------------------------------------------------- hand-checked pieces
def test_pairwise_agreement_hand_checked():
    t = pd.DataFrame({"event": ["e"] * 3 + ["f"] * 2, "entity": ["X"] * 5,
                      "gold": [-1, 0, 0, 1, 1], "value": [-0.5, 0.2, 0.1, 0.3, 0.0]})
    pairs = comparison.pair_rows(t, group=["event", "entity"], gold="gold", value="value")
    # e: (-1, 0) ordered right twice; (0, 0) not a pair. f: gold tie, no pair.
    assert pairs["agree"].tolist() == [1.0, 1.0]
    t.loc[1, "value"] = -0.5                                  # tie with the negative article -> one half
    assert comparison.pair_rows(t, group=["event", "entity"], gold="gold", value="value")["agree"].tolist() == [0.5, 1.0]


def test_macro_f1_matches_definition():
    gold = ["negative", "neutral", "neutral", "positive"]
    pred = ["negative", "neutral", "negative", "neutral"]
    # F1 neg = 2*1/(1+2) = 2/3, neu = 2*1/(2+2) = 1/2, pos = 0
    assert comparison.macro_f1(gold, pred) == pytest.approx((2 / 3 + 1 / 2 + 0) / 3)


def test_entity_forms_and_aggregation():
    assert entity_forms("Barack_Obama") == ["President Obama", "Barack Obama", "Obama"]
    assert entity_forms("Senate_Republicans") == ["Senate Republicans"]       # not every "Republicans"
    assert find_mentions("The Supreme Court ruled.", "supreme_court") == [(4, 17)]
    assert find_mentions("Obamacare passed.", "Barack_Obama") == []
    m = pd.DataFrame({"doc_id": ["d"] * 4, "entity": ["E"] * 4, "paragraph": [0, 0, 1, 2],
                      "sentence": ["s1", "s1", "s2", "s3"], "voice": ["author", "author", "author", "quoted"],
                      "score": [-0.6, -0.6, 0.3, -0.9], "label": ["negative", "negative", "neutral", "negative"]})
    keys = pd.DataFrame({"doc_id": ["d", "none"], "entity": ["E", "E"]})
    by_mention = aggregate(m, keys, how=Aggregation(("author",), "mention", -0.2, 0.2))
    assert by_mention["value"].iloc[0] == pytest.approx(-0.3) and by_mention["label"].tolist() == ["negative", "neutral"]
    by_sentence = aggregate(m, keys, how=Aggregation(("author",), "sentence", -0.2, 0.2))
    assert by_sentence["value"].iloc[0] == pytest.approx(-0.15) and by_sentence["label"].iloc[0] == "neutral"
    everyone = aggregate(m, keys, how=Aggregation(("author", "quoted"), "mention", -0.2, 0.2))
    assert everyone["value"].iloc[0] == pytest.approx(-0.45) and everyone["n_mentions"].tolist() == [4, 0]
    votes = aggregate(m, keys, how=Aggregation(("author",), "mention", -0.5, 0.5, "vote"))
    assert votes["value"].iloc[0] == pytest.approx(-2 / 3) and votes["label"].iloc[0] == "negative"
    with pytest.raises(ValueError, match="weighting"):
        Aggregation(weighting="paragraph")


def test_group_difference_and_verdicts():
    values = [1, 1, 3, 3, 0, 0, 0, 2]
    groups = ["left"] * 4 + ["right"] * 4
    outlets = ["a", "a", "b", "b", "c", "c", "d", "d"]
    r = known_groups.group_difference(values, groups, outlets, a="left", b="right", n_boot=200)
    assert r["effect"] == pytest.approx(2.0 - 0.5) and (r["outlets_a"], r["outlets_b"]) == (2, 2)
    assert r["low"] <= r["effect"] <= r["high"]
    assert known_groups.verdict(-0.2, -0.3, -0.1, -1) == "passed"
    assert known_groups.verdict(-0.2, -0.3, 0.1, -1) == "expected direction, interval includes 0"
    assert known_groups.verdict(0.2, 0.1, 0.3, -1) == "FAILED (opposite direction)"
    p = known_groups.paired_outlet_difference([5, 7, 1, 1, 2, 2], ["opinion", "opinion", "news", "news", "opinion", "news"],
                                              ["A", "A", "A", "A", "B", "B"], n_boot=100)
    assert p["effect"] == pytest.approx((6 - 1 + 0) / 2) and p["outlets"] == 2


# ------------------------------------------------------------------------------------------ real data
def test_basil_results_file_matches_the_dataset():
    basil = paths.dataset("basil")
    if basil is None:
        pytest.skip("BASIL not available (set $MEDIABIAS_DATA)")
    arts, judg = comparison.read_basil(basil)
    doc = json.loads((paths.evaluation_dir() / "comparison.json").read_text())
    assert doc["data"]["articles"] == len(arts) and doc["data"]["judgements"] == len(judg)
    assert set(arts["outlet"]) == {"fox", "nyt", "hpo"}
    assert arts.groupby("event")["outlet"].nunique().eq(3).all()


def test_loaded_values_keeps_the_first_sentences_and_counts_cues():
    # regression: this function called a splitter that the restructure removed, so `evaluate known-groups`
    # crashed after reading the whole file. Two articles, hand-checked: the cap keeps the first sentences only.
    sel = pd.DataFrame({"article_id": ["a", "b"], "source": ["x", "y"],
                        "text": ["The radical scheme is a disaster. Officials met on Tuesday. A third one.",
                                 "Officials met on Tuesday. The budget passed."]})
    out = known_groups.loaded_values(sel, max_sentences=2).set_index("article_id")
    assert list(out["n_sentences"]) == [2, 2]
    assert "text" not in out.columns and list(out["source"]) == ["x", "y"]
    assert out.loc["a", "cues_per_1000_words"] > 0 and out.loc["b", "cues_per_1000_words"] == 0


# ------------------------------------------------------------------------------------------ the results files
def test_the_command_names_data_under_the_data_folder_by_the_variable(monkeypatch, tmp_path):
    from mediabias.evaluation.common import data_command
    (tmp_path / "basil").mkdir()
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path))
    expected = "mediabias evaluate comparison --data $MEDIABIAS_DATA/basil"
    assert data_command("comparison", tmp_path / "basil") == expected
    elsewhere = tmp_path.parent / "elsewhere"
    assert data_command("known-groups", elsewhere) == f"mediabias evaluate known-groups --data {elsewhere.resolve()}"


def test_the_markdown_tables_write_intervals_and_plain_cells():
    iv = {"value": 0.6, "low": 0.5, "high": 0.7}
    table = comparison._table([{"split": "all", "method": "tool", "n_pairs": 7, "agreement": iv, "chance": 0.5},
                               {"split": "tune", "method": "tool", "n_pairs": 0, "agreement": None, "chance": 0.5}],
                              {"split": "split", "method": "method", "pairs": "n_pairs", "agreement": "agreement",
                               "chance": "chance"})
    assert table.split("\n") == ["| split | method | pairs | agreement | chance |", "|---|---|---|---|---|",
                                 "| all | tool | 7 | 0.600 [0.500, 0.700] | 0.5 |", "| tune | tool | 0 | — | 0.5 |"]
    assert comparison._table([], {"split": "split"}) == "| split |\n|---|"


def test_basil_author_spans_become_paragraph_gold(tmp_path):
    """BASIL's author-voice spans aimed at an entity label the paragraphs the stance reader also learns from:
    quoted spans, indirect aims and title spans are not the author's stance toward the entity."""
    from mediabias.evaluation.stance import paragraph_documents

    root = tmp_path
    (root / "articles" / "2011").mkdir(parents=True)
    (root / "annotations" / "2011").mkdir(parents=True)
    body = [["Obama dodged again.", "It was a mess."], [], ["Obama said \"we won\"."], ["Boehner praised Obama."]]
    (root / "articles" / "2011" / "e_1.json").write_text(json.dumps(
        {"source": "fox", "triplet-uuid": "e", "body-paragraphs": body}))
    span = lambda i, pol, **kw: {"id": f"p{i}", "bias": "lex", "target": "Barack_Obama", "polarity": pol,  # noqa: E731
                                 "quote": kw.get("quote", "no"), "aim": kw.get("aim", "dir")}
    (root / "annotations" / "2011" / "e_1_ann.json").write_text(json.dumps({
        "article-level-annotations": {"author_feeling_Barack_Obama": "neg", "author_feeling_main_event": "neu"},
        "phrase-level-annotations": [span(0, "neg"), span(1, "neg"),     # paragraph 0, the author's own words
                                     span(2, "pos", quote="yes"),        # paragraph 1 (the empty one is skipped): a quote
                                     span(3, "pos", aim="ind_pro"),      # paragraph 2: indirect
                                     {"id": "title", "bias": "lex", "target": "Barack_Obama", "polarity": "pos",
                                      "quote": "no", "aim": "dir"}]}))
    arts, judg = comparison.read_basil(root)
    assert arts["paragraphs"].iloc[0] == ["Obama dodged again. It was a mess.", "Obama said \"we won\".",
                                          "Boehner praised Obama."]
    assert arts["author_spans"].iloc[0] == [(0, "Barack_Obama", "neg"), (0, "Barack_Obama", "neg")]
    docs = paragraph_documents(arts, judg)
    assert docs[["article_id", "actor", "gold"]].values.tolist() == [["basil:e_1:Barack_Obama", "Barack_Obama", "negative"]]
    assert docs["paragraph_gold"].iloc[0] == ["negative", "neutral", "neutral"]
    assert paragraph_documents(arts, judg, years=(2013, 2014)).empty  # the held-out years are never training rows
    # a paragraph with spans of both polarities toward the entity has no single gold
    arts.at[0, "author_spans"] = [(2, "Barack_Obama", "neg"), (2, "Barack_Obama", "pos")]
    assert paragraph_documents(arts, judg)["paragraph_gold"].iloc[0] == ["neutral", "neutral", None]
