"""Who each sentence talks about: actor mentions from a per-story actor list, with spaCy NER as fallback.

The actor list is data (``resources/actors.yaml``): for each story, the canonical name, kind (person,
government, institution, country, group) and the aliases that refer to each actor, so that "the president"
means Obama in a 2011 article and Trump in a 2020 one, and a person stays distinct from the institution they
lead. Stories not in the list get the generic actors plus spaCy's PERSON / ORG / GPE / NORP entities.

Example:
    >>> actor_mentions("The White House pushed back.", story="iraq-withdrawal-2011")[["actor", "kind"]]
             actor         kind
    0  White House  institution
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import pandas as pd
import yaml

from mediabias.runtime.nlp import parsed
from mediabias.sentiment.persons import listed_forms, person_names

KINDS = ("person", "government", "institution", "country", "group")
#: spaCy entity labels used as actors for stories without an actor list, and the kind they map to.
NER_KINDS = {"PERSON": "person", "ORG": "institution", "GPE": "country", "NORP": "group"}
#: Nouns that, after a person's name, make the name that of what the person leads ("the Obama administration",
#: "the Trump campaign"), and the kind of that actor: a person is kept distinct from it.
LED_BY_PERSON = {"administration": "government", "government": "government", "cabinet": "government",
                 "regime": "government", "campaign": "group", "camp": "group", "team": "group"}
COLUMNS = [
    "actor", "kind", "mention_start", "mention_end", "mention_text", "sentence_start", "sentence_end", "match",
]


class ActorListError(ValueError):
    """Raised when ``actors.yaml`` (or a list passed in) is malformed."""


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    aliases: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def load_actor_list() -> dict:
    """The parsed ``resources/actors.yaml``: ``{"blocked": [...], "generic": [Actor], "stories": {id: [Actor]}}``."""
    raw = yaml.safe_load(resources.files("mediabias.resources").joinpath("actors.yaml").read_text("utf-8"))
    return _parse(raw)


def _parse(raw: dict) -> dict:
    def actors(items, where):
        out = []
        for item in items or []:
            if not isinstance(item, dict) or not {"name", "kind", "aliases"} <= set(item):
                raise ActorListError(f"{where}: each actor needs name, kind and aliases, got {item!r}")
            if item["kind"] not in KINDS:
                raise ActorListError(f"{where}: actor {item['name']!r} has kind {item['kind']!r}, not one of {KINDS}")
            aliases = tuple(str(a) for a in item["aliases"])
            if not aliases:
                raise ActorListError(f"{where}: actor {item['name']!r} has no aliases")
            out.append(Actor(str(item["name"]), item["kind"], aliases))
        return out

    return {
        "blocked": tuple(str(b) for b in raw.get("blocked") or ()),
        "generic": actors(raw.get("generic"), "generic"),
        "stories": {str(k): actors(v, f"story {k}") for k, v in (raw.get("stories") or {}).items()},
    }


def known_stories() -> list[str]:
    """Story ids that have their own actor list."""
    return sorted(load_actor_list()["stories"])


def story_actors(story: str | None) -> list[Actor]:
    """Generic actors plus the story's own; a story actor takes over any alias it shares with a generic one."""
    data = load_actor_list()
    own = data["stories"].get(story, []) if story else []
    taken = {a for actor in own for a in actor.aliases}
    generic = [Actor(g.name, g.kind, tuple(a for a in g.aliases if a not in taken)) for g in data["generic"]]
    return [g for g in generic if g.aliases] + own


def _alias_pattern(alias: str) -> str:
    first, rest = alias[0], re.escape(alias[1:])
    head = f"[{first.upper()}{first.lower()}]" if first.isalpha() else re.escape(first)
    return rf"(?<![\w-]){head}{rest}(?![\w-])"


@functools.lru_cache(maxsize=32)
def _matcher(story: str | None) -> tuple[re.Pattern, dict[str, Actor], re.Pattern | None]:
    actors = story_actors(story)
    by_alias: dict[str, Actor] = {}
    for actor in actors:
        for alias in actor.aliases:
            by_alias.setdefault(alias.lower(), actor)
    aliases = sorted({a for actor in actors for a in actor.aliases}, key=lambda a: (-len(a), a))
    pattern = re.compile("|".join(_alias_pattern(a) for a in aliases))
    blocked = load_actor_list()["blocked"]
    block = re.compile("|".join(_alias_pattern(b) for b in sorted(blocked, key=len, reverse=True))) if blocked else None
    return pattern, by_alias, block


def _sentence_spans(text: str, nlp):
    doc = parsed(text) if nlp is None else nlp(text)
    return [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()], doc


def _check(text, story, sentences):
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if story is not None and not isinstance(story, str):
        raise TypeError(f"story must be a story id (str) or None, got {type(story).__name__}")
    if sentences is not None:
        for span in sentences:
            a, b = span
            if not 0 <= a <= b <= len(text):
                raise ValueError(f"sentence span {span!r} lies outside the text (length {len(text)})")


def actor_mentions(text: str, *, story: str | None = None, nlp=None,
                   sentences: Sequence[tuple[int, int]] | None = None, ner: bool | None = None) -> pd.DataFrame:
    """One row per (sentence, actor mention) in ``text``.

    Args:
        text: plain text (e.g. an article's ``text``); offsets index it.
        story: story id selecting the actor list (``iraq-withdrawal-2011``, ``iraq-letter-2020``); ``None``
            or an unknown id uses the generic actors plus NER.
        nlp: a spaCy pipeline (default :func:`mediabias.runtime.nlp.load_nlp`); only loaded when needed.
        sentences: ``(start, end)`` sentence spans to use instead of spaCy's (e.g. from the segments table).
        ner: add spaCy NER entities not covered by the list (default: only when the story has no list).

    Returns:
        Columns ``actor`` (canonical name), ``kind`` (person | government | institution | country | group),
        ``mention_start, mention_end, mention_text`` (``text[mention_start:mention_end]``),
        ``sentence_start, sentence_end`` (the sentence holding the mention) and ``match`` (``list`` for an
        alias from the actor list, ``ner`` for a spaCy entity). Sorted by mention_start.
    """
    _check(text, story, sentences)
    if ner is None:
        ner = story not in load_actor_list()["stories"]
    doc = None
    if sentences is None:
        sentences, doc = _sentence_spans(text, nlp)
    sentences = sorted((int(a), int(b)) for a, b in sentences)
    pattern, by_alias, block = _matcher(story)
    rows = []
    for s_start, s_end in sentences:
        sent = text[s_start:s_end]
        blocked = [m.span() for m in block.finditer(sent)] if block else []
        for m in pattern.finditer(sent):
            if any(a < m.end() and m.start() < b for a, b in blocked):
                continue
            actor = by_alias[m.group(0).lower()]
            rows.append((actor.name, actor.kind, s_start + m.start(), s_start + m.end(), m.group(0), s_start, s_end, "list"))
    if ner:
        if doc is None:
            doc = parsed(text) if nlp is None else nlp(text)
        rows += _ner_rows(text, sentences, rows, doc)
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["mention_start", "mention_end"], kind="stable").reset_index(drop=True)


def _ner_rows(text: str, sentences: list[tuple[int, int]], taken_rows: list, doc) -> list[tuple]:
    """spaCy entities not overlapping a list match; a name of a person is that person's one name
    (:func:`mediabias.sentiment.persons.person_names`), whatever label the recogniser gave it."""
    taken = [(r[2], r[3]) for r in taken_rows]
    ents = [e for e in doc.ents if e.label_ in NER_KINDS]
    persons = person_names([(_clean(e.text), e.label_) for e in ents])
    rows = []
    for e in ents:
        if any(a < e.end_char and e.start_char < b for a, b in taken):
            continue
        sent = next(((a, b) for a, b in sentences if a <= e.start_char and e.end_char <= b), None)
        if sent is None:  # outside the given sentences, or across a boundary of theirs
            continue
        name = _clean(e.text)
        if not name:
            continue
        head = doc[e.end] if e.end < len(doc) else None
        if name in persons and head is not None and head.lower_ in LED_BY_PERSON:  # "the Obama administration"
            end = head.idx + len(head.text)
            if end <= sent[1]:
                rows.append((f"{name} {head.lower_}", LED_BY_PERSON[head.lower_], e.start_char, end,
                             text[e.start_char:end], sent[0], sent[1], "ner"))
        elif name in persons:
            rows.append((persons[name], "person", e.start_char, e.end_char, e.text, sent[0], sent[1], "ner"))
        elif e.label_ != "PERSON":  # a PERSON entity with no name left after its titles is no actor
            *lead, last = name.split()
            if lead and last.lower() in LED_BY_PERSON and (" ".join(lead) in persons or " ".join(lead) in listed_forms()):
                rows.append((f"{' '.join(lead)} {last.lower()}", LED_BY_PERSON[last.lower()], e.start_char, e.end_char,
                             e.text, sent[0], sent[1], "ner"))  # "Trump Administration" as one entity
            else:
                rows.append((name, NER_KINDS[e.label_], e.start_char, e.end_char, e.text, sent[0], sent[1], "ner"))
    return rows


def _clean(name: str) -> str:
    name = re.sub(r"^(the|The)\s+", "", name.strip())
    return re.sub(r"(['’]s|['’])$", "", name).strip()
