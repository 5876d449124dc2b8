"""One name per person: the names the entity recogniser finds in an article, joined to the person they name.

Used by :mod:`mediabias.sentiment.actors` for articles whose story has no actor list. Rules, within one article:

* titles are dropped and the possessive cut (``President Obama’s`` → ``Obama``,
  :func:`mediabias.sources.speakers.strip_titles`); a middle initial is dropped (``Joseph R. Smith`` →
  ``Joseph Smith``) unless the name is listed in ``resources/persons.yaml``;
* a form listed in ``resources/persons.yaml`` is that person (``Obama`` → ``Barack Obama``, also beside
  ``Michelle Obama``; ``Donald J. Trump`` → ``Donald Trump``), also when the recogniser tagged it an
  organisation or a place;
* any other surname is the article's full name that ends with it, when only one person of the article has that
  surname (:func:`mediabias.sources.speakers.merge_short_names`: ``Kemp`` → ``Richard Kemp``; with Mary and
  Fred Kemp both named, ``Kemp`` stays ``Kemp``);
* a full name is never rewritten into another full name (``Barack Obama`` stays Barack Obama beside
  ``Michelle Obama``).

Example:
    >>> person_names([("Obama", "PERSON"), ("Michelle Obama", "PERSON"), ("Trump", "ORG")])
    {'Michelle Obama': 'Michelle Obama', 'Obama': 'Barack Obama', 'Trump': 'Donald Trump'}
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

from mediabias.sources.speakers import merge_short_names, strip_titles

MIDDLE_INITIAL = re.compile(r"(?<=\S)\s+[A-Z]\.(?=\s+\S)")


@functools.lru_cache(maxsize=1)
def listed_forms() -> dict[str, str]:
    """``{form: canonical name}`` from ``resources/persons.yaml``; every canonical name is a form of itself."""
    return parse_forms(yaml.safe_load(resources.files("mediabias.resources").joinpath("persons.yaml").read_text("utf-8")))


def parse_forms(raw: dict) -> dict[str, str]:
    """``{form: canonical name}`` from the parsed YAML (``{"persons": {name: [forms]}}``); a form listed for two
    persons is an error, since the list could not say who it names."""
    if not isinstance(raw, dict) or not isinstance(raw.get("persons"), dict):
        raise ValueError("persons.yaml: expected a mapping 'persons: {canonical name: [other forms]}'")
    forms: dict[str, str] = {}
    for name, others in raw["persons"].items():
        if not isinstance(others, list):
            raise ValueError(f"persons.yaml: the forms of {name!r} must be a list, got {others!r}")
        for form in [name, *others]:
            if forms.setdefault(str(form), str(name)) != str(name):
                raise ValueError(f"persons.yaml: the form {form!r} is listed for {forms[str(form)]!r} and {name!r}")
    return forms


def normal_form(name: str) -> str:
    """``name`` without titles, possessive or middle initials (unless the name is listed as it is)."""
    name = strip_titles(name)
    if name in listed_forms():
        return name
    return MIDDLE_INITIAL.sub("", name) if len(name.split()) >= 3 else name


def person_names(entities: list[tuple[str, str]]) -> dict[str, str]:
    """``{entity text: person name}`` for the entities of one article that name a person.

    Args:
        entities: ``(text, label)`` of the article's entities, labels as spaCy's (``PERSON``, ``ORG``, ``GPE``,
            ``NORP`` ...). Texts are looked up as given, so pass them as the caller will.

    Returns:
        Keys in sorted order, one per entity text that names a person: every ``PERSON`` entity, any entity whose
        text is a form of ``resources/persons.yaml``, and any entity whose text is the surname of a ``PERSON``
        of the article (the recogniser tags "Scholz" a place beside "Olaf Scholz"). Texts that name no person
        are absent.
    """
    forms = listed_forms()
    normal = {text: normal_form(text) for text, _ in entities}
    named = {normal[text] for text, label in entities if label == "PERSON" and normal[text]}
    merged = merge_short_names(sorted(set(normal.values()) - {""}))
    out = {}
    for text in sorted(normal):
        name = normal[text]
        if name in forms:
            out[text] = forms[name]
        elif merged.get(name, name) in named:  # a person's name, or their surname (under any tag)
            out[text] = merged.get(name, name)
        elif name in named:  # a surname shared by several persons of the article stays as it is
            out[text] = name
    return out
