"""Issue 13, point 4: a step's cache key follows what its code really depends on.

``step_versions(STEPS, package_dir)`` reads the package source statically, so these tests point it at an edited
copy of the package and see which versions move: a step changes when a module in its import closure, a data file
its modules name, or a step it is given changes; every other step keeps its version (and its cache).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mediabias import paths
from mediabias.pipeline.steps import STEPS, step_inputs
from mediabias.pipeline.versions import step_code, step_versions
from mediabias.runtime.imports import closure, import_edges, module_files

NAMES = [s.name for s in STEPS]


@pytest.fixture()
def package(tmp_path: Path) -> Path:
    """A copy of the package source (with its resources and models) that a test may edit."""
    target = tmp_path / "src" / "mediabias"
    shutil.copytree(paths.PACKAGE_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def edit(package: Path, module: str) -> None:
    """Change the bytes of one module of the copy (a comment: same behaviour, new source)."""
    rel = Path(*module.split(".")[1:])
    path = package / rel / "__init__.py" if (package / rel).is_dir() else package / rel.with_suffix(".py")
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited by a test\n", encoding="utf-8")


def changed(before: dict, after: dict) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def closures(package: Path) -> dict[str, set[str]]:
    modules = module_files(package)
    edges = import_edges(modules)
    return {s.name: set(step_code(s, modules, edges)[0]) for s in STEPS}


def readers(names: set[str]) -> set[str]:
    """``names`` and every step given one of their results, transitively."""
    found = set(names)
    for step in STEPS:  # inputs come earlier in STEPS
        if found & set(step_inputs(step)):
            found.add(step.name)
    return found


def test_versions_are_stable_and_the_copy_gives_the_installed_versions(package):
    assert step_versions(STEPS, package) == step_versions(STEPS, package) == step_versions()
    assert sorted(step_versions(STEPS, package)) == sorted(NAMES)


@pytest.mark.parametrize("module, must_change, must_stay", [
    # a leaf of the attribution rules: attributions imports it through mediabias.sources.table
    ("mediabias.sources.quotes", {"attributions", "actor_sentiment"}, {"articles", "segments", "domain"}),
    # the shipped-model interface and its linear models: the trained instruments (and the domain gate, which reads
    # the genre model), not the rules or the target-sentiment network (which shares only models.decision)
    ("mediabias.models.api", {"frames", "roles", "loaded_language", "domain"},
     {"articles", "segments", "attributions", "actor_sentiment", "sentence_tone"}),
    # the spaCy loader, read by segments: every step after the segments is given them
    ("mediabias.runtime.nlp", set(NAMES), set()),
])
def test_editing_a_module_imported_indirectly_changes_exactly_its_readers(package, module, must_change, must_stay):
    before = step_versions(STEPS, package)
    importing = {name for name, code in closures(package).items() if module in code}
    edit(package, module)
    after = step_versions(STEPS, package)
    assert changed(before, after) == readers(importing)
    assert must_change <= changed(before, after)
    assert not must_stay & changed(before, after)


def test_editing_a_lexicon_changes_the_steps_that_read_it(package):
    before = step_versions(STEPS, package)
    verbs = package / "resources" / "reporting_verbs.csv"
    verbs.write_text(verbs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = step_versions(STEPS, package)
    assert {"attributions", "actor_sentiment"} <= changed(before, after)
    assert not {"articles", "segments", "domain"} & changed(before, after)


def test_editing_documentation_of_a_model_changes_nothing(package):
    before = step_versions(STEPS, package)
    (package / "models" / "frames_lr.md").write_text("edited\n", encoding="utf-8")
    assert step_versions(STEPS, package) == before


def test_actor_sentiment_follows_the_attributions_version(package):
    assert "attributions" in step_inputs(next(s for s in STEPS if s.name == "actor_sentiment"))
    before = step_versions(STEPS, package)
    pipeline = package / "pipeline" / "steps.py"
    source = pipeline.read_text(encoding="utf-8")
    assert source.count("    return attributions(corpus)\n") == 1
    # only the attributions adapter changes: no module, no file of actor_sentiment's own closure
    pipeline.write_text(source.replace("    return attributions(corpus)\n", "    return attributions(corpus=corpus)\n"),
                        encoding="utf-8")
    after = step_versions(STEPS, package)
    # the attributions, the actor sentiment given them, the roles given the actor sentiment, the writer's stance
    # (who holds the sentiment and the stance reader read both; the writer's stance reads the stance), and the
    # loaded-language cues (a cue in a speaker's quoted words is set apart from the writer's)
    assert changed(before, after) == readers({"attributions"}) == {"attributions", "actor_sentiment", "roles", "holders",
                                                                    "stance", "writer_stance", "loaded_language",
                                                                    "loaded_language_spans"}


def test_closures_hold_what_the_code_imports_and_nothing_unrelated(package):
    code = closures(package)
    # read by hand: the adapter calls sources.table.attributions; table imports quotes, cues, speakers and syntax,
    # syntax loads spaCy through runtime.nlp; mediabias.sources runs first (its __init__ imports every submodule)
    assert {"mediabias.sources.table", "mediabias.sources.quotes", "mediabias.sources.speakers",
            "mediabias.sources.syntax", "mediabias.sources.lexicon", "mediabias.runtime.nlp", "mediabias.sources",
            "mediabias.corpus.articles", "mediabias"} <= code["attributions"]
    assert not {m for m in code["attributions"] if m.startswith(("mediabias.framing", "mediabias.sentiment",
                                                                  "mediabias.language", "mediabias.views"))}
    assert not {m for m in set().union(*code.values()) if m.startswith("mediabias.pipeline")}  # it imports every instrument
    # sentiment.tables imports mediabias.sources (the speakers of actor_sentiment)
    assert {"mediabias.sentiment.tables", "mediabias.models.target_sentiment", "mediabias.sources.table"} <= code["actor_sentiment"]
    assert {"mediabias.runtime.domain", "mediabias.runtime.encoder"} <= code["domain"]
    assert not {m for m in code["domain"] if m.startswith(("mediabias.sources", "mediabias.framing"))}


def test_the_data_files_of_a_step_are_the_ones_its_modules_name(package):
    from mediabias.pipeline.versions import data_files, string_constants

    modules = module_files(package)
    edges = import_edges(modules)
    files = {}
    for step in STEPS:
        code = step_code(step, modules, edges)[0]
        files[step.name] = data_files(set().union(*(string_constants(modules[m]) for m in code)), package)
    # every step reads the corpus through the declared input limits (resources/limits.yaml)
    assert files["attributions"] == ["resources/attribution_kinds.yaml", "resources/limits.yaml",
                                     "resources/name_furniture.yaml", "resources/reporting_adverbs.csv",
                                     "resources/reporting_nouns.csv", "resources/reporting_verbs.csv",
                                     "resources/source_types.yaml", "resources/transcript_labels.yaml"]
    # the domain gate: topic profiles, and the genre check with its features, model and trust decisions
    assert files["domain"] == ["resources/genre_features.yaml", "resources/genre_trust.yaml", "resources/limits.yaml",
                               "models/domain.json", "models/genre_lr.json"]
    assert {"models/stance_paragraph.json", "models/stance_article.json"} <= set(files["writer_stance"])
    assert {"models/holder_lr.json", "models/holder_net.pt", "models/holder_net.json"} <= set(files["holders"]) and {"models/sarcasm_lr.json"} <= set(files["irony"])
    assert {"models/frames_lr.json", "resources/frames_codebook.yaml"} <= set(files["frames"])
    assert {"models/target_sentiment.pt", "models/target_sentiment.json"} <= set(files["actor_sentiment"])
    assert files["articles"] == files["segments"] == ["resources/limits.yaml"]


def test_closure_resolves_relative_imports_submodules_and_packages_on_the_path(tmp_path):
    pkg = tmp_path / "mediabias"
    for folder in ("room", "other"):
        (pkg / folder).mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "room" / "__init__.py").write_text("")
    (pkg / "other" / "__init__.py").write_text("from mediabias.other.far import X\n")
    (pkg / "room" / "a.py").write_text("from . import b\nfrom .c import f\nimport json\n")
    (pkg / "room" / "b.py").write_text("from mediabias.other import leaf\n")
    (pkg / "room" / "c.py").write_text("def f():\n    import mediabias.lazy\n")
    (pkg / "other" / "leaf.py").write_text("Y = 1\n")
    (pkg / "other" / "far.py").write_text("X = 1\n")
    (pkg / "lazy.py").write_text("")
    (pkg / "unrelated.py").write_text("import mediabias.room.a\n")
    modules = module_files(pkg)
    found = closure({"mediabias.room.a"}, import_edges(modules), modules)
    assert found == {"mediabias", "mediabias.room", "mediabias.room.a", "mediabias.room.b", "mediabias.room.c",
                     "mediabias.other", "mediabias.other.leaf", "mediabias.other.far", "mediabias.lazy"}
