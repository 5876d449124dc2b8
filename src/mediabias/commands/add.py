"""``mediabias add FILE... | --from-jsonl FILE``: add articles to a corpus, safely.

See ``docs/adding-articles.md``. Everything is read and checked first; files are written only when
every input passes, each atomically, and ``--dry-run`` prints what would be written instead.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from mediabias import ingest, paths
from mediabias.corpus.articles import check_corpus
from mediabias.corpus.limits import LIMITS, one_line
from mediabias.ingest import extract, lock

KINDS = ("blog", "newspaper", "magazine", "news agency", "wire", "broadcaster", "website", "other")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add", help="add articles (.html, .txt, .md, or JSON Lines records) to a corpus",
        description="Add articles to a corpus. Nothing is overwritten and nothing is written unless every "
                    "input passes; see docs/adding-articles.md.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help=".html/.htm pages, .txt files (title on the first line), or .md articles with front matter")
    p.add_argument("--corpus", help="corpus directory (default: $MEDIABIAS_CORPUS or the bundled corpus/)")
    meta = p.add_argument_group("article metadata (override what is found in the input)")
    meta.add_argument("--outlet", help="outlet id from outlets.csv (or the id for --new-outlet)")
    meta.add_argument("--story", help="story id shared by every article about one event, e.g. iraq-withdrawal-2011")
    meta.add_argument("--title", help="article title (single FILE only)")
    meta.add_argument("--authors", help="author names separated by ';', e.g. 'Ann Lee; Bo Kim'")
    meta.add_argument("--published", help="publication date YYYY-MM-DD")
    meta.add_argument("--url", help="the article's URL (single FILE only)")
    new = p.add_argument_group("a new outlet (both flags needed)")
    new.add_argument("--new-outlet", metavar="NAME", help="add this outlet to outlets.csv (id: --outlet, else a slug of NAME)")
    new.add_argument("--kind", choices=KINDS, help="kind of the new outlet")
    new.add_argument("--country", default="", help="country of the new outlet, e.g. US")
    new.add_argument("--lean", help="political lean label of the new outlet, e.g. left, center, right")
    new.add_argument("--lean-source", help="where the --lean label comes from (written to outlets.csv)")
    batch = p.add_argument_group("batch import from JSON Lines (gzip read directly)")
    batch.add_argument("--from-jsonl", metavar="FILE", help="one JSON object per line, e.g. allsides-articles/articles.jsonl.gz")
    batch.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE",
                       help="keep records whose FIELD equals VALUE (FIELD~TEXT: contains TEXT); case-insensitive; repeatable")
    batch.add_argument("--limit", type=int, help="import at most N matching records")
    batch.add_argument("--map", action="append", default=[], metavar="KEY=FIELD",
                       help="read article KEY (title, published, authors, url, outlet, story, body, record_id, lean) from record FIELD")
    batch.add_argument("--outlet-map", action="append", default=[], metavar="SOURCE=ID",
                       help="records whose outlet field is SOURCE belong to outlet ID; repeatable")
    safety = p.add_argument_group("safety")
    safety.add_argument("--dry-run", action="store_true", help="print the article file(s) that would be written; write nothing")
    safety.add_argument("--force", action="store_true", help="replace an existing article with the same id, URL or text")
    safety.add_argument("--skip-existing", action="store_true", help="skip inputs already in the corpus instead of refusing")
    safety.add_argument("--skip-invalid", action="store_true", help="skip inputs that cannot be added (reported) instead of refusing all")
    safety.add_argument("--min-words", type=int, default=40, help="fewer words than this is 'not an article' (default 40)")
    safety.add_argument("--similarity", type=float, default=0.8,
                        help="texts sharing at least this share of word 5-grams (Jaccard) are the same article (default 0.8)")
    safety.add_argument("--keep-similar", action="store_true",
                        help="do not refuse near-identical text (e.g. one wire story published by two outlets); same id or URL is still refused")
    safety.add_argument("--max-mb", type=float,
                        help=f"refuse input files and JSON Lines records larger than this many MB (default "
                             f"{LIMITS.input_bytes / 1024 / 1024:g} and {LIMITS.jsonl_line_bytes / 1024 / 1024:g}: "
                             "input_bytes and jsonl_line_bytes in resources/limits.yaml)")
    p.set_defaults(func=run)


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, val = v.partition("=")
        if not sep or not key.strip() or not val.strip():
            raise SystemExit(f"error: {flag} {v!r}: use KEY=VALUE")
        out[key.strip()] = val.strip()
    return out


def _fail(problems: list[tuple[str, str]] | list[str]) -> int:
    for item in problems:
        label, msg = item if isinstance(item, tuple) else ("", item)
        print(one_line(f"error: {label}: {msg}" if label else f"error: {msg}"), file=sys.stderr)
    print("nothing was written", file=sys.stderr)
    return 2


def _drafts(args) -> tuple[list, list[tuple[str, str]], list[tuple[str, str]]]:
    drafts, problems, skipped = [], [], []
    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else LIMITS.input_bytes
    for name in args.files:
        try:
            drafts.append(extract.draft_from_file(Path(name), title=args.title, max_bytes=max_bytes))
        except extract.InputError as exc:
            (skipped if args.skip_invalid else problems).append(("", str(exc)))
    if args.from_jsonl:
        path = Path(args.from_jsonl)
        mapping = _pairs(args.map, "--map")
        unknown = sorted(set(mapping) - set(extract.DEFAULT_MAPPING))
        if unknown:
            raise extract.InputError(f"--map: unknown key(s) {', '.join(unknown)}; keys: {', '.join(extract.DEFAULT_MAPPING)}")
        where = [extract.parse_where(w) for w in args.where]
        line_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else LIMITS.jsonl_line_bytes
        for no, line, record in extract.iter_records(path, where=where, limit=args.limit, max_bytes=line_bytes):
            label = f"{path.name} line {no}"
            try:
                if isinstance(record, extract.InputError):
                    raise record
                drafts.append(extract.draft_from_record(record, line, label=label, mapping=mapping, source_name=path.name))
            except extract.InputError as exc:
                (skipped if args.skip_invalid else problems).append(("", str(exc)))
        if not drafts and not problems and not skipped:
            raise extract.InputError(f"{path.name}: no record matches {' and '.join(args.where) or 'the file'}")
    return drafts, problems, skipped


def run(args: argparse.Namespace) -> int:
    if not args.files and not args.from_jsonl:
        return _fail(["nothing to add: give FILE(s) or --from-jsonl FILE"])
    if args.from_jsonl and (args.title or args.url or args.published or args.authors):
        return _fail(["--title, --url, --published and --authors apply to single files, not to --from-jsonl records"])
    if len(args.files) > 1 and (args.title or args.url):
        return _fail(["--title and --url apply to a single FILE"])
    if args.new_outlet and not args.kind:
        return _fail([f"--new-outlet needs --kind, one of: {', '.join(KINDS)}"])
    if (args.where or args.limit or args.map or args.outlet_map) and not args.from_jsonl:
        return _fail(["--where, --limit, --map and --outlet-map need --from-jsonl"])
    if args.force and args.skip_existing:
        return _fail(["--force and --skip-existing contradict each other; choose one"])
    corpus_dir = paths.corpus_dir(args.corpus)
    if not (corpus_dir / "outlets.csv").is_file():  # checked before the lock file is made in it
        return _fail([(str(corpus_dir), "not a corpus directory: no outlets.csv (start one with the header line "
                       "'outlet_id,name,kind,country,lean,lean_source')")])
    try:  # the lock is held from reading the index (planning) until the files are in place
        with contextlib.nullcontext() if args.dry_run else lock.corpus_lock(corpus_dir):
            return _plan_and_write(args, corpus_dir)
    except extract.InputError as exc:
        return _fail([str(exc)])
    except ingest.AddError as exc:
        return _fail(exc.problems)


def _plan_and_write(args: argparse.Namespace, corpus_dir: Path) -> int:
    if not args.dry_run:  # under the lock: no other add is staging files now
        removed = ingest.remove_stale_temporaries(corpus_dir)
        if removed:
            print(one_line(f"removed {len(removed)} stale temporary file(s) left by an interrupted `mediabias add`: "
                           + ", ".join(removed)), file=sys.stderr)
    try:
        index = ingest.load_index(corpus_dir)
        drafts, problems, skipped = _drafts(args)
        if problems:
            return _fail(problems)
        options = ingest.AddOptions(
            story=args.story, outlet=args.outlet, title=args.title, published=args.published, url=args.url,
            authors=extract.split_authors(args.authors, separators=";") if args.authors else None,
            new_outlet=args.new_outlet, kind=args.kind, country=args.country, lean=args.lean, lean_source=args.lean_source,
            outlet_map=_pairs(args.outlet_map, "--outlet-map"), force=args.force, skip_existing=args.skip_existing,
            skip_invalid=args.skip_invalid, min_words=args.min_words, similarity=2.0 if args.keep_similar else args.similarity,
        )
        plan = ingest.plan_additions(drafts, index, options=options, source=Path(args.from_jsonl).name if args.from_jsonl else "")
    except extract.InputError as exc:
        return _fail([str(exc)])
    except ingest.AddError as exc:
        return _fail(exc.problems)
    plan.skipped[:0] = skipped
    if any(d.markdown is not None for d in drafts) and any([args.title, args.url, args.published, args.authors, args.story]):
        print("note: .md files are added as is; metadata options were not applied to them", file=sys.stderr)

    for label, reason in plan.skipped:
        print(one_line(f"skipped: {label}: {reason}" if label else f"skipped: {reason}"), file=sys.stderr)
    for o in plan.new_outlets:
        print(f"{'would add' if args.dry_run else 'adding'} outlet {o['outlet_id']} ({o['name']}, {o['kind']}) to outlets.csv", file=sys.stderr)
    if args.dry_run:
        for p in plan.articles:
            if len(plan.articles) > 1:
                print(f"==> {p.path} <==")
            sys.stdout.write(p.content)
            for note in p.notes:
                print(one_line(f"note: {p.path}: {note}"), file=sys.stderr)
        print(f"dry run: {len(plan.articles)} article(s) would be added to {corpus_dir}; nothing was written", file=sys.stderr)
        return 0
    if not plan.articles:
        print("nothing new to add", file=sys.stderr)
        return 0
    try:
        ingest.commit(plan, corpus_dir)
    except OSError as exc:  # staging failed (disk full, permissions): the temporary files are gone
        return _fail([f"could not write to {corpus_dir}: {exc.strerror or exc}"])
    try:
        _report(plan, corpus_dir)
    except KeyboardInterrupt:  # the files are in place: say so, not "nothing was written"
        print(f"interrupted after writing: {len(plan.articles)} article(s) were added to {corpus_dir}; "
              f"check with `mediabias validate --corpus {corpus_dir}`", file=sys.stderr)
        return 130
    return 0


def _report(plan, corpus_dir: Path) -> None:
    for p in plan.articles:
        verb = f"replaced {p.replaces} with" if p.replaces else "added"
        raw = f", raw/{p.raw_name}" if p.raw_name else ""
        print(f"{verb} {p.path} ({p.label}{raw})")
        for note in p.notes:
            print(one_line(f"  note: {note}"))
    for name in plan.orphaned_raw:
        print(f"removed raw/{name}: only the replaced article referred to it")
    leftover, warnings = check_corpus(corpus_dir)
    leftover += warnings
    if leftover:
        print(f"warning: the corpus has {len(leftover)} problem(s) (`mediabias validate --corpus {corpus_dir}`):", file=sys.stderr)
        for prob in leftover[:20]:
            print(f"  - {prob}", file=sys.stderr)
    print(f"{len(plan.articles)} article(s) added to {corpus_dir}")
