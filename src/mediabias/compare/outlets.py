"""The outlet comparison notebook 05 shows, computed from one set of tables: the pooled summary, the story-matched
differences and every pairwise test (:func:`compare_outlets`), all from the finished tables
:func:`mediabias.pipeline.load_results` hands (``Results.reported()``: the trained instruments' rows of articles
outside their domain already left out, there and nowhere else).

Before this module the notebook gated the tables for the pooled summary but took the story-matched units from
the ungated ones, so on a corpus with articles outside a domain the two comparisons counted different passages.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from mediabias.compare.audit import flag_disagreements
from mediabias.compare.matched import pairwise_differences, versus_others
from mediabias.compare.measures import metric_units, outlet_summary


@dataclasses.dataclass(frozen=True)
class Comparison:
    """Every number of the outlet comparison, from one set of tables.

    Attributes:
        tables: the tables every number below was computed from (as given: the finished tables); the passages
            behind a value (:func:`mediabias.compare.measures.evidence`) come from them too.
        left_out: ``"instrument: article_id"`` of the articles left out as outside a domain.
        summary: :func:`mediabias.compare.measures.outlet_summary`, with the hand reading's flags when given.
        units: :func:`mediabias.compare.measures.metric_units`.
        versus: :func:`mediabias.compare.matched.versus_others` (each outlet against the others).
        pairs: :func:`mediabias.compare.matched.pairwise_differences` (every measure x outlet pair, q-values).
    """

    tables: dict
    left_out: list[str]
    summary: pd.DataFrame
    units: pd.DataFrame
    versus: pd.DataFrame
    pairs: pd.DataFrame

    @property
    def flagged(self) -> set[tuple[str, str]]:
        """The (metric, outlet) values the summary flags (irony, a hand reading): drawn hollow, never findings."""
        bad = self.summary[self.summary["flag"].fillna("") != ""]
        return set(zip(bad["metric"], bad["outlet"]))


def compare_outlets(tables: dict, names: dict, story_of: dict | pd.Series, *, left_out: list[str] | None = None,
                    disagreements: dict[str, str] | None = None) -> Comparison:
    """The pooled and the story-matched comparison of the outlets, both from the same finished tables.

    Args:
        tables: analysis tables by step name, finished (``Results.reported()``: each trained instrument's rows only
            for articles inside its domain), as :func:`mediabias.compare.measures.outlet_summary` takes them.
        names: outlet id -> display name.
        story_of: article_id -> story.
        left_out: what the domain gate left out, one ``"instrument: article_id"`` each (``Results.all_left_out()``);
            carried into :attr:`Comparison.left_out` for the page to say.
        disagreements: outlet -> why a hand reading contradicts one of its stances
            (:func:`mediabias.compare.audit.disagreements_by_outlet`); those sentiment values are flagged.
    """
    summary = outlet_summary(tables, names)
    if disagreements:
        summary = flag_disagreements(summary, disagreements)
    units = metric_units(tables)
    return Comparison(tables=dict(tables), left_out=list(left_out or []), summary=summary, units=units,
                      versus=versus_others(units, story_of), pairs=pairwise_differences(units, story_of))
