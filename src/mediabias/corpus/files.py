"""Reading corpus and input files safely: regular files only, bounded, streamed; and the temporary files a
killed writer leaves.

Every reader opens the file first (``O_NONBLOCK``, so a FIFO never blocks) and then checks what it opened with
``fstat``: a folder, a FIFO, a socket or a device named like an article is refused with one line, and the check
cannot be raced by swapping the file between a check and the read. Sizes are checked before reading; digests
and lines are read in bounded chunks, so memory does not follow the size of a file or of one of its lines.

Writers in this project (``mediabias add``'s commit, the results store) write ``.<name>.<pid>.tmp`` beside the
target and rename it into place (:mod:`mediabias.runtime.atomic`); :func:`temporary_writer` reads such a name
and :func:`writer_alive` says whether its process still runs (a killed one's file is litter).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from mediabias.runtime.atomic import TEMPORARY

CHUNK = 1 << 16


class UnreadableFile(ValueError):
    """A file that is not a readable regular file within its size limit; the message says which and why."""


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """A read-only descriptor of ``path`` and its ``fstat``; :class:`UnreadableFile` if it is not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise UnreadableFile(f"dangling symbolic link (to {os.readlink(path)!r}, which does not exist)") from None
        raise UnreadableFile("file not found") from None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise UnreadableFile("is a folder, not a file") from None
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    info = os.fstat(fd)
    if stat.S_ISREG(info.st_mode):
        return fd, info
    os.close(fd)
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a folder, not a file")
    raise UnreadableFile("is not a regular file (a FIFO, socket or device); only plain files are read")


def read_regular(path: Path, *, max_bytes: int, too_large) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    ``too_large(size)`` gives the message for a larger file. Raises :class:`UnreadableFile` (one line) for a
    folder, a FIFO, socket or device, a dangling or looping link, a file that cannot be opened, or one too large.
    """
    fd, info = _open_regular(Path(path))
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > max_bytes:
            raise UnreadableFile(too_large(info.st_size))
        data = fh.read(info.st_size + 1)  # read(n) allocates n bytes first: ask for what is there
        if len(data) > info.st_size:  # it grew after fstat
            data += fh.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise UnreadableFile(too_large(len(data)))
    return data


def file_sha256(path: Path) -> str:
    """The SHA-256 of a regular file, read in chunks (memory does not grow with the file)."""
    fd, _ = _open_regular(Path(path))
    with os.fdopen(fd, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def bounded_lines(fh, *, max_bytes: int, chunk: int = CHUNK) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, length)`` for each line of a binary stream, read ``chunk`` bytes at a time.

    The line comes without its ``\\n`` / ``\\r\\n``; a line longer than ``max_bytes`` comes as ``None`` with its
    full length, having been skipped chunk by chunk, never held whole.
    """
    no, buf, length = 1, bytearray(), 0
    while block := fh.read(chunk):
        start = 0
        while True:
            end = block.find(b"\n", start)
            piece = block[start:] if end < 0 else block[start:end]
            length += len(piece)
            if buf is not None:
                buf += piece
                if len(buf) > max_bytes + 1:  # + 1: the \r of a \r\n line end
                    buf = None
            if end < 0:
                break
            yield _line(no, buf, length, max_bytes)
            no, buf, length, start = no + 1, bytearray(), 0, end + 1
    if length:
        yield _line(no, buf, length, max_bytes)


def _line(no: int, buf: bytearray | None, length: int, max_bytes: int) -> tuple[int, bytes | None, int]:
    if buf is not None and buf.endswith(b"\r"):
        del buf[-1]
        length -= 1
    if buf is None or len(buf) > max_bytes:
        return no, None, length
    return no, bytes(buf), length


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (links followed) lies inside the folder ``root``."""
    return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root)))


def temporary_writer(path: Path) -> int | None:
    """The process id in a ``.<name>.<pid>.tmp`` name, or None for any other name."""
    m = TEMPORARY.match(Path(path).name)
    return int(m.group("pid")) if m else None


def writer_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (another user's process counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def temporaries(folders) -> list[tuple[Path, int, bool]]:
    """``(path, pid, alive)`` for each ``.<name>.<pid>.tmp`` file directly inside ``folders``."""
    found = []
    for folder in folders:
        if not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).iterdir()):
            pid = temporary_writer(path)
            if pid is not None and not path.is_dir():
                found.append((path, pid, writer_alive(pid)))
    return found
