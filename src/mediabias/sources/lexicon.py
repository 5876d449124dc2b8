"""The sources lexicons, at the bottom of the package: reporting verbs and nouns (``resources/reporting_verbs.csv``,
``resources/reporting_nouns.csv``), the source-type codebook (``resources/source_types.yaml``), and the word lists
(titles, honorifics, pronouns) that the parse helpers and the speaker rules share.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from importlib import resources

import pandas as pd
import yaml

TITLE_WORDS = {
    "mr", "mrs", "ms", "dr", "prof", "professor", "sen", "senator", "rep", "representative", "gov", "governor",
    "gen", "general", "col", "colonel", "lt", "maj", "major", "capt", "captain", "adm", "admiral", "sgt",
    "brigadier", "ret", "retired", "president", "vice", "secretary", "ambassador", "chairman", "chairwoman",
    "minister", "prime", "supreme", "leader", "spokesman", "spokeswoman", "spokesperson", "judge", "justice",
    "sir", "lord", "rev", "pope", "king", "queen", "prince", "sheikh", "ayatollah", "former", "defense", "state",
    "us", "u.s.", "chief", "deputy", "house", "senate", "armed", "services", "the", "iraqi", "iranian", "israeli",
    "american", "british", "democratic", "republican", "candidate", "nominee", "speaker", "mayor", "attorney",
    "director", "commander", "army", "navy", "gop", "dem", "de", "sen.", "rep.",
}
HONORIFICS = {"the", "a", "an", "mr", "mrs", "ms", "dr", "prof", "col", "gen", "lt", "maj", "capt", "adm", "sgt",
              "sir", "rev", "ret"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
PLURAL_PRONOUNS = {"they", "them", "their"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}
#: Quantifiers that stand for people as a subject ("Some argued ...", "many here still call it ...").
QUANTIFIERS = {"some", "others", "many", "most", "several", "few", "both", "all", "everyone", "nobody", "none"}
ALL_PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | RELATIVE_PRONOUNS | {"i", "we", "you", "it", "me", "us", "one"}


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> pd.DataFrame:
    """The reporting-verb lexicon: one row per lemma with ``verb, cue_class, category, note``."""
    raw = resources.files("mediabias.resources").joinpath("reporting_verbs.csv").read_text(encoding="utf-8")
    body = "\n".join(line for line in raw.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body)))
    table = pd.DataFrame(rows).fillna("")
    return table.drop_duplicates("verb").set_index("verb", drop=False)


@functools.lru_cache(maxsize=1)
def reporting_nouns() -> pd.DataFrame:
    """Nominal cues (``claim``, ``call``, ``criticism`` ...): ``noun, cue_class, category``, indexed by noun."""
    raw = resources.files("mediabias.resources").joinpath("reporting_nouns.csv").read_text(encoding="utf-8")
    body = "\n".join(line for line in raw.splitlines() if not line.startswith("#"))
    return pd.DataFrame(list(csv.DictReader(io.StringIO(body)))).set_index("noun", drop=False)


@functools.lru_cache(maxsize=1)
def reporting_adverbs() -> pd.DataFrame:
    """Sourceless adverbial cues (``reportedly``): ``adverb, cue_class, category``, indexed by adverb."""
    raw = resources.files("mediabias.resources").joinpath("reporting_adverbs.csv").read_text(encoding="utf-8")
    body = "\n".join(line for line in raw.splitlines() if not line.startswith("#"))
    return pd.DataFrame(list(csv.DictReader(io.StringIO(body)))).set_index("adverb", drop=False)


@functools.lru_cache(maxsize=1)
def source_codebook() -> dict:
    """The source-type codebook (``types`` in priority order, ``anonymous_cues``) with compiled patterns."""
    raw = resources.files("mediabias.resources").joinpath("source_types.yaml").read_text(encoding="utf-8")
    book = yaml.safe_load(raw)
    for entry in book["types"]:
        entry["pattern"] = re.compile(r"(?<![\w])(?:" + "|".join(entry["cues"]) + r")(?![\w])", re.IGNORECASE)
    return book
