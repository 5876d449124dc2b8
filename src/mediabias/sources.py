"""Attributed sources: who is credited with what, through which cue, in a news text.

Rules over the spaCy dependency parse (paragraph breaks are sentence breaks), in three passes:

1. **Quotation marks** are paired per paragraph (curly and straight, unbalanced or mistyped marks
   tolerated; apostrophes never count). A quote left open at a paragraph end closes there; a paragraph that
   opens a new quote with no cue of its own continues the previous speaker (a row with no source or cue).
2. **Cues**: reporting verbs from ``resources/reporting_verbs.csv`` outside quotation marks, with their
   subject (or passive agent) as the source and their clause, object or adjacent quotation as the content;
   nominal cues from ``resources/reporting_nouns.csv`` (``Trump's claim that ...``); ``according to X``;
   ``per X``; colon introductions (``House Armed Services Chairman Buck McKeon:`` before a quotation) and
   inline colons (``Matthews: Well, ...``). Verbs outside the lexicon count when a person or organisation
   is their subject and they take a *that*-clause. An attribution whose cue sits inside another's content
   is dropped (the outer source is the one the article credits).
3. **Speakers** (:func:`mediabias.speakers.resolve`): pronouns and short names resolved to one canonical
   name per article, typed with the source-type codebook, named or not, affiliation.

Validated on PolNeAR (``mediabias evaluate attribution``; results in ``evaluation/attribution.md``).

>>> table = extract_attributions('"It was a mistake," Milley said.')  # doctest: +SKIP
>>> table[["speaker", "cue_text", "content_text", "kind"]].values.tolist()  # doctest: +SKIP
[['Milley', 'said', '"It was a mistake,"', 'direct']]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from mediabias import speakers as spk

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
    "speaker": "canonical source within the article (pronouns and short names resolved); <NA> if unresolved",
    "source_type": "codebook type (resources/source_types.yaml): us_government, us_military, foreign_official, "
    "legislator, expert, media, document, citizen_other; anonymous when nothing describes the source",
    "named": "True when the source is identified by a proper name (person or organisation)",
    "affiliation": "organisation or title the text gives for the source, else <NA>",
    "cue_class": "neutral | stance (resources/reporting_verbs.csv)",
    "cue_lemma": "lemma of the cue ('according to', 'per', ':' for the non-verbal cues)",
    "cue_category": "speech | writing | belief | intention | evaluation | evidence",
    "addressee": "whom the source told (X told *The Cable*), else <NA>",
}

OPEN_QUOTES, CLOSE_QUOTES, BOTH_QUOTES = "“«„", "”»", '"'
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
#: Dependencies through which a participle or conjoined cue inherits the subject of its head.
CLIMB_DEPS = ("conj", "advcl", "xcomp", "dep", "parataxis", "acomp", "pcomp", "prep")
ADDRESSEE_VERBS = {"tell", "ask", "urge", "inform", "warn", "remind", "assure", "advise", "order", "instruct",
                   "invite", "encourage", "beg", "implore", "caution", "promise", "accuse"}
CUE_PREPOSITIONS = {"about", "to", "for", "on", "of", "against", "as"}


@dataclass
class Quote:
    """A quotation: character span including the marks; ``closed`` False when the paragraph ended first."""

    start: int
    end: int
    closed: bool = True
    paragraph_start: bool = False  # opens its paragraph


@dataclass(eq=False)  # identity semantics: two attributions with equal spans are still two
class Attribution:
    """One attribution while it is being assembled: character spans, and the tokens resolution needs."""

    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    content: tuple[int, int] | None
    cue_lemma: str
    source_tokens: list = field(default_factory=list)  # spaCy tokens of the source (for resolution)
    addressee: str | None = None
    inherited: bool = False  # a cue-less continuation: speaker copied from ``previous``
    previous: "Attribution | None" = None
    head: object = None  # the syntactic head of the source (a spaCy token)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (separated by blank lines, or single newlines)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)]


def _is_opening(text: str, i: int) -> bool:
    """Decide whether a straight double quote at ``i`` opens (True) or closes a quotation."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/:" or i == 0:
        return True
    if after.isspace() or after in ".,;:!?)]—–-'’" or i + 1 == len(text):
        return False
    return not before.isalnum()


def quote_spans(text: str) -> list[Quote]:
    """Pair quotation marks per paragraph; robust to unbalanced and mixed curly/straight marks.

    A quote still open at the end of its paragraph ends there (``closed=False``): newspapers open each
    paragraph of a long quotation anew and close only the last. Apostrophes (’ and ') are never quote
    marks, so names such as Sumaida’ie do not break pairing.
    """
    quotes: list[Quote] = []
    for p_start, p_end in paragraph_spans(text):
        open_at = None
        for i in range(p_start, p_end):
            ch = text[i]
            if ch not in OPEN_QUOTES + CLOSE_QUOTES + BOTH_QUOTES:
                continue
            opening = ch in OPEN_QUOTES or (ch in BOTH_QUOTES and (open_at is None and _is_opening(text, i)))
            if ch in OPEN_QUOTES and open_at is not None and not _is_opening(text, i):
                opening = False  # a mistyped closing mark: 'here,“ said Jim Clyburn'
            if ch in BOTH_QUOTES and open_at is not None:
                opening = False
            if opening:
                if open_at is not None and i > open_at + 1:  # a second opener: the first was never closed
                    quotes.append(Quote(open_at, i, False, open_at == p_start))
                open_at = i
            elif open_at is not None:
                quotes.append(Quote(open_at, i + 1, True, open_at == p_start))
                open_at = None
        if open_at is not None and p_end - open_at > 1:
            quotes.append(Quote(open_at, p_end, False, open_at == p_start))
    return quotes


# --------------------------------------------------------------------------------------------------------
# helpers over spaCy tokens


def _span(tokens) -> tuple[int, int]:
    tokens = [t for t in tokens if not t.is_space]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _trim(doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range → char span without leading/trailing punctuation (closing quotes kept)."""
    while start < end and (doc[start].is_space or doc[start].text in ",;:—–-"
                           or doc[start].lower_ in {"and", "but"}):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in ",;:—–-(" or doc[end - 1].is_punct
                           and doc[end - 1].text not in CLOSE_QUOTES + BOTH_QUOTES + ")]"):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _subtree_range(token, *, stop_at=None) -> tuple[int, int]:
    left, right = token.left_edge.i, token.right_edge.i + 1
    if stop_at is not None:  # keep the span on one side of the cue
        if left < stop_at.i < right:
            if token.i < stop_at.i:
                right = stop_at.i
            else:
                left = stop_at.i + 1
    return left, right


def _source_tokens(subject, verb):
    """The source span of a subject: its subtree without relative clauses and without the cue itself."""
    drop = set()
    for t in subject.subtree:
        if t.dep_ in ("relcl", "acl") and t.i > subject.i or t.i == verb.i:
            drop.update(x.i for x in t.subtree)
    toks = [t for t in subject.subtree if t.i not in drop]
    # keep the contiguous run around the head and never cross the cue
    lo, hi = subject.i, subject.i
    idx = {t.i for t in toks}
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    doc = subject.doc
    # titles the parser split off ("Col. (ret.) Richard Kemp")
    while lo > 0 and (doc[lo - 1].lower_.strip(".") in spk.TITLE_WORDS and doc[lo - 1].lower_
                                       not in ("the", "us", "state") or doc[lo - 1].text in "().") \
            and doc[lo - 1].text not in CLOSE_QUOTES + BOTH_QUOTES and "\n" not in doc[lo - 1].text_with_ws:
        lo -= 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return [doc[i] for i in range(lo, hi + 1)]


def _subject(verb):
    """The grammatical subject a cue verb credits, following conjunctions and participles up the tree."""
    seen = 0
    tok = verb
    while tok is not None and seen < 6:
        for child in tok.children:  # passive: "was reported by X"
            if child.dep_ == "agent":
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        return gc
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if tok.dep_ in CLIMB_DEPS and tok.head is not tok:
            tok = tok.head
        elif tok.dep_ == "relcl":  # "Sullivan, who said": the relative pronoun is missing from the tree
            return tok.head
        else:
            tok = None
        seen += 1
    return None


def _in_quote(pos: int, quotes: list[Quote]) -> Quote | None:
    for q in quotes:
        if q.start < pos < q.end - 1 or (not q.closed and q.start < pos < q.end):
            return q
    return None


def _text(doc) -> str:
    """``doc.text``, cached (spaCy rebuilds the string from every token on each access)."""
    text = doc.user_data.get("mediabias_text")
    if text is None:
        text = doc.user_data["mediabias_text"] = doc.text
    return text


def _sent(tok):
    """``tok.sent``, from a per-doc cache (spaCy recomputes every sentence of the doc on each call)."""
    doc = tok.doc
    cache = doc.user_data.get("mediabias_sents")
    if cache is None:
        sents = list(doc.sents)
        index = [0] * len(doc)
        for k, sent in enumerate(sents):
            for i in range(sent.start, sent.end):
                index[i] = k
        cache = doc.user_data["mediabias_sents"] = (sents, index)
    return cache[0][cache[1][tok.i]]


def _sentence_window(doc, q: Quote):
    """Sentences a quotation touches, plus a short cue sentence right after or a colon sentence right before."""
    first = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
    last = doc.char_span(q.end - 1, q.end, alignment_mode="expand")
    if not first or not last:
        return []
    sents = [_sent(first[0])]
    if _sent(last[0]).start != sents[0].start:
        sents.append(_sent(last[0]))
    tail = sents[-1]
    nxt_i = tail.end
    while nxt_i < len(doc) and doc[nxt_i].is_space and "\n" not in doc[nxt_i].text:
        nxt_i += 1
    if nxt_i < len(doc) and not doc[nxt_i].is_space and doc[nxt_i].idx - q.end <= 3 \
            and "\n" not in _text(doc)[q.end:doc[nxt_i].idx]:
        nxt = _sent(doc[nxt_i])
        if len(nxt) <= 40:
            sents.append(nxt)
    head = sents[0]
    if head.start > 0:
        prev = _sent(doc[head.start - 1])
        gap = _text(doc)[prev.end_char:q.start]
        if prev.text.rstrip().endswith((":", ",")) and "\n" not in gap:
            sents.insert(0, prev)
    return sents


TRAILING_MARKS = {"as", "after", "before", "while", "when", "though", "although", "since", "even", "until"}


def _clause_range(comp, verb) -> tuple[int, int]:
    """A clause's token range without a trailing circumstantial clause ("..., as he faces a test")."""
    lo, hi = _subtree_range(comp, stop_at=verb)
    for child in comp.children:
        if child.i > comp.i and child.dep_ == "advcl" and child.left_edge.lower_ in TRAILING_MARKS \
                and not any(t.text in OPEN_QUOTES + CLOSE_QUOTES + BOTH_QUOTES for t in child.subtree):
            hi = min(hi, child.left_edge.i)
    return lo, hi


OBJECT_TAIL_DEPS = ("prep", "oprd", "xcomp", "ccomp", "advcl", "acomp", "dative", "attr")


def _object_range(verb, obj, *, after=None) -> tuple[int, int]:
    """An object and what the verb says about it after it ("referred to Rubio as 'a bright leader'"),
    stopping before coordinated predicates and trailing circumstantial clauses."""
    lo, hi = _subtree_range(obj, stop_at=verb)
    start = (after or obj).i
    for child in verb.children:
        if child.i <= start or child.dep_ not in OBJECT_TAIL_DEPS:
            continue
        if child.dep_ == "advcl" and child.left_edge.lower_ in TRAILING_MARKS:
            continue
        if child.dep_ == "prep" and child.lower_ not in ("as", "for", "over", "about", "of", "against", "to", "on"):
            continue  # "with the chairman calling it ...", "in Iowa", "during the debate"
        if any(c.dep_ in ("conj", "cc") and c.i < child.i and c.i > start for c in verb.children):
            continue
        hi = max(hi, child.right_edge.i + 1)
    return lo, hi


def _content_of(verb, require: str):
    """Content tokens range and cue extension for a cue verb, from its dependents."""
    doc = verb.doc
    by_dep: dict[str, list] = {}
    for child in verb.children:
        by_dep.setdefault(child.dep_, []).append(child)
    cue_end = verb.i + 1
    for child in verb.children:  # particles: "pointed out", "called on"
        if child.dep_ == "prt" and child.i == cue_end:
            cue_end = child.i + 1
    for dep in ("ccomp", "xcomp", "parataxis"):
        # a "clause" introduced by after/when/if is a misparsed adverbial clause, not what was said
        comps = [c for c in by_dep.get(dep, []) if not any(
            m.dep_ in ("mark", "advmod") and m.lower_ in TRAILING_MARKS | {"because", "once"}
            and m.i < c.i for m in c.children)]
        if comps:
            comp = max(comps, key=lambda c: (c.i > verb.i, -abs(c.i - verb.i)))  # prefer the right side
            if dep == "xcomp" and comp.pos_ not in ("VERB", "AUX"):
                continue
            return _clause_range(comp, verb), cue_end
    lemma = verb.lemma_.lower()
    for child in verb.children:  # "said yes", "thinks so", "did not say when"
        if child.i > verb.i and child.lower_ in ("yes", "no", "so", "when", "why", "how", "whether") and \
                child.dep_ in ("dobj", "intj", "advmod", "attr"):
            return (child.i, child.i + 1), cue_end
    if require == "clause" and "dobj" in by_dep and (
            "oprd" in by_dep or any(c.lower_ == "as" for c in by_dep.get("prep", []))):
        obj = by_dep["dobj"][0]  # "see their own party as insufficiently committed"
        lo, hi = _subtree_range(obj, stop_at=verb)
        for extra in by_dep.get("oprd", []) + [c for c in by_dep.get("prep", []) if c.lower_ == "as"]:
            e_lo, e_hi = _subtree_range(extra, stop_at=verb)
            lo, hi = min(lo, e_lo), max(hi, e_hi)
        return (lo, hi), cue_end
    if require != "any":
        return None, cue_end
    passive = "nsubjpass" in by_dep  # "was asked a question": the object is the content
    if "dobj" in by_dep and (lemma not in ADDRESSEE_VERBS or passive):
        obj = by_dep["dobj"][0]
        if not obj.lower_.endswith("self"):
            return _object_range(verb, obj), cue_end
    obj = (by_dep.get("dobj") or [None])[0]
    if obj is not None and any(c.dep_ == "prep" and c.lower_ in ("of", "for", "about", "over", "against")
                               for c in obj.children):  # "accused Trump of using divisive rhetoric"
        return _subtree_range(obj, stop_at=verb), cue_end
    for prep in by_dep.get("prep", []):
        if lemma in ADDRESSEE_VERBS and prep.lower_ in ("against", "about", "of", "over", "for") and \
                any(c.dep_ == "pobj" for c in prep.children):
            return _subtree_range(prep, stop_at=verb), cue_end
        if prep.lower_ in CUE_PREPOSITIONS and prep.i == cue_end and any(c.dep_ == "pobj" for c in prep.children):
            pobj = next(c for c in prep.children if c.dep_ == "pobj")
            return _object_range(verb, pobj, after=prep), prep.i + 1
    return None, cue_end


def _inline_colon(doc, tok, quotes) -> Attribution | None:
    """``Matthews: Well, speculation is bad.`` / ``Pew Research: "..."``: a short name, a colon, the words.

    The name is what precedes the colon in its line (after any dash); the content runs to the paragraph end.
    """
    start = tok.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws and doc[start - 1].text not in ("-", "—", "–", "|"):
        start -= 1
    left = [t for t in doc[start:tok.i] if not t.is_space]
    end = tok.i + 1
    while end < len(doc) and "\n" not in doc[end - 1].whitespace_ and not doc[end].is_space:
        end += 1
    right = [t for t in doc[tok.i + 1:end] if not t.is_space and not t.is_punct]
    if not left or len(left) > 8 or len(right) < 3 or any(t.pos_ in ("VERB", "AUX") for t in left):
        return None
    if not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in left) and \
            not (len(left) <= 3 and left[0].is_title):
        return None
    if any(t.lower_ in ("note", "update", "editor", "photo", "video", "watch", "read", "source", "via", "related",
                        "image", "credit", "caption", "follow", "email", "contact", "subscribe") for t in left):
        return None
    content = _trim(doc, tok.i + 1, end)
    if content is None:
        return None
    return Attribution(cue=(tok.idx, tok.idx + 1), source=_span(left), content=content, cue_lemma=":",
                       source_tokens=left)


def _prepositional_cues(doc, quotes) -> list[Attribution]:
    """``according to X`` and ``per X`` attributions: the rest of the clause is the content."""
    found = []
    for tok in doc:
        if tok.text == ":" and not _in_quote(tok.idx, quotes) and tok.i + 1 < len(doc) \
                and "\n" not in tok.whitespace_:
            att = _inline_colon(doc, tok, quotes)
            if att is not None:
                found.append(att)
            continue
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                to = doc[tok.i + 1]
            if to is None:
                continue
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            cue_tokens, lemma = [tok, to], "according to"
        elif tok.lower_ == "per" and tok.pos_ == "ADP":
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is None or not (pobj.pos_ == "PROPN" or pobj.ent_type_ in ("ORG", "PERSON")):
                continue
            cue_tokens, lemma = [tok], "per"
        else:
            continue
        if pobj is None or _in_quote(tok.idx, quotes):
            continue
        src = _source_tokens(pobj, tok)
        phrase = {t.i for t in tok.subtree} | {t.i for t in cue_tokens} | {t.i for t in src}
        sent = _sent(tok)  # the content is the rest of the sentence, on the longer side of the phrase
        lo, hi = sent.start, sent.end
        p_lo, p_hi = min(phrase), max(phrase) + 1
        left, right = (lo, p_lo), (p_hi, hi)
        words = lambda r: sum(1 for i in range(*r) if not doc[i].is_punct and not doc[i].is_space)
        rng = left if words(left) >= words(right) else right
        content = _trim(doc, *rng)
        if content is None:
            continue
        found.append(Attribution(cue=_span(cue_tokens), source=_span(src), content=content, cue_lemma=lemma,
                                 source_tokens=src, head=pobj))
    return found


NOT_CUES = {"be", "have", "do", "make", "mean", "ensure", "insure", "guarantee", "prove", "get", "go", "take",
            "give", "let", "help", "seem", "matter", "happen", "turn", "come"}


def _generic_cue(verb) -> bool:
    """A verb outside the lexicon whose that-clause is credited to a person or organisation."""
    if verb.lemma_.lower() in NOT_CUES:
        return False
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is None or not any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in comp.children):
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and (subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                 or subj.lower_ in spk.PERSON_PRONOUNS | {"they", "we", "i", "who"})


def _framing_content(verb, subj):
    """Content outside the verb's own complements.

    * ``as Clyburn noted, those voters will ...`` and ``..., she argued, ...``: the clause the cue is inserted in;
    * ``These proposals have been applauded by X``: the passive subject.
    """
    doc = verb.doc
    if any(c.dep_ == "agent" for c in verb.children):
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and passive.lower_ not in spk.ALL_PRONOUNS:
            return _trim(doc, *_subtree_range(passive, stop_at=verb))
    inserted = verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children))
    if not inserted or verb.head is verb:
        return None
    head = verb.head
    own = {t.i for t in verb.subtree}
    lo, hi = max(head.left_edge.i, _sent(verb).start), min(head.right_edge.i + 1, _sent(verb).end)
    left = [i for i in range(lo, hi) if i < min(own)]
    right = [i for i in range(lo, hi) if i > max(own)]
    words = lambda ids: sum(1 for i in ids if not doc[i].is_punct)
    side = left if words(left) >= words(right) else right
    return _trim(doc, side[0], side[-1] + 1) if side else None


def _noun_cues(doc, quotes, nouns) -> list[Attribution]:
    """``Trump's claim that ...``, ``calls by Democrats for ...``: a cue noun with a source and a content."""
    found = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in nouns or _in_quote(tok.idx, quotes):
            continue
        src = next((c for c in tok.children if c.dep_ == "poss"), None)
        if src is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            src = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if src is None:
            continue
        content = None
        for child in tok.children:
            if child.dep_ in ("acl", "ccomp") and child.i > tok.i:
                content = _trim(doc, *_subtree_range(child))
                break
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "to", "on", "about", "against") \
                    and any(c.dep_ in ("pobj", "pcomp") for c in child.children):
                obj = next(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
                content = _trim(doc, *_subtree_range(obj))
                break
        if content is None:
            continue
        src_toks = [src] if src.lower_ in spk.ALL_PRONOUNS else _source_tokens(src, tok)
        src_toks = [t for t in src_toks if t.text not in ("'s", "’s")] or [src]
        found.append(Attribution(cue=(tok.idx, tok.idx + len(tok.text)), source=_span(src_toks), content=content,
                                 cue_lemma=tok.lemma_.lower(), source_tokens=src_toks, head=src))
    return found


def _verb_cues(doc, quotes, lexicon) -> list[tuple[object, Attribution]]:
    """Reporting verbs outside quotation marks, with subject and (clausal/object) content if any."""
    found = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
            continue
        if tok.dep_ == "acl" and tok.tag_ != "VBG":  # "supporters backing Clinton" yes, "changes proposed" no
            continue
        if lemma not in lexicon and not _generic_cue(tok):
            continue
        if _in_quote(tok.idx, quotes):
            continue
        require = lexicon.get(lemma, "clause")
        rng, cue_end = _content_of(tok, require)
        content = _trim(doc, *rng) if rng else None
        subj = tok.head if tok.dep_ == "acl" else _subject(tok)
        if content is None:
            content = _framing_content(tok, subj)
        if subj is None and any(0 <= tok.idx - q.end <= 4 for q in quotes):
            subj = next((c for c in tok.children if c.dep_ in ("dobj", "attr", "npadvmod") and c.i > tok.i), None)
            if subj is not None:
                content = None
        source_tokens = []
        if subj is not None:
            if subj.dep_ != "relcl" and subj.i != tok.i and not _in_quote(subj.idx, quotes):
                source_tokens = _source_tokens(subj, tok)
        addressee = None
        if lemma in ADDRESSEE_VERBS:
            obj = next((c for c in tok.children if c.dep_ in ("dative", "dobj")), None)
            if obj is not None:
                addressee = doc[obj.left_edge.i: obj.right_edge.i + 1].text
        att = Attribution(cue=(tok.idx, doc[cue_end - 1].idx + len(doc[cue_end - 1].text)),
                          source=_span(source_tokens) if source_tokens else None, content=content,
                          cue_lemma=lemma, source_tokens=source_tokens, addressee=addressee,
                          head=subj if source_tokens else None)
        found.append((tok, att))
    return found


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _link_quotes(doc, quotes, verb_atts, extra_atts, lexicon) -> list[Attribution]:
    """Attach every quotation to a cue (same sentence, colon introduction) or to the previous speaker."""
    atts = [a for _, a in verb_atts] + extra_atts
    linked: list[Attribution] = []
    prev_quote_att: Attribution | None = None
    paragraphs = paragraph_spans(_text(doc))
    para_of = lambda pos: next((i for i, (s, e) in enumerate(paragraphs) if s <= pos < e), -1)
    for q in quotes:
        span = (q.start, q.end)
        overlapping = [a for a in atts if _overlaps(a.content, span)]
        # '"A, B," he said': the parser reads the quotation as the verb's clause; that verb owns it
        inside = [a for a in overlapping if q.start <= a.content[0] and a.content[1] <= q.end
                  and a.cue is not None and not (q.start <= a.cue[0] < q.end)]
        owner = (inside or overlapping or [None])[0]
        if owner is None:
            window = _sentence_window(doc, q)
            n_words = len(_text(doc)[q.start:q.end].split())
            candidates = []
            for tok, att in verb_atts:
                after = att.source is not None and 0 <= att.source[0] - q.end and \
                    len(_text(doc)[q.end:att.source[0]].strip()) <= 12 and "\n" not in _text(doc)[q.end:att.source[0]]
                if not after and not any(s.start <= tok.i < s.end for s in window):
                    continue
                if n_words <= 4 and not _governs(tok, doc, q):
                    continue  # short quotes (scare quotes, titles) only as the cue's own complement
                if att.content is not None and not _adjacent(_text(doc), att, span):
                    continue
                dist = min(abs(tok.idx - q.end), abs(tok.idx - q.start))
                candidates.append((dist, tok.i, att))
            if candidates:
                owner = min(candidates, key=lambda c: c[:2])[2]
            elif not q.paragraph_start and prev_quote_att is not None and prev_quote_att.content is not None \
                    and para_of(q.start) == para_of(prev_quote_att.content[1] - 1) \
                    and _no_cue_between(verb_atts, prev_quote_att.content[1], q.start, prev_quote_att):
                # '"A," he said. "B."': the same speaker goes on, in a row of its own (PolNeAR's reading)
                owner = prev_quote_att
            elif not q.paragraph_start and _text(doc)[:q.start].rstrip().endswith(":"):
                owner = None
            elif q.paragraph_start and prev_quote_att is not None and \
                    para_of(q.start) - para_of(prev_quote_att.content[1] - 1) <= 1:
                owner = _colon_intro(doc, q, verb_atts)
                if owner is None:
                    owner = Attribution(cue=None, source=None, content=None, cue_lemma="", inherited=True,
                                        previous=prev_quote_att)
                    linked.append(owner)
            elif q.paragraph_start:
                owner = _colon_intro(doc, q, verb_atts)
                if owner is not None and owner not in atts:
                    linked.append(owner)
        if owner is None:
            continue
        old = owner.content
        owner.content = span if old is None else (min(old[0], q.start), max(old[1], q.end))
        if owner not in atts and owner not in linked:
            linked.append(owner)
        prev_quote_att = owner
    keep = [a for a in atts + linked if a.content is not None and (a.source is not None or a.inherited)]
    # 'quote' verbs (continue, read) need a quotation
    keep = [a for a in keep if lexicon.get(a.cue_lemma, "any") != "quote"
            or any(_overlaps(a.content, (q.start, q.end)) for q in quotes)]
    # One attribution inside another's content: PolNeAR gives each word to one attribution; keep the outer one.
    drop = set()
    for a in keep:
        for b in keep:
            if a is not b and a.cue is not None and b.content[0] <= a.cue[0] and a.cue[1] <= b.content[1]:
                drop.add(id(a))
    keep = [a for a in keep if id(a) not in drop]
    out, seen = [], set()
    for a in sorted(keep, key=lambda a: (a.content[0], a.cue or (0, 0))):
        key = (a.cue, a.content)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _governs(verb, doc, q: Quote) -> bool:
    """True when the first word of quotation ``q`` hangs on ``verb`` without a preposition in between."""
    first = doc.char_span(q.start + 1, q.end, alignment_mode="expand")
    if not first:
        return False
    tok = next((t for t in first if not t.is_punct), first[0])
    for _ in range(20):
        if tok.i == verb.i:
            return True
        if tok.dep_ in ("pobj", "pcomp") or tok.head is tok:
            return False
        tok = tok.head
    return False


def _no_cue_between(verb_atts, start: int, end: int, own=None) -> bool:
    return not any(start <= tok.idx < end and att is not own for tok, att in verb_atts)


def _adjacent(text: str, att: Attribution, span) -> bool:
    """True when ``span`` touches an attribution's content, source or cue with only punctuation between."""
    parts = [p for p in (att.content, att.source, att.cue) if p]
    lo, hi = min(p[0] for p in parts), max(p[1] for p in parts)
    gap = text[hi:span[0]] if span[0] >= hi else text[span[1]:lo] if span[1] <= lo else ""
    return len(gap.strip(" ,;:.—–-\"“”")) == 0 and "\n" not in gap


def _colon_intro(doc, q: Quote, verb_atts) -> Attribution | None:
    """``House Armed Services Chairman Buck McKeon:`` as the paragraph before a quotation."""
    before = _text(doc)[:q.start].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if not colon:
        return None
    sent = _sent(colon[0])
    for tok, att in verb_atts:
        if sent.start <= tok.i < sent.end and att.content is None:
            return att
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if not words or any(t.pos_ in ("VERB", "AUX") for t in words) or len(words) > 12:
        return None
    src = words
    return Attribution(cue=(colon[0].idx, colon[0].idx + 1), source=_span(src), content=None, cue_lemma=":",
                       source_tokens=src)


def _frame(text: str, a: Attribution, quotes) -> tuple:
    """The inserted 'X told The Media Line.' between two quotations: source and cue up to the next quote."""
    parts = [p for p in (a.source, a.cue) if p]
    if not parts:
        return ()
    lo, hi = min(p[0] for p in parts), max(p[1] for p in parts)
    nxt = min([q.start for q in quotes if q.start >= hi] or [hi])
    between = any(0 <= lo - q.end <= 15 for q in quotes)  # a quotation closes just before the source
    return ((lo, nxt if between and nxt - hi <= 40 else hi),)


def _kind(text: str, content, quotes, skip=()) -> str:
    """direct: every word of the content is inside quotation marks; mixed: some are; indirect: none."""
    inside = outside = 0
    for i in range(content[0], content[1]):
        if not text[i].isalnum() or any(s and s[0] <= i < s[1] for s in skip):
            continue
        if any(q.start <= i < q.end for q in quotes):
            inside += 1
        else:
            outside += 1
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


def _mark_paragraphs(doc):
    """Start a sentence after every blank line so the parser never joins two paragraphs."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc


def parse(texts, *, nlp=None, batch_size: int = 32):
    """Parse texts with paragraph breaks as sentence boundaries; yields spaCy ``Doc`` objects in order.

    Args:
        texts: an iterable of plain texts.
        nlp: a spaCy pipeline (default :func:`mediabias.nlp.load_nlp`).
        batch_size: texts per batch.
    """
    if nlp is None:
        from mediabias.nlp import load_nlp

        nlp = load_nlp()
    docs = (_mark_paragraphs(nlp.make_doc(t)) for t in texts)
    for _, proc in nlp.pipeline:
        docs = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
    yield from docs


def extract_attributions(text: str, *, nlp=None, doc=None) -> pd.DataFrame:
    """Every attribution relation in a text, one row each, ordered by content offset.

    Args:
        text: plain text (paragraphs separated by blank lines).
        nlp: a spaCy pipeline (default :func:`mediabias.nlp.load_nlp`).
        doc: an already parsed ``Doc`` of ``text`` (from :func:`parse`; skips parsing).

    Returns:
        A DataFrame with the columns of :data:`COLUMNS` (offsets index ``text``).

    Example:
        >>> extract_attributions('He said that it was over.').kind.tolist()  # doctest: +SKIP
        ['indirect']
    """
    if doc is None:
        doc = next(parse([text], nlp=nlp))
    text = _text(doc)
    lex = spk.reporting_verbs()
    require = dict(zip(lex["verb"], lex["content"]))
    nouns = spk.reporting_nouns()
    classes = dict(zip(nouns["noun"], zip(nouns["cue_class"], nouns["category"])))
    classes.update(zip(lex["verb"], zip(lex["cue_class"], lex["category"])))
    quotes = quote_spans(text)
    verb_atts = _verb_cues(doc, quotes, require)
    extra = _prepositional_cues(doc, quotes) + _noun_cues(doc, quotes, set(nouns["noun"]))
    atts = _link_quotes(doc, quotes, verb_atts, extra, require)
    info = spk.resolve(doc, atts, quotes)
    rows = []
    for a, meta in zip(atts, info):
        lemma = a.cue_lemma
        cue_class, category = classes.get(lemma, ("neutral", "speech" if lemma else None))
        rows.append({
            "source_start": a.source[0] if a.source else None, "source_end": a.source[1] if a.source else None,
            "source_text": text[a.source[0]:a.source[1]] if a.source else None,
            "cue_start": a.cue[0] if a.cue else None, "cue_end": a.cue[1] if a.cue else None,
            "cue_text": text[a.cue[0]:a.cue[1]] if a.cue else None,
            "content_start": a.content[0], "content_end": a.content[1], "content_text": text[a.content[0]:a.content[1]],
            "kind": _kind(text, a.content, quotes, skip=_frame(text, a, quotes)),
            **meta,
            "cue_class": cue_class,
            "cue_lemma": lemma or None,
            "cue_category": category,
            "addressee": a.addressee,
        })
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("source_start", "source_end", "cue_start", "cue_end", "content_start", "content_end"):
        table[col] = table[col].astype("Int64")
    table["named"] = table["named"].astype(bool)
    return table.sort_values(["content_start", "cue_start"], kind="stable").reset_index(drop=True)


#: Columns :func:`attributions` adds to :data:`COLUMNS`.
CORPUS_COLUMNS = {
    "attribution_id": "'{article_id}:a{NNN}', numbered in text order",
    "article_id": "the article",
    "outlet": "the outlet that published the article",
    "segment_id": "the sentence holding the cue (or the content start when there is no cue)",
    "paragraph": "paragraph number of that sentence",
    "voice": "author | excerpt (mediabias.segment.locate)",
    "origin_outlet": "whose words the sentence is: the excerpted outlet for excerpts, else the publisher",
    "chain": "chain of credit, e.g. 'Hot Air → The New York Times → an American official in Iraq'",
}


def attributions(corpus=None, *, nlp=None) -> pd.DataFrame:
    """Every attribution in a corpus, with voice and chain of credit.

    Speakers are resolved within each article, then short names are merged across the articles of one story.

    Args:
        corpus: a :class:`mediabias.corpus.Corpus`, a corpus directory, or ``None`` for the bundled corpus.
        nlp: a spaCy pipeline (default :func:`mediabias.nlp.load_nlp`).

    Returns:
        One row per attribution: :data:`CORPUS_COLUMNS` then :data:`COLUMNS`, sorted by article and offset.
    """
    from mediabias.corpus import Corpus, load_corpus
    from mediabias.segment import locate

    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    arts = corpus.articles.sort_values("article_id")
    names = dict(zip(arts["outlet"], arts["outlet_name"]))
    frames = []
    for (aid, outlet), doc in zip(zip(arts["article_id"], arts["outlet"]), parse(arts["text"].tolist(), nlp=nlp)):
        table = extract_attributions(_text(doc), doc=doc)
        table.insert(0, "outlet", outlet)
        table.insert(0, "article_id", aid)
        table.insert(0, "attribution_id", [f"{aid}:a{i:03d}" for i in range(len(table))])
        frames.append(table)
    cols = list(CORPUS_COLUMNS) + list(COLUMNS)
    if not frames:
        return pd.DataFrame(columns=cols)
    table = pd.concat(frames, ignore_index=True)
    # one name per person across the articles of a story ("Obama" in one post, "Barack Obama" in another)
    story = table["article_id"].map(dict(zip(arts["article_id"], arts["story"])))
    for _, idx in table[table["named"]].groupby(story[table["named"]]).groups.items():
        mapping = spk.merge_short_names(table.loc[idx, "speaker"].dropna().tolist())
        table.loc[idx, "speaker"] = table.loc[idx, "speaker"].map(lambda n: mapping.get(n, n))
    table["start"] = table["cue_start"].fillna(table["content_start"]).astype(int)
    table = locate(table, corpus.segments).drop(columns=["start", "speaking_outlet"], errors="ignore")
    for outlet in set(table["origin_outlet"].dropna()) - set(names):
        names[outlet] = corpus.outlet_name(outlet)

    def chain(row) -> str:
        links = [names.get(row["outlet"], row["outlet"])]
        if row["voice"] == "excerpt" and row["origin_outlet"] and row["origin_outlet"] != row["outlet"]:
            links.append(names.get(row["origin_outlet"], row["origin_outlet"]))
        links.append(row["speaker"] if isinstance(row["speaker"], str) else "(unresolved source)")
        return " → ".join(links)

    table["chain"] = table.apply(chain, axis=1)
    return table[cols].reset_index(drop=True)


def rates(table: pd.DataFrame, segments: pd.DataFrame, *, by=("outlet", "voice"), n_boot: int = 1000,
          seed: int = 0) -> pd.DataFrame:
    """Attributions per 1,000 words and named share per group, with article-bootstrap 95% intervals.

    Args:
        table: :func:`attributions` output.
        segments: ``Corpus.segments`` (paragraph rows give the word counts per voice).
        by: grouping columns present in both tables.
        n_boot: bootstrap resamples of articles within each group.
        seed: random seed.

    Returns:
        One row per group: ``n_articles, n_words, n_attributions, per_1000_words, per_1000_lo, per_1000_hi,
        n_named, named_share``.
    """
    import numpy as np

    by = list(by)
    words = segments[segments["level"] == "paragraph"].groupby(["article_id"] + by)["n_words"].sum()
    counts = table.groupby(["article_id"] + by).agg(n=("attribution_id", "size"), named=("named", "sum"))
    per_article = words.to_frame().join(counts, how="left").fillna({"n": 0, "named": 0}).reset_index()
    rng = np.random.default_rng(seed)
    rows = []
    for key, g in per_article.groupby(by, sort=True):
        w, n = g["n_words"].to_numpy(float), g["n"].to_numpy(float)
        idx = rng.integers(0, len(g), size=(n_boot, len(g)))
        boot = 1000 * n[idx].sum(1) / np.maximum(w[idx].sum(1), 1)
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key)), "n_articles": len(g), "n_words": int(w.sum()),
                     "n_attributions": int(n.sum()), "per_1000_words": round(1000 * n.sum() / max(w.sum(), 1), 2),
                     "per_1000_lo": round(float(np.percentile(boot, 2.5)), 2),
                     "per_1000_hi": round(float(np.percentile(boot, 97.5)), 2),
                     "n_named": int(g["named"].sum()),
                     "named_share": round(g["named"].sum() / n.sum(), 3) if n.sum() else float("nan")})
    return pd.DataFrame(rows)


def highlight_html(text: str, table: pd.DataFrame) -> str:
    """The text as HTML (escaped) with sources, cues and contents of ``table`` marked up.

    Sources are bold, cues underlined, contents highlighted; each content carries its speaker as a tooltip.
    """
    import html

    marks: dict[int, list[str]] = {}
    for r in table.itertuples():
        spans = [(r.content_start, r.content_end, f'<mark title="{html.escape(str(r.speaker))}">', "</mark>"),
                 (r.source_start, r.source_end, "<b>", "</b>"), (r.cue_start, r.cue_end, "<u>", "</u>")]
        for start, end, open_tag, close_tag in spans:
            if pd.isna(start):
                continue
            marks.setdefault(int(start), []).append(open_tag)
            marks.setdefault(int(end), []).insert(0, close_tag)
    out, last = [], 0
    for pos in sorted(marks):
        out.append(html.escape(text[last:pos]))
        out.extend(t for t in marks[pos] if t.startswith("</"))
        out.extend(t for t in marks[pos] if not t.startswith("</"))
        last = pos
    out.append(html.escape(text[last:]))
    return "<div style='white-space: pre-wrap'>" + "".join(out) + "</div>"
