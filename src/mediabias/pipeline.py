"""``mediabias analyze``: compute every table of a corpus, incrementally, into its ``results/`` as Parquet.

Results belong to one corpus: they live in ``<corpus>/results/`` (:func:`mediabias.paths.results_dir`),
which carries its own ``.gitignore``, so two corpora in one folder never share tables.

Each step runs article by article. A step's result for one article is cached under
``results/cache/<step>/<article_id>-<key>.parquet`` where ``key`` hashes the article (front matter and
text), the outlets it involves, and the *analysis version* of the step (the package version plus the bytes
of the step's code, rules and models). Adding one article to an analysed corpus therefore processes only
that article; editing a lexicon reprocesses every article for the steps that read it.

Notebooks call :func:`load_results`, which runs the same incremental analysis silently and returns the
tables restricted to a story or outlets.
"""

from __future__ import annotations

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
from mediabias.framing.frames import frames
from mediabias.framing.roles import roles
from mediabias.language.readability import readability
from mediabias.language.table import loaded_language_table
from mediabias.runtime.domain import article_domain
from mediabias.sentiment import actor_sentiment, sentence_tone
from mediabias.sources import attributions, unify_story_speakers


@dataclasses.dataclass(frozen=True)
class Step:
    """One per-article analysis: ``function(corpus_of_one_article, upstream) -> DataFrame``."""

    name: str
    function: str                     # "module:function" of a step adapter in this file or an instrument
    modules: tuple[str, ...]          # modules (a package: all its files) whose source defines the analysis version
    needs: tuple[str, ...] = ()       # earlier steps whose per-article tables are passed as ``upstream``
    resources: tuple[str, ...] = ()   # resource/model files (relative to the package) in the version
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
    return roles(corpus)


def _loaded_language(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return loaded_language_table(corpus)


def _loaded_language_spans(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return loaded_language_table(corpus, spans=True)


def _domain(corpus: Corpus, upstream: dict) -> pd.DataFrame:
    seg = corpus.segments
    return article_domain(seg[seg["level"] == "sentence"])


M = "mediabias."
CORPUS, RUNTIME = M + "corpus", M + "runtime"
STEPS: tuple[Step, ...] = (
    Step("articles", "mediabias.pipeline:_articles", (CORPUS,)),
    Step("segments", "mediabias.pipeline:_segments", (CORPUS, RUNTIME)),
    Step("readability", "mediabias.pipeline:_readability", (CORPUS, M + "language.readability")),
    Step("attributions", "mediabias.pipeline:_attributions", (CORPUS, RUNTIME, M + "sources"),
         resources=("resources",), combine="mediabias.pipeline:_attributions_across_articles"),
    Step("sentence_tone", "mediabias.pipeline:_sentence_tone", (CORPUS, M + "sentiment")),
    Step("actor_sentiment", "mediabias.pipeline:_actor_sentiment", (CORPUS, RUNTIME, M + "sources", M + "sentiment"),
         needs=("attributions",), resources=("resources", "models")),
    Step("frames", "mediabias.pipeline:_frames", (CORPUS, RUNTIME, M + "framing"), resources=("resources", "models")),
    Step("roles", "mediabias.pipeline:_roles", (CORPUS, RUNTIME, M + "framing", M + "sentiment"),
         resources=("resources", "models")),
    Step("loaded_language", "mediabias.pipeline:_loaded_language", (CORPUS, RUNTIME, M + "language", M + "sentiment"),
         resources=("resources", "models")),
    Step("loaded_language_spans", "mediabias.pipeline:_loaded_language_spans", (CORPUS, RUNTIME, M + "language"),
         resources=("resources",)),
    # per article: inside or outside each trained instrument's training domain (models/domain.json)
    Step("domain", "mediabias.pipeline:_domain", (CORPUS, RUNTIME), resources=("models",)),
)
STEP_NAMES = tuple(s.name for s in STEPS)


# ------------------------------------------------------------------------------------- versions
def _file_bytes(path: Path):
    if path.is_file():
        yield path.name.encode(), path.read_bytes()
    elif path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                yield str(p.relative_to(path)).encode(), p.read_bytes()


def step_version(step: Step) -> str:
    """The analysis version of a step: package version + its code, rules and models (hashed).

    A module that is a package (``mediabias.sources``) counts with every file of its folder.
    """
    h = hashlib.sha256(f"{__version__}|{step.name}".encode())
    for module in step.modules:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(f"step {step.name!r} needs module {module}, which is not installed")
        code = Path(spec.origin).parent if spec.submodule_search_locations is not None else Path(spec.origin)
        for name, data in _file_bytes(code):
            h.update(name + data)
    for rel in step.resources:
        for name, data in _file_bytes(paths.PACKAGE_DIR / rel):
            h.update(name + data)
    return h.hexdigest()[:16]


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


def _resolve(ref: str):
    """The function named by ``"module:function"``."""
    module, func = ref.split(":")
    return getattr(importlib.import_module(module), func)


def _call(step: Step, corpus: Corpus, upstream: dict) -> pd.DataFrame:
    return _resolve(step.function)(corpus, upstream)


def analyze(corpus: Corpus, *, results: Path | None = None, steps: tuple[str, ...] | None = None,
            progress: bool = True) -> dict:
    """Compute (or read from cache) every step for every article; write ``results/<step>.parquet``.

    Returns a summary ``{step: {"computed": n, "cached": n, "seconds": s}}``.
    """
    results = results or paths.results_dir(corpus.directory)
    _prepare_results(results)
    wanted = set(steps or STEP_NAMES)
    unknown = wanted - set(STEP_NAMES)
    if unknown:
        raise ValueError(f"unknown step(s) {', '.join(sorted(unknown))}; steps: {', '.join(STEP_NAMES)}")
    wanted.add("segments")  # every step reads the segments; computed once per article
    for s in STEPS:  # pull in dependencies
        if s.name in wanted:
            wanted |= set(s.needs)
    ids = list(corpus.articles["article_id"])
    summary, per_article = {}, {}
    for step in (s for s in STEPS if s.name in wanted):
        version = step_version(step)
        started, computed, frames = time.perf_counter(), 0, []
        bar = tqdm(ids, desc=f"{step.name:>16}", unit="article", disable=not progress, file=sys.stderr, leave=True)
        for aid in bar:
            key = article_key(corpus, aid, version)
            cache = results / "cache" / step.name / f"{aid}-{key}.parquet"
            if cache.exists():
                df = pd.read_parquet(cache)
            else:
                sub = corpus.select_ids([aid])
                if ("segments", aid) in per_article:
                    sub = sub.with_segments(per_article[("segments", aid)])
                upstream = {n: per_article[(n, aid)] for n in step.needs}
                df = _call(step, sub, upstream)
                for old in _cache_files(cache.parent, aid):
                    old.unlink()
                _atomic_parquet(df, cache)
                computed += 1
            per_article[(step.name, aid)] = df
            frames.append(df)
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if step.combine and not table.empty:  # cross-article work (cheap; redone on every run)
            table = _resolve(step.combine)(table, corpus)
        _atomic_parquet(table, results / f"{step.name}.parquet")
        summary[step.name] = {"computed": computed, "cached": len(ids) - computed,
                              "seconds": round(time.perf_counter() - started, 2)}
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

    Rows are restricted to the selected articles; with ``outlets`` given, rows of the analysis tables are
    further restricted to words spoken by those outlets (``speaking_outlet``) where the table has that column.
    """
    full = load_corpus(corpus)
    analyze(full, steps=steps, progress=False)
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
