"""Who holds the sentiment (mediabias.sentiment.holder, evaluation.holder): hand-written sentences, not DSA text."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mediabias.cli import main
from mediabias.evaluation.holder import locate_pair, read_dsa
from mediabias.sentiment.holder import (
    HOLDER_COLUMNS, LABELS, check_pairs, directed_sentiment, marked, pair_features, sentiment_holders,
)


def span(sentence: str, words: str) -> tuple[int, int]:
    start = sentence.index(words)
    return start, start + len(words)


def test_marked_puts_both_entities_in_brackets_and_moves_their_spans():
    text, p, q = marked("Trump blamed China.", (0, 5), (13, 18))
    assert text == "[Trump] blamed [China]."
    assert text[p[0]:p[1]] == "Trump" and text[q[0]:q[1]] == "China"


@pytest.mark.parametrize("p, q, message", [
    ((13, 18), (0, 5), "p before q"),
    ((0, 8), (6, 12), "not overlapping"),
    ((0, 5), (13, 40), r"len\(sentence\)"),
])
def test_bad_pairs_are_refused_with_what_is_needed(p, q, message):
    with pytest.raises(ValueError, match=message):
        check_pairs(["Trump blamed China."], [p], [q])


def test_one_span_each_per_sentence():
    with pytest.raises(ValueError, match="one p and one q span per sentence"):
        check_pairs(["Trump blamed China.", "Again."], [(0, 5)], [(13, 18)])
    with pytest.raises(TypeError, match="not a single string"):
        check_pairs("Trump blamed China.", [(0, 5)], [(13, 18)])


def test_features_have_the_documented_width_and_mark_adjacent_entities():
    s = "Paris and Berlin signed it."
    X = pair_features([s, s], [span(s, "Paris"), span(s, "Paris")], [span(s, "Berlin"), span(s, "it")])
    assert X.shape == (2, 4 * 384 + 2)
    assert X[0, 4 * 384 + 1] > 0  # " and " stands between Paris and Berlin


@pytest.mark.parametrize("sentence, p, q, expected", [
    ("Senator Alvarez harshly attacked Governor Brooks over the failed budget.", "Senator Alvarez",
     "Governor Brooks", "negative_pq"),
    ("Governor Brooks came under fire from Senator Alvarez over the budget.", "Governor Brooks",
     "Senator Alvarez", "negative_qp"),
    ("Mayor Chen warmly praised Councilwoman Ortiz for her leadership during the flood.", "Mayor Chen",
     "Councilwoman Ortiz", "positive_pq"),
    ("Mayor Chen and Councilwoman Ortiz will attend the opening on Friday.", "Mayor Chen", "Councilwoman Ortiz",
     "none"),
])
def test_direction_of_sentiment_between_two_entities(sentence, p, q, expected):
    out = directed_sentiment([sentence], [span(sentence, p)], [span(sentence, q)])
    assert out.label[0] == expected
    assert out[[f"p_{lab}" for lab in LABELS]].sum(axis=1).round(6).tolist() == [1.0]


@pytest.mark.xfail(strict=True, reason="known failure, models/holder_net.md (and holder_lr.md): the classifier reads "
                   "the passive 'X was attacked by Y' as X attacking Y")
def test_passive_voice_puts_the_holder_after_by():
    s = "Governor Brooks was attacked by Senator Alvarez over the budget."
    assert directed_sentiment([s], [span(s, "Governor Brooks")], [span(s, "Senator Alvarez")]).label[0] == "negative_qp"


def _mentions(sentence: str, actors: dict[str, str], speaker=None) -> pd.DataFrame:
    rows = []
    for actor, words in actors.items():
        a, b = span(sentence, words)
        rows.append({"article_id": "a1", "segment_id": "a1:p00s00", "actor": actor, "mention_start": 100 + a,
                     "mention_end": 100 + b, "mention_text": words, "sentence_start": 100,
                     "sentence_end": 100 + len(sentence), "sentence": sentence, "speaker": speaker})
    return pd.DataFrame(rows)


def test_an_attack_on_an_actor_is_held_by_the_attacker_not_the_writer():
    s = "Senator Alvarez harshly attacked Governor Brooks over the failed budget."
    out = sentiment_holders(_mentions(s, {"Alvarez": "Senator Alvarez", "Brooks": "Governor Brooks"}))
    assert list(out.columns) == list(HOLDER_COLUMNS)
    brooks = out.set_index("actor").loc["Brooks"]
    assert brooks.holder == "Alvarez" and brooks.direction == "negative" and brooks.holder_probability >= 0.5
    alvarez = out.set_index("actor").loc["Alvarez"]
    assert alvarez.holder == "writer" and alvarez.actor_holds_toward == "Brooks"


def test_an_actor_alone_in_its_sentence_is_the_writers_and_quoted_words_the_speakers():
    s = "Governor Brooks has failed the state again."
    alone = sentiment_holders(_mentions(s, {"Brooks": "Governor Brooks"}))
    assert alone.loc[0, ["holder", "holder_probability", "holder_basis"]].tolist() == ["writer", 1.0, "no other entity"]
    quoted = sentiment_holders(_mentions(s, {"Brooks": "Governor Brooks"}, speaker="Senator Alvarez"))
    assert quoted.loc[0, ["holder", "holder_basis"]].tolist() == ["Senator Alvarez", "attribution"]


def test_attribution_sources_count_as_entities():
    s = "Professor Lee does not believe the ruling will hurt Governor Brooks."
    mentions = _mentions(s, {"Brooks": "Governor Brooks"})
    a, b = span(s, "Professor Lee")
    attributions = pd.DataFrame([{"article_id": "a1", "source_start": 100 + a, "source_end": 100 + b,
                                  "source_text": "Professor Lee", "speaker": "Lee"}])
    out = sentiment_holders(mentions, attributions)
    assert out.loc[0, "n_entities"] == 1 and out.loc[0, "holder_basis"] == "pair model"


def test_holders_need_the_actor_sentiment_columns():
    with pytest.raises(ValueError, match="lacks column"):
        sentiment_holders(pd.DataFrame({"actor": ["X"]}))


def test_read_dsa_strips_the_brackets_and_refuses_the_test_split(tmp_path):
    assert locate_pair("[Ann] met [Bob] today.", "Ann", "Bob") == ("Ann met Bob today.", 0, 3, 8, 11, "Ann", "Bob")
    assert locate_pair("[Bob] met Ann.", "Ann", "Bob") is None
    (tmp_path / "valid.txt").write_text("[Ann] praised [Bob] warmly.\tAnn\tBob\t1\nNo marks here.\tAnn\tBob\t0\n",
                                        encoding="utf-8")
    df = read_dsa(tmp_path)
    assert df[["sentence", "p", "q", "gold"]].values.tolist() == [["Ann praised Bob warmly.", "Ann", "Bob",
                                                                   "positive_pq"]]
    assert df.attrs["dropped"] == 1
    (tmp_path / "test.txt").write_text("[Ann] met [Bob].\tAnn\tBob\t0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="reserved"):
        read_dsa(tmp_path / "test.txt")


@pytest.mark.slow  # loads and runs the whole evaluation on a tiny file: 20-60 s
def test_evaluate_holder_cli_writes_scores(tmp_path, capsys):
    data = tmp_path / "dsa"
    data.mkdir()
    lines = ["[Ann Smith] sharply criticised [Bob Jones] for the delay.\tAnn Smith\tBob Jones\t3",
             "[Ann Smith] and [Bob Jones] met in the capital on Monday.\tAnn Smith\tBob Jones\t0",
             "[Carla Diaz] thanked [Dan Wu] for his generous help.\tCarla Diaz\tDan Wu\t1"]
    (data / "valid.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["evaluate", "holder", "--data", str(data), "--out", str(out)]) == 0
    doc = json.loads((out / "holder.json").read_text())
    systems = [s["system"] for s in doc["scores"]]
    assert len(systems) == 3 and systems[1] == "majority class (none)"
    assert all(s["n"] == 3 for s in doc["scores"]) and (out / "holder.md").exists()
    assert doc["command"] == "mediabias evaluate holder --data dsa"


def test_evaluate_holder_on_a_bad_file_says_what_is_wrong(tmp_path, capsys):
    (tmp_path / "valid.txt").write_text("just one column\n", encoding="utf-8")
    assert main(["evaluate", "holder", "--data", str(tmp_path), "--no-write"]) == 2
    assert "not a DSA line" in capsys.readouterr().err


def test_empty_tables_give_empty_tables():
    empty = _mentions("Governor Brooks spoke.", {}).reindex(columns=["article_id", "segment_id", "actor", "mention_start",
                                                                    "mention_end", "mention_text", "sentence_start",
                                                                    "sentence_end", "sentence", "speaker"])
    out = sentiment_holders(empty)
    assert out.empty and list(out.columns) == list(HOLDER_COLUMNS)
    assert directed_sentiment([], [], []).empty


def test_an_entity_beyond_the_encoders_256_tokens_gets_an_empty_block_not_an_error():
    s = "Governor Brooks " + "spoke at length about roads and bridges and schools, " * 60 + "said Senator Alvarez."
    X = pair_features([s], [span(s, "Governor Brooks")], [span(s, "Senator Alvarez")])
    assert X.shape == (1, 4 * 384 + 2)
    assert X[0, 384:768].any() and not X[0, 768:1152].any()  # p pooled; q cut off by the 256-token cap
