"""The data, no analysis: the article files and their front matter (:mod:`.articles`), the excerpt markup
(:mod:`.markup`), the one word counter (:mod:`.words`) and the paragraph / sentence segments (:mod:`.segment`).

``from mediabias.corpus import load_corpus`` is the import to use; modules inside the package import the
submodule that defines a name.
"""

from mediabias.corpus.articles import (ARTICLE_COLUMNS, ID_PATTERN, OUTLET_COLUMNS, OUTLET_KINDS, Article, Corpus,
                                       CorpusError, Problem, load_corpus, parse_article, read_outlets,
                                       split_front_matter, validate_corpus)
from mediabias.corpus.segment import locate, segmented, segments, sentence_spans, sentences
from mediabias.corpus.words import count_words

__all__ = [
    "ARTICLE_COLUMNS", "ID_PATTERN", "OUTLET_COLUMNS", "OUTLET_KINDS", "Article", "Corpus", "CorpusError", "Problem",
    "count_words", "load_corpus", "locate", "parse_article", "read_outlets", "segmented", "segments", "sentence_spans", "sentences",
    "split_front_matter", "validate_corpus",
]
