"""Page furniture that scrapes leave inside the text, removed when an article is added.

Two kinds (``resources/text_furniture.yaml``). Whole paragraphs that are furniture (``paragraphs``: "Story
Continued Below", "ADVERTISEMENT", newsletter sign-ups, copyright lines), listed from the paragraphs the AllSides
collection repeats most. And The Hill's hover cards (``resources/text_furniture.yaml``, ``name_card``): after a politician's
name the page hides the formal name and the site's latest headlines about the person, ending in a "MORE" link, and
scrapes flatten the card into the sentence ("Rep. Jim Jordan James (Jim) Daniel JordanGraham says ... MORE
(R-Ohio)"). Read as the writer's words, the headlines would count toward the article's stance, frames and loaded
language. The name as written is kept; the raw capture keeps every byte; the article's ``curation_note`` says how
many cards went. Written here rather than left to trafilatura because the cards arrive inside dataset records
(the AllSides collection), already flattened into the text.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml


@functools.cache
def _rules() -> dict:
    raw = resources.files("mediabias.resources").joinpath("text_furniture.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(raw)


@functools.cache
def _name_cards() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(_rules()["name_card"][key]) for key in ("glued", "spaced"))


@functools.cache
def _furniture_paragraph() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _rules()["paragraphs"]))


def is_furniture(paragraph: str) -> bool:
    """Whether the whole ``paragraph`` is page furniture (``paragraphs`` of the rules).

    Example:
        >>> is_furniture("Story Continued Below"), is_furniture("The story continued below the fold.")
        (True, False)
    """
    return _furniture_paragraph().fullmatch(paragraph.strip()) is not None


def strip_name_cards(paragraph: str) -> tuple[str, int]:
    """``paragraph`` without hover cards, and how many were removed.

    Example:
        >>> strip_name_cards("Rep. Jim Jordan James (Jim) Daniel JordanGraham says Schiff should testify MORE (R-Ohio) spoke.")
        ('Rep. Jim Jordan (R-Ohio) spoke.', 1)
    """
    removed = 0
    if " MORE" not in paragraph:  # every card ends so: most paragraphs are not searched at all
        return paragraph, 0
    for pattern in _name_cards():
        paragraph, n = pattern.subn(lambda m: m.group("keep"), paragraph)
        removed += n
    return paragraph, removed


def curation_note(n_cards: int, n_paragraphs: int = 0) -> str:
    """The note an article carries when ``n_cards`` hover cards and ``n_paragraphs`` furniture paragraphs went."""
    parts = ([f"{n_paragraphs} paragraph(s) of page furniture (advertisement and newsletter lines and the like)"]
             if n_paragraphs else [])
    parts += ([f"{n_cards} hover card(s) of page furniture (a formal name, the site's headlines about the person and "
               "'MORE', flattened into the text after a name)"] if n_cards else [])
    return f"Removed {' and '.join(parts)} (resources/text_furniture.yaml); the raw capture keeps them."
