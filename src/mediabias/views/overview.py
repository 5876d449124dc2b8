"""Corpus overview tables for notebook 00: who says what share of each article."""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import pandas as pd

from mediabias import paths
from mediabias.corpus.articles import Corpus
from mediabias.views import figure_style, layout, plots


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
    return (_notes_html(articles, "date_note", "published", "How each date was derived")
            or "<p><em>All dates are given by the articles.</em></p>")


def _notes_html(articles: pd.DataFrame, note: str, beside: str, heading: str) -> str:
    """A titled list of the articles' non-empty ``note`` column, each after its id and its ``beside`` value, every
    value escaped; ``""`` when no article has one."""
    rows = [(r["article_id"], r[beside], r[note]) for _, r in articles.iterrows() if r[note]]
    items = "\n".join(f"<li><code>{html.escape(str(a))}</code> ({html.escape(str(b))}): {html.escape(str(n))}</li>"
                      for a, b, n in rows)
    return f"<p><strong>{heading}</strong></p>\n<ul>\n{items}\n</ul>" if rows else ""


def provenance_notes_html(articles: pd.DataFrame) -> str:
    """HTML listing every doubt about whose article an article is (its ``provenance_note``), escaped as text;
    ``""`` when no article has one.

    >>> provenance_notes_html(pd.DataFrame({"article_id": ["a", "b"], "outlet_name": ["Hot Air", "FP"],
    ...                                     "provenance_note": ["footer of <another> site", ""]}))
    '<p><strong>Whose article? Doubts about the attribution to an outlet</strong></p>\\n<ul>\\n<li><code>a</code> (Hot Air): footer of &lt;another&gt; site</li>\\n</ul>'
    """
    if "provenance_note" not in articles.columns:
        return ""
    return _notes_html(articles, "provenance_note", "outlet_name", "Whose article? Doubts about the attribution to an outlet")


#: Articles (or article voices) one figure of notebook 00 draws at most: three panels of twelve rows.
MAX_ROWS = 3 * figure_style.MAX_CATEGORIES
#: Excerpted outlets named in the voice-share legend; the others are grouped (the legend lists at most 12).
MAX_EXCERPT_OUTLETS = figure_style.MAX_CATEGORIES - 2
OTHER_EXCERPTS_COLOR = "#D9D9D9"


def _row_panels(n_rows: int, height_per_row: float, extra: float, width: float):
    """A column of panels of at most 12 rows each (figure_style's limit), heights in proportion to their rows."""
    sizes = [len(c) for c in layout.chunks(range(n_rows), figure_style.MAX_CATEGORIES)]
    heights = [height_per_row * s + extra for s in sizes]
    fig, axes = plt.subplots(len(sizes), 1, figsize=(width, sum(heights)), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    return fig, list(axes[:, 0]), sizes


def _excerpt_colors(vw: pd.DataFrame, outlet_ids) -> tuple[dict, str]:
    """A colour per excerpted outlet (stable over the corpus's outlets where it can be), at most
    :data:`MAX_EXCERPT_OUTLETS` named; returns ``(colors, other_label)``, the others mapped to the grey of
    ``other_label``."""
    ex = vw[vw["voice"] == "excerpt"].groupby("speaking_outlet")["n_words"].sum()
    named = layout.top(ex, MAX_EXCERPT_OUTLETS)
    colors = plots.outlet_colors(outlet_ids, shown=named)
    if len(named) < len(ex):
        colors = {**figure_style.category_colors(named),
                  **{o: OTHER_EXCERPTS_COLOR for o in ex.index if o not in set(named)}}
    return colors, f"excerpt: {len(ex) - len(named)} other outlets"


def plot_voice_share(vw: pd.DataFrame, articles: pd.DataFrame, *, outlet_ids):
    """Words per article split by whose words they are (the publisher's own voice, each excerpted outlet).

    One bar per article, oldest first, at most 12 a panel and :data:`MAX_ROWS` in all (the most recent, said in
    the title); at most :data:`MAX_EXCERPT_OUTLETS` excerpted outlets named in the legend, the others grouped.

    Args:
        vw: :func:`voice_words` rows.
        articles: the corpus's articles (``article_id, outlet_name, published, title``).
        outlet_ids: the corpus's outlet ids (colours stay those of the whole corpus when they can).

    Returns:
        ``(fig, data)``: ``data`` is the rows of ``vw`` drawn.
    """
    order = articles.sort_values(["published", "article_id"]).tail(MAX_ROWS)
    data = vw[vw["article_id"].isin(set(order["article_id"]))]
    colors, other = _excerpt_colors(data, outlet_ids)
    fig, axes, sizes = _row_panels(len(order), 0.8, 1.2, 5.2)
    xmax = data.groupby("article_id")["n_words"].sum().max() * 1.25
    seen, start = set(), 0
    for ax, size in zip(axes, sizes):
        part = order.iloc[start:start + size]
        start += size
        for y, aid in enumerate(part["article_id"]):
            left = 0
            for r in data[data["article_id"] == aid].sort_values(["voice", "speaking_outlet"]).itertuples():
                color = plots.VOICE_COLORS["author"] if r.voice == "author" else colors[r.speaking_outlet]
                label = ("publisher's own voice" if r.voice == "author" else
                         other if color == OTHER_EXCERPTS_COLOR else f"excerpt: {layout.wrap(r.speaking_outlet_name, 30)}")
                ax.barh(y, r.n_words, left=left, color=color, label=None if label in seen else label, height=0.6)
                seen.add(label)
                ax.text(left + r.n_words / 2, y, f"{r.share:.0%}", ha="center", va="center", color="white", fontsize=9,
                        fontweight="bold")
                left += r.n_words
            ax.text(left, y, f" n={left:,}", va="center", fontsize=9)
        ax.set_xlim(0, xmax)
        labels = [f"{layout.wrap(f'{r.outlet_name}, {r.published}', 48)}\n{r.title[:48]}{'…' if len(r.title) > 48 else ''}"
                  for r in part.itertuples()]
        ax.set_yticks(range(len(part)), labels, fontsize=9)
        ax.invert_yaxis()
    axes[-1].set_xlabel("words")
    axes[0].set_title("Words per article, by whose words they are"
                      + layout.shown_note(len(order), len(articles), "articles", "latest dates"))
    handles, labels = [], []
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            handles.append(h)
            labels.append(lab)
    axes[-1].legend(handles, labels, loc="upper center", bbox_to_anchor=(0.3, -0.14 * 5.2 / (0.8 * sizes[-1] + 1.2)),
                    ncol=2, fontsize=9)
    return layout.fit_width(fig), data


def _readability_label(r, keys: dict) -> str:
    """``Outlet (voice) · article · n=N words``, on two lines when the outlet's name is long."""
    label = f"{r.speaking_outlet_name} ({r.voice}) · {keys[r.article_id]} · n={r.n_words} words"
    if len(label) <= 50:
        return label
    return f"{layout.wrap(r.speaking_outlet_name, 24)} ({r.voice})\n{keys[r.article_id]} · n={r.n_words} words"


def plot_readability(rd: pd.DataFrame, *, colors: dict):
    """Flesch reading ease of each voice of each article (dot size = words), very difficult band shaded.

    At most :data:`MAX_ROWS` rows (those with the most words, said in the title), 12 a panel.

    Args:
        rd: the readability table with ``speaking_outlet_name`` added.
        colors: outlet id → colour (:func:`mediabias.views.plots.outlet_colors`).

    Returns:
        ``(fig, data)``: the rows drawn, in drawing order.
    """
    keep = layout.top(rd["n_words"], MAX_ROWS)
    data = rd.loc[keep].sort_values(["speaking_outlet", "voice", "article_id"]).reset_index(drop=True)
    keys = layout.article_keys(rd["article_id"], avoid=colors)
    extra = layout.n_lines([_readability_label(r, keys) for r in data.itertuples()]) - len(data)
    fig, axes, sizes = _row_panels(len(data), 0.55 + 0.2 * extra / max(len(data), 1), 1.2, 5.5)
    start = 0
    for k, (ax, size) in enumerate(zip(axes, sizes)):
        part = data.iloc[start:start + size].reset_index(drop=True)
        start += size
        for y, r in part.iterrows():
            marker = "o" if r["voice"] == "author" else "s"
            ax.scatter(r["flesch_reading_ease"], y, s=max(30, r["n_words"] / 4),
                       color=colors.get(r["speaking_outlet"], plots.SINGLE_OUTLET_COLOR), marker=marker,
                       edgecolor="black", linewidth=0.5, zorder=3)
        ax.set_yticks(range(len(part)), [_readability_label(r, keys) for r in part.itertuples()], fontsize=9)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.axvspan(0, 30, color="#f3e0e0", zorder=0)
        if k == 0:
            ax.text(2, -0.3, "very difficult", fontsize=9, color="#8a3b3b")  # top of the band, clear of the labels
    axes[-1].set_xlabel("Flesch reading ease (higher = easier); marker size = words")
    axes[0].set_title("Readability of each voice in each article"
                      + layout.shown_note(len(data), len(rd), "article voices", "most words"))
    return layout.fit_width(fig), data


def excerpt_share_sentence(articles: pd.DataFrame) -> str:
    """One sentence per publishing outlet that excerpts others: the share of its words that are excerpts, overall
    and per article, from the articles table (``outlet_name``, ``n_words``, ``n_words_excerpt``).

    Example:
        >>> excerpt_share_sentence(pd.DataFrame({"outlet_name": ["Blog", "Blog", "Wire"], "n_words": [100, 300, 50],
        ...                                      "n_words_excerpt": [31, 150, 0]}))
        'Excerpts of other outlets are 45% of the words of Blog (2 articles: 31%, 50%). No other outlet excerpts another.'
    """
    parts = []
    excerpting = articles[articles["n_words_excerpt"] > 0]
    for outlet, g in excerpting.groupby("outlet_name", sort=True):
        mine = articles[articles["outlet_name"] == outlet]
        share = mine["n_words_excerpt"].sum() / max(mine["n_words"].sum(), 1)
        per = ", ".join(f"{e / max(n, 1):.0%}" for e, n in zip(mine["n_words_excerpt"], mine["n_words"]))
        parts.append(f"{share:.0%} of the words of {outlet} ({len(mine)} article{'s' if len(mine) > 1 else ''}: {per})")
    if not parts:
        return "No article of this selection excerpts another outlet."
    return ("Excerpts of other outlets are " + "; ".join(parts) + ". "
            + ("No other outlet excerpts another." if excerpting["outlet_name"].nunique() < articles["outlet_name"].nunique()
               else ""))


def count_phrase(values: pd.Series) -> str:
    """``"author: 120, excerpt: 35"``: how many times each value occurs, values in sorted order."""
    return ", ".join(f"{v}: {n}" for v, n in values.value_counts().sort_index().items())


def prose_note(articles: pd.DataFrame) -> str:
    """A notebook's note (Markdown) when it runs on another corpus than the bundled one, else ``""``.

    The notebooks' readings of the five bundled articles (Hot Air, The Cable, The Media Line; Obama, Maliki, Trump)
    sit in cells tagged ``bundled-corpus``, which :mod:`mediabias.site.execute` leaves out on any other corpus or
    selection; the method text that remains gives its examples from the bundled articles and says so. The note
    tells the reader both.
    """
    if paths.is_bundled_corpus(articles["article_id"]):
        return ""
    n = len(articles)
    return ("> **Not the bundled corpus.** This notebook was written about the bundled corpus, five articles on the "
            "US troop withdrawal from Iraq: its readings of those articles are left out here, and where its method "
            "text still names Hot Air, Obama or Maliki it gives them as examples from that corpus. The tables, "
            f"figures and the sentences printed under them describe the {n} {'article' if n == 1 else 'articles'} "
            "shown here.")


def corpus_headline(articles: pd.DataFrame) -> str:
    """00's opening line (Markdown): articles, publishing outlets, stories, words and words in excerpts."""
    return (f"**{len(articles)} articles** from **{articles['outlet'].nunique()} publishing outlets**, "
            f"{articles['story'].nunique()} stories, {articles['n_words'].sum():,} words "
            f"({articles['n_words_excerpt'].sum():,} of them in excerpts of other outlets).")
