"""Issue 14, hardening: each of the ten ways a hostile or unlucky user broke a corpus, as a regression test.

Every test works on a tiny corpus in ``tmp_path`` (``tests.ingest.test_ingest.make_corpus``); the concurrency
test (points 1 and 2, 20 processes at once) is in ``tests/ingest/test_concurrency.py``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import re
import subprocess

import pandas as pd
import pytest

from mediabias import paths
from mediabias.pipeline import store
from mediabias.corpus import schema
from mediabias.site import safety as sitesafety
from mediabias.cli import main
from mediabias.corpus import CorpusError, load_corpus, validate_corpus
from mediabias.views.overview import date_notes_html
from tests.ingest.test_ingest import SEED, STORY_TEXT, make_corpus, snapshot, variant, write
from mediabias.site.build import build_site
from mediabias.site.execute import execute


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path)


def add(corpus, *args: str) -> int:
    return main(["add", "--corpus", str(corpus), *args])


def article_md(aid: str = "second", *, title: str = "'A second article'", extra: str = "", text: str = STORY_TEXT,
               url: str = "https://hotair.com/second/") -> str:
    """A valid Markdown article for the tiny corpus (``title`` and ``extra`` are raw YAML)."""
    return (f"---\nid: {aid}\ntitle: {title}\noutlet: hotair\nauthors: [Ann Writer]\npublished: '2011-10-23'\n"
            f"url: {url}\nstory: withdrawal\n{extra}---\n\n{text}\n")


def one_error_line(err: str) -> list[str]:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert "Traceback" not in err
    return lines


# ----------------------------------------------------------------------- 2. the checksum list both ways
def test_validate_reports_a_raw_file_missing_from_the_checksum_list(corpus):
    (corpus / "raw" / "stray.txt").write_bytes(b"not listed")
    assert [str(p) for p in validate_corpus(corpus)] == [
        "raw/stray.txt: not listed in raw/SHA256SUMS: add its line (`cd raw && sha256sum stray.txt >> SHA256SUMS`) "
        "or remove the file"]


def test_validate_reports_a_listed_file_absent_on_disk(corpus):
    with (corpus / "raw" / "SHA256SUMS").open("a") as fh:
        fh.write(f"{'0' * 64}  gone.txt\n")
    assert [str(p) for p in validate_corpus(corpus)] == ["raw/gone.txt: listed in raw/SHA256SUMS but missing"]


# ------------------------------------------------------------------------- 3. no live link from data
EVIL_NOTE = "[click](javascript:alert(4))"


def test_date_note_is_text_not_a_link():
    out = date_notes_html(pd.DataFrame({"article_id": ["a1"], "published": ["2011-10-22"],
                                        "date_note": [EVIL_NOTE + " <img src=x onerror=alert(5)>"]}))
    assert "<a" not in out and "<img" not in out
    assert "[click](javascript:alert(4)) &lt;img src=x onerror=alert(5)&gt;" in out
    assert sitesafety.unsafe_markup(out) == []


def _site_of(tmp_path, outputs: list[dict]):
    """Build the site from one executed notebook holding ``outputs`` (through nbconvert, as for real pages)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A page"), nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data=o) for o in outputs])]
    (tmp_path / "nb").mkdir()
    nbformat.write(nb, tmp_path / "nb" / "00-page.ipynb")
    build_site(tmp_path / "nb", tmp_path / "figures", tmp_path / "site")
    return tmp_path / "site"


def test_site_check_catches_the_old_markdown_rendering_of_a_date_note(tmp_path):
    import html

    site = _site_of(tmp_path, [{"text/markdown": f"* `a1`: {html.escape(EVIL_NOTE)}"}])
    problems = sitesafety.check_site_files(site)
    assert problems == ["00-page.html: javascript: URL in <a href>: 'javascript:alert(4)'"], problems


def test_site_with_the_date_note_as_html_is_clean(tmp_path):
    frame = pd.DataFrame({"article_id": ["a1"], "published": ["2011-10-22"], "date_note": [EVIL_NOTE]})
    site = _site_of(tmp_path, [{"text/html": date_notes_html(frame)}])
    assert sitesafety.check_site_files(site) == []
    assert "[click](javascript:alert(4))" in (site / "00-page.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("markup, found", [
    ('<a href="javascript:alert(1)">x</a>', "javascript: URL in <a href>"),
    ('<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', "javascript: URL in <a href>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data: URL in <a href>"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "data: URL in <img src>"),
    ('<p onclick="alert(1)">x</p>', "inline event handler onclick"),
    ("<script>alert(1)</script>", "<script> element"),
    ('<iframe src="https://x.org"></iframe>', "<iframe> element"),
    ('<div style="background:url(javascript:alert(1))">', "javascript: URL in <div style>"),
])
def test_site_check_flags_live_markup(markup, found):
    problems = sitesafety.unsafe_markup(markup, page="p.html")
    assert len(problems) == 1 and found in problems[0], problems


def test_site_check_allows_what_the_site_writes():
    own = ('<link rel="icon" href="data:,"><img src="data:image/png;base64,iVBORw0KGgo="><a href="01-x.html#a">x</a>'
           '<a href="https://example.org/">y</a><a href="mailto:a@b.org">z</a>')
    assert sitesafety.unsafe_markup(own) == []


@pytest.mark.slow  # 11 s on an idle machine: run with `pytest -m slow` (keeps `make test` within 6 min)
def test_notebook_00_on_a_corpus_with_a_hostile_date_note_builds_a_safe_site(tmp_path):
    """The reported case end to end: date_note '[click](javascript:alert(4))' through 00-corpus and the site."""
    from tests.conftest import one_article_corpus

    corpus = one_article_corpus(tmp_path, "The troops left the base on Tuesday. The convoy drove south.\n")
    art = next((corpus / "articles").glob("004_*.md"))
    text = re.sub(r"\ndate_note:.*?\n(?=\S)", f"\ndate_note: '{EVIL_NOTE}'\n", art.read_text(encoding="utf-8"), count=1, flags=re.S)
    assert f"date_note: '{EVIL_NOTE}'" in text
    art.write_text(text, encoding="utf-8")
    assert validate_corpus(corpus) == []
    source = paths.PROJECT_DIR / "notebooks" / "00-corpus.py"
    execute(source, tmp_path / "nb" / "00-corpus.ipynb",
            parameters={"CORPUS": str(corpus), "FIGURES": str(tmp_path / "figures")})
    build_site(tmp_path / "nb", tmp_path / "figures", tmp_path / "site")
    page = (tmp_path / "site" / "00-corpus.html").read_text(encoding="utf-8")
    assert "[click](javascript:alert(4))" in page
    assert sitesafety.check_site_files(tmp_path / "site") == []


# --------------------------------------------------------------------- 4. billion laughs, 5. types
LAUGHS = "title: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n" + "".join(
    f"t{i}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))


def test_billion_laughs_refused_by_add(corpus, tmp_path, capsys):
    md = article_md(title="x").replace("title: x\n", LAUGHS)
    assert len(md.encode()) < 1500
    before = snapshot(corpus)
    assert add(corpus, str(write(tmp_path, "laughs.md", md))) == 2
    lines = one_error_line(capsys.readouterr().err)
    assert lines == [f"error: {tmp_path / 'laughs.md'}:3: front matter: YAML anchor '&a': aliases and anchors are "
                     "refused; write the value out"]
    assert snapshot(corpus) == before


def test_billion_laughs_in_the_corpus_is_a_problem_not_a_memory_error(corpus):
    md = article_md(title="x").replace("title: x\n", LAUGHS)
    (corpus / "articles" / "second.md").write_text(md, encoding="utf-8")
    assert [str(p) for p in validate_corpus(corpus)] == [
        "articles/second.md:3: front matter: YAML anchor '&a': aliases and anchors are refused; write the value out"]
    with pytest.raises(CorpusError):
        load_corpus(corpus)


@pytest.mark.parametrize("yaml_tag", ["!!python/object:os.system {}", "!custom x", "!!binary aGk="])
def test_non_standard_tags_refused(yaml_tag):
    with pytest.raises(schema.FrontMatterError, match="YAML tag .* is refused"):
        schema.load_front_matter(f"id: a\ntitle: {yaml_tag}\n")


TYPE_CASES = [
    ("integer id", "id: 123", "id: must be text, not int 123"),
    ("dict title", "title: {a: 1}", "title: must be text, not dict {'a': 1}"),
    ("list title", "title: [a, b]", "title: must be text, not list ['a', 'b']"),
    ("nan title", "title: .nan", "title: must be text, not float nan"),
    ("long title", "title: " + "x" * 600, "title: is 600 characters long; at most 500"),
    ("1 MB title", "title: " + "x" * 1_000_000, "front matter: front matter of 1,000,130 bytes is too large (at most 65,536)"),
    ("dict author", "authors: [{a: 1}]", "authors[0]: must be text, not dict {'a': 1}"),
    ("author string", "authors: Ann", "authors: must be a list of names"),
    ("raw outside", "raw: ../../../../etc/passwd",
     "raw: '../../../../etc/passwd' must name a file directly inside the corpus's raw/ folder"),
    ("raw absolute", "raw: /etc/passwd", "must name a file directly inside the corpus's raw/ folder"),
    ("datetime", "published: 2011-10-23 10:00:00", "published: bad date"),
    ("duplicate field", "story: withdrawal\nstory: other", "field 'story' given twice"),
]


@pytest.mark.parametrize("name, line, message", TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_wrong_types_refused_by_add_and_validate(corpus, tmp_path, capsys, name, line, message):
    field = line.split(":")[0]
    md = article_md()
    if f"\n{field}:" in md:
        md = "\n".join(line if ln.startswith(f"{field}:") else ln for ln in md.split("\n"))
    else:
        md = md.replace("---\n\n", f"{line}\n---\n\n", 1)
    before = snapshot(corpus)
    assert add(corpus, str(write(tmp_path, "second.md", md))) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert snapshot(corpus) == before
    (corpus / "articles" / "second.md").write_text(md, encoding="utf-8")
    found = [str(p) for p in validate_corpus(corpus)]
    assert any(message in p and p.startswith("articles/second.md:") for p in found), found


def test_integer_id_with_a_shared_date_does_not_break_validate(corpus):
    """Reported: ``validate`` raised TypeError when another article had the same date."""
    md = article_md().replace("id: second", "id: 123").replace("'2011-10-23'", "'2011-10-22'")
    (corpus / "articles" / "123.md").write_text(md, encoding="utf-8")
    assert [str(p) for p in validate_corpus(corpus)] == ["articles/123.md:2: id: must be text, not int 123 (quote it: '...')"]
    assert main(["analyze", "--corpus", str(corpus), "--steps", "articles", "--quiet"]) == 2


# ------------------------------------------------------------------------------- 6. full-match ids
def test_id_with_a_trailing_newline_refused(corpus, tmp_path, capsys):
    md = article_md(aid='"md-nl\\n"')
    assert add(corpus, str(write(tmp_path, "x.md", md))) == 2
    assert "front matter id 'md-nl\\n' is not a valid id (lowercase letters, digits, - and _)" in capsys.readouterr().err
    assert sorted(p.name for p in (corpus / "articles").iterdir()) == ["seed-article.md"]


def test_new_outlet_id_with_a_newline_refused(corpus, tmp_path, capsys):
    before = snapshot(corpus)
    code = add(corpus, str(write(tmp_path, "a.txt", "Bridge\n\n" + STORY_TEXT)), "--outlet", "evil\n",
               "--new-outlet", "Evil", "--kind", "blog", "--story", "s", "--published", "2024-03-05")
    assert code == 2
    assert "'evil\\n' is not a valid outlet id" in capsys.readouterr().err
    assert snapshot(corpus) == before


@pytest.mark.parametrize("story, suggestion", [("s1\n", "'s1'"), ("S1;rm", "'s1-rm'")])
def test_story_option_must_be_an_id(corpus, tmp_path, capsys, story, suggestion):
    before = snapshot(corpus)
    code = add(corpus, str(write(tmp_path, "a.txt", "Bridge\n\n" + STORY_TEXT)), "--outlet", "nyt",
               "--story", story, "--published", "2024-03-05")
    assert code == 2
    err = capsys.readouterr().err
    assert f"--story {story!r} is not a valid id (lowercase letters, digits, - and _); try {suggestion}" in err
    assert snapshot(corpus) == before


def test_outlets_csv_with_a_line_break_in_an_id_is_reported(corpus):
    with (corpus / "outlets.csv").open("a", encoding="utf-8") as fh:
        fh.write('"evil\n",Evil,blog,US,,\n')
    found = [str(p) for p in validate_corpus(corpus)]
    assert found == ["outlets.csv: line 4 outlet_id: contains a control character (a line break?); remove it"]


# --------------------------------------------------------------------------------- 7. NUL bytes
def test_nul_byte_after_the_first_8_kb_refused(corpus, tmp_path, capsys):
    data = ("Bridge\n\n" + STORY_TEXT + "\n\n" + "more words here " * 800).encode() + b"\x00tail\n"
    assert data.index(b"\x00") > 8192
    before = snapshot(corpus)
    assert add(corpus, str(write(tmp_path, "a.txt", data)), "--outlet", "nyt", "--story", "s", "--published", "2024-03-05") == 2
    assert "binary file (a NUL byte at byte 13,302, line 9)" in capsys.readouterr().err
    assert snapshot(corpus) == before


def test_nul_character_in_a_record_refused(corpus, tmp_path, capsys):
    rec = {"title": "Bridge", "date": "2024-03-05", "source": "nyt", "content_original": STORY_TEXT + "\u0000x"}
    src = write(tmp_path, "r.jsonl", json.dumps(rec) + "\n")
    assert add(corpus, "--from-jsonl", str(src), "--story", "s") == 2
    err = capsys.readouterr().err
    assert "control character U+0000" in err and "Traceback" not in err


# ------------------------------------------------------------------------ 8. messages, not tracebacks
@pytest.mark.parametrize("content, message", [
    (b"not a checksum line\n", "raw/SHA256SUMS:2: malformed line 'not a checksum line'"),
    (b"\xff\xfe garbage\n", "raw/SHA256SUMS:2: not valid UTF-8 (byte 0xff)"),
])
def test_bad_checksum_list_is_a_message(corpus, tmp_path, capsys, content, message):
    sums = corpus / "raw" / "SHA256SUMS"
    sums.write_bytes(sums.read_bytes() + content)
    assert main(["validate", "--corpus", str(corpus)]) == 2
    assert message in capsys.readouterr().err
    before = snapshot(corpus)
    code = add(corpus, str(write(tmp_path, "a.txt", "Bridge\n\n" + STORY_TEXT)), "--outlet", "nyt", "--story", "s",
               "--published", "2024-03-05")
    assert code == 2
    lines = one_error_line(capsys.readouterr().err)
    assert len(lines) == 1 and lines[0].startswith("error: raw/SHA256SUMS: ") and "fix the file" in lines[0]
    assert snapshot(corpus) == before


def fail_parquet_writes(monkeypatch, fail) -> None:
    """Make every Parquet write fail: parts, tables written at once and tables streamed all open a ParquetWriter."""
    import pyarrow.parquet.core as pqcore

    monkeypatch.setattr(pqcore.ParquetWriter, "__init__", lambda self, where, *args, **kwargs: fail(where))


def test_full_results_disk_is_one_line_and_leaves_no_temporary_file(corpus, monkeypatch, capsys):
    def full(path):
        with open(path, "wb") as fh:
            fh.write(b"PAR1 partial")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    fail_parquet_writes(monkeypatch, full)
    assert main(["analyze", "--corpus", str(corpus), "--steps", "articles", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert one_error_line(err) == [line for line in err.splitlines() if line]
    assert "No space left on device" in err and "--results" in err
    assert not [p for p in (corpus / "results").rglob("*") if p.name.endswith(".tmp")]


def test_read_only_results_folder_is_one_line(corpus, monkeypatch, capsys):
    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    fail_parquet_writes(monkeypatch, denied)
    assert main(["analyze", "--corpus", str(corpus), "--steps", "articles", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert len(one_error_line(err)) == 1 and "Permission denied" in err


def test_deeply_nested_json_line_is_a_message(corpus, tmp_path, capsys):
    src = write(tmp_path, "deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n")
    assert add(corpus, "--from-jsonl", str(src), "--story", "s") == 2
    lines = one_error_line(capsys.readouterr().err)
    assert lines == ["error: deep.jsonl line 1: JSON nested too deeply to be an article record"]


@pytest.mark.parametrize("field, value, message", [
    ("title", {"a": 1}, "field 'title' (title): must be text, not dict"),
    ("authors", [{"a": 1}], "field 'authors' (authors[0]): must be text, not dict"),
    ("content_original", [[["x"]]], "field 'content_original' (body"),
])
def test_record_fields_of_the_wrong_type_are_refused(corpus, tmp_path, capsys, field, value, message):
    rec = {"title": "Bridge", "date": "2024-03-05", "source": "nyt", "content_original": STORY_TEXT, field: value}
    src = write(tmp_path, "r.jsonl", json.dumps(rec) + "\n")
    assert add(corpus, "--from-jsonl", str(src), "--story", "s") == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


# ------------------------------------------------------------------------- 9. results per corpus
def test_two_corpora_in_one_folder_keep_their_own_results(tmp_path):
    a = make_corpus(tmp_path / "a")
    b = (tmp_path / "a" / "my-corpus")
    import shutil

    shutil.copytree(a, b)
    art = b / "articles" / "seed-article.md"
    art.write_text(art.read_text(encoding="utf-8").replace("title: Troops leave the city", "title: Other title"),
                   encoding="utf-8")
    assert paths.results_dir(a) == a / "results" and paths.results_dir(b) == b / "results"
    for c in (a, b):
        assert main(["analyze", "--corpus", str(c), "--steps", "articles", "--quiet"]) == 0
    assert pd.read_parquet(a / "results" / "articles.parquet")["title"].tolist() == ["Troops leave the city"]
    assert pd.read_parquet(b / "results" / "articles.parquet")["title"].tolist() == ["Other title"]
    assert (a / "results" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert validate_corpus(a) == []  # the results folder is not corpus data


def test_bundled_corpus_results_are_git_ignored():
    target = paths.results_dir(paths.PROJECT_DIR / "corpus") / "articles.parquet"
    done = subprocess.run(["git", "check-ignore", "-q", str(target)], cwd=paths.PROJECT_DIR)
    if done.returncode == 128:
        pytest.skip("not a git checkout")
    assert done.returncode == 0


# ------------------------------------------------------------------------------------- 10. small
def test_recomputing_x_keeps_the_cache_of_x_2(corpus, tmp_path):
    args = ["--outlet", "nyt", "--story", "s", "--published", "2024-03-05", "--title", "Bridge"]
    assert add(corpus, str(write(tmp_path, "a.txt", STORY_TEXT)), *args) == 0
    assert add(corpus, str(write(tmp_path, "b.txt", variant(1))), *args) == 0
    assert main(["analyze", "--corpus", str(corpus), "--steps", "articles", "--quiet"]) == 0
    results = corpus / "results"
    kept = {k: p for k, p in store.read_index(results, "articles").items() if k[0] == "nyt-2024-03-05-bridge-2"}
    art = corpus / "articles" / "nyt-2024-03-05-bridge.md"
    art.write_text(art.read_text(encoding="utf-8").replace("title: Bridge", "title: Bridge closed"), encoding="utf-8")
    assert main(["analyze", "--corpus", str(corpus), "--steps", "articles", "--quiet"]) == 0
    index = store.read_index(results, "articles")
    assert len(kept) == 1 and all(k in index for k in kept)  # x-2 was not recomputed
    assert len([k for k in index if k[0] == "nyt-2024-03-05-bridge"]) == 1  # the old version's rows are gone
    assert store.read_table(results, "articles").set_index("article_id").loc["nyt-2024-03-05-bridge", "title"] \
        == "Bridge closed"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_is_read(corpus, tmp_path, encoding):
    data = ("\ufeff" if encoding == "utf-16-be" else "") + "Bridge closes\n\n" + STORY_TEXT
    src = write(tmp_path, "a.txt", data.encode(encoding))
    assert add(corpus, str(src), "--outlet", "nyt", "--story", "s", "--published", "2024-03-05") == 0
    text = (corpus / "articles" / "nyt-2024-03-05-bridge-closes.md").read_text(encoding="utf-8")
    assert "title: Bridge closes" in text and "harbour bridge" in text
    raw = next((corpus / "raw").glob("nyt-2024-03-05-bridge-closes_*.txt"))
    assert raw.read_bytes() == src.read_bytes()
    assert validate_corpus(corpus) == []


def test_upper_case_scheme_url_is_accepted(corpus, tmp_path):
    src = write(tmp_path, "a.txt", "Bridge\n\n" + STORY_TEXT)
    assert add(corpus, str(src), "--outlet", "nyt", "--story", "s", "--published", "2024-03-05",
               "--url", "HTTP://EXAMPLE.com/bridge") == 0
    assert validate_corpus(corpus) == []


def test_a_folder_given_as_file_says_so(corpus, tmp_path, capsys):
    (tmp_path / "inbox").mkdir()
    assert add(corpus, str(tmp_path / "inbox"), "--outlet", "nyt", "--story", "s") == 2
    assert f"error: {tmp_path / 'inbox'}: is a folder, not a file" in capsys.readouterr().err


def test_record_topic_slugged_with_a_note(corpus, tmp_path, capsys):
    rec = {"title": "Bridge", "date": "2024-03-05", "source": "nyt", "topic": "Gun Control", "content_original": STORY_TEXT}
    src = write(tmp_path, "r.jsonl", json.dumps(rec) + "\n")
    assert add(corpus, "--from-jsonl", str(src), "--map", "story=topic") == 0
    assert "note: story 'Gun Control' is not an id; written as 'gun-control'" in capsys.readouterr().out


def test_body_problems_count_lines_from_the_top_of_the_file(corpus):
    md = article_md(text="First paragraph.\n\n> [!excerpt wsj]\n> Quoted.")
    (corpus / "articles" / "second.md").write_text(md, encoding="utf-8")
    lines = md.split("\n")
    expected = lines.index("> [!excerpt wsj]") + 1
    assert expected == 13
    assert [str(p) for p in validate_corpus(corpus)] == [
        f"articles/second.md:{expected}: body: excerpt from unknown outlet 'wsj'; known: hotair, nyt or 'unknown'"]


def test_bundled_corpus_passes_the_schema_and_its_checksums():
    """The schema accepts every bundled article as it is (no field had to change)."""
    sums = (paths.PROJECT_DIR / "corpus" / "raw" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    for line in sums:
        digest, name = line.split()
        assert hashlib.sha256((paths.PROJECT_DIR / "corpus" / "raw" / name).read_bytes()).hexdigest() == digest
    assert validate_corpus(paths.PROJECT_DIR / "corpus") == []


def test_a_typed_field_problem_does_not_hide_the_others(corpus):
    md = article_md().replace("outlet: hotair", "outlet: breitbart").replace("published: '2011-10-23'", "published: soon")
    (corpus / "articles" / "second.md").write_text(md, encoding="utf-8")
    assert [str(p) for p in validate_corpus(corpus)] == [
        "articles/second.md:6: published: bad date 'soon': use an ISO date YYYY-MM-DD",
        "articles/second.md:4: outlet: unknown outlet 'breitbart'; known: hotair, nyt (add it to outlets.csv)"]


def test_the_sites_own_layer_script_is_allowed_and_any_other_script_is_not():
    from mediabias.site import pages

    own = f"<html><body><p>x</p><script>{pages.SCRIPT}</script></body></html>"
    assert sitesafety.unsafe_markup(own) == []
    other = own.replace("apply();", "apply(); fetch('//evil');", 1)
    assert other != own and sitesafety.unsafe_markup(other) == ["page: <script> element the site did not write"]
    assert sitesafety.unsafe_markup('<script src="x.js"></script>') == ["page: <script> element the site did not write"]
