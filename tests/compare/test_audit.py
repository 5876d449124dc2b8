"""The claims audit (mediabias.compare.audit): stances and roles the pages show, set beside the hand reading of the
bundled corpus (corpus/readings/). A claim the reading contradicts is never shown as a finding."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

from mediabias import paths
from mediabias.compare import audit
from mediabias.compare.audit import (disagreements_by_outlet, flag_disagreements, match_actor, role_audit, roles_caveat,
                                     stance_audit)
from mediabias.pipeline import load_results
from mediabias.sources.reading import load_reading
from mediabias.compare.measures import outlet_summary


def test_examples_in_the_docstrings_hold():
    assert doctest.testmod(audit).failed == 0


def test_reader_actors_match_by_any_of_their_names():
    tool = ["Barack Obama", "Obama administration", "White House", "Iran"]
    assert match_actor("Barack Obama / the Obama administration", tool) == ["Barack Obama", "Obama administration"]
    assert match_actor("the Iraqi government (Maliki's)", ["Iraqi government"]) == ["Iraqi government"]
    assert match_actor("nobody", tool) == []


def test_statuses_on_hand_made_rows():
    writer = pd.DataFrame({"article_id": ["A", "A", "A"], "actor": ["Barack Obama", "Iran", "Syria"],
                           "n_paragraphs": [2, 1, 0], "label": ["positive", "negative", "neutral"],
                           "score": [0.5, -0.7, float("nan")], "flag": ["irony in p01", "", ""]})
    reading = pd.DataFrame({"article_id": ["A", "A", "A", "A"], "actor": ["Barack Obama", "Iran", "Syria", "Iraq"],
                            "voice": ["author", "author", "author", "excerpt nyt"],
                            "stance": ["negative", "neutral", "negative", "negative"],
                            "deciding": [["x"], ["y"], ["z"], ["w"]], "why": ["", "", "", ""]})
    out = stance_audit(writer, reading).set_index("reader_actor")
    assert out.loc["Barack Obama", "status"] == "flagged"
    assert out.loc["Iran", "status"] == "disagrees"
    assert out.loc["Syria", "status"] == "tool silent"  # no paragraph read: the tool claims nothing
    assert "Iraq" not in out.index  # another outlet's voice is not the writer's
    reasons = disagreements_by_outlet(out.reset_index(), {"A": "blog"})
    assert reasons == {"blog": "a reader finds the writer neutral toward Iran in A, the tool negative"}


@pytest.fixture(scope="module")
def bundled():
    results = load_results(None, steps=("articles", "segments", "attributions", "actor_sentiment", "writer_stance",
                                        "roles", "frames", "loaded_language"))
    return results, load_reading(paths.corpus_dir())


def test_every_bundled_stance_judgement_is_checked_and_no_contradicted_one_is_a_finding(bundled):
    results, reading = bundled
    checked = stance_audit(results["writer_stance"], reading.stance)
    own = reading.stance[(reading.stance["voice"] == "author") & (reading.stance["stance"] != "none")]
    assert len(checked) >= len(own)  # every reader judgement has a row (matched, or 'tool silent')
    assert set(checked["status"]) <= {"agrees", "disagrees", "flagged", "tool silent"}
    outlet_of = dict(zip(results["articles"]["article_id"], results["articles"]["outlet"]))
    names = dict(zip(results.corpus.outlets["outlet_id"], results.corpus.outlets["name"]))
    summary = flag_disagreements(outlet_summary(dict(results.tables), names),
                                 disagreements_by_outlet(checked, outlet_of))
    for outlet in {outlet_of[a] for a in checked.loc[checked["status"] == "disagrees", "article_id"]}:
        stance_rows = summary[(summary["dimension"] == "sentiment") & (summary["outlet"] == outlet)]
        assert len(stance_rows) and (stance_rows["flag"] != "").all(), outlet
    # Hot Air's own voice toward Obama: the reader finds it negative; the tool never states it as positive
    obama = checked[(checked["tool_actor"] == "Barack Obama") & checked["article_id"].str.startswith(("000_", "002_"))]
    assert len(obama) == 2 and (obama["status"] != "agrees").all() and (obama["status"] != "disagrees").all()


def test_every_stance_the_site_shows_on_the_bundled_corpus_has_a_reader_judgement(bundled):
    """The hand reading covers every (article, actor) the stance reader reports in a writer's own voice (countries,
    which the site marks as not measured, aside): no stance a reader of the site sees goes unchecked."""
    results, reading = bundled
    shown = results["writer_stance"]
    shown = shown[(shown["n_paragraphs"] > 0) & (shown["outside"].fillna("") == "")]
    own = reading.stance[reading.stance["voice"] == "author"]
    covered = {(r.article_id, a) for r in own.itertuples(index=False)
               for a in match_actor(r.actor, list(shown.loc[shown["article_id"] == r.article_id, "actor"]))}
    assert sorted(set(zip(shown["article_id"], shown["actor"])) - covered) == []


def test_a_reader_who_finds_no_stance_agrees_with_a_neutral_reading_only():
    writer = pd.DataFrame({"article_id": ["A", "A"], "actor": ["George W. Bush", "Republicans"], "n_paragraphs": [1, 1],
                           "label": ["neutral", "negative"], "score": [0.1, -0.56], "flag": ["", ""]})
    reading = pd.DataFrame({"article_id": ["A", "A"], "actor": ["George W. Bush", "Republicans"],
                            "voice": ["author", "author"], "stance": ["none", "none"], "deciding": [["x"], ["y"]],
                            "why": ["", ""]})
    out = stance_audit(writer, reading).set_index("reader_actor")["status"].to_dict()
    assert out == {"George W. Bush": "agrees", "Republicans": "disagrees"}
    reasons = disagreements_by_outlet(stance_audit(writer, reading), {"A": "ml"})
    assert reasons == {"ml": "a reader finds no stance of the writer toward Republicans in A, the tool negative"}


def test_roles_the_reader_mostly_rejects_carry_the_caveat(bundled):
    results, reading = bundled
    checked = role_audit(results["roles"], reading.roles)
    assert (checked["status"] == "agrees").sum() < len(checked) / 2
    assert roles_caveat(checked).startswith("Not results: a hand reading of these articles agrees with")


def test_a_reading_that_no_longer_fits_its_articles_is_not_used_and_the_page_says_why(tmp_path):
    """A user copies the bundled corpus and edits an article: the old reading must not break the notebooks."""
    import shutil

    from mediabias.compare.audit import corpus_reading

    corpus = tmp_path / "corpus"
    shutil.copytree(paths.corpus_dir(), corpus, ignore=shutil.ignore_patterns("results"))
    reading, why = corpus_reading(corpus)
    assert reading is not None and why == ""
    (corpus / "readings" / "000_908ce795a3fce461.yaml").write_text(
        "article_id: 000_908ce795a3fce461\nstance:\n  - actor: Barack Obama\n    voice: author\n    stance: negative\n"
        "    deciding: [a sentence that is not in the article]\n", encoding="utf-8")
    reading, why = corpus_reading(corpus)
    assert reading is None and "no longer fits the articles" in why and "not found verbatim" in why
    shutil.rmtree(corpus / "readings")
    assert corpus_reading(corpus) == (None, "_This corpus has no hand reading (`readings/`): nothing here is checked "
                                            "against one._")
