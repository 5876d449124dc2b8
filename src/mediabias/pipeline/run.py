"""``mediabias analyze``: plan, run and assemble the steps of a corpus, incrementally, into its ``results/``.

:func:`analyze` makes a :class:`~mediabias.pipeline.plan.Plan` (which article x step is not cached yet, cut into
chunks), runs each chunk as one task (:func:`run_chunk`, on :mod:`mediabias.pipeline.engine`) writing its results
to the :class:`~mediabias.pipeline.store.Store` as soon as the task is finished, then assembles every step's
table in corpus order. One small state object (:class:`Analysis`) carries the plan, the store and each step's
account through the three.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from mediabias import paths
from mediabias.corpus.articles import Corpus
from mediabias.corpus.catalog import Catalog
from mediabias.models.target_sentiment import clear_scored
from mediabias.pipeline.engine import TaskFailed, run_tasks
from mediabias.pipeline.failures import Failure
from mediabias.pipeline.plan import CHUNK_SIZE, Plan, chunk_corpus, make_plan
from mediabias.pipeline.steps import SEGMENTS, STEPS, Step, step_inputs, wanted
from mediabias.pipeline.store import Store
from mediabias.pipeline.versions import step_versions
from mediabias.runtime.encoder import clear_encoded
from mediabias.runtime.nlp import clear_parsed


# ------------------------------------------------------------------------------------- one task
def split_by_article(table: pd.DataFrame, article_ids: list[str]) -> dict[str, pd.DataFrame]:
    """One step's table of several articles cut into each article's table (its rows in their order)."""
    if len(article_ids) == 1:
        return {article_ids[0]: table}
    if table.empty:
        return {aid: table for aid in article_ids}
    if "article_id" not in table.columns:
        raise ValueError("a step's table of several articles has no article_id column to cut it by")
    groups = {aid: g.reset_index(drop=True) for aid, g in table.groupby("article_id", sort=False)}
    unknown = set(groups) - set(article_ids)
    if unknown:
        raise ValueError(f"a step's table has rows of articles it was not given: {sorted(unknown)[:3]}")
    return {aid: groups.get(aid, table.iloc[0:0]) for aid in article_ids}


def run_step(step: Step, corpus: Corpus, article_ids: list[str], have: dict) -> dict[str, pd.DataFrame]:
    """``{article_id: table}`` of one step computed for several articles in one call (batched parse and networks)."""
    sub = corpus.select_ids(article_ids)
    if SEGMENTS in step_inputs(step):
        sub = sub.with_segments(pd.concat([have[(SEGMENTS, aid)] for aid in article_ids], ignore_index=True))
    upstream = {n: pd.concat([have[(n, aid)] for aid in article_ids], ignore_index=True) for n in step.needs}
    return split_by_article(step.function(sub, upstream), article_ids)


def run_chunk(corpus: Corpus, plan: dict[str, list[str]], given: dict) -> dict:
    """Compute the steps ``plan[article_id]`` of the articles of ``corpus``, step by step, each step in one call.

    ``given[(step, article_id)]`` holds the cached tables an article's steps read (its segments, the ``needs``).
    A step is called once with every article of the chunk that needs it, so spaCy and the networks batch across
    articles; when that call raises, the step is run article by article to find which one fails, and that
    article's error is its :class:`Failure` while the others go on.
    Returns ``{(step, article_id): table or Failure}`` for every planned step, and ``{("seconds", step): s}``.
    This is the task :func:`mediabias.pipeline.engine.run_tasks` runs, in this process or on a Dask worker.
    """
    clear_shared_artefacts()  # a chunk's results depend on the chunk alone, wherever and after whatever it runs
    have, out = dict(given), {}
    ids = list(corpus.articles["article_id"])
    for step in STEPS:
        planned = [aid for aid in ids if step.name in plan.get(aid, [])]
        if not planned:
            continue
        started = time.perf_counter()
        ready = []
        for aid in planned:
            missing = [n for n in step_inputs(step) if (n, aid) not in have]
            if missing:
                out[(step.name, aid)] = Failure(step.name, aid, f"not computed: needs {', '.join(missing)}, which failed")
            else:
                ready.append(aid)
        try:
            found = run_step(step, corpus, ready, have) if ready else {}
        except Exception:  # some article breaks the step: one by one, so only that one is lost
            found = {}
            for aid in ready:
                try:
                    found.update(run_step(step, corpus, [aid], have))
                except Exception as exc:
                    out[(step.name, aid)] = Failure(step.name, aid, f"{type(exc).__name__}: {exc}")
        for aid, df in found.items():
            have[(step.name, aid)] = out[(step.name, aid)] = df
        out[("seconds", step.name)] = time.perf_counter() - started
    return out


def clear_shared_artefacts() -> None:
    """Forget the parses, sentence vectors and target-sentiment readings this process keeps for the steps of a
    chunk to share."""
    clear_parsed()
    clear_encoded()
    clear_scored()


# ------------------------------------------------------------------------------------- one analysis
@dataclasses.dataclass
class Tally:
    """One step's account in an analysis: its progress bar, the articles computed now, its failures, and the
    compute seconds spent in it (summed over workers)."""

    bar: tqdm
    computed: set[str] = dataclasses.field(default_factory=set)
    failed: list[Failure] = dataclasses.field(default_factory=list)
    seconds: float = 0.0


@dataclasses.dataclass
class Analysis:
    """The state of one :func:`analyze`: the articles, what to compute, where results are kept, each step's account."""

    catalog: Catalog
    plan: Plan
    store: Store
    tally: dict[str, Tally]

    def stored(self, step: str, article_id: str) -> bool:
        """Whether the store holds the article's current result for ``step``."""
        return self.store.cached(step, article_id, self.plan.keys[(step, article_id)])


def analyze(corpus: Corpus | Catalog, *, results: Path | None = None, steps: tuple[str, ...] | None = None,
            progress: bool = True, workers: int = 1, scheduler: str | None = None,
            chunk_size: int = CHUNK_SIZE) -> dict:
    """Compute (or read from cache) every step for every article; write ``results/<step>.parquet``.

    ``corpus`` is a loaded corpus or, to keep memory flat on a large one, its :class:`Catalog`
    (:func:`mediabias.corpus.catalog.read_catalog`: the command line's way), whose chunks are read from their
    files when they are sent.

    The articles with anything left to compute are cut into chunks (:data:`~mediabias.pipeline.plan.CHUNK_SIZE`);
    each chunk runs every planned step of its articles in one task (:func:`run_chunk`), in this process
    (``workers=1``), on an embedded Dask cluster of ``workers`` processes, or on the Dask cluster at ``scheduler``
    (:mod:`mediabias.pipeline.engine`). A task's inputs are read from the store just before it is sent and each
    finished task's results are written at once as one part per step (:mod:`mediabias.pipeline.store`), so memory
    holds only the tasks in flight and a killed run resumes where it stopped.

    An article whose step raises is left out of that step's table (and of the tables of the steps given that
    result) and reported; the other articles are computed and written. Returns a summary
    ``{step: {"computed": n, "cached": n, "failed": n, "failures": [Failure], "seconds": s}}``
    (:func:`~mediabias.pipeline.failures.failures` lists them all; ``seconds`` is the compute time spent in the
    step, summed over workers).
    """
    catalog = corpus if isinstance(corpus, Catalog) else Catalog.of(corpus)
    chosen = wanted(steps)
    store = Store(results or paths.results_dir(corpus.directory), [s.name for s in chosen])
    plan = make_plan(catalog, chosen, step_versions(), store, chunk_size=chunk_size)
    state = Analysis(catalog, plan, store, {s.name: Tally(_bar(s.name, i, plan, progress)) for i, s in enumerate(chosen)})
    sent: dict[str, list[str]] = {}  # label → the articles of the chunk sent under it
    workers = max(1, min(workers, len(plan.chunks)))  # no cluster started for fewer tasks than workers
    for label, out in run_tasks(run_chunk, _tasks(state, sent), workers=workers, scheduler=scheduler):
        _record(state, sent.pop(label), out)
    return _assemble(state)


def _bar(name: str, position: int, plan: Plan, progress: bool) -> tqdm:
    """A step's progress bar, starting at its cached articles."""
    return tqdm(total=len(plan.ids), initial=sum(name not in plan.todo[aid] for aid in plan.ids), desc=f"{name:>21}",
                unit="article", disable=not progress, file=sys.stderr, leave=True, position=position)


def _tasks(state: Analysis, sent: dict[str, list[str]]):
    """The tasks, made one at a time as the engine sends them: only the tasks in flight are in memory."""
    plan = state.plan
    for chunk in plan.chunks:
        sub, lost = chunk_corpus(state.catalog, chunk, plan.todo)
        for failure in lost:
            state.tally[failure.step].failed.append(failure)
            state.tally[failure.step].bar.update(1)
        if sub is None:
            continue
        chunk = list(sub.articles["article_id"])
        given = {(n, aid): state.store.rows(n, aid, plan.keys[(n, aid)]) for n in plan.inputs(chunk) for aid in chunk
                 if n not in plan.todo[aid] and state.stored(n, aid)}
        sent[chunk[0]] = chunk
        yield chunk[0], (sub, {aid: plan.todo[aid] for aid in chunk}, given)


def _record(state: Analysis, chunk: list[str], out) -> None:
    """Store a finished task's results (one part per step, in pipeline order: a part never precedes its inputs)
    and account for them; a lost task (its worker died) reports each of its articles."""
    plan = state.plan
    if isinstance(out, TaskFailed):
        out = {(name, aid): Failure(name, aid, f"not computed: {out.error}") for aid in chunk for name in plan.todo[aid]}
    done: dict[str, dict[str, pd.DataFrame]] = {}
    for key, value in out.items():
        if key[0] == "seconds":
            state.tally[key[1]].seconds += value
        elif isinstance(value, Failure):
            state.tally[key[0]].failed.append(value)
        else:
            done.setdefault(key[0], {})[key[1]] = value
    for name in (s.name for s in plan.steps if s.name in done):
        tables = done[name]
        state.store.add(name, tables, {aid: plan.keys[(name, aid)] for aid in tables})
        state.tally[name].computed.update(tables)
    for name, tally in state.tally.items():
        tally.bar.update(sum(name in plan.todo[aid] for aid in chunk))


def _assemble(state: Analysis) -> dict:
    """Write every step's table in corpus order (an article is dropped when a step it reads failed, now or
    before) and return the summary of :func:`analyze`."""
    plan, summary = state.plan, {}
    position = {aid: i for i, aid in enumerate(plan.ids)}
    for step in plan.steps:
        tally = state.tally[step.name]
        tally.bar.close()
        rows = []
        for aid in (a for a in plan.ids if state.stored(step.name, a)):
            missing = [n for n in step_inputs(step) if not state.stored(n, aid)]
            if missing:
                tally.failed.append(Failure(step.name, aid, f"not computed: needs {', '.join(missing)}, which failed"))
            else:
                rows.append((aid, plan.keys[(step.name, aid)]))
        state.store.finish(step.name, rows, current={(aid, plan.keys[(step.name, aid)]) for aid in plan.ids},
                           combine=step.combine(state.catalog) if step.combine else None)
        found = sorted(tally.failed, key=lambda f: position[f.article_id])
        fresh = sum(state.stored(step.name, aid) for aid in tally.computed)
        summary[step.name] = {"computed": fresh, "cached": len(rows) - fresh, "failed": len(found), "failures": found,
                              "seconds": round(tally.seconds, 2)}
    return summary
