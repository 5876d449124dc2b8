"""Distant labels for the loaded-language model: the rules of resources/distant_labels.yaml, applied."""

from __future__ import annotations

import gzip
import json

import pytest

from mediabias.language import distant
from mediabias.runtime.text import split_sentences


@pytest.mark.parametrize("url, source, expected", [
    ("https://www.nytimes.com/2019/05/01/opinion/trump-iran.html", "New York Times - News", distant.OPINION),
    ("https://www.foxnews.com/politics/iraq-troops", "Fox News Opinion", distant.OPINION),
    ("https://townhall.com/columnists/x/2019/iraq", "Townhall", distant.OPINION),
    ("https://www.reuters.com/article/us-iraq-usa-troops", "Reuters", distant.NEWS),
    ("https://www.reuters.com/opinion/iraq-column", "Reuters", distant.OPINION),  # an opinion URL wins
    ("https://example.com/news/iraq", "Some Local Paper", None),
    (None, None, None),
])
def test_label_follows_the_url_and_source_rules(url, source, expected):
    assert distant.label(url, source) == expected


def test_training_sentences_use_the_one_regex_splitter():
    text = "The troops left on Sunday. Was it a promise kept? Officials said so! the end"
    assert split_sentences(text) == ["The troops left on Sunday.", "Was it a promise kept?",
                                     "Officials said so! the end"]


def _records():
    opinion = ("This withdrawal is a shameful betrayal of everyone who served there with honour. "
               "Any serious observer can see the administration simply gave up on the region entirely. "
               "\"We will never forget,\" said a veteran who had served two tours in the desert. "
               "Short one.")
    news = ("The last American troops crossed into Kuwait early on Sunday morning, officials said. "
            "The Pentagon said about 4,000 soldiers remained in the country at the end of last week.")
    return [{"url": "https://a.example/opinion/1", "source": "Salon", "content_original": opinion},
            {"url": "https://b.example/world/2", "source": "Reuters", "content_original": news},
            {"url": "https://c.example/x", "source": "Unknown Blog Network", "content_original": news}]


def test_training_sentences_are_balanced_quote_free_and_deterministic():
    texts, labels = distant.training_sentences(_records(), per_class=2, seed=0)
    assert sorted(labels) == [0, 0, 1, 1]
    assert not any('"' in t or "“" in t for t in texts)  # the quoted veteran is left out
    assert "Short one." not in texts  # under min_words
    assert (texts, labels) == distant.training_sentences(_records(), per_class=2, seed=0)


def test_training_sentences_leave_out_the_excluded_sentences():
    excluded = {"the last american troops crossed into kuwait early on sunday morning, officials said."}
    texts, labels = distant.training_sentences(_records(), per_class=5, seed=0, exclude=excluded)
    assert labels.count(distant.NEWS) == 1 and all("Kuwait" not in t for t in texts)


def test_training_sentences_reject_a_useless_size():
    with pytest.raises(ValueError, match="per_class must be at least 1"):
        distant.training_sentences(_records(), per_class=0)


def test_read_records_reads_gzip_and_names_a_missing_file(tmp_path):
    path = tmp_path / "articles.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"url": "u", "source": "Reuters"}) + "\n\n")
    assert list(distant.read_records(path)) == [{"url": "u", "source": "Reuters"}]
    with pytest.raises(FileNotFoundError, match="allsides-articles/articles.jsonl.gz"):
        list(distant.read_records(tmp_path / "missing.jsonl.gz"))


def test_both_classes_come_from_the_same_topics():
    opinion = "This withdrawal is a shameful betrayal of everyone who served there with honour and courage."
    news = "The last American troops crossed into Kuwait early on Sunday morning, officials in Baghdad said."
    records = [
        {"url": "https://a.example/opinion/1", "source": "Salon", "content_original": opinion, "topic": "iraq"},
        {"url": "https://a.example/opinion/2", "source": "Salon", "content_original": opinion.replace("This", "That"),
         "topic": "abortion"},  # no news article on this topic: left out when topics are balanced
        {"url": "https://b.example/world/2", "source": "Reuters", "content_original": news, "topic": "iraq"},
    ]
    assert distant.rules()["balance_topics"] is True
    texts, labels = distant.training_sentences(records, per_class=10, seed=0)
    assert sorted(texts) == sorted([opinion, news]) and sorted(labels) == [0, 1]
