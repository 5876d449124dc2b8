"""The corpus lock: one ``mediabias add`` at a time may plan and write into a corpus.

``add`` holds the lock from reading the corpus index (planning: ids, duplicates, checksums) until every
file is in place (commit), so concurrent adds serialise: the second plans against the corpus as the
first left it, gets a distinct id for a same-named article, and appends its checksum line to the list
the first wrote. The lock is an OS advisory lock (``flock``) on the file ``.mediabias.lock`` in the
corpus folder, taken through the ``filelock`` library; the OS releases it when the process ends, even
on SIGKILL, so a crashed add never leaves the corpus locked. The empty lock file stays (removing it
would let two processes lock two different files); it is git-ignored and ignored by ``validate``.

Example:
    >>> with corpus_lock(Path("corpus")):
    ...     plan = plan_additions(drafts, load_index(Path("corpus")), options=options)
    ...     commit(plan, Path("corpus"))
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from filelock import FileLock, Timeout

from mediabias.ingest.index import AddError

LOCK_NAME = ".mediabias.lock"
#: Seconds to wait for another add to finish before giving up with a message.
TIMEOUT = 300.0


@contextlib.contextmanager
def corpus_lock(corpus_dir: Path, *, timeout: float = TIMEOUT):
    """Hold the corpus's lock for the block; raise :class:`AddError` if it cannot be had."""
    path = Path(corpus_dir) / LOCK_NAME
    lock = FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise AddError([(str(corpus_dir), f"another `mediabias add` has held the corpus lock ({LOCK_NAME}) for "
                                          f"{timeout:.0f} s; wait for it to finish, then try again")]) from None
    except OSError as exc:
        raise AddError([(str(corpus_dir), f"cannot lock the corpus for writing ({exc.strerror or exc}): "
                                          "is the folder read-only?")]) from None
    try:
        yield
    finally:
        lock.release()
