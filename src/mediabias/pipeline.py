"""``mediabias analyze``: compute every table of a corpus, incrementally, into its ``results/`` as Parquet.

Results belong to one corpus: they live in ``<corpus>/results/`` (:func:`mediabias.paths.results_dir`),
which carries its own ``.gitignore``, so two corpora in one folder never share tables.

Each step runs article by article. A step's result for one article is cached under
``results/cache/<step>/<article_id>-<key>.parquet`` where ``key`` hashes the article (front matter and
text), the outlets it involves, and the *analysis version* of the step (:func:`step_versions`). The version is
derived from the code, never listed by hand: the package version, the source of the step's adapter, the source
of every package module in the import closure of the instruments the adapter calls (read statically by
:mod:`mediabias.runtime.imports`: imports at any depth, and the package ``__init__`` files on each path), the
resource and model files those modules name, and the versions of the steps whose results it is given (the
segments, and its ``needs``). Adding one article to an analysed corpus therefore processes only that article;
editing a lexicon, or a module a step imports even indirectly, reprocesses every article for that step and for
the steps that read its results, and nothing else.

Notebooks call :func:`load_results`, which runs the same incremental analysis silently and returns the
tables restricted to a story or outlets.

Faults: an article whose step raises is reported (:class:`Failure`: step, article id, error) and left out of
that step's table and of the steps given its result; every other article is computed and written, and the
command exits non-zero listing the failures; :func:`load_results` raises :class:`AnalysisError`. Every file is
written through a temporary file and an atomic rename, so a killed run leaves whole tables only (cached
articles stay cached: the next run computes only what was not finished) and temporary files, which the next
run removes when their writer process is gone.
"""

from __future__ import annotations

import ast
import dataclasses
import glob
import hashlib
import importlib
import json
import os
import re
import sys
import time
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from mediabias import __version__, paths
from mediabias.corpus.articles import Corpus, load_corpus
from mediabias.corpus.segment import segments
from mediabias.engine import TaskFailed, run_tasks
from mediabias.framing.frames import frames
from mediabias.framing.roles import roles
from mediabias.language.readability import readability
from mediabias.language.table import loaded_language_table
from mediabias.runtime.domain import article_domain
from mediabias.runtime.imports import closure, function_dependencies, import_edges, module_files
from mediabias.sentiment.tables import actor_sentiment, sentence_tone
from mediabias.sources.table import attributions, unify_story_speakers


@dataclasses.dataclass(frozen=True)
class Step:
    """One per-article analysis: ``function(corpus_of_one_article, upstream) -> DataFrame``."""

    name: str
    function: str                     # "module:function" of a step adapter in this file (or of an instrument)
    needs: tuple[str, ...] = ()       # earlier steps whose per-article tables are passed as ``upstream``
    resources: tuple[str, ...] = ()   # data files it reads, relative to the package ("resources/actors.yaml")
    combine: str | None = None        # "module:function(table, corpus) -> table" run on the concatenated table


# ----------------------------------------------------------------------------------- step adapters
def _articles(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return corpus.articles.drop(columns=["text"])


def _segments(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return segments(corpus)


def _readability(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return readability(corpus.segments)


def _attributions(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return attributions(corpus)


def _attributions_across_articles(table: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    return unify_story_speakers(table, dict(zip(corpus.articles["article_id"], corpus.articles["story"])))


def _actor_sentiment(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return actor_sentiment(corpus, attributions=upstream.get("attributions"))


def _sentence_tone(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    sents = corpus.segments[corpus.segments["level"] == "sentence"].reset_index(drop=True)
    tone = sentence_tone(list(sents["text"])).reset_index(drop=True)
    keep = ["article_id", "segment_id", "outlet", "voice", "speaking_outlet", "start", "end", "text"]
    return pd.concat([sents[keep], tone.drop(columns=[c for c in tone.columns if c in keep or c == "sentence"])], axis=1)


def _frames(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return frames(corpus)


def _roles(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return roles(corpus, sentiment=upstream.get("actor_sentiment"))


def _loaded_language(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return loaded_language_table(corpus)


def _loaded_language_spans(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return loaded_language_table(corpus, spans=True)


def _domain(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    seg = corpus.segments
    return article_domain(seg[seg["level"] == "sentence"])


STEPS: tuple[Step, ...] = (
    Step("articles", "mediabias.pipeline:_articles"),
    Step("segments", "mediabias.pipeline:_segments"),
    Step("readability", "mediabias.pipeline:_readability"),
    Step("attributions", "mediabias.pipeline:_attributions", combine="mediabias.pipeline:_attributions_across_articles"),
    Step("sentence_tone", "mediabias.pipeline:_sentence_tone"),
    Step("actor_sentiment", "mediabias.pipeline:_actor_sentiment", needs=("attributions",)),
    Step("frames", "mediabias.pipeline:_frames"),
    Step("roles", "mediabias.pipeline:_roles", needs=("actor_sentiment",)),  # reuses its target-sentiment scores
    Step("loaded_language", "mediabias.pipeline:_loaded_language"),
    Step("loaded_language_spans", "mediabias.pipeline:_loaded_language_spans"),
    # per article: inside or outside each trained instrument's training domain (models/domain.json)
    Step("domain", "mediabias.pipeline:_domain"),
)
STEP_NAMES = tuple(s.name for s in STEPS)
SEGMENTS = "segments"  # every step after this one is given the article's segments


# ------------------------------------------------------------------------------------- versions
DATA_FOLDERS = ("resources", "models")


def step_inputs(step: Step, steps: tuple[Step, ...] = STEPS) -> tuple[str, ...]:
    """The steps whose results for the article ``step`` is given: the segments (when they run before it), its needs."""
    before = [s.name for s in steps[: [s.name for s in steps].index(step.name)]]
    return ((SEGMENTS,) if SEGMENTS in before else ()) + tuple(n for n in step.needs if n != SEGMENTS)


def step_code(step: Step, modules: dict[str, Path], edges: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """``(sorted import closure, source of the function)`` of a step: what its result depends on in the package.

    An adapter of this module counts with its own source and the closure of the instruments it calls, not with
    this module (which imports them all); a function elsewhere counts with the closure of its module.
    """
    module, function = step.function.split(":")
    used, texts = function_dependencies(module, function, modules)
    roots = used if module == __name__ else used | {module}
    return sorted(closure(roots, edges, modules)), texts


def string_constants(path: Path) -> set[str]:
    """Every string literal of a module file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def data_files(named: set[str], package_dir: Path) -> list[str]:
    """The resource and model files (``"resources/reporting_verbs.csv"``) among the strings ``named`` by some code.

    A shipped model counts by its stem too (``shipped.load("frames_lr")`` reads ``models/frames_lr.json``);
    Markdown files are documentation, never read.
    """
    found = []
    for folder in DATA_FOLDERS:
        for path in sorted((package_dir / folder).iterdir()):
            by_stem = folder == "models" and path.suffix == ".json" and path.stem in named
            if path.is_file() and path.suffix not in (".py", ".md") and (path.name in named or by_stem):
                found.append(f"{folder}/{path.name}")
    return found


def _files(path: Path) -> list[Path]:
    """``path`` itself, or every file under it when it is a folder."""
    if path.is_file():
        return [path]
    if path.is_dir():
        return [p for p in sorted(path.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    raise FileNotFoundError(f"a step reads {path}, which does not exist")


def step_versions(steps: tuple[Step, ...] = STEPS, package_dir: Path = paths.PACKAGE_DIR) -> dict[str, str]:
    """The analysis version of every step (16 hex), read from the package source in ``package_dir``.

    A version hashes the package version, the step's function, the source of every module in its import closure
    (:func:`step_code`), the data files those modules name in a string (:func:`data_files`) and any declared in
    ``Step.resources``, and the versions of the steps it is given (:func:`step_inputs`): change a module a step
    imports even indirectly, or a lexicon it reads, and that step and every step reading it get a new version.
    """
    modules = module_files(package_dir)
    edges = import_edges(modules)
    digests: dict[Path, str] = {}  # each file read once per call (the model weights are 11 MB)
    strings: dict[str, set[str]] = {}

    def digest(path: Path) -> str:
        if path not in digests:
            digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return digests[path]

    def named(code: list[str]) -> set[str]:
        for module in code:
            if module not in strings:
                strings[module] = string_constants(modules[module])
        return set().union(*(strings[m] for m in code))

    versions: dict[str, str] = {}
    for step in steps:
        code, texts = step_code(step, modules, edges)
        h = hashlib.sha256(f"{__version__}|{step.name}|{step.function}".encode())
        for text in texts:
            h.update(text.encode())
        for module in code:
            h.update(f"{module}={digest(modules[module])}".encode())
        for rel in sorted({*data_files(named(code), package_dir), *step.resources}):
            for path in _files(package_dir / rel):
                h.update(f"{path.relative_to(package_dir).as_posix()}={digest(path)}".encode())
        for name in step_inputs(step, steps):
            h.update(f"{name}={versions[name]}".encode())
        versions[step.name] = h.hexdigest()[:16]
    return versions


def article_key(corpus: Corpus, article_id: str, version: str) -> str:
    """Hash of one article's content and metadata, the outlets it involves, and the step version."""
    art = next(a for a in corpus.parsed if a.id == article_id)
    involved = sorted({art.meta["outlet"], *(p.origin_outlet for p in art.paragraphs if p.origin_outlet)})
    outlets = corpus.outlets[corpus.outlets["outlet_id"].isin(involved)].to_json(orient="records")
    meta = json.dumps(art.meta, sort_keys=True, default=str)
    return hashlib.sha256("\x00".join([version, meta, art.text, outlets]).encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------------- running
def _atomic_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write ``path`` through a temporary file beside it; on any failure (disk full) the temporary is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        df.to_parquet(tmp, index=False)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


RESULTS_GITIGNORE = "# computed by `mediabias analyze` (rerun it to rebuild); never committed\n*\n"


def _prepare_results(results: Path) -> None:
    """Create the results folder with a ``.gitignore`` of its own, so a corpus under git stays clean."""
    results.mkdir(parents=True, exist_ok=True)
    ignore = results / ".gitignore"
    if not ignore.exists():
        ignore.write_text(RESULTS_GITIGNORE, encoding="utf-8")


def _cache_files(folder: Path, article_id: str) -> list[Path]:
    """The cached tables of exactly this article (``<id>-<16 hex>.parquet``; not those of ``<id>-2``)."""
    pattern = re.compile(re.escape(article_id) + r"-[0-9a-f]{16}\.parquet")
    return [p for p in folder.glob(f"{glob.escape(article_id)}-*.parquet") if pattern.fullmatch(p.name)]


def _writer_alive(tmp: Path) -> bool:
    """Whether the process writing ``.<name>.<pid>.tmp`` (:func:`_atomic_parquet`) still runs; a killed one's is litter."""
    pid = tmp.name.rsplit(".", 2)[-2]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def remove_stale_temporaries(results: Path) -> list[Path]:
    """Delete the temporary files of :func:`_atomic_parquet` whose writer is gone (a run killed mid-write).

    They are never read (a cached table is found by its exact name), only litter; a live writer's is kept.
    Returns the files removed.
    """
    stale = [p for p in results.rglob(".*.tmp") if p.is_file() and not _writer_alive(p)]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _resolve(ref: str):
    """The function named by ``"module:function"``."""
    module, func = ref.split(":")
    return getattr(importlib.import_module(module), func)


def _call(step: Step, corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return _resolve(step.function)(corpus, upstream)


@dataclasses.dataclass(frozen=True)
class Failure:
    """One article a step could not analyse: the step, the article and the error (or the input it lacked)."""

    step: str
    article_id: str
    error: str

    def __str__(self) -> str:
        return f"{self.article_id} in {self.step}: {self.error}"


def failures(summary: dict) -> list[Failure]:
    """Every :class:`Failure` of an :func:`analyze` summary, step by step."""
    return [f for s in summary.values() for f in s["failures"]]


def failure_report(found: list[Failure]) -> str:
    """A message listing each failure, one a line, for the command line and :class:`AnalysisError`."""
    ids = sorted({f.article_id for f in found})
    head = (f"{len(ids)} article(s) could not be analysed ({', '.join(ids)}); they are missing from the tables "
            "of these steps (the other articles' results were written):")
    return "\n".join([head, *(f"  {f}" for f in found)])


class AnalysisError(RuntimeError):
    """Some articles failed in :func:`analyze`: the tables lack them. ``failures`` lists each."""

    def __init__(self, found: list[Failure]):
        self.failures = list(found)
        super().__init__(failure_report(self.failures))


def _wanted(steps: tuple[str, ...] | None) -> list[Step]:
    """The steps to run, in order: those asked for, the segments, and what they need."""
    wanted = set(steps or STEP_NAMES)
    unknown = wanted - set(STEP_NAMES)
    if unknown:
        raise ValueError(f"unknown step(s) {', '.join(sorted(unknown))}; steps: {', '.join(STEP_NAMES)}")
    wanted.add(SEGMENTS)  # every step reads the segments; computed once per article
    for s in reversed(STEPS):  # pull in dependencies (needs come earlier)
        if s.name in wanted:
            wanted |= set(s.needs)
    return [s for s in STEPS if s.name in wanted]


def _store(df: pd.DataFrame, cache: Path, article_id: str) -> None:
    """Write one article's table as its cache file, after removing the article's cache files of older versions."""
    for old in _cache_files(cache.parent, article_id):
        old.unlink()
    _atomic_parquet(df, cache)


#: Articles per task: large enough that a worker's per-task overhead is small, small enough that a killed run
#: loses little (a chunk's results are written when the chunk is finished) and workers share the load evenly.
CHUNK_SIZE = 8


def run_chunk(corpus: Corpus, plan: dict[str, list[str]], given: dict) -> dict:
    """Compute, article by article, the steps ``plan[article_id]`` (in pipeline order) of the articles of ``corpus``.

    ``given[(step, article_id)]`` holds the cached tables an article's steps read (its segments, the ``needs``).
    Returns ``{(step, article_id): table or Failure}`` for every planned step, and ``{("seconds", step): s}``.
    One article's error is that article's :class:`Failure`; the chunk goes on. This is the task
    :func:`mediabias.engine.run_tasks` runs, in this process or on a Dask worker.
    """
    by_name = {s.name: s for s in STEPS}
    have, out = dict(given), {}
    for aid in corpus.articles["article_id"]:
        for name in plan.get(aid, []):
            step = by_name[name]
            started = time.perf_counter()
            missing = [n for n in step_inputs(step) if (n, aid) not in have]
            if missing:
                out[(name, aid)] = Failure(name, aid, f"not computed: needs {', '.join(missing)}, which failed")
                continue
            sub = corpus.select_ids([aid])
            if SEGMENTS in step_inputs(step):
                sub = sub.with_segments(have[(SEGMENTS, aid)])
            try:
                df = _call(step, sub, {n: have[(n, aid)] for n in step.needs})
            except Exception as exc:  # one article's error must not lose the run: reported in the summary
                out[(name, aid)] = Failure(name, aid, f"{type(exc).__name__}: {exc}")
            else:
                have[(name, aid)] = out[(name, aid)] = df
            out[("seconds", name)] = out.get(("seconds", name), 0.0) + time.perf_counter() - started
    return out


def _plan_chunks(ids: list[str], todo: dict[str, list[str]], size: int) -> list[list[str]]:
    """The articles with something to compute, in corpus order, cut into chunks of ``size``.

    The cut depends only on which articles need work, never on how many workers run them.
    """
    pending = [aid for aid in ids if todo[aid]]
    return [pending[i : i + size] for i in range(0, len(pending), size)]


def analyze(corpus: Corpus, *, results: Path | None = None, steps: tuple[str, ...] | None = None,
            progress: bool = True, workers: int = 1, scheduler: str | None = None,
            chunk_size: int = CHUNK_SIZE) -> dict:
    """Compute (or read from cache) every step for every article; write ``results/<step>.parquet``.

    The articles with anything left to compute are cut into chunks (:data:`CHUNK_SIZE`); each chunk runs every
    planned step of its articles in one task, in this process (``workers=1``), on an embedded Dask cluster of
    ``workers`` processes, or on the Dask cluster at ``scheduler`` (:mod:`mediabias.engine`). Each finished
    chunk's results are written to the cache at once, so a killed run resumes where it stopped.

    An article whose step raises is left out of that step's table (and of the tables of the steps given that
    result) and reported; the other articles are computed and written. Returns a summary
    ``{step: {"computed": n, "cached": n, "failed": n, "failures": [Failure], "seconds": s}}``
    (:func:`failures` lists them all; ``seconds`` is the compute time spent in the step, summed over workers).
    """
    results = results or paths.results_dir(corpus.directory)
    _prepare_results(results)
    remove_stale_temporaries(results)
    versions = step_versions()
    wanted = _wanted(steps)
    ids = list(corpus.articles["article_id"])
    cache = {(s.name, aid): results / "cache" / s.name / f"{aid}-{article_key(corpus, aid, versions[s.name])}.parquet"
             for s in wanted for aid in ids}
    have = {key: pd.read_parquet(path) for key, path in cache.items() if path.exists()}
    todo = {aid: [s.name for s in wanted if (s.name, aid) not in have] for aid in ids}
    chunks = _plan_chunks(ids, todo, chunk_size)

    bars = {s.name: tqdm(total=len(ids), initial=sum((s.name, aid) in have for aid in ids), desc=f"{s.name:>21}",
                         unit="article", disable=not progress, file=sys.stderr, leave=True, position=i)
            for i, s in enumerate(wanted)}
    computed: dict[str, set[str]] = {s.name: set() for s in wanted}
    seconds = {s.name: 0.0 for s in wanted}
    failed: dict[str, list[Failure]] = {s.name: [] for s in wanted}
    tasks = []
    for chunk in chunks:
        inputs = {n for aid in chunk for name in todo[aid] for n in step_inputs(next(s for s in wanted if s.name == name))}
        given = {(n, aid): have[(n, aid)] for n in inputs for aid in chunk if (n, aid) in have}
        tasks.append((chunk[0], (corpus.select_ids(chunk), {aid: todo[aid] for aid in chunk}, given)))
    for label, out in run_tasks(run_chunk, tasks, workers=workers, scheduler=scheduler):
        chunk = next(c for c in chunks if c[0] == label)
        if isinstance(out, TaskFailed):  # the whole chunk is lost (its worker died): each article reported
            out = {(name, aid): Failure(name, aid, f"not computed: {out.error}") for aid in chunk for name in todo[aid]}
        for key, value in out.items():
            if key[0] == "seconds":
                seconds[key[1]] += value
            elif isinstance(value, Failure):
                failed[key[0]].append(value)
            else:
                _store(value, cache[key], key[1])
                have[key] = value
                computed[key[0]].add(key[1])
        for name, bar in bars.items():
            bar.update(sum(name in todo[aid] for aid in chunk))

    summary = {}
    for step in wanted:  # in corpus order; an article is dropped when a step it reads failed (now or before)
        bars[step.name].close()
        inputs = step_inputs(step)
        parts = []
        for aid in ids:
            if (step.name, aid) not in have:
                continue
            missing = [n for n in inputs if (n, aid) not in have]
            if missing:
                failed[step.name].append(Failure(step.name, aid, f"not computed: needs {', '.join(missing)}, which failed"))
                del have[(step.name, aid)]
                continue
            parts.append(have[(step.name, aid)])
        table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        if step.combine and not table.empty:  # cross-article work (cheap; redone on every run)
            table = _resolve(step.combine)(table, corpus)
        _atomic_parquet(table, results / f"{step.name}.parquet")
        found = sorted(failed[step.name], key=lambda f: ids.index(f.article_id))
        done = sum((step.name, aid) in have for aid in ids)
        fresh = sum((step.name, aid) in have for aid in computed[step.name])
        summary[step.name] = {"computed": fresh, "cached": done - fresh, "failed": len(found), "failures": found,
                              "seconds": round(seconds[step.name], 2)}
    return summary


@dataclasses.dataclass
class Results:
    """A corpus selection and its analysis tables (``tables[step]``)."""

    corpus: Corpus
    tables: dict

    def __getitem__(self, step: str) -> pd.DataFrame:
        return self.tables[step]


def load_results(corpus=None, *, story=None, outlets=None, steps: tuple[str, ...] | None = None) -> Results:
    """Analyse the corpus incrementally (silently) and return the tables for a story/outlet selection.

    Raises :class:`AnalysisError`, naming each article and step, when some article could not be analysed.

    Rows are restricted to the selected articles; with ``outlets`` given, rows of the analysis tables are
    further restricted to words spoken by those outlets (``speaking_outlet``) where the table has that column.
    """
    full = load_corpus(corpus)
    found = failures(analyze(full, steps=steps, progress=False))
    if found:  # a notebook must not show partial tables as if they were the whole corpus
        raise AnalysisError(found)
    selected = full.select(story=story, outlets=outlets) if (story or outlets) else full
    ids = set(selected.articles["article_id"])
    results = paths.results_dir(full.directory)
    tables = {}
    for name in (steps or STEP_NAMES):
        df = pd.read_parquet(results / f"{name}.parquet")
        if "article_id" in df.columns:
            df = df[df["article_id"].isin(ids)]
        if outlets and "speaking_outlet" in df.columns:
            df = df[df["speaking_outlet"].isin(outlets)]
        tables[name] = df.reset_index(drop=True)
    if "segments" in tables:
        selected = selected.with_segments(tables["segments"])
    return Results(selected, tables)
