"""Add articles to a corpus safely: resolve outlets, refuse duplicates, validate, then write atomically.

The flow is plan, then commit. :func:`plan_additions` turns :class:`~mediabias.ingest.extract.Draft` objects
into the exact files to write and every problem found, touching nothing; :func:`commit` writes them,
each file first to a temporary name beside its target and then moved into place with ``os.replace``,
so an error or Ctrl-C leaves the corpus as it was (and an interruption during the final moves still
leaves a valid corpus: raw files and checksums first, outlets next, articles last).

Layout (every name is importable from ``mediabias.ingest``): :mod:`~mediabias.ingest.index`, the corpus
index, text helpers and :class:`AddError`; :mod:`~mediabias.ingest.outlets`, outlets and excerpt origins;
:mod:`~mediabias.ingest.render`, the article file; :mod:`~mediabias.ingest.plan`, :func:`plan_additions`.
The writing step, :func:`commit`, lives here.

Example:
    >>> index = load_index(Path("corpus"))
    >>> plan = plan_additions([draft], index, options=AddOptions(story="my-story", outlet="nyt"))
    >>> commit(plan, index.directory)
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import sys
import threading
from pathlib import Path

from mediabias.corpus.articles import OUTLET_COLUMNS
from mediabias.corpus.files import temporaries
from mediabias.ingest.index import (
    SHINGLE, SKETCH, AddError, CorpusIndex, jaccard, load_index, name_key, normalize_url, shingles, slug,
)
from mediabias.ingest.outlets import host_outlet, match_outlet, outlet_keys, outlets_in, resolve_excerpts
from mediabias.ingest.plan import AddOptions, Plan, Planned, plan_additions
from mediabias.ingest.render import FIELD_ORDER, render_article, render_body
from mediabias.runtime import atomic

__all__ = [
    "FIELD_ORDER", "SHINGLE", "SKETCH", "AddError", "AddOptions", "CorpusIndex", "Plan", "Planned", "commit",
    "host_outlet", "jaccard", "load_index", "match_outlet", "name_key", "normalize_url", "outlet_keys",
    "outlets_in", "plan_additions", "remove_stale_temporaries", "render_article", "render_body", "resolve_excerpts",
    "shingles", "slug",
]


# ------------------------------------------------------------------------------------------ writing
@contextlib.contextmanager
def _sigint_deferred():
    """Hold Ctrl-C until the block ends (main thread only), so the final moves are not cut short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *a: caught.append(a))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            print("Ctrl-C arrived while the files were moved into place; the addition was completed first",
                  file=sys.stderr)


def _outlets_csv(corpus_dir: Path, rows: list[dict]) -> bytes:
    data = (corpus_dir / "outlets.csv").read_bytes()
    if data and not data.endswith(b"\n"):
        data += b"\n"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(OUTLET_COLUMNS), lineterminator="\n")
    writer.writerows({k: r.get(k, "") for k in OUTLET_COLUMNS} for r in rows)
    return data + buf.getvalue().encode("utf-8")


def _stage(target: Path, data: bytes, staged: list[tuple[Path, Path]]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = atomic.temporary_path(target)
    staged.append((tmp, target))
    tmp.write_bytes(data)
    atomic.fsync_file(tmp)


def remove_stale_temporaries(corpus_dir: Path) -> list[str]:
    """Delete the ``.<name>.<pid>.tmp`` files an interrupted :func:`commit` left (its process is gone) in the
    corpus folder, ``raw/`` and ``articles/``; return them (relative to the corpus). A running writer's file is
    kept. Call it holding the corpus lock (as ``mediabias add`` does), so no commit is staging meanwhile."""
    corpus_dir = Path(corpus_dir)
    removed = []
    for path, _, alive in temporaries([corpus_dir, corpus_dir / "raw", corpus_dir / "articles"]):
        if not alive:
            path.unlink(missing_ok=True)
            removed.append(str(path.relative_to(corpus_dir)))
    return removed


def commit(plan: Plan, corpus_dir: Path) -> list[str]:
    """Write a plan into the corpus atomically; return the files written (relative to the corpus).

    Every file is staged under a temporary name in its target folder; if anything fails (or Ctrl-C
    arrives) while staging, the temporary files are removed and the corpus is untouched. The moves into
    place (``os.replace``) then run with Ctrl-C held, raw files and checksums first, outlets next,
    articles last, so every intermediate state is itself a valid corpus.
    """
    corpus_dir = Path(corpus_dir)
    staged: list[tuple[Path, Path]] = []
    written = []
    try:
        sums = corpus_dir / "raw" / "SHA256SUMS"
        new_sums = [(p.raw_digest, p.raw_name) for p in plan.articles
                    if p.raw_name and not (corpus_dir / "raw" / p.raw_name).exists()]
        for p in plan.articles:
            if p.raw_name and not (corpus_dir / "raw" / p.raw_name).exists():
                _stage(corpus_dir / "raw" / p.raw_name, p.raw_bytes, staged)
        new_sums = list(dict.fromkeys(new_sums))
        if new_sums:
            old = sums.read_bytes() if sums.exists() else b""
            if old and not old.endswith(b"\n"):
                old += b"\n"
            _stage(sums, old + "".join(f"{d}  {n}\n" for d, n in new_sums).encode(), staged)
        if plan.new_outlets:
            _stage(corpus_dir / "outlets.csv", _outlets_csv(corpus_dir, plan.new_outlets), staged)
        for p in plan.articles:
            _stage(corpus_dir / p.path, p.content.encode("utf-8"), staged)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    with _sigint_deferred():
        for tmp, target in staged:
            os.replace(tmp, target)
            written.append(str(target.relative_to(corpus_dir)))
        for p in plan.articles:
            if p.replaces and p.replaces != p.path:
                (corpus_dir / p.replaces).unlink(missing_ok=True)
        if plan.orphaned_raw:  # the replaced articles' raw originals, which no article refers to any more
            _drop_raw(corpus_dir, plan.orphaned_raw)
            written += [f"raw/{name} (removed)" for name in plan.orphaned_raw]
    return written


def _drop_raw(corpus_dir: Path, names: list[str]) -> None:
    """Remove raw files and then their lines of ``raw/SHA256SUMS`` (rewritten atomically)."""
    sums = corpus_dir / "raw" / "SHA256SUMS"
    for name in names:
        (corpus_dir / "raw" / name).unlink(missing_ok=True)
    if sums.is_file():
        gone = set(names)
        lines = sums.read_bytes().decode("utf-8").splitlines(keepends=True)
        kept = [line for line in lines if line.rstrip("\r\n")[66:] not in gone]  # "<64 hex digits>  NAME"
        atomic.write_bytes(sums, "".join(kept).encode("utf-8"))
