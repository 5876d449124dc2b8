"""Done-when of the rerun workflow: add a same-story set of articles of another event through the command
line, rerun the pipeline, and find the new outlets and story in the tables and in the synthesis page."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from mediabias import paths
from mediabias.cli import main
from mediabias.site.execute import execute
from mediabias.pipeline import load_results
from mediabias.site.build import build_site
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    basil = paths.dataset("basil")
    if basil is None:
        pytest.skip("BASIL dataset not on this machine")
    root = tmp_path_factory.mktemp("rerun")
    corpus = root / "corpus"
    shutil.copytree(BUNDLED, corpus)
    files = sorted((basil / "articles" / "2010").glob("*.json"))
    event = files[0].name.rsplit("_", 1)[0]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in files if p.name.startswith(event)]
    export = root / "basil.jsonl"  # outside the repository
    export.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    story = "basil-" + event[:8].lower().replace("_", "-")
    common = ["add", "--corpus", str(corpus), "--from-jsonl", str(export), "--map", "body=body-paragraphs",
              "--map", "record_id=uuid", "--story", story]
    assert main([*common, "--where", "source=fox", "--outlet", "fox", "--new-outlet", "Fox News", "--kind", "broadcaster"]) == 0
    assert main([*common, "--where", "source=hpo", "--outlet", "hpo", "--new-outlet", "HuffPost", "--kind", "website"]) == 0
    assert main([*common, "--where", "source=nyt", "--outlet", "nyt"]) == 0
    assert main(["validate", "--corpus", str(corpus)]) == 0
    assert main(["analyze", "--corpus", str(corpus), "--quiet"]) == 0
    return root, corpus, story


def test_new_outlets_and_story_are_in_every_table(grown):
    root, corpus, story = grown
    results = load_results(corpus)
    arts = results["articles"]
    assert sorted(arts.loc[arts["story"] == story, "outlet"]) == ["fox", "hpo", "nyt"]
    new_ids = set(arts.loc[arts["story"] == story, "article_id"])
    for step in ("segments", "attributions", "actor_sentiment", "frames", "loaded_language"):
        table = results[step]
        assert new_ids <= set(table["article_id"]), f"{step} lacks the new articles"
    # the seed articles are still there, unchanged
    assert {"000_908ce795a3fce461", "004_e91974fb60900235"} <= set(arts["article_id"])


def test_second_analyze_reprocesses_nothing(grown, capsys):
    _, corpus, _ = grown
    assert main(["analyze", "--corpus", str(corpus), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "computed     0" in out and "computed     1" not in out


@pytest.mark.slow  # 27 s on an idle machine: run with `pytest -m slow` (keeps `make test` within 6 min)
def test_synthesis_page_shows_the_new_outlets_and_story(grown):
    root, corpus, story = grown
    execute(paths.PROJECT_DIR / "notebooks" / "05-compare.py", root / "nb" / "05-compare.ipynb",
            parameters={"CORPUS": str(corpus), "FIGURES": str(root / "figures")})
    build_site(root / "nb", root / "figures", root / "site")
    page = (root / "site" / "05-compare.html").read_text(encoding="utf-8")
    assert "Fox News" in page and "HuffPost" in page and story in page
    plotted = pd.read_csv(root / "figures" / "05-compare" / "all-measures.csv")
    assert {"fox", "hpo", "nyt", "hotair"} <= set(plotted["outlet"])
