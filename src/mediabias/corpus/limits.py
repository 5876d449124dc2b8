"""The declared input limits (``resources/limits.yaml``) and the cap on quoted input in messages.

One set of limits serves ``mediabias add`` (checked on each input before the expensive work: extraction,
planning) and ``mediabias validate`` / ``analyze`` (checked on each article file before it is read), so an
article that ``add`` would refuse cannot enter the corpus by being copied into ``articles/``.

Example:
    >>> LIMITS.paragraphs
    20000
    >>> exceeds("paragraphs", 25_000)
    '25,000 paragraphs; the limit is 20,000 paragraphs (paragraphs in mediabias/resources/limits.yaml)'
"""

from __future__ import annotations

import dataclasses
from importlib import resources

import yaml

SOURCE = "mediabias/resources/limits.yaml"
#: characters of an input quoted in a message (an id, a name, a line), and of one message line
QUOTE_CHARS = 80
MESSAGE_CHARS = 1000


@dataclasses.dataclass(frozen=True)
class Limits:
    """The limits of ``resources/limits.yaml`` (each field documented there)."""

    article_bytes: int
    paragraphs: int
    input_bytes: int
    html_elements: int
    html_depth: int
    jsonl_line_bytes: int
    front_matter_bytes: int


def load_limits() -> Limits:
    """Read ``resources/limits.yaml``; every field must be a positive whole number."""
    raw = yaml.safe_load(resources.files("mediabias.resources").joinpath("limits.yaml").read_text("utf-8"))
    names = [f.name for f in dataclasses.fields(Limits)]
    if not isinstance(raw, dict) or sorted(raw) != sorted(names):
        raise ValueError(f"{SOURCE}: expected exactly the fields {', '.join(names)}")
    bad = [k for k, v in raw.items() if not isinstance(v, int) or isinstance(v, bool) or v < 1]
    if bad:
        raise ValueError(f"{SOURCE}: {', '.join(bad)} must be positive whole numbers")
    return Limits(**raw)


LIMITS = load_limits()


def _amount(name: str, value: float) -> str:
    if name.endswith("_bytes"):
        return f"{value / 1e6:.1f} MB" if value >= 100_000 else f"{value:,.0f} bytes"
    return f"{value:,.0f} {name.removeprefix('html_').replace('_', ' ')}" if name != "html_depth" else f"{value:,.0f} levels"


def exceeds(name: str, value: float, *, limit: float | None = None) -> str:
    """The message for ``value`` over the limit ``name``: the amount, the limit, and where it is declared."""
    limit = getattr(LIMITS, name) if limit is None else limit
    return f"{_amount(name, value)}; the limit is {_amount(name, limit)} ({name} in {SOURCE})"


def quoted(value, *, limit: int = QUOTE_CHARS) -> str:
    """``repr(value)``, cut to ``limit`` characters with an ellipsis before its closing quote.

    >>> quoted("x" * 200, limit=12)
    "'xxxxxxxxx…'"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


def one_line(message: str, *, limit: int = MESSAGE_CHARS) -> str:
    """A message as one line of at most ``limit`` characters: line breaks shown as ``⏎``, the middle of a
    longer message (usually a quoted input) replaced by an ellipsis, so its start and its advice stay."""
    text = str(message).replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
    if len(text) <= limit:
        return text
    tail = limit // 4
    return text[: limit - tail - 1] + "…" + text[-tail:]
