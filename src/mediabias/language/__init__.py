"""Notebook 04: loaded language and vocabulary.

* :mod:`.cues`: the literature cue classes per sentence (lexicons in ``resources/loaded_language.yaml``);
* :mod:`.model`: the shipped loaded-language model (features, probability, threshold);
* :mod:`.table`: the per-sentence corpus table that joins both;
* :mod:`.vocab`: distinctive words per outlet (log-odds with an informative prior);
* :mod:`.readability`: Flesch reading ease per article and voice;
* :mod:`.distant`: the distant labels the model is trained on (opinion vs news sentences of AllSides).
"""

from mediabias.language.cues import CUES, LEXICAL, STRUCTURAL, cue_spans, load_lexicons, loaded_language, loaded_language_spans
from mediabias.language.table import loaded_language_table

__all__ = ["CUES", "LEXICAL", "STRUCTURAL", "cue_spans", "load_lexicons", "loaded_language", "loaded_language_spans",
           "loaded_language_table"]
