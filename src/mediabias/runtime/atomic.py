"""The one atomic write: a file appears whole under its name or not at all.

Every writer of the project (the results store, ``mediabias add``'s commit, the ONNX graphs, executed notebooks)
writes to ``.<name>.<pid>.tmp`` beside its target, flushes it to disk and renames it into place with
``os.replace`` (atomic within one folder). A killed writer leaves only that temporary file, which
:mod:`mediabias.corpus.files` recognises by its name (:data:`TEMPORARY`) and its process id.

This module knows nothing else of the package, so every room can use it.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

TEMPORARY = re.compile(r"\A\.(?P<target>.+)\.(?P<pid>\d+)\.tmp\Z")


def temporary_path(path: Path) -> Path:
    """The temporary name ``.<name>.<pid>.tmp`` beside ``path`` that this process writes before renaming."""
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def fsync_file(path: Path) -> None:
    """Flush a written file's content to disk (so a rename after it never exposes an empty file after a crash)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed onto ``path`` when the block ends, removed on any
    failure (an exception, Ctrl-C), so ``path`` is either its old content or the whole new one.

    Work done inside the block after writing (a checksum beside the file) happens before the rename.

    Example::

        with atomic_write(out) as tmp:
            tmp.write_text("done\\n", encoding="utf-8")
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(path)
    try:
        yield tmp
        fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Write ``text`` to ``path`` atomically (:func:`atomic_write`)."""
    with atomic_write(path) as tmp, open(tmp, "w", encoding=encoding, newline=newline) as fh:
        fh.write(text)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (:func:`atomic_write`)."""
    with atomic_write(path) as tmp:
        tmp.write_bytes(data)
