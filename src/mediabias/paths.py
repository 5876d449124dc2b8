"""Every path the project uses, computed in one place.

Nothing else in the package builds paths from strings: notebooks, the command line and the
evaluation harness all ask this module.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
MODELS_DIR = PACKAGE_DIR / "models"

#: The project checkout (``src/mediabias`` → two levels up). Only meaningful for an editable install.
PROJECT_DIR = PACKAGE_DIR.parent.parent

DATA_ENV = "MEDIABIAS_DATA"
CORPUS_ENV = "MEDIABIAS_CORPUS"


def corpus_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The corpus directory: ``explicit``, else ``$MEDIABIAS_CORPUS``, else the bundled ``corpus/``."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    if os.environ.get(CORPUS_ENV):
        return Path(os.environ[CORPUS_ENV]).expanduser().resolve()
    return PROJECT_DIR / "corpus"


def is_bundled_corpus(article_ids) -> bool:
    """Whether ``article_ids`` are exactly the bundled corpus's articles (``corpus/articles/*.md``), the corpus the
    notebooks' prose was written about. An analyst's corpus, an added article or a story or outlet selection is
    not."""
    bundled = {p.stem for p in (PROJECT_DIR / "corpus" / "articles").glob("*.md")}
    return bool(bundled) and set(article_ids) == bundled


def data_dir(explicit: str | os.PathLike | None = None) -> Path | None:
    """Where the public gold datasets live, or ``None`` when they are not on this machine.

    Order: ``explicit``, ``$MEDIABIAS_DATA``, then ``../shared/datasets`` beside the checkout.
    """
    for candidate in (explicit, os.environ.get(DATA_ENV)):
        if candidate:
            path = Path(candidate).expanduser().resolve()
            return path if path.exists() else None
    default = PROJECT_DIR.parent / "shared" / "datasets"
    return default if default.exists() else None


def dataset(name: str, explicit: str | os.PathLike | None = None) -> Path | None:
    """One dataset folder (e.g. ``"polnear"``) under :func:`data_dir`, or ``None`` when absent."""
    root = data_dir(explicit)
    if root is None:
        return None
    path = root / name
    return path if path.exists() else None


def figures_dir() -> Path:
    """The committed figures of the bundled corpus (``figures/``). Notebooks take their folder as the ``FIGURES``
    parameter (default ``../figures`` from ``notebooks/``, i.e. this folder); filtered builds pass their own."""
    return PROJECT_DIR / "figures"


def evaluation_dir() -> Path:
    """Committed evaluation results (one file per instrument)."""
    return PROJECT_DIR / "evaluation"


def results_dir(corpus: str | os.PathLike | None = None) -> Path:
    """Computed analysis tables of one corpus (Parquet): ``<corpus>/results/``, git-ignored.

    Inside the corpus so that two corpora in one parent folder (``corpus/`` and ``my-corpus/``) never
    overwrite each other's tables; nothing in the corpus reads it (articles, raw files and outlets only).
    """
    return corpus_dir(corpus) / "results"
