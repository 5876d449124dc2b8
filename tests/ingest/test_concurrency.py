"""Issue 14, points 1 and 2: twenty ``mediabias add`` processes at once lose no article and no checksum line.

Half of the inputs map to the same file name (same outlet, date and title); the corpus lock
(:mod:`mediabias.ingest.lock`) makes the adds take turns, so each one plans against the corpus the
previous one left: same-named articles get ``-2``, ``-3``, ... and every raw file gets its checksum line.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from mediabias.corpus import validate_corpus
from tests.ingest.test_ingest import make_corpus, variant, write

N = 20


@pytest.mark.slow  # 12 s on an idle machine: run with `pytest -m slow` (keeps `make test` within 6 min)
def test_twenty_concurrent_adds_lose_nothing(tmp_path):
    corpus = make_corpus(tmp_path)
    inputs = []
    for i in range(N):
        title = "Bridge closes" if i % 2 == 0 else f"Bridge story {i}"  # ten share one file name
        inputs.append((write(tmp_path, f"in{i}.txt", f"{title}\n\n{variant(i)}\n"), title))
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    procs = [subprocess.Popen([sys.executable, "-m", "mediabias", "add", "--corpus", str(corpus), str(path),
                               "--outlet", "nyt", "--story", "s", "--published", "2024-03-05"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for path, _ in inputs]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "added articles/" in out

    articles = sorted(p.stem for p in (corpus / "articles").glob("nyt-*.md"))
    same = ["nyt-2024-03-05-bridge-closes"] + [f"nyt-2024-03-05-bridge-closes-{k}" for k in range(2, N // 2 + 1)]
    other = [f"nyt-2024-03-05-bridge-story-{i}" for i in range(1, N, 2)]
    assert articles == sorted(same + other)
    texts = {(corpus / "articles" / f"{a}.md").read_text(encoding="utf-8").split("---\n\n", 1)[1] for a in articles}
    assert len(texts) == N  # twenty different bodies: none overwritten by another

    sums = (corpus / "raw" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert len(sums) == N + 1 and len(set(sums)) == N + 1
    raw = sorted(p.name for p in (corpus / "raw").iterdir() if p.name != "SHA256SUMS")
    assert sorted(line.split("  ", 1)[1] for line in sums) == raw
    for path, _ in inputs:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert any(line.startswith(digest + "  ") for line in sums)
    assert validate_corpus(corpus) == []
    assert not [p for p in corpus.rglob("*.tmp")]
