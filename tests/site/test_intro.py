"""The front page introduces the corpus it shows: the bundled five articles keep their curated description; a rerun
on one's own articles (another corpus, or a story or outlet selection) is described from its articles table and
never introduced as the Iraq seeds."""

from __future__ import annotations

import pandas as pd

from mediabias.site.build import BUNDLED_INTRO, corpus_intro
from tests.conftest import BUNDLED


def table(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "outlet_name", "story"]).assign(outlet=lambda d: d["outlet_name"])


def test_the_bundled_corpus_keeps_its_curated_description():
    ids = sorted(p.stem for p in (BUNDLED / "articles").glob("*.md"))
    assert len(ids) == 5
    assert corpus_intro(table([(a, "Hot Air", "iraq-withdrawal-2011") for a in ids])) == BUNDLED_INTRO
    assert corpus_intro(None) == BUNDLED_INTRO


def test_a_selection_of_the_bundled_corpus_is_described_as_what_it_is():
    intro = corpus_intro(table([("004_e91974fb60900235", "The Media Line", "iraq-letter-2020")]))
    assert "This site shows 1 article from 1 outlet (The Media Line) on 1 story (iraq-letter-2020)." in intro
    assert "bundled corpus is five" not in intro and "Hot Air" not in intro
    assert "Some outlets here have fewer than 5 articles</strong> (the fewest: 1)" in intro


def test_an_analysts_corpus_lists_its_outlets_escaped_and_counts_its_stories():
    rows = [(f"a{i}", "Smith & Sons <Evening> Gazette of the Northern Plains", "bridge-2024") for i in range(6)]
    rows += [(f"b{i}", "Radio Free Harbour", "budget-2023") for i in range(2)]
    intro = corpus_intro(table(rows))
    assert ("This site shows 8 articles from 2 outlets (Smith &amp; Sons &lt;Evening&gt; Gazette of the Northern "
            "Plains, Radio Free Harbour) on 2 stories (bridge-2024, budget-2023).") in intro
    assert "(the fewest: 2)" in intro


def test_many_outlets_are_listed_up_to_eight_and_counted_beyond():
    rows = [(f"x{o}-{i}", f"Outlet {o:02d}", "s") for o in range(12) for i in range(5)]
    intro = corpus_intro(table(rows))
    assert "from 12 outlets (Outlet 00, Outlet 01, Outlet 02, Outlet 03, Outlet 04, Outlet 05, Outlet 06, Outlet 07 and 4 more)" in intro
    assert "Every outlet here has at least 5 articles, but they are articles on 1 story, not a sample" in intro
    assert "fewer than" not in intro


def test_notebooks_warn_that_their_prose_describes_the_bundled_corpus_only_on_another_corpus():
    from mediabias.views.overview import prose_note

    ids = sorted(p.stem for p in (BUNDLED / "articles").glob("*.md"))
    assert prose_note(table([(a, "Hot Air", "s") for a in ids])) == ""
    note = prose_note(table([(a, "Hot Air", "s") for a in ids[:2]]))
    assert note.startswith("> **Not the bundled corpus.**") and "describe the 2 articles shown here" in note
