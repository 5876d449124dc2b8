"""What an addition is checked against: the corpus index (ids, URLs, text sketches, outlets, raw checksums).

Also the text helpers the checks use (:func:`slug`, :func:`name_key`, :func:`normalize_url`, word-shingle
:func:`shingles` and their :func:`jaccard` index) and :class:`AddError`, the error every check raises.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import zlib
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit


from mediabias.corpus import schema
from mediabias.corpus.articles import OUTLET_COLUMNS, read_article_file, read_checksums, read_outlets, split_front_matter
from mediabias.corpus.files import UnreadableFile
from mediabias.corpus.markup import parse_body

SHINGLE = 5          # words per shingle for near-duplicate detection
SKETCH = 64          # smallest shingle hashes kept per article to find candidate duplicates
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|ref|cmpid|smid|hp|action|pgtype|clicksource|module|region|wt\.\w+)$", re.I)


class AddError(ValueError):
    """Nothing was written; ``problems`` lists every ``(input, message)`` found."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{label}: {msg}" if label else msg for label, msg in problems))


# ------------------------------------------------------------------------------------ text helpers
def slug(text: str, *, max_len: int = 60) -> str:
    """A lowercase ASCII id made of ``[a-z0-9-]``.

    >>> slug("Obama's Iraq Failure — a Review")
    'obamas-iraq-failure-a-review'
    """
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    ascii_ = re.sub(r"['’]", "", ascii_)
    out = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    if len(out) > max_len:
        out = out[:max_len].rsplit("-", 1)[0]
    return out


def name_key(name: str) -> str:
    """A name reduced for matching: ``"The New York Times"`` → ``"newyorktimes"``."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    ascii_ = re.sub(r"^the\s+", "", ascii_)
    return re.sub(r"[^a-z0-9]", "", ascii_)


def normalize_url(url: str) -> str:
    """A URL reduced for duplicate checks: no scheme, ``www.``, fragment, tracking parameters or final ``/``."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def shingles(text: str) -> set[int]:
    """Hashes of the article's overlapping ``SHINGLE``-word sequences (lowercased words)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode())}
    return {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


# ------------------------------------------------------------------------------------- the corpus
@dataclasses.dataclass
class CorpusIndex:
    """What an addition is checked against: ids, URLs, text sketches, outlets and raw checksums."""

    directory: Path
    outlets: list[dict]
    ids: dict[str, str] = dataclasses.field(default_factory=dict)          # id → articles/<id>.md
    urls: dict[str, str] = dataclasses.field(default_factory=dict)         # normalized URL → file
    sketches: dict[str, list[int]] = dataclasses.field(default_factory=dict)  # file → its SKETCH smallest shingles
    inverted: dict[int, set[str]] = dataclasses.field(default_factory=dict)   # sketch shingle → files
    texts: dict[str, str] = dataclasses.field(default_factory=dict)        # file → plain text
    hosts: dict[str, str] = dataclasses.field(default_factory=dict)        # web host → outlet id
    raw_sums: dict[str, str] = dataclasses.field(default_factory=dict)     # sha256 → raw file name
    raws: dict[str, str] = dataclasses.field(default_factory=dict)         # file → the raw file name it refers to

    @property
    def outlet_ids(self) -> set[str]:
        return {o["outlet_id"] for o in self.outlets}

    def add_text(self, rel: str, text: str) -> None:
        self.texts[rel] = text
        self.sketches[rel] = sorted(shingles(text))[:SKETCH]
        for h in self.sketches[rel]:
            self.inverted.setdefault(h, set()).add(rel)

    def near_duplicate(self, text: str, *, threshold: float) -> tuple[str, float] | None:
        """The existing file whose text is most alike (word 5-shingle Jaccard ≥ threshold), if any.

        Candidates share a shingle of the bottom-``SKETCH`` sketch; those whose sketch estimate of the
        Jaccard index is within 0.2 of the threshold (four standard errors at 0.8) are compared exactly.
        """
        mine = shingles(text)
        sketch = sorted(mine)[:SKETCH]
        candidates = set().union(*(self.inverted.get(h, set()) for h in sketch))
        best = (0.0, "")
        for c in sorted(candidates):
            other = self.sketches[c]
            union = sorted(set(sketch) | set(other))[:SKETCH]
            estimate = len(set(union) & set(sketch) & set(other)) / len(union)
            if estimate >= threshold - 0.2:
                best = max(best, (jaccard(mine, shingles(self.texts[c])), c))
        return (best[1], best[0]) if best[0] >= threshold else None


def load_index(corpus_dir: Path) -> CorpusIndex:
    """Read a corpus directory's outlets, article ids, URLs, texts and raw checksums (tolerating bad files)."""
    corpus_dir = Path(corpus_dir)
    if not (corpus_dir / "outlets.csv").is_file():
        raise AddError([(str(corpus_dir), "not a corpus directory: no outlets.csv (start one with the header line "
                         f"'{','.join(OUTLET_COLUMNS)}')")])
    outlets, problems = read_outlets(corpus_dir)
    if problems:
        raise AddError([("outlets.csv", str(p)) for p in problems])
    index = CorpusIndex(corpus_dir, outlets.to_dict("records"))
    known = index.outlet_ids
    host_outlets: dict[str, set[str]] = {}
    for path in sorted((corpus_dir / "articles").glob("*.md")):
        rel = f"articles/{path.name}"
        try:  # a folder, FIFO, link out of the corpus or too large file is indexed by name (validate reports it)
            front, body = split_front_matter(read_article_file(path, corpus_dir).decode("utf-8"))
            meta = schema.load_front_matter(front or "")[0] or {}
        except (UnreadableFile, UnicodeDecodeError, schema.FrontMatterError):  # a broken file is still indexed by name
            meta, body = {}, ""
        meta = meta if isinstance(meta, dict) else {}
        index.ids[str(meta.get("id") or path.stem)] = rel
        index.ids.setdefault(path.stem, rel)
        if isinstance(meta.get("raw"), str) and meta["raw"].startswith("raw/"):
            index.raws[rel] = meta["raw"].removeprefix("raw/")
        if meta.get("url"):
            index.urls[normalize_url(str(meta["url"]))] = rel
            if meta.get("outlet") in known:
                host_outlets.setdefault(urlsplit(str(meta["url"])).netloc.lower().removeprefix("www."), set()).add(meta["outlet"])
        paragraphs, _ = parse_body(body, known_outlets=known)
        index.add_text(rel, "\n\n".join(p.text for p in paragraphs))
    index.hosts = {h: next(iter(o)) for h, o in host_outlets.items() if len(o) == 1}
    sums, problems = read_checksums(corpus_dir)
    if problems:
        raise AddError([("raw/SHA256SUMS", f"{p.message} (line {p.line}); fix the file, then add again") for p in problems])
    index.raw_sums = {digest: name for name, digest in sums.items()}
    return index
