"""Fuzz suite (issue 14): generated front matter, JSON Lines records, HTML pages and text files through
``add`` → ``validate`` → ``analyze --steps articles segments``.

Properties, for every generated input:

* no traceback, ever: ``mediabias add`` either refuses (exit 2, ``error:`` lines) or adds (exit 0);
* a refused input leaves the corpus byte-identical (the lock file ``add`` creates aside);
* an accepted input leaves a corpus that ``validate`` passes and ``analyze`` processes, whose segments
  are exact slices of the article text.

Inputs mix valid values with hostile ones (wrong YAML types, aliases, tags, control characters, NUL,
over-long text, ``javascript:`` links, path traversal, slugs with a trailing newline, broken encodings,
deep nesting). Each example runs on a fresh copy of a one-article corpus whose results are already
computed, so only the new article is analysed. The runs are derandomized (same inputs on every run);
``MEDIABIAS_FUZZ_SCALE=10`` runs ten times as many, ``MEDIABIAS_FUZZ_RANDOM=1`` draws new ones.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mediabias.cli import build_parser  # noqa: E402
from mediabias.corpus import validate_corpus  # noqa: E402
from tests.test_ingest import STORY_TEXT, make_corpus, snapshot  # noqa: E402

SCALE = float(os.environ.get("MEDIABIAS_FUZZ_SCALE", "1"))
COUNTS = {"markdown": 700, "jsonl": 500, "text": 500, "html": 300}  # 2,000 inputs in all
SETTINGS = dict(deadline=None, database=None, derandomize=not os.environ.get("MEDIABIAS_FUZZ_RANDOM"),
                suppress_health_check=list(HealthCheck), print_blob=True)


# ------------------------------------------------------------------------------------ the harness
@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A one-article corpus, analysed once (its cache is copied with it into every example).

    In memory (``/dev/shm``) where the machine has it: thousands of small corpora are made and removed.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix="mediabias-fuzz-", dir=shm))
    else:
        root = tmp_path_factory.mktemp("fuzz")
    try:
        corpus = make_corpus(root)
        assert run(["analyze", "--corpus", str(corpus), "--steps", "articles", "segments", "--quiet"])[0] == 0
        yield corpus
    finally:
        shutil.rmtree(root, ignore_errors=True)


PARSER = build_parser()  # built once: building it costs more than refusing most inputs


def run(argv: list[str]) -> tuple[int, str, str]:
    """``mediabias ARGV`` in this process, as :func:`mediabias.cli.main` runs it: (exit status, stdout,
    stderr). Any exception propagates (a traceback fails the property)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = PARSER.parse_args(argv)
            code = int(args.func(args) or 0)
        except SystemExit as exc:  # argparse refuses a malformed option value
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


INPUT = "{input}"  # in ``args``: where the input file goes (else it is the one FILE argument)


def restore(corpus: Path, saved: dict[str, bytes]) -> None:
    """Put the corpus back as ``saved`` (a :func:`snapshot`): remove new files, rewrite changed ones."""
    for path in sorted(corpus.rglob("*"), reverse=True):
        rel = str(path.relative_to(corpus))
        if path.is_file() and rel not in saved and path.name != ".mediabias.lock":
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for rel, data in saved.items():
        target = corpus / rel
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def check(template: Path, name: str, data: bytes, args: list[str]) -> str:
    """Add one input to ``template`` and check the properties; return "added" or "refused".

    The corpus is restored afterwards (an accepted input's files removed), so every example starts from
    the same one-article corpus with its results already computed."""
    corpus, src = template, template.parent / "inputs" / name
    src.parent.mkdir(exist_ok=True)
    src.write_bytes(data)
    before = snapshot(corpus)
    try:
        argv = [str(src) if a == INPUT else a for a in args] if INPUT in args else [str(src), *args]
        code, out, err = run(["add", "--corpus", str(corpus), *argv])
        assert "Traceback" not in err + out
        if code != 0:
            assert code == 2, (code, err)
            assert err.startswith("error: ") and "nothing was written" in err, err
            assert snapshot(corpus) == before, "a refused input changed the corpus"
            return "refused"
        # add validated the whole corpus after writing (a problem would be a "warning" line) ...
        n_added = len(re.findall(r"^added articles/", out, flags=re.M))
        assert n_added and "warning" not in err, out + err
        assert validate_corpus(corpus) == []
        # ... and analyze loads it again (an invalid corpus exits 2) and computes the new article
        code, out, err = run(["analyze", "--corpus", str(corpus), "--steps", "articles", "segments", "--quiet"])
        assert code == 0 and re.search(r"segments\s+computed\s+(\d+)", out).group(1) == str(n_added), out + err
        seg = pd.read_parquet(corpus / "results" / "segments.parquet", columns=["article_id", "start", "end", "text"])
        assert (seg["end"] - seg["start"] == seg["text"].str.len()).all()
        return "added"
    finally:
        restore(corpus, before)
        src.unlink()


def fuzz(kind: str, strategy, template: Path) -> None:
    """Run ``strategy`` (drawing ``(file name, bytes, args)``) through :func:`check` ``COUNTS[kind]`` times."""
    outcomes = []

    @settings(max_examples=int(COUNTS[kind] * SCALE), **SETTINGS)
    @given(strategy)
    def example(case):
        name, data, args = case
        outcomes.append(check(template, name, data, args))

    example()
    assert len(outcomes) >= COUNTS[kind] * SCALE
    # both sides of the property are exercised: some inputs accepted, some refused
    assert outcomes.count("added") >= len(outcomes) // 20 and outcomes.count("refused") >= len(outcomes) // 20, \
        {o: outcomes.count(o) for o in set(outcomes)}


# ------------------------------------------------------------------------------------- strategies
WORDS = ("the council voted on tuesday to close old harbour bridge for repairs decision that will reroute "
         "thousands of commuters engineers replace rusted cables residents spoke meeting were divided mayor "
         "promised free shuttle buses work finished before winter storms officials said troops convoy").split()
HOSTILE_STRINGS = [
    "[click](javascript:alert(4))", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "md-nl\n",
    "../../../../etc/passwd", "raw/../outlets.csv", "raw/SHA256SUMS", "2011-02-30", "HTTP://EXAMPLE.COM/a",
    "javascript:alert(1)", "data:text/html,<b>x</b>", "2011-10-22T10:00:00Z", "S1;rm -rf /", "evil\n", " ",
    "", "null", "~", "yes", "0x1F", "1e3", "> [!excerpt nyt]", "[!excerpt wsj]", "---", "a\x00b", "a\u2028b",
    "\ufeffbom", "é" * 3, "x" * 501, "\t", "'quoted'", '"', "#comment", "&anchor", "*alias", "!tag x", "%YAML",
]
nasty_text = st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(max_size=30),
                       st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=20))
_rng = random.Random(14)
SENTENCES = [" ".join(_rng.choices(WORDS, k=_rng.randint(4, 14))).capitalize() + "." for _ in range(300)]
sentence = st.sampled_from(SENTENCES)  # one draw per sentence keeps generation cheap
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
hostile_value = st.one_of(
    nasty_text, st.integers(), st.floats(), st.none(), st.booleans(), st.dates(),
    st.lists(st.one_of(st.text(max_size=6), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2), st.text(min_size=480, max_size=520),
)


def fields(draw, valid: dict, hostile: dict | None = None, *, optional=(), required=()) -> dict:
    """Values for ``valid``'s keys: valid ones, except for zero to two keys (chosen at random) given a
    ``hostile`` value; optional keys often left out, a required one sometimes missing."""
    bad = set(draw(st.lists(st.sampled_from(sorted(valid)), max_size=draw(st.sampled_from([0, 0, 0, 1, 1, 2])))))
    out = {}
    for key, strategy in valid.items():
        if key in optional and draw(st.booleans()):
            continue
        if key in required and draw(st.integers(0, 40)) == 0:
            continue
        out[key] = draw((hostile or {}).get(key, hostile_value) if key in bad else strategy)
    return out


@st.composite
def body_text(draw, *, words_floor: bool = True) -> str:
    """A body: the made-up story's paragraphs or generated ones, sometimes with hostile lines or excerpts."""
    paras = draw(st.lists(paragraph, min_size=1, max_size=4))
    if words_floor and draw(st.booleans()):
        paras = STORY_TEXT.split("\n\n") + paras
    extras = draw(st.lists(st.one_of(
        nasty_text, st.just("> [!excerpt nyt]\n> Commanders had hoped to keep a small force behind."),
        st.just("> [!excerpt unknown]\n> A passage of unknown origin."), st.just("> a quote with no header"),
        st.just("> [!excerpt nyt]"), paragraph), max_size=3))
    for e in extras:
        paras.insert(draw(st.integers(0, len(paras))), e)
    return "\n\n".join(paras)


FIELDS = {
    "id": st.sampled_from(["fuzz-article", "fuzz_2", "0a"]),
    "title": st.one_of(paragraph.map(lambda p: p[:120]), st.just("NYT: a title: with colons & 'quotes'")),
    "outlet": st.sampled_from(["hotair", "nyt"]),
    "authors": st.lists(st.sampled_from(["Ann Writer", "Bo Kim", "Zoë O’Neil"]), max_size=3),
    "published": st.one_of(st.just("2011-10-23"), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))),
    "date_note": paragraph,
    "url": st.sampled_from(["https://hotair.com/fuzz/", "HTTPS://NYT.COM/x?utm_source=a", None]),
    "story": st.sampled_from(["withdrawal", "fuzz-story"]),
    "raw": st.sampled_from(["raw/seed-article.txt", None]),
    "dek": paragraph,
}
YAML_MUTATIONS = [
    lambda y: y.replace("title:", "title: &t", 1) + "dek: *t\n",
    lambda y: y.replace("title:", "title: !custom", 1),
    lambda y: y.replace("title:", "title: !!python/object:os.system", 1),
    lambda y: y + "story: other\n",
    lambda y: y + "sotry: typo\n",
    lambda y: y.replace("id:", "id: [unclosed", 1),
    lambda y: y + "authors: [" * 40 + "]" * 40 + "\n",
    lambda y: y.replace("\n", "\n\t", 1),
    lambda y: "",
    lambda y: "- a\n- list\n",
]


@st.composite
def markdown_inputs(draw):
    meta = fields(draw, FIELDS, optional=("dek", "date_note", "raw", "authors", "url"),
                  required=("id", "title", "outlet", "published", "story"))
    front = yaml.safe_dump(meta, allow_unicode=draw(st.booleans()), sort_keys=False, width=draw(st.sampled_from([80, 1000])))
    if draw(st.sampled_from([False] * 5 + [True])):
        front = draw(st.sampled_from(YAML_MUTATIONS))(front)
    text = f"---\n{front}---\n\n{draw(body_text())}\n"
    data = text.encode("utf-8", "surrogatepass")
    return "in.md", data, []


RECORD_FIELDS = {
    "ID": st.one_of(st.integers(0, 10**6), st.text(max_size=8)),
    "source": st.sampled_from(["New York Times - News", "HotAir", "nyt", "Unknown Outlet"]),
    "url": st.sampled_from(["https://www.nytimes.com/2024/03/05/bridge.html", "HTTP://EXAMPLE.com/x", None]),
    "date": st.sampled_from(["2024-03-05", "3/5/24", "2024-03-05T08:00:00Z", "", None]),
    "authors": st.one_of(st.just("Ann Lee, Bo Kim"), st.lists(st.sampled_from(["Ann Lee", "Bo Kim"]), max_size=2)),
    "title": paragraph.map(lambda p: p[:100]),
    "topic": st.sampled_from(["Gun Control", "withdrawal", "S1;rm", "s1\n"]),
    "content_original": st.one_of(body_text(), st.lists(paragraph, min_size=3, max_size=8),
                                  st.lists(st.lists(sentence, min_size=1, max_size=3), min_size=3, max_size=6)),
}
GARBAGE_LINES = [b"not json", b"[" * 5000 + b"]" * 5000, b'{"title": "x"', b"\xff\xfe{}", b"[1, 2]", b'"a string"', b"{}"]


@st.composite
def jsonl_inputs(draw):
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 8)) == 0:
            lines.append(draw(st.sampled_from(GARBAGE_LINES)))
            continue
        record = fields(draw, RECORD_FIELDS, optional=("ID", "url", "authors", "topic"), required=("title", "date", "source"))
        lines.append(json.dumps(record, ensure_ascii=draw(st.booleans()), default=str).encode("utf-8", "surrogatepass"))
    args = draw(st.sampled_from([["--story", "s", "--outlet-map", "New York Times - News=nyt", "--outlet-map", "HotAir=hotair"],
                                 ["--map", "story=topic", "--outlet-map", "New York Times - News=nyt"],
                                 ["--story", "s", "--outlet", "nyt"]]))
    return "in.jsonl", b"\n".join(lines) + b"\n", ["--from-jsonl", INPUT, *args]


option_text = nasty_text.filter(lambda s: not s.startswith("-"))
OPTION_VALUES = {
    "--outlet": st.sampled_from(["nyt", "hotair"]),
    "--story": st.sampled_from(["s", "fuzz-story"]),
    "--published": st.sampled_from(["2024-03-05", "3/5/24"]),
    "--url": st.sampled_from(["https://nyt.com/fuzz", "HTTP://NYT.COM/FUZZ"]),
    "--authors": st.sampled_from(["Ann Lee; Bo Kim", "Zoë O’Neil"]),
}
OPTION_HOSTILE = {"--outlet": st.sampled_from(["evil\n", "NYT", "nope", ""]),
                  "--published": st.sampled_from(["2024-02-30", "soon", ""]),
                  "--story": option_text, "--url": option_text, "--authors": option_text}


def options(draw, keys) -> list[str]:
    values = fields(draw, {k: OPTION_VALUES[k] for k in keys}, OPTION_HOSTILE, optional=("--url", "--authors"))
    return [x for k, v in values.items() for x in (k, v)]


@st.composite
def text_inputs(draw):
    title = draw(st.one_of(paragraph.map(lambda p: p[:80]), paragraph.map(lambda p: p[:80]), nasty_text))
    text = f"{title}\n\n{draw(body_text())}\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "utf-8-sig", "latin-1", "bytes"]))
    if encoding == "bytes":
        data = draw(st.binary(max_size=400)) + text.encode("utf-8", "surrogatepass")
    else:
        data = text.encode(encoding, "replace" if encoding == "latin-1" else "surrogatepass")
    if draw(st.integers(0, 10)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    return "in.txt", data, options(draw, ["--outlet", "--story", "--published", "--url", "--authors"])


@st.composite
def html_inputs(draw):
    def esc(s: str) -> str:
        return draw(st.sampled_from([lambda x: x, lambda x: x.replace("<", "&lt;")]))(s)

    title = draw(st.one_of(paragraph.map(lambda p: p[:80]), paragraph.map(lambda p: p[:80]), nasty_text))
    paras = draw(st.lists(st.one_of(paragraph, paragraph, nasty_text), min_size=2, max_size=6))
    inserts = draw(st.lists(st.sampled_from([
        '<script>document.write("x")</script>', '<p onclick="alert(1)">Click here for the harbour news.</p>',
        '<p><a href="javascript:alert(1)">a link</a> in the text about the bridge repairs.</p>',
        '<blockquote cite="https://www.nytimes.com/x"><p>Commanders had hoped to keep a small force behind.</p></blockquote>',
        "<blockquote><p>A passage from somewhere, quoted by the blogger.</p></blockquote>",
        '<iframe src="https://evil.example/"></iframe>', "<p>&#0; &#x1F; &amp;#x6A;avascript:</p>",
    ]), max_size=3))
    body = "".join(f"<p>{esc(p)}</p>" for p in STORY_TEXT.split("\n\n") + paras) + "".join(inserts)
    site = draw(st.sampled_from(["Hot Air", "The New York Times", "Unknown Site"]))
    date = draw(st.sampled_from(["2024-03-05", "", "not a date"]))
    page = (f"<!DOCTYPE html><html><head><title>{esc(title)}</title><meta property=\"og:title\" content=\"{esc(title)}\">"
            f"<meta property=\"og:site_name\" content=\"{site}\">"
            + (f"<meta property=\"article:published_time\" content=\"{date}\">" if date else "")
            + f"</head><body><article><h1>{esc(title)}</h1>{body}</article></body></html>")
    charset = draw(st.sampled_from(["utf-8", "utf-8", "utf-16"]))
    return "in.html", page.encode(charset, "surrogatepass"), options(draw, ["--story"]) + ["--outlet", "nyt"] * draw(st.booleans())


# ------------------------------------------------------------------------------------------ tests
def test_fuzz_markdown_front_matter(template):
    fuzz("markdown", markdown_inputs(), template)


def test_fuzz_jsonl_records(template):
    fuzz("jsonl", jsonl_inputs(), template)


def test_fuzz_text_files(template):
    fuzz("text", text_inputs(), template)


def test_fuzz_html_pages(template):
    fuzz("html", html_inputs(), template)

