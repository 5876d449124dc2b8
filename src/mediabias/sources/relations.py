"""Relation assembly (pass 2 of :mod:`mediabias.sources`, after the cues are found).

:class:`Attribution` is one relation while it is being assembled. :func:`link_quotes` attaches every
quotation to a cue (same sentence, colon introduction) or to the previous speaker, drops attributions
nested in another's content and duplicates; :func:`kind_of` and :func:`frame_of` classify the content as
direct, mixed or indirect.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from mediabias.sources import lexicon
from mediabias.sources.quotes import Quote, Quotes, paragraph_spans, quoted_parts
from mediabias.sources.syntax import sentence_of, sentence_window, span_of, text_of

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
    sourceless: bool = False  # a cue noun with no source written ("questions about ..."), kept without one


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def link_quotes(doc, quotes, verb_atts, extra_atts, lexicon, *, keep_nested: bool = False) -> list[Attribution]:
    """Attach every quotation to a cue (same sentence, colon introduction) or to the previous speaker.

    An attribution whose cue lies in another's content is dropped (PolNeAR's scheme), unless ``keep_nested``
    and the cue is outside quotation marks (the reader's scheme: "Rogin reminds us that despite the
    president's claim that ..." credits Obama's claim too); inside quotation marks it is the quoted words.
    """
    atts = [a for _, a in verb_atts] + extra_atts
    linked: list[Attribution] = []
    prev_quote_att: Attribution | None = None
    text = text_of(doc)
    paragraphs = paragraph_spans(text)
    para_of = lambda pos: next((i for i, (s, e) in enumerate(paragraphs) if s <= pos < e), -1)
    for q in quotes:
        span = (q.start, q.end)
        overlapping = [a for a in atts if _overlaps(a.content, span)]
        # '"A, B," he said': the parser reads the quotation as the verb's clause; that verb owns it
        inside = [a for a in overlapping if q.start <= a.content[0] and a.content[1] <= q.end
                  and a.cue is not None and not (q.start <= a.cue[0] < q.end)]
        owner = (inside or overlapping or [None])[0]
        if owner is None:
            window = sentence_window(doc, q)
            n_words = len(text_of(doc)[q.start:q.end].split())
            candidates = []
            for tok, att in verb_atts:
                # the source right after the quotation in its paragraph; the newline is looked for first, so the gap
                # to a source paragraphs away is not copied and stripped for every quotation (quadratic)
                after = att.source is not None and 0 <= att.source[0] - q.end and \
                    text.find("\n", q.end, att.source[0]) < 0 and len(text[q.end:att.source[0]].strip()) <= 12
                if not after and not any(s.start <= tok.i < s.end for s in window):
                    continue
                if n_words <= 4 and not _governs(tok, doc, q):
                    continue  # short quotes (scare quotes, titles) only as the cue's own complement
                if att.content is not None and not _adjacent(text_of(doc), att, span):
                    continue
                dist = min(abs(tok.idx - q.end), abs(tok.idx - q.start))
                candidates.append((dist, tok.i, att))
            if candidates:
                owner = min(candidates, key=lambda c: c[:2])[2]
            elif not q.paragraph_start and prev_quote_att is not None and prev_quote_att.content is not None \
                    and para_of(q.start) == para_of(prev_quote_att.content[1] - 1) \
                    and _no_cue_between(verb_atts, prev_quote_att.content[1], q.start, prev_quote_att):
                # '"A," he said. "B."': the same speaker goes on, in a row of its own (PolNeAR's reading)
                owner = _same_source_between(verb_atts, prev_quote_att.content[1], q.start, prev_quote_att) \
                    or prev_quote_att
            elif not q.paragraph_start and text_of(doc)[:q.start].rstrip().endswith(":"):
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
    keep = [a for a in atts + linked if a.content is not None and (a.source is not None or a.inherited or a.sourceless)]
    # 'quote' verbs (continue, read) need a quotation
    keep = [a for a in keep if lexicon.get(a.cue_lemma, "any") != "quote"
            or any(_overlaps(a.content, (q.start, q.end)) for q in quotes)]
    _split_adjacent(doc, keep, quotes)
    # One attribution inside another's content: PolNeAR gives each word to one attribution; keep the outer one.
    # An inline colon ('Q: ...', a heading) whose words are a sentence with its own cue gives way to that cue.
    drop = set()
    for a in keep:
        for b in keep:
            if a is not b and a.cue is not None and b.content[0] <= a.cue[0] and a.cue[1] <= b.content[1]:
                if keep_nested and _may_nest(doc, a, b, quotes):
                    continue
                if b.cue_lemma == ":" and a.source is not None and a.cue_lemma != ":" and b.content[0] < a.source[0] \
                        and not any(q.start <= a.cue[0] < q.end for q in quotes):
                    drop.add(id(b))
                else:
                    drop.add(id(a))
    keep = [a for a in keep if id(a) not in drop]
    out, seen = [], set()
    for a in sorted(keep, key=lambda a: (a.content[0], a.cue or (0, 0))):
        key = (a.cue, a.content)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


#: Modal auxiliaries: a nested cue under one is a forecast inside someone's report ("the Iraqis would request").
MODALS = {"will", "would", "may", "might", "can", "could", "should", "must", "'ll", "'d", "shall"}
FINITE_TAGS = {"VBD", "VBZ", "VBP"}


def _may_nest(doc, a: Attribution, b: Attribution, quotes) -> bool:
    """Whether attribution ``a``, whose cue lies in ``b``'s content, is an attribution of its own for a reader.

    It must be outside quotation marks (inside them it is the quoted words), have its own source written inside
    ``b``'s content (``the president's claim that``, ``Maliki has told``), naming people (a name, a pronoun, an
    organisation or a plural noun: not ``confusion is threatening to``), and a finite cue with no modal (not
    ``to discuss the issue``, ``the Iraqis would request``) or a noun cue.
    """
    if any(q.start <= a.cue[0] < q.end for q in quotes) or a.source is None:
        return False
    if not b.content[0] <= a.source[0] < b.content[1]:
        return False
    span = doc.char_span(a.cue[0], a.cue[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    cue = next((t for t in span if t.pos_ in ("VERB", "AUX", "NOUN")), span[0])
    head = a.head
    people = head is not None and (head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or head.pos_ in ("PROPN", "PRON")
                                   or head.tag_ in ("NNS", "NNPS") or head.lower_ in lexicon.TITLE_WORDS
                                   or head.lower_ in lexicon.QUANTIFIERS
                                   or any(c.dep_ == "det" and c.lower_ in lexicon.QUANTIFIERS | {"neither", "either", "each"}
                                          for c in head.children))  # "neither side wanted"
    if not people:
        return False
    if cue.pos_ == "NOUN":
        return True
    auxes = [c for c in cue.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in MODALS for c in auxes):
        return False
    return cue.tag_ in FINITE_TAGS or any(c.tag_ in FINITE_TAGS for c in auxes)


def _split_adjacent(doc, atts: list[Attribution], quotes) -> None:
    """End an attribution's content where a second, adjacent attribution begins (in place).

    ``Two officials tell Politico no decision's been made, two others ... confirm to the AP that it's a done
    deal``: the parser hangs the second clause inside the first one's content. When another attribution's source
    and cue both lie inside the content, outside quotation marks, and its source opens a clause after a comma,
    semicolon or dash after a clause of the first content's own (a finite verb: not "noted that, like him, X
    said"), the first content stops before that punctuation and the second is no longer nested.
    """
    text = text_of(doc)
    for a in atts:
        for b in atts:
            if a is b or a.content is None or b.source is None or b.cue is None or a.cue is None:
                continue
            lo, hi = a.content
            if not (lo < b.source[0] and b.cue[1] <= hi and a.cue[1] <= b.source[0]):
                continue
            if any(q.start <= b.source[0] < q.end or q.start <= b.cue[0] < q.end for q in quotes):
                continue
            cue = doc.char_span(b.cue[0], b.cue[1], alignment_mode="expand")
            verb = cue[0] if cue is not None and len(cue) else None
            if verb is None or verb.tag_ == "VBG":  # a participle ("..., citing ...") opens no clause of its own
                continue
            if any(c.dep_ == "advcl" and lo <= c.left_edge.idx and c.right_edge.idx < b.source[0]
                   for c in verb.children):
                continue  # "because, though there is a consensus ..., lawyers determined": the comma ends its own clause
            before = text[lo:b.source[0]].rstrip()
            if not (before and before[-1] in ",;—–" and before.rstrip(",;—– ")):
                continue
            part = doc.char_span(lo, lo + len(before.rstrip(",;—– ")), alignment_mode="expand")
            if part is not None and any(t.tag_ in FINITE_TAGS | {"MD"} for t in part):
                a.content = (lo, lo + len(before.rstrip(",;—– ")))


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
    """No other speaker's cue between two quotations ("...," Sullivan explained, adding that .... "..."): a cue of
    the same source (the same words) does not interrupt the speaker."""
    same = (lambda att: own is not None and own.source is not None and att.source == own.source)
    return not any(start <= tok.idx < end and att is not own and not same(att) for tok, att in verb_atts)


def _same_source_between(verb_atts, start: int, end: int, own: Attribution) -> Attribution | None:
    """The last attribution of ``own``'s source whose cue lies between two quotations ('"A," Sullivan explained,
    adding that ... "B."': B goes on from *adding*, which it follows), else ``None``."""
    found = [att for tok, att in verb_atts if start <= tok.idx < end and att is not own and own.source is not None
             and att.source == own.source]
    return found[-1] if found else None


def _adjacent(text: str, att: Attribution, span) -> bool:
    """True when ``span`` touches an attribution's content, source or cue with only punctuation between."""
    parts = [p for p in (att.content, att.source, att.cue) if p]
    lo, hi = min(p[0] for p in parts), max(p[1] for p in parts)
    gap = text[hi:span[0]] if span[0] >= hi else text[span[1]:lo] if span[1] <= lo else ""
    return len(gap.strip(" ,;:.—–-\"“”")) == 0 and "\n" not in gap


def _colon_intro(doc, q: Quote, verb_atts) -> Attribution | None:
    """``House Armed Services Chairman Buck McKeon:`` as the paragraph before a quotation."""
    before = text_of(doc)[:q.start].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if not colon:
        return None
    sent = sentence_of(colon[0])
    for tok, att in verb_atts:
        if sent.start <= tok.i < sent.end and att.content is None:
            return att
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if not words or any(t.pos_ in ("VERB", "AUX") for t in words) or len(words) > 12:
        return None
    src = words
    return Attribution(cue=(colon[0].idx, colon[0].idx + 1), source=span_of(src), content=None, cue_lemma=":",
                       source_tokens=src)


def frame_of(text: str, a: Attribution, quotes) -> tuple:
    """The inserted 'X told The Media Line.' between two quotations: source and cue up to the next quote."""
    parts = [p for p in (a.source, a.cue) if p]
    if not parts:
        return ()
    lo, hi = min(p[0] for p in parts), max(p[1] for p in parts)
    starts, ends = (quotes.starts(), quotes.ends()) if isinstance(quotes, Quotes) else (None, None)
    if starts is None:
        nxt = min([q.start for q in quotes if q.start >= hi] or [hi])
        between = any(0 <= lo - q.end <= 15 for q in quotes)  # a quotation closes just before the source
    else:  # the same, by binary search in the sorted starts and ends
        k = bisect_left(starts, hi)
        nxt = starts[k] if k < len(starts) else hi
        j = bisect_left(ends, lo - 15)
        between = j < len(ends) and ends[j] <= lo
    return ((lo, nxt if between and nxt - hi <= 40 else hi),)


def kind_of(text: str, content, quotes, skip=()) -> str:
    """direct: every word of the content is inside quotation marks; mixed: some are; indirect: none.

    Letters and digits are counted, outside the ``skip`` spans, piece by piece between the quotation marks and
    the skip spans' ends (:func:`~mediabias.sources.quotes.quoted_parts`), not by testing each character against
    every quotation: the time follows the content's length, not that times the article's quotations.
    """
    lo, hi = content
    quoted = quoted_parts(quotes, lo, hi)
    starts = [s for s, _ in quoted]
    skipped = sorted((max(s[0], lo), min(s[1], hi)) for s in skip if s and max(s[0], lo) < min(s[1], hi))
    cuts = sorted({lo, hi, *(x for part in quoted + skipped for x in part)})
    inside = outside = 0
    for a, b in zip(cuts, cuts[1:]):  # no quotation mark nor skip span begins or ends inside [a, b)
        if any(s <= a < e for s, e in skipped):
            continue
        letters = sum(map(str.isalnum, text[a:b]))
        k = bisect_right(starts, a) - 1  # the quoted parts are sorted and disjoint
        if k >= 0 and a < quoted[k][1]:
            inside += letters
        else:
            outside += letters
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"
