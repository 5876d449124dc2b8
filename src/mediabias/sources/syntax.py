"""Helpers over the spaCy parse used by every pass of :mod:`mediabias.sources`.

Parsing with paragraph breaks as sentence breaks (:func:`parse`), token spans, subjects, clause and object
ranges, and per-doc caches of the text and of the sentences.
"""

from __future__ import annotations

from mediabias.runtime.nlp import parse_texts, pipe_marked
from mediabias.sources import lexicon
from mediabias.sources.quotes import BOTH_QUOTES, CLOSE_QUOTES, OPEN_QUOTES, Quote

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
#: Dependencies through which a participle or conjoined cue inherits the subject of its head.
CLIMB_DEPS = ("conj", "advcl", "xcomp", "dep", "parataxis", "acomp", "pcomp", "prep")


def span_of(tokens) -> tuple[int, int]:
    tokens = [t for t in tokens if not t.is_space]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def trim_range(doc, start: int, end: int) -> tuple[int, int] | None:
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


def subtree_range(token, *, stop_at=None) -> tuple[int, int]:
    left, right = token.left_edge.i, token.right_edge.i + 1
    if stop_at is not None:  # keep the span on one side of the cue
        if left < stop_at.i < right:
            if token.i < stop_at.i:
                right = stop_at.i
            else:
                left = stop_at.i + 1
    return left, right


def source_tokens_of(subject, verb):
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
    while lo > 0 and (doc[lo - 1].lower_.strip(".") in lexicon.TITLE_WORDS and doc[lo - 1].lower_
                                       not in ("the", "us", "state") or doc[lo - 1].text in "().") \
            and doc[lo - 1].text not in CLOSE_QUOTES + BOTH_QUOTES and "\n" not in doc[lo - 1].text_with_ws:
        lo -= 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return [doc[i] for i in range(lo, hi + 1)]


def subject_of(verb, *, skip=None):
    """The grammatical subject a cue verb credits, following conjunctions and participles up the tree.

    ``skip(token)`` rules a subject out (a word inside the quotation the parser took for the subject)."""
    seen = 0
    tok = verb
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ == "with":
        # "with the latter vowing ...": the words between "with" and the participle are its subject, whatever
        # the parser hung them on (it often reads "latter" as a modifier of the verb)
        left = [c for c in verb.children if c.i < verb.i and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ")]
        if left:
            return left[-1]
    while tok is not None and seen < 6:
        for child in tok.children:  # passive: "was reported by X" (the cue's own agent only: in "officials were
            if child.dep_ == "agent" and seen == 0:  # dismayed by the announcement, seeing ..." it is not the source)
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        return gc
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS and not (skip is not None and skip(child)):
                return child
        if tok.dep_ in CLIMB_DEPS and tok.head is not tok:
            tok = tok.head
        elif tok.dep_ == "relcl":  # "Sullivan, who said": the relative pronoun is missing from the tree
            return tok.head
        else:
            tok = None
        seen += 1
    return None


def text_of(doc) -> str:
    """``doc.text``, cached (spaCy rebuilds the string from every token on each access)."""
    text = doc.user_data.get("mediabias_text")
    if text is None:
        text = doc.user_data["mediabias_text"] = doc.text
    return text


def sentence_of(tok):
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


def sentence_window(doc, q: Quote):
    """Sentences a quotation touches, plus a short cue sentence right after or a colon sentence right before."""
    first = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
    last = doc.char_span(q.end - 1, q.end, alignment_mode="expand")
    if not first or not last:
        return []
    sents = [sentence_of(first[0])]
    if sentence_of(last[0]).start != sents[0].start:
        sents.append(sentence_of(last[0]))
    tail = sents[-1]
    nxt_i = tail.end
    while nxt_i < len(doc) and doc[nxt_i].is_space and "\n" not in doc[nxt_i].text:
        nxt_i += 1
    if nxt_i < len(doc) and not doc[nxt_i].is_space and doc[nxt_i].idx - q.end <= 3 \
            and "\n" not in text_of(doc)[q.end:doc[nxt_i].idx]:
        nxt = sentence_of(doc[nxt_i])
        if len(nxt) <= 40:
            sents.append(nxt)
    head = sents[0]
    if head.start > 0:
        prev = sentence_of(doc[head.start - 1])
        gap = text_of(doc)[prev.end_char:q.start]
        if prev.text.rstrip().endswith((":", ",")) and "\n" not in gap:
            sents.insert(0, prev)
    return sents


TRAILING_MARKS = {"as", "after", "before", "while", "when", "though", "although", "since", "even", "until"}


def clause_range(comp, verb, *, split_participles: bool = False) -> tuple[int, int]:
    """A clause's token range without a trailing circumstantial clause ("..., as he faces a test").

    With ``split_participles`` (the reader's scheme) a trailing participle that is itself a cue ("asked them to
    take a stand ..., hoping to remove ...") ends the clause: it is a second attribution of the cue's subject.
    PolNeAR keeps it in the content."""
    lo, hi = subtree_range(comp, stop_at=verb)
    for child in comp.children:
        if split_participles and child.i > comp.i and child.dep_ == "advcl" and child.tag_ == "VBG" and child.i > 0 \
                and child.doc[child.left_edge.i - 1].text == "," \
                and child.lemma_.lower() in lexicon.reporting_verbs().index \
                and not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            hi = min(hi, child.left_edge.i)
        elif child.i > comp.i and child.dep_ == "advcl" and child.left_edge.lower_ in TRAILING_MARKS \
                and not any(t.text in OPEN_QUOTES + CLOSE_QUOTES + BOTH_QUOTES for t in child.subtree):
            hi = min(hi, child.left_edge.i)
        elif child.i > comp.i and child.dep_ == "conj" and child.tag_ == verb.tag_ != comp.tag_ \
                and (child.tag_ == "VBG" or child.lemma_ == verb.lemma_) \
                and not any(c.dep_ in SUBJECT_DEPS for c in child.children):
            # "telling them that X is a faker and questioning ...", "said that X ... and said ...": a second
            # predicate of the cue's own subject (same verb form as the cue), not part of the clause
            cut = min([c.i for c in comp.children if c.dep_ == "cc" and comp.i < c.i < child.i] + [child.left_edge.i])
            hi = min(hi, cut)
    return lo, hi


OBJECT_TAIL_DEPS = ("prep", "oprd", "xcomp", "ccomp", "advcl", "acomp", "dative", "attr")


def object_range(verb, obj, *, after=None) -> tuple[int, int]:
    """An object and what the verb says about it after it ("referred to Rubio as 'a bright leader'"),
    stopping before coordinated predicates and trailing circumstantial clauses."""
    lo, hi = subtree_range(obj, stop_at=verb)
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


def parse(texts, *, nlp=None, batch_size: int = 32):
    """Parse texts with paragraph breaks as sentence boundaries; yields spaCy ``Doc`` objects in order.

    With the default pipeline the ``Doc`` objects are the shared ones (:func:`mediabias.runtime.nlp.parse_texts`:
    an article parsed here is not parsed again by the steps after it).

    Args:
        texts: an iterable of plain texts.
        nlp: a spaCy pipeline (default :func:`mediabias.runtime.nlp.load_nlp`).
        batch_size: texts per batch.
    """
    if nlp is None:
        yield from parse_texts(texts, batch_size=batch_size)
    else:
        yield from pipe_marked(texts, nlp=nlp, batch_size=batch_size)
