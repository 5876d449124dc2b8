"""The typed schema of an article's front matter and of an imported JSON record, and a YAML reader that
refuses what could take a corpus down.

Front matter is read by :func:`load_front_matter`, which walks the YAML *events* before building
anything: an alias or anchor (``&a``/``*a``, the "billion laughs" expansion), a tag outside YAML's core
schema (``!!python/object``, ``!custom``), a duplicate field or nesting deeper than
:data:`MAX_DEPTH` is refused before any value is constructed, so a small file cannot expand into
gigabytes. The values are then checked by :class:`FrontMatter`, a pydantic (v2) model in strict mode:
no silent coercion (``id: 123`` is refused, not turned into ``"123"``), ids, outlets and stories are
full-match slugs (a trailing newline is not "a slug followed by the end"), texts are strings of bounded
length without control characters, ``published`` is a date, ``raw`` names a file directly inside the
corpus's ``raw/`` folder.

Why pydantic: it is the maintained, widely used validator for typed records in Python (v2's core is
compiled and fast enough to check every file on every load), its strict mode refuses the implicit
conversions that let ``id: 123`` or a dict title through, and each error carries the field it is about,
which :func:`check_front_matter` turns into one line naming the file's line.

Every problem is a :class:`Violation` ``(line, field, message)``; ``line`` counts from the top of the
file (the opening ``---`` is line 1), ``None`` for a field that is missing.

Example:
    >>> meta, lines = load_front_matter("id: a\\ntitle: T\\n")
    >>> lines["title"]
    3
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from mediabias.corpus.limits import LIMITS

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAX_FRONT_MATTER = LIMITS.front_matter_bytes  # bytes of YAML; the seeds' front matter is under 1 kB
MAX_DEPTH = 4                  # nesting of YAML collections (front matter needs 2: a list in a mapping)
MAX_TITLE = 500
MAX_NAME = 200
MAX_AUTHORS = 50
MAX_NOTE = 4000
MAX_URL = 2048
MAX_ID = 120
#: YAML core-schema tags; any other tag (``!!python/...``, ``!foo``, ``!!binary``) is refused.
STANDARD_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclasses.dataclass(frozen=True)
class Violation:
    """One problem with a front matter or record: the file line (or None), the field, the message."""

    line: int | None
    field: str
    message: str


class FrontMatterError(ValueError):
    """The front matter cannot be read at all; ``violations`` says where and why."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        super().__init__("; ".join(f"line {v.line}: {v.message}" if v.line else v.message for v in violations))


# ------------------------------------------------------------------------------------ reading YAML
def _mark_line(mark, first_line: int) -> int | None:
    return first_line + mark.line if mark is not None else None


def load_front_matter(front: str, *, first_line: int = 2) -> tuple[Any, dict[str, int]]:
    """Parse front matter YAML safely; return ``(value, {field: line in the file})``.

    ``first_line`` is the file line of the YAML's first line (2: after the opening ``---``). Raises
    :class:`FrontMatterError` for malformed YAML, aliases or anchors, non-standard tags, duplicate
    fields, deep nesting, or more than :data:`MAX_FRONT_MATTER` bytes.
    """
    size = len(front.encode("utf-8", "surrogatepass"))
    if size > MAX_FRONT_MATTER:
        raise FrontMatterError([Violation(first_line, "", f"front matter of {size:,} bytes is too large "
                                                            f"(at most {MAX_FRONT_MATTER:,})")])
    try:
        depth = 0
        for event in yaml.parse(front, Loader=_LOADER):
            line = _mark_line(event.start_mark, first_line)
            if isinstance(event, yaml.AliasEvent):
                raise FrontMatterError([Violation(line, "", f"YAML alias '*{event.anchor}': aliases and anchors "
                                                            "are refused; write the value out")])
            if getattr(event, "anchor", None):
                raise FrontMatterError([Violation(line, "", f"YAML anchor '&{event.anchor}': aliases and anchors "
                                                            "are refused; write the value out")])
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in STANDARD_TAGS and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
                raise FrontMatterError([Violation(line, "", f"YAML tag {tag!r} is refused; write plain values "
                                                            "(text, numbers, dates, lists)")])
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise FrontMatterError([Violation(line, "", f"YAML nested more than {MAX_DEPTH} levels deep")])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        node = yaml.compose(front, Loader=_LOADER)
        lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
                line = _mark_line(key.start_mark, first_line)
                if name in lines:
                    raise FrontMatterError([Violation(line, name, f"field {name!r} given twice (also line {lines[name]})")])
                lines[name] = line
        value = yaml.load(front, Loader=_LOADER) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, cmark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and cmark is not None and mark is not None and cmark.line != mark.line:
            problem += f" ({context} started on line {_mark_line(cmark, first_line)})"
        raise FrontMatterError([Violation(_mark_line(mark, first_line), "", f"malformed YAML: {problem}")]) from None
    except RecursionError:
        raise FrontMatterError([Violation(first_line, "", "YAML nested too deeply")]) from None
    return value, lines


# ------------------------------------------------------------------------------------ field types
#: Characters that change the displayed order of text (the "Trojan Source" bidirectional controls, CVE-2021-42574)
#: or show as nothing (zero-width spaces and joiners, the word joiner, a byte-order mark inside text): in a title or
#: a name they make two values look alike or one look like another, so front matter refuses them.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")
INVISIBLE = BIDI_CONTROLS | ZERO_WIDTH


def invisible_characters(text: str) -> list[str]:
    """The direction-changing and zero-width characters in ``text`` (see :data:`INVISIBLE`), in order."""
    return [ch for ch in text if ch in INVISIBLE]


def _no_controls(value: str, *, multiline: bool) -> str:
    for ch in value:
        if ch in "\t" or (multiline and ch in "\n\r"):
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc" or cat in ("Zl", "Zp") or cat == "Cs":
            raise ValueError(f"contains the control character U+{ord(ch):04X}; remove it")
        if ch in INVISIBLE:
            kind = "direction-changing" if ch in BIDI_CONTROLS else "invisible"
            raise ValueError(f"contains the {kind} character U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')}); remove it")
    return value


def _line_text(value: str) -> str:
    _no_controls(value, multiline=False)
    if not value.strip():
        raise ValueError("is empty")
    return value


def shown(value, limit: int = 60) -> str:
    """``repr(value)``, cut to ``limit`` characters with "..." so that a message about a huge value stays one short
    line.

    >>> shown("0" * 100)
    "'00000000000000000000000000000000000000000000000000000000..."
    """
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _note_text(value: str) -> str:
    return _no_controls(value, multiline=True)


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError(f"{shown(value)} is not a valid id (lowercase letters, digits, - and _)")
    return value


def _date(value):
    if isinstance(value, dt.datetime):
        raise ValueError(f"bad date {shown(value)}: use an ISO date YYYY-MM-DD (a date, without a time)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"bad date {shown(value)}: use an ISO date YYYY-MM-DD")


def _url(value: str) -> str:
    _no_controls(value, multiline=False)
    if not re.match(r"https?://[^\s/]", value, flags=re.I) or re.search(r"\s", value):
        raise ValueError(f"{shown(value)} is not an http(s) URL")
    return value


def _raw(value: str) -> str:
    _no_controls(value, multiline=False)
    m = re.fullmatch(r"raw/([^/\\]+)", value)
    if not m or m.group(1) in (".", "..") or m.group(1) == "SHA256SUMS":
        raise ValueError(f"{shown(value)} must name a file directly inside the corpus's raw/ folder, e.g. raw/FILE.txt")
    return value


Slug = Annotated[str, Field(max_length=MAX_ID), AfterValidator(_slug)]
Title = Annotated[str, Field(max_length=MAX_TITLE), AfterValidator(_line_text)]
Name = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_line_text)]
Note = Annotated[str, Field(max_length=MAX_NOTE), AfterValidator(_note_text)]
Url = Annotated[str, Field(max_length=MAX_URL), AfterValidator(_url)]
RawPath = Annotated[str, Field(max_length=MAX_ID + 40), AfterValidator(_raw)]
Date = Annotated[dt.date, BeforeValidator(_date)]


class FrontMatter(BaseModel):
    """The fields of an article's front matter (see ``corpus/README.md``); unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: Slug
    title: Title
    outlet: Annotated[str, Field(max_length=60), AfterValidator(_slug)]
    published: Date
    story: Slug
    authors: Annotated[list[Name], Field(max_length=MAX_AUTHORS)] | None = None
    url: Url | None = None
    raw: RawPath | None = None
    date_note: Note | None = None
    dek: Note | None = None
    provenance_note: Note | None = None
    curation_note: Note | None = None
    source_format: Literal["html", "txt", "md", "jsonl"] | None = None


REQUIRED = tuple(n for n, f in FrontMatter.model_fields.items() if f.is_required())
OPTIONAL = tuple(n for n, f in FrontMatter.model_fields.items() if not f.is_required())


def _message(err: dict) -> str:
    kind, value = err["type"], err.get("input")
    value_shown = shown(value)
    if kind == "missing" or (value is None and kind.endswith("_type")):
        return "missing required field"
    if kind in ("string_type", "str_type"):
        return f"must be text, not {type(value).__name__} {value_shown} (quote it: '...')"
    if kind == "string_too_long":
        return f"is {len(value):,} characters long; at most {err['ctx']['max_length']:,}"
    if kind == "too_long":
        return f"has {len(value):,} items; at most {err['ctx']['max_length']:,}"
    if kind == "list_type":
        return f"must be a list of names, e.g. [\"Josh Rogin\"], not {type(value).__name__} {value_shown}"
    if kind == "literal_error":
        return f"{value_shown} is not one of {err['ctx']['expected']}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    return f"{err['msg']} (got {value_shown})"


def violations_of(model: type[BaseModel], data: dict, lines: dict[str, int] | None = None) -> tuple[BaseModel | None, list[Violation]]:
    """Validate ``data`` against ``model``; return ``(instance, [])`` or ``(None, violations)``."""
    lines = lines or {}
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        found, unknown = [], []
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            field = str(loc[0]) if loc else ""
            if err["type"] == "extra_forbidden":
                unknown.append(field)
                continue
            where = field + "".join(f"[{p}]" for p in loc[1:] if isinstance(p, int))
            found.append(Violation(lines.get(field), where, _message(err)))
        if unknown:
            allowed = ", ".join(REQUIRED + OPTIONAL) if model is FrontMatter else ", ".join(model.model_fields)
            found.append(Violation(lines.get(unknown[0]), ", ".join(unknown), f"unknown field(s); allowed: {allowed}"))
        # one line per field: pydantic reports each member of a union; keep the first message
        seen, unique = set(), []
        for v in found:
            if v.field not in seen:
                seen.add(v.field)
                unique.append(v)
        return None, unique


def check_front_matter(meta: dict, lines: dict[str, int] | None = None) -> tuple[dict | None, list[Violation]]:
    """Check front matter values; return ``(normalised fields, [])`` or ``(None, violations)``.

    The normalised fields have ``published`` as an ISO date string and ``authors`` as a list.
    """
    if not isinstance(meta, dict) or not all(isinstance(k, str) for k in meta):
        return None, [Violation(None, "front matter", "must be a set of 'field: value' lines")]
    model, found = violations_of(FrontMatter, meta, lines)
    if found:
        return None, found
    out = dict(meta)
    out["published"] = model.published.isoformat()
    out["authors"] = list(model.authors or [])
    return out, []


# ------------------------------------------------------------------------------------ JSON records
Body = str | Annotated[list[str | list[str]], Field(max_length=100_000)]


class Record(BaseModel):
    """The article fields read from one JSON record (after ``--map``); other record fields are ignored."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: Annotated[str, Field(max_length=MAX_TITLE * 4)] | None = None
    published: Annotated[str, Field(max_length=64)] | None = None
    authors: Annotated[str, Field(max_length=MAX_NAME * MAX_AUTHORS)] | Annotated[list[Annotated[str, Field(max_length=MAX_NAME)]], Field(max_length=MAX_AUTHORS)] | None = None
    url: Annotated[str, Field(max_length=MAX_URL)] | None = None
    outlet: Annotated[str, Field(max_length=MAX_NAME)] | None = None
    story: Annotated[str, Field(max_length=MAX_NAME)] | None = None
    body: Body | None = None
    record_id: Annotated[str, Field(max_length=MAX_NAME)] | int | None = None
    lean: Annotated[str, Field(max_length=MAX_NAME)] | None = None


def check_record(fields: dict) -> list[Violation]:
    """Violations of the mapped record fields (``{article key: record value}``), each naming the key."""
    return violations_of(Record, fields)[1]
