"""Who is speaking: resolve attributed sources to one canonical speaker per article and type them.

Used by :mod:`mediabias.sources`. The lexicons come from ``resources/reporting_verbs.csv`` and
``resources/source_types.yaml``; :func:`resolve` works on the spaCy parse, the other helpers on strings.

Resolution rules, applied within one article:

* **Names.** A source that contains a person's name is that person; titles (``Col.``, ``(ret.)``, ``Dr.``,
  ``Defense Secretary`` ...) are stripped, so ``Col. (ret.) Richard Kemp`` → ``Richard Kemp``.
* **Short names.** A name that is the last word(s) of a longer name in the same article is that person
  (``Col. Kemp`` → ``Richard Kemp``; ``Mardini`` → ``Ramzy Mardini``).
* **Pronouns.** ``he``/``she`` → the person named (as a subject, outside quotation marks) earlier in the same
  paragraph, else in the paragraph before, else the last person quoted; ``who``/``which`` → the noun the
  relative clause hangs on.
* **Colon introductions** (``House Armed Services Chairman Buck McKeon:``) add to the description of the
  speaker they name.
* **Role descriptions.** A definite role (``the chairman of the Joint Chiefs of Staff``) whose next
  attribution, in the following sentence, introduces a person not named before is taken to be that person
  (journalists' "elegant variation").
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from importlib import resources

import yaml

import pandas as pd

from mediabias.sources.lexicon import (ALL_PRONOUNS, HONORIFICS, PERSON_PRONOUNS, PLURAL_PRONOUNS, QUANTIFIERS,
                                       RELATIVE_PRONOUNS, TITLE_WORDS, source_codebook)
from mediabias.sources.quotes import in_quote, paragraph_spans
from mediabias.sources.syntax import SUBJECT_DEPS, sentence_of, source_tokens_of, text_of

def source_type(description: str, *, orgs: list[str] = ()) -> str:
    """The codebook type of a source from the words that describe it.

    The role words are read first with organisation names blanked out (a scholar at the Institute for the
    *Study* of War is an expert, not a document); the names themselves decide only when no role word does
    (``The New York Times`` → media).

    >>> source_type("State Department spokesman Mark Toner", orgs=["State Department"])
    'us_government'
    """
    full = description or ""
    roles = full
    for org in orgs:
        roles = roles.replace(org, " ")
    for text in (roles, full):
        for entry in source_codebook()["types"]:
            if entry["id"] != "citizen_other" and entry["pattern"].search(text):
                return entry["id"]
    return "citizen_other"


def is_anonymous(description: str) -> bool:
    """True when an unnamed source is described only by words such as *sources*, *officials*, *some*."""
    words = "|".join(source_codebook()["anonymous_cues"])
    return bool(re.search(r"(?<![\w])(?:" + words + r")(?![\w])", description or "", re.IGNORECASE))


def strip_titles(name: str) -> str:
    """Drop leading titles and parenthesised notes from a name (``Col. (ret.) Richard Kemp`` → ``Richard Kemp``)."""
    name = re.sub(r"\([^)]*\)", " ", name).replace("'", "’")
    name = re.sub(r"['’]s$", "", name.strip())
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".,") in TITLE_WORDS:
        words.pop(0)
    return " ".join(words).strip(" ,.")


def same_person(short: str, full: str) -> bool:
    """True when ``short`` is the surname part of ``full`` (``Kemp`` / ``Richard Kemp``)."""
    s, f = short.split(), full.split()
    return 0 < len(s) < len(f) and f[-len(s):] == s


#: An all-capital word of three letters or more is page furniture, not part of a name ("CLOSE Donald Trump": the
#: button of a USA Today video caption, which the entity recogniser reads into the name).
FURNITURE_WORD = re.compile(r"[A-Z]{3,}")


@functools.lru_cache(maxsize=1)
def furniture_first_words() -> frozenset[str]:
    """The words of ``resources/name_furniture.yaml`` that, opening a name, are furniture or an epithet."""
    raw = resources.files("mediabias.resources").joinpath("name_furniture.yaml").read_text(encoding="utf-8")
    return frozenset(w.lower() for w in yaml.safe_load(raw)["first_words"])


def one_person(name: str, known: set[str]) -> bool:
    """Whether ``name`` can be one person's full name, for the shorter names to merge into: no furniture word
    (:data:`FURNITURE_WORD`, or a first word of :func:`furniture_first_words`), and not two names run together
    ("Joe Biden Hillary Clinton" when "Joe Biden" is a name of ``known`` too: its first two or more words a known
    name, with at least two words left)."""
    words = name.split()
    if not words or any(FURNITURE_WORD.fullmatch(w) for w in words):
        return False
    if len(words) > 1 and words[0].lower().strip(".,:") in furniture_first_words():
        return False
    return not any(" ".join(words[:k]) in known for k in range(2, len(words) - 1))


def merge_short_names(names: list[str]) -> dict[str, str]:
    """Map every name to the longest name in the list that it abbreviates (itself if none, or if it is ambiguous).

    Names are taken longest first (then alphabetically); a name's candidates are the names whose last words it is
    (:func:`same_person`) and that can be one person's name (:func:`one_person`). It takes the name its
    candidates are mapped to when they all agree ("Obama": "Barack Obama" and "President Barack Obama", both
    "President Barack Obama"), and stays as it is when they name different people ("Trump" in a story of Donald
    and Mary Trump). An index of every name's proper word suffixes makes this linear in the number of names (a
    story of a large corpus has thousands of speakers).
    """
    unique = sorted(set(n for n in names if n), key=lambda n: (-len(n.split()), n))
    known = set(unique)
    with_suffix: dict[tuple[str, ...], list[str]] = {}
    for full in (n for n in unique if one_person(n, known)):  # no name merges into furniture or two names
        words = full.split()
        for k in range(1, len(words)):
            with_suffix.setdefault(tuple(words[-k:]), []).append(full)
    mapping = {}
    for name in unique:
        targets = {mapping[full] for full in with_suffix.get(tuple(name.split()), ())}
        mapping[name] = targets.pop() if len(targets) == 1 else name
    return mapping


def affiliation(description: str, name: str | None, orgs: list[str]) -> str | None:
    """The organisation a source speaks for: an organisation named in its description, else its title words.

    Args:
        description: the source's words (span, apposition, relative clause).
        name: the canonical person name, removed from the description before looking for a title.
        orgs: organisation names found by the parser in the description, in order.
    """
    title = None
    for part in description.split(" ; "):
        if name and name in part:
            before = re.sub(r"\([^)]*\)", "", part[: part.index(name)]).strip(" ,")
            words = [w for w in before.split() if w.lower().rstrip(".") not in HONORIFICS]
            if words:
                title = " ".join(words)
                break
    for org in orgs:
        if name and org in name:
            continue
        if title and org in title and len(org.split()) < 2:
            return title  # "Defense" inside "Defense Secretary"
        return org
    return title


ROLE_NOUNS = {"chairman", "chairwoman", "secretary", "spokesman", "spokeswoman", "spokesperson", "president",
              "ambassador", "minister", "commander", "chief", "director", "leader", "governor", "senator",
              "official", "head", "general", "envoy", "adviser", "advisor"}


# A person's name modifying one of these nouns names the institution, not the person ("the Obama
# administration" is not Obama; a person is kept distinct from what they lead).
INSTITUTION_HEADS = {"administration", "government", "campaign", "cabinet", "regime", "camp", "team", "white"}


def _name_modifies_common_noun(ent, head) -> bool:
    """True for ``Obama`` in ``the Obama administration`` or ``Obama aides``: a name compounded onto a common noun."""
    return (ent.root.dep_ == "compound" and head.pos_ == "NOUN" and head.lemma_.lower() not in ROLE_NOUNS
            and head.lower_ not in TITLE_WORDS)


def institution_name(head) -> str | None:
    """``Obama administration`` for a source headed by an institution noun with a name compounded onto it."""
    if head is None or head.lemma_.lower() not in INSTITUTION_HEADS:
        return None
    mods = [t for t in head.children if t.dep_ == "compound" and t.i < head.i and t.pos_ == "PROPN"]
    if not mods:
        return None
    return head.doc[mods[0].i: head.i + 1].text


class _Entities:
    """The entities of a parsed article, listed once, with lookups by token. ``Doc.ents`` makes every entity span
    anew on each access: asked once per attribution, it made :func:`resolve` quadratic in the article's length.
    spaCy's entities are sorted and never overlap, which the binary searches rely on."""

    def __init__(self, doc):
        self.all = list(doc.ents)
        self.starts = [e.start for e in self.all]

    def starting_at(self, i: int):
        """The entity whose first token is ``i``, else ``None``."""
        k = bisect_left(self.starts, i)
        return self.all[k] if k < len(self.all) and self.starts[k] == i else None

    def covering(self, i: int):
        """The entity holding token ``i``, else ``None``."""
        k = bisect_right(self.starts, i) - 1
        return self.all[k] if k >= 0 and i < self.all[k].end else None

    def within(self, lo: int, hi: int, label: str) -> list:
        """The entities of type ``label`` whose tokens all lie in ``[lo, hi)``, in text order."""
        out = []
        for k in range(bisect_left(self.starts, lo), len(self.all)):
            e = self.all[k]
            if e.start >= hi:
                break
            if e.end <= hi and e.label_ == label:
                out.append(e)
        return out


class _Paragraphs:
    """The article's paragraph spans (sorted, disjoint), searched by offset instead of scanned."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def start_of(self, pos: int) -> int:
        """The start of the paragraph holding ``pos`` (0 when none does)."""
        k = bisect_right(self.starts, pos) - 1
        return self.starts[k] if k >= 0 and pos < self.ends[k] else 0

    def previous_start(self, p_start: int) -> int:
        """The start of the last paragraph ending at or before ``p_start`` (``p_start`` when none does)."""
        k = bisect_right(self.ends, p_start)
        return self.starts[k - 1] if k > 0 else p_start


class _Persons:
    """Person entities in text order (their character spans sorted and disjoint), searched by offset."""

    def __init__(self, persons: list):
        self.all = persons
        self.starts = [e.start_char for e in persons]
        self.ends = [e.end_char for e in persons]

    def last_between(self, lo: int, hi: int):
        """The last person named as a subject among those lying in ``[lo, hi)``, else the last of them, else None."""
        first, stop = bisect_left(self.starts, lo), bisect_right(self.ends, hi)
        for k in range(stop - 1, first - 1, -1):
            if self.all[k].root.dep_ in SUBJECT_DEPS:
                return self.all[k]
        return self.all[stop - 1] if stop > first else None


def _name_in(tokens, *, head=None, label=("PERSON",), ents: _Entities | None = None) -> str | None:
    """The longest person name among ``tokens`` that is the head or in apposition/compound with it."""
    best = None
    for t in tokens:
        if t.ent_type_ in label and t.ent_iob_ == "B":
            ent = (ents or _Entities(t.doc)).starting_at(t.i)
            if ent is None:
                continue
            if head is not None and not (ent.start <= head.i < ent.end or ent.root.head.i == head.i
                                         and ent.root.dep_ in ("appos", "compound")):
                continue
            if head is not None and not ent.start <= head.i < ent.end and _name_modifies_common_noun(ent, head):
                continue
            if best is None or len(ent) > len(best):
                best = ent
    return None if best is None else best.text


#: The speaker of the writer's own first-person attributions ("I find it difficult to believe ..."), and of a
#: relation whose source is not written ("a number that reportedly left the brass livid"): never a missing value.
WRITER = "the writer"
UNNAMED = "unnamed source"
WRITER_PRONOUNS = {"i", "we", "me", "us", "my", "our"}


def _latter_or_former(doc, head, quotes, ents: _Entities) -> tuple[str | None, bool]:
    """``the latter`` / ``the former``: the last / the one before the last person named before it in its sentence."""
    sent = sentence_of(head)
    names = [e for e in ents.within(sent.start, head.i, "PERSON") if not in_quote(e.start_char, quotes)]
    if len(names) < 2:
        return None, False
    pick = names[-1] if head.lower_ == "latter" else names[-2]
    return strip_titles(pick.text), True


#: Quantifiers that take a part of a group named before ("Some argued ..." → "some of Iraq's leadership").
PARTITIVES = {"some", "others", "many", "most", "several", "few"}


def _plural_antecedent(doc, head, quotes, paragraphs: _Paragraphs, *, plural: bool = True, since: int = 0) -> str | None:
    """``they`` / ``their``: the nearest plural noun or organisation that is a subject before it, in the same
    paragraph or the one before, outside quotation marks (``Iraqi Sunnis were already worried ... their fears``).
    With ``plural=False`` any noun subject (the group a quantifier takes a part of: ``Iraq's leadership has been
    split ... Some argued``)."""
    p_start = paragraphs.start_of(head.idx)
    prev = paragraphs.previous_start(p_start)
    for tok in reversed(doc[:head.i]):
        if tok.idx < max(prev, since):
            break
        # a main clause's subject, not that of an absolute clause ("with American troops gone")
        main = tok.head.dep_ in ("ROOT", "conj") and not any(c.dep_ == "mark" and c.lower_ == "with"
                                                             for c in tok.head.children)
        kind = tok.tag_ in ("NNS", "NNPS") or tok.ent_type_ in ("ORG", "NORP") or not plural and tok.pos_ in ("NOUN", "PROPN")
        if tok.dep_ in SUBJECT_DEPS and main and kind and tok.i != head.i \
                and tok.lower_ not in ALL_PRONOUNS | QUANTIFIERS and not in_quote(tok.idx, quotes):
            toks = source_tokens_of(tok, head)
            return doc[toks[0].i: toks[-1].i + 1].text if toks else tok.text
    return None


def resolve(doc, atts: list, quotes) -> list[dict]:
    """Canonical speaker, type, named and affiliation for each attribution (in text order).

    Args:
        doc: the parsed article.
        atts: :class:`mediabias.sources.Attribution` objects, in text order.
        quotes: the article's :class:`mediabias.sources.Quote` spans.

    Returns:
        One dict per attribution: ``speaker, named, source_type, affiliation``.
    """
    ents = _Entities(doc)
    persons = [e for e in ents.all if e.label_ == "PERSON" and not in_quote(e.start_char, quotes)
               and e.text[:1].isupper() and e.root.dep_ not in ("compound", "poss", "amod")]
    subjects = _Persons(persons)
    paragraphs = _Paragraphs(paragraph_spans(text_of(doc)))
    rows, raw_names = [], []
    last_person = None
    for i, a in enumerate(atts):
        toks = a.source_tokens
        head = None
        if a.head is not None:
            head = a.head
        elif toks:
            heads = [t for t in toks if t.head.i not in {x.i for x in toks} or t.head is t]
            head = heads[0] if heads else toks[0]
        name, named, desc = None, False, text_of(doc)[a.source[0]:a.source[1]] if a.source else ""
        if a.inherited:
            prev = a.previous
            rows.append({"_inherit": prev})
            raw_names.append(None)
            continue
        if head is not None and head.dep_ == "nsubjpass" and source_type(head.text) == "document":
            # "a letter had been submitted to Baghdad by the head of Task Force Iraq announcing ...": the document
            # speaks for the agent of the passive it is the subject of
            agent = next((g for c in head.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
                         None)
            if agent is not None:
                toks = source_tokens_of(agent, head.head)
                head = agent
        if head is not None and head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            ante = head.head.head
            toks = source_tokens_of(ante, head.head)
            desc = doc[toks[0].i: toks[-1].i + 1].text
            head = ante
        person = _name_in(toks, head=head, ents=ents)
        institution = institution_name(head) if person is None else None
        if person is None and head is not None and source_type(head.text) == "document":
            author = next((p for p in head.children if p.dep_ == "prep" and p.lower_ in ("by", "from")), None)
            person = _name_in(list(author.subtree), ents=ents) if author is not None else None  # the letter by X
        if person:
            name, named = strip_titles(person), True
        elif institution:
            name, named = institution, True
        elif head is not None and head.pos_ == "PROPN" and not head.ent_type_:  # a name NER missed
            chain = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < head.i]
            name, named = strip_titles(" ".join(t.text for t in chain + [head])), True
        elif head is not None and head.lower_ in WRITER_PRONOUNS:  # "I find it difficult to believe"
            name = WRITER
        elif head is not None and head.lower_ in ("latter", "former"):  # "Trump and Khamenei, with the latter vowing"
            name, named = _latter_or_former(doc, head, quotes, ents)
        elif head is not None and head.lower_ in PLURAL_PRONOUNS:  # "their fears": the group named as a subject before
            name = _plural_antecedent(doc, head, quotes, paragraphs)
        elif head is not None and head.lower_ in PARTITIVES and len(toks) == 1 and not head.ent_type_:
            # "Some argued ...": some of the group named as a subject in the sentence before
            sent = sentence_of(head)
            before = sentence_of(doc[sent.start - 1]).start if sent.start > 0 else 0
            group = _plural_antecedent(doc, head, quotes, paragraphs, plural=False, since=doc[before].idx)
            name = f"{head.lower_} of {group}" if group else None
        elif head is not None and head.lower_ in PERSON_PRONOUNS:
            p_start = paragraphs.start_of(a.source[0])
            before = subjects.last_between(p_start, a.source[0])  # a subject if any, else any person
            earlier = subjects.last_between(paragraphs.previous_start(p_start), p_start)
            if before is not None:  # a person named earlier in the same paragraph
                name, named = strip_titles(before.text), True
            elif earlier is not None:  # else in the paragraph before
                name, named = strip_titles(earlier.text), True
            elif last_person:  # else the last person quoted
                name, named = last_person, True
        elif head is not None and head.ent_type_ in ("ORG", "GPE", "FAC") and head.pos_ == "PROPN":
            org = ents.covering(head.i)
            name, named = (org.text if org is not None else head.text), True
        if name is None and toks and head is not None and head.lower_ not in ALL_PRONOUNS | {"latter", "former"}:
            name = doc[toks[0].i: toks[-1].i + 1].text.strip() or None
        orgs = [e.text for e in ents.within(toks[0].i, toks[-1].i + 1, "ORG")] if toks else []
        rows.append({"speaker": name, "named": named, "description": desc, "orgs": orgs,
                     "role": head is not None and head.lemma_.lower() in ROLE_NOUNS and not named
                     and any(t.lower_ == "the" for t in toks[:1])})
        raw_names.append(name if named else None)
        if person or (named and head is not None and head.lower_ in PERSON_PRONOUNS):
            last_person = name
    # role description followed by a first-mention name: the same person
    first_named: dict[str, object] = {}  # each name's first person entity, listed when a role asks
    for i, row in enumerate(rows[:-1]):
        if row.get("role"):
            nxt = rows[i + 1]
            name = nxt.get("speaker")
            if not first_named:
                for e in persons:
                    first_named.setdefault(strip_titles(e.text), e)
            first = first_named.get(name)
            if nxt.get("named") and name and first is not None and first.start_char >= atts[i].source[1] \
                    and atts[i + 1].source and atts[i + 1].source[0] - atts[i].source[1] < 600:
                row.update(speaker=name, named=True, role=False)
                raw_names[i] = name
    # short names → the longest full name in the article
    # every name outside quotes counts here, possessives too ("President Donald Trump’s commitment" gives
    # "Trump" its full name), though only subjects serve as pronoun antecedents above
    named_anywhere = [e for e in ents.all if e.label_ == "PERSON" and e.text[:1].isupper()
                      and not in_quote(e.start_char, quotes)]
    pool = [strip_titles(e.text) for e in named_anywhere] + [n for n in raw_names if n]
    mapping = merge_short_names(pool)
    position: dict[int, int] = {}
    for k, x in enumerate(atts):
        position.setdefault(id(x), k)
    for i, row in enumerate(rows):
        if "_inherit" in row:
            prev = row["_inherit"]
            j = position.get(id(prev))
            rows[i] = dict(rows[j]) if j is not None and "_inherit" not in rows[j] else {"speaker": None}
            continue
        if row.get("named") and row.get("speaker") in mapping:
            row["speaker"] = mapping[row["speaker"]]
    # one description per speaker: type and affiliation from everything said about them
    descriptions: dict[str, list[str]] = {}
    org_names: dict[str, list[str]] = {}
    for row in rows:
        if row.get("speaker"):
            descriptions.setdefault(row["speaker"], []).append(row.get("description") or "")
            org_names.setdefault(row["speaker"], []).extend(row.get("orgs") or [])
    # colon introductions ("House Armed Services Chairman Buck McKeon:") describe the speaker they name
    for p_start, p_end in paragraphs.spans:
        intro = text_of(doc)[p_start:p_end].strip()
        if intro.endswith(":") and len(intro.split()) <= 12:
            for sp in descriptions:
                if sp.split()[-1] in intro and sp.split()[-1][:1].isupper():
                    descriptions[sp].append(intro.rstrip(":"))
    out = []
    for row in rows:
        sp = row.get("speaker")
        desc = " ; ".join(dict.fromkeys(descriptions.get(sp, [row.get("description") or ""])))
        row["orgs"] = list(dict.fromkeys(org_names.get(sp, row.get("orgs") or [])))
        named = bool(row.get("named"))
        stype = source_type(desc, orgs=row.get("orgs") or []) if sp else "anonymous"
        if stype == "citizen_other" and not named and is_anonymous(desc):
            stype = "anonymous"
        sp = sp if sp else UNNAMED  # a relation with no source written ("reportedly", "reports that ...")
        out.append({"speaker": sp, "named": named, "source_type": stype,
                    "affiliation": affiliation(desc, sp if named else None, row.get("orgs") or [])})
    return out
