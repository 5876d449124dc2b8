"""Planning an addition: every file to write and every problem found, touching nothing.

:func:`plan_additions` resolves each draft's outlet and metadata, refuses duplicates (same id, same URL,
near-identical text, in the corpus or earlier in the batch) and checks each rendered file with the corpus
validator in a scratch directory. :func:`mediabias.ingest.commit` writes the resulting :class:`Plan`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import re
import tempfile
from pathlib import Path

from mediabias.corpus import schema
from mediabias.corpus.articles import ID_PATTERN, OUTLET_KINDS, parse_article, split_front_matter
from mediabias.corpus.limits import quoted
from mediabias.ingest.extract import Draft, InputError, parse_date
from mediabias.ingest.index import AddError, CorpusIndex, name_key, normalize_url, slug
from mediabias.ingest.outlets import host_outlet, match_outlet, resolve_excerpts
from mediabias.ingest.render import render_article

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
    raw_ref: str | None = None  # the raw file name its front matter names (new or already in raw/)

    @property
    def path(self) -> str:
        return f"articles/{self.article_id}.md"


@dataclasses.dataclass
class Plan:
    articles: list[Planned]
    new_outlets: list[dict]
    skipped: list[tuple[str, str]]
    #: raw files only the replaced articles referred to: removed (with their checksum lines) by the commit
    orphaned_raw: list[str] = dataclasses.field(default_factory=list)


def _new_outlet_row(options: AddOptions, drafts: list[Draft], index: CorpusIndex, source: str) -> dict:
    oid = options.outlet or slug(options.new_outlet).replace("-", "")
    if not ID_PATTERN.match(oid):
        raise AddError([("--outlet", f"{quoted(oid)} is not a valid outlet id (lowercase letters, digits, - and _)")])
    if oid in index.outlet_ids:
        raise AddError([("--new-outlet", f"outlet {quoted(oid)} already exists in outlets.csv; drop --new-outlet")])
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
        with contextlib.suppress(schema.FrontMatterError, AttributeError, TypeError, ValueError, OSError):
            raw = str((schema.load_front_matter(front or "")[0] or {}).get("raw") or "")
            existing = (corpus_dir / raw).resolve()
            if raw.startswith("raw/") and existing.is_file() and existing.parent == (corpus_dir / "raw").resolve() \
                    and not (scratch / raw).exists():
                made.append(scratch / raw)
                made[-1].symlink_to(existing)
        _, problems = parse_article(made[0], outlet_ids=outlet_ids, corpus_dir=scratch)
    finally:
        for path in made:
            path.unlink(missing_ok=True)
    return [(f"line {p.line}: " if p.line else "") + (f"{p.field}: {p.message}" if p.field else p.message) for p in problems]


def _strip_invisible(meta: dict, notes: list[str]) -> None:
    """Remove direction-changing and zero-width characters (which front matter refuses) from the title, the
    authors and the dek found in an input, with a note naming them."""
    for key in ("title", "dek", "authors"):
        value = meta.get(key)
        texts = value if isinstance(value, list) else [value]
        found = [ch for t in texts if isinstance(t, str) for ch in schema.invisible_characters(t)]
        if not found:
            continue
        clean = [("".join(ch for ch in t if ch not in schema.INVISIBLE) if isinstance(t, str) else t) for t in texts]
        meta[key] = clean if isinstance(value, list) else clean[0]
        codes = ", ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in found))
        notes.append(f"removed {len(found)} invisible or direction-changing character(s) ({codes}) from the {key}")


def _metadata(draft: Draft, options: AddOptions, outlet: str | None) -> tuple[dict, list[str]]:
    """The draft's front matter with the command-line values applied, and what is missing or invalid.

    A record's topic that is not an id ("Gun Control") becomes its slug with a note on the draft; a
    ``--story`` that is not an id is refused with the slug to use instead.
    """
    meta, errs = dict(draft.meta), []
    if draft.markdown is None:  # a Markdown article is added as is
        meta.update({k: getattr(options, k) for k in ("title", "published", "url", "story") if getattr(options, k)})
        if options.authors is not None:
            meta["authors"] = options.authors
    meta["outlet"] = outlet
    if draft.markdown is None:
        _strip_invisible(meta, draft.notes)
    story = str(meta.get("story") or "")
    if not story:
        errs.append("no story: pass --story ID (the same id for every article about one event)")
    elif not ID_PATTERN.match(story):
        from_option = draft.markdown is None and options.story
        if draft.markdown is None and not from_option and slug(story):
            meta["story"] = slug(story)  # a record's topic such as "Gun Control" becomes gun-control
            draft.notes.append(f"story {quoted(story)} is not an id; written as {meta['story']!r}")
        else:
            where = "--story" if from_option else "story"
            errs.append(f"{where} {quoted(story)} is not a valid id (lowercase letters, digits, - and _); try {slug(story) or 'my-story'!r}")
    try:
        meta["published"] = parse_date(meta.get("published"), label="published")
    except InputError as exc:
        errs.append(str(exc))
    else:
        if not meta["published"]:
            errs.append("no publication date in the record; map another field with --map published=FIELD, or leave "
                        "such records out with --skip-invalid"
                        if draft.meta.get("source_format") == "jsonl" else "no publication date found; pass --published YYYY-MM-DD")
    if not meta.get("title"):
        errs.append("no title found; pass --title")
    n_words = len(re.findall(r"\w+", draft.text))
    if n_words < options.min_words:
        errs.append(f"not an article: {n_words} words of text (at least {options.min_words}; see --min-words)")
    if meta.get("url") and not re.match(r"^https?://", str(meta["url"]), flags=re.I):
        errs.append(f"url {quoted(meta['url'])} is not an http(s) URL")
    if draft.markdown is not None and not ID_PATTERN.match(str(meta.get("id") or "")):
        errs.append(f"front matter id {quoted(meta.get('id'))} is not a valid id (lowercase letters, digits, - and _)"
                    if meta.get("id") not in (None, "") else "front matter has no id")
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
                errs.append(f"unknown outlet {quoted(source)}")
        elif outlet not in self.outlet_ids:
            errs.append(f"unknown outlet {quoted(outlet)}; known: {', '.join(sorted(self.outlet_ids))}")
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
            raw_ref = str(meta.get("raw") or "").removeprefix("raw/") or None
            return Planned(aid, draft.label, draft.markdown, meta["outlet"], replaces=replaces, notes=list(draft.notes),
                           raw_ref=raw_ref)
        blocks = [dataclasses.replace(b) for b in draft.blocks]
        notes = list(draft.notes) + resolve_excerpts(blocks, self.index, self.outlets, publisher=meta["outlet"])
        raw_name = digest = None
        if draft.raw_bytes is not None:
            digest = hashlib.sha256(draft.raw_bytes).hexdigest()
            raw_name = self.index.raw_sums.get(digest) or f"{aid}_{digest[:16]}{draft.raw_suffix}"
            meta["raw"] = f"raw/{raw_name}"
        meta["id"] = aid
        return Planned(aid, draft.label, render_article(meta, blocks), meta["outlet"], raw_name, draft.raw_bytes,
                       digest, replaces, notes, raw_ref=raw_name)


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
        raise AddError([("--outlet", f"unknown outlet {quoted(options.outlet)}; known: {', '.join(sorted(index.outlet_ids))}. "
                         "Add it with --new-outlet NAME --kind KIND")])
    planner = _Planner(index, outlets, options)
    with tempfile.TemporaryDirectory(prefix="mediabias-add-") as tmp:
        planner.scratch = Path(tmp)
        for draft in drafts:
            planner.add(draft)
    problems = planner.problems
    if planner.unknown_sources and not options.skip_invalid:
        listing = ", ".join(f"{quoted(s)} ({n})" for s, n in sorted(planner.unknown_sources.items()))
        known = ", ".join(f"{o['outlet_id']} ({o['name']})" for o in sorted(outlets, key=lambda o: o["outlet_id"]))
        if new_outlets:  # --new-outlet was given: what is missing is which inputs it publishes
            oid = new_outlets[0]["outlet_id"]
            advice = (f"To publish them under the new outlet {quoted(options.new_outlet)}, pass --outlet {oid} "
                      f"(or --outlet-map SOURCE={oid} for records naming it otherwise)")
        else:
            advice = "Pass --outlet ID, --outlet-map SOURCE=ID, or --new-outlet NAME --kind KIND"
        problems.append(("", f"unknown outlet(s), as the input names them (with the number of inputs): {listing}. "
                         f"Known outlets: {known}. {advice}"))
    if problems:
        raise AddError(problems)
    used = {p.outlet for p in planner.planned}
    return Plan(planner.planned, [o for o in new_outlets if o["outlet_id"] in used], planner.skipped,
                orphaned_raw(planner.planned, index))


def orphaned_raw(planned: list[Planned], index: CorpusIndex) -> list[str]:
    """The raw files that only the articles being replaced refer to (``validate`` would call them orphaned)."""
    replaced = {p.replaces for p in planned if p.replaces}
    kept = {raw for rel, raw in index.raws.items() if rel not in replaced} | {p.raw_ref for p in planned}
    return sorted({index.raws[rel] for rel in replaced if rel in index.raws} - kept)
