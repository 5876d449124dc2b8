"""Attribution kinds (pass 4 of :mod:`mediabias.sources`): sourcing vs the author's conjecture, and the
negation and modality of each cue.

An opinion writer credits people with thoughts nobody reported ("Obama wants to make a little political hay",
"Maybe Obama thought ..."). PolNeAR counts those as attributions, and the extractor keeps finding them, but a
source measure must not: this module marks each relation as

* ``speech``: reported speech or writing (a quotation, a speech/writing cue, ``according to``, ``per``, a colon);
* ``position``: a belief, intention, evaluation, finding or act credited to a source in a reporting context
  (the same speaker is reported speaking within ``context_paragraphs``, or the cue's sentence has its own
  speech cue);
* ``conjecture``: a mental state the author ascribes without a source: hedged (``maybe``, ``apparently``,
  ``may have``), an omission the author asserts (``neglected to mention``), or a belief/intention cue with no
  reporting context.

The rules and word lists are data: ``resources/attribution_kinds.yaml`` (with their sources).
Only ``speech`` and ``position`` are sourcing (:data:`SOURCING_KINDS`).
"""

from __future__ import annotations

import functools
from importlib import resources

import pandas as pd
import yaml

from mediabias.sources.quotes import paragraph_spans
from mediabias.sources.speakers import WRITER
from mediabias.sources.syntax import sentence_of, text_of

#: Attribution kinds that count as sourcing (source density, named share, top speakers, chains).
SOURCING_KINDS = ("speech", "position")

#: Columns :func:`classify` adds to the attribution table.
KIND_COLUMNS = {
    "attribution_kind": "speech (reported speech/writing) | position (reported belief, intention, evaluation, "
    "act, in a reporting context) | conjecture (a mental state the author ascribes without a source)",
    "kind_reason": "the rule that decided attribution_kind: quotation | speech cue | newsroom cue | speech act | public act "
    "| raising verb | relative clause | omission | prospect | modal | hedge | reporting marker | reporting "
    "context | no reporting context (a raising verb, 'X seems to', credits the author: speaker is then <NA>)",
    "negated": "True when the cue is negated ('does not believe') or governed by a negative implicative "
    "('refused to say', 'neglected to mention')",
    "negation": "the negating words ('not', 'refused to', 'neglected to'), else <NA>",
    "modality": "the hedge or modal on the cue ('maybe', 'may'), else <NA>",
    "sourcing": "True for speech and position: the rows source measures count",
}


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    """The kind rules of ``resources/attribution_kinds.yaml`` (lists as sets)."""
    raw = yaml.safe_load(resources.files("mediabias.resources").joinpath("attribution_kinds.yaml")
                         .read_text(encoding="utf-8"))
    out = dict(raw)
    for key in ("speech_categories", "reported_cues", "hedges", "hedge_modals", "negators", "reported_lemmas",
                "public_categories", "public_lemmas", "reporting_markers", "raising_lemmas", "speech_act_lemmas"):
        out[key] = frozenset(str(w).lower() for w in raw[key])
    out["implicatives"] = {str(k).lower(): str(v) for k, v in raw["implicatives"].items()}
    out["context_paragraphs"] = int(raw["context_paragraphs"])
    return out


def _cue_token(doc, start, end):
    if pd.isna(start):
        return None
    span = doc.char_span(int(start), int(end), alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root if len(span) > 1 and span.root.pos_ in ("VERB", "AUX", "NOUN") else span[0]


def cue_modifiers(tok) -> dict:
    """Negation, implicative and modality of one cue token.

    Returns ``{"negation", "implicative", "modality", "hedged", "modal"}``: the negating words, the
    implicative's class (omission | refusal | prospect), the hedge/modal words (or ``None``), and whether an
    epistemic adverb or a modal auxiliary is among them.
    The negation is on the cue itself or on the verb governing it through ``xcomp`` ("did not want to say");
    implicatives govern the cue through ``xcomp`` ("refused to say"); hedges are adverbs on the cue or on the
    verbs above it in its clause, or the cue's modal auxiliary.
    """
    r = rules()
    negation, implicative, modality, hedged, modal = [], None, [], False, False
    chain = [tok]
    while chain[-1].dep_ in ("xcomp", "ccomp", "conj", "dep", "pcomp", "prep") and chain[-1].head is not chain[-1] \
            and len(chain) < 4:
        chain.append(chain[-1].head)
        if chain[-2].dep_ not in ("xcomp", "pcomp", "prep"):
            break
    # modals reach the cue through these links ("would rather walk away than concede", "would want to say")
    reach = [all(t.dep_ in ("xcomp", "conj", "dep", "pcomp", "prep") for t in chain[:k]) for k in range(len(chain))]
    for level, t in enumerate(chain):
        for c in t.children:
            low = c.lower_
            if (c.dep_ == "neg" or c.dep_ in ("advmod", "det") and low in r["negators"]) and \
                    (level == 0 or chain[level - 1].dep_ == "xcomp"):
                negation.append(c)
            if c.dep_ == "advmod" and low in r["hedges"]:
                modality.append(c)
                hedged = True
            # the cue's own modal, or that of the verb it is conjoined to ("would rather walk away than concede")
            if c.dep_ == "aux" and low in r["hedge_modals"] and reach[level]:
                modality.append(c)
                modal = True
        if level > 0 and chain[level - 1].dep_ == "xcomp" and t.lemma_.lower() in r["implicatives"]:
            implicative = r["implicatives"][t.lemma_.lower()]
            negation.append(t)
    if r["implicatives"].get(tok.lemma_.lower()) == "refusal":  # the cue itself is a refusal: "refused to give"
        negation.append(tok)
    # a hedge opening the cue's sentence ("Maybe Obama ... thought"), hung elsewhere by the parser
    sent = sentence_of(tok)
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is not None and first.lower_ in r["hedges"] and first.i < tok.i and first not in modality:
        modality.append(first)
        hedged = True
    words = lambda toks: " ".join(t.text + (" to" if t.lemma_.lower() in r["implicatives"] and t is not tok else "")
                                  for t in sorted(set(toks), key=lambda t: t.i)) or None
    return {"negation": words(negation), "implicative": implicative, "modality": words(modality),
            "hedged": hedged, "modal": modal}


def classify(table: pd.DataFrame, doc) -> pd.DataFrame:
    """Add :data:`KIND_COLUMNS` to one text's attribution table (from ``extract_attributions``).

    Args:
        table: one text's attributions (offsets into ``doc.text``; ``kind``, ``cue_category``, ``cue_lemma``,
            ``speaker`` used).
        doc: the parsed text.

    Returns:
        A copy of ``table`` with the kind columns appended.

    Example:
        >>> t = extract_attributions("Maybe Obama thought the Iraqis would fold.")  # doctest: +SKIP
        >>> t[["speaker", "attribution_kind", "modality"]].values.tolist()  # doctest: +SKIP
        [['Obama', 'conjecture', 'Maybe']]
    """
    r = rules()
    out = table.copy()
    text = text_of(doc)
    paras = paragraph_spans(text)
    para_of = lambda pos: next((i for i, (s, e) in enumerate(paras) if s <= pos < e), len(paras))
    mods, base, markers, raising, relative = [], [], [], [], []
    for row in out.itertuples():
        tok = _cue_token(doc, row.cue_start, row.cue_end)
        raising.append(tok is not None and tok.lemma_.lower() in r["raising_lemmas"])
        relative.append(tok is not None and tok.dep_ == "relcl")
        mods.append(cue_modifiers(tok) if tok is not None else {"negation": None, "implicative": None,
                                                                  "modality": None, "hedged": False,
                                                                  "modal": False})
        before = text[doc[sentence_of(tok).start].idx:tok.idx].lower() if tok is not None else ""
        markers.append(any(m in before for m in r["reporting_markers"]))
        lemma = row.cue_lemma if isinstance(row.cue_lemma, str) else None
        if lemma is None or row.kind in ("direct", "mixed"):  # a belief cue with the words quoted is a position
            mental = row.cue_category not in r["speech_categories"] and lemma not in r["reported_cues"]
            base.append(("position" if lemma and mental else "speech", "quotation"))
        elif lemma in r["reported_cues"] or row.cue_category in r["speech_categories"]:
            base.append(("speech", "speech cue"))
        elif lemma in r["reported_lemmas"]:
            base.append(("speech", "newsroom cue"))
        elif lemma in r["speech_act_lemmas"]:
            base.append(("speech", "speech act"))
        elif row.cue_category in r["public_categories"] or lemma in r["public_lemmas"]:
            base.append(("position", "public act"))
        else:
            base.append((None, None))
    anchor = [int(s if not pd.isna(s) else c) for s, c in zip(out["cue_start"], out["content_start"])]
    paragraph = [para_of(a) for a in anchor]
    spoken: dict[str, list[int]] = {}
    for (kind, _), m, speaker, p in zip(base, mods, out["speaker"], paragraph):
        on_record = m["implicative"] not in ("omission", "prospect") and not (m["modal"] and not m["negation"])
        if kind == "speech" and on_record and isinstance(speaker, str):
            spoken.setdefault(speaker, []).append(p)
    kinds, reasons = [], []
    # a belief or intention inside the content of another source's speech is reported by that source (the reader's
    # scheme keeps such nested rows: "Harrison explained that Iranian officials believe that ...")
    spans = [(s, e, k) for s, e, (k, _) in zip(out["content_start"], out["content_end"], base)]
    nested = [not pd.isna(c) and any(k == "speech" and s <= c and ce <= e and (s, e) != (cs, ce)
                                     for s, e, k in spans)
              for c, ce, cs in zip(out["cue_start"], out["cue_end"], out["content_start"])]
    for (kind, reason), m, speaker, p, marked, rais, rel, inside_speech in zip(
            base, mods, out["speaker"], paragraph, markers, raising, relative, nested):
        if reason == "quotation":
            pass
        elif rais:
            kind, reason = "conjecture", "raising verb"
        elif inside_speech and kind != "speech" and not m["modal"] and not m["hedged"] \
                and m["implicative"] not in ("omission", "prospect"):
            kind, reason = "position", "reported by another source"
        elif rel and kind != "speech":
            kind, reason = "conjecture", "relative clause"
        elif m["implicative"] in ("omission", "prospect"):
            kind, reason = "conjecture", m["implicative"]
        elif m["modal"] and not m["negation"]:
            kind, reason = "conjecture", "modal"
        elif m["hedged"] and kind != "speech":
            kind, reason = "conjecture", "hedge"
        elif kind is None and marked:
            kind, reason = "position", "reporting marker"
        elif kind is None:
            near = isinstance(speaker, str) and any(abs(q - p) <= r["context_paragraphs"]
                                                    for q in spoken.get(speaker, []))
            kind, reason = ("position", "reporting context") if near else ("conjecture", "no reporting context")
        kinds.append(kind)
        reasons.append(reason)
    out["attribution_kind"] = kinds
    out["kind_reason"] = reasons
    out["negated"] = [m["negation"] is not None for m in mods]
    out["negation"] = pd.array([m["negation"] for m in mods], dtype="string")
    out["modality"] = pd.array([m["modality"] for m in mods], dtype="string")
    out["sourcing"] = out["attribution_kind"].isin(SOURCING_KINDS)
    # "Maliki doesn't appear to have what it takes": the inference is the author's, not Maliki's
    if "speaker" in out.columns and any(raising):
        rais = pd.Series(raising, index=out.index) & out["kind_reason"].eq("raising verb")
        out.loc[rais, "speaker"] = WRITER
        if "named" in out.columns:
            out.loc[rais, "named"] = False
    return out


def sourcing(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of an attribution table that are sourcing (speech or position); all rows of an older table
    without ``attribution_kind``."""
    if "attribution_kind" not in table.columns:
        return table
    return table[table["attribution_kind"].isin(SOURCING_KINDS)]
