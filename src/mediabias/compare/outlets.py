"""The outlet comparison notebook 05 shows, computed from one set of tables: the trained instruments' rows of
articles outside their domain left out (:func:`in_domain_tables`), then the pooled summary, the story-matched
differences and every pairwise test from those same tables (:func:`compare_outlets`).

Before this function the notebook gated the tables for the pooled summary but took the story-matched units from
the ungated ones, so on a corpus with articles outside a domain the two comparisons counted different passages.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from mediabias.compare.audit import flag_disagreements
from mediabias.compare.matched import pairwise_differences, versus_others
from mediabias.compare.measures import metric_units, outlet_summary
from mediabias.runtime.domain import gate

#: The steps of trained instruments that report only for articles inside their domain, and the instrument each
#: is gated by (:func:`mediabias.runtime.domain.gate`).
GATED_STEPS = (("actor_sentiment", "target_sentiment"), ("frames", "frames"), ("loaded_language", "loaded_language"))


def in_domain_tables(tables: dict, domain: pd.DataFrame | None) -> tuple[dict, list[str]]:
    """``tables`` with the rows of :data:`GATED_STEPS` kept only for articles inside the instrument's domain.

    Returns:
        The tables (a new dict; steps absent from ``tables`` or a ``domain`` of ``None`` leave them as given) and
        what was left out, one ``"instrument: article_id"`` per article, sorted within each instrument.
    """
    out, left_out = dict(tables), []
    if domain is None:
        return out, left_out
    for step, instrument in GATED_STEPS:
        if out.get(step) is None:
            continue
        g = gate(out[step], domain, instrument)
        left_out += [f"{instrument}: {a}" for a in sorted(set(g.loc[~g["in_domain"], "article_id"]))]
        out[step] = g[g["in_domain"]].drop(columns=["in_domain", "domain_note"])
    return out, left_out


@dataclasses.dataclass(frozen=True)
class Comparison:
    """Every number of the outlet comparison, from one set of tables.

    Attributes:
        tables: the tables every number below was computed from (gated: :func:`in_domain_tables`); the passages
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


def compare_outlets(tables: dict, names: dict, story_of: dict | pd.Series, *, domain: pd.DataFrame | None = None,
                    disagreements: dict[str, str] | None = None) -> Comparison:
    """The pooled and the story-matched comparison of the outlets, both from the same (gated) tables.

    Args:
        tables: analysis tables by step name (as :func:`mediabias.compare.measures.outlet_summary` takes them).
        names: outlet id -> display name.
        story_of: article_id -> story.
        domain: the ``domain`` step's table; when given, trained instruments' rows outside their domain are left
            out of every number (:func:`in_domain_tables`).
        disagreements: outlet -> why a hand reading contradicts one of its stances
            (:func:`mediabias.compare.audit.disagreements_by_outlet`); those sentiment values are flagged.
    """
    gated, left_out = in_domain_tables(tables, domain)
    summary = outlet_summary(gated, names)
    if disagreements:
        summary = flag_disagreements(summary, disagreements)
    units = metric_units(gated)
    return Comparison(tables=gated, left_out=left_out, summary=summary, units=units,
                      versus=versus_others(units, story_of), pairs=pairwise_differences(units, story_of))
