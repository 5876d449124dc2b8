"""The article file as text: YAML front matter and the Markdown body with excerpt markup."""

from __future__ import annotations

import yaml

from mediabias.ingest.extract import Block
from mediabias.corpus.markup import UNKNOWN_ORIGIN

#: Front-matter fields in the order they are written.
FIELD_ORDER = ("id", "title", "outlet", "authors", "published", "date_note", "url", "story", "dek", "raw",
               "source_format", "provenance_note", "curation_note")


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
