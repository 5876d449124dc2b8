"""Issue 26, items 3-8: bounded inputs, spreadsheet-safe exports, one-line errors, stale temporary files,
orphaned raw files and symlinks, and the messages a person needs.

Each test is one case of the issue, on a tiny corpus in ``tmp_path`` (``tests.ingest.test_ingest.make_corpus``); each
failed on the code before the change (checked by running this file against main's ``src``).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

import mediabias
from mediabias.cli import build_parser, main
from mediabias.corpus import validate_corpus
from mediabias.ingest import extract
from tests.ingest.test_ingest import SEED, STORY_TEXT, make_corpus, snapshot

SRC = Path(mediabias.__file__).resolve().parent.parent  # the src folder of the package under test


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path)


def cli(*argv: str) -> int:
    return main([*argv])


def error_lines(err: str) -> list[str]:
    """The stderr lines, after checking there is no traceback and no line is unreadably long."""
    assert "Traceback" not in err, err[-2000:]
    lines = err.strip().splitlines()
    assert all(len(line) <= 1000 for line in lines), max(len(line) for line in lines)
    return lines


def article(aid: str, *, title: str = "'A second article'", body: str = STORY_TEXT, extra: str = "") -> str:
    return (f"---\nid: {aid}\ntitle: {title}\noutlet: hotair\npublished: '2011-10-23'\nstory: withdrawal\n{extra}---\n\n"
            f"{body}\n")


# ------------------------------------------------------------------------------- 3. bounded inputs
def test_a_page_of_120000_short_paragraphs_is_refused_quickly_naming_the_limit(corpus, tmp_path, capsys):
    page = ("<html><head><title>A very long page</title></head><body><article>"
            + "".join(f"<p>Short paragraph number {i:06d}.</p>" for i in range(120_000)) + "</article></body></html>")
    assert 4_000_000 < len(page) < 5_000_000  # under add's 5 MB input limit: the size alone does not refuse it
    src = tmp_path / "long.html"
    src.write_text(page, encoding="utf-8")
    before = snapshot(corpus)
    started = time.monotonic()
    code = cli("add", "--corpus", str(corpus), str(src), "--outlet", "nyt", "--story", "s", "--published", "2020-01-01")
    assert time.monotonic() - started < 60
    lines = error_lines(capsys.readouterr().err)
    assert code == 2 and snapshot(corpus) == before
    assert "elements" in lines[0] and "limit" in lines[0], lines


def test_a_text_of_too_many_paragraphs_is_refused_before_planning(corpus, tmp_path, capsys):
    src = tmp_path / "many.txt"
    src.write_text("A title\n\n" + "\n\n".join(f"Paragraph number {i} of the text." for i in range(25_000)), encoding="utf-8")
    code = cli("add", "--corpus", str(corpus), str(src), "--outlet", "nyt", "--story", "s", "--published", "2020-01-01")
    lines = error_lines(capsys.readouterr().err)
    assert code == 2 and "25,000 paragraphs" in lines[0] and "limit" in lines[0], lines


def test_a_20_mb_article_placed_in_articles_fails_validate(corpus, capsys):
    body = "\n\n".join([STORY_TEXT.replace("\n\n", " ")] * 41_000)
    (corpus / "articles" / "huge.md").write_text(article("huge", body=body), encoding="utf-8")
    assert (corpus / "articles" / "huge.md").stat().st_size > 20_000_000
    assert cli("validate", "--corpus", str(corpus)) == 2
    lines = error_lines(capsys.readouterr().err)
    assert any("huge.md" in line and "too large" in line and "limit" in line for line in lines), lines


def test_validate_applies_the_paragraph_limit_of_add(corpus):
    body = "\n\n".join(f"Paragraph {i} of an article that goes on." for i in range(20_001))
    (corpus / "articles" / "many.md").write_text(article("many", body=body), encoding="utf-8")
    found = [str(p) for p in validate_corpus(corpus)]
    assert any("many.md" in p and "20,001 paragraphs" in p for p in found), found


def test_an_over_long_jsonl_line_is_refused_without_being_read_whole(tmp_path):
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"title": "' + b"x" * 40_000_000 + b'"}\n')
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        found = list(extract.iter_records(path, max_bytes=1_000_000))
    except extract.InputError as exc:
        found = [(1, b"", exc)]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8_000_000, f"peak {peak / 1e6:.0f} MB"
    assert isinstance(found[0][2], extract.InputError) and "limit" in str(found[0][2])


def test_checksums_are_computed_over_chunks(corpus):
    big = b"raw text\n" * 3_000_000  # 27 MB
    (corpus / "raw" / "big.txt").write_bytes(big)
    with (corpus / "raw" / "SHA256SUMS").open("a") as fh:
        fh.write(f"{hashlib.sha256(big).hexdigest()}  big.txt\n")
    (corpus / "articles" / "big.md").write_text(article("big", extra="raw: raw/big.txt\n"), encoding="utf-8")
    tracemalloc.start()
    found = validate_corpus(corpus)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert found == [] and peak < 8_000_000, (found, f"peak {peak / 1e6:.0f} MB")


# ------------------------------------------------------------------------------ 4. CSV exports
def test_corpus_csv_neutralises_formula_prefixes(corpus, capsys):
    (corpus / "articles" / "formula.md").write_text(
        article("formula", title="'=HYPERLINK(\"http://evil.example\",\"x\")'", extra="authors: ['@Ann Lee', '+Bo', '-Cy']\n"),
        encoding="utf-8")
    capsys.readouterr()
    assert cli("corpus", "--corpus", str(corpus), "--format", "csv") == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    row = table.set_index("article_id").loc["formula"]
    assert row["title"] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert row["authors"] == "'@Ann Lee; +Bo; -Cy"
    assert table["n_words"].dtype.kind == "i"  # numbers stay numbers


def test_sources_csv_neutralises_formula_prefixes(corpus, tmp_path):
    body = ("The council met on Tuesday to discuss the harbour bridge and the repairs it needs before winter.\n\n"
            "=SUM(A1:A9) was cited as the answer, said @Bob Kim, who chaired the meeting.\n\n"
            + STORY_TEXT)
    (corpus / "articles" / "quotes.md").write_text(article("quotes", body=body), encoding="utf-8")
    out = tmp_path / "sources.csv"
    assert cli("sources", "--corpus", str(corpus), "--output", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    cells = [c for col in table.columns for c in table[col]]
    assert "'=SUM(A1:A9) was cited as the answer" in cells, text[:500]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _number(c))], text[:500]


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------------- 5. one-line errors
def test_a_folder_named_like_an_article_is_a_problem_everywhere(corpus, tmp_path, capsys):
    (corpus / "articles" / "x.md").mkdir()
    assert cli("validate", "--corpus", str(corpus)) == 2
    assert any("x.md" in line and "folder" in line for line in error_lines(capsys.readouterr().err))
    assert cli("analyze", "--corpus", str(corpus), "--steps", "articles", "--quiet", "--workers", "1") == 2
    assert any("x.md" in line and "folder" in line for line in error_lines(capsys.readouterr().err))
    src = tmp_path / "a.txt"
    src.write_text("A bridge title\n\n" + STORY_TEXT, encoding="utf-8")
    cli("add", "--corpus", str(corpus), str(src), "--outlet", "nyt", "--story", "s", "--published", "2020-01-01")
    assert any("x.md" in line and "folder" in line for line in error_lines(capsys.readouterr().err))


@pytest.mark.parametrize("make, message", [
    (lambda a: (a / "gone.md").symlink_to(a / "nowhere.md"), "dangling symbolic link"),
    (lambda a: (a / "loop.md").symlink_to(a / "loop.md"), "cannot be read"),
])
def test_a_dangling_or_unreadable_article_is_one_line(corpus, capsys, make, message):
    make(corpus / "articles")
    assert cli("validate", "--corpus", str(corpus)) == 2
    assert any(message in line for line in error_lines(capsys.readouterr().err))


def test_a_fifo_named_like_an_article_does_not_hang_validate(corpus):
    os.mkfifo(corpus / "articles" / "f.md")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-m", "mediabias", "validate", "--corpus", str(corpus)],
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2 and "f.md" in done.stderr and "not a regular file" in done.stderr, done.stderr
    error_lines(done.stderr)


def test_sources_on_a_missing_corpus_is_one_line(tmp_path, capsys):
    assert cli("sources", "--corpus", str(tmp_path / "nope")) == 2
    lines = error_lines(capsys.readouterr().err)
    assert lines[0].startswith("error: ") and "not found" in lines[0]


@pytest.mark.parametrize("where", ["missing/dir/out.csv", "."])
def test_sources_to_an_unwritable_output_is_one_line(corpus, tmp_path, capsys, where):
    assert cli("sources", "--corpus", str(corpus), "--output", str(tmp_path / where)) == 2
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 1 and lines[0].startswith("error: ") and "--output" in lines[0], lines


def test_evaluate_known_groups_on_deeply_nested_json_is_one_line(tmp_path, capsys):
    data = tmp_path / "articles.jsonl"
    data.write_text("[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    code = cli("evaluate", "known-groups", "--data", str(data), "--no-write")
    lines = error_lines(capsys.readouterr().err)
    assert code == 2 and lines[0].startswith("error: known-groups") and "nested too deeply" in lines[0], lines


# ----------------------------------------------------------------------- 6. stale temporary files
def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_validate_reports_a_killed_adds_temporary_file_as_stale(corpus):
    (corpus / "raw" / f".new-article_0123.txt.{dead_pid()}.tmp").write_bytes(b"half a raw file")
    found = [str(p) for p in validate_corpus(corpus)]
    assert len(found) == 1 and "stale temporary file" in found[0] and "sha256sum" not in found[0], found


def test_add_removes_stale_temporary_files_of_dead_processes_and_keeps_live_ones(corpus, tmp_path, capsys):
    stale = corpus / "raw" / f".new-article_0123.txt.{dead_pid()}.tmp"
    stale.write_bytes(b"half a raw file")
    stale_article = corpus / "articles" / f".x.md.{dead_pid()}.tmp"
    stale_article.write_bytes(b"half an article")
    live = corpus / "raw" / f".other.txt.{os.getppid()}.tmp"
    live.write_bytes(b"being written")
    src = tmp_path / "a.txt"
    src.write_text("A bridge title\n\n" + STORY_TEXT, encoding="utf-8")
    assert cli("add", "--corpus", str(corpus), str(src), "--outlet", "nyt", "--story", "s", "--published", "2020-01-01") == 0
    err = capsys.readouterr().err
    assert not stale.exists() and not stale_article.exists() and live.exists()
    assert "removed 2 stale temporary file(s)" in err, err
    live.unlink()
    assert validate_corpus(corpus) == []


# --------------------------------------------------------------------------------- 7. silent gaps
def test_validate_reports_an_orphaned_raw_file(corpus, capsys):
    (corpus / "articles" / "seed-article.md").unlink()
    (corpus / "articles" / "other.md").write_text(article("other"), encoding="utf-8")
    assert cli("validate", "--corpus", str(corpus)) == 0  # a warning: the analyses never read raw/
    lines = error_lines(capsys.readouterr().err)
    assert lines == ["warning: raw/seed-article.txt: no article refers to it (raw: raw/seed-article.txt); "
                     "remove it and its line in raw/SHA256SUMS, or restore its article"], lines


def test_add_force_removes_the_raw_file_only_the_replaced_article_had(corpus, tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("Troops leave the city, updated\n\n" + STORY_TEXT, encoding="utf-8")
    args = ("--outlet", "hotair", "--story", "withdrawal", "--published", "2011-10-22",
            "--url", "https://hotair.com/2011/10/22/troops-leave/")
    assert cli("add", "--corpus", str(corpus), str(src), *args) == 2  # same URL as the seed
    assert cli("add", "--corpus", str(corpus), str(src), *args, "--force") == 0
    out, err = capsys.readouterr()
    assert "removed raw/seed-article.txt: only the replaced article referred to it" in out and "warning" not in err, out + err
    assert not (corpus / "raw" / "seed-article.txt").exists()
    assert "seed-article.txt" not in (corpus / "raw" / "SHA256SUMS").read_text()
    assert cli("validate", "--corpus", str(corpus)) == 0 and "warning" not in capsys.readouterr().err


def test_a_symlink_to_a_file_outside_the_corpus_is_refused(corpus, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(article("linked"), encoding="utf-8")
    (corpus / "articles" / "linked.md").symlink_to(outside)
    found = [str(p) for p in validate_corpus(corpus)]
    assert any("linked.md" in p and "outside the corpus" in p for p in found), found


# ------------------------------------------------------------------------------------ 8. messages
def test_every_checksum_line_is_checked_after_a_malformed_one(corpus):
    sums = corpus / "raw" / "SHA256SUMS"
    sums.write_text("not a checksum line\n" + sums.read_text())
    (corpus / "raw" / "seed-article.txt").write_bytes(b"edited")
    found = [str(p) for p in validate_corpus(corpus)]
    assert any("malformed line" in p for p in found) and any("checksum differs" in p for p in found), found


def test_a_huge_quoted_input_gives_a_short_error(corpus, tmp_path, capsys):
    name = "A" * 3_600_000
    page = (f'<html><head><title>Bridge to close</title><meta property="og:site_name" content="{name}"></head>'
            f"<body><article><h1>Bridge to close</h1>{''.join(f'<p>{p}</p>' for p in STORY_TEXT.split(chr(10) * 2))}"
            "</article></body></html>")
    src = tmp_path / "p.html"
    src.write_text(page, encoding="utf-8")
    assert cli("add", "--corpus", str(corpus), str(src), "--story", "s", "--published", "2020-01-01") == 2
    lines = error_lines(capsys.readouterr().err)
    assert any("AAAA" in line and "…" in line for line in lines), [line[:200] for line in lines]


def test_a_huge_line_in_an_article_gives_a_short_problem(corpus, capsys):
    body = STORY_TEXT + "\n\n[!excerpt " + "w" * 1_500_000 + "]\n"
    (corpus / "articles" / "long-line.md").write_text(article("long-line", body=body), encoding="utf-8")
    assert cli("validate", "--corpus", str(corpus)) == 2
    lines = error_lines(capsys.readouterr().err)
    assert any("long-line.md" in line and "…" in line for line in lines)


def test_new_outlet_without_outlet_says_to_pass_outlet(corpus, tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("A bridge title\n\n" + STORY_TEXT, encoding="utf-8")
    code = cli("add", "--corpus", str(corpus), str(src), "--new-outlet", "The Harbour Gazette", "--kind", "newspaper",
               "--story", "s", "--published", "2020-01-01")
    lines = error_lines(capsys.readouterr().err)
    assert code == 2 and any("pass --outlet theharbourgazette" in line for line in lines), lines
    assert not any("or --new-outlet" in line for line in lines), lines


def test_evaluate_offers_only_evaluations():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    choices = sub.choices["evaluate"]._actions[1].choices
    assert "common" not in choices and {"known-groups", "attribution", "frames"} <= set(choices)


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200f", "\ufeff"])
def test_invisible_and_bidi_characters_refused_in_front_matter(corpus, char):
    (corpus / "articles" / "second.md").write_text(
        article("second", title=f"'Troops {char}leave'", extra=f"authors: ['Ann{char} Lee']\n"), encoding="utf-8")
    found = [str(p) for p in validate_corpus(corpus)]
    code = f"U+{ord(char):04X}"
    assert any("title" in p and code in p for p in found) and any("authors" in p and code in p for p in found), found


def test_add_strips_invisible_characters_from_a_title_with_a_note(corpus, tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("A bridge\u202e title\u200b\n\n" + STORY_TEXT, encoding="utf-8")
    assert cli("add", "--corpus", str(corpus), str(src), "--outlet", "nyt", "--story", "s", "--published", "2020-01-01") == 0
    out = capsys.readouterr().out
    assert "removed 2 invisible or direction-changing character(s) (U+202E, U+200B)" in out, out
    added = next(p for p in (corpus / "articles").glob("nyt-*.md"))
    assert "title: A bridge title\n" in added.read_text(encoding="utf-8")


def test_an_over_long_jsonl_line_is_skipped_with_skip_invalid_and_the_rest_imported(corpus, tmp_path, capsys):
    record = {"ID": 7, "source": "HotAir", "date": "2024-03-05", "title": "Bridge to close", "content_original": STORY_TEXT}
    path = tmp_path / "records.jsonl"
    path.write_bytes(b'{"title": "' + b"x" * 3000 + b'"}\n' + json.dumps(record).encode() + b"\n")
    args = ("add", "--corpus", str(corpus), "--from-jsonl", str(path), "--story", "s", "--max-mb", "0.001")
    assert cli(*args) == 2
    assert "records.jsonl line 1: record too large" in error_lines(capsys.readouterr().err)[0]
    assert cli(*args, "--skip-invalid") == 0
    out, err = capsys.readouterr()
    assert "skipped: records.jsonl line 1: record too large" in err and "1 article(s) added" in out, out + err


def test_a_fifo_given_as_data_or_records_is_one_line_not_a_wait(corpus, tmp_path, capsys):
    fifo = tmp_path / "records.jsonl"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "mediabias", "evaluate", "known-groups", "--data", str(fifo), "--no-write"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(SRC)})
    assert done.returncode == 2 and "not a regular file" in error_lines(done.stderr)[0], done.stderr
    assert cli("add", "--corpus", str(corpus), "--from-jsonl", str(fifo), "--story", "s") == 2
    assert "not a regular file" in error_lines(capsys.readouterr().err)[0]
