"""``mediabias analyze`` and what notebooks read: every table of a corpus, computed incrementally into its
``results/`` as Parquet.

Results belong to one corpus: they live in ``<corpus>/results/`` (:func:`mediabias.paths.results_dir`), which
carries its own ``.gitignore``, so two corpora in one folder never share tables.

The package, in the order an article goes through it:

* :mod:`~mediabias.pipeline.steps`: the steps, declared as functions (``Step(name, function, needs=...)``), each
  an adapter calling its instrument; the derived columns a step's table is finished with (``instrument``, ``irony``).
* :mod:`~mediabias.pipeline.versions`: each step's analysis version, derived from its function's code (its import
  closure and the data files it names), and the cache key of one article for one step.
* :mod:`~mediabias.pipeline.plan`: which article x step is not cached, cut into chunks of articles (the tasks).
* :mod:`~mediabias.pipeline.run`: :func:`analyze`, plan -> run (:func:`~mediabias.pipeline.run.run_chunk` per
  task, on :mod:`~mediabias.pipeline.engine`, in this process or on Dask) -> assemble each step's table.
* :mod:`~mediabias.pipeline.store`: the results folder (one Parquet part per step and task, checksummed; the step
  tables), seen by the pipeline through one :class:`~mediabias.pipeline.store.Store`.
* :mod:`~mediabias.pipeline.results`: :func:`load_results`, the one call notebooks make, with finished tables
  (:class:`Results`: the irony cues and the in-domain verdict joined to the trained instruments' tables).
* :mod:`~mediabias.pipeline.failures`: an article a step could not analyse (:class:`AnalysisError`).

A step's result for one article is cached under a key that hashes the article (front matter and text) and the
step's version. Adding one article to an analysed corpus therefore processes only that article; editing a
lexicon, or a module a step imports even indirectly, reprocesses every article for that step and for the steps
that read its results, and nothing else.

Faults: an article whose step raises is reported (step, article id, error) and left out of that step's table and
of the steps given its result; every other article is computed and written, and the command exits non-zero
listing the failures; :func:`load_results` raises :class:`AnalysisError`. Every file is written through a
temporary file and an atomic rename, so a killed run leaves whole tables only (cached articles stay cached: the
next run computes only what was not finished) and temporary files, which the next run removes when their writer
process is gone.
"""

from mediabias.pipeline.failures import AnalysisError
from mediabias.pipeline.results import Results, load_results
from mediabias.pipeline.run import analyze
from mediabias.pipeline.steps import STEP_NAMES

__all__ = ["STEP_NAMES", "AnalysisError", "Results", "analyze", "load_results"]
