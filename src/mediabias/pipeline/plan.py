"""Which article x step an analysis computes, and how those articles are cut into tasks.

:func:`make_plan` keys every (step, article) (:func:`mediabias.pipeline.versions.article_key`), looks the keys up in
the store, and cuts the articles with anything left to compute into chunks (:func:`plan_chunks`), sent the
largest first (:func:`largest_first`). The cut depends only on which articles need work, never on how many workers
run them, and each chunk's results depend on the chunk alone, so the tables are the same however they are run.
"""

from __future__ import annotations

import dataclasses

from mediabias.corpus.articles import Corpus
from mediabias.corpus.catalog import ArticleChanged, Catalog
from mediabias.pipeline.failures import Failure
from mediabias.pipeline.steps import Step, step_inputs
from mediabias.pipeline.store import Store
from mediabias.pipeline.versions import article_key

#: Articles per task: large enough that a worker's per-task overhead is small, small enough that a killed run
#: loses little (a chunk's results are written when the chunk is finished) and workers share the load evenly.
CHUNK_SIZE = 8
#: ... and at most this many characters of text (an article longer than that is a chunk of its own): a worker's
#: memory follows its largest chunk, and a corpus of thousands of articles has a few chunks of the longest ones.
CHUNK_CHARS = 60_000


@dataclasses.dataclass(frozen=True)
class Plan:
    """What one analysis computes.

    ``steps``: the steps to run, in pipeline order. ``ids``: the articles, in corpus order. ``keys[(step,
    article_id)]``: the cache key of each. ``todo[article_id]``: the steps to compute for it (not cached).
    ``chunks``: the articles with anything to compute, cut into tasks, in the order they are sent.
    """

    steps: tuple[Step, ...]
    ids: list[str]
    keys: dict[tuple[str, str], str]
    todo: dict[str, list[str]]
    chunks: list[list[str]]

    def inputs(self, chunk: list[str]) -> set[str]:
        """The steps whose results the planned steps of ``chunk``'s articles are given."""
        by_name = {s.name: s for s in self.steps}
        return {n for aid in chunk for name in self.todo[aid] for n in step_inputs(by_name[name])}


def make_plan(catalog: Catalog, steps: list[Step], versions: dict[str, str], store: Store, *,
              chunk_size: int = CHUNK_SIZE, max_chars: int = CHUNK_CHARS) -> Plan:
    """The :class:`Plan` of ``steps`` over the articles of ``catalog``, given what ``store`` holds."""
    ids = list(catalog.articles["article_id"])
    digests = dict(zip(ids, catalog.articles["digest"]))
    keys = {(s.name, aid): article_key(digests[aid], versions[s.name]) for s in steps for aid in ids}
    todo = {aid: [s.name for s in steps if not store.cached(s.name, aid, keys[(s.name, aid)])] for aid in ids}
    length = dict(zip(ids, catalog.articles["n_chars"]))
    chunks = largest_first(plan_chunks(ids, todo, chunk_size, length, max_chars), length, todo)
    return Plan(tuple(steps), ids, keys, todo, chunks)


def plan_chunks(ids: list[str], todo: dict[str, list[str]], size: int,
                length: dict[str, int] | None = None, max_chars: int = CHUNK_CHARS) -> list[list[str]]:
    """The articles with something to compute, in corpus order, cut into chunks of ``size`` articles and, when
    ``length`` (characters per article) is given, of at most ``max_chars`` characters.

    The cut depends only on which articles need work, never on how many workers run them.
    """
    chunks: list[list[str]] = []
    chars = 0
    for aid in (a for a in ids if todo[a]):
        n = (length or {}).get(aid, 0)
        if not chunks or len(chunks[-1]) >= size or (chars + n > max_chars and chunks[-1]):
            chunks.append([])
            chars = 0
        chunks[-1].append(aid)
        chars += n
    return chunks


def largest_first(chunks: list[list[str]], length: dict[str, int], todo: dict[str, list[str]]) -> list[list[str]]:
    """The chunks in the order they are sent: the most work first (characters x steps to compute), so the last
    tasks are short and no worker idles long while another finishes a big one. The order changes nothing in the
    results (each chunk's results depend on the chunk alone; the tables are assembled in corpus order)."""
    return sorted(chunks, key=lambda chunk: -sum(length[aid] * len(todo[aid]) for aid in chunk))


def chunk_corpus(catalog: Catalog, chunk: list[str], todo: dict[str, list[str]]) -> tuple[Corpus | None, list[Failure]]:
    """The corpus of a chunk's articles, read when the chunk is sent; an article whose file changed since the
    catalog was read is reported for each of its steps and left out (its results would be stored under its old
    content's key), the others are analysed."""
    try:
        return catalog.select_ids(chunk), []
    except ArticleChanged:
        keep, lost = [], []
        for aid in chunk:
            try:
                catalog.select_ids([aid])
                keep.append(aid)
            except ArticleChanged as exc:
                lost += [Failure(name, aid, str(exc)) for name in todo[aid]]
        return (catalog.select_ids(keep) if keep else None), lost
