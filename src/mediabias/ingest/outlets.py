"""Which outlet an input comes from, and whose words each excerpt is (outlet names, web hosts, cites)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from mediabias.ingest.extract import Block, last_sentence
from mediabias.ingest.index import CorpusIndex, name_key
from mediabias.corpus.limits import quoted
from mediabias.corpus.markup import UNKNOWN_ORIGIN

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
            oid = host_outlet(urlsplit(b.cite).netloc, index) if re.match(r"^https?://", b.cite, flags=re.I) else match_outlet(b.cite, outlets)
            if oid:
                b.origin, how = oid, f"the cite {quoted(b.cite)}"
        intro = b.intro or (last_sentence(blocks[i - 1].paragraphs[-1]) if i and not blocks[i - 1].excerpt else None)
        if not how and intro and (named := [o for o in outlets_in(intro, outlets) if o != publisher]):
            b.origin, how = named[-1], f"the introducing sentence {intro[:70]!r}"
        if how:
            notes.append(f"excerpt {n} ({b.paragraphs[0][:40]!r}…): origin {b.origin}, from {how}")
        else:
            clue = f" (the page cites {quoted(b.cite)}, not an outlet of outlets.csv)" if b.cite else ""
            b.origin = UNKNOWN_ORIGIN
            notes.append(f"excerpt {n} ({b.paragraphs[0][:40]!r}…): origin unknown{clue}; "
                         "replace '[!excerpt unknown]' with the outlet id if you know it")
    return notes
