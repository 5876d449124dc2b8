"""Read and validate a corpus directory: ``outlets.csv``, ``articles/*.md`` and ``raw/``.

An article file is YAML front matter followed by a Markdown body. Excerpts of other outlets are
blockquotes whose first line is ``> [!excerpt OUTLET_ID]`` (see ``corpus/README.md``).

Example:
    >>> from mediabias.corpus.articles import load_corpus
    >>> corpus = load_corpus()                       # the bundled corpus
    >>> corpus.articles[["article_id", "outlet", "n_words"]].head()
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from mediabias import paths
from mediabias.corpus import schema
from mediabias.corpus.files import UnreadableFile, file_sha256, inside, read_regular, temporaries, temporary_writer
from mediabias.corpus.limits import LIMITS, exceeds, one_line, quoted
from mediabias.corpus.markup import Paragraph, parse_body
from mediabias.corpus.words import count_words

REQUIRED_FIELDS = schema.REQUIRED  # ("id", "title", "outlet", "published", "story"); types in mediabias.corpus.schema
OPTIONAL_FIELDS = schema.OPTIONAL
OUTLET_COLUMNS = ("outlet_id", "name", "kind", "country", "lean", "lean_source")
OUTLET_KINDS = ("blog", "newspaper", "magazine", "news agency", "wire", "broadcaster", "website", "other")
ID_PATTERN = re.compile(r"\A[a-z0-9][a-z0-9_-]*\Z")  # \Z: "id\n" is not an id
#: outlets.csv and raw/SHA256SUMS are read whole; a corpus of 40,000 articles has a 4 MB checksum list
MAX_LIST_BYTES = 64 * 1024 * 1024

ARTICLE_COLUMNS = [
    "article_id", "title", "outlet", "outlet_name", "story", "published", "authors", "url", "raw",
    "date_note", "provenance_note", "n_words", "n_words_author", "n_words_excerpt", "n_paragraphs", "path", "text",
]


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with a corpus file, phrased so a person can fix it."""

    path: str
    field: str
    message: str
    line: int | None = None  # line of the file (1 = its first line), when the problem is on one

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        where = f"{where}: {self.field}" if self.field else where
        return one_line(f"{where}: {self.message}")


class CorpusError(ValueError):
    """The corpus has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the corpus has {len(problems)} problem(s):\n{lines}")


@dataclasses.dataclass(frozen=True)
class Article:
    """A parsed article: its front matter, plain text and paragraph map."""

    meta: dict
    path: Path
    text: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def id(self) -> str:
        return self.meta["id"]


# --------------------------------------------------------------------------------------------- outlets
def read_outlets(corpus_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Read ``outlets.csv``; return the table and any problems found in it."""
    path = corpus_dir / "outlets.csv"
    rel = _rel(path, corpus_dir)
    if not path.exists():
        return pd.DataFrame(columns=OUTLET_COLUMNS), [Problem(rel, "", "file is missing")]
    try:
        data = read_regular(path, max_bytes=MAX_LIST_BYTES, too_large=lambda n: f"too large ({n / 1e6:.0f} MB)")
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    except UnreadableFile as exc:
        return pd.DataFrame(columns=OUTLET_COLUMNS), [Problem(rel, "", str(exc))]
    except UnicodeDecodeError as exc:
        return pd.DataFrame(columns=OUTLET_COLUMNS), [Problem(rel, "", f"not valid UTF-8 ({exc.reason} at byte {exc.start})")]
    problems = []
    header = list(rows[0].keys()) if rows else []
    missing = [c for c in OUTLET_COLUMNS if c not in header]
    if missing:
        problems.append(Problem(rel, "header", f"missing column(s) {', '.join(missing)}; expected {','.join(OUTLET_COLUMNS)}"))
        return pd.DataFrame(columns=OUTLET_COLUMNS), problems
    seen = set()
    for line, row in enumerate(rows, start=2):
        oid = (row["outlet_id"] or "").strip()
        if not ID_PATTERN.match(oid):
            problems.append(Problem(rel, f"line {line} outlet_id", f"{quoted(oid)} is not a valid id (lowercase letters, digits, - and _)"))
        if oid in seen:
            problems.append(Problem(rel, f"line {line} outlet_id", f"duplicate outlet id {quoted(oid)}"))
        seen.add(oid)
        if not (row["name"] or "").strip():
            problems.append(Problem(rel, f"line {line} name", "empty outlet name"))
        for col in ("outlet_id", "name", "country", "lean", "lean_source"):
            if any(unicodedata.category(ch) == "Cc" for ch in row[col] or ""):
                problems.append(Problem(rel, f"line {line} {col}", "contains a control character (a line break?); remove it"))
        if row["kind"] not in OUTLET_KINDS:
            problems.append(Problem(rel, f"line {line} kind", f"{quoted(row['kind'])} is not one of {', '.join(OUTLET_KINDS)}"))
    table = pd.DataFrame(rows, columns=list(OUTLET_COLUMNS)).fillna("")
    return table.sort_values("outlet_id", ignore_index=True), problems


# -------------------------------------------------------------------------------------------- articles
def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def split_front_matter(source: str) -> tuple[str | None, str]:
    """Split ``---``-delimited YAML front matter from the body; ``(None, source)`` when there is none."""
    if not source.startswith("---"):
        return None, source
    match = re.match(r"^---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", source, flags=re.S | re.M)
    if not match:
        return None, source
    return match.group(1), source[match.end():]


def parse_article(path: Path, *, outlet_ids: set[str], corpus_dir: Path) -> tuple[Article | None, list[Problem]]:
    """Parse one article file; return ``(article, [])`` or ``(None, problems)``.

    Front matter is read and typed by :mod:`mediabias.corpus.schema` (aliases, custom tags and wrong types
    refused); every problem names the line of the file it is on.
    """
    rel = _rel(path, corpus_dir)
    try:
        raw_bytes = read_article_file(path, corpus_dir)
    except UnreadableFile as exc:
        return None, [Problem(rel, "", str(exc))]
    try:
        source = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        return None, [Problem(rel, "", f"undecodable bytes: not valid UTF-8 at byte {exc.start} (line {line}); re-save the file as UTF-8", line)]
    source = source.lstrip("\ufeff")
    front, body = split_front_matter(source)
    if front is None:
        return None, [Problem(rel, "front matter", "missing: the file must start with a '---' line, YAML fields, and a closing '---' line")]
    try:
        meta, lines = schema.load_front_matter(front, first_line=2)
    except schema.FrontMatterError as exc:
        return None, [Problem(rel, v.field or "front matter", v.message, v.line) for v in exc.violations]
    checked, violations = schema.check_front_matter(meta, lines)
    problems = [Problem(rel, v.field, v.message, v.line) for v in violations]
    bad = {v.field.split("[")[0] for v in violations}
    given = meta if isinstance(meta, dict) else {}
    # cross-checks of the fields that are themselves well-formed (so every problem is listed at once)
    if "id" not in bad and isinstance(given.get("id"), str) and given["id"] != path.stem:
        problems.append(Problem(rel, "id", f"{given['id']!r} does not match the file name; rename the file to {given['id']}.md or fix the id",
                                lines.get("id")))
    if "outlet" not in bad and isinstance(given.get("outlet"), str) and given["outlet"] not in outlet_ids:
        problems.append(Problem(rel, "outlet", f"unknown outlet {given['outlet']!r}; known: {', '.join(sorted(outlet_ids))} (add it to outlets.csv)",
                                lines.get("outlet")))
    if "raw" not in bad and isinstance(given.get("raw"), str) and not (corpus_dir / given["raw"]).is_file():
        problems.append(Problem(rel, "raw", f"raw file {quoted(given['raw'])} not found under {corpus_dir}", lines.get("raw")))
    if checked is not None:
        meta = checked

    body_line = source[: len(source) - len(body)].count("\n") + 1  # file line of the body's first line
    for no, line in enumerate(body.split("\n"), start=body_line):
        bad = next((ch for ch in line if ch not in "\t\r" and unicodedata.category(ch) == "Cc"), None)
        if bad is not None:
            problems.append(Problem(rel, "body", f"control character U+{ord(bad):04X}; remove it", no))
    paragraphs, markup_problems = parse_body(body, known_outlets=outlet_ids)
    for msg in markup_problems:  # parse_body counts lines from the body's first line
        m = re.match(r"line (\d+): ", msg)
        problems.append(Problem(rel, "body", msg[m.end():] if m else msg, int(m.group(1)) + body_line - 1 if m else None))
    if not markup_problems and not paragraphs:
        problems.append(Problem(rel, "body", "empty body: the article has no text after the front matter"))
    if len(paragraphs) > LIMITS.paragraphs:
        problems.append(Problem(rel, "body", f"too many paragraphs: {exceeds('paragraphs', len(paragraphs))}"))
    if problems:
        return None, problems
    text = "\n\n".join(p.text for p in paragraphs)
    return Article(meta=meta, path=path, text=text, paragraphs=tuple(paragraphs)), []


def read_article_file(path: Path, corpus_dir: Path) -> bytes:
    """The bytes of an article file: a regular file inside the corpus, within the ``article_bytes`` limit.

    Raises :class:`~mediabias.corpus.files.UnreadableFile` with the one line to report otherwise (a folder, a
    FIFO, a dangling link, a link out of the corpus, an unreadable or too large file); never blocks on a FIFO.
    """
    if os.path.islink(path) and os.path.exists(path) and not inside(path, corpus_dir):
        raise UnreadableFile(f"symbolic link to a file outside the corpus ({quoted(os.path.realpath(path))}); "
                             "copy the article into articles/ instead")
    return read_regular(path, max_bytes=LIMITS.article_bytes,
                        too_large=lambda n: f"too large: {exceeds('article_bytes', n)}")


CHECKSUM_LINE = re.compile(r"([0-9a-f]{64}) [ *]([^/\\]+)")


def read_checksums(corpus_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """``raw/SHA256SUMS`` as ``{file name: sha256}``, and a problem for every line that is not ``DIGEST  NAME``
    (the well-formed lines are all kept: one bad line does not hide the others)."""
    sums = corpus_dir / "raw" / "SHA256SUMS"
    rel = "raw/SHA256SUMS"
    if not os.path.lexists(sums):
        return {}, []
    try:
        data = read_regular(sums, max_bytes=MAX_LIST_BYTES, too_large=lambda n: f"too large ({n / 1e6:.0f} MB)")
    except UnreadableFile as exc:
        return {}, [Problem(rel, "", str(exc))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return {}, [Problem(rel, "", f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); each line is '<sha256>  <file name>'", line)]
    found, problems = {}, []
    for no, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        m = CHECKSUM_LINE.fullmatch(line)
        if not m or m.group(2) in (".", "..") or any(unicodedata.category(c) == "Cc" for c in m.group(2)):
            problems.append(Problem(rel, "", f"malformed line {quoted(line, limit=60)}: expected '<64 lowercase hex digits>  <file name>'", no))
            continue
        digest, name = m.groups()
        if name in found and found[name] != digest:
            problems.append(Problem(rel, "", f"{quoted(name)} is listed twice with different checksums", no))
        found[name] = digest
    return found, problems


def check_raw_checksums(corpus_dir: Path) -> list[Problem]:
    """Compare ``raw/`` with ``raw/SHA256SUMS``: every raw file listed, every listed file there and unchanged
    (digests read in chunks); a temporary file left by an interrupted writer is named as such."""
    sums, problems = read_checksums(corpus_dir)
    raw_dir = corpus_dir / "raw"
    for name, digest in sums.items():
        target = raw_dir / name
        rel = f"raw/{name}"
        if not os.path.lexists(target):
            problems.append(Problem(rel, "", "listed in raw/SHA256SUMS but missing"))
            continue
        try:
            changed = file_sha256(target) != digest
        except UnreadableFile as exc:
            problems.append(Problem(rel, "", str(exc)))
            continue
        if changed:
            problems.append(Problem(rel, "", "checksum differs from raw/SHA256SUMS: raw files are never edited"))
    problems += temporary_problems(corpus_dir)
    on_disk = sorted(p.name for p in raw_dir.iterdir() if p.name != "SHA256SUMS") if raw_dir.is_dir() else []
    for name in on_disk:
        if temporary_writer(Path(name)) is not None:
            continue
        if name not in sums:
            problems.append(Problem(f"raw/{name}", "", "not listed in raw/SHA256SUMS: add its line "
                                                       f"(`cd raw && sha256sum {name} >> SHA256SUMS`) or remove the file"))
    return problems


def orphaned_raw(corpus_dir: Path, referenced: set[str]) -> list[Problem]:
    """A warning for every raw file no article refers to (its article was deleted, or renamed without it).

    A warning, not a problem: the analyses never read ``raw/``, so an orphan does not stop ``analyze``; but
    ``validate`` says so, since ``raw/`` should hold exactly the originals of the corpus's articles.
    """
    raw_dir = corpus_dir / "raw"
    names = sorted(p.name for p in raw_dir.iterdir()) if raw_dir.is_dir() else []
    return [Problem(f"raw/{name}", "", f"no article refers to it (raw: raw/{name}); remove it and its line in "
                                       "raw/SHA256SUMS, or restore its article")
            for name in names if name != "SHA256SUMS" and temporary_writer(Path(name)) is None and name not in referenced]


def temporary_problems(corpus_dir: Path) -> list[Problem]:
    """The ``.<name>.<pid>.tmp`` files of ``mediabias add`` in the corpus folder, ``raw/`` and ``articles/``."""
    found = []
    for path, pid, alive in temporaries([corpus_dir, corpus_dir / "raw", corpus_dir / "articles"]):
        msg = (f"temporary file of a running `mediabias add` (process {pid}); validate again when it has finished"
               if alive else f"stale temporary file of an interrupted `mediabias add` (process {pid} is gone): "
                             "remove it (the next `mediabias add` does)")
        found.append(Problem(_rel(path, corpus_dir), "", msg))
    return found


RAW_FIELD = re.compile(rb"^raw:[ \t]*[\'\"]?raw/([^\'\"\s]+)", flags=re.M)


def raw_reference(path: Path, corpus_dir: Path) -> set[str]:
    """The raw file an article file that failed to parse names in a ``raw:`` line (so it is not called orphaned)."""
    try:
        return {m.decode("utf-8", "replace") for m in RAW_FIELD.findall(read_article_file(path, corpus_dir)[:LIMITS.front_matter_bytes + 4096])}
    except UnreadableFile:
        return set()


def each_article(corpus_dir: Path, outlet_ids: set[str], problems: list[Problem],
                 referenced: set[str] | None = None) -> Iterator[Article]:
    """Parse every article file of a corpus, in file-name order, and yield the valid ones with distinct ids.

    Every problem found is appended to ``problems``; once the files are exhausted, so are those of ``raw/``
    (:func:`check_raw_checksums`). ``referenced``, when given, receives the raw file names the articles name.
    """
    files = sorted((corpus_dir / "articles").glob("*.md"))
    if not files:
        problems.append(Problem("articles/", "", "no article files (*.md) found"))
    seen: dict[str, str] = {}
    referenced = set() if referenced is None else referenced
    for path in files:
        article, found = parse_article(path, outlet_ids=outlet_ids, corpus_dir=corpus_dir)
        problems += found
        if article is None:
            referenced |= raw_reference(path, corpus_dir)
            continue
        if article.meta.get("raw"):
            referenced.add(str(article.meta["raw"]).removeprefix("raw/"))
        if article.id in seen:
            problems.append(Problem(_rel(path, corpus_dir), "id", f"duplicate id {article.id!r}, also used by {seen[article.id]}"))
            continue
        seen[article.id] = _rel(path, corpus_dir)
        yield article
    problems += check_raw_checksums(corpus_dir)


def open_corpus(corpus_dir: Path, problems: list[Problem], *,
                referenced: set[str] | None = None) -> tuple[pd.DataFrame, Iterator[Article]]:
    """The one corpus reader: a corpus folder's outlets, and its valid articles one at a time (:func:`each_article`).

    Every problem found (the outlets, each file, duplicate ids, the raw files' checksums) is appended to
    ``problems``, the articles' as the iterator is consumed. Raises :class:`CorpusError` when the folder is missing.
    """
    if not corpus_dir.is_dir():
        raise CorpusError([Problem(str(corpus_dir), "", "corpus directory not found")])
    outlets, outlet_problems = read_outlets(corpus_dir)
    problems += outlet_problems
    return outlets, each_article(corpus_dir, set(outlets["outlet_id"]), problems, referenced)


def read_articles(corpus_dir: Path, *, referenced: set[str] | None = None) -> tuple[list[Article], pd.DataFrame, list[Problem]]:
    """Parse every article and the outlets; collect all problems instead of stopping at the first."""
    problems: list[Problem] = []
    outlets, articles = open_corpus(corpus_dir, problems, referenced=referenced)
    return list(articles), outlets, problems


def validate_corpus(corpus: str | Path | None = None) -> list[Problem]:
    """Every problem in a corpus directory (empty list when it is valid)."""
    return check_corpus(corpus)[0]


def check_corpus(corpus: str | Path | None = None) -> tuple[list[Problem], list[Problem]]:
    """``(problems, warnings)`` of a corpus directory: what makes it invalid, and what ``validate`` reports without
    refusing the corpus (:func:`orphaned_raw`)."""
    corpus_dir = paths.corpus_dir(corpus)
    referenced: set[str] = set()
    try:
        problems = read_articles(corpus_dir, referenced=referenced)[2]
    except CorpusError as exc:
        return exc.problems, []
    return problems, orphaned_raw(corpus_dir, referenced)


def articles_table(articles: list[Article], outlets: pd.DataFrame) -> pd.DataFrame:
    """One row per article: front matter fields, word counts and the plain text.

    Columns: ``article_id, title, outlet, outlet_name, story, published`` (ISO date string), ``authors``
    (names joined by ``"; "``), ``url, raw, date_note, n_words`` (all words), ``n_words_author`` (the
    publishing outlet's own words), ``n_words_excerpt`` (words inside excerpts of other outlets),
    ``n_paragraphs, path`` (file relative to the corpus), ``text`` (plain text all offsets refer to).
    """
    names = dict(zip(outlets["outlet_id"], outlets["name"]))
    rows = []
    for a in articles:
        m = a.meta
        author_words = sum(count_words(p.text) for p in a.paragraphs if p.voice == "author")
        excerpt_words = sum(count_words(p.text) for p in a.paragraphs if p.voice == "excerpt")
        rows.append({
            "article_id": a.id, "title": str(m["title"]), "outlet": m["outlet"],
            "outlet_name": names.get(m["outlet"], m["outlet"]), "story": str(m["story"]),
            "published": m["published"], "authors": "; ".join(m["authors"]), "url": m.get("url") or "",
            "raw": m.get("raw") or "", "date_note": m.get("date_note") or "",
            "provenance_note": m.get("provenance_note") or "",
            "n_words": author_words + excerpt_words, "n_words_author": author_words,
            "n_words_excerpt": excerpt_words, "n_paragraphs": len(a.paragraphs),
            "path": f"articles/{a.path.name}", "text": a.text,
        })
    table = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    return table.sort_values(["published", "article_id"], ignore_index=True)


@dataclasses.dataclass(frozen=True)
class Corpus:
    """A loaded, valid corpus.

    ``segments`` is the paragraph / sentence table when it has been attached (:func:`with_segments`, or
    :func:`mediabias.corpus.segment.segmented`, which computes it with spaCy); nothing is computed behind the
    reader's back.
    """

    directory: Path
    outlets: pd.DataFrame
    articles: pd.DataFrame
    parsed: tuple[Article, ...]
    segment_table: pd.DataFrame | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def segments(self) -> pd.DataFrame:
        if self.segment_table is None:
            raise AttributeError("this corpus has no segments attached: use "
                                 "mediabias.corpus.segment.segmented(corpus), which computes them with spaCy")
        return self.segment_table

    def with_segments(self, table: pd.DataFrame) -> "Corpus":
        """The same corpus with ``table`` (its :func:`~mediabias.corpus.segment.segments`) attached."""
        return dataclasses.replace(self, segment_table=table)

    def _subset(self, keep: set) -> "Corpus":
        parsed = tuple(a for a in self.parsed if a.id in keep)
        articles = self.articles[self.articles["article_id"].isin(keep)].reset_index(drop=True)
        seg = self.segment_table
        if seg is not None:
            seg = seg[seg["article_id"].isin(keep)].reset_index(drop=True)
        return Corpus(self.directory, self.outlets, articles, parsed, seg)

    def outlet_name(self, outlet_id: str) -> str:
        names = dict(zip(self.outlets["outlet_id"], self.outlets["name"]))
        return names.get(outlet_id, outlet_id)

    def select_ids(self, ids) -> "Corpus":
        """The sub-corpus of the given article ids (in corpus order)."""
        keep = set(ids)
        missing = sorted(keep - {a.id for a in self.parsed})
        if missing:
            raise ValueError(f"unknown article id(s): {', '.join(missing)}")
        return self._subset(keep)

    def select(self, *, story: str | list[str] | None = None, outlets: list[str] | None = None) -> "Corpus":
        """The articles of one story (or several) and/or those in which the given outlets speak.

        An article is kept for ``outlets`` when it is published by one of them or excerpts one of them.
        Raises ``ValueError`` naming the known values when a story or outlet is not in the corpus.
        """
        keep = {a.id for a in self.parsed}
        if story:
            stories = [story] if isinstance(story, str) else list(story)
            unknown = sorted(set(stories) - set(self.articles["story"]))
            if unknown:
                raise ValueError(f"unknown story {', '.join(unknown)}; stories in this corpus: {', '.join(sorted(set(self.articles['story'])))}")
            keep &= {a.id for a in self.parsed if str(a.meta["story"]) in stories}
        if outlets:
            unknown = sorted(set(outlets) - set(self.outlets["outlet_id"]))
            if unknown:
                raise ValueError(f"unknown outlet {', '.join(unknown)}; outlets: {', '.join(self.outlets['outlet_id'])}")
            keep &= {a.id for a in self.parsed if {a.meta["outlet"], *(p.origin_outlet for p in a.paragraphs)} & set(outlets)}
        return self._subset(keep)


def load_corpus(corpus: str | Path | None = None, *, story=None, outlets=None) -> Corpus:
    """Load and validate a corpus; raise :class:`CorpusError` listing every problem.

    Args:
        corpus: the corpus directory (default: ``$MEDIABIAS_CORPUS`` or the bundled ``corpus/``).
        story: keep only this story id (or list of ids).
        outlets: keep only articles in which these outlet ids speak.
    """
    corpus_dir = paths.corpus_dir(corpus)
    parsed, outlets_table, problems = read_articles(corpus_dir)
    if problems:
        raise CorpusError(problems)
    parsed.sort(key=lambda a: (a.meta["published"], a.id))
    loaded = Corpus(corpus_dir, outlets_table, articles_table(parsed, outlets_table), tuple(parsed))
    if story or outlets:
        loaded = loaded.select(story=story, outlets=outlets)
    return loaded
