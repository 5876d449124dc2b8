"""The hand reading of a corpus, kept as data: ``<corpus>/readings/<article_id>.yaml`` (schema in
``corpus/readings/README.md``), turned into tidy tables with character offsets into each article's plain text.

Every passage of the reading (a source, cue or content of an attribution; a deciding sentence of a stance, role
or frame; a passage that is *not* an attribution) is written as its exact text and located here: the loader
refuses a reading whose passage is not found verbatim, is ambiguous, or whose ``voice`` disagrees with the
article's excerpt markup, and names the file and item.

>>> read = load_reading("corpus")  # doctest: +SKIP
>>> read.attributions[["item_id", "speaker", "cue_text", "kind"]].head(1).values.tolist()  # doctest: +SKIP
[['a01', 'Barack Obama', 'announced', 'speech']]
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import yaml

from mediabias.corpus.articles import load_corpus
from mediabias.sources.lexicon import ALL_PRONOUNS

KINDS = ("speech", "position", "conjecture")
SPEAKER_KINDS = ("person", "organisation", "group", "unnamed", "document", "writer")
STANCES = ("negative", "neutral", "positive", "none")
ROLES = ("hero", "villain", "victim", "none")
FRAMES = ("responsibility", "conflict", "economic", "human interest", "morality", "resolution", "none")
WRITER = "the writer"  # the speaker label of the writer's own first-person attributions ("I find ...")
#: Words that name no one until resolved: never a speaker or one of its ``also_known_as`` names.
UNRESOLVED = frozenset(ALL_PRONOUNS | {"some", "others", "two others", "many", "many here", "most", "several", "few",
                                       "both", "all", "the latter", "the former", "latter", "former", "my", "our"})

#: Columns of :attr:`Reading.attributions`.
ATTRIBUTION_COLUMNS = {
    "article_id": "the article", "item_id": "the item's id in the reading (a01, a02 ...)",
    "voice": "author | excerpt (checked against the article's markup)",
    "source_text": "the source as written (<NA> when none is written: continuations, 'reportedly')",
    "source_start": "offset of source_text", "source_end": "end offset",
    "speaker": "the resolved speaker: a person or organisation, a described group, 'X (unnamed)', 'the writer'",
    "speaker_kind": "person | organisation | group | unnamed | document | writer",
    "also_known_as": "other names of the same speaker in the article, '; '-joined (for matching)",
    "cue_text": "the cue as written (<NA> for a continuation)", "cue_start": "offset", "cue_end": "end offset",
    "other_cues": "other words a tool may take as this cue, '; '-joined",
    "content_text": "the content", "content_start": "offset", "content_end": "end offset",
    "kind": "speech | position | conjecture", "nested_in": "item_id of the attribution whose content holds it",
    "continues": "item_id of the attribution a cue-less quotation continues", "why": "the reader's note",
}


class ReadingError(ValueError):
    """A reading file that does not fit its article (every problem listed)."""


@dataclasses.dataclass(frozen=True)
class Reading:
    """The hand reading of a corpus as tables (offsets into each article's plain text)."""

    attributions: pd.DataFrame
    not_attributions: pd.DataFrame  # article_id, passage, start, end, why
    stance: pd.DataFrame            # article_id, actor, voice, stance, deciding (list), why
    roles: pd.DataFrame             # article_id, actor, voice, role, deciding (list), why
    frames: pd.DataFrame            # article_id, frame, voice, present, deciding (list), why


def _occurrences(text: str, passage: str) -> list[int]:
    """Every start offset of ``passage`` in ``text``; ``ValueError`` naming it when there is none."""
    starts, i = [], text.find(passage)
    while i >= 0:
        starts.append(i)
        i = text.find(passage, i + 1)
    if not starts:
        raise ValueError(f"not found verbatim: {passage!r}")
    return starts


def locate(text: str, passage: str, *, after: str | None = None, near: int | None = None) -> tuple[int, int]:
    """Offsets of ``passage`` in ``text``.

    Args:
        after: take the first occurrence that starts after the first occurrence of this string.
        near: take the occurrence closest to this offset (for short cues such as 'said').

    Raises:
        ValueError: not found, or found more than once with neither ``after`` nor ``near`` to choose.
    """
    starts = _occurrences(text, passage)
    if after is not None:
        anchor = text.find(after)
        if anchor < 0:
            raise ValueError(f"occurrence_after {after!r} not found")
        later = [s for s in starts if s >= anchor + len(after)]
        if not later:
            raise ValueError(f"{passage!r} does not occur after {after!r}")
        starts = later[:1]
    elif near is not None:
        starts = [min(starts, key=lambda s: (abs(s - near), s))]
    if len(starts) > 1:
        raise ValueError(f"{passage!r} occurs {len(starts)} times; add occurrence_after")
    return starts[0], starts[0] + len(passage)


def _near(text: str, passage: str, span: tuple[int, int]) -> tuple[int, int]:
    """The occurrence of a short passage (cue, source) closest to ``span``, outside it when possible."""
    starts = _occurrences(text, passage)

    para_lo = text.rfind("\n\n", 0, span[0]) + 1
    para_hi = text.find("\n\n", span[1])
    para_hi = len(text) if para_hi < 0 else para_hi

    def dist(s):
        e = s + len(passage)
        inside = span[0] <= s and e <= span[1]
        gap = 0 if s < span[1] and span[0] < e else min(abs(s - span[1]), abs(span[0] - e))
        return (not para_lo <= s < para_hi, inside, gap, s)  # the content's paragraph first
    best = min(starts, key=dist)
    return best, best + len(passage)


def _voice_at(article, pos: int) -> str | None:
    for p in article.paragraphs:
        if p.start <= pos < p.end:
            return p.voice
    return None


def _joined(values) -> str:
    return "; ".join(str(v) for v in values or [])


def _attribution_rows(aid: str, article, items: list, problems: list[str]) -> list[dict]:
    text, rows, ids = article.text, [], {it.get("id") for it in items}
    for it in items:
        where = f"{aid} {it.get('id')}"
        try:
            if it.get("kind") not in KINDS:
                raise ValueError(f"kind {it.get('kind')!r}, expected one of {', '.join(KINDS)}")
            if it.get("speaker_kind") not in SPEAKER_KINDS:
                raise ValueError(f"speaker_kind {it.get('speaker_kind')!r}, expected one of {', '.join(SPEAKER_KINDS)}")
            if not it.get("speaker"):
                raise ValueError("no speaker: write the resolved speaker, 'X (unnamed)' or 'the writer'")
            unresolved = [n for n in [it["speaker"], *(it.get("also_known_as") or [])]
                          if str(n).strip().lower() in UNRESOLVED]
            if unresolved:
                raise ValueError(f"speaker or also_known_as {unresolved[0]!r} names no one: write whom it refers to")
            for ref in ("nested_in", "continues"):
                if it.get(ref) and it[ref] not in ids:
                    raise ValueError(f"{ref} names {it[ref]!r}, which is not an item of this reading")
            content = locate(text, it["content"], after=it.get("occurrence_after"))
            cue = _near(text, it["cue"], content) if it.get("cue") else None
            source = _near(text, it["source"], cue or content) if it.get("source") else None
            voice = _voice_at(article, content[0])
            if it.get("voice") != voice:
                raise ValueError(f"voice {it.get('voice')!r}, but the markup makes the content {voice!r}")
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"{where}: {exc}")
            continue
        rows.append({
            "article_id": aid, "item_id": it["id"], "voice": voice,
            "source_text": it.get("source"), "source_start": source[0] if source else None,
            "source_end": source[1] if source else None, "speaker": it["speaker"],
            "speaker_kind": it["speaker_kind"], "also_known_as": _joined(it.get("also_known_as")),
            "cue_text": it.get("cue"), "cue_start": cue[0] if cue else None, "cue_end": cue[1] if cue else None,
            "other_cues": _joined(it.get("other_cues")), "content_text": it["content"],
            "content_start": content[0], "content_end": content[1], "kind": it["kind"],
            "nested_in": it.get("nested_in"), "continues": it.get("continues"), "why": it.get("why"),
        })
    return rows


def _judgement_rows(aid, text, items, key, allowed, problems) -> list[dict]:
    rows = []
    for n, it in enumerate(items or []):
        where = f"{aid} {key}[{n}] ({it.get('actor') or it.get('frame')})"
        field = {"stance": "stance", "roles": "role", "frames": "frame"}[key]
        value = it.get(field)
        if value not in allowed:
            problems.append(f"{where}: {field} {value!r}, expected one of {', '.join(allowed)}")
            continue
        for sentence in it.get("deciding") or []:
            try:
                locate(text, sentence, near=0)
            except ValueError as exc:
                problems.append(f"{where}: deciding sentence {exc}")
        row = {"article_id": aid, "voice": it.get("voice"), field: value, "deciding": list(it.get("deciding") or []),
               "why": it.get("why")}
        if key == "frames":
            row["present"] = bool(it.get("present", True))
        else:
            row["actor"] = it.get("actor")
        rows.append(row)
    return rows


def load_reading(corpus_dir, corpus=None) -> Reading:
    """Every ``readings/*.yaml`` of a corpus directory, located in its articles.

    Args:
        corpus_dir: the corpus directory (holding ``readings/``).
        corpus: the loaded :class:`mediabias.corpus.Corpus` (loaded from ``corpus_dir`` when ``None``).

    Raises:
        ReadingError: listing every passage not found verbatim, ambiguous, of the wrong voice, or a value
            outside its vocabulary; or a reading of an article the corpus does not have.
    """
    corpus = corpus if corpus is not None else load_corpus(corpus_dir)
    articles = {a.id: a for a in corpus.parsed}
    problems: list[str] = []
    atts, nots, stance, roles, frames = [], [], [], [], []
    for path in sorted((Path(corpus_dir) / "readings").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        aid = data.get("article_id")
        if aid not in articles:
            problems.append(f"{path.name}: article_id {aid!r} is not an article of the corpus")
            continue
        text = articles[aid].text
        atts += _attribution_rows(aid, articles[aid], data.get("attributions") or [], problems)
        for n, it in enumerate(data.get("not_attributions") or []):
            try:
                s, e = locate(text, it["passage"], near=0)
                nots.append({"article_id": aid, "passage": it["passage"], "start": s, "end": e, "why": it.get("why")})
            except ValueError as exc:
                problems.append(f"{aid} not_attributions[{n}]: {exc}")
        stance += _judgement_rows(aid, text, data.get("stance"), "stance", STANCES, problems)
        roles += _judgement_rows(aid, text, data.get("roles"), "roles", ROLES, problems)
        frames += _judgement_rows(aid, text, data.get("frames"), "frames", FRAMES, problems)
    if problems:
        raise ReadingError("the hand reading does not fit the articles:\n  " + "\n  ".join(problems))
    table = pd.DataFrame(atts, columns=list(ATTRIBUTION_COLUMNS))
    for col in ("source_start", "source_end", "cue_start", "cue_end"):
        table[col] = table[col].astype("Int64")
    return Reading(
        attributions=table,
        not_attributions=pd.DataFrame(nots, columns=["article_id", "passage", "start", "end", "why"]),
        stance=pd.DataFrame(stance, columns=["article_id", "actor", "voice", "stance", "deciding", "why"]),
        roles=pd.DataFrame(roles, columns=["article_id", "actor", "voice", "role", "deciding", "why"]),
        frames=pd.DataFrame(frames, columns=["article_id", "frame", "voice", "present", "deciding", "why"]),
    )
