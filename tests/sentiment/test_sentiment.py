"""Sentence tone (VADER) and sentiment toward a marked target, hand-checked on seed sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias.sentiment import (
    ACTOR_SENTIMENT_COLUMNS, LABELS, actor_sentiment, load_target_model, quoted_speakers, sentence_tone,
    target_sentiment,
)


@pytest.fixture(scope="session")
def model():
    return load_target_model()


def span(sentence: str, mention: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(mention, start + 1)
    return start, start + len(mention)


def known_error(reason: str):
    """A hand label the committed model gets wrong; strict, so a model that fixes it makes the test fail."""
    return pytest.mark.xfail(strict=True, reason=f"known model error: {reason}")


# (seed, sentence, target mention, hand label)
CASES = [
    # Hot Air's own words about Obama and Maliki (seeds 000, 001, 002)
    ("000", "In other words, Obama wants to make a little political hay on the Left thanks to what looks like incompetence.",
     "Obama", "negative"),
    pytest.param("002", "Obama gets to check the box of having ended the war (as he’s fighting new ones in Libya, "
                 "Uganda, and Yemen) just in time for his re-election campaign.", "Obama", "negative",
                 marks=known_error("sarcasm: 'gets to check the box' reads as an achievement (positive)")),
    ("001", "Which seems to be a failing of most of the Obama administration.", "Obama administration", "negative"),
    ("001", "And Maliki, who has proved himself a weak and ineffective prime minister, doesn't appear to have what it "
     "takes to hold it all together.", "Maliki", "negative"),
    pytest.param("002", "He’s not beating people or having protesters shot (yet), but he’s happy to imprison and "
                 "intimidate his opponents — including Iraqi journalists.", "He", "negative",
                 marks=known_error("'happy to imprison' is ironic; the model reads 'happy' (positive)")),
    # neutral reported statements (seeds 003, 004)
    ("003", "\"At the present time I’m not discouraged because we’re still in negotiations with the Iraqis,\" Defense "
     "Secretary Leon Panetta said Monday.", "Leon Panetta", "neutral"),
    ("003", "\"At the present time I’m not discouraged because we’re still in negotiations with the Iraqis,\" Defense "
     "Secretary Leon Panetta said Monday.", "the Iraqis", "neutral"),
    pytest.param("003", "Officially, the U.S.-Iraq bilateral negotiations are led by U.S. Ambassador James Jeffrey "
                 "and Army Gen. Lloyd Austin, the top U.S. commander in Iraq.", "James Jeffrey", "neutral",
                 marks=known_error("a neutral description of a leadership role comes out positive")),
    ("004", "About 5,000 US soldiers are presently stationed in Iraq, making up the bulk of a 70-plus nation "
     "anti-Islamic State coalition that was welcomed by Baghdad in 2014.", "Baghdad", "neutral"),
    # seed 004: the analyst's judgment of the administration
    ("004", "All of this demonstrates the difficulty that the Trump Administration is going to have in conducting a "
     "clear policy following Soleimani’s killing.", "Trump Administration", "negative"),
]


def _values(case):
    return case.values if hasattr(case, "values") else case


IDS = [f"{v[0]}-{v[2]}-{v[3]}" for v in map(_values, CASES)]


@pytest.mark.parametrize("seed, sentence, mention, expected", CASES, ids=IDS)
def test_target_sentiment_on_seed_sentences(seed, sentence, mention, expected, model):
    out = target_sentiment([sentence], [span(sentence, mention)], model=model)
    assert out.target[0] == mention
    assert out.label[0] == expected, out.iloc[0].to_dict()


def test_output_columns_and_ranges(model):
    cases = [_values(c) for c in CASES]
    sentences = [c[1] for c in cases]
    out = target_sentiment(sentences, [span(c[1], c[2]) for c in cases], model=model)
    assert list(out.columns) == ["start", "end", "target", "label", "score", "p_negative", "p_neutral", "p_positive"]
    assert set(out.label) <= set(LABELS)
    assert out.score.between(-1, 1).all()
    assert (out[["p_negative", "p_neutral", "p_positive"]].sum(axis=1) - 1).abs().max() < 1e-6
    # batching and order do not change a prediction
    single = target_sentiment(sentences[:1], [span(cases[0][1], cases[0][2])], model=model)
    assert single.score[0] == pytest.approx(out.score[0], abs=1e-5)


def test_vader_reads_sarcasm_literally():
    # seed 000 ends "Smart power, indeed." — sarcastic, but the lexicon sees "smart" and "power".
    tone = sentence_tone(["Smart power, indeed.", "Maliki is weak and ineffective.", "The parliament returns to work Nov. 20."])
    assert tone.vader_label.tolist() == ["positive", "negative", "neutral"]
    assert list(tone.columns) == ["vader_neg", "vader_neu", "vader_pos", "vader_compound", "vader_label"]


@pytest.mark.parametrize(
    "sentences, targets, error, message",
    [
        ("Obama spoke.", [(0, 5)], TypeError, "not a single string"),
        (["Obama spoke.", None], [(0, 5), (0, 1)], TypeError, "sentence 1 is NoneType"),
        (["Obama spoke."], [], ValueError, "one \\(start, end\\) target per sentence"),
        (["Obama spoke."], [(0, 50)], ValueError, "outside sentence 0"),
        (["Obama spoke."], [(5, 6)], ValueError, "only whitespace"),
        (["Obama spoke."], ["Obama"], ValueError, "pair of character offsets"),
    ],
)
def test_bad_input_is_rejected(sentences, targets, error, message):
    with pytest.raises(error, match=message):
        target_sentiment(sentences, targets)


def test_mentions_inside_quotes_get_the_speaker():
    mentions = pd.DataFrame({"article_id": ["a", "a", "b", "a"], "mention_start": [5, 40, 5, 62],
                             "mention_end": [10, 45, 10, 67]})
    atts = pd.DataFrame({"article_id": ["a", "a", "a"], "content_start": [0, 2, 55], "content_end": [30, 12, 80],
                         "speaker": ["Leon Panetta", None, None], "source_text": ["Panetta", "a former staffer", "I"]})
    got = quoted_speakers(mentions, atts).tolist()
    # innermost span wins; outside any content: not quoted; "I find it hard to believe that ..." is the author
    assert got == ["a former staffer", None, None, None]


def test_actor_sentiment_on_seed_003(corpus, model):
    sub = corpus.select_ids(["003_90f0f04d63b1e894"])
    text = sub.articles.text[0]
    quote = '"At the present time I’m not discouraged because we’re still in negotiations with the Iraqis,"'
    start = text.index(quote)
    atts = pd.DataFrame({"article_id": [sub.articles.article_id[0]], "content_start": [start],
                         "content_end": [start + len(quote)], "speaker": ["Leon Panetta"]})
    table = actor_sentiment(sub, attributions=atts, model=model)
    assert list(table.columns) == ACTOR_SENTIMENT_COLUMNS
    quoted = table[table.voice == "quoted"]
    assert quoted[["actor", "speaker", "label"]].values.tolist() == [["Iraq", "Leon Panetta", "neutral"]]
    assert set(table.voice) == {"author", "quoted"}
    assert set(table.outlet) == {"fp"}
    for r in table.itertuples():
        assert text[r.mention_start:r.mention_end] == r.mention_text
        assert r.segment_id.startswith("003_90f0f04d63b1e894:p")
    assert {"Leon Panetta", "Nouri al-Maliki", "Obama administration", "Iraqi parliament"} <= set(table.actor)


def test_scores_are_macro_f1_and_accuracy():
    from mediabias.evaluation.target_sentiment import scores, split_name

    gold = ["negative", "negative", "neutral", "positive"]
    pred = ["negative", "neutral", "neutral", "positive"]
    s = scores(gold, pred)
    # F1: negative 2/3, neutral 2/3, positive 1 → macro 0.7778; 3 of 4 right
    assert (s["n"], s["f1_macro"], s["accuracy"], s["f1_positive"]) == (4, 0.7778, 0.75, 1.0)
    assert split_name("x/newsmtsc/splits/rw/dev.jsonl") == "rw/dev"


def test_newsmtsc_harness_on_a_few_dev_targets(tmp_path, model):
    from mediabias import paths
    from mediabias.evaluation.target_sentiment import read_newsmtsc, run

    folder = paths.dataset("newsmtsc")
    if folder is None:
        pytest.skip("NewsMTSC not available ($MEDIABIAS_DATA/newsmtsc)")
    dev = folder / "splits" / "rw" / "dev.jsonl"
    gold = read_newsmtsc(dev)
    assert len(gold) == 343 and set(gold.gold) == set(LABELS)
    assert all(s[a:b] == m for s, a, b, m in zip(gold.sentence, gold.start, gold.end, gold.mention))
    table = run(dev, out_dir=tmp_path, limit=15)
    newsmtsc = table[table.dataset == "NewsMTSC"]
    assert newsmtsc.method.tolist() == ["target model", "VADER sentence (baseline)", "majority class"]
    assert newsmtsc.f1_macro.between(0, 1).all()
    assert not list(tmp_path.iterdir())  # partial runs (--limit) never write results files


def test_training_script_cross_validation_scores_its_held_out_fold(capsys):
    """`scripts/train_target_sentiment.py --cv` trains on K-1 folds and scores the held-out one (it once crashed
    at scoring after a full fold of training, because it handed `target_sentiment` a bare tuple)."""
    import importlib.util
    import re

    from mediabias import paths

    folder = paths.dataset("newsmtsc")
    if folder is None:
        pytest.skip("NewsMTSC not available ($MEDIABIAS_DATA/newsmtsc)")
    spec = importlib.util.spec_from_file_location("train_ts", paths.PACKAGE_DIR.parents[1] / "scripts" / "train_target_sentiment.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    import torch

    threads = torch.get_num_threads()  # the script sets torch's thread count for the whole process
    try:
        assert script.main(["--data", str(folder), "--cv", "4", "--folds", "1", "--limit", "120", "--epochs", "1",
                            "--frozen-layers", "5"]) == 0
    finally:
        torch.set_num_threads(threads)
    out = capsys.readouterr().out
    fold = re.search(r"fold 1 of 4: (\d+) train / (\d+) held-out targets: F1m ([0-9.]+)", out)
    assert fold, out
    train, held_out, f1 = int(fold[1]), int(fold[2]), float(fold[3])
    assert train + held_out >= 120 and 0.15 * (train + held_out) < held_out < 0.35 * (train + held_out)
    assert 0.0 <= f1 <= 1.0
