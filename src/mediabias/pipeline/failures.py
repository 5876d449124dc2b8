"""What an analysis could not compute: one :class:`Failure` per article and step, and how it is reported.

An article whose step raises is left out of that step's table and of the steps given its result; every other
article is computed and written. ``mediabias analyze`` exits non-zero listing the failures
(:func:`failure_report`); :func:`mediabias.pipeline.results.load_results` raises :class:`AnalysisError`.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Failure:
    """One article a step could not analyse: the step, the article and the error (or the input it lacked)."""

    step: str
    article_id: str
    error: str

    def __str__(self) -> str:
        return f"{self.article_id} in {self.step}: {self.error}"


def failures(summary: dict) -> list[Failure]:
    """Every :class:`Failure` of an :func:`~mediabias.pipeline.run.analyze` summary, step by step."""
    return [f for s in summary.values() for f in s["failures"]]


def failure_report(found: list[Failure]) -> str:
    """A message listing each failure, one a line, for the command line and :class:`AnalysisError`."""
    ids = sorted({f.article_id for f in found})
    head = (f"{len(ids)} article(s) could not be analysed ({', '.join(ids)}); they are missing from the tables "
            "of these steps (the other articles' results were written):")
    return "\n".join([head, *(f"  {f}" for f in found)])


class AnalysisError(RuntimeError):
    """Some articles failed in :func:`~mediabias.pipeline.run.analyze`: the tables lack them. ``failures`` lists each."""

    def __init__(self, found: list[Failure]):
        self.failures = list(found)
        super().__init__(failure_report(self.failures))
