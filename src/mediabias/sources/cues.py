"""Cue matching (pass 2 of :mod:`mediabias.sources`): reporting verbs, nouns, prepositions and colons.

Each finder returns :class:`~mediabias.sources.relations.Attribution` objects with the cue, the source and
(when the syntax gives one) the content; quotations are attached later by
:func:`mediabias.sources.relations.link_quotes`.
"""

from __future__ import annotations

from mediabias.sources import lexicon
from mediabias.sources.quotes import in_quote
from mediabias.sources.relations import Attribution
from mediabias.sources.syntax import (
    TRAILING_MARKS, clause_range, object_range, sentence_of, source_tokens_of, span_of, subject_of, subtree_range, trim_range,
)

ADDRESSEE_VERBS = {"tell", "ask", "urge", "inform", "warn", "remind", "assure", "advise", "order", "instruct",
                   "invite", "encourage", "beg", "implore", "caution", "promise", "accuse"}
CUE_PREPOSITIONS = {"about", "to", "for", "on", "of", "against", "as"}
#: Words that open an adverbial clause ("When Obama announced ..."), which is never what a cue reports.
SUBORDINATORS = {"when", "while", "as", "after", "before", "since", "because", "if", "once", "although", "though",
                 "until", "unless", "whether", "where", "whenever", "wherever"}


def _content_of(verb, require: str, *, reader: bool = False):
    """Content tokens range and cue extension for a cue verb, from its dependents.

    In the reader's scheme (``reader``) a cue in a relative clause with no complement takes the noun it describes
    as its content ("the outcome he proudly proclaimed"), and a trailing participial cue ends the clause
    (:func:`~mediabias.sources.syntax.clause_range`); PolNeAR annotates neither."""
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
            return clause_range(comp, verb, split_participles=reader), cue_end
    subj = next((c for c in by_dep.get("nsubj", []) + by_dep.get("nsubjpass", [])), None)
    for c in by_dep.get("advcl", []):
        # "As recently as August, Maliki's office was discussing ..., Ambassador Sumaida'ie said": the parser made
        # the reported clause an adverbial clause; it opens the sentence, has its own subject and no marker
        if subj is not None and "dobj" not in by_dep and c.right_edge.i < subj.i \
                and c.left_edge.i == sentence_of(verb).start \
                and not any(m.dep_ == "mark" or m.dep_ == "advmod" and m.lower_ in SUBORDINATORS for m in c.children) \
                and any(m.dep_ in ("nsubj", "nsubjpass") and m.tag_ not in ("WP", "WDT") for m in c.children):
            return subtree_range(c), cue_end
    lemma = verb.lemma_.lower()
    for child in verb.children:  # "said yes", "thinks so", "did not say when"
        if child.i > verb.i and child.lower_ in ("yes", "no", "so", "when", "why", "how", "whether") and \
                child.dep_ in ("dobj", "intj", "advmod", "attr"):
            return (child.i, child.i + 1), cue_end
    if require == "clause" and "dobj" in by_dep and (
            "oprd" in by_dep or any(c.lower_ == "as" for c in by_dep.get("prep", []))):
        obj = by_dep["dobj"][0]  # "see their own party as insufficiently committed"
        lo, hi = subtree_range(obj, stop_at=verb)
        for extra in by_dep.get("oprd", []) + [c for c in by_dep.get("prep", []) if c.lower_ == "as"]:
            e_lo, e_hi = subtree_range(extra, stop_at=verb)
            lo, hi = min(lo, e_lo), max(hi, e_hi)
        return (lo, hi), cue_end
    if require != "any":
        return None, cue_end
    if reader and verb.dep_ == "relcl" and not any(d in by_dep for d in ("dobj", "ccomp", "xcomp", "prep", "dative")) \
            and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i \
            and not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in by_dep.get("nsubj", [])):
        # "the outcome he proudly proclaimed": what was said is the noun the relative clause describes
        noun = verb.head
        return (noun.left_edge.i, verb.left_edge.i), cue_end
    passive = "nsubjpass" in by_dep  # "was asked a question": the object is the content
    if "dobj" in by_dep and (lemma not in ADDRESSEE_VERBS or passive):
        obj = by_dep["dobj"][0]
        if not obj.lower_.endswith("self") or "oprd" in by_dep:  # "calls himself a socialist"
            return object_range(verb, obj), cue_end
    obj = (by_dep.get("dobj") or [None])[0]
    if obj is not None and any(c.dep_ == "prep" and c.lower_ in ("of", "for", "about", "over", "against")
                               for c in obj.children):  # "accused Trump of using divisive rhetoric"
        return subtree_range(obj, stop_at=verb), cue_end
    for prep in by_dep.get("prep", []):
        if lemma in ADDRESSEE_VERBS and prep.lower_ in ("against", "about", "of", "over", "for") and \
                any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
            return subtree_range(prep, stop_at=verb), cue_end
        if prep.lower_ in CUE_PREPOSITIONS and prep.i == cue_end and any(c.dep_ in ("pobj", "pcomp")
                                                                             for c in prep.children):
            pobj = next(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
            return object_range(verb, pobj, after=prep), prep.i + 1
    return None, cue_end


def _inline_colon(doc, tok, quotes) -> Attribution | None:
    """``Matthews: Well, speculation is bad.`` / ``Pew Research: "..."``: a short name, a colon, the words.

    The name is what precedes the colon in its line (after any dash); the content runs to the paragraph end.
    """
    start, words = tok.i, 0
    while start > 0 and "\n" not in doc[start - 1].text_with_ws and doc[start - 1].text not in ("-", "—", "–", "|"):
        start -= 1
        words += not doc[start].is_space
        if words > 8:  # no name is that long (below): stop here, not at the start of a line of thousands of words
            return None
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
    if len(left) == 1 and (len(left[0].text) == 1 or left[0].pos_ != "PROPN" and left[0].ent_type_ != "PERSON"):
        return None  # interview turns ("Q:", "A:") and headline labels ("Breaking:", "Poll:")
    if all(t.ent_type_ in ("GPE", "LOC", "DATE", "") for t in left) and any(t.ent_type_ for t in left) \
            and not any(t.ent_type_ in ("PERSON", "ORG") for t in left):
        return None  # list headings ("Iowa:", "New Hampshire:")
    if any(t.lower_ in ("note", "update", "editor", "photo", "video", "watch", "read", "source", "via", "related",
                        "image", "credit", "caption", "follow", "email", "contact", "subscribe") for t in left):
        return None
    content = trim_range(doc, tok.i + 1, end)
    if content is None:
        return None
    return Attribution(cue=(tok.idx, tok.idx + 1), source=span_of(left), content=content, cue_lemma=":",
                       source_tokens=left)


def prepositional_cues(doc, quotes) -> list[Attribution]:
    """``according to X`` and ``per X`` attributions: the rest of the clause is the content."""
    found = []
    for tok in doc:
        if tok.text == ":" and not in_quote(tok.idx, quotes) and tok.i + 1 < len(doc) \
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
        if pobj is None or in_quote(tok.idx, quotes):
            continue
        src = source_tokens_of(pobj, tok)
        phrase = {t.i for t in tok.subtree} | {t.i for t in cue_tokens} | {t.i for t in src}
        sent = sentence_of(tok)  # the content is the rest of the sentence, on the longer side of the phrase
        lo, hi = sent.start, sent.end
        p_lo, p_hi = min(phrase), max(phrase) + 1
        left, right = (lo, p_lo), (p_hi, hi)
        words = lambda r: sum(1 for i in range(*r) if not doc[i].is_punct and not doc[i].is_space)
        rng = left if words(left) >= words(right) else right
        content = trim_range(doc, *rng)
        if content is None:
            continue
        found.append(Attribution(cue=span_of(cue_tokens), source=span_of(src), content=content, cue_lemma=lemma,
                                 source_tokens=src, head=pobj))
    return found


NOT_CUES = {"be", "have", "do", "make", "mean", "ensure", "insure", "guarantee", "prove", "get", "go", "take",
            "give", "let", "help", "seem", "matter", "happen", "turn", "come"}


def _generic_cue(verb) -> bool:
    """A verb outside the lexicon whose clause (with *that*/*whether*/*if*, or a bare finite clause after the verb)
    is credited to a person or organisation."""
    if verb.lemma_.lower() in NOT_CUES:
        return False
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is None:
        return False
    marked = any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in comp.children)
    bare = comp.i > verb.i and any(c.dep_ in ("nsubj", "nsubjpass") for c in comp.children)  # "X figures it's over"
    if not (marked or bare):
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and (subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                 or subj.lower_ in lexicon.PERSON_PRONOUNS | {"they", "we", "i", "who"})


def _framing_content(verb, subj):
    """Content outside the verb's own complements.

    * ``as Clyburn noted, those voters will ...`` and ``..., she argued, ...``: the clause the cue is inserted in;
    * ``These proposals have been applauded by X``: the passive subject.
    """
    doc = verb.doc
    if any(c.dep_ == "agent" for c in verb.children):
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and passive.lower_ not in lexicon.ALL_PRONOUNS:
            return trim_range(doc, *subtree_range(passive, stop_at=verb))
    inserted = verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children))
    if not inserted or verb.head is verb:
        return None
    head = verb.head
    own = {t.i for t in verb.subtree}
    lo, hi = max(head.left_edge.i, sentence_of(verb).start), min(head.right_edge.i + 1, sentence_of(verb).end)
    left = [i for i in range(lo, hi) if i < min(own)]
    right = [i for i in range(lo, hi) if i > max(own)]
    words = lambda ids: sum(1 for i in ids if not doc[i].is_punct)
    side = left if words(left) >= words(right) else right
    return trim_range(doc, side[0], side[-1] + 1) if side else None


def adverb_cues(doc, quotes, adverbs) -> list[Attribution]:
    """``a number that reportedly left the brass "livid"``: an adverb of ``adverbs`` credits the clause it modifies
    to unnamed reports (no source; the clause, relative pronoun included, is the content)."""
    found = []
    for tok in doc:
        if tok.lower_ not in adverbs or tok.dep_ != "advmod" or in_quote(tok.idx, quotes):
            continue
        head = tok.head
        if head.pos_ not in ("VERB", "AUX") or head is tok:
            continue
        sent = sentence_of(tok)
        lo, hi = subtree_range(head)
        content = trim_range(doc, max(lo, sent.start), min(hi, sent.end))
        if content is None:
            continue
        found.append(Attribution(cue=(tok.idx, tok.idx + len(tok.text)), source=None, content=content,
                                 cue_lemma=tok.lower_, sourceless=True))
    return found


def noun_cues(doc, quotes, nouns, bare=frozenset()) -> list[Attribution]:
    """``Trump's claim that ...``, ``calls by Democrats for ...``: a cue noun with a source and a content;
    nouns in ``bare`` also without a source (``questions about her emails``)."""
    found = []
    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in nouns or in_quote(tok.idx, quotes):
            continue
        src = next((c for c in tok.children if c.dep_ == "poss"), None)
        if src is None:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            src = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        content = None
        for child in tok.children:
            if child.dep_ in ("acl", "ccomp") and child.i > tok.i:
                content = trim_range(doc, *subtree_range(child))
                break
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "to", "on", "about", "against") \
                    and any(c.dep_ in ("pobj", "pcomp") for c in child.children):
                obj = next(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
                content = trim_range(doc, *subtree_range(obj))
                break
        if content is None:
            continue
        if src is None and tok.lemma_.lower() not in bare:
            continue
        if src is None:  # "questions about her email habits": PolNeAR credits the content to no written source
            found.append(Attribution(cue=(tok.idx, tok.idx + len(tok.text)), source=None, content=content,
                                     cue_lemma=tok.lemma_.lower(), sourceless=True))
            continue
        src_toks = [src] if src.lower_ in lexicon.ALL_PRONOUNS else source_tokens_of(src, tok)
        src_toks = [t for t in src_toks if t.text not in ("'s", "’s")] or [src]
        found.append(Attribution(cue=(tok.idx, tok.idx + len(tok.text)), source=span_of(src_toks), content=content,
                                 cue_lemma=tok.lemma_.lower(), source_tokens=src_toks, head=src))
    return found


def _inverted_subject(verb):
    """``"...," said Ben Carson, asked about ...``: the noun phrase right after the verb, which the parser
    hung on the following participle; ``None`` unless it starts next to the verb and names someone."""
    doc = verb.doc
    if verb.i + 1 >= len(doc):
        return None
    tok = doc[verb.i + 1]
    while tok.head is not tok and tok.head.i > verb.i and tok.head.pos_ in ("NOUN", "PROPN") \
            and tok.head.i - verb.i <= 8:
        tok = tok.head
    return tok if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass", "appos", "npadvmod",
                                                                  "dobj", "conj") else None


def _make_clear(verb):
    """``makes clear that ...`` / ``made it clear that ...``: the ``clear`` of a *make* that takes a that-clause."""
    if verb.lemma_.lower() != "make":
        return None
    clear = next((c for c in verb.children if c.lower_ == "clear" and c.dep_ in ("ccomp", "acomp", "oprd", "advmod")), None)
    if clear is None or not any(c.dep_ in ("csubj", "ccomp", "advcl") and any(m.dep_ == "mark" and m.lower_ == "that"
                                                                               for m in c.children)
                                for c in clear.children):
        return None
    return clear


def _make_clear_attribution(verb, clear, quotes) -> Attribution:
    """The attribution of a *make clear* cue: the subject, ``make [it] clear``, the that-clause(s)."""
    doc = verb.doc
    clause = next(c for c in clear.children if c.dep_ in ("csubj", "ccomp", "advcl"))
    content = trim_range(doc, *subtree_range(clause))
    subj = subject_of(verb, skip=lambda t: in_quote(t.idx, quotes))
    source_tokens = source_tokens_of(subj, verb) if subj is not None else []
    return Attribution(cue=(verb.idx, clear.idx + len(clear.text)), source=span_of(source_tokens) if source_tokens
                       else None, content=content, cue_lemma="make clear", source_tokens=source_tokens,
                       head=subj if source_tokens else None)


def verb_cues(doc, quotes, lexicon, *, reader: bool = False) -> list[tuple[object, Attribution]]:
    """Reporting verbs outside quotation marks, with subject and (clausal/object) content if any
    (``reader``: the reader's scheme, see :func:`_content_of`)."""
    found = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
            continue
        clear = _make_clear(tok)
        if clear is not None and "make clear" in lexicon and not in_quote(tok.idx, quotes):
            found.append((tok, _make_clear_attribution(tok, clear, quotes)))
            continue
        if tok.dep_ == "acl" and tok.tag_ != "VBG":  # "supporters backing Clinton" yes, "changes proposed" no
            continue
        if lemma not in lexicon and not _generic_cue(tok):
            continue
        if in_quote(tok.idx, quotes):
            continue
        require = lexicon.get(lemma, "clause")
        rng, cue_end = _content_of(tok, require, reader=reader)
        content = trim_range(doc, *rng) if rng else None
        subj = tok.head if tok.dep_ == "acl" else subject_of(tok, skip=lambda t: in_quote(t.idx, quotes))
        if subj is not None and any(c.lower_ == "whose" for c in subj.children):
            # "the troops whose return Obama wants to hail": the parser makes "return" the subject and hangs the
            # real one on it as npadvmod
            inner = next((c for c in subj.children if c.dep_ in ("npadvmod", "appos") and c.i > subj.i
                          and c.pos_ == "PROPN"), None)
            subj = inner if inner is not None else subj
        if content is None:
            content = _framing_content(tok, subj)
        if subj is None and any(0 <= tok.idx - q.end <= 4 for q in quotes):
            subj = next((c for c in tok.children if c.dep_ in ("dobj", "attr", "npadvmod") and c.i > tok.i), None) \
                or _inverted_subject(tok)
            if subj is not None:
                content = None
        source_tokens = []
        if subj is not None:
            if subj.dep_ != "relcl" and subj.i != tok.i and not in_quote(subj.idx, quotes):
                source_tokens = source_tokens_of(subj, tok)
        addressee = None
        if lemma in ADDRESSEE_VERBS:
            obj = next((c for c in tok.children if c.dep_ in ("dative", "dobj")), None)
            if obj is not None:
                addressee = doc[obj.left_edge.i: obj.right_edge.i + 1].text
        att = Attribution(cue=(tok.idx, doc[cue_end - 1].idx + len(doc[cue_end - 1].text)),
                          source=span_of(source_tokens) if source_tokens else None, content=content,
                          cue_lemma=lemma, source_tokens=source_tokens, addressee=addressee,
                          head=subj if source_tokens else None)
        found.append((tok, att))
    return found
