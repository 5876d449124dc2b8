"""Stable places in an article page, and links to them from the notebooks and the index.

Paragraph ``NN`` of an article is ``id="pNN"`` on its page, sentence ``MM`` of it ``id="pNNsMM"`` (two digits at
least: paragraph 102 of a long article is ``p102``): the
``segment_id`` without its article prefix (``docs/architecture.md``), itself fixed by character offsets into
the article's plain text. So ``articles/<article_id>.html#p03s01`` names one sentence, and stays valid as long as
the article's text does. (Belongs under ``site/`` or ``views/`` in the new layout, beside ``article_pages``.)
"""

from __future__ import annotations

import html
import re

#: Directory of the article pages inside the site.
ARTICLES_DIR = "articles"
SEGMENT = re.compile(r"^(?P<article>.+):(?P<anchor>p\d{2,}(?:s\d{2,})?)$")
SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def anchor(segment_id: str) -> str:
    """The anchor of a paragraph or sentence on its article page.

    Example:
        >>> anchor("000_908ce795a3fce461:p03s01")
        'p03s01'
    """
    m = SEGMENT.match(str(segment_id))
    if not m:
        raise ValueError(f"not a paragraph or sentence segment_id: {segment_id!r} "
                         "(expected 'ARTICLE:pNN' or 'ARTICLE:pNNsMM')")
    return m.group("anchor")


def page_name(article_id: str) -> str:
    """The file name of an article's page (article ids are file-safe stems)."""
    if not SAFE_ID.fullmatch(str(article_id)):
        raise ValueError(f"article id {article_id!r} is not file-safe")
    return f"{article_id}.html"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def evidence_href(article_id: str, segment_id: str | None = None, *, prefix: str = f"{ARTICLES_DIR}/") -> str:
    """Link to an article page, at a sentence or paragraph when ``segment_id`` is given.

    ``prefix`` is the path from the linking page to the article pages (notebook pages and the index sit at the
    site root, hence the default ``articles/``).

    Example:
        >>> evidence_href("000_x", "000_x:p02s00")
        'articles/000_x.html#p02s00'
    """
    href = prefix + page_name(article_id)
    if not _missing(segment_id):
        if not str(segment_id).startswith(f"{article_id}:"):
            raise ValueError(f"segment {segment_id!r} is not in article {article_id!r}")
        href += "#" + anchor(segment_id)
    return href


def evidence_link(article_id: str, segment_id: str | None = None, label: str | None = None, **kw) -> str:
    """An HTML link (class ``evidence``) to the exact place of a passage on its article page.

    Example:
        >>> evidence_link("000_x", "000_x:p02s00")
        '<a class="evidence" href="articles/000_x.html#p02s00" title="000_x, sentence p02s00">p02s00 ↗</a>'
    """
    href = evidence_href(article_id, segment_id, **kw)
    where = "the whole article" if _missing(segment_id) else f"sentence {anchor(segment_id)}"
    text = label if label is not None else ("article ↗" if _missing(segment_id) else f"{anchor(segment_id)} ↗")
    return (f'<a class="evidence" href="{html.escape(href)}" title="{html.escape(str(article_id))}, {where}">'
            f"{html.escape(text)}</a>")
