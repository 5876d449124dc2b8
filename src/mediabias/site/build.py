"""Build the static HTML site from executed notebooks: an index page and one page per notebook.

Pages are self-contained and work offline (no CDN scripts): nbconvert's ``basic`` template renders
each notebook's cells, code cells are hidden (the jupytext source is linked from every page), and a
small stylesheet of our own lays the pages out. Figures are copied beside the pages.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from mediabias import __version__, paths
from mediabias.compare.measures import MIN_ARTICLES_FOR_INTERVAL as MIN_ARTICLES
from mediabias.site import pages as article_pages

CSS = """
:root { --ink:#1d1d1f; --muted:#5f6368; --rule:#e3e3e3; --accent:#0072B2; --bg:#fff; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.6 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color:var(--ink); background:var(--bg); }
header.site { border-bottom:1px solid var(--rule); padding:.7rem 1.2rem; display:flex; gap:1.2rem; flex-wrap:wrap; align-items:baseline; }
header.site a { color:var(--accent); text-decoration:none; } header.site a:hover { text-decoration:underline; }
header.site .brand { font-weight:700; color:var(--ink); }
main { max-width:62rem; margin:0 auto; padding:1.2rem; }
h1 { font-size:2rem; line-height:1.2; } h2 { margin-top:2.2rem; border-bottom:1px solid var(--rule); padding-bottom:.2rem; }
a { color:var(--accent); }
img { max-width:100%; height:auto; }
table { border-collapse:collapse; font-size:.86rem; margin:.6rem 0; display:block; overflow-x:auto; max-width:100%; }
th, td { border-bottom:1px solid var(--rule); padding:.25rem .55rem; text-align:left; vertical-align:top; }
th { background:#f6f6f6; }
pre { background:#f6f8fa; padding:.6rem; overflow-x:auto; font-size:.85rem; }
blockquote { border-left:4px solid #56B4E9; margin:.6rem 0; padding:.1rem .9rem; color:#333; background:#f7fbfe; }
mark { background:#fff1a8; padding:0 .1rem; } mark.source { background:#ffd8a8; } mark.cue { background:#c8e6c9; } mark.content { background:#e3f2fd; } mark.content.source, mark.source.cue { background:#ffd8a8; } mark.content.cue { background:#c8e6c9; }
.jp-OutputPrompt, .jp-InputPrompt { display:none; }
.jp-RenderedText pre { background:#fbfbfb; }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(17rem, 1fr)); gap:1rem; }
.card { border:1px solid var(--rule); border-radius:8px; padding:.9rem; }
.card h3 { margin:.1rem 0 .4rem; font-size:1.1rem; }
.card img { border:1px solid var(--rule); border-radius:4px; margin-top:.4rem; }
img.findings { max-width:100%; border:1px solid var(--rule); border-radius:4px; }
.muted, footer { color:var(--muted); font-size:.9rem; }
footer { border-top:1px solid var(--rule); margin-top:3rem; padding:1rem 1.2rem; }
.stderr { display:none; }
"""


def _first_heading(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return "Untitled notebook"


def _summary(nb) -> str:
    """The first paragraph after the H1 (plain text)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.search(r"^#\s", cell.source, flags=re.M):
            paras = [p.strip() for p in re.split(r"\n\s*\n", cell.source) if p.strip() and not p.lstrip().startswith("#")]
            if paras:
                # a leading bold label ("**Question.**") names the paragraph, it is not part of the summary
                first = re.sub(r"^\*\*[^*]{1,30}\.\*\*\s*", "", paras[0])
                text = re.sub(r"[*_`]|\[([^\]]+)\]\([^)]+\)", lambda m: m.group(1) or "", first)
                return " ".join(text.split())
    return ""


def key_findings(notebooks: list[tuple[Path, object]], figures_dir: Path | None = None, *,
                 tag: str = "key-findings") -> str:
    """HTML of the outputs of cells tagged ``tag``, with in-page links pointed at their notebook page.

    Outputs are HTML already escaped by the notebook (``text/html``) or Markdown text (shown escaped). With
    ``figures_dir``, the notebook's first figure follows the outputs (for ``key-findings`` only).
    """
    parts = []
    for path, nb in notebooks:
        for cell in nb.cells:
            if tag not in cell.get("metadata", {}).get("tags", []):
                continue
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "text/html" in data:
                    block = "".join(data["text/html"])
                elif "text/markdown" in data:
                    block = f"<p>{html.escape(''.join(data['text/markdown']))}</p>"
                else:
                    continue
                parts.append(re.sub(r'href="#', f'href="{path.stem}.html#', block))
            pngs = sorted((Path(figures_dir) / path.stem).glob("*.png")) if figures_dir and tag == "key-findings" else []
            if parts and pngs:
                src = f"figures/{path.stem}/{pngs[0].name}"
                parts.append(f'<p><a href="{path.stem}.html"><img class="findings" src="{html.escape(src)}" '
                             f'alt="every measure for every outlet, with intervals"></a></p>')
            if parts:
                parts.append(f'<p class="muted">From <a href="{path.stem}.html">{html.escape(_first_heading(nb))}</a>, '
                             "each with the passages behind it.</p>")
    return "\n".join(parts)


def _page(title: str, body: str, nav: list[tuple[str, str]], *, depth: int = 0) -> str:
    prefix = "../" * depth
    links = " ".join(f'<a href="{prefix}{html.escape(href)}">{html.escape(label)}</a>' for href, label in nav)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n"
        f"<title>{html.escape(title)} · mediabias</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header class=\"site\"><a class=\"brand\" href=\"{prefix}index.html\">mediabias</a> {links}</header>\n"
        f"<main>\n{body}\n</main>\n"
        f"<footer>mediabias {html.escape(__version__)} · built from the notebooks in this repository · "
        "article texts quoted for research and criticism</footer>\n</body>\n</html>\n"
    )


def _render_notebook(nb) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    # drop anchor-link pilcrows nbconvert adds to headings, keep the ids
    body = re.sub(r'<a class="anchor-link" href="#[^"]*">¶</a>', "", body)
    return body


_OPENING = ("<p>This collection compares how news outlets <strong>frame</strong> a story, what "
            "<strong>sentiment</strong> they carry toward its actors, and <strong>whom they quote and how</strong>. ")
_MEASURES = ("<p>Every measure is explained in its notebook, validated against public human-annotated data (scores "
             "beside a named baseline), traceable to the passages behind it, and shown with its sample size and "
             "uncertainty. ")
_AS_DESCRIPTION = ": read the numbers as a description of these articles, not of the outlets in general.</p>\n"
#: The bundled corpus, as its curators describe it (the front page's first paragraphs).
BUNDLED_INTRO = (
    _OPENING + "The bundled corpus is five articles about the US troop withdrawal from Iraq (the 2011 negotiations "
    "and the January 2020 letter episode) from Hot Air, Foreign Policy's The Cable and The Media Line; Hot Air's "
    "excerpts of The New York Times, Foreign Policy and The Associated Press are measured as those outlets' words, "
    "apart from the blogger's own voice.</p>\n"
    + _MEASURES + "<strong>Five articles cannot characterise an outlet</strong>" + _AS_DESCRIPTION
)


def _listed(names: list[str], most: int = 8) -> str:
    names = [html.escape(str(n)) for n in names]
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def corpus_intro(articles) -> str:
    """The front page's first paragraphs: what the site shows.

    The bundled corpus (the five articles under ``corpus/articles``, exactly) keeps its curated description
    (:data:`BUNDLED_INTRO`); any other corpus or selection is described from its ``articles`` table (the
    ``articles`` result: ``article_id``, ``outlet``, ``outlet_name``, ``story``), so a rerun on one's own articles
    is not introduced as the Iraq seeds. ``None`` (a site built without results) keeps the bundled text.
    """
    if articles is None or paths.is_bundled_corpus(articles["article_id"]):
        return BUNDLED_INTRO
    n = len(articles)
    per_outlet = articles.groupby("outlet_name")["article_id"].nunique().sort_values(ascending=False, kind="stable")
    stories = sorted(articles["story"].unique())
    fewest = int(per_outlet.min()) if len(per_outlet) else 0
    caveat = (f"<strong>Some outlets here have fewer than {MIN_ARTICLES} articles</strong> (the fewest: {fewest}), "
              "too few to characterise an outlet" if fewest < MIN_ARTICLES else
              f"Every outlet here has at least {MIN_ARTICLES} articles, but they are articles on "
              f"{len(stories)} {'story' if len(stories) == 1 else 'stories'}, not a sample of each outlet's output")
    return (
        _OPENING + f"This site shows {n} {'article' if n == 1 else 'articles'} from {len(per_outlet)} "
        f"{'outlet' if len(per_outlet) == 1 else 'outlets'} ({_listed(list(per_outlet.index))}) on "
        f"{len(stories)} {'story' if len(stories) == 1 else 'stories'} ({_listed(stories)}). Passages an article "
        "excerpts from another outlet are measured as that outlet's words, apart from the writer's own voice.</p>\n"
        + _MEASURES + caveat + _AS_DESCRIPTION
    )


def build_site(notebooks_dir: Path, figures_dir: Path, out_dir: Path, *, sources: Path | None = None,
               results=None) -> Path:
    """Render every executed ``NN-*.ipynb`` of ``notebooks_dir`` into ``out_dir``; return the index path.

    With ``results`` (a :class:`mediabias.pipeline.Results`, what the notebooks read), one page per article is
    written under ``articles/`` (:mod:`mediabias.site.pages`), the target of the notebooks' evidence links.
    """
    import nbformat

    notebooks = sorted(p for p in Path(notebooks_dir).glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no executed notebooks (NN-*.ipynb) in {notebooks_dir}; run the notebooks first")
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    loaded = [(p, nbformat.read(p, as_version=4)) for p in notebooks]
    nav = [(f"{p.stem}.html", _first_heading(nb).split(":")[0]) for p, nb in loaded]

    cards = []
    for path, nb in loaded:
        title = _first_heading(nb)
        src_link = ""
        if sources and (Path(sources) / f"{path.stem}.py").exists():
            (tmp / "src").mkdir(exist_ok=True)
            shutil.copyfile(Path(sources) / f"{path.stem}.py", tmp / "src" / f"{path.stem}.py")
            src_link = f' · <a href="src/{path.stem}.py">notebook source (Python)</a>'
        body = (f'<p class="muted">Notebook <code>{html.escape(path.stem)}</code>{src_link} · '
                f'<a href="{html.escape(path.name)}">executed notebook (.ipynb)</a></p>\n' + _render_notebook(nb))
        shutil.copyfile(path, tmp / path.name)
        (tmp / f"{path.stem}.html").write_text(_page(title, body, nav), encoding="utf-8")
        thumbs = []
        fig_dir = Path(figures_dir) / path.stem
        for png in sorted(fig_dir.glob("*.png")) if fig_dir.exists() else []:
            target = tmp / "figures" / path.stem
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(png, target / png.name)
            csv = png.with_suffix(".csv")
            if csv.exists():
                shutil.copyfile(csv, target / csv.name)
            thumbs.append(f"figures/{path.stem}/{png.name}")
        thumb_html = "".join(
            f'<a href="{path.stem}.html"><img src="{html.escape(t)}" alt="figure from {html.escape(title)}" loading="lazy"></a>'
            for t in thumbs[:1])
        more = f'<p class="muted">{len(thumbs)} figure(s), each with its data as CSV</p>' if thumbs else ""
        cards.append(f'<div class="card"><h3><a href="{path.stem}.html">{html.escape(title)}</a></h3>'
                     f"<p>{html.escape(_summary(nb))}</p>{thumb_html}{more}</div>")

    intro = "<h1>How outlets cover the same story</h1>\n" + corpus_intro(None if results is None else results["articles"])
    articles = ""
    if results is not None:
        article_pages.write_article_pages(
            tmp / article_pages.ARTICLES_DIR, results,
            lambda title, body: _page(title, f"<style>{article_pages.CSS}</style>\n{body}", nav, depth=1))
        articles = ("<h2>The articles, with everything the tools found in them</h2>\n"
                    "<p>Each page shows the whole article with its layers (attributions, actor mentions by sentiment, "
                    "loaded language, paragraph frames, excerpts) and every row the instruments produced for it.</p>\n"
                    + article_pages.articles_index(results) + "\n")
    same_fact = key_findings(loaded, tag="same-fact")
    if same_fact:
        same_fact = "<h2>Same fact, different words</h2>\n" + same_fact + "\n"
    findings = key_findings(loaded, figures_dir)
    if findings and 'data-enough="0"' in findings:
        # too few articles per outlet for the differences to mean anything: the list stays on its notebook page
        source = next((p.stem for p, nb in loaded if any("key-findings" in c.get("metadata", {}).get("tags", [])
                                                         for c in nb.cells)), "")
        findings = ("<h2>Differences between outlets</h2>\n<p>Some outlets here have fewer than five articles, too "
                    "few for a difference between outlets to mean anything beyond these articles, so none is "
                    f'stated here. <a href="{html.escape(source)}.html">The comparison page</a> lists the measured '
                    "values with the passages behind them.</p>\n")
    elif findings:
        n_clear = re.search(r'data-n-clear="(\d+)"', findings)
        verdict = "" if n_clear is None else ", none clear" if n_clear.group(1) == "0" else f", {n_clear.group(1)} clear"
        findings = f"<h2>Largest measured differences between outlets{verdict}</h2>\n" + findings + "\n"
    index_body = (intro + same_fact + findings + '<h2>The notebooks</h2>\n<div class="cards">\n' + "\n".join(cards)
                  + "\n</div>\n" + articles)
    (tmp / "index.html").write_text(_page("How outlets cover the same story", index_body, nav), encoding="utf-8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.replace(out_dir)
    return out_dir / "index.html"
