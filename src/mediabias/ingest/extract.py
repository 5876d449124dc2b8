"""Turn one input (an HTML page, a text file, a Markdown article, a JSON record) into a :class:`Draft`.

A draft is an article not yet tied to a corpus: its metadata as found in the input, its body as
blocks (the author's paragraphs, and excerpts of other outlets with clues about their origin), and
the verbatim bytes to keep under ``raw/``. :mod:`mediabias.ingest` resolves outlets and excerpt
origins against a corpus, checks for duplicates, renders the article file and writes it.

Every function here is pure: it reads bytes or records and never touches a corpus. Bad input raises
:class:`InputError` with a message a person can act on.

Example:
    >>> draft = draft_from_text(b"A title\\n\\nFirst paragraph.\\n\\nSecond.", label="a.txt")
    >>> draft.meta["title"], [b.paragraphs for b in draft.blocks]
    ('A title', [['First paragraph.'], ['Second.']])
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import zlib
from pathlib import Path

from mediabias.corpus import schema
from mediabias.corpus.articles import split_front_matter
from mediabias.corpus.files import UnreadableFile, bounded_lines, read_regular
from mediabias.corpus.limits import LIMITS, SOURCE, exceeds, quoted
from mediabias.corpus.markup import EXCERPT_HEADER, parse_body
from mediabias.ingest.furniture import curation_note as furniture_note, is_furniture, strip_name_cards

#: Inputs larger than this are refused (an article is rarely above 200 kB, even as a full web page).
MAX_BYTES = LIMITS.input_bytes

_MAGIC = {
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx/.epub)",
    b"\x1f\x8b": "a gzip archive", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image", b"\xd0\xcf\x11\xe0": "an old Microsoft Office document", b"{\\rtf": "an RTF document",
}
_WS = re.compile(r"\s+")


class InputError(ValueError):
    """An input cannot become an article; the message says why and what to do."""


@dataclasses.dataclass
class Block:
    """A run of paragraphs: the author's own (``origin is None`` and ``excerpt is False``) or an excerpt.

    For an excerpt, ``origin`` is an outlet id when the input names it (``[!excerpt nyt]`` markup) and
    ``cite`` the page's cite attribute or ``<cite>`` text; ``intro`` overrides the introducing sentence
    (by default the last sentence of the paragraph before), both used to infer the origin.
    """

    paragraphs: list[str]
    excerpt: bool = False
    origin: str | None = None
    cite: str | None = None
    intro: str | None = None


@dataclasses.dataclass
class Draft:
    """An article read from one input, before it meets a corpus.

    ``meta`` holds the front-matter fields found in the input (``title``, ``published``, ``authors``,
    ``url``, ``dek``, ``story``, ``outlet``, ``source_format``, ...); ``outlet_hint`` the outlet's name as
    the input gives it (a page's site name, a record's source); ``markdown`` the verbatim file for a
    Markdown article, which is added as is.
    """

    label: str
    meta: dict
    blocks: list[Block]
    raw_bytes: bytes | None = None
    raw_suffix: str = ".txt"
    outlet_hint: str | None = None
    host: str | None = None
    lean_hint: str | None = None
    markdown: str | None = None
    notes: list[str] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        """The plain text as the corpus will see it: every paragraph, joined by a blank line."""
        return "\n\n".join(p for b in self.blocks for p in b.paragraphs)


def clean(text: str) -> str:
    """Collapse whitespace runs (newlines, tabs, no-break spaces) into single spaces."""
    return _WS.sub(" ", text).strip()


# ------------------------------------------------------------------------------------------ reading
def too_large(size: int, max_bytes: int = MAX_BYTES) -> str:
    """The message for an input of ``size`` bytes over ``max_bytes`` (``--max-mb``)."""
    return f"too large for an article: {exceeds('input_bytes', size, limit=max_bytes)}; see --max-mb"


def check_bytes(data: bytes, *, label: str, max_bytes: int = MAX_BYTES) -> None:
    """Refuse empty, enormous and binary input with a message naming the problem."""
    if len(data) > max_bytes:
        raise InputError(f"{label}: {too_large(len(data), max_bytes)}")
    if not data.strip():
        raise InputError(f"{label}: the file is empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{label}: this is {what}, not text; save the article as .html, .txt or .md first")
    if data.startswith(UTF16_BOMS):  # UTF-16 text has NUL bytes; decode_utf8 reads it and checks the text
        return
    if (at := data.find(b"\x00")) >= 0:
        line = data[:at].count(b"\n") + 1
        raise InputError(f"{label}: binary file (a NUL byte at byte {at:,}, line {line}); "
                         "save the article as .html, .txt or .md first")


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_utf8(data: bytes, *, label: str) -> str:
    """Decode UTF-8, or UTF-16 with its byte-order mark (the mark is dropped); else raise an
    :class:`InputError` naming the line. Text holding NUL characters is refused."""
    if data.startswith(UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{label}: starts like UTF-16 text but is not valid UTF-16 (at byte {exc.start}); "
                             "re-save the file as UTF-8") from None
        if "\x00" in text:
            raise InputError(f"{label}: binary file (it contains NUL characters); save the article as .html, .txt or .md first")
        return text.lstrip("\ufeff")
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{label}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); re-save the file as UTF-8, "
            "e.g. `iconv -f windows-1252 -t utf-8 IN > OUT`"
        ) from None


def parse_date(value, *, label: str = "") -> str | None:
    """An ISO date ``YYYY-MM-DD`` from an ISO date or datetime, or a US ``M/D/YY`` date; None if empty.

    >>> parse_date("2016-09-20T10:00:00Z"), parse_date("7/23/17")
    ('2016-09-20', '2017-07-23')
    """
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ].*)?", text):
            return dt.date.fromisoformat(m.group(1)).isoformat()
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", text):
            month, day, year = (int(g) for g in m.groups())
            return dt.date(year + 2000 if year < 100 else year, month, day).isoformat()
    except ValueError:
        pass
    raise InputError(f"{label}: cannot read the date {quoted(text)}; use YYYY-MM-DD".lstrip(": "))


def split_authors(value, *, separators: str = ";,") -> list[str]:
    """Author names from a list or a string split on ``separators``; quotes and blanks dropped.

    >>> split_authors('Ann Lee, "Bo Kim"')
    ['Ann Lee', 'Bo Kim']
    """
    if value in (None, ""):
        return []
    items = value if isinstance(value, list) else re.split(f"[{re.escape(separators)}]", str(value))
    names = [clean(str(a)).strip("\"'“”") for a in items]
    return [n for n in names if n]


# -------------------------------------------------------------------------------------- plain text
def text_blocks(text: str) -> list[Block]:
    """Blocks from plain text: paragraphs separated by blank lines; ``>`` lines become excerpts.

    A run of lines starting with ``>`` is a quoted passage: an excerpt whose origin is the outlet in a
    first line ``> [!excerpt OUTLET]`` when there is one, else unknown. A line holding just ``>``
    separates its paragraphs. A text with no blank line at all has one paragraph per line.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    one_per_line = not any(not line.strip() for line in lines) and len(lines) > 1
    blocks: list[Block] = []
    kind, buf = None, []

    def flush():
        if not buf:
            return
        if kind == "para":
            if one_per_line:
                blocks.extend(Block([clean(line)]) for line in buf if clean(line))
            else:
                blocks.append(Block([clean(" ".join(buf))]))
            return
        content = [re.sub(r"^\s*>\s?", "", line) for line in buf]
        origin = None
        if content and (m := EXCERPT_HEADER.match(content[0].strip())):
            origin, content = m.group(1), content[1:]
        paras, cur = [], []
        for line in content + [""]:
            if line.strip():
                cur.append(line)
            elif cur:
                paras.append(clean(" ".join(cur)))
                cur = []
        if paras:
            blocks.append(Block(paras, excerpt=True, origin=origin))

    for line in lines:
        new = "quote" if line.strip().startswith(">") else ("blank" if not line.strip() else "para")
        if new != kind or new == "blank":
            flush()
            buf = []
        kind = new
        if new != "blank":
            buf.append(line)
    flush()
    return [b for b in blocks if b.paragraphs and any(b.paragraphs)]


def _looks_like_other_format(text: str, *, label: str) -> None:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body")):
        raise InputError(f"{label}: this looks like HTML; give the file a .html extension so its text is extracted")
    if head[:1] in "{[":
        try:
            json.loads(text)
        except ValueError:
            return
        raise InputError(f"{label}: this is JSON, not article text; for dataset records use --from-jsonl")


def _drop_title_paragraph(blocks: list[Block], title: str) -> list[Block]:
    """Drop a first paragraph that repeats the title (many exports start with it)."""
    if blocks and not blocks[0].excerpt and _norm(blocks[0].paragraphs[0]) == _norm(title):
        return blocks[1:]
    return blocks


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def draft_from_text(data: bytes, *, label: str, title: str | None = None) -> Draft:
    """A draft from a UTF-8 text file; the title is the first line unless ``title`` is given."""
    text = decode_utf8(data, label=label)
    _looks_like_other_format(text, label=label)
    if title is None:
        first, _, text = text.strip().partition("\n")
        title = clean(re.sub(r"^#+\s*|^title:\s*", "", first, flags=re.I))
        if not title or first.lstrip().startswith(">"):
            raise InputError(f"{label}: the first line is not a title; pass --title")
    blocks = _drop_title_paragraph(text_blocks(text), title)
    return Draft(label=label, meta={"title": title, "source_format": "txt"}, blocks=blocks,
                 raw_bytes=data, raw_suffix=".txt")


def draft_from_markdown(data: bytes, *, label: str) -> Draft:
    """A draft from a curated Markdown article with front matter; the file is added as is."""

    text = decode_utf8(data, label=label)
    front, body = split_front_matter(text)
    if front is None:
        raise InputError(f"{label}: a .md file must start with YAML front matter ('---' lines); for plain text use a .txt file")
    try:
        meta = schema.load_front_matter(front)[0]
    except schema.FrontMatterError as exc:
        v = exc.violations[0]
        raise InputError(f"{label}:{v.line}: front matter: {v.message}" if v.line else f"{label}: front matter: {v.message}") from None
    if not isinstance(meta, dict):
        raise InputError(f"{label}: the front matter must be 'field: value' lines")
    paragraphs, _ = parse_body(body, known_outlets=set())
    blocks = [Block([p.text], excerpt=p.voice == "excerpt", origin=p.origin_outlet) for p in paragraphs]
    return Draft(label=label, meta=meta, blocks=blocks, markdown=text, raw_bytes=None)


# -------------------------------------------------------------------------------------------- HTML
def _decode_html(data: bytes, *, label: str) -> str:
    if data.startswith(UTF16_BOMS):
        return decode_utf8(data, label=label)
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        pass
    m = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], flags=re.I)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_utf8(data, label=label)  # raises with the position of the bad byte


def parse_page(html: str, *, label: str):
    """The page's element tree (lxml), after checking its size against the ``html_elements`` and
    ``html_depth`` limits, before anything expensive reads it; None for a page lxml cannot parse."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - an unparsable page is left to trafilatura, which says it found no text
        return None
    count, depth, stack = 0, 0, [(root, 1)]
    while stack:  # iterative: a deeply nested page must not exhaust Python's recursion
        element, level = stack.pop()
        count, depth = count + 1, max(depth, level)
        if count > LIMITS.html_elements:
            raise InputError(f"{label}: the page has more than {LIMITS.html_elements:,} HTML elements, the limit "
                             f"(html_elements in {SOURCE}); save the article's own text as .txt instead")
        stack.extend((child, level + 1) for child in element)
    if depth > LIMITS.html_depth:
        raise InputError(f"{label}: HTML elements nested {exceeds('html_depth', depth)}; "
                         "save the article's own text as .txt instead")
    return root


def _page_blockquotes(root) -> list[tuple[str, str | None]]:
    """``(normalized text, cite)`` for each ``<blockquote>`` of the page: its cite attribute or ``<cite>``."""
    if root is None:
        return []
    found = []
    for bq in root.iter("blockquote"):
        cite = bq.get("cite")
        if not cite:
            inner = bq.find(".//cite")
            cite = clean(inner.text_content()) if inner is not None else None
        found.append((_norm(bq.text_content()), cite or None))
    return found


def last_sentence(paragraph: str) -> str:
    """The last sentence of a paragraph (split after . ! ? before a capital or opening quote)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", paragraph)
    return parts[-1] if parts else paragraph


def draft_from_html(data: bytes, *, label: str) -> Draft:
    """A draft from a web page: main text and metadata extracted with trafilatura.

    Page furniture (menus, footers, related links, comments) is dropped by trafilatura. Its XML output
    keeps blockquotes as ``<quote>``; each becomes an excerpt block carrying the page's cite attribute,
    from which (or from the sentence introducing it) :mod:`mediabias.ingest` infers the origin outlet.
    """
    import trafilatura
    from lxml import etree

    html = _decode_html(data, label=label)
    root = parse_page(html, label=label)
    # no extensive date search: it guesses from copyright lines ("© 2021" → 2021-01-01); a page
    # without a date in its metadata or URL needs --published instead
    xml = trafilatura.extract(html, output_format="xml", with_metadata=True, include_comments=False,
                              include_tables=False, include_images=False, include_links=False,
                              date_extraction_params={"extensive_search": False, "original_date": True})
    if not xml:
        raise InputError(f"{label}: no article text found in this page (trafilatura extracted nothing)")
    doc = etree.fromstring(xml.encode("utf-8"))
    title = clean(doc.get("title") or "")
    quotes = _page_blockquotes(root)
    blocks: list[Block] = []
    main = doc.find("main")
    for el in (main if main is not None else []):
        if el.tag == "quote":
            paras = [clean("".join(p.itertext())) for p in el.findall(".//p")] or [clean("".join(el.itertext()))]
            paras = [p for p in paras if p]
            if not paras:
                continue
            key = _norm(" ".join(paras))[:80]
            cite = next((c for qt, c in quotes if key and key in qt), None)
            blocks.append(Block(paras, excerpt=True, cite=cite))
        elif el.tag == "list":
            blocks.extend(Block([t]) for item in el.iter("item") if (t := clean("".join(item.itertext()))))
        else:
            text = clean("".join(el.itertext()))
            if not text or (el.tag == "head" and _norm(text) == _norm(title)):
                continue
            if text.startswith(">"):  # a quoted passage the page did not mark as a blockquote
                blocks.append(Block([clean(text.lstrip("> "))], excerpt=True))
            else:
                blocks.append(Block([text]))
    meta = {
        "title": title or None,
        "authors": split_authors(doc.get("author"), separators=";"),
        "published": doc.get("date"),
        "url": doc.get("url") if re.match(r"^https?://", doc.get("url") or "", flags=re.I) else None,
        "dek": clean(doc.get("description") or "") or None,
        "source_format": "html",
    }
    if meta["dek"] and blocks and _norm(meta["dek"]) in _norm(blocks[0].paragraphs[0]):
        meta["dek"] = None
    return Draft(label=label, meta=meta, blocks=blocks, raw_bytes=data, raw_suffix=Path(label).suffix.lower() or ".html",
                 outlet_hint=doc.get("sitename"), host=doc.get("hostname"))


# --------------------------------------------------------------------------------------- dispatch
SUFFIXES = {".html": "html", ".htm": "html", ".txt": "txt", ".md": "md", ".markdown": "md"}


def draft_from_file(path: Path, *, title: str | None = None, max_bytes: int = MAX_BYTES) -> Draft:
    """Read one file by its extension (``.html``/``.htm``, ``.txt``, ``.md``) into a draft."""
    label = str(path)
    if path.is_dir():
        raise InputError(f"{label}: is a folder, not a file; give the article files inside it (e.g. {label}/*.html)")
    if not path.exists():
        raise InputError(f"{label}: no such file")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{label}: unsupported file type {path.suffix or '(none)'!r}; "
                         "add .html, .htm, .txt or .md files, or dataset records with --from-jsonl")
    try:
        data = read_regular(path, max_bytes=max_bytes, too_large=lambda n: too_large(n, max_bytes))
    except UnreadableFile as exc:
        raise InputError(f"{label}: {exc}") from None
    check_bytes(data, label=label, max_bytes=max_bytes)
    if kind == "html":
        return check_draft(draft_from_html(data, label=label))
    if kind == "md":
        return check_draft(draft_from_markdown(data, label=label))
    return check_draft(draft_from_text(data, label=label, title=title))


def without_furniture(draft: Draft) -> Draft:
    """The draft without the page furniture of :mod:`mediabias.ingest.furniture`: whole furniture paragraphs
    dropped, hover cards cut out of the rest (a note on the draft and in its ``curation_note`` says how much). A
    Markdown article is added as is."""
    if draft.markdown is not None:
        return draft
    blocks, cards, dropped = [], 0, 0
    for b in draft.blocks:
        paras = []
        for p in b.paragraphs:
            if is_furniture(p):
                dropped += 1
                continue
            p, n = strip_name_cards(p)
            paras.append(p)
            cards += n
        if paras:
            blocks.append(dataclasses.replace(b, paragraphs=paras))
    if not cards and not dropped:
        return draft
    note = furniture_note(cards, dropped)
    meta = {**draft.meta, "curation_note": " ".join(filter(None, [draft.meta.get("curation_note"), note]))}
    return dataclasses.replace(draft, blocks=blocks, meta=meta, notes=[*draft.notes, note])


def check_draft(draft: Draft) -> Draft:
    """The draft without page furniture (:func:`without_furniture`), or an :class:`InputError` when its text is over
    the ``paragraphs`` or ``article_bytes`` limit that ``validate`` applies to article files (checked here, before
    planning reads the text again)."""
    draft = without_furniture(draft)
    n = sum(len(b.paragraphs) for b in draft.blocks)
    if n > LIMITS.paragraphs:
        raise InputError(f"{draft.label}: too many paragraphs: {exceeds('paragraphs', n)}")
    size = sum(len(p.encode("utf-8", "surrogatepass")) + 2 for b in draft.blocks for p in b.paragraphs)
    if size > LIMITS.article_bytes:
        raise InputError(f"{draft.label}: the article text is too large: {exceeds('article_bytes', size)}")
    return draft


# ------------------------------------------------------------------------------------ JSON records
#: How record fields become article fields by default; it fits the AllSides export of Baly et al.
#: (``ID, source, url, date, authors, title, topic, bias_text, content_original``). ``story`` has no
#: default: pass ``--story ID`` or map it (``--map story=topic``).
DEFAULT_MAPPING = {
    "title": "title", "published": "date", "authors": "authors", "url": "url", "outlet": "source",
    "body": "content_original", "record_id": "ID", "lean": "bias_text", "story": None,
}


def parse_where(spec: str) -> tuple[str, str, str]:
    """``FIELD=VALUE`` (equal, ignoring case) or ``FIELD~TEXT`` (contains, ignoring case)."""
    m = re.fullmatch(r"([^=~]+)([=~])(.*)", spec, flags=re.S)
    if not m:
        raise InputError(f"--where {quoted(spec)}: use FIELD=VALUE or FIELD~TEXT")
    return m.group(1).strip(), m.group(2), m.group(3).strip().lower()


def _matches(record: dict, where: list[tuple[str, str, str]]) -> bool:
    for field, op, value in where:
        got = str(record.get(field, "") or "").strip().lower()
        if (op == "=" and got != value) or (op == "~" and value not in got):
            return False
    return True


def iter_records(path: Path, *, where: list[tuple[str, str, str]] = (), limit: int | None = None,
                 max_bytes: int = LIMITS.jsonl_line_bytes):
    """Yield ``(line_number, raw_line_bytes, record)`` for the JSON Lines records matching ``where``.

    Gzip-compressed files are read directly (recognised by their first bytes, whatever the name). A
    line that is not a JSON object (or not UTF-8) is yielded with an :class:`InputError` as its record,
    so the caller decides whether to stop or skip it. Lines are read in bounded chunks: a line longer than
    ``max_bytes`` is skipped without being held whole (a 1 GB line in a small ``.gz`` costs no memory).
    """
    import gzip

    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a JSON Lines file")
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():  # a FIFO, socket or device: reading it could wait forever
        raise InputError(f"{path}: not a regular file (a FIFO, socket or device); give a JSON Lines file")
    with path.open("rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    opener = gzip.open if gz else open
    found = 0
    with opener(path, "rb") as fh:
        for no, line, length in _lines(fh, path, gz=gz, max_bytes=max_bytes):
            if limit is not None and found >= limit:
                return
            label = f"{path.name} line {no}"
            if line is None:
                found += 1
                yield no, b"", InputError(f"{label}: record too large: {exceeds('jsonl_line_bytes', length, limit=max_bytes)}")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(decode_utf8(line, label=label))
            except InputError as exc:
                record = exc
            except ValueError as exc:
                record = InputError(f"{label}: not a JSON object ({exc}); --from-jsonl reads one JSON object per line")
            except RecursionError:
                record = InputError(f"{label}: JSON nested too deeply to be an article record")
            if not isinstance(record, (dict, InputError)):
                record = InputError(f"{label}: not a JSON object; --from-jsonl reads one JSON object per line")
            if isinstance(record, InputError) or _matches(record, list(where)):
                found += 1
                yield no, line, record


def _lines(fh, path: Path, *, gz: bool, max_bytes: int):
    """:func:`~mediabias.corpus.files.bounded_lines`, with a damaged gzip stream as an :class:`InputError`."""
    try:
        yield from bounded_lines(fh, max_bytes=max_bytes)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"{path.name}: cannot be read{' as gzip' if gz else ''} ({exc}); "
                         "is the file complete?") from None


def _body_blocks(value) -> list[Block]:
    """Blocks from a body field: a string (paragraphs split on blank lines), a list of paragraphs, or
    a list of lists of sentences (one paragraph each)."""
    if isinstance(value, list):
        paras = [clean(" ".join(map(str, p)) if isinstance(p, list) else str(p)) for p in value]
        return [Block([p[1:].strip()], excerpt=True) if p.startswith(">") else Block([p]) for p in paras if p]
    return text_blocks(str(value or ""))


def draft_from_record(record: dict, raw_line: bytes, *, label: str, mapping: dict | None = None,
                      source_name: str = "") -> Draft:
    """A draft from one JSON record, its fields read through ``mapping`` (see :data:`DEFAULT_MAPPING`)."""
    m = {**DEFAULT_MAPPING, **(mapping or {})}

    def get(key):
        return record.get(m[key]) if m.get(key) else None

    mapped = {key: get(key) for key in DEFAULT_MAPPING if m.get(key) and m[key] in record}
    if wrong := schema.check_record(mapped):
        raise InputError(f"{label}: " + "; ".join(f"field {m[v.field.split('[')[0]]!r} ({v.field}): {v.message}" for v in wrong))

    body = get("body")
    if body in (None, "", []):
        raise InputError(f"{label}: no article text in field {m['body']!r}; map another field with --map body=FIELD")
    title = clean(str(get("title") or "")) or None
    blocks = _body_blocks(body)
    if title:
        blocks = _drop_title_paragraph(blocks, title)
    meta = {
        "title": title,
        "published": parse_date(get("published"), label=f"{label}: {m['published']}"),
        "authors": split_authors(get("authors")),
        "url": (str(get("url")).strip() or None) if get("url") else None,
        "source_format": "jsonl",
    }
    if m.get("story") and get("story") not in (None, ""):
        meta["story"] = str(get("story"))
    rid = get("record_id")
    where = f"record {m['record_id']}={rid}" if rid not in (None, "") else label
    meta["provenance_note"] = f"Imported from {source_name or 'a JSON Lines file'}, {where}."
    outlet = get("outlet")
    return check_draft(Draft(label=label, meta=meta, blocks=blocks, raw_bytes=raw_line + b"\n", raw_suffix=".json",
                             outlet_hint=str(outlet) if outlet not in (None, "") else None,
                             lean_hint=str(get("lean")) if get("lean") not in (None, "") else None))
