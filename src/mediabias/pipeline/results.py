"""What notebooks read: :func:`load_results` analyses a corpus incrementally (silently) and hands finished tables.

Finished: besides each step's table as stored (``Results.tables``, ``R["step"]``), the tables of the trained
instruments (the steps that declare an ``instrument``) come with the columns their readers need, computed by
their own steps and only joined here (:func:`finished`): the irony cues of each row's sentence (the ``irony``
step) and whether the article is inside the instrument's training domain (the ``domain`` step).
``Results.gated[step]`` holds every row with those columns, ``Results.inside[step]`` only the rows inside the
domain, which are what the notebooks report (:meth:`Results.reported`: every table as reported; :meth:`Results.left_out`
and :meth:`Results.all_left_out`: the articles outside). Notebooks and the comparison gate nothing themselves.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from mediabias import paths
from mediabias.corpus.articles import Corpus, load_corpus
from mediabias.pipeline.failures import AnalysisError, failures
from mediabias.pipeline.run import analyze
from mediabias.pipeline.steps import DOMAIN, IRONY, STEP_NAMES, STEPS, Step, step_named
from mediabias.pipeline.store import read_table
from mediabias.runtime.domain import gate

#: Columns :func:`finished` adds to a step's table: the irony cues (steps with ``irony``), then the domain verdict.
FINISHED_COLUMNS = {
    "irony_markers": "the irony cues of the row's sentence ('; '-joined, '' when none), from the irony step "
                     "(the same as mediabias.sentiment.irony.mark_irony)",
    "ironic_positive": "True when the row reads positive inside a sentence with irony cues",
    "in_domain": "the article is inside the step's instrument's training domain (the domain step; True when no "
                 "domain row says otherwise, as mediabias.runtime.domain.gate)",
    "domain_note": "why the article is inside or outside ('' when the domain step has no row for it)",
}


@dataclasses.dataclass
class Results:
    """A corpus selection and its analysis tables.

    ``tables[step]``: the step's table as stored (``R["step"]``). For each step among them that declares an
    ``instrument``: ``gated[step]``, every row with :data:`FINISHED_COLUMNS`, and ``inside[step]``, the rows
    inside the instrument's domain (what notebooks report; :meth:`left_out` names the articles outside).
    """

    corpus: Corpus
    tables: dict
    gated: dict = dataclasses.field(default_factory=dict)
    inside: dict = dataclasses.field(default_factory=dict)

    def __getitem__(self, step: str) -> pd.DataFrame:
        return self.tables[step]

    def left_out(self, step: str) -> list[str]:
        """The articles whose rows of ``step`` are outside its instrument's domain, sorted."""
        g = self.gated[step]
        return sorted(set(g.loc[~g["in_domain"], "article_id"]))

    def all_left_out(self) -> list[str]:
        """``"instrument: article_id"`` for every article left out of a trained instrument's results, instrument by
        instrument in step order, articles sorted within each."""
        return [f"{s.instrument}: {a}" for s in STEPS if s.name in self.gated for a in self.left_out(s.name)]

    def reported(self) -> dict[str, pd.DataFrame]:
        """Every table as the notebooks report it: ``tables``, each trained instrument's replaced by its rows inside
        the domain (``inside``, with :data:`FINISHED_COLUMNS`)."""
        return {**self.tables, **self.inside}


def irony_marks(table: pd.DataFrame, irony: pd.DataFrame) -> pd.DataFrame:
    """``table`` (rows with ``segment_id`` and ``label``) with ``irony_markers`` and ``ironic_positive`` read from
    the ``irony`` step's cues of each row's sentence."""
    cues = dict(zip(irony["segment_id"], irony["irony_cues"]))
    out = table.copy()
    markers = [cues.get(sid, "") for sid in out["segment_id"]]
    out["irony_markers"] = markers
    out["ironic_positive"] = [bool(m) and label == "positive" for m, label in zip(markers, out["label"])]
    return out


def finished(step: Step, table: pd.DataFrame, domain: pd.DataFrame, irony: pd.DataFrame | None) -> pd.DataFrame:
    """A trained instrument's table with :data:`FINISHED_COLUMNS` (every row)."""
    if step.irony:
        table = irony_marks(table, irony)
    return gate(table, domain, step.instrument)


def load_results(corpus=None, *, story=None, outlets=None, steps: tuple[str, ...] | None = None) -> Results:
    """Analyse the corpus incrementally (silently) and return the tables for a story/outlet selection.

    Raises :class:`~mediabias.pipeline.failures.AnalysisError`, naming each article and step, when some article
    could not be analysed.

    Rows are restricted to the selected articles; with ``outlets`` given, rows of the analysis tables are
    further restricted to words spoken by those outlets (``speaking_outlet``) where the table has that column.
    The steps whose results finish the tables asked for (``domain``, ``irony``) are analysed too.
    """
    names = tuple(steps or STEP_NAMES)
    trained = [step_named(n) for n in names if step_named(n).instrument]
    sources = ({DOMAIN} if trained else set()) | ({IRONY} if any(s.irony for s in trained) else set())
    full = load_corpus(corpus)
    analysed = None if steps is None else tuple(dict.fromkeys([*names, *sorted(sources)]))
    found = failures(analyze(full, steps=analysed, progress=False))
    if found:  # a notebook must not show partial tables as if they were the whole corpus
        raise AnalysisError(found)
    selected = full.select(story=story, outlets=outlets) if (story or outlets) else full
    ids = set(selected.articles["article_id"])
    results = paths.results_dir(full.directory)
    some = ids if len(ids) < len(full.articles) else None  # a selection reads only its articles' rows

    def read(name: str) -> pd.DataFrame:
        df = read_table(results, name, article_ids=some)
        if outlets and "speaking_outlet" in df.columns:
            df = df[df["speaking_outlet"].isin(outlets)]
        return df.reset_index(drop=True)

    tables = {name: read(name) for name in names}
    if "segments" in tables:
        selected = selected.with_segments(tables["segments"])
    derived = {name: tables[name] if name in tables else read(name) for name in sources}
    gated = {s.name: finished(s, tables[s.name], derived[DOMAIN], derived.get(IRONY)) for s in trained}
    inside = {name: g[g["in_domain"]].copy() for name, g in gated.items()}
    return Results(selected, tables, gated, inside)
