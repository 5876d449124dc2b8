"""Every validation error, on a broken copy of the corpus, with the message a person needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mediabias.corpus import CorpusError, load_corpus, validate_corpus

A000 = "articles/000_908ce795a3fce461.md"
A003 = "articles/003_90f0f04d63b1e894.md"


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def messages(root: Path) -> list[str]:
    return [str(p) for p in validate_corpus(root)]


def test_bundled_corpus_is_valid(corpus_copy):
    assert messages(corpus_copy) == []


CASES = [
    ("unknown outlet", lambda r: edit(r, A000, "outlet: hotair", "outlet: breitbart"),
     r"000_908ce795a3fce461\.md:4: outlet: unknown outlet 'breitbart'; known: ap, fp, hotair, medialine, nyt"),
    ("missing outlet", lambda r: edit(r, A000, "outlet: hotair\n", ""),
     r"000_908ce795a3fce461\.md: outlet: missing required field"),
    ("bad date", lambda r: edit(r, A000, "published: '2011-10-22'", "published: 22/10/2011"),
     r"published: bad date '22/10/2011': use an ISO date YYYY-MM-DD"),
    ("impossible date", lambda r: edit(r, A000, "published: '2011-10-22'", "published: '2011-02-30'"),
     r"published: bad date '2011-02-30'"),
    ("missing front matter", lambda r: (r / A000).write_text("Just text.\n", encoding="utf-8"),
     r"front matter: missing: the file must start with a '---' line"),
    ("malformed front matter", lambda r: edit(r, A000, "story: iraq-withdrawal-2011", "story: [unclosed"),
     r"000_908ce795a3fce461\.md:12: front matter: malformed YAML: did not find expected ',' or '\]' "
     r"\(while parsing a flow sequence started on line 11\)"),
    ("empty body", lambda r: (r / A000).write_text(
        (r / A000).read_text(encoding="utf-8").split("\n---\n")[0] + "\n---\n\n", encoding="utf-8"),
     r"body: empty body"),
    ("duplicate id", lambda r: (r / "articles/zzz.md").write_text((r / A003).read_text(encoding="utf-8"), encoding="utf-8"),
     r"zzz\.md:2: id: '003_90f0f04d63b1e894' does not match the file name"),
    ("blockquote without header", lambda r: edit(r, A000, "> [!excerpt nyt]\n", ""),
     r"unbalanced excerpt markup: blockquote without an excerpt header"),
    ("header without text", lambda r: edit(r, A000, "Smart power, indeed.", "> [!excerpt nyt]"),
     r"unbalanced excerpt markup: excerpt header with no quoted text"),
    ("header outside a blockquote", lambda r: edit(r, A000, "Smart power, indeed.", "[!excerpt nyt]\nSmart power, indeed."),
     r"excerpt header '\[!excerpt nyt\]' outside a blockquote"),
    ("excerpt of unknown outlet", lambda r: edit(r, A000, "> [!excerpt nyt]", "> [!excerpt wsj]"),
     r"excerpt from unknown outlet 'wsj'"),
    ("undecodable bytes", lambda r: (r / A000).write_bytes((r / A000).read_bytes().replace(b"Smart power", b"Sm\xffart power")),
     r"undecodable bytes: not valid UTF-8 at byte \d+ \(line \d+\)"),
    ("raw file edited", lambda r: (r / "raw/000_908ce795a3fce461.txt").write_text("edited", encoding="utf-8"),
     r"raw/000_908ce795a3fce461\.txt: checksum differs from raw/SHA256SUMS"),
    ("outlets.csv bad kind", lambda r: edit(r, "outlets.csv", "hotair,Hot Air,blog", "hotair,Hot Air,podcast"),
     r"outlets\.csv: line \d kind: 'podcast' is not one of"),
    ("unknown field", lambda r: edit(r, A000, "story:", "sotry: x\nstory:"),
     r"sotry: unknown field\(s\)"),
    # found by the fuzz suite: a 1,500-character date was echoed whole, a message line of over 1,000 characters
    ("huge bad date", lambda r: edit(r, A000, "published: '2011-10-22'", "published: '" + "0" * 1500 + "'"),
     r"published: bad date '0{56}\.\.\.: use an ISO date YYYY-MM-DD$"),
]


@pytest.mark.parametrize("name,breaker,expected", CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_reported(corpus_copy, name, breaker, expected):
    breaker(corpus_copy)
    found = messages(corpus_copy)
    assert any(re.search(expected, m) for m in found), found


def test_duplicate_id_in_two_files_is_reported(corpus_copy):
    # same id in two files whose names both match: only possible via a second folder level, so edit the id
    edit(corpus_copy, A003, "id: 003_90f0f04d63b1e894", "id: 000_908ce795a3fce461")
    found = messages(corpus_copy)
    assert any("does not match the file name" in m for m in found), found


def test_all_problems_listed_at_once_and_nothing_half_loaded(corpus_copy):
    edit(corpus_copy, A000, "outlet: hotair", "outlet: breitbart")
    edit(corpus_copy, A003, "published: '2011-10-17'", "published: soon")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    text = str(info.value)
    assert "2 problem(s)" in text
    assert "breitbart" in text and "soon" in text


def test_missing_corpus_directory(tmp_path):
    with pytest.raises(CorpusError, match="corpus directory not found"):
        load_corpus(tmp_path / "nowhere")
