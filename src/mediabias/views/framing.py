"""Tables and figures for the framing and language notebooks (03-framing, 04-language).

Pure functions over the tables of :mod:`mediabias.framing.frames`, :mod:`mediabias.language.cues` and
:mod:`mediabias.language.vocab`; each figure function returns ``(fig, data)`` where ``data`` is exactly what was drawn,
ready for :func:`mediabias.views.plots.save_figure`.
"""

from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd

from mediabias.views import layout
from mediabias.views.anchors import evidence_link
from mediabias.views.highlight import highlight
from mediabias.compare.stats import grouped_mean_ci
from mediabias.views.overview import count_phrase

ROLE_COLORS = {"hero": "#009E73", "villain": "#D55E00", "victim": "#0072B2"}
#: Articles (columns) per panel of the roles figure, and panels at most: wider would shrink its 9 pt text.
MAX_ROLE_COLUMNS = 5
MAX_ROLE_PANELS = 4


def prevalence(df: pd.DataFrame, flag: str, by: list[str], *, min_articles: int = 5) -> pd.DataFrame:
    """Share of rows with ``flag`` true per group, with a 95% bootstrap interval resampling articles.

    A group of fewer than ``min_articles`` articles has no interval (``low``/``high`` NaN): resampling one to four
    articles, or the paragraphs of one, gives an interval that looks certain and is not (the rule of 02 and 05).

    Returns:
        Columns ``*by, n`` (rows), ``n_articles``, ``share``, ``low``, ``high``, ``n_present``.
    """
    data = df.assign(_flag=df[flag].astype(float))
    out = grouped_mean_ci(data, "_flag", by, cluster="article_id").rename(columns={"mean": "share"})
    out.loc[out["n_articles"] < min_articles, ["low", "high"]] = np.nan
    present = data.groupby(by, sort=True)["_flag"].sum().astype(int).rename("n_present").reset_index()
    return out.merge(present, on=by, how="left")


def plot_prevalence(prev: pd.DataFrame, *, panel: str, group: str, colors: dict | None = None, title: str = ""):
    """Dot-and-interval chart: one panel per ``panel`` value (two a row), one dot per ``group`` with its n.

    At most 12 groups, those with the most rows (said in the title); long group names are wrapped.
    Returns ``(fig, data)``, ``data`` the rows of ``prev`` drawn."""
    import matplotlib.pyplot as plt

    if prev.empty:
        return layout.nothing_found("no group has rows in this selection"), prev
    panels = list(dict.fromkeys(prev[panel]))
    all_groups = sorted(prev[group].unique())
    groups = sorted(layout.top(prev.groupby(group)["n"].sum()))  # at most 12 rows: the groups with most rows
    prev = prev[prev[group].isin(groups)]
    labels = [layout.wrap(g, 32) for g in groups]
    ncols = min(2, len(panels))  # two panels a row keep the text legible at page width (figure_style)
    nrows = int(np.ceil(len(panels) / ncols))
    # a row of panels needs room for its title and axis labels even with one group (then tight_layout gives up)
    row_height = max(0.45 * len(groups) + 0.25 * (layout.n_lines(labels) - len(groups)) + 1.0, 2.2)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.0 * ncols + 1.5, row_height * nrows + 0.6),
                             sharey=True, squeeze=False)
    for ax in axes.flat[len(panels):]:
        ax.axis("off")
    for ax, name in zip(axes.flat, panels):
        part = prev[prev[panel] == name].set_index(group).reindex(groups)
        y = np.arange(len(groups))
        err = np.vstack([(part["share"] - part["low"]).clip(lower=0), (part["high"] - part["share"]).clip(lower=0)])
        cols = [(colors or {}).get(g, "#444444") for g in groups]
        ax.errorbar(part["share"], y, xerr=np.nan_to_num(err), fmt="none", ecolor="#999999", capsize=2)
        ax.scatter(part["share"], y, c=cols, zorder=3)
        for yy, (_, r) in zip(y, part.iterrows()):
            if pd.notna(r["n"]):
                # just above the row, so that it never sits on an interval reaching the right edge
                ax.annotate(f"n={int(r['n'])}", (1.0, yy + 0.3), xycoords=("axes fraction", "data"), fontsize=9,
                            ha="right", va="center", color="#666666")
        ax.set_xlim(0, 1.02)
        ax.set_xlabel("share")
        ax.set_title(str(name).replace("_", " "), fontsize=10)
        ax.set_yticks(y, labels)
        if len(groups) == 1:  # the automatic limits would hug the one dot, leaving its n label far outside the axes
            ax.set_ylim(-0.6, 0.9)
    fig.suptitle(title + layout.shown_note(len(groups), len(all_groups), "groups", "most rows"), x=0.01, ha="left",
                 fontweight="bold")
    fig.tight_layout()
    return layout.fit_width(fig), prev


def paragraph_matrix(frames_df: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """Paragraph × frame score of one article: classifier probability, or the keyword flag where unmodelled."""
    part = frames_df[frames_df["article_id"] == article_id].copy()
    part["score"] = part["probability"].where(part["probability"].notna(), part["keyword_present"].astype(float))
    order = list(dict.fromkeys(part["frame"]))
    mat = part.pivot_table(index=["paragraph", "voice"], columns="frame", values="score", sort=True)
    return mat[order]


def plot_paragraph_frames(frames_df: pd.DataFrame, titles: dict[str, str]):
    """One heatmap per article: paragraphs down, frames across; excerpt paragraphs marked with ``»``."""
    import matplotlib.pyplot as plt

    ids = sorted(frames_df["article_id"].unique())
    mats = {a: paragraph_matrix(frames_df, a) for a in ids}
    heights = [max(len(m), 2) for m in mats.values()]
    fig, axes = plt.subplots(1, len(ids), figsize=(3.1 * len(ids) + 1, 0.22 * max(heights) + 2.2), squeeze=False)
    image = None
    for ax, a in zip(axes[0], ids):
        m = mats[a]
        image = ax.imshow(m.to_numpy(), aspect="auto", cmap="Purples", vmin=0, vmax=1)
        ax.set_xticks(range(m.shape[1]), [c.replace("_", " ") for c in m.columns], rotation=60, ha="right",
                      fontsize=8)
        ax.set_yticks(range(len(m)), [f"{'» ' if v == 'excerpt' else ''}p{p:02d}" for p, v in m.index], fontsize=7)
        # the whole title, wrapped (cutting it after two lines left "... set to pull all troops from Iraq by")
        ax.set_title(textwrap.fill(f"{a[:3]} {titles.get(a, a)}", 24), fontsize=8, loc="left")
        ax.grid(False)
    fig.colorbar(image, ax=axes[0].tolist(), shrink=0.7, label="frame probability (keyword flag if unmodelled)")
    data = pd.concat({a: m.reset_index() for a, m in mats.items()}, names=["article_id", "_row"])
    return fig, data.reset_index(level="_row", drop=True).reset_index()


def plot_roles(roles_df: pd.DataFrame, names: dict[str, str], *, top: int = 12, caveat: str = ""):
    """Grid of (article, actor) cells coloured by the predicted role, annotated with its probability.

    ``caveat``: a line the title carries in every case it is given (e.g. that a hand reading disagrees with the
    roles of these articles), so that the figure is never seen without it.

    Only the ``top`` actors by mentions across the articles are drawn (all of them are in the roles table), and
    at most :data:`MAX_ROLE_COLUMNS` articles a panel, panels stacked, :data:`MAX_ROLE_PANELS` panels at most
    (the articles with the most mentions, said in the title).
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    df = roles_df.dropna(subset=["role"]).copy()
    if df.empty:
        return layout.nothing_found("no actor is given a role"), df
    actors = sorted(df["actor"].unique(), key=lambda a: (-df.loc[df.actor == a, "n_mentions"].sum(), a))[:top]
    df = df[df["actor"].isin(actors)]
    weight = df.groupby("article_id")["n_mentions"].sum()
    articles = layout.top(weight, MAX_ROLE_COLUMNS * MAX_ROLE_PANELS)  # the articles with the most mentions
    df = df[df["article_id"].isin(articles)]
    keys = layout.article_keys(df["article_id"], avoid=roles_df["outlet"])
    outlet_of = df.drop_duplicates("article_id").set_index("article_id")["outlet"]
    groups = layout.chunks(sorted(articles, key=lambda a: keys[a]), MAX_ROLE_COLUMNS)
    wrapped = any("\n" in layout.wrap(names.get(o, o), 16) for o in outlet_of)
    rows = [[a for a in actors if a in set(df.loc[df["article_id"].isin(g), "actor"])] for g in groups]
    heights = [0.5 * len(r) + 1.8 for r in rows]
    # at least 4 in wide: with one or two articles the actor names would leave the axes no room
    fig, axes = plt.subplots(len(groups), 1, figsize=(max(1.3 * max(map(len, groups)) + 0.5, 4.0), sum(heights)),
                             squeeze=False, gridspec_kw={"height_ratios": heights})
    for ax, cols, order in zip(axes[:, 0], groups, rows):
        for _, r in df[df["article_id"].isin(cols)].iterrows():
            x, y = cols.index(r["article_id"]), order.index(r["actor"])
            p = r[f"p_{r['role']}"]
            ax.add_patch(plt.Rectangle((x - 0.45, y - 0.4), 0.9, 0.8, color=ROLE_COLORS[r["role"]], alpha=0.25 + 0.6 * p))
            ax.text(x, y, f"{r['role']} {p:.2f}\nn={r['n_sentences']} sent.", ha="center", va="center", fontsize=9)
        ax.set_xlim(-0.6, len(cols) - 0.4)
        ax.set_ylim(len(order) - 0.5, -0.5)
        if wrapped:  # a long name would not fit a column: one slanted line each, so that labels never overlap
            ax.set_xticks(range(len(cols)), [f"{layout.wrap(names.get(outlet_of[a], outlet_of[a]), 30, max_lines=1)}"
                                             f" · {keys[a]}" for a in cols], fontsize=9, rotation=30, ha="right",
                          rotation_mode="anchor")
        else:
            ax.set_xticks(range(len(cols)), [f"{names.get(outlet_of[a], outlet_of[a])}\n{keys[a]}" for a in cols],
                          fontsize=9)
        ax.set_yticks(range(len(order)), [layout.wrap(a, 24) for a in order], fontsize=9)
        ax.grid(False)
    handles = [Patch(color=c, label=r) for r, c in ROLE_COLORS.items()]
    if wrapped:  # slanted column labels would run into a legend below them: put it beside the first panel
        axes[0, 0].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1), ncol=1)
    else:
        axes[-1, 0].legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12 * heights[0] / heights[-1]),
                           ncol=len(ROLE_COLORS))
    axes[0, 0].set_title(f"Role given to the {len(actors)} most-mentioned actors, per article\n"
                         "(probability, n sentences read)"
                         + layout.shown_note(len(articles), len(weight), "articles", "most mentions")
                         + (f"\n{textwrap.fill(caveat, 60)}" if caveat else ""), **({"color": "#b2182b"} if caveat else {}))
    fig.tight_layout()
    data = df[["article_id", "outlet", "actor", "role", "p_hero", "p_villain", "p_victim", "n_sentences"]]
    return layout.fit_width(fig), data.reset_index(drop=True)


def cue_rates_table(sentences: pd.DataFrame, cues, by: list[str]) -> pd.DataFrame:
    """Cue matches per 100 sentences for each group and cue class (long format), with sentence counts."""
    grouped = sentences.groupby(by, sort=True)
    n = grouped.size().rename("n_sentences")
    per = (grouped[list(cues)].sum().div(n, axis=0) * 100).reset_index()
    long = per.melt(id_vars=by, var_name="cue", value_name="per_100_sentences")
    return long.merge(n.reset_index(), on=by).sort_values([*by, "cue"]).reset_index(drop=True)


def plot_distinctive(table: pd.DataFrame, names: dict[str, str], *, top: int = 10):
    """Horizontal bars of z-scores: the ``top`` most distinctive terms of each group (z > 0), one panel per group,
    three panels a row, or two when there are more than three (more groups make more rows, not a wider figure)."""
    import matplotlib.pyplot as plt

    if table.empty:
        return layout.nothing_found("no words to compare"), table
    groups = sorted(table["group"].unique())
    # a word the group uses no more than the rest (z <= 0) is not distinctive: its bar would point off the axis
    data = table[table["z"] > 0].groupby("group", sort=True).head(top).reset_index(drop=True)
    # three panels fill a row at page width (the bundled corpus's three outlets); more make rows of two, which
    # leave room for a long term or outlet name
    nrows, ncols = layout.grid(len(groups), 3 if len(groups) <= 3 else 2)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.9 * ncols + 0.3, (0.34 * top + 1.6) * nrows), squeeze=False)
    for ax in axes.flat[len(groups):]:
        ax.axis("off")
    for ax, g in zip(axes.flat, groups):
        part = data[data["group"] == g].iloc[::-1]
        if part.empty:
            ax.text(0.5, 0.5, "no word stands out", transform=ax.transAxes, ha="center", va="center", fontsize=9,
                    color="#555555")
        ax.barh(part["term"], part["z"], color="#0072B2")
        for y, (_, r) in enumerate(part.iterrows()):
            ax.text(r["z"], y, f" n={int(r['count'])}", va="center", fontsize=9, color="#555555")
        ax.set_xlim(0, max(1.0, float(data["z"].max())) * 1.45)  # max(1.0, nan) is 1.0
        ax.set_title(layout.wrap(names.get(g, g), 22), fontsize=10)  # as wide as a panel
        ax.set_xlabel("z (log-odds vs rest)")
        ax.tick_params(axis="both", labelsize=9)
    fig.suptitle("Most distinctive words per outlet (n = times the outlet uses it)", x=0.01, ha="left",
                 fontweight="bold")
    fig.tight_layout()
    return layout.fit_width(fig), data


def highlighted_sentences(sentences: pd.DataFrame, spans: pd.DataFrame, *, limit: int = 15) -> str:
    """HTML table of sentences with their cue matches highlighted (article offsets; everything escaped). A cue in a
    speaker's quoted words (spans' ``quoted``) is marked grey, its title says it is not counted for the writer, and
    the sentence's ``quoted_matches`` are listed apart from its own ``matches``."""
    rows = []
    for r in sentences.head(limit).itertuples():
        mine = spans[spans["segment_id"] == r.segment_id]
        quoted = mine["quoted"] if "quoted" in mine.columns else pd.Series(False, index=mine.index)
        marks = [(s.start, s.end, f"cue {s.cue}" + (" quoted" if q else ""),
                  f"{s.cue}, in a speaker's quoted words: not counted for the writer" if q else s.cue)
                 for s, q in zip(mine.itertuples(), quoted)]
        text = highlight(r.text, marks, base_offset=int(r.start))
        p = getattr(r, "p_loaded", None)
        prob = "" if p is None else f"<td>{p:.2f}</td>"
        theirs = getattr(r, "quoted_matches", "")
        cues = html.escape(str(r.matches)) + (f"<br><em>quoted: {html.escape(str(theirs))}</em>" if theirs else "")
        rows.append(f"<tr><td>{evidence_link(r.article_id, r.segment_id, str(r.segment_id))}</td>"
                    f"<td>{html.escape(str(r.voice))}</td>{prob}"
                    f"<td>{int(r.score)}</td><td>{cues}</td><td>{text}</td></tr>")
    more = f"<p>… {len(sentences) - limit} more</p>" if len(sentences) > limit else ""
    head = "<th>P(loaded)</th>" if "p_loaded" in sentences.columns else ""
    return (f"<table><tr><th>sentence</th><th>voice</th>{head}<th>cue classes</th><th>cues</th><th>text</th></tr>"
            + "".join(rows) + "</table>" + more)


def frames_per_article_html(frames_df: pd.DataFrame, titles: dict[str, str]) -> str:
    """Per article: how many paragraphs carry each frame, with a link to the article page (frames in its margin)."""
    per_article = (frames_df[frames_df["present"]].groupby(["article_id", "frame"]).size().unstack(fill_value=0)
                   .reindex(sorted(frames_df["article_id"].unique()), fill_value=0))
    n_paragraphs = frames_df.groupby("article_id")["segment_id"].nunique()
    rows = []
    for aid, counts in per_article.iterrows():
        cells = "".join(f"<td>{int(v)}</td>" for v in counts)
        rows.append(f"<tr><td>{evidence_link(aid, None, titles.get(aid, aid))}</td>"
                    f"<td>{int(n_paragraphs[aid])}</td>{cells}</tr>")
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in per_article.columns)
    return (f"<table><tr><th>article (page with frames in the margin)</th><th>paragraphs</th>{head}</tr>"
            + "".join(rows) + "</table>")


def plot_cue_rates(per_cue: pd.DataFrame, cues):
    """Heatmap of cue matches per 100 sentences: groups down (with n sentences), cue classes across.

    At most 12 groups, those with the most sentences (said in the title); long group names are wrapped.
    Returns ``(fig, data)``, ``data`` the rows of ``per_cue`` drawn."""
    import matplotlib.pyplot as plt

    if per_cue.empty:
        return layout.nothing_found("no sentence in this selection"), per_cue
    sizes = per_cue.drop_duplicates("group").set_index("group")["n_sentences"]
    keep = layout.top(sizes)
    data = per_cue[per_cue["group"].isin(keep)]
    wide = data.pivot_table(index=["group", "n_sentences"], columns="cue", values="per_100_sentences")[list(cues)]
    labels = [f"{layout.wrap(g, 32)} (n={n})" for g, n in wide.index]
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(wide) + 0.25 * (layout.n_lines(labels) - len(labels)) + 2))
    image = ax.imshow(wide.to_numpy(), aspect="auto", cmap="Oranges")
    ax.set_xticks(range(len(cues)), [c.replace("_", " ") for c in cues], rotation=45, ha="right", fontsize=9)
    ax.set_yticks(range(len(wide)), labels, fontsize=9)
    for (i, j), v in pd.DataFrame(wide.to_numpy()).stack().items():
        ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=9)
    ax.grid(False)
    ax.set_title("Cue matches per 100 sentences" + layout.shown_note(len(keep), len(sizes), "groups", "most sentences"))
    fig.colorbar(image, ax=ax, shrink=0.8).ax.tick_params(labelsize=9)
    return layout.fit_width(fig), data


def _numbered_key(ax, data: pd.DataFrame, keys: dict) -> None:
    """Number each dot (dots closer than a label's width share one label, "1·4") and list the numbers with outlet,
    article and n to the right of the axes, one line each."""
    ax.figure.canvas.draw()
    points = ax.transData.transform(data[["flesch_reading_ease", "loaded_share"]].fillna(0).to_numpy(float))
    groups: list[list[int]] = []
    for k, (x, y) in enumerate(points):
        near = next((g for g in groups if any(abs(points[m][0] - x) < 45 and abs(points[m][1] - y) < 14 for m in g)),
                    None)
        (near.append(k) if near is not None else groups.append([k]))
    rows = list(data.itertuples())
    for g in groups:
        r = rows[g[0]]
        ax.annotate("·".join(str(k + 1) for k in g), (r.flesch_reading_ease, r.loaded_share), xytext=(6, 3),
                    textcoords="offset points", fontsize=9, fontweight="bold")
    for k, r in enumerate(rows):
        ax.text(1.03, 1 - 0.075 * k, f"{k + 1}  {layout.wrap(r.outlet, 30, max_lines=1)} · {keys[r.article_id]} · "
                f"{r.voice} (n={r.n_sentences})", transform=ax.transAxes, fontsize=9, va="top")


def plot_readability_style(style_table: pd.DataFrame, *, outlet_ids=()):
    """Readability (x) against the share of loaded sentences (y), one dot per article voice sized by its
    sentences, each labelled with its outlet, article key and n.

    Voices without a loaded-language share (outside the model's domain) cannot be placed and are left out. At most
    12 dots, the article voices with the most sentences (said in the title); when labels beside the dots
    would overlap, the dots are numbered and named in a key to the right. ``outlet_ids`` are kept out of the
    article keys (:func:`mediabias.views.layout.article_keys`).
    Returns ``(fig, data)``, ``data`` the rows drawn."""
    import matplotlib.pyplot as plt

    if style_table.dropna(subset=["flesch_reading_ease", "loaded_share"]).empty:
        return layout.nothing_found("no article voice with a loaded-language share"), style_table.iloc[:0]
    drawable = style_table.dropna(subset=["flesch_reading_ease", "loaded_share"])  # a voice outside the model's domain
    keep = layout.top(drawable["n_sentences"].fillna(0))
    data = drawable.loc[keep]
    keys = layout.article_keys(style_table["article_id"], avoid=outlet_ids)
    fig, ax = plt.subplots(figsize=(6.5, 4))
    labels = []
    for voice, g in data.groupby("voice"):
        ax.scatter(g["flesch_reading_ease"], g["loaded_share"], s=g["n_sentences"] * 6, alpha=0.7, label=voice)
        for r in g.itertuples():
            labels.append(ax.annotate(f"{layout.wrap(r.outlet, 24)} {keys[r.article_id]} (n={r.n_sentences})",
                                      (r.flesch_reading_ease, r.loaded_share), xytext=(6, 3),
                                      textcoords="offset points", fontsize=9))
    ax.set_ylim(0, max(0.05, data["loaded_share"].max() * 1.15))
    if layout.overlapping(fig, labels):  # dots too close for their labels: number them, name them in a key
        for label in labels:
            label.remove()
        _numbered_key(ax, data, keys)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel("Flesch reading ease (higher = easier)")
    ax.set_ylabel("share of loaded sentences")
    ax.legend(title="voice (size = sentences)")
    ax.set_title("Readability and loaded language, per article and voice"
                 + layout.shown_note(len(data), len(drawable), "article voices", "most sentences"))
    return layout.fit_width(fig), data


def outlet_voice_group(table: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    """``"Outlet name · voice"`` for each row (the groups of 03's and 04's prevalence figures)."""
    return table["outlet"].map(lambda o: names.get(o, o)) + " · " + table["voice"]


def paragraphs_headline(frames_df: pd.DataFrame) -> str:
    """03's opening line (Markdown): paragraphs, articles, outlets and paragraphs per voice."""
    paragraphs = frames_df.drop_duplicates("segment_id")
    return (f"**{len(paragraphs)} paragraphs** in {paragraphs['article_id'].nunique()} articles from "
            f"{paragraphs['outlet'].nunique()} outlets ({count_phrase(paragraphs['voice'])} paragraphs).")


def sentences_headline(sentences: pd.DataFrame) -> str:
    """04's opening line (Markdown): sentences, articles and sentences per voice."""
    return (f"**{len(sentences)} sentences** in {sentences['article_id'].nunique()} articles "
            f"({count_phrase(sentences['voice'])}).")


CUE_STYLE = "<style>mark.cue{background:#e7d4f5;padding:0 2px} td{vertical-align:top}</style>"


def frame_passages_html(frames_df: pd.DataFrame, segments: pd.DataFrame, codebook: dict, names: dict[str, str],
                        *, k: int = 3) -> str:
    """For each frame of the codebook, the ``k`` paragraphs the classifier is most sure about (the keyword rule's
    cue rate where it has no probability), cue words marked; paragraphs outside the validated domain greyed.

    Args:
        frames_df: every frames row, ``in_domain`` included (out-of-domain rows are shown, marked as such).
        segments: the corpus segments (paragraph texts).
        codebook: ``load_codebook()["frames"]`` (label and cue ``regex`` per frame).
        names: outlet id -> name.
    """
    seg = segments.set_index("segment_id")
    grey = "" if frames_df["in_domain"].all() else "<style>table.out td{color:#888}</style>"
    parts = []
    for frame, spec in codebook.items():
        part = frames_df[frames_df["frame"] == frame].copy()
        part["rank"] = part["probability"].fillna(part["cue_rate"] / 100)
        top = part[part["present"]].sort_values(["rank", "segment_id"], ascending=[False, True]).head(k)
        rows = []
        for r in top.itertuples():
            text = seg.loc[r.segment_id, "text"]
            marks = [(m.start(), m.end(), "cue", frame) for m in spec["regex"].finditer(text)]
            prob = "keyword rule" if pd.isna(r.probability) else f"p = {r.probability:.2f}"
            note = "" if r.in_domain else "<br><em>outside the validated domain: not a result</em>"
            rows.append(f"<tr><td>{evidence_link(r.article_id, r.segment_id, r.segment_id)}<br>"
                        f"{html.escape(names.get(r.outlet, r.outlet))} · {html.escape(r.voice)}<br>{prob}{note}</td>"
                        f"<td>{highlight(text, marks)}</td></tr>")
        cls = "out" if len(top) and not top["in_domain"].all() else ""
        parts.append(CUE_STYLE + grey + f"<h4>{html.escape(spec['label'])}: {int(part['present'].sum())} of "
                     f"{len(part)} paragraphs</h4>"
                     + (f"<table class='{cls}'>" + "".join(rows) + "</table>" if rows else "<p>none</p>"))
    return "".join(parts)


def role_evidence_html(roles_df: pd.DataFrame, names: dict[str, str], *, limit: int = 6) -> str:
    """The sentences behind each role (the first ``limit`` of every actor's sentences, each linked to its place),
    one block per (article, actor); roles outside the validated domain greyed and marked."""
    parts = []
    for r in roles_df.dropna(subset=["role"]).itertuples():
        where = r.segment_ids.split("; ")
        sents = "".join(f"<li>{html.escape(s)} {evidence_link(r.article_id, sid)}</li>"
                        for s, sid in list(zip(r.evidence.split(" | "), where))[:limit])
        more = f"<li>… {r.n_sentences - limit} more</li>" if r.n_sentences > limit else ""
        style = "" if r.in_domain else " style='color:#888'"
        parts.append(f"<div{style}><p><strong>{html.escape(r.actor)}</strong> in {html.escape(r.article_id)} "
                     f"({html.escape(names.get(r.outlet, r.outlet))}; {html.escape(r.voices)}): "
                     f"<strong>{html.escape(r.role)}</strong> (hero {r.p_hero:.2f}, villain {r.p_villain:.2f}, "
                     f"victim {r.p_victim:.2f})" + ("" if r.in_domain else " <em>(outside the validated domain)</em>")
                     + f"</p><ul>{sents}{more}</ul></div>")
    return "".join(parts)


LOADED_STYLE = ("<style>mark.cue{background:#ffe08a;padding:0 1px} mark.sarcasm,mark.scare_quote,"
                "mark.rhetorical_question{background:#f4a582} mark.cue.quoted{background:#e3e3e3} "
                "td{vertical-align:top}</style>")


def loaded_sentences_html(sentences: pd.DataFrame, spans: pd.DataFrame, names: dict[str, str], *,
                          per_outlet: int = 5, marked: int = 40) -> str:
    """04's sentences behind the counts: per outlet, its most loaded author sentences, then every sentence with an
    irony marker, scare quote or rhetorical question (:func:`highlighted_sentences`, cues marked)."""
    parts = []
    for outlet in sorted(sentences["outlet"].unique()):
        part = sentences[(sentences["outlet"] == outlet) & (sentences["voice"] == "author") & sentences["loaded"]]
        part = part.sort_values(["p_loaded", "segment_id"], ascending=[False, True])
        parts.append(LOADED_STYLE + f"<h4>{html.escape(names.get(outlet, outlet))}: {len(part)} loaded author "
                     "sentences</h4>" + highlighted_sentences(part, spans, limit=per_outlet))
    irony = sentences[(sentences[["sarcasm", "scare_quote", "rhetorical_question"]].sum(axis=1) > 0)]
    parts.append(LOADED_STYLE + "<h4>Irony markers, scare quotes, rhetorical questions</h4>"
                 + highlighted_sentences(irony.sort_values(["article_id", "start"]), spans, limit=marked))
    return "".join(parts)


STYLE_COLUMNS = ["article_id", "outlet", "voice", "n_sentences", "n_words", "flesch_reading_ease",
                 "flesch_kincaid_grade", "words_per_sentence", "loaded_share", "cue_classes"]


def style_table(readability: pd.DataFrame, sentences: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Readability and style per article and voice (:data:`STYLE_COLUMNS`): the readability table with the share of
    loaded sentences and the mean number of cue classes per sentence, outlets as names."""
    style = (sentences.groupby(["article_id", "voice"]).agg(loaded_share=("loaded", "mean"), cue_classes=("score", "mean"))
             .reset_index())
    table = readability.merge(style, on=["article_id", "voice"], how="left")
    table["outlet"] = table["outlet"].map(lambda o: names.get(o, o))
    return table[STYLE_COLUMNS]
