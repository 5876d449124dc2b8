"""The article body markup: paragraphs, and blockquoted excerpts that name their origin outlet.

```
The blogger's own paragraph.

> [!excerpt nyt]
> First excerpted paragraph.
>
> Second excerpted paragraph.
```

:func:`parse_body` turns a body into :class:`Paragraph` records with character offsets into the plain
text (paragraphs joined by a blank line), and reports markup problems as messages.
"""

from __future__ import annotations

import dataclasses
import re

from mediabias.corpus.limits import quoted

EXCERPT_HEADER = re.compile(r"^\[!excerpt\s+([^\]\s]+)\s*\]\s*$")
UNKNOWN_ORIGIN = "unknown"
PARAGRAPH_SEPARATOR = "\n\n"


@dataclasses.dataclass(frozen=True)
class Paragraph:
    """One paragraph of plain text: offsets into the article text, voice and origin."""

    index: int
    start: int
    end: int
    text: str
    voice: str                 # "author" | "excerpt"
    origin_outlet: str | None  # the excerpted outlet; None for the author's own words
    block: int                 # index of the Markdown block (an excerpt block may hold several paragraphs)


def _blocks(body: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Group lines into ('para' | 'quote', [(line_no, line)]) blocks."""
    blocks: list[tuple[str, list[tuple[int, str]]]] = []
    current: tuple[str, list] | None = None
    for no, line in enumerate(body.splitlines(), start=1):
        stripped = line.strip()
        kind = "quote" if stripped.startswith(">") else ("blank" if not stripped else "para")
        if kind == "blank":
            current = None
            continue
        if current is None or current[0] != kind:
            current = (kind, [])
            blocks.append(current)
        current[1].append((no, line))
    return blocks


def parse_body(body: str, *, known_outlets: set[str]) -> tuple[list[Paragraph], list[str]]:
    """Parse a Markdown body into paragraphs; return ``(paragraphs, problems)``.

    Problems (each a message naming the body line): a blockquote without an ``[!excerpt OUTLET]``
    header, a header with no quoted text, a header naming an unknown outlet, a header outside a
    blockquote or in the middle of one.
    """
    problems: list[str] = []
    pieces: list[tuple[str, str | None, int]] = []  # (text, origin, block)
    for b, (kind, lines) in enumerate(_blocks(body)):
        first_no = lines[0][0]
        if kind == "para":
            for no, line in lines:
                if EXCERPT_HEADER.match(line.strip()):
                    problems.append(f"line {no}: excerpt header {quoted(line.strip())} outside a blockquote; start the line with '> '")
            text = " ".join(line.strip() for _, line in lines)
            pieces.append((text, None, b))
            continue
        content = [(no, re.sub(r"^\s*>\s?", "", line)) for no, line in lines]
        header = EXCERPT_HEADER.match(content[0][1].strip())
        if not header:
            problems.append(
                f"line {first_no}: unbalanced excerpt markup: blockquote without an excerpt header; "
                "its first line must be '> [!excerpt OUTLET_ID]' (or '> [!excerpt unknown]')"
            )
            continue
        origin = header.group(1)
        if origin != UNKNOWN_ORIGIN and origin not in known_outlets:
            problems.append(f"line {first_no}: excerpt from unknown outlet {quoted(origin)}; known: {', '.join(sorted(known_outlets))} or 'unknown'")
        for no, line in content[1:]:
            if EXCERPT_HEADER.match(line.strip()):
                problems.append(f"line {no}: unbalanced excerpt markup: a second excerpt header inside one blockquote; separate excerpts with a blank line")
        paras, buf = [], []
        for _, line in content[1:] + [(None, "")]:
            if line.strip():
                buf.append(line.strip())
            elif buf:
                paras.append(" ".join(buf))
                buf = []
        paras = [p for p in paras if not EXCERPT_HEADER.match(p)]
        if not paras:
            problems.append(f"line {first_no}: unbalanced excerpt markup: excerpt header with no quoted text after it")
            continue
        pieces.extend((p, origin, b) for p in paras)

    paragraphs, offset = [], 0
    for i, (text, origin, block) in enumerate(pieces):
        voice = "author" if origin is None else "excerpt"
        paragraphs.append(Paragraph(i, offset, offset + len(text), text, voice, origin, block))
        offset += len(text) + len(PARAGRAPH_SEPARATOR)
    return paragraphs, problems
