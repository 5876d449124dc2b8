"""Execute the jupytext notebooks deterministically.

Sources are ``notebooks/NN-name.py`` (jupytext percent format). Each is converted to a notebook,
given stable cell ids, optionally given parameters (papermill's convention: a cell tagged
``injected-parameters`` after the cell tagged ``parameters``), executed with nbclient, stripped of
volatile metadata (timings) and written as ``.ipynb``. The same inputs give the same bytes.

Prose written about the bundled corpus (a reading of its articles, its examples) sits in Markdown cells tagged
``bundled-corpus``; on any other corpus or selection those cells are left out, so that a rerun on an analyst's
articles is not told what the five Iraq articles say.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

from mediabias import paths
from mediabias.corpus.articles import load_corpus
from mediabias.corpus.catalog import read_catalog
from mediabias.pipeline import AnalysisError, analyze, load_results
from mediabias.pipeline.failures import failures
from mediabias.runtime.atomic import atomic_write
from mediabias.runtime.encoder import OFFLINE_ENV
from mediabias.site.build import build_site

NOTEBOOK_NAME = re.compile(r"^\d\d-[a-z0-9-]+\.py$")
VOLATILE_METADATA = ("execution", "papermill", "ExecuteTime", "collapsed", "scrolled")
#: Cells tagged so describe the bundled corpus only; they are dropped on any other corpus or selection.
BUNDLED_TAG = "bundled-corpus"


def list_notebooks(directory: Path) -> list[Path]:
    """The notebook sources in reading order (``NN-name.py``)."""
    return sorted(p for p in Path(directory).glob("*.py") if NOTEBOOK_NAME.match(p.name))


def parameter_source(parameters: dict) -> str:
    """Python source assigning ``parameters`` (only JSON-like values)."""
    lines = ["# Parameters injected by `mediabias.site.execute`"]
    for key, value in sorted(parameters.items()):
        if not key.isidentifier():
            raise ValueError(f"parameter name {key!r} is not a Python identifier")
        lines.append(f"{key} = {value!r}")
    return "\n".join(lines)


def selection_is_bundled(parameters: dict | None = None) -> bool:
    """Whether the notebooks run on exactly the bundled corpus: the ``CORPUS`` parameter's articles (the bundled
    corpus when absent), restricted to ``STORY`` and ``OUTLETS``, are the bundled five. A corpus the analyst added
    articles to, or a selection of the bundled one, is not."""
    parameters = parameters or {}
    corpus = load_corpus(parameters.get("CORPUS"))
    story, outlets = parameters.get("STORY"), parameters.get("OUTLETS")
    selected = corpus.select(story=story, outlets=outlets) if (story or outlets) else corpus
    return paths.is_bundled_corpus(selected.articles["article_id"])


def without_bundled_prose(nb, source_name: str = "notebook"):
    """``nb`` without its cells tagged ``bundled-corpus`` (Markdown only: a code cell so tagged is refused, since
    dropping it could leave later cells without their variables)."""
    code = [i for i, c in enumerate(nb.cells) if BUNDLED_TAG in c.get("metadata", {}).get("tags", [])
            and c.cell_type != "markdown"]
    if code:
        raise ValueError(f"{source_name}: cell(s) {code} tagged {BUNDLED_TAG!r} are not Markdown; only prose may be "
                         "dropped on another corpus")
    nb.cells = [c for c in nb.cells if BUNDLED_TAG not in c.get("metadata", {}).get("tags", [])]
    return nb


def prepare(source: Path, *, parameters: dict | None = None, bundled: bool = True):
    """Read a jupytext source into a notebook with stable ids and injected parameters; with ``bundled`` false,
    without the prose written about the bundled corpus."""
    import jupytext
    import nbformat

    nb = jupytext.read(source)
    if not bundled:
        nb = without_bundled_prose(nb, source.name)
    if parameters:
        idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
        if idx is None:
            raise ValueError(f"{source.name}: no cell tagged 'parameters' to inject {sorted(parameters)} after")
        cell = nbformat.v4.new_code_cell(parameter_source(parameters), metadata={"tags": ["injected-parameters"]})
        nb.cells.insert(idx + 1, cell)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{source.stem}-{i:03d}"
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (mediabias)", "language": "python", "name": "python3"}
    nb.metadata.pop("jupytext", None)
    return nb


def clean(nb) -> None:
    """Remove volatile metadata in place (timings, execution dates)."""
    for cell in nb.cells:
        for key in VOLATILE_METADATA:
            cell.get("metadata", {}).pop(key, None)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)


def execute(source: Path, out: Path, *, parameters: dict | None = None, bundled: bool = True,
            timeout: int = 900) -> float:
    """Execute one notebook source into ``out``; return seconds taken. ``bundled`` false leaves out the prose
    written about the bundled corpus (:func:`without_bundled_prose`).

    Raises ``nbclient.exceptions.CellExecutionError`` (with the failing cell and traceback) when a
    cell fails; ``out`` is then left untouched.
    """
    import nbformat
    from nbclient import NotebookClient

    os.environ.setdefault("PYTHONHASHSEED", "0")
    for key, value in OFFLINE_ENV.items():  # inherited by the kernel: no hub access, no progress bars
        os.environ.setdefault(key, value)
    os.environ.setdefault("PYTHONWARNINGS", "ignore:IProgress not found")  # tqdm.auto inside transformers
    # the kernel must use the inline backend so figures are embedded in the notebook (an inherited
    # MPLBACKEND=Agg, e.g. from a script's environment, would silently drop them)
    os.environ.pop("MPLBACKEND", None)
    started = time.perf_counter()
    nb = prepare(source, parameters=parameters, bundled=bundled)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(source.parent)}})
    client.execute()
    clean(nb)
    with atomic_write(out) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(nb, fh)
    return time.perf_counter() - started


def analyze_first(corpus: str | Path | None = None) -> None:
    """Bring the results tables of ``corpus`` up to date here, with a progress bar on the terminal.

    The notebooks then only read cached tables: no analysis (and no model loading) runs inside a kernel,
    where its progress output would end up in the notebook. Raises :class:`AnalysisError` (after every other
    article was written) when some article could not be analysed: no notebook is run on partial tables.
    """
    print("analysing the corpus (cached per article; only new or changed articles are computed)", flush=True)
    found = failures(analyze(read_catalog(corpus), progress=True))
    if found:
        raise AnalysisError(found)


def execute_all(directory: Path, out_dir: Path, *, parameters: dict | None = None, only: list[str] | None = None,
                analyze: bool = True) -> list[Path]:
    """Execute every notebook of ``directory`` in order into ``out_dir``, printing progress.

    With ``analyze`` (the default) the corpus named by the ``CORPUS`` parameter (or the bundled one) is
    analysed first, so the notebooks read finished tables.
    """
    sources = list_notebooks(directory)
    if analyze:
        analyze_first((parameters or {}).get("CORPUS"))
    bundled = selection_is_bundled(parameters)
    if only:
        sources = [s for s in sources if any(s.stem.startswith(o) for o in only)]
    written = []
    for i, source in enumerate(sources, start=1):
        out = out_dir / f"{source.stem}.ipynb"
        print(f"[{i}/{len(sources)}] {source.name} → {out}", flush=True)
        seconds = execute(source, out, parameters=parameters, bundled=bundled)
        print(f"      done in {seconds:.1f} s", flush=True)
        written.append(out)
    return written


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Execute the notebooks and build the site.")
    parser.add_argument("--notebooks", default=str(paths.PROJECT_DIR / "notebooks"))
    parser.add_argument("--corpus", help="corpus directory (parameter CORPUS)")
    parser.add_argument("--story", help="restrict to one story (parameter STORY)")
    parser.add_argument("--outlets", help="comma-separated outlet ids (parameter OUTLETS)")
    parser.add_argument("--only", nargs="*", help="notebook name prefixes to run, e.g. 00 01")
    parser.add_argument("--out", help="output directory for executed notebooks (default: notebooks/ for the "
                                      "whole bundled corpus, build/<selection>/notebooks otherwise)")
    parser.add_argument("--site", help="site output directory (default: site/ or build/<selection>/site)")
    parser.add_argument("--no-site", action="store_true")
    args = parser.parse_args(argv)

    parameters = {}
    if args.corpus:
        parameters["CORPUS"] = str(Path(args.corpus).resolve())
    if args.story:
        parameters["STORY"] = args.story
    if args.outlets:
        parameters["OUTLETS"] = [o.strip() for o in args.outlets.split(",") if o.strip()]
    if parameters:
        label = "-".join(re.sub(r"[^a-z0-9]+", "_", str(v).lower()).strip("_") for _, v in sorted(parameters.items()))[:80]
        base = paths.PROJECT_DIR / "build" / label
        out_dir = Path(args.out) if args.out else base / "notebooks"
        site_dir = Path(args.site) if args.site else base / "site"
        figures = base / "figures"
        parameters["FIGURES"] = str(figures)
    else:
        out_dir = Path(args.out) if args.out else Path(args.notebooks)
        site_dir = Path(args.site) if args.site else paths.PROJECT_DIR / "site"
        figures = paths.figures_dir()
    started = time.perf_counter()
    try:
        execute_all(Path(args.notebooks), out_dir, parameters=parameters or None, only=args.only)
    except Exception as exc:  # nbclient's error already names the cell and traceback
        print(f"error: a notebook failed:\n{exc}", file=sys.stderr)
        return 1
    if not args.no_site:
        results = load_results(parameters.get("CORPUS"), story=parameters.get("STORY"),
                               outlets=parameters.get("OUTLETS"))
        index = build_site(out_dir, figures, site_dir, sources=Path(args.notebooks), results=results)
        print(f"site: {index}")
    print(f"notebooks and site built in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
