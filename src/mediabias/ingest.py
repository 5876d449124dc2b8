"""Add articles to a corpus safely: resolve outlets, refuse duplicates, validate, then write atomically.

The flow is plan, then commit. :func:`plan_additions` turns :class:`~mediabias.extract.Draft` objects
into the exact files to write and every problem found, touching nothing; :func:`commit` writes them,
each file first to a temporary name beside its target and then moved into place with ``os.replace``,
so an error or Ctrl-C leaves the corpus as it was (and an interruption during the final moves still
leaves a valid corpus: raw files and checksums first, outlets next, articles last).

Example:
    >>> index = load_index(Path("corpus"))
    >>> plan = plan_additions([draft], index, options=AddOptions(story="my-story", outlet="nyt"))
    >>> commit(plan, index.directory)
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import os
import re
import signal
import sys
import tempfile
import threading
import unicodedata
import zlib
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import yaml

from mediabias.corpus import ID_PATTERN, OUTLET_COLUMNS, OUTLET_KINDS, parse_article, read_outlets, split_front_matter
from mediabias.extract import Block, Draft, InputError, last_sentence, parse_date
from mediabias.markup import UNKNOWN_ORIGIN, parse_body

#: Front-matter fields in the order they are written.
FIELD_ORDER = ("id", "title", "outlet", "authors", "published", "date_note", "url", "story", "dek", "raw",
               "source_format", "provenance_note", "curation_note")
SHINGLE = 5          # words per shingle for near-duplicate detection
SKETCH = 64          # smallest shingle hashes kept per article to find candidate duplicates
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML has it
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|ref|cmpid|smid|hp|action|pgtype|clicksource|module|region|wt\.\w+)$", re.I)


class AddError(ValueError):
    """Nothing was written; ``problems`` lists every ``(input, message)`` found."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{label}: {msg}" if label else msg for label, msg in problems))


@dataclasses.dataclass
class AddOptions:
    """What the command line says about the inputs (see ``mediabias add --help``)."""

    story: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: list[str] | None = None
    published: str | None = None
    url: str | None = None
    new_outlet: str | None = None
    kind: str | None = None
    country: str = ""
    lean: str | None = None
    lean_source: str | None = None
    outlet_map: dict[str, str] = dataclasses.field(default_factory=dict)
    force: bool = False
    skip_existing: bool = False
    skip_invalid: bool = False
    min_words: int = 40
    similarity: float = 0.8


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
        try:
            front, body = split_front_matter(path.read_text(encoding="utf-8"))
            meta = yaml.load(front or "", Loader=_LOADER) or {}
        except (UnicodeDecodeError, yaml.YAMLError):
            meta, body = {}, ""
        meta = meta if isinstance(meta, dict) else {}
        index.ids[str(meta.get("id") or path.stem)] = rel
        index.ids.setdefault(path.stem, rel)
        if meta.get("url"):
            index.urls[normalize_url(str(meta["url"]))] = rel
            if meta.get("outlet") in known:
                host_outlets.setdefault(urlsplit(str(meta["url"])).netloc.lower().removeprefix("www."), set()).add(meta["outlet"])
        paragraphs, _ = parse_body(body, known_outlets=known)
        index.add_text(rel, "\n\n".join(p.text for p in paragraphs))
    index.hosts = {h: next(iter(o)) for h, o in host_outlets.items() if len(o) == 1}
    sums = corpus_dir / "raw" / "SHA256SUMS"
    if sums.is_file():
        for line in sums.read_text(encoding="utf-8").splitlines():
            if line.strip():
                digest, name = line.split(maxsplit=1)
                index.raw_sums[digest] = name.lstrip("*")
    return index


# ---------------------------------------------------------------------------------------- outlets
def outlet_keys(outlet: dict) -> set[str]:
    """Names an outlet answers to: its id, its name, and names quoted in ``lean_source`` (the AllSides name)."""
    keys = {name_key(outlet["outlet_id"]), name_key(outlet["name"])}
    keys |= {name_key(q) for q in re.findall(r"'([^']+)'", outlet.get("lean_source") or "")}
    return keys - {""}


def match_outlet(name: str | None, outlets: list[dict], *, outlet_map: dict[str, str] | None = None) -> str | None:
    """The outlet id a name refers to (``--outlet-map`` first, then ids and names), or None."""
    if not name:
        return None
    for src, oid in (outlet_map or {}).items():
        if name_key(src) == name_key(name):
            return oid
    key = name_key(name)
    hits = sorted(o["outlet_id"] for o in outlets if key in outlet_keys(o))
    return hits[0] if len(hits) == 1 else None


def host_outlet(host: str | None, index: CorpusIndex) -> str | None:
    """The outlet behind a web host: from the corpus's own URLs, or a host label equal to an outlet's id or name."""
    if not host:
        return None
    host = host.lower().removeprefix("www.")
    if host in index.hosts:
        return index.hosts[host]
    labels = [name_key(label) for label in host.split(".")[:-1]]
    hits = sorted(o["outlet_id"] for o in index.outlets
                  if len(o["outlet_id"]) >= 3 and set(labels) & {name_key(o["outlet_id"]), name_key(o["name"])})
    return hits[0] if len(hits) == 1 else None


def outlets_in(sentence: str, outlets: list[dict]) -> list[str]:
    """Outlet ids named in a sentence, in order of appearance.

    An outlet is named by its name as written (with or without a leading "The"), a name quoted in its
    ``lean_source`` (the AllSides name), or its id in capitals as a word ("NYT", "FP's").

    >>> outlets_in("Josh Rogin at FP's The Cable blog", [{"outlet_id": "fp", "name": "Foreign Policy"}])
    ['fp']
    """
    found = []
    for o in outlets:
        names = {o["name"], re.sub(r"^the\s+", "", o["name"], flags=re.I)}
        names |= set(re.findall(r"'([^']+)'", o.get("lean_source") or ""))
        for n in names:  # case matters: "Hot Air" the blog, "hot air" the phrase
            if len(n) >= 3 and (m := re.search(rf"\b{re.escape(n)}\b", sentence)):
                found.append((m.start(), o["outlet_id"]))
        if m := re.search(rf"\b{re.escape(o['outlet_id'].upper())}\b", sentence):
            found.append((m.start(), o["outlet_id"]))
    return list(dict.fromkeys(oid for _, oid in sorted(found)))


def resolve_excerpts(blocks: list[Block], index: CorpusIndex, outlets: list[dict], *, publisher: str | None = None) -> list[str]:
    """Set the ``origin`` of each excerpt that has none; return one note per excerpt saying how.

    In order: the page's cite (a URL whose host is an outlet's, or a ``<cite>`` name), then an outlet
    other than ``publisher`` named in the sentence that introduces the excerpt (the last sentence of
    the paragraph before it), else ``unknown``, for the user to fill in.
    """
    notes, n = [], 0
    for i, b in enumerate(blocks):
        if not b.excerpt:
            continue
        n += 1
        if b.origin:  # named in the input's own markup; the validator checks it
            continue
        how = None
        if b.cite:
            oid = host_outlet(urlsplit(b.cite).netloc, index) if re.match(r"^https?://", b.cite) else match_outlet(b.cite, outlets)
            if oid:
                b.origin, how = oid, f"the cite {b.cite!r}"
        intro = b.intro or (last_sentence(blocks[i - 1].paragraphs[-1]) if i and not blocks[i - 1].excerpt else None)
        if not how and intro and (named := [o for o in outlets_in(intro, outlets) if o != publisher]):
            b.origin, how = named[-1], f"the introducing sentence {intro[:70]!r}"
        if how:
            notes.append(f"excerpt {n} ({b.paragraphs[0][:40]!r}…): origin {b.origin}, from {how}")
        else:
            clue = f" (the page cites {b.cite!r}, not an outlet of outlets.csv)" if b.cite else ""
            b.origin = UNKNOWN_ORIGIN
            notes.append(f"excerpt {n} ({b.paragraphs[0][:40]!r}…): origin unknown{clue}; "
                         "replace '[!excerpt unknown]' with the outlet id if you know it")
    return notes


# --------------------------------------------------------------------------------------- rendering
def render_body(blocks: list[Block]) -> str:
    """The Markdown body: one line per paragraph, excerpts as ``> [!excerpt OUTLET]`` blockquotes."""
    parts = []
    for b in blocks:
        if b.excerpt:
            lines = [f"> [!excerpt {b.origin or UNKNOWN_ORIGIN}]"]
            for i, p in enumerate(b.paragraphs):
                lines += ([">"] if i else []) + [f"> {p}"]
            parts.append("\n".join(lines))
        else:
            parts.extend(b.paragraphs)
    return "\n\n".join(parts) + "\n"


def render_article(meta: dict, blocks: list[Block]) -> str:
    """The article file: YAML front matter (fields in :data:`FIELD_ORDER`) and the Markdown body."""
    ordered = {k: meta[k] for k in FIELD_ORDER if meta.get(k) not in (None, "")}
    ordered["authors"] = list(meta.get("authors") or [])
    ordered = {k: ordered[k] for k in FIELD_ORDER if k in ordered}
    front = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    return f"---\n{front}---\n\n{render_body(blocks)}"


# ----------------------------------------------------------------------------------------- planning
@dataclasses.dataclass
class Planned:
    """One article to write: its file content, its raw original, and what it replaces."""

    article_id: str
    label: str
    content: str
    outlet: str = ""
    raw_name: str | None = None
    raw_bytes: bytes | None = None
    raw_digest: str | None = None
    replaces: str | None = None
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def path(self) -> str:
        return f"articles/{self.article_id}.md"


@dataclasses.dataclass
class Plan:
    articles: list[Planned]
    new_outlets: list[dict]
    skipped: list[tuple[str, str]]


def _new_outlet_row(options: AddOptions, drafts: list[Draft], index: CorpusIndex, source: str) -> dict:
    oid = options.outlet or slug(options.new_outlet).replace("-", "")
    if not ID_PATTERN.match(oid):
        raise AddError([("--outlet", f"{oid!r} is not a valid outlet id (lowercase letters, digits, - and _)")])
    if oid in index.outlet_ids:
        raise AddError([("--new-outlet", f"outlet {oid!r} already exists in outlets.csv; drop --new-outlet")])
    if options.kind not in OUTLET_KINDS:
        raise AddError([("--kind", f"--new-outlet needs --kind, one of: {', '.join(OUTLET_KINDS)}")])
    lean = options.lean or ""
    lean_source = (options.lean_source or "given on the command line (mediabias add --lean)") if options.lean else ""
    hints = {d.lean_hint for d in drafts if d.lean_hint and name_key(d.outlet_hint or "") == name_key(options.new_outlet)}
    if not lean and len(hints) == 1:
        lean = hints.pop()
        lean_source = f"lean label of source '{options.new_outlet}' as given in {source}"
    return {"outlet_id": oid, "name": options.new_outlet, "kind": options.kind, "country": options.country,
            "lean": lean, "lean_source": lean_source}


def _resolve_outlet(draft: Draft, options: AddOptions, index: CorpusIndex, outlets: list[dict]) -> str | None:
    if draft.meta.get("outlet") and draft.markdown is not None:
        return str(draft.meta["outlet"])
    if options.outlet:
        return options.outlet
    return (match_outlet(draft.outlet_hint, outlets, outlet_map=options.outlet_map)
            or host_outlet(draft.host, index))


def _validate_file(planned: "Planned", corpus_dir: Path, outlet_ids: set[str], scratch: Path) -> list[str]:
    """Problems ``mediabias validate`` would report for this file, checked in a scratch corpus.

    The scratch corpus holds, while the check runs, the file, its new raw original, and (for a
    Markdown article naming one) a link to the raw file already in the real corpus.
    """
    made = [scratch / "articles" / f"{planned.article_id}.md"]
    for sub in ("articles", "raw"):
        (scratch / sub).mkdir(parents=True, exist_ok=True)
    try:
        made[0].write_text(planned.content, encoding="utf-8")
        if planned.raw_name:
            made.append(scratch / "raw" / planned.raw_name)
            made[-1].write_bytes(planned.raw_bytes or b"")
        front, _ = split_front_matter(planned.content)
        with contextlib.suppress(yaml.YAMLError, AttributeError, TypeError, ValueError):
            raw = str((yaml.load(front or "", Loader=_LOADER) or {}).get("raw") or "")
            existing = (corpus_dir / raw).resolve()
            if raw.startswith("raw/") and existing.is_file() and existing.parent == (corpus_dir / "raw").resolve() \
                    and not (scratch / raw).exists():
                made.append(scratch / raw)
                made[-1].symlink_to(existing)
        _, problems = parse_article(made[0], outlet_ids=outlet_ids, corpus_dir=scratch)
    finally:
        for path in made:
            path.unlink(missing_ok=True)
    return [f"{p.field}: {p.message}" if p.field else p.message for p in problems]


def _metadata(draft: Draft, options: AddOptions, outlet: str | None) -> tuple[dict, list[str]]:
    """The draft's front matter with the command-line values applied, and what is missing or invalid."""
    meta, errs = dict(draft.meta), []
    if draft.markdown is None:  # a Markdown article is added as is
        meta.update({k: getattr(options, k) for k in ("title", "published", "url", "story") if getattr(options, k)})
        if options.authors is not None:
            meta["authors"] = options.authors
    meta["outlet"] = outlet
    story = str(meta.get("story") or "")
    if not story:
        errs.append("no story: pass --story ID (the same id for every article about one event)")
    elif not ID_PATTERN.match(story):
        if draft.markdown is None and slug(story):
            meta["story"] = slug(story)  # a record's topic such as "Gun Control" becomes gun-control
        else:
            errs.append(f"story {story!r} is not a valid id; try {slug(story) or 'my-story'!r}")
    try:
        meta["published"] = parse_date(meta.get("published"), label="published")
    except InputError as exc:
        errs.append(str(exc))
    else:
        if not meta["published"]:
            errs.append("no publication date in the record; map another field with --map published=FIELD"
                        if draft.meta.get("source_format") == "jsonl" else "no publication date found; pass --published YYYY-MM-DD")
    if not meta.get("title"):
        errs.append("no title found; pass --title")
    n_words = len(re.findall(r"\w+", draft.text))
    if n_words < options.min_words:
        errs.append(f"not an article: {n_words} words of text (at least {options.min_words}; see --min-words)")
    if meta.get("url") and not re.match(r"^https?://", str(meta["url"])):
        errs.append(f"url {meta['url']!r} is not an http(s) URL")
    if draft.markdown is not None and not ID_PATTERN.match(str(meta.get("id") or "")):
        errs.append(f"front matter id {meta.get('id')!r} is missing or invalid")
    return meta, errs


class _Planner:
    """The state of one planning pass: the corpus, the outlets (with a new one), and the batch so far."""

    def __init__(self, index: CorpusIndex, outlets: list[dict], options: AddOptions):
        self.index, self.outlets, self.options = index, outlets, options
        self.outlet_ids = {o["outlet_id"] for o in outlets}
        self.batch = CorpusIndex(index.directory, outlets)  # articles planned so far, for duplicates in the batch
        self.batch_urls: dict[str, str] = {}
        self.taken = set(index.ids)
        self.planned: list[Planned] = []
        self.problems: list[tuple[str, str]] = []
        self.skipped: list[tuple[str, str]] = []
        self.unknown_sources: dict[str, int] = {}
        self.scratch = Path()  # set by plan_additions: a temporary directory for validating files

    def new_id(self, meta: dict) -> str:
        base = slug(f"{meta['outlet']}-{meta['published']}-{slug(meta['title'], max_len=50)}", max_len=90)
        aid, k = base, 2
        while aid in self.taken:
            aid, k = f"{base}-{k}", k + 1
        return aid

    def duplicates(self, draft: Draft, meta: dict) -> tuple[list[tuple[str, str]], str | None]:
        """``([(existing file, reason)], duplicate earlier in the batch or None)``."""
        found, url = [], normalize_url(str(meta["url"])) if meta.get("url") else None
        if draft.markdown is not None and str(meta.get("id")) in self.index.ids:
            found.append((self.index.ids[str(meta["id"])], "same id"))
        if url and url in self.index.urls:
            found.append((self.index.urls[url], "same URL"))
        if near := self.index.near_duplicate(draft.text, threshold=self.options.similarity):
            found.append((near[0], f"near-identical text, {near[1]:.0%} of word 5-grams shared"))
        near = self.batch.near_duplicate(draft.text, threshold=self.options.similarity)
        return found, (self.batch_urls.get(url) if url else None) or (near[0] if near else None)

    def add(self, draft: Draft) -> None:
        opts = self.options
        outlet = _resolve_outlet(draft, opts, self.index, self.outlets)
        meta, errs = _metadata(draft, opts, outlet)
        if outlet is None:
            source = draft.outlet_hint or draft.host or "(none given)"
            self.unknown_sources[source] = self.unknown_sources.get(source, 0) + 1
            if opts.skip_invalid:  # otherwise one summary line lists the unknown outlets
                errs.append(f"unknown outlet {source!r}")
        elif outlet not in self.outlet_ids:
            errs.append(f"unknown outlet {outlet!r}; known: {', '.join(sorted(self.outlet_ids))}")
        if errs or outlet is None:
            (self.skipped if opts.skip_invalid else self.problems).extend((draft.label, e) for e in errs)
            return
        aid = str(meta["id"]) if draft.markdown is not None else self.new_id(meta)

        existing, in_batch = self.duplicates(draft, meta)
        replaces = None
        if in_batch:
            reason = f"duplicate of {in_batch} earlier in this batch"
            (self.skipped if opts.skip_existing or opts.skip_invalid else self.problems).append((draft.label, reason))
            return
        if existing:
            files = sorted({f for f, _ in existing})
            why = "; ".join(f"{f} ({', '.join(r for g, r in existing if g == f)})" for f in files)
            if opts.skip_existing:
                self.skipped.append((draft.label, f"already in the corpus: {why}"))
                return
            if not opts.force or len(files) > 1:
                msg = (f"already in the corpus: {why}; nothing overwritten (--force replaces it, --skip-existing skips it)"
                       if not opts.force else f"matches several existing files ({', '.join(files)}); remove the wrong one by hand")
                (self.skipped if opts.skip_invalid else self.problems).append((draft.label, msg))
                return
            replaces = files[0]
            if draft.markdown is None:
                aid = Path(replaces).stem  # replaced in place: the id others may refer to stays

        planned = self.render(draft, meta, aid, replaces)
        found = _validate_file(planned, self.index.directory, self.outlet_ids, self.scratch)
        if found:
            (self.skipped if opts.skip_invalid else self.problems).extend(
                (draft.label, f"would not pass validation: {f}") for f in found)
            return
        self.taken.add(aid)
        if meta.get("url"):
            self.batch_urls[normalize_url(str(meta["url"]))] = planned.path
        self.batch.add_text(planned.path, draft.text)
        self.planned.append(planned)

    def render(self, draft: Draft, meta: dict, aid: str, replaces: str | None) -> Planned:
        if draft.markdown is not None:
            return Planned(aid, draft.label, draft.markdown, meta["outlet"], replaces=replaces, notes=list(draft.notes))
        blocks = [dataclasses.replace(b) for b in draft.blocks]
        notes = list(draft.notes) + resolve_excerpts(blocks, self.index, self.outlets, publisher=meta["outlet"])
        raw_name = digest = None
        if draft.raw_bytes is not None:
            digest = hashlib.sha256(draft.raw_bytes).hexdigest()
            raw_name = self.index.raw_sums.get(digest) or f"{aid}_{digest[:16]}{draft.raw_suffix}"
            meta["raw"] = f"raw/{raw_name}"
        meta["id"] = aid
        return Planned(aid, draft.label, render_article(meta, blocks), meta["outlet"], raw_name, draft.raw_bytes,
                       digest, replaces, notes)


def plan_additions(drafts: list[Draft], index: CorpusIndex, *, options: AddOptions, source: str = "") -> Plan:
    """Decide every file to write for ``drafts``; raise :class:`AddError` listing all problems.

    Nothing is written. Checks, per draft: outlet known (or created by ``--new-outlet``), story, date and
    title present and valid, at least ``min_words`` words, not already in the corpus or earlier in the
    batch (same id, same URL, or text with word 5-shingle Jaccard ≥ ``similarity``), and the rendered
    file passes the corpus validator (:func:`mediabias.corpus.parse_article`).
    """
    outlets, new_outlets = list(index.outlets), []
    if options.new_outlet:
        row = _new_outlet_row(options, drafts, index, source)
        new_outlets.append(row)
        outlets.append(row)
        options = dataclasses.replace(options, outlet_map={**options.outlet_map, options.new_outlet: row["outlet_id"]})
    if options.outlet and options.outlet not in {o["outlet_id"] for o in outlets}:
        raise AddError([("--outlet", f"unknown outlet {options.outlet!r}; known: {', '.join(sorted(index.outlet_ids))}. "
                         "Add it with --new-outlet NAME --kind KIND")])
    planner = _Planner(index, outlets, options)
    with tempfile.TemporaryDirectory(prefix="mediabias-add-") as tmp:
        planner.scratch = Path(tmp)
        for draft in drafts:
            planner.add(draft)
    problems = planner.problems
    if planner.unknown_sources and not options.skip_invalid:
        listing = ", ".join(f"{s!r} ({n})" for s, n in sorted(planner.unknown_sources.items()))
        known = ", ".join(f"{o['outlet_id']} ({o['name']})" for o in sorted(outlets, key=lambda o: o["outlet_id"]))
        problems.append(("", f"unknown outlet(s), as the input names them (with the number of inputs): {listing}. "
                         f"Known outlets: {known}. Pass --outlet ID, --outlet-map SOURCE=ID, or --new-outlet NAME --kind KIND"))
    if problems:
        raise AddError(problems)
    used = {p.outlet for p in planner.planned}
    return Plan(planner.planned, [o for o in new_outlets if o["outlet_id"] in used], planner.skipped)


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
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        staged.append((tmp, target))
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


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
    return written
