"""Corpus overview tables for notebook 00: who says what share of each article."""

from __future__ import annotations

import html

import pandas as pd

from mediabias.corpus.articles import Corpus


def voice_words(corpus: Corpus) -> pd.DataFrame:
    """Words per (article, voice, speaking outlet), with the share of the article.

    Columns: article_id, outlet (publisher), title, voice, speaking_outlet, speaking_outlet_name,
    n_words, share (of the article's words), n_paragraphs.
    """
    seg = corpus.segments
    paras = seg[seg["level"] == "paragraph"]
    g = (paras.groupby(["article_id", "outlet", "voice", "speaking_outlet"], sort=True)
         .agg(n_words=("n_words", "sum"), n_paragraphs=("segment_id", "count")).reset_index())
    totals = g.groupby("article_id")["n_words"].transform("sum")
    g["share"] = (g["n_words"] / totals).round(4)
    titles = corpus.articles.set_index("article_id")["title"]
    g["title"] = g["article_id"].map(titles)
    g["speaking_outlet_name"] = g["speaking_outlet"].map(corpus.outlet_name)
    return g[["article_id", "outlet", "title", "voice", "speaking_outlet", "speaking_outlet_name",
              "n_words", "share", "n_paragraphs"]]


def outlet_story_counts(corpus: Corpus) -> pd.DataFrame:
    """Articles and words per (publishing outlet, story); excerpted outlets counted by their excerpts.

    Columns: outlet, outlet_name, story, role ("publisher" | "excerpted"), n_articles, n_words.
    """
    vw = voice_words(corpus).merge(corpus.articles[["article_id", "story"]], on="article_id")
    vw["role"] = vw["voice"].map({"author": "publisher", "excerpt": "excerpted"})
    g = (vw.groupby(["speaking_outlet", "story", "role"], sort=True)
         .agg(n_articles=("article_id", "nunique"), n_words=("n_words", "sum")).reset_index()
         .rename(columns={"speaking_outlet": "outlet"}))
    g.insert(1, "outlet_name", g["outlet"].map(corpus.outlet_name))
    return g


def date_notes_html(articles: pd.DataFrame) -> str:
    """HTML listing how each undated article's date was derived (its ``date_note``), every value as text.

    Front matter is data, never markup: each field is HTML-escaped and nothing is rendered as Markdown,
    so a note such as ``[click](javascript:alert(1))`` is shown as those characters, not as a link.

    >>> date_notes_html(pd.DataFrame({"article_id": ["a"], "published": ["2011-10-22"], "date_note": ["<b>x</b>"]}))
    '<p><strong>How each date was derived</strong></p>\\n<ul>\\n<li><code>a</code> (2011-10-22): &lt;b&gt;x&lt;/b&gt;</li>\\n</ul>'
    """
    rows = [r for r in articles.itertuples() if r.date_note]
    if not rows:
        return "<p><em>All dates are given by the articles.</em></p>"
    items = "\n".join(f"<li><code>{html.escape(str(r.article_id))}</code> ({html.escape(str(r.published))}): "
                      f"{html.escape(str(r.date_note))}</li>" for r in rows)
    return f"<p><strong>How each date was derived</strong></p>\n<ul>\n{items}\n</ul>"
