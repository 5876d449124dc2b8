"""The attribution tables: one text (:func:`extract_attributions`), a corpus (:func:`attributions`). Notebook 01
draws them with :func:`mediabias.views.sources.rates` and :func:`mediabias.views.sources.highlight_html`.
"""

from __future__ import annotations

import pandas as pd

from mediabias.corpus.articles import Corpus, load_corpus
from mediabias.corpus.segment import locate, segmented
from mediabias.sources import lexicon, speakers, transcripts
from mediabias.sources.cues import adverb_cues, noun_cues, prepositional_cues, verb_cues
from mediabias.sources.kinds import KIND_COLUMNS, classify
from mediabias.sources.quotes import quote_spans
from mediabias.sources.relations import frame_of, kind_of, link_quotes
from mediabias.sources.scheme import SCHEMES, reader_exclusions
from mediabias.sources.syntax import parse, text_of

#: Columns of :func:`extract_attributions`, in order, with their meaning.
COLUMNS = {
    "source_start": "start offset of the source span (who/what is credited); <NA> when none is written",
    "source_end": "end offset of the source span",
    "source_text": "text[source_start:source_end]",
    "cue_start": "start offset of the cue (verb, noun, 'according to', 'per', ':'); <NA> for continuations",
    "cue_end": "end offset of the cue",
    "cue_text": "text[cue_start:cue_end]",
    "content_start": "start offset of the attributed content (for direct quotes including the quotation marks)",
    "content_end": "end offset of the content",
    "content_text": "text[content_start:content_end]",
    "kind": "direct (content is quotation only) | mixed (paraphrase containing a quotation) | indirect",
    "speaker": "canonical source within the article (pronouns, 'the latter', 'their', 'Some' and short names "
    "resolved); in the reader's scheme 'the writer' for the writer's first person and raising verbs, 'unnamed source' "
    "when no source is written or resolved; in PolNeAR's scheme <NA> for both",
    "source_type": "codebook type (resources/source_types.yaml): us_government, us_military, foreign_official, "
    "legislator, expert, media, document, citizen_other; anonymous when nothing describes the source",
    "named": "True when the source is identified by a proper name (person or organisation)",
    "affiliation": "organisation or title the text gives for the source, else <NA>",
    "cue_class": "neutral | stance (resources/reporting_verbs.csv)",
    "cue_lemma": "lemma of the cue ('according to', 'per', ':' for the non-verbal cues)",
    "cue_category": "speech | writing | belief | intention | evaluation | evidence | action",
    "addressee": "whom the source told (X told *The Cable*), else <NA>",
    **KIND_COLUMNS,  # mediabias.sources.kinds: speech | position | conjecture, negation, modality
}


def extract_attributions(text: str, *, nlp=None, doc=None, scheme: str = "polnear") -> pd.DataFrame:
    """Every attribution relation in a text, one row each, ordered by content offset.

    Args:
        text: plain text (paragraphs separated by blank lines).
        nlp: a spaCy pipeline (default :func:`mediabias.runtime.nlp.load_nlp`).
        doc: an already parsed ``Doc`` of ``text`` (from :func:`parse`; skips parsing).
        scheme: ``"polnear"`` (the benchmark's relations, what ``mediabias evaluate attribution`` scores) or
            ``"reader"`` (:mod:`mediabias.sources.scheme`: attributions nested in indirect content kept, stances
            and acts with no words or view, raising verbs, embedded questions and holderless nouns left out).

    Returns:
        A DataFrame with the columns of :data:`COLUMNS` (offsets index ``text``).

    Example:
        >>> extract_attributions('He said that it was over.').kind.tolist()  # doctest: +SKIP
        ['indirect']
    """
    if doc is None:
        doc = next(parse([text], nlp=nlp))
    text = text_of(doc)
    lex = lexicon.reporting_verbs()
    require = dict(zip(lex["verb"], lex["content"]))
    nouns = lexicon.reporting_nouns()
    classes = dict(zip(nouns["noun"], zip(nouns["cue_class"], nouns["category"])))
    classes.update(zip(lex["verb"], zip(lex["cue_class"], lex["category"])))
    quotes = quote_spans(text)
    if scheme not in SCHEMES:
        raise ValueError(f"scheme {scheme!r}: expected one of {', '.join(SCHEMES)}")
    verb_atts = verb_cues(doc, quotes, require, reader=scheme == "reader")
    bare = set(nouns.loc[nouns["bare"] == "yes", "noun"])
    adverbs = lexicon.reporting_adverbs()
    classes.update(zip(adverbs["adverb"], zip(adverbs["cue_class"], adverbs["category"])))
    extra = prepositional_cues(doc, quotes) + noun_cues(doc, quotes, set(nouns["noun"]), bare) \
        + adverb_cues(doc, quotes, set(adverbs["adverb"])) + transcripts.turns(doc)
    atts = transcripts.without_inline_colons(link_quotes(doc, quotes, verb_atts, extra, require,
                                                         keep_nested=scheme == "reader"))
    info = speakers.resolve(doc, atts, quotes)
    rows = []
    for a, meta in zip(atts, info):
        lemma = a.cue_lemma
        cue_class, category = classes.get(lemma, ("neutral", "speech" if lemma else None))
        if lemma == transcripts.TURN:  # the label is the name as the transcript prints it
            meta = {**meta, "speaker": transcripts.speaker_name(text[a.source[0]:a.source[1]])}
        rows.append({
            "source_start": a.source[0] if a.source else None, "source_end": a.source[1] if a.source else None,
            "source_text": text[a.source[0]:a.source[1]] if a.source else None,
            "cue_start": a.cue[0] if a.cue else None, "cue_end": a.cue[1] if a.cue else None,
            "cue_text": text[a.cue[0]:a.cue[1]] if a.cue else None,
            "content_start": a.content[0], "content_end": a.content[1], "content_text": text[a.content[0]:a.content[1]],
            "kind": "direct" if lemma == transcripts.TURN else kind_of(text, a.content, quotes, skip=frame_of(text, a, quotes)),
            **meta,
            "cue_class": cue_class,
            "cue_lemma": lemma or None,
            "cue_category": category,
            "addressee": a.addressee,
        })
    table = classify(pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in KIND_COLUMNS]), doc)
    if scheme == "reader":
        table = table[reader_exclusions(table, doc).isna()]
    else:  # the benchmark's scheme keeps a missing speaker missing (mediabias.sentiment reads it as the author's)
        table["speaker"] = pd.Series([None if sp in (speakers.WRITER, speakers.UNNAMED) else sp for sp in table["speaker"]],
                                     index=table.index, dtype=object)
    for col in ("source_start", "source_end", "cue_start", "cue_end", "content_start", "content_end"):
        table[col] = table[col].astype("Int64")
    table["named"] = table["named"].astype(bool)
    table["negated"] = table["negated"].astype(bool)
    table["sourcing"] = table["sourcing"].astype(bool)
    return table.sort_values(["content_start", "cue_start"], kind="stable").reset_index(drop=True)


#: Columns :func:`attributions` adds to :data:`COLUMNS`.
CORPUS_COLUMNS = {
    "attribution_id": "'{article_id}:a{NNN}', numbered in text order",
    "article_id": "the article",
    "outlet": "the outlet that published the article",
    "segment_id": "the sentence holding the cue (or the content start when there is no cue)",
    "paragraph": "paragraph number of that sentence",
    "voice": "author | excerpt (mediabias.corpus.segment.locate)",
    "origin_outlet": "whose words the sentence is: the excerpted outlet for excerpts, else the publisher",
    "chain": "chain of credit, e.g. 'Hot Air → The New York Times → an American official in Iraq'",
}


def attributions(corpus=None, *, nlp=None, scheme: str = "reader") -> pd.DataFrame:
    """Every attribution in a corpus, with voice and chain of credit.

    Speakers are resolved within each article, then short names are merged across the articles of one story.
    In the reader's scheme (the default, see :func:`extract_attributions`) an outlet crediting its own reporting
    to itself ("The Associated Press has learned" in the AP's words) is not an attribution either.

    Args:
        corpus: a :class:`mediabias.corpus.Corpus`, a corpus directory, or ``None`` for the bundled corpus.
        nlp: a spaCy pipeline (default :func:`mediabias.runtime.nlp.load_nlp`).
        scheme: ``"reader"`` or ``"polnear"`` (:func:`extract_attributions`).

    Returns:
        One row per attribution: :data:`CORPUS_COLUMNS` then :data:`COLUMNS`, sorted by article and offset.
    """
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    arts = corpus.articles.sort_values("article_id")
    names = dict(zip(arts["outlet"], arts["outlet_name"]))
    frames = []
    for (aid, outlet), doc in zip(zip(arts["article_id"], arts["outlet"]), parse(arts["text"].tolist(), nlp=nlp)):
        table = extract_attributions(text_of(doc), doc=doc, scheme=scheme)
        table.insert(0, "outlet", outlet)
        table.insert(0, "article_id", aid)
        table.insert(0, "attribution_id", [f"{aid}:a{i:03d}" for i in range(len(table))])
        frames.append(table)
    cols = list(CORPUS_COLUMNS) + list(COLUMNS)
    if not frames:
        return pd.DataFrame(columns=cols)
    table = pd.concat(frames, ignore_index=True)
    table["start"] = table["cue_start"].fillna(table["content_start"]).astype(int)
    table = locate(table, segmented(corpus).segments).drop(columns=["start", "speaking_outlet"], errors="ignore")
    for outlet in set(table["origin_outlet"].dropna()) - set(names):
        names[outlet] = corpus.outlet_name(outlet)
    if scheme == "reader":  # the speaking outlet credited with its own reporting
        own = [isinstance(sp, str) and sp.strip().lower() in {str(names.get(o, o)).lower(), str(o).lower()}
               for sp, o in zip(table["speaker"], table["origin_outlet"])]
        table = table.loc[[not x for x in own]]

    def chain(row) -> str:
        links = [names.get(row["outlet"], row["outlet"])]
        if row["voice"] == "excerpt" and row["origin_outlet"] and row["origin_outlet"] != row["outlet"]:
            links.append(names.get(row["origin_outlet"], row["origin_outlet"]))
        links.append(row["speaker"] if isinstance(row["speaker"], str) else "(unresolved source)")
        return " → ".join(links)

    # a list, not DataFrame.apply: on a table with no rows apply returns a frame and the assignment fails
    table["chain"] = [chain(row) for _, row in table.iterrows()]
    table = unify_story_speakers(table, dict(zip(arts["article_id"], arts["story"])))
    return table[cols].reset_index(drop=True)


def unify_story_speakers(table: pd.DataFrame, story_of: dict) -> pd.DataFrame:
    """One name per person across the articles of a story ("Obama" in one post, "Barack Obama" in another).

    Within an article :mod:`mediabias.sources.speakers` already maps short names to full ones; this does the same
    across the articles of each story (``story_of``: article id → story id) for named speakers, and rewrites
    the last link of ``chain`` to match. It is :func:`story_speaker_names` then :func:`rename_story_speakers`;
    the analysis pipeline calls those two apart, so that it can stream the table in batches.

    >>> t = pd.DataFrame({"article_id": ["a", "b"], "speaker": ["Obama", "Barack Obama"], "named": [True, True],
    ...                   "chain": ["Hot Air → Obama", "Hot Air → Barack Obama"]})
    >>> unify_story_speakers(t, {"a": "s", "b": "s"}).chain.tolist()
    ['Hot Air → Barack Obama', 'Hot Air → Barack Obama']
    """
    return rename_story_speakers(table, story_of, story_speaker_names(table, story_of))


def story_speaker_names(table: pd.DataFrame, story_of: dict, names: dict | None = None) -> dict[str, dict[str, str]]:
    """``{story: {speaker: full name}}`` for the named speakers of ``table`` (needs article_id, speaker, named).

    Only the set of a story's names matters (:func:`speakers.merge_short_names` sorts them), so the table may
    come in batches: pass the previous result as ``names`` and the names found so far are extended. Articles
    without a story are left alone.
    """
    found: dict[str, set[str]] = {story: set(mapping) for story, mapping in (names or {}).items()}
    if not table.empty:
        named = table["named"].fillna(False).astype(bool)
        rows = table.loc[named, ["article_id", "speaker"]].dropna()
        for story, speaker in zip(rows["article_id"].map(story_of), rows["speaker"]):
            if isinstance(speaker, str) and not pd.isna(story):
                found.setdefault(story, set()).add(speaker)
    return {story: speakers.merge_short_names(sorted(names_)) for story, names_ in found.items()}


def rename_story_speakers(table: pd.DataFrame, story_of: dict, names: dict[str, dict[str, str]]) -> pd.DataFrame:
    """``table`` with each named speaker replaced by its story's full name (``names``: :func:`story_speaker_names`),
    and the last link of its ``chain`` with it."""
    table = table.copy()
    if table.empty:
        return table
    stories = table["article_id"].map(story_of)
    named = table["named"].fillna(False).astype(bool)
    for i, (story, old, is_named) in enumerate(zip(stories, table["speaker"], named)):
        if not (is_named and isinstance(old, str)):
            continue
        new = names.get(story, {}).get(old, old)
        if new != old:
            table.iloc[i, table.columns.get_loc("speaker")] = new
            chain = table["chain"].iat[i]
            if isinstance(chain, str) and chain.endswith(old):
                table.iloc[i, table.columns.get_loc("chain")] = chain[: len(chain) - len(old)] + new
    return table
