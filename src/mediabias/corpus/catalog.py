"""A corpus known by what ``analyze`` needs of each article, without holding the articles' texts.

``mediabias analyze`` on a large corpus must not keep every article in memory (36,763 AllSides articles are
about 2 GB as a loaded :class:`~mediabias.corpus.articles.Corpus`). :func:`read_catalog` reads and validates
each article file once, keeps one small row per article (id, story, date, length, content digest) and lets the
text go; :meth:`Catalog.select_ids` reads a chunk's files again when the chunk is sent to be analysed, and
refuses an article whose file changed since (its results would be stored under the old content's key).

:meth:`Catalog.of` wraps a corpus already in memory (notebooks, tests) in the same interface.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from mediabias import paths
from mediabias.corpus.articles import (Article, Corpus, CorpusError, Problem, articles_table, open_corpus,
                                       parse_article)

COLUMNS = ("article_id", "story", "published", "path", "n_chars", "digest")


class ArticleChanged(RuntimeError):
    """An article's file changed between reading the catalog and analysing the article."""


def article_digest(article: Article, outlets: pd.DataFrame, memo: dict | None = None) -> str:
    """A hash of an article's front matter, its text and the rows of the outlets it involves (its content).

    ``memo`` keeps the serialised outlet rows per set of outlets (few distinct sets in a corpus).
    """
    memo = {} if memo is None else memo
    involved = tuple(sorted({article.meta["outlet"], *(p.origin_outlet for p in article.paragraphs if p.origin_outlet)}))
    if involved not in memo:
        memo[involved] = outlets[outlets["outlet_id"].isin(involved)].to_json(orient="records")
    meta = json.dumps(article.meta, sort_keys=True, default=str)
    return hashlib.sha256("\x00".join([meta, article.text, memo[involved]]).encode()).hexdigest()


def _row(article: Article, outlets: pd.DataFrame, memo: dict) -> dict:
    return {"article_id": article.id, "story": str(article.meta["story"]), "published": article.meta["published"],
            "path": article.path, "n_chars": len(article.text), "digest": article_digest(article, outlets, memo)}


@dataclasses.dataclass(frozen=True)
class Catalog:
    """Every article of a corpus as one row of :data:`COLUMNS`, in corpus order (published, then id).

    ``articles`` carries ``article_id`` and ``story`` as a :class:`Corpus`'s table does, so cross-article work
    that needs only those (the story-wide speaker merge) takes either.
    """

    directory: Path
    outlets: pd.DataFrame
    articles: pd.DataFrame
    loader: Callable[[list[str]], Corpus]

    @classmethod
    def of(cls, corpus: Corpus) -> "Catalog":
        """The catalog of a corpus in memory; its chunks are taken from it (:meth:`Corpus.select_ids`)."""
        memo: dict = {}
        rows = [_row(a, corpus.outlets, memo) for a in corpus.parsed]
        order = {aid: i for i, aid in enumerate(corpus.articles["article_id"])}
        rows.sort(key=lambda r: order[r["article_id"]])
        return cls(corpus.directory, corpus.outlets, pd.DataFrame(rows, columns=list(COLUMNS)), corpus.select_ids)

    def select_ids(self, ids: Iterable[str]) -> Corpus:
        """The corpus of the given articles (in corpus order), read from their files."""
        return self.loader(list(ids))

    def __len__(self) -> int:
        return len(self.articles)


def read_catalog(corpus: str | Path | None = None) -> Catalog:
    """Read and validate every article of a corpus folder, one at a time, keeping only its catalog row.

    Raises :class:`CorpusError` listing every problem, as :func:`~mediabias.corpus.articles.load_corpus` does
    (the same checks: each file, duplicate ids, the outlets, the raw files' checksums).
    """
    corpus_dir = paths.corpus_dir(corpus)
    problems: list[Problem] = []
    outlets, articles = open_corpus(corpus_dir, problems)
    memo: dict = {}
    rows = [_row(article, outlets, memo) for article in articles]
    if problems:
        raise CorpusError(problems)
    rows.sort(key=lambda r: (r["published"], r["article_id"]))
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    digests = dict(zip(table["article_id"], table["digest"]))
    files_of = dict(zip(table["article_id"], table["path"]))

    def load(ids: list[str]) -> Corpus:
        return _load_files(corpus_dir, outlets, [files_of[aid] for aid in ids], digests)

    return Catalog(corpus_dir, outlets, table, load)


def _load_files(corpus_dir: Path, outlets: pd.DataFrame, files: list[Path], digests: dict[str, str]) -> Corpus:
    """The corpus of some article files, each checked against the digest it had when the catalog was read."""
    outlet_ids, memo, parsed = set(outlets["outlet_id"]), {}, []
    for path in files:
        article, problems = parse_article(path, outlet_ids=outlet_ids, corpus_dir=corpus_dir)
        if article is None or article_digest(article, outlets, memo) != digests[article.id if article else path.stem]:
            raise ArticleChanged(f"{path.name} changed while the corpus was being analysed; rerun `mediabias analyze`"
                                 + (f" ({problems[0]})" if problems else ""))
        parsed.append(article)
    parsed.sort(key=lambda a: (a.meta["published"], a.id))
    return Corpus(corpus_dir, outlets, articles_table(parsed, outlets), tuple(parsed))
