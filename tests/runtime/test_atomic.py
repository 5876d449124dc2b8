"""The one atomic write (mediabias.runtime.atomic): whole new content or the old one, never a temporary left."""

import pytest

from mediabias.corpus.files import temporary_writer
from mediabias.runtime.atomic import atomic_write, temporary_path, write_bytes, write_text


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    write_text(target, "old\n")
    with atomic_write(target) as tmp:
        assert tmp.parent == target.parent and tmp.name.startswith(".out.txt.")
        assert temporary_writer(tmp) is not None  # the name the corpus checks recognise as a writer's
        tmp.write_text("new\n", encoding="utf-8")
        assert target.read_text() == "old\n"  # not yet in place inside the block
    assert target.read_text() == "new\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_atomic_write_keeps_the_old_content_on_failure(tmp_path):
    target = tmp_path / "out.bin"
    write_bytes(target, b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert not temporary_path(target).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]
