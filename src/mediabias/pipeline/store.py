"""The results store of :mod:`mediabias.pipeline`: cached step results in batches, and the step tables.

The pipeline sees it through one object, :class:`Store`: opened once per analysis (the folder prepared, the index
of every step read), it answers which articles are cached and their rows, adds each task's results, and finishes
each step (its table written, outdated entries pruned). The functions below are its parts and the readers'.

Layout of a results folder (``<corpus>/results/``)::

    cache/<step>/<16 hex>.parquet   one *part* per step and task: the rows of several articles (a chunk),
                                    with the articles it holds and their keys in the file's metadata
    <step>.parquet                  the step's whole table, rows in corpus order (what notebooks read)

A part's metadata (``mediabias.articles``: ``{article_id: key}``) names every article it holds, rows or not (a
step may find nothing in an article), so the index of a step is read from the parts' footers alone
(:func:`read_index`), never from their rows. Its name hashes that metadata, so the same articles with the same
keys always land in the same file. An article's rows are current when its entry's key is the key the pipeline
computes now (:func:`mediabias.pipeline.versions.article_key`); an edited article gets a new key and a new part, and a
part's outdated entries are dropped when the step's table is written (:func:`prune`).

Every file is written to ``.<name>.<pid>.tmp`` beside it and renamed into place (:func:`atomic_parquet`), so a
run killed at any moment leaves whole files only; temporaries of dead writers are removed by the next run
(:func:`remove_stale_temporaries`).

Every file also carries the SHA-256 of its bytes in ``<name>.sha256`` beside it (``sha256sum`` format), written
before the file is renamed into place, and every read checks it first (:func:`verify`; a file is hashed once per
process while its size, times and inode stay the same). A part that fails (a flipped byte, a truncated file, no
checksum, an unreadable footer) is left out of the index with a one-line warning naming it and deleted, so its
articles are computed again (:func:`read_index`); a damaged step table is reported the same way before it is
rewritten (:func:`damage`). A file that changes after it was checked, in the middle of a run, raises
:class:`DamagedFile` (one line) instead of being read.

Why one Parquet file per step and batch parts rather than DuckDB or a partitioned dataset: the rows are
written once and read by article, story or outlet, which :func:`read_table` does with a pyarrow filter pushed
into the file's row groups (no database file to lock across processes, nothing new to install); parts keep
the number of files at steps x chunks instead of steps x articles (9 x N small files before).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from mediabias.corpus.files import temporary_writer, writer_alive
from mediabias.runtime.atomic import atomic_write, write_text

META_KEY = b"mediabias.articles"
RESULTS_GITIGNORE = "# computed by `mediabias analyze` (rerun it to rebuild); never committed\n*\n"
CACHE = "cache"
CHECKSUM_SUFFIX = ".sha256"

log = logging.getLogger(__name__)


class DamagedFile(ValueError):
    """A results file that does not match the checksum written with it, has none, or cannot be read."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = Path(path), reason
        super().__init__(f"{path} {reason}")


def checksum_path(path: Path) -> Path:
    """The file beside ``path`` holding its SHA-256 (``<name>.sha256``)."""
    return path.with_name(path.name + CHECKSUM_SUFFIX)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (hex), read a block at a time."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


#: ``{path: (stat, digest)}`` of the files this process wrote or verified (hashed again when their stat changes).
_VERIFIED: dict[str, tuple[tuple, str]] = {}


def _stamp(path: Path) -> tuple:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _recorded(path: Path) -> str:
    """The digest written beside ``path``; :class:`DamagedFile` when there is none or it is not one."""
    try:
        line = checksum_path(path).read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        raise DamagedFile(path, "has no checksum beside it (written by an older mediabias, or cut by a kill)") from None
    digest = line[:64]
    if line != f"{digest}  {path.name}\n" or any(c not in "0123456789abcdef" for c in digest):  # as written, exactly
        raise DamagedFile(path, f"has a damaged checksum file ({checksum_path(path).name})")
    return digest


def verify(path: Path) -> Path:
    """``path`` when its bytes match the checksum written beside it; raises :class:`DamagedFile` otherwise.

    A file is hashed once per process while its size, times and inode stay as they were when it was hashed.
    """
    expected = _recorded(path)
    stamp = _stamp(path)
    known = _VERIFIED.get(str(path))
    digest = known[1] if known and known[0] == stamp else file_digest(path)
    if digest != expected:
        _VERIFIED.pop(str(path), None)
        raise DamagedFile(path, "does not match its checksum (damaged or truncated)")
    _VERIFIED[str(path)] = (stamp, digest)
    return path


def damage(path: Path, *, missing_checksum: bool = True) -> str | None:
    """Why ``path`` fails :func:`verify` or cannot be read as Parquet (one line), or None when it is sound or absent.

    ``missing_checksum=False`` counts a file without a checksum as sound (a step table written before checksums).
    """
    if not path.exists():
        return None
    try:
        verify(path)
        pq.read_metadata(path)
    except DamagedFile as exc:
        if not missing_checksum and not checksum_path(path).exists():
            return None
        return exc.reason
    except (OSError, ValueError, pa.ArrowException) as exc:
        return f"cannot be read ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
    return None


def _write_checksum(path: Path, digest: str) -> None:
    """Write ``<name>.sha256`` beside ``path`` through a temporary file and a rename."""
    write_text(checksum_path(path), f"{digest}  {path.name}\n", encoding="ascii")


def remove(path: Path) -> None:
    """Delete a results file and then its checksum (a kill in between leaves a checksum alone, which is removed
    as litter, never a file without one)."""
    path.unlink(missing_ok=True)
    checksum_path(path).unlink(missing_ok=True)


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; at the end its checksum is written beside ``path``, then it is
    renamed onto ``path``; removed on any failure."""
    with atomic_write(path) as tmp:
        yield tmp
        digest = file_digest(tmp)
        _write_checksum(path, digest)
    _VERIFIED[str(path)] = (_stamp(path), digest)


def atomic_parquet(df: pd.DataFrame, path: Path, *, metadata: dict | None = None) -> None:
    """Write ``df`` to ``path`` through a temporary file beside it (removed on any failure, e.g. a full disk).

    ``metadata`` (JSON-able) is stored in the file's schema metadata under ``mediabias.articles``.
    """
    with _atomic(path) as tmp:
        if metadata is None:
            df.to_parquet(tmp, index=False)
        else:  # the entries go into the footer's key-value metadata, beside pandas' own
            table = pa.Table.from_pandas(df, preserve_index=False)
            meta = {**(table.schema.metadata or {}), META_KEY: json.dumps(metadata, sort_keys=True).encode()}
            pq.write_table(table.replace_schema_metadata(meta), tmp)


def part_name(entries: dict[str, str]) -> str:
    """The file name of a part holding ``{article_id: key}``: a hash of its entries."""
    text = json.dumps(sorted(entries.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16] + ".parquet"


def write_part(results: Path, step: str, tables: dict[str, pd.DataFrame], keys: dict[str, str]) -> Path:
    """Store the tables of several articles (``{article_id: table}``, in order) of one step as one part."""
    entries = {aid: keys[aid] for aid in tables}
    frames = [t for t in tables.values() if len(t)] or list(tables.values())[:1]
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    path = results / CACHE / step / part_name(entries)
    atomic_parquet(df, path, metadata=entries)
    return path


def part_entries(path: Path) -> dict[str, str]:
    """``{article_id: key}`` of a part, read from its footer (after :func:`verify`)."""
    meta = pq.read_schema(verify(path)).metadata or {}
    entries = json.loads(meta.get(META_KEY, b"{}"))
    if not isinstance(entries, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
        raise DamagedFile(path, "has no article entries in its footer")
    return entries


def read_index(results: Path, step: str) -> dict[tuple[str, str], Path]:
    """``{(article_id, key): part}`` for every sound part of ``step`` (checksums, then footers).

    A part that fails :func:`verify` or whose footer cannot be read is reported in one warning line naming it,
    deleted, and left out, so the pipeline computes its articles again; parts without a checksum (written by an
    older mediabias) are reported in one line for the step.
    """
    folder = results / CACHE / step
    index: dict[tuple[str, str], Path] = {}
    if not folder.is_dir():
        return index
    unchecked = []
    for path in sorted(folder.glob("*.parquet")):
        try:
            entries = part_entries(path)
        except (DamagedFile, OSError, ValueError, pa.ArrowException) as exc:
            if isinstance(exc, DamagedFile) and not checksum_path(path).exists():
                unchecked.append(path)
            else:
                reason = exc.reason if isinstance(exc, DamagedFile) else f"cannot be read ({type(exc).__name__})"
                log.warning("warning: cached part %s %s: deleted, its articles are computed again", path, reason)
            _discard(path)
            continue
        for aid, key in entries.items():
            index[(aid, key)] = path
    if unchecked:
        log.warning("warning: %d cached part(s) of %s have no checksum (written by an older mediabias, or cut by a "
                    "kill; first %s): deleted, their articles are computed again", len(unchecked), step, unchecked[0].name)
    return index


def _discard(path: Path) -> None:
    """Delete a part that failed its check; in a folder that cannot be written it stays (and is never read)."""
    with contextlib.suppress(OSError):
        remove(path)


def read_articles(path: Path, article_ids: Iterable[str]) -> dict[str, pd.DataFrame]:
    """The rows of each of ``article_ids`` in a part, as ``{article_id: table}`` (an empty table when it has none)."""
    df = pd.read_parquet(verify(path))
    wanted = list(article_ids)
    if "article_id" not in df.columns:  # a part of articles that all gave empty tables
        return {aid: df for aid in wanted}
    groups = {aid: g.reset_index(drop=True) for aid, g in df.groupby("article_id", sort=False)}
    empty = df.iloc[0:0]
    return {aid: groups.get(aid, empty) for aid in wanted}


class PartReader:
    """Reads articles' rows from parts, keeping the last part read (consecutive articles share a part)."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._rows: dict[str, pd.DataFrame] = {}

    def __call__(self, path: Path, article_id: str) -> pd.DataFrame:
        if path != self._path:
            self._path, self._rows = path, read_articles(path, part_entries(path))
        return self._rows[article_id]


def prune(results: Path, step: str, current: set[tuple[str, str]],
          index: dict[tuple[str, str], Path] | None = None) -> dict[tuple[str, str], Path]:
    """Keep in the parts of ``step`` only the ``(article_id, key)`` entries of ``current``; return the new index.

    A part none of whose entries is current is deleted; one that holds current and outdated entries (an
    article edited or removed since) is rewritten with the current ones only, under its new name. ``index`` is
    the step's index as the caller holds it (:func:`read_index` plus the parts written since); without it the
    footers are read again.
    """
    index = read_index(results, step) if index is None else index
    held: dict[Path, dict[str, str]] = {}  # each part's entries, as its footer has them (the index was read from it)
    for (aid, key), path in index.items():
        held.setdefault(path, {})[aid] = key
    survivors: dict[Path, dict[str, str]] = {}
    for path in sorted(held):
        entries = held[path]
        keep = {aid: key for aid, key in entries.items() if (aid, key) in current}
        if len(keep) == len(entries):
            survivors[path] = entries
            continue
        if keep:
            survivors[write_part(results, step, read_articles(path, keep), keep)] = keep
        remove(path)
    return {(aid, key): path for path in sorted(survivors) for aid, key in survivors[path].items()}


def assemble(rows_of: list[tuple[str, Path]]) -> pd.DataFrame:
    """One table of the rows of the given articles, article after article in the order given.

    ``rows_of`` is ``[(article_id, part)]``. Each part is read once and the rows are put in order with one
    stable sort, the same table as concatenating each article's rows (:func:`read_articles`) in that order, at
    a fraction of the cost on large corpora. When no article has rows, the first article's empty table is
    returned (its columns).
    """
    if not rows_of:
        return pd.DataFrame()
    order = {aid: i for i, (aid, _) in enumerate(rows_of)}
    wanted: dict[Path, set[str]] = {}
    for aid, path in rows_of:
        wanted.setdefault(path, set()).add(aid)
    frames = []
    for path, aids in wanted.items():
        df = pd.read_parquet(verify(path))
        if "article_id" in df.columns and len(df):
            picked = df[df["article_id"].isin(aids)]
            if len(picked):
                frames.append(picked)
    if not frames:
        aid, path = rows_of[0]
        return read_articles(path, [aid])[aid].iloc[0:0].reset_index(drop=True)
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    positions = table["article_id"].map(order).to_numpy()
    if (np.diff(positions) < 0).any():
        table = table.iloc[np.argsort(positions, kind="stable")].reset_index(drop=True)
    return table


#: A step's table is written (and held) a row group at a time: at most this many rows, or this many bytes in
#: memory (the text columns make a row of some tables a kilobyte; the command's memory must not follow a table).
BATCH_ROWS = 50_000
BATCH_BYTES = 8 * 2**20


def _runs(rows_of: list[tuple[str, Path]]) -> list[tuple[Path, list[str]]]:
    """``rows_of`` cut into runs of consecutive articles stored in the same part."""
    runs: list[tuple[Path, list[str]]] = []
    for aid, path in rows_of:
        if runs and runs[-1][0] == path:
            runs[-1][1].append(aid)
        else:
            runs.append((path, [aid]))
    return runs


def iter_rows(rows_of: list[tuple[str, Path]], columns: list[str] | None = None) -> Iterator[pa.Table]:
    """The rows of the given articles (``[(article_id, part)]``), a run of articles of one part at a time.

    Concatenated, the batches are :func:`assemble`'s table: article after article in the order given, each
    article's rows in their stored order. Only one part is held at a time (incremental runs interleave parts:
    a part is then read once per run of its articles). ``columns`` reads only those columns.
    """
    order = {aid: i for i, (aid, _) in enumerate(rows_of)}
    path_read, part = None, None
    for path, aids in _runs(rows_of):
        if path != path_read:
            names = pq.read_schema(verify(path)).names
            if "article_id" not in names:  # a part of articles that all gave empty tables
                path_read, part = path, None
                continue
            cols = None if columns is None else ["article_id", *(c for c in columns if c != "article_id" and c in names)]
            path_read, part = path, pq.read_table(path, columns=cols)
        if part is None or part.num_rows == 0:
            continue
        picked = part.filter(pc.is_in(part["article_id"], value_set=pa.array(aids, type=part["article_id"].type)))
        if picked.num_rows == 0:
            continue
        positions = np.array([order[aid] for aid in picked["article_id"].to_pylist()])
        if (np.diff(positions) < 0).any():
            picked = picked.take(np.argsort(positions, kind="stable"))
        yield picked


def table_schema(parts: Iterable[Path]) -> pa.Schema | None:
    """The schema of a step's table: its parts' schemas unified (a column all null in one part takes the other
    parts' type, int and float give float, as concatenating their frames does), with the pandas metadata of the
    first part with rows, so the table reads back with the dtypes the step gave. None when no part has rows."""
    schemas = []
    for path in dict.fromkeys(parts):
        meta = pq.read_metadata(verify(path))
        if meta.num_rows and "article_id" in meta.schema.names:
            schemas.append(meta.schema.to_arrow_schema())
    if not schemas:
        return None
    unified = pa.unify_schemas([s.remove_metadata() for s in schemas], promote_options="permissive")
    return unified.with_metadata(_pandas_metadata(schemas))  # pandas' dtypes (nullable Int64, ...) as the step gave


def _pandas_metadata(schemas: list[pa.Schema]) -> dict | None:
    """The parts' pandas metadata as one: each column described by the first part where it is not all null."""
    metas = [json.loads(s.metadata[b"pandas"]) for s in schemas if b"pandas" in (s.metadata or {})]
    if not metas:
        return None
    described: dict[str, dict] = {}
    for meta in metas:
        for col in meta["columns"]:
            if col["name"] not in described or described[col["name"]]["pandas_type"] == "empty":
                described[col["name"]] = col
    merged = {**metas[0], "columns": [described[c["name"]] for c in metas[0]["columns"]]}
    return {b"pandas": json.dumps(merged).encode()}


def write_table(rows_of: list[tuple[str, Path]], path: Path, *,
                transform: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
                batch_rows: int = BATCH_ROWS, batch_bytes: int = BATCH_BYTES) -> int:
    """Write the step table of the given articles to ``path``, streaming: the table is never whole in memory.

    The same table as :func:`assemble` (then ``transform``, applied to each batch: it must work row by row),
    written through a temporary file as :func:`atomic_parquet` does, at most ``batch_rows`` rows or
    ``batch_bytes`` bytes per row group, so the memory it takes does not grow with the corpus. Returns the number
    of rows.
    """
    schema = table_schema(p for _, p in rows_of)
    if schema is None:  # nothing has rows: an empty table with the columns of the first article's part
        empty = assemble(rows_of)
        atomic_parquet(transform(empty) if transform is not None and len(empty.columns) else empty, path)
        return 0
    rows, pending = 0, []

    def flush(writer: pq.ParquetWriter) -> None:
        table = pa.concat_tables(pending)
        if transform is not None:
            frame = transform(table.to_pandas())
            table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False).replace_schema_metadata(schema.metadata)
        writer.write_table(table)
        pending.clear()

    with _atomic(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for batch in iter_rows(rows_of):
            pending.append(batch.select(schema.names).cast(schema))
            rows += batch.num_rows
            if sum(t.num_rows for t in pending) >= batch_rows or sum(t.nbytes for t in pending) >= batch_bytes:
                flush(writer)
        if pending:
            flush(writer)
    return rows


def read_table(results: Path, step: str, *, article_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The table of ``step``, or only the rows of ``article_ids`` (filtered inside the file's row groups).

    Raises :class:`DamagedFile` when the table does not match its checksum (``mediabias analyze`` rewrites it).
    """
    path = verify(results / f"{step}.parquet")
    if article_ids is None:
        return pd.read_parquet(path)
    ids = sorted(set(article_ids))
    if "article_id" not in pq.read_schema(path).names:
        return pd.read_parquet(path)
    return pd.read_parquet(path, filters=[("article_id", "in", ids)]) if ids else pd.read_parquet(path).iloc[0:0]


def _writer_running(tmp: Path) -> bool:
    """Whether the process writing ``.<name>.<pid>.tmp`` (:func:`atomic_parquet`) still runs; a killed one's is
    litter, and so is a ``.tmp`` file of any other name."""
    pid = temporary_writer(tmp)
    return pid is not None and writer_alive(pid)


def remove_stale_temporaries(results: Path) -> list[Path]:
    """Delete the temporary files of :func:`atomic_parquet` whose writer is gone (a run killed mid-write), and
    checksums whose file is gone and not being written (a run killed between writing the two).

    They are never read (parts are found by their exact name), only litter; a live writer's is kept.
    Returns the files removed.
    """
    stale = [p for p in results.rglob(".*.tmp") if p.is_file() and not _writer_running(p)]
    for path in stale:
        path.unlink(missing_ok=True)
    for side in sorted(results.rglob(f"*.parquet{CHECKSUM_SUFFIX}")):
        target = side.with_name(side.name.removesuffix(CHECKSUM_SUFFIX))
        if not target.exists() and not any(target.parent.glob(f".{target.name}.*.tmp")):
            side.unlink(missing_ok=True)
            stale.append(side)
    return stale


# ------------------------------------------------------------------------------------- the pipeline's view
@dataclasses.dataclass(frozen=True)
class Combine:
    """Cross-article work on a step's table, done while the table is streamed to its file (never whole in memory).

    ``prepare(table, state) -> state`` is given the table's ``columns`` (all articles, in batches: it is called
    once per batch with the state so far, ``None`` at first); ``apply(batch, state) -> batch`` then rewrites each
    batch of rows, row by row.
    """

    columns: tuple[str, ...]
    prepare: Callable[[pd.DataFrame, object], object]
    apply: Callable[[pd.DataFrame, object], pd.DataFrame]


def prepare_results(results: Path) -> None:
    """Create the results folder with a ``.gitignore`` of its own, so a corpus under git stays clean."""
    results.mkdir(parents=True, exist_ok=True)
    ignore = results / ".gitignore"
    if not ignore.exists():
        ignore.write_text(RESULTS_GITIGNORE, encoding="utf-8")


def write_step_table(rows_of: list[tuple[str, Path]], path: Path, combine: Combine | None = None) -> None:
    """Write a step's table, its articles' rows in the order given, a batch at a time (:func:`write_table`),
    after its cross-article state is gathered from the columns it needs (:class:`Combine`; redone on every run)."""
    if not rows_of:
        atomic_parquet(pd.DataFrame(), path)
        return
    transform = None
    if combine is not None:
        state = None
        for batch in iter_rows(rows_of, columns=list(combine.columns)):
            state = combine.prepare(batch.to_pandas(), state)
        transform = lambda batch: combine.apply(batch, state)  # noqa: E731
    write_table(rows_of, path, transform=transform)


class Store:
    """The results folder of one analysis, as the pipeline uses it.

    Opening it prepares the folder (its ``.gitignore``; temporaries of dead writers removed) and reads the index of
    each of ``steps`` once (:func:`read_index`). Then: :meth:`cached` (is an article's result under this key
    stored?), :meth:`rows` (its rows), :meth:`add` (a task's results for one step, as one part), and
    :meth:`finish` (a step's table written from its parts in the order given, and the parts pruned to the
    current entries).
    """

    def __init__(self, results: Path, steps: Iterable[str]):
        self.results = Path(results)
        prepare_results(self.results)
        remove_stale_temporaries(self.results)
        self.index = {name: read_index(self.results, name) for name in steps}
        self._reader = PartReader()

    def cached(self, step: str, article_id: str, key: str) -> bool:
        """Whether ``step``'s result for the article under ``key`` is stored."""
        return (article_id, key) in self.index[step]

    def rows(self, step: str, article_id: str, key: str) -> pd.DataFrame:
        """The stored rows of the article for ``step`` (consecutive articles of one part read it once)."""
        return self._reader(self.index[step][(article_id, key)], article_id)

    def add(self, step: str, tables: dict[str, pd.DataFrame], keys: dict[str, str]) -> None:
        """Store the tables of several articles of one step (``{article_id: table}``) as one part."""
        path = write_part(self.results, step, tables, keys)
        for aid in tables:
            self.index[step][(aid, keys[aid])] = path

    def finish(self, step: str, rows: list[tuple[str, str]], *, current: set[tuple[str, str]],
               combine: Combine | None = None) -> Path:
        """Write ``results/<step>.parquet`` from the stored rows of ``rows`` (``[(article_id, key)]``, in that
        order), then keep in the step's parts only the ``current`` entries (:func:`prune`). A damaged table is
        said (one warning line) before it is rewritten. Returns the table's path."""
        table = self.results / f"{step}.parquet"
        problem = damage(table, missing_checksum=False)
        if problem:  # rewritten below in any case; said, because damage on disk is worth knowing about
            log.warning("warning: step table %s %s: rewritten from the cached parts", table, problem)
        write_step_table([(aid, self.index[step][(aid, key)]) for aid, key in rows], table, combine)
        self.index[step] = prune(self.results, step, current, self.index[step])
        return table
