"""The command line: `mediabias validate` and `mediabias corpus`, as a console script and as `python -m`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mediabias.cli import main

BIN = Path(sys.executable).parent


def test_validate_ok(capsys):
    assert main(["validate"]) == 0
    assert "OK, 5 articles" in capsys.readouterr().out


def test_validate_broken_corpus_exits_nonzero_and_lists_problems(corpus_copy, capsys):
    path = corpus_copy / "articles" / "004_e91974fb60900235.md"
    path.write_text(path.read_text(encoding="utf-8").replace("outlet: medialine", "outlet: tml"), encoding="utf-8")
    assert main(["validate", "--corpus", str(corpus_copy)]) == 2
    err = capsys.readouterr().err
    assert "1 problem(s)" in err
    assert "articles/004_e91974fb60900235.md:4: outlet: unknown outlet 'tml'" in err


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_corpus_formats(capsys, fmt):
    assert main(["corpus", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        rows = json.loads(out)
        assert [r["article_id"] for r in rows][0] == "002_0525342205e8e59f"
        assert {r["outlet"] for r in rows} == {"hotair", "fp", "medialine"}
        assert "text" not in rows[0]
    elif fmt == "csv":
        lines = out.strip().split("\n")
        assert lines[0].startswith("article_id,title,outlet,outlet_name,story,published")
        assert len(lines) >= 6
    else:
        assert "Confusion Abounds" in out


def test_corpus_unknown_story(capsys):
    assert main(["corpus", "--story", "nope"]) == 2
    assert "unknown story nope" in capsys.readouterr().err


def test_console_script_and_module_agree():
    a = subprocess.run([str(BIN / "mediabias"), "corpus", "--format", "csv"], capture_output=True, text=True, check=True)
    b = subprocess.run([sys.executable, "-m", "mediabias", "corpus", "--format", "csv"], capture_output=True, text=True, check=True)
    assert a.stdout == b.stdout and a.stdout.count("\n") >= 6


def test_evaluate_without_data_is_a_clear_error(tmp_path, capsys):
    assert main(["evaluate", "attribution", "--data", str(tmp_path / "missing")]) == 2
    assert "no data for 'attribution'" in capsys.readouterr().err


@pytest.mark.parametrize("name, make, message", [
    ("target-sentiment", lambda d: _write(d / "dev.jsonl", "not json\n"), "dev.jsonl:1: not a NewsMTSC record"),
    ("target-sentiment", lambda d: _write(d / "dev.jsonl", '{"sentence": "x"}\n'), "not a NewsMTSC record"),
    ("attribution", lambda d: d, "no PolNeAR articles found"),
    ("loaded-language", lambda d: _write(d / "mbic.csv", "a;b\n1;2\n"), "missing columns"),
    ("frames", lambda d: d, "articles_metadata.tsv not found"),
])
def test_evaluate_on_data_in_the_wrong_layout_says_what_is_wrong(tmp_path, capsys, name, make, message):
    data = make(tmp_path)
    assert main(["evaluate", name, "--data", str(data), "--no-write"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {name}: ") and message in err and "Traceback" not in err


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path
