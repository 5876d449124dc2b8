"""The steps of the analysis, declared as functions: what each computes for an article and what it is given.

Each :class:`Step` names its function itself (an adapter below, ``function(corpus_of_some_articles, upstream) ->
DataFrame``), so a reader, or a tool, follows an article from :data:`STEPS` into the instrument that measures it.
The step's analysis version (its cache key) is derived from that function's code (:mod:`mediabias.pipeline.versions`);
:mod:`mediabias.pipeline.run` calls the functions, and :mod:`mediabias.pipeline.results` attaches the derived
columns declared here (``instrument``, ``irony``) to the tables notebooks read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pandas as pd

from mediabias.corpus.articles import Corpus
from mediabias.corpus.catalog import Catalog
from mediabias.corpus.segment import segments
from mediabias.framing.frames import frames
from mediabias.framing.roles import roles
from mediabias.language.readability import readability
from mediabias.language.table import loaded_language_table
from mediabias.pipeline.store import Combine
from mediabias.runtime.domain import article_domain
from mediabias.runtime.genre import article_genre
from mediabias.sentiment.holder import sentiment_holders
from mediabias.sentiment.sarcasm import irony_table
from mediabias.sentiment.stance import corpus_stance
from mediabias.sentiment.tables import actor_sentiment, sentence_tone
from mediabias.sentiment.writer import actor_kinds, flag_paragraphs, writer_stance
from mediabias.sources.table import attributions, rename_story_speakers, story_speaker_names


@dataclasses.dataclass(frozen=True)
class Step:
    """One per-article analysis: ``function(corpus_of_some_articles, upstream) -> DataFrame``.

    ``needs``: earlier steps whose per-article tables are passed as ``upstream`` (every step after the segments is
    also given the segments). ``resources``: data files it reads beyond those its code names, relative to the
    package (``"resources/actors.yaml"``). ``combine``: cross-article work on the whole table, made for a corpus
    (:class:`mediabias.pipeline.store.Combine`). ``instrument``: the trained instrument (a profile of
    ``models/domain.json``) whose training domain decides which articles' rows are results (``in_domain``).
    ``irony``: its rows carry the irony cues of their sentence, read from the ``irony`` step.
    """

    name: str
    function: Callable[[Corpus, dict], pd.DataFrame]
    needs: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    combine: Callable[[Corpus | Catalog], Combine] | None = None
    instrument: str | None = None
    irony: bool = False


# ----------------------------------------------------------------------------------- step adapters
def _articles(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return corpus.articles.drop(columns=["text"])


def _segments(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return segments(corpus)


def _readability(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return readability(corpus.segments)


def _attributions(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return attributions(corpus)


def _attributions_across_articles(corpus: Corpus | Catalog) -> Combine:
    """The same as ``unify_story_speakers`` on the whole table: a story's names first, then each batch renamed."""
    story_of = dict(zip(corpus.articles["article_id"], corpus.articles["story"]))
    return Combine(columns=("article_id", "speaker", "named"),
                   prepare=lambda table, state: story_speaker_names(table, story_of, state),
                   apply=lambda batch, state: rename_story_speakers(batch, story_of, state))


def _actor_sentiment(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return actor_sentiment(corpus, attributions=upstream.get("attributions"))


def _sentence_tone(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    sents = corpus.segments[corpus.segments["level"] == "sentence"].reset_index(drop=True)
    tone = sentence_tone(list(sents["text"])).reset_index(drop=True)
    keep = ["article_id", "segment_id", "outlet", "voice", "speaking_outlet", "start", "end", "text"]
    return pd.concat([sents[keep], tone.drop(columns=[c for c in tone.columns if c in keep or c == "sentence"])], axis=1)


def _irony(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return irony_table(corpus.segments)


def _holders(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return sentiment_holders(upstream["actor_sentiment"], upstream.get("attributions"))


def _stance(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    paragraphs = corpus_stance(corpus.segments, upstream.get("attributions"), upstream["actor_sentiment"])
    return flag_paragraphs(paragraphs, upstream["irony"], upstream["holders"])


def _writer_stance(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return writer_stance(upstream["stance"], kinds=actor_kinds(upstream["actor_sentiment"]))


def _frames(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return frames(corpus)


def _roles(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return roles(corpus, sentiment=upstream.get("actor_sentiment"))


def _loaded_language(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return loaded_language_table(corpus, attributions=upstream["attributions"])


def _loaded_language_spans(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return loaded_language_table(corpus, spans=True, attributions=upstream["attributions"])


def _domain(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    seg = corpus.segments
    sentences = seg[seg["level"] == "sentence"]
    return article_domain(sentences, genres=article_genre(sentences))


STEPS: tuple[Step, ...] = (
    Step("articles", _articles),
    Step("segments", _segments),
    Step("readability", _readability),
    Step("attributions", _attributions, combine=_attributions_across_articles),
    Step("sentence_tone", _sentence_tone),
    Step("actor_sentiment", _actor_sentiment, needs=("attributions",), instrument="target_sentiment", irony=True),
    # the writer's stance toward each actor (what "how the outlet treats X" means on every page): irony per sentence,
    # who holds the sentiment per mention, the stance reader per paragraph, then one row per (article, actor)
    Step("irony", _irony),
    Step("holders", _holders, needs=("attributions", "actor_sentiment")),
    Step("stance", _stance, needs=("attributions", "actor_sentiment", "irony", "holders")),
    Step("writer_stance", _writer_stance, needs=("stance", "actor_sentiment")),
    Step("frames", _frames, instrument="frames"),
    Step("roles", _roles, needs=("actor_sentiment",), instrument="roles"),  # reuses its target-sentiment scores
    # each cue credited to the writer or to the speaker whose quoted words it is in
    Step("loaded_language", _loaded_language, needs=("attributions",), instrument="loaded_language"),
    Step("loaded_language_spans", _loaded_language_spans, needs=("attributions",)),
    # per article: inside or outside each trained instrument's training domain (models/domain.json)
    Step("domain", _domain),
)
STEP_NAMES = tuple(s.name for s in STEPS)
SEGMENTS = "segments"  # every step after this one is given the article's segments
DOMAIN, IRONY = "domain", "irony"  # the steps whose results load_results attaches to others (instrument, irony)


def step_named(name: str) -> Step:
    """The declared step called ``name``."""
    return STEPS[STEP_NAMES.index(name)]


def step_inputs(step: Step, steps: tuple[Step, ...] = STEPS) -> tuple[str, ...]:
    """The steps whose results for the article ``step`` is given: the segments (when they run before it), its needs."""
    before = [s.name for s in steps[: [s.name for s in steps].index(step.name)]]
    return ((SEGMENTS,) if SEGMENTS in before else ()) + tuple(n for n in step.needs if n != SEGMENTS)


def wanted(steps: tuple[str, ...] | None) -> list[Step]:
    """The steps to run, in order: those asked for, the segments, and what they need."""
    names = set(steps or STEP_NAMES)
    unknown = names - set(STEP_NAMES)
    if unknown:
        raise ValueError(f"unknown step(s) {', '.join(sorted(unknown))}; steps: {', '.join(STEP_NAMES)}")
    names.add(SEGMENTS)  # every step reads the segments; computed once per article
    for s in reversed(STEPS):  # pull in dependencies (needs come earlier)
        if s.name in names:
            names |= set(s.needs)
    return [s for s in STEPS if s.name in names]
