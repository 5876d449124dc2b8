"""``mediabias analyze``: compute every table of a corpus, incrementally, into its ``results/`` as Parquet.

Results belong to one corpus: they live in ``<corpus>/results/`` (:func:`mediabias.paths.results_dir`),
which carries its own ``.gitignore``, so two corpora in one folder never share tables.

Each step runs on chunks of articles. A step's result for one article is cached in a part of
``results/cache/<step>/`` (:mod:`mediabias.store`: one Parquet file per chunk, with a SHA-256 checksum beside it
that every read verifies; a damaged part is reported and recomputed) under a ``key`` that hashes the article
(front matter and text), the outlets it involves, and the *analysis version* of the step (:func:`step_versions`). The version is
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
import hashlib
import importlib
import json
import logging
import sys
import time
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from mediabias import __version__, paths, store
from mediabias.corpus.articles import Corpus, load_corpus
from mediabias.corpus.catalog import ArticleChanged, Catalog
from mediabias.corpus.segment import segments
from mediabias.engine import TaskFailed, run_tasks
from mediabias.framing.frames import frames
from mediabias.framing.roles import roles
from mediabias.language.readability import readability
from mediabias.language.table import loaded_language_table
from mediabias.runtime.domain import article_domain
from mediabias.runtime.encoder import clear_encoded
from mediabias.runtime.genre import article_genre
from mediabias.runtime.imports import closure, function_dependencies, import_edges, module_files
from mediabias.runtime.nlp import clear_parsed
from mediabias.sentiment.holder import sentiment_holders
from mediabias.sentiment.sarcasm import irony_table
from mediabias.sentiment.stance import corpus_stance
from mediabias.sentiment.tables import actor_sentiment, sentence_tone
from mediabias.sentiment.writer import flag_paragraphs, writer_stance
from mediabias.sources.table import attributions, rename_story_speakers, story_speaker_names

log = logging.getLogger(__name__)

@dataclasses.dataclass(frozen=True)
class Step:
    """One per-article analysis: ``function(corpus_of_one_article, upstream) -> DataFrame``."""

    name: str
    function: str                     # "module:function" of a step adapter in this file (or of an instrument)
    needs: tuple[str, ...] = ()       # earlier steps whose per-article tables are passed as ``upstream``
    resources: tuple[str, ...] = ()   # data files it reads, relative to the package ("resources/actors.yaml")
    combine: str | None = None        # "module:NAME" of a :class:`Combine`, cross-article work on the whole table


@dataclasses.dataclass(frozen=True)
class Combine:
    """Cross-article work on a step's table, done while the table is streamed to its file (never whole in memory).

    ``prepare(table, corpus) -> state`` is given the table's ``columns`` (all articles, in batches: it is called
    once per batch with the state so far, ``None`` at first); ``apply(batch, corpus, state) -> batch`` then
    rewrites each batch of rows, row by row.
    """

    columns: tuple[str, ...]
    prepare: object
    apply: object


# ----------------------------------------------------------------------------------- step adapters
def _articles(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return corpus.articles.drop(columns=["text"])


def _segments(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return segments(corpus)


def _readability(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return readability(corpus.segments)


def _attributions(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return attributions(corpus)


def _story_of(corpus: Corpus | Catalog) -> dict:
    return dict(zip(corpus.articles["article_id"], corpus.articles["story"]))


# the same as unify_story_speakers on the whole table: a story's names first, then each batch renamed
_attributions_across_articles = Combine(
    columns=("article_id", "speaker", "named"),
    prepare=lambda table, corpus, state: story_speaker_names(table, _story_of(corpus), state),
    apply=lambda batch, corpus, state: rename_story_speakers(batch, _story_of(corpus), state),
)


def _actor_sentiment(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return actor_sentiment(corpus, attributions=upstream.get("attributions"))


def _sentence_tone(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    sents = corpus.segments[corpus.segments["level"] == "sentence"].reset_index(drop=True)
    tone = sentence_tone(list(sents["text"])).reset_index(drop=True)
    keep = ["article_id", "segment_id", "outlet", "voice", "speaking_outlet", "start", "end", "text"]
    return pd.concat([sents[keep], tone.drop(columns=[c for c in tone.columns if c in keep or c == "sentence"])], axis=1)


def _irony(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return irony_table(corpus.segments)


def _holders(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return sentiment_holders(upstream["actor_sentiment"], upstream.get("attributions"))


def _stance(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    paragraphs = corpus_stance(corpus.segments, upstream.get("attributions"), upstream["actor_sentiment"])
    return flag_paragraphs(paragraphs, upstream["irony"], upstream["holders"])


def _writer_stance(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return writer_stance(upstream["stance"])


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
    sentences = seg[seg["level"] == "sentence"]
    return article_domain(sentences, genres=article_genre(sentences))


STEPS: tuple[Step, ...] = (
    Step("articles", "mediabias.pipeline:_articles"),
    Step("segments", "mediabias.pipeline:_segments"),
    Step("readability", "mediabias.pipeline:_readability"),
    Step("attributions", "mediabias.pipeline:_attributions", combine="mediabias.pipeline:_attributions_across_articles"),
    Step("sentence_tone", "mediabias.pipeline:_sentence_tone"),
    Step("actor_sentiment", "mediabias.pipeline:_actor_sentiment", needs=("attributions",)),
    # the writer's stance toward each actor (what "how the outlet treats X" means on every page): irony per sentence,
    # who holds the sentiment per mention, the stance reader per paragraph, then one row per (article, actor)
    Step("irony", "mediabias.pipeline:_irony"),
    Step("holders", "mediabias.pipeline:_holders", needs=("attributions", "actor_sentiment")),
    Step("stance", "mediabias.pipeline:_stance", needs=("attributions", "actor_sentiment", "irony", "holders")),
    Step("writer_stance", "mediabias.pipeline:_writer_stance", needs=("stance",)),
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

    The versions are kept per process while no file of the package changes its size, time or inode
    (:func:`_package_stamp`), so a run of many small analyses does not read the whole package source each time.
    """
    key = (steps, Path(package_dir).resolve(), _package_stamp(Path(package_dir)))
    if key not in _VERSIONS:
        _VERSIONS.clear()
        _VERSIONS[key] = _step_versions(steps, package_dir)
    return dict(_VERSIONS[key])


_VERSIONS: dict = {}


def _package_stamp(package_dir: Path) -> tuple:
    """Size, modification time and inode of every file of the package (no file is read)."""
    stamp = []
    for path in sorted(package_dir.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            st = path.stat()
            stamp.append((path.relative_to(package_dir).as_posix(), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(stamp)


def _step_versions(steps: tuple[Step, ...], package_dir: Path) -> dict[str, str]:
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


def article_key(digest: str, version: str) -> str:
    """The cache key of one article for one step: its content digest (the catalog's ``digest``,
    :func:`mediabias.corpus.catalog.article_digest`) and the step's version."""
    return hashlib.sha256(f"{version}\x00{digest}".encode()).hexdigest()[:16]


# ------------------------------------------------------------------------------------- running
RESULTS_GITIGNORE = "# computed by `mediabias analyze` (rerun it to rebuild); never committed\n*\n"


def _prepare_results(results: Path) -> None:
    """Create the results folder with a ``.gitignore`` of its own, so a corpus under git stays clean."""
    results.mkdir(parents=True, exist_ok=True)
    ignore = results / ".gitignore"
    if not ignore.exists():
        ignore.write_text(RESULTS_GITIGNORE, encoding="utf-8")


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


#: Articles per task: large enough that a worker's per-task overhead is small, small enough that a killed run
#: loses little (a chunk's results are written when the chunk is finished) and workers share the load evenly.
CHUNK_SIZE = 8
#: ... and at most this many characters of text (an article longer than that is a chunk of its own): a worker's
#: memory follows its largest chunk, and a corpus of thousands of articles has a few chunks of the longest ones.
CHUNK_CHARS = 60_000


def _split(table: pd.DataFrame, article_ids: list[str]) -> dict[str, pd.DataFrame]:
    """One step's table of several articles cut into each article's table (its rows in their order)."""
    if len(article_ids) == 1:
        return {article_ids[0]: table}
    if table.empty:
        return {aid: table for aid in article_ids}
    if "article_id" not in table.columns:
        raise ValueError("a step's table of several articles has no article_id column to cut it by")
    groups = {aid: g.reset_index(drop=True) for aid, g in table.groupby("article_id", sort=False)}
    unknown = set(groups) - set(article_ids)
    if unknown:
        raise ValueError(f"a step's table has rows of articles it was not given: {sorted(unknown)[:3]}")
    return {aid: groups.get(aid, table.iloc[0:0]) for aid in article_ids}


def _run_step(step: Step, corpus: Corpus, article_ids: list[str], have: dict) -> dict[str, pd.DataFrame]:
    """``{article_id: table}`` of one step computed for several articles in one call (batched parse and networks)."""
    sub = corpus.select_ids(article_ids)
    if SEGMENTS in step_inputs(step):
        sub = sub.with_segments(pd.concat([have[(SEGMENTS, aid)] for aid in article_ids], ignore_index=True))
    upstream = {n: pd.concat([have[(n, aid)] for aid in article_ids], ignore_index=True) for n in step.needs}
    return _split(_call(step, sub, upstream), article_ids)


def run_chunk(corpus: Corpus, plan: dict[str, list[str]], given: dict) -> dict:
    """Compute the steps ``plan[article_id]`` of the articles of ``corpus``, step by step, each step in one call.

    ``given[(step, article_id)]`` holds the cached tables an article's steps read (its segments, the ``needs``).
    A step is called once with every article of the chunk that needs it, so spaCy and the networks batch across
    articles; when that call raises, the step is run article by article to find which one fails, and that
    article's error is its :class:`Failure` while the others go on.
    Returns ``{(step, article_id): table or Failure}`` for every planned step, and ``{("seconds", step): s}``.
    This is the task :func:`mediabias.engine.run_tasks` runs, in this process or on a Dask worker.
    """
    clear_shared_artefacts()  # a chunk's results depend on the chunk alone, wherever and after whatever it runs
    have, out = dict(given), {}
    ids = list(corpus.articles["article_id"])
    for step in STEPS:
        planned = [aid for aid in ids if step.name in plan.get(aid, [])]
        if not planned:
            continue
        started = time.perf_counter()
        ready = []
        for aid in planned:
            missing = [n for n in step_inputs(step) if (n, aid) not in have]
            if missing:
                out[(step.name, aid)] = Failure(step.name, aid, f"not computed: needs {', '.join(missing)}, which failed")
            else:
                ready.append(aid)
        try:
            found = _run_step(step, corpus, ready, have) if ready else {}
        except Exception:  # some article breaks the step: one by one, so only that one is lost
            found = {}
            for aid in ready:
                try:
                    found.update(_run_step(step, corpus, [aid], have))
                except Exception as exc:
                    out[(step.name, aid)] = Failure(step.name, aid, f"{type(exc).__name__}: {exc}")
        for aid, df in found.items():
            have[(step.name, aid)] = out[(step.name, aid)] = df
        out[("seconds", step.name)] = time.perf_counter() - started
    return out


def clear_shared_artefacts() -> None:
    """Forget the parses and sentence vectors this process keeps for the steps of a chunk to share."""
    clear_parsed()
    clear_encoded()


def _plan_chunks(ids: list[str], todo: dict[str, list[str]], size: int,
                 length: dict[str, int] | None = None, max_chars: int = CHUNK_CHARS) -> list[list[str]]:
    """The articles with something to compute, in corpus order, cut into chunks of ``size`` articles and, when
    ``length`` (characters per article) is given, of at most ``max_chars`` characters.

    The cut depends only on which articles need work, never on how many workers run them.
    """
    chunks: list[list[str]] = []
    chars = 0
    for aid in (a for a in ids if todo[a]):
        n = (length or {}).get(aid, 0)
        if not chunks or len(chunks[-1]) >= size or (chars + n > max_chars and chunks[-1]):
            chunks.append([])
            chars = 0
        chunks[-1].append(aid)
        chars += n
    return chunks


def _largest_first(chunks: list[list[str]], length: dict[str, int], todo: dict[str, list[str]]) -> list[list[str]]:
    """The chunks in the order they are sent: the most work first (characters x steps to compute), so the last
    tasks are short and no worker idles long while another finishes a big one. The order changes nothing in the
    results (each chunk's results depend on the chunk alone; the tables are assembled in corpus order)."""
    return sorted(chunks, key=lambda chunk: -sum(length[aid] * len(todo[aid]) for aid in chunk))


def _chunk_corpus(catalog: Catalog, chunk: list[str], todo: dict[str, list[str]]) -> tuple[Corpus | None, list[Failure]]:
    """The corpus of a chunk's articles, read when the chunk is sent; an article whose file changed since the
    catalog was read is reported for each of its steps and left out (its results would be stored under its old
    content's key), the others are analysed."""
    try:
        return catalog.select_ids(chunk), []
    except ArticleChanged:
        keep, lost = [], []
        for aid in chunk:
            try:
                catalog.select_ids([aid])
                keep.append(aid)
            except ArticleChanged as exc:
                lost += [Failure(name, aid, str(exc)) for name in todo[aid]]
        return (catalog.select_ids(keep) if keep else None), lost


def analyze(corpus: Corpus | Catalog, *, results: Path | None = None, steps: tuple[str, ...] | None = None,
            progress: bool = True, workers: int = 1, scheduler: str | None = None,
            chunk_size: int = CHUNK_SIZE) -> dict:
    """Compute (or read from cache) every step for every article; write ``results/<step>.parquet``.

    ``corpus`` is a loaded corpus or, to keep memory flat on a large one, its :class:`Catalog`
    (:func:`mediabias.corpus.catalog.read_catalog`: the command line's way), whose chunks are read from their
    files when they are sent.

    The articles with anything left to compute are cut into chunks (:data:`CHUNK_SIZE`); each chunk runs every
    planned step of its articles in one task (:func:`run_chunk`), in this process (``workers=1``), on an
    embedded Dask cluster of ``workers`` processes, or on the Dask cluster at ``scheduler``
    (:mod:`mediabias.engine`). A task's inputs are read from the store just before it is sent and each finished
    task's results are written at once as one part per step (:mod:`mediabias.store`), so memory holds only the
    tasks in flight and a killed run resumes where it stopped.

    An article whose step raises is left out of that step's table (and of the tables of the steps given that
    result) and reported; the other articles are computed and written. Returns a summary
    ``{step: {"computed": n, "cached": n, "failed": n, "failures": [Failure], "seconds": s}}``
    (:func:`failures` lists them all; ``seconds`` is the compute time spent in the step, summed over workers).
    """
    results = results or paths.results_dir(corpus.directory)
    _prepare_results(results)
    store.remove_stale_temporaries(results)
    versions = step_versions()
    wanted = _wanted(steps)
    by_name = {s.name: s for s in wanted}
    catalog = corpus if isinstance(corpus, Catalog) else Catalog.of(corpus)
    ids = list(catalog.articles["article_id"])
    position = {aid: i for i, aid in enumerate(ids)}
    digests = dict(zip(ids, catalog.articles["digest"]))
    keys = {(s.name, aid): article_key(digests[aid], versions[s.name]) for s in wanted for aid in ids}
    index = {s.name: store.read_index(results, s.name) for s in wanted}

    def part(name: str, aid: str) -> Path | None:
        return index[name].get((aid, keys[(name, aid)]))

    todo = {aid: [s.name for s in wanted if part(s.name, aid) is None] for aid in ids}
    length = dict(zip(ids, catalog.articles["n_chars"]))
    chunks = _plan_chunks(ids, todo, chunk_size, length)
    reader = store.PartReader()

    def tasks():  # made one at a time, as the engine sends them: only the tasks in flight are in memory
        for chunk in _largest_first(chunks, length, todo):
            sub, lost = _chunk_corpus(catalog, chunk, todo)
            for failure in lost:
                failed[failure.step].append(failure)
                bars[failure.step].update(1)
            if sub is None:
                continue
            chunk = list(sub.articles["article_id"])
            inputs = {n for aid in chunk for name in todo[aid] for n in step_inputs(by_name[name])}
            given = {(n, aid): reader(part(n, aid), aid) for n in inputs for aid in chunk
                     if n not in todo[aid] and part(n, aid) is not None}
            sent[chunk[0]] = chunk
            yield chunk[0], (sub, {aid: todo[aid] for aid in chunk}, given)

    bars = {s.name: tqdm(total=len(ids), initial=sum(s.name not in todo[aid] for aid in ids), desc=f"{s.name:>21}",
                         unit="article", disable=not progress, file=sys.stderr, leave=True, position=i)
            for i, s in enumerate(wanted)}
    sent: dict[str, list[str]] = {}  # label → the articles of the chunk sent under it
    computed: dict[str, set[str]] = {s.name: set() for s in wanted}
    seconds = {s.name: 0.0 for s in wanted}
    failed: dict[str, list[Failure]] = {s.name: [] for s in wanted}
    workers = max(1, min(workers, len(chunks)))  # no cluster started for fewer tasks than workers
    for label, out in run_tasks(run_chunk, tasks(), workers=workers, scheduler=scheduler):
        chunk = sent.pop(label)
        if isinstance(out, TaskFailed):  # the whole chunk is lost (its worker died): each article reported
            out = {(name, aid): Failure(name, aid, f"not computed: {out.error}") for aid in chunk for name in todo[aid]}
        done: dict[str, dict[str, pd.DataFrame]] = {}
        for key, value in out.items():
            if key[0] == "seconds":
                seconds[key[1]] += value
            elif isinstance(value, Failure):
                failed[key[0]].append(value)
            else:
                done.setdefault(key[0], {})[key[1]] = value
        for name in (s.name for s in wanted if s.name in done):  # pipeline order: a part never precedes its inputs
            tables = done[name]
            path = store.write_part(results, name, tables, {aid: keys[(name, aid)] for aid in tables})
            for aid in tables:
                index[name][(aid, keys[(name, aid)])] = path
                computed[name].add(aid)
        for name, bar in bars.items():
            bar.update(sum(name in todo[aid] for aid in chunk))

    summary = {}
    for step in wanted:  # in corpus order; an article is dropped when a step it reads failed (now or before)
        bars[step.name].close()
        inputs = step_inputs(step)
        rows_of = []
        for aid in ids:
            if part(step.name, aid) is None:
                continue
            missing = [n for n in inputs if part(n, aid) is None]
            if missing:
                failed[step.name].append(Failure(step.name, aid, f"not computed: needs {', '.join(missing)}, which failed"))
                continue
            rows_of.append((aid, part(step.name, aid)))
        done = len(rows_of)
        table = results / f"{step.name}.parquet"
        problem = store.damage(table, missing_checksum=False)
        if problem:  # rewritten below in any case; said, because damage on disk is worth knowing about
            log.warning("warning: step table %s %s: rewritten from the cached parts", table, problem)
        _write_step_table(step, rows_of, catalog, table)
        index[step.name] = store.prune(results, step.name, {(aid, keys[(step.name, aid)]) for aid in ids},
                                       index[step.name])
        found = sorted(failed[step.name], key=lambda f: position[f.article_id])
        fresh = sum(part(step.name, aid) is not None for aid in computed[step.name])
        summary[step.name] = {"computed": fresh, "cached": done - fresh, "failed": len(found), "failures": found,
                              "seconds": round(seconds[step.name], 2)}
    return summary


def _write_step_table(step: Step, rows_of: list[tuple[str, Path]], corpus: Corpus | Catalog, path: Path) -> None:
    """Write a step's table, its articles' rows in the order given, a batch at a time (:func:`store.write_table`),
    after its cross-article state is gathered from the columns it needs (:class:`Combine`; redone on every run)."""
    if not rows_of:
        store.atomic_parquet(pd.DataFrame(), path)
        return
    transform = None
    if step.combine:
        combine, state = _resolve(step.combine), None
        for batch in store.iter_rows(rows_of, columns=list(combine.columns)):
            state = combine.prepare(batch.to_pandas(), corpus, state)
        transform = lambda batch: combine.apply(batch, corpus, state)  # noqa: E731
    store.write_table(rows_of, path, transform=transform)


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
    for name in (steps or STEP_NAMES):  # a selection reads only its articles' rows (filtered inside the file)
        df = store.read_table(results, name, article_ids=ids if len(ids) < len(full.articles) else None)
        if outlets and "speaking_outlet" in df.columns:
            df = df[df["speaking_outlet"].isin(outlets)]
        tables[name] = df.reset_index(drop=True)
    if "segments" in tables:
        selected = selected.with_segments(tables["segments"])
    return Results(selected, tables)
