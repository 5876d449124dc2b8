"""Replay the hostile and unusual inputs of issue 26 (items 3-8) against a copy of a corpus; one line per case.

    python scripts/probe_reliability.py                   # a temporary copy of the bundled corpus/
    python scripts/probe_reliability.py --corpus DIR      # a temporary copy of DIR (DIR itself is never touched)
    python scripts/probe_reliability.py -k fifo -k csv    # only the cases whose name contains one of these

Each case runs the real command line (``python -m mediabias ...``) in a child process, on a fresh copy of the
corpus, and checks what a person would: the exit status, one ``error:`` line without a traceback, the limit or
the problem named, the time taken, the child's peak memory (``ru_maxrss``) and, for a refused input, that the
corpus is byte-identical afterwards. Prints ``ok`` or ``FAIL`` with the reason, and exits 1 when a case fails.
The same cases are regression tests in ``tests/ingest/test_inputs.py``; this script is the reproducible report.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# runs the command line in a child and reports its peak memory (kB on Linux) on the last line of stderr
RUNNER = ("import resource, sys\nfrom mediabias.cli import main\ncode = 1\ntry:\n    code = main(sys.argv[1:])\n"
          "finally:\n    print(f'maxrss={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
          "sys.exit(code)\n")
STORY = ("The city council voted on Tuesday to close the old harbour bridge for repairs, a decision that will reroute "
         "thousands of commuters for at least six months while engineers replace the rusted cables.\n\n"
         "Residents who spoke at the meeting were divided. Some said the closure was overdue after years of warnings, "
         "while shop owners near the bridge feared losing customers during the busiest season.")


@dataclasses.dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    maxrss_mb: float

    def problem(self, *, code: int | None = None, needs: tuple[str, ...] = (), max_seconds: float = 120) -> str | None:
        """Why this run is not the expected one-line outcome; None when it is."""
        if "Traceback" in self.err or "Traceback" in self.out:
            return "traceback: " + self.err.strip().splitlines()[-1][:200]
        if code is not None and self.code != code:
            return f"exit status {self.code}, expected {code}: {self.err.strip()[:300]}"
        if self.seconds > max_seconds:
            return f"took {self.seconds:.0f} s (at most {max_seconds:.0f})"
        long = [line for line in self.err.splitlines() if len(line) > 1000]
        if long:
            return f"an error line of {len(long[0]):,} characters"
        missing = [n for n in needs if n not in self.err + self.out]
        return f"output lacks {missing}: {self.err.strip()[:300]}" if missing else None


def mediabias(*args: str, timeout: float = 300) -> Run:
    env = {**os.environ, "PYTHONPATH": f"{PROJECT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return Run(-1, "", f"timed out after {timeout:.0f} s", timeout, 0.0)
    seconds = time.monotonic() - started
    err, _, last = done.stderr.rstrip("\n").rpartition("\n") if "maxrss=" in done.stderr else (done.stderr, "", "")
    rss = float(last.removeprefix("maxrss=")) / 1024 if last.startswith("maxrss=") else 0.0
    return Run(done.returncode, done.stdout, err, seconds, rss)


def snapshot(corpus: Path) -> dict[str, bytes]:
    return {str(p.relative_to(corpus)): p.read_bytes() for p in sorted(corpus.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != ".mediabias.lock" and "results" not in p.parts}


def article(aid: str, *, title: str = "A probe article", body: str = STORY, extra: str = "", outlet: str = "") -> str:
    return (f"---\nid: {aid}\ntitle: '{title}'\noutlet: {outlet}\npublished: '2011-10-23'\nstory: probe\n{extra}---\n\n"
            f"{body}\n")


def first_outlet(corpus: Path) -> str:
    return (corpus / "outlets.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]


def add_args(corpus: Path, *files: Path) -> list[str]:
    return ["add", "--corpus", str(corpus), *map(str, files), "--outlet", first_outlet(corpus), "--story", "probe",
            "--published", "2020-01-01"]


def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


# ------------------------------------------------------------------------------------------- the cases
def case_long_page(corpus: Path, tmp: Path) -> str | None:
    """3: a 4.3 MB page of 120,000 short paragraphs is refused within 60 s, naming the limit."""
    page = tmp / "long.html"
    page.write_text("<html><head><title>A long page</title></head><body><article>"
                    + "".join(f"<p>Short paragraph number {i:06d}.</p>" for i in range(120_000))
                    + "</article></body></html>", encoding="utf-8")
    before = snapshot(corpus)
    run = mediabias(*add_args(corpus, page))
    return run.problem(code=2, needs=("html_elements", "limits.yaml"), max_seconds=60) or \
        (NOTE + f"refused in {run.seconds:.1f} s" if snapshot(corpus) == before else "the refused add changed the corpus")


def case_huge_article(corpus: Path, tmp: Path) -> str | None:
    """3: a 20 MB article placed directly in articles/ fails validate."""
    body = "\n\n".join([STORY.replace("\n\n", " ")] * 60_000)
    (corpus / "articles" / "huge.md").write_text(article("huge", body=body, outlet=first_outlet(corpus)), encoding="utf-8")
    return mediabias("validate", "--corpus", str(corpus)).problem(code=2, needs=("huge.md", "too large", "article_bytes"))


def case_gigabyte_line(corpus: Path, tmp: Path) -> str | None:
    """3: a 1 GB line in a 1 MB .jsonl.gz is refused without holding the line (peak memory under 400 MB)."""
    path = tmp / "big.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(b'{"title": "')
        block = b"x" * (1 << 20)
        for _ in range(1024):
            fh.write(block)
        fh.write(b'"}\n')
    run = mediabias("add", "--corpus", str(corpus), "--from-jsonl", str(path), "--story", "probe")
    found = run.problem(code=2, needs=("too large", "jsonl_line_bytes"))
    measured = f"peak memory {run.maxrss_mb:.0f} MB for a {path.stat().st_size / 1e6:.1f} MB file holding a 1 GB line"
    return found or (measured if run.maxrss_mb > 400 else NOTE + measured)


def case_streamed_checksum(corpus: Path, tmp: Path) -> str | None:
    """3: checksumming a 300 MB raw file does not read it whole (validate's peak memory grows by < 100 MB)."""
    baseline = mediabias("validate", "--corpus", str(corpus)).maxrss_mb
    big = corpus / "raw" / "big.txt"
    digest = hashlib.sha256()
    with big.open("wb") as fh:
        for i in range(300):
            block = f"{i:08d}".encode() * (1 << 17)
            fh.write(block)
            digest.update(block)
    with (corpus / "raw" / "SHA256SUMS").open("a") as fh:
        fh.write(f"{digest.hexdigest()}  big.txt\n")
    (corpus / "articles" / "big.md").write_text(article("big", extra="raw: raw/big.txt\n", outlet=first_outlet(corpus)),
                                                encoding="utf-8")
    run = mediabias("validate", "--corpus", str(corpus))
    measured = f"validate's peak memory {run.maxrss_mb:.0f} MB, {baseline:.0f} MB without the 300 MB raw file"
    return run.problem(code=0) or (measured if run.maxrss_mb - baseline > 100 else NOTE + measured)


def case_csv_formulas(corpus: Path, tmp: Path) -> str | None:
    """4: corpus and sources CSV exports neutralise cells beginning with = + - @."""
    body = "=SUM(A1:A9) was cited as the answer, said @Bob Kim, who chaired the meeting.\n\n" + STORY
    (corpus / "articles" / "formula.md").write_text(
        article("formula", title='=HYPERLINK("http://evil.example","x")', body=body, outlet=first_outlet(corpus),
                extra="authors: ['@Ann Lee', '+Bo']\n"), encoding="utf-8")
    listing = mediabias("corpus", "--corpus", str(corpus), "--format", "csv")
    out = tmp / "sources.csv"
    sources = mediabias("sources", "--corpus", str(corpus), "--output", str(out))
    found = listing.problem(code=0) or sources.problem(code=0, max_seconds=900)  # sources parses every article
    if found:
        return found
    text = listing.out + out.read_text(encoding="utf-8")
    bad = [s for s in ('",=HYPERLINK', ",=HYPERLINK", ",@Ann Lee", ",=SUM(A1:A9)") if s in text]
    need = [s for s in ("'=HYPERLINK", "'@Ann Lee; +Bo", "'=SUM(A1:A9)") if s not in text]
    return f"unsafe cells {bad}, missing {need}" if bad or need else None


def case_folder_article(corpus: Path, tmp: Path) -> str | None:
    """5: a folder named articles/x.md is one line in validate, analyze and add."""
    (corpus / "articles" / "x.md").mkdir()
    src = tmp / "a.txt"
    src.write_text("A bridge title\n\n" + STORY, encoding="utf-8")
    for run, code in ((mediabias("validate", "--corpus", str(corpus)), 2),
                      (mediabias("analyze", "--corpus", str(corpus), "--steps", "articles", "--quiet", "--workers", "1"), 2),
                      (mediabias(*add_args(corpus, src)), None)):
        if found := run.problem(code=code, needs=("x.md", "folder")):
            return found
    return None


def case_bad_links(corpus: Path, tmp: Path) -> str | None:
    """5, 7: a dangling link, a link loop and a link out of the corpus are one line each in validate."""
    outside = tmp / "outside.md"
    outside.write_text(article("linked", outlet=first_outlet(corpus)), encoding="utf-8")
    (corpus / "articles" / "gone.md").symlink_to(corpus / "articles" / "nowhere.md")
    (corpus / "articles" / "loop.md").symlink_to(corpus / "articles" / "loop.md")
    (corpus / "articles" / "linked.md").symlink_to(outside)
    return mediabias("validate", "--corpus", str(corpus)).problem(
        code=2, needs=("gone.md: dangling symbolic link", "loop.md: cannot be read", "linked.md: symbolic link to a file outside the corpus"))


def case_fifo(corpus: Path, tmp: Path) -> str | None:
    """5: a FIFO named articles/f.md does not hang validate."""
    os.mkfifo(corpus / "articles" / "f.md")
    return mediabias("validate", "--corpus", str(corpus), timeout=60).problem(code=2, needs=("f.md", "not a regular file"))


def case_sources_errors(corpus: Path, tmp: Path) -> str | None:
    """5: `mediabias sources` on a missing corpus or to an unwritable --output is one line."""
    for args in (["--corpus", str(tmp / "nope")], ["--corpus", str(corpus), "--output", str(tmp / "no" / "dir.csv")],
                 ["--corpus", str(corpus), "--output", str(tmp)]):
        if found := mediabias("sources", *args).problem(code=2, needs=("error: ",), max_seconds=60):
            return f"{args[-1]}: {found}"
    return None


def case_fifo_data(corpus: Path, tmp: Path) -> str | None:
    """5: a FIFO given as `evaluate --data` or `add --from-jsonl` is one line, not a wait forever."""
    fifo = tmp / "records.jsonl"
    os.mkfifo(fifo)
    return (mediabias("evaluate", "known-groups", "--data", str(fifo), "--no-write", timeout=60).problem(
        code=2, needs=("not a regular file",))
        or mediabias("add", "--corpus", str(corpus), "--from-jsonl", str(fifo), "--story", "probe", timeout=60).problem(
            code=2, needs=("not a regular file",)))


def case_nested_json(corpus: Path, tmp: Path) -> str | None:
    """5: `evaluate known-groups` on deeply nested JSON is one line."""
    data = tmp / "articles.jsonl"
    data.write_text("[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    return mediabias("evaluate", "known-groups", "--data", str(data), "--no-write").problem(code=2, needs=("nested too deeply",))


def case_stale_temporary(corpus: Path, tmp: Path) -> str | None:
    """6: a killed add's raw/.NAME.PID.tmp is reported as stale by validate, and removed by the next add."""
    stale = corpus / "raw" / f".probe_0123.txt.{dead_pid()}.tmp"
    stale.write_bytes(b"half a raw file")
    run = mediabias("validate", "--corpus", str(corpus))
    if found := run.problem(code=2, needs=("stale temporary file",)):
        return found
    if "sha256sum" in run.err:
        return "validate advises checksumming the temporary file"
    src = tmp / "a.txt"
    src.write_text("A bridge title\n\n" + STORY, encoding="utf-8")
    found = mediabias(*add_args(corpus, src)).problem(code=0, needs=("removed 1 stale temporary file",))
    return found or ("the stale file is still there" if stale.exists() else None)


def case_orphaned_raw(corpus: Path, tmp: Path) -> str | None:
    """7: deleting an article leaves its raw file orphaned, and validate warns (exit 0: analyses never read raw/)."""
    with_raw = next((p for p in sorted((corpus / "articles").glob("*.md")) if "\nraw: " in p.read_text(encoding="utf-8")), None)
    if with_raw is None:
        return "no article of this corpus has a raw file"
    with_raw.unlink()
    return mediabias("validate", "--corpus", str(corpus)).problem(code=0, needs=("warning: raw/", "no article refers to it"))


def case_checksum_lines(corpus: Path, tmp: Path) -> str | None:
    """8: after a malformed checksum line the rest of the list is still checked."""
    sums = corpus / "raw" / "SHA256SUMS"
    first = sums.read_text(encoding="utf-8").split()[1]
    sums.write_text("not a checksum line\n" + sums.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "raw" / first).write_bytes(b"edited")
    return mediabias("validate", "--corpus", str(corpus)).problem(code=2, needs=("malformed line", "checksum differs"))


def case_long_message(corpus: Path, tmp: Path) -> str | None:
    """8: a 3.6 MB site name quoted in an error gives a short line."""
    page = tmp / "p.html"
    page.write_text(f'<html><head><title>Bridge to close</title><meta property="og:site_name" content="{"A" * 3_600_000}">'
                    f"</head><body><article><h1>Bridge to close</h1>"
                    + "".join(f"<p>{p}</p>" for p in STORY.split("\n\n")) + "</article></body></html>", encoding="utf-8")
    return mediabias("add", "--corpus", str(corpus), str(page), "--story", "probe", "--published", "2020-01-01").problem(
        code=2, needs=("…",))


def case_new_outlet_advice(corpus: Path, tmp: Path) -> str | None:
    """8: --new-outlet without --outlet advises passing --outlet."""
    src = tmp / "a.txt"
    src.write_text("A bridge title\n\n" + STORY, encoding="utf-8")
    run = mediabias("add", "--corpus", str(corpus), str(src), "--new-outlet", "Harbour Gazette", "--kind", "newspaper",
                    "--story", "probe", "--published", "2020-01-01")
    return run.problem(code=2, needs=("pass --outlet harbourgazette",))


def case_evaluate_common(corpus: Path, tmp: Path) -> str | None:
    """8: `evaluate common` is not offered as an evaluation."""
    return mediabias("evaluate", "common").problem(code=2, needs=("invalid choice: 'common'",))


def case_invisible_title(corpus: Path, tmp: Path) -> str | None:
    """8: bidi-override and zero-width characters are refused in titles and authors."""
    (corpus / "articles" / "bidi.md").write_text(
        article("bidi", title="Troops \u202eleave", outlet=first_outlet(corpus), extra="authors: ['Ann\u200b Lee']\n"),
        encoding="utf-8")
    return mediabias("validate", "--corpus", str(corpus)).problem(code=2, needs=("U+202E", "U+200B"))


NOTE = "note: "  # a case's answer that starts with it passed, with a measurement to show
CASES = {name.removeprefix("case_"): fn for name, fn in globals().items() if name.startswith("case_")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(PROJECT / "corpus"), help="corpus to copy (default: the bundled corpus/)")
    parser.add_argument("-k", action="append", default=[], metavar="TEXT", help="only cases whose name contains TEXT")
    args = parser.parse_args(argv)
    failed = 0
    for name, case in CASES.items():
        if args.k and not any(k in name for k in args.k):
            continue
        with tempfile.TemporaryDirectory(prefix="mediabias-probe-") as tmp:
            corpus = Path(tmp) / "corpus"
            shutil.copytree(args.corpus, corpus, ignore=shutil.ignore_patterns("results", ".mediabias.lock"))
            started = time.monotonic()
            try:
                found = case(corpus, Path(tmp))
            except Exception as exc:  # noqa: BLE001 - the probe reports a broken case and goes on
                found = f"the probe itself failed: {type(exc).__name__}: {exc}"
        note = found[len(NOTE):] if found and found.startswith(NOTE) else None
        found = None if note else found
        failed += found is not None
        print(f"{'FAIL' if found else 'ok  '}  {name:<20} {time.monotonic() - started:6.1f} s  "
              f"{(case.__doc__ or '').strip()}" + (f"\n      {found or note}" if found or note else ""), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
