"""``mediabias add``: extraction, duplicate and outlet checks, atomic writes, batch imports.

Every test works on a tiny corpus built in ``tmp_path`` (never the bundled ``corpus/``). Texts here
are written for the tests; dataset texts are only read from ``../shared/datasets`` at test time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest

from mediabias import ingest, paths
from mediabias.ingest import extract
from mediabias.cli import main
from mediabias.corpus import load_corpus, validate_corpus

OUTLETS = """outlet_id,name,kind,country,lean,lean_source
hotair,Hot Air,blog,US,right,"AllSides rating 'HotAir' as labelled in Baly et al. (2020)"
nyt,The New York Times,newspaper,US,left,"AllSides rating 'New York Times - News' as labelled in Baly et al. (2020)"
"""

RAW = b"Troops leave the city\n\nThe last convoy crossed the border at dawn on Sunday, officials said.\n"

SEED = """---
id: seed-article
title: Troops leave the city
outlet: hotair
authors: [Ann Writer]
published: '2011-10-22'
url: https://hotair.com/2011/10/22/troops-leave/
story: withdrawal
raw: raw/seed-article.txt
---

The last convoy crossed the border at dawn on Sunday, officials said, ending a long deployment that began years ago with promises of a quick return home for everyone involved.

The Times reported the details this morning:

> [!excerpt nyt]
> Commanders had hoped to keep a small force behind, but talks over legal protections collapsed late in the week.

Nobody in the capital seemed surprised by the outcome, and few expected the politicians to admit what had gone wrong.
"""

# A made-up article long enough to pass the 40-word floor; each test varies it.
STORY_TEXT = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs, a decision that will "
    "reroute thousands of commuters for at least six months while engineers replace the rusted cables.\n\n"
    "Residents who spoke at the meeting were divided. Some said the closure was overdue after years of "
    "warnings, while shop owners near the bridge feared losing customers during the busiest season.\n\n"
    "The mayor promised free shuttle buses and said the work would be finished before the winter storms."
)


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "raw").mkdir()
    (corpus / "outlets.csv").write_text(OUTLETS, encoding="utf-8")
    (corpus / "articles" / "seed-article.md").write_text(SEED, encoding="utf-8")
    (corpus / "raw" / "seed-article.txt").write_bytes(RAW)
    (corpus / "raw" / "SHA256SUMS").write_text(f"{hashlib.sha256(RAW).hexdigest()}  seed-article.txt\n")
    assert validate_corpus(corpus) == []
    return corpus


def snapshot(corpus: Path) -> dict[str, bytes]:
    """Every file of the corpus but the (empty, ever-present once made) lock file of ``mediabias add``."""
    return {str(p.relative_to(corpus)): p.read_bytes() for p in sorted(corpus.rglob("*"))
            if p.is_file() and p.name != ".mediabias.lock"}


@pytest.fixture
def corpus(tmp_path):
    """A tiny corpus of one article in tmp_path (overrides conftest's bundled ``corpus`` in this module)."""
    return make_corpus(tmp_path)


def add(corpus: Path, *args: str) -> int:
    return main(["add", "--corpus", str(corpus), *args])


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def page(*, body: str, title: str = "Bridge to close for repairs", site: str = "Hot Air",
         date: str = "2024-03-05", url: str = "https://hotair.com/2024/03/05/bridge/") -> str:
    return f"""<!DOCTYPE html><html><head><title>{title} | {site}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta name="author" content="Bo Reporter"><meta property="article:published_time" content="{date}T08:00:00Z">
<link rel="canonical" href="{url}"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li><li><a href="/shop">Shop</a></li></ul></nav>
<article><h1>{title}</h1>{body}</article>
<footer><p>Copyright 2024 {site}. All rights reserved. Subscribe to our newsletter.</p></footer></body></html>"""


def variant(i: int) -> str:
    """STORY_TEXT with every word changed (a suffix per ``i``): a different article for duplicate checks."""
    return re.sub(r"\b([A-Za-z]+)\b", lambda m: m.group(1) + "xyzw"[i % 4] * (1 + i // 4), STORY_TEXT) if i else STORY_TEXT


PARAS = "".join(f"<p>{p}</p>" for p in STORY_TEXT.split("\n\n"))


# ------------------------------------------------------------------------------------- small helpers
@pytest.mark.parametrize("text, expected", [
    ("Obama's Iraq Failure — a Review", "obamas-iraq-failure-a-review"),
    ("  Ça va? Très bien!  ", "ca-va-tres-bien"),
    ("***", ""),
])
def test_slug(text, expected):
    assert ingest.slug(text) == expected


@pytest.mark.parametrize("a, b, same", [
    ("https://www.nytimes.com/2016/09/20/x.html?&hp&action=click&pgtype=Homepage", "http://nytimes.com/2016/09/20/x.html", True),
    ("https://example.com/a/?utm_source=tw#top", "https://example.com/a", True),
    ("https://example.com/story?id=1", "https://example.com/story?id=2", False),
])
def test_normalize_url(a, b, same):
    assert (ingest.normalize_url(a) == ingest.normalize_url(b)) is same


@pytest.mark.parametrize("value, expected", [
    ("2016-09-20", "2016-09-20"), ("2016-09-20T10:00:00Z", "2016-09-20"), ("7/23/17", "2017-07-23"),
    ("12/1/2016", "2016-12-01"), ("", None), (None, None),
])
def test_parse_date(value, expected):
    assert extract.parse_date(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2016-02-30", "23/7/17"])
def test_parse_date_refuses(value):
    with pytest.raises(extract.InputError, match="cannot read the date"):
        extract.parse_date(value)


@pytest.mark.parametrize("value, seps, expected", [
    ('Ann Lee, "Bo Kim"', ";,", ["Ann Lee", "Bo Kim"]),
    ("Ann Lee; Bo Kim", ";", ["Ann Lee", "Bo Kim"]),
    (["  Ann  Lee "], ";", ["Ann Lee"]),
    ("", ";,", []),
])
def test_split_authors(value, seps, expected):
    assert extract.split_authors(value, separators=seps) == expected


@pytest.mark.parametrize("text, expected", [
    ("One.\n\nTwo\nlines.", [(False, None, ["One."]), (False, None, ["Two lines."])]),
    ("Line one.\nLine two.", [(False, None, ["Line one."]), (False, None, ["Line two."])]),
    ("Intro:\n\n> quoted a\n>\n> quoted b\n\nAfter.",
     [(False, None, ["Intro:"]), (True, None, ["quoted a", "quoted b"]), (False, None, ["After."])]),
    ("> [!excerpt nyt]\n> Marked up already.", [(True, "nyt", ["Marked up already."])]),
])
def test_text_blocks(text, expected):
    assert [(b.excerpt, b.origin, b.paragraphs) for b in extract.text_blocks(text)] == expected


CORPUS_OUTLETS = [{"outlet_id": "nyt", "name": "The New York Times", "lean_source": "AllSides rating 'New York Times - News'"},
                  {"outlet_id": "fp", "name": "Foreign Policy", "lean_source": ""},
                  {"outlet_id": "hotair", "name": "Hot Air", "lean_source": ""}]


@pytest.mark.parametrize("sentence, expected", [
    ("This morning, the New York Times makes clear that neither side wanted a full withdrawal:", ["nyt"]),
    ("Josh Rogin at FP's The Cable blog reminds us:", ["fp"]),
    ("Unlike Foreign Policy, the NYT says:", ["fp", "nyt"]),
    ("As the New York Times - News desk put it:", ["nyt"]),
    ("Rogin has a different story:", []),
    ("The fp of the story is hot air, times new:", []),  # lowercase id, split names: no match
])
def test_outlets_in(sentence, expected):
    assert ingest.outlets_in(sentence, CORPUS_OUTLETS) == expected


@pytest.mark.parametrize("text, publisher, expected", [
    ("Hot Air readers know what the NYT reported today:\n\n> They left.", "hotair", "nyt"),
    ("Here at Hot Air we said so:\n\n> They left.", "hotair", "unknown"),  # the publisher is not an origin
    ("The New York Times said so.\n\nThen someone wrote:\n\n> They left.", "hotair", "unknown"),  # not the introducing sentence
    ("> [!excerpt fp]\n> They left, says the NYT.", "hotair", "fp"),  # markup in the input wins
])
def test_excerpt_origin_from_introducing_sentence(corpus, text, publisher, expected):
    blocks = extract.text_blocks(text)
    notes = ingest.resolve_excerpts(blocks, ingest.load_index(corpus), CORPUS_OUTLETS, publisher=publisher)
    assert [b.origin for b in blocks if b.excerpt] == [expected]
    assert len(notes) == (0 if "[!excerpt" in text else 1)


def test_near_duplicate_threshold(corpus):
    index = ingest.load_index(corpus)
    seed_text = load_corpus(corpus).articles.loc[0, "text"]
    assert index.near_duplicate(seed_text, threshold=0.8)[0] == "articles/seed-article.md"
    edited = seed_text.replace("Sunday", "Monday")  # one word changed: still the same article
    assert index.near_duplicate(edited, threshold=0.8)[0] == "articles/seed-article.md"
    assert index.near_duplicate(STORY_TEXT, threshold=0.8) is None


# --------------------------------------------------------------------------------------------- HTML
def test_html_blockquotes_become_excerpts(corpus, tmp_path, capsys):
    body = (PARAS
            + "<p>The New York Times has the story behind the vote:</p>"
            + "<blockquote><p>Engineers warned the council three times that the cables could fail.</p>"
            + "<p>Each warning was filed away without a vote.</p></blockquote>"
            + "<p>Another paper put it more bluntly, in a column published the same morning.</p>"
            + '<blockquote cite="https://www.nytimes.com/2024/03/05/bridge.html"><p>The bridge is a relic.</p></blockquote>'
            + "<p>Readers had their own view.</p>"
            + "<blockquote><p>Nobody asked the ferry operators what they thought about any of it.</p></blockquote>")
    src = write(tmp_path, "bridge.html", page(body=body))
    assert add(corpus, str(src), "--story", "harbour-bridge") == 0
    out = capsys.readouterr().out
    article = corpus / "articles" / "hotair-2024-03-05-bridge-to-close-for-repairs.md"
    text = article.read_text()
    # the first excerpt's origin comes from its introducing sentence
    assert "> [!excerpt nyt]\n> Engineers warned the council three times that the cables could fail.\n>\n> Each warning" in text
    # the last blockquote names no outlet: unknown, and the user is told
    assert "> [!excerpt unknown]\n> Nobody asked the ferry operators" in text
    assert "origin unknown" in out and "from the introducing sentence" in out
    assert "Copyright" not in text and "About us" not in text  # page furniture dropped
    assert "authors: [Bo Reporter]" in text and "url: https://hotair.com/2024/03/05/bridge/" in text
    assert validate_corpus(corpus) == []
    parsed = load_corpus(corpus).articles.set_index("article_id").loc[article.stem]
    assert parsed["outlet"] == "hotair" and parsed["story"] == "harbour-bridge" and parsed["published"] == "2024-03-05"
    raw_name = text.split("raw: raw/")[1].split("\n")[0]
    assert (corpus / "raw" / raw_name).read_bytes() == src.read_bytes()  # verbatim copy, checksummed
    assert f"{hashlib.sha256(src.read_bytes()).hexdigest()}  {raw_name}" in (corpus / "raw" / "SHA256SUMS").read_text()


def test_html_cite_attribute_names_the_origin(corpus, tmp_path):
    # the corpus knows nytimes.com from an article URL, so a cite pointing there is the NYT
    add(corpus, str(write(tmp_path, "n.txt", "Harbour story\n\n" + variant(1))),
        "--outlet", "nyt", "--story", "s", "--published", "2024-03-04", "--url", "https://www.nytimes.com/2024/03/04/harbour.html")
    body = (PARAS + "<p>Meanwhile, readers wrote in.</p>"
            + '<blockquote cite="https://www.nytimes.com/2024/03/05/bridge.html"><p>The bridge is a relic of a richer age.</p></blockquote>')
    assert add(corpus, str(write(tmp_path, "c.html", page(body=body))), "--story", "s") == 0
    text = (corpus / "articles" / "hotair-2024-03-05-bridge-to-close-for-repairs.md").read_text()
    assert "> [!excerpt nyt]\n> The bridge is a relic" in text


def test_html_cite_element_names_the_origin(corpus, tmp_path):
    body = (PARAS + "<p>Readers wrote in.</p><blockquote><p>The bridge is a relic of a richer age, and a danger.</p>"
            + "<footer>— <cite>The New York Times</cite></footer></blockquote>")
    assert add(corpus, str(write(tmp_path, "c.html", page(body=body))), "--story", "s") == 0
    text = (corpus / "articles" / "hotair-2024-03-05-bridge-to-close-for-repairs.md").read_text()
    assert "> [!excerpt nyt]\n> The bridge is a relic of a richer age, and a danger." in text


def test_html_outlet_from_site_name_or_refused(corpus, tmp_path, capsys):
    src = write(tmp_path, "p.html", page(body=PARAS, site="The Daily Planet", url="https://dailyplanet.example/bridge"))
    before = snapshot(corpus)
    assert add(corpus, str(src), "--story", "s") == 2
    err = capsys.readouterr().err
    assert "'The Daily Planet'" in err and "hotair (Hot Air)" in err and "nyt (The New York Times)" in err
    assert snapshot(corpus) == before
    assert add(corpus, str(src), "--story", "s", "--new-outlet", "The Daily Planet", "--kind", "newspaper", "--country", "US") == 0
    assert "dailyplanet,The Daily Planet,newspaper,US,," in (corpus / "outlets.csv").read_text()
    assert validate_corpus(corpus) == []


def test_html_without_a_date_needs_published(corpus, tmp_path, capsys):
    html = page(body=PARAS, url="https://hotair.com/bridge").replace('<meta property="article:published_time" content="2024-03-05T08:00:00Z">', "")
    src = write(tmp_path, "undated.html", html)  # the footer's "Copyright 2024" is not a publication date
    assert add(corpus, str(src), "--story", "s") == 2
    assert "no publication date found; pass --published" in capsys.readouterr().err
    assert add(corpus, str(src), "--story", "s", "--published", "2024-02-01") == 0
    assert (corpus / "articles" / "hotair-2024-02-01-bridge-to-close-for-repairs.md").exists()


# --------------------------------------------------------------------------------------- text, md
def test_txt_title_from_first_line_and_options(corpus, tmp_path):
    src = write(tmp_path, "a.txt", "Bridge to close\n\n" + STORY_TEXT)
    assert add(corpus, str(src), "--outlet", "nyt", "--story", "harbour", "--published", "2024-03-05",
               "--authors", "Ann Lee; Bo Kim", "--url", "https://www.nytimes.com/2024/03/05/bridge.html") == 0
    row = load_corpus(corpus).articles.set_index("article_id").loc["nyt-2024-03-05-bridge-to-close"]
    assert row["title"] == "Bridge to close" and row["authors"] == "Ann Lee; Bo Kim"
    assert row["text"] == STORY_TEXT and row["n_paragraphs"] == 3


def test_txt_without_date_or_story_is_refused(corpus, tmp_path, capsys):
    before = snapshot(corpus)
    assert add(corpus, str(write(tmp_path, "a.txt", "Bridge\n\n" + STORY_TEXT)), "--outlet", "nyt") == 2
    err = capsys.readouterr().err
    assert "--story" in err and "--published" in err and "nothing was written" in err
    assert snapshot(corpus) == before


def test_markdown_added_as_is(corpus, tmp_path):
    md = SEED.replace("seed-article", "second").replace("hotair.com/2011/10/22/troops-leave/", "hotair.com/other/")
    md = md.split("---\n\n")[0] + "---\n\n" + STORY_TEXT + "\n"
    md = md.replace("raw: raw/second.txt\n", "raw: raw/seed-article.txt\n")  # a raw file already in the corpus
    src = write(tmp_path, "second.md", md)
    assert add(corpus, str(src)) == 0
    assert (corpus / "articles" / "second.md").read_bytes() == src.read_bytes()
    assert validate_corpus(corpus) == []


# ------------------------------------------------------------------------------------ bad input
BAD_INPUTS = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("nul.txt", b"Title\n\nsome\x00binary\x00bytes", "binary"),
    ("doc.html", b"%PDF-1.7 ...", "PDF"),
    ("latin1.txt", "Caf\u00e9 title\n\n".encode("latin-1") + STORY_TEXT.encode(), "not valid UTF-8"),
    ("short.txt", b"Title\n\nToo short to be an article.", "not an article"),
    ("page.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "looks like HTML"),
    ("data.txt", b'{"title": "x", "text": "y"}', "JSON"),
    ("menu.html", page(body="<ul><li><a href='/'>Home</a></li></ul>").encode(), "not an article"),
    ("notes.docx", b"PK\x03\x04....", "unsupported file type"),
    ("noheader.md", ("Just text\n\n" + STORY_TEXT).encode(), "front matter"),
    ("huge.txt", b"Title\n\n" + b"word " * 300_000, "too large"),
]


@pytest.mark.parametrize("name, data, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_and_corpus_untouched(corpus, tmp_path, capsys, name, data, message):
    before = snapshot(corpus)
    code = add(corpus, str(write(tmp_path, name, data)), "--outlet", "nyt", "--story", "s", "--published", "2024-01-01",
               "--max-mb", "1")
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and name in err
    assert snapshot(corpus) == before


# ------------------------------------------------------------------------------------ duplicates
@pytest.mark.parametrize("variant, reason", [
    ("same-url", "same URL"),
    ("same-text", "near-identical text"),
])
def test_duplicates_refused_then_forced(corpus, tmp_path, capsys, variant, reason):
    args = ["--outlet", "nyt", "--story", "s", "--published", "2024-03-05"]
    first = write(tmp_path, "a.txt", "Bridge to close\n\n" + STORY_TEXT)
    assert add(corpus, str(first), *args, "--url", "https://www.nytimes.com/a.html") == 0
    existing = "articles/nyt-2024-03-05-bridge-to-close.md"
    if variant == "same-url":
        second = write(tmp_path, "b.txt", "Another headline\n\n" + STORY_TEXT.replace("harbour", "river").replace("council", "board").replace("mayor", "governor").replace("six", "nine").replace("shop", "cafe"))
        extra = ["--url", "http://nytimes.com/a.html?utm_source=x"]
    else:
        second = write(tmp_path, "b.txt", "Bridge closing, updated\n\n" + STORY_TEXT.replace("Tuesday", "Wednesday"))
        extra = []
    capsys.readouterr()
    before = snapshot(corpus)
    assert add(corpus, str(second), *args, *extra) == 2
    err = capsys.readouterr().err
    assert existing in err and reason in err and "--force" in err
    assert snapshot(corpus) == before
    if variant == "same-text":  # one wire story, published by two outlets: allowed when asked
        assert add(corpus, str(second), *args, *extra, "--keep-similar", "--dry-run") == 0
        assert "id: nyt-2024-03-05-bridge-closing-updated\n" in capsys.readouterr().out
    assert add(corpus, str(second), *args, *extra, "--skip-existing") == 0
    assert snapshot(corpus) == before
    assert add(corpus, str(second), *args, *extra, "--force") == 0
    assert "replaced" in capsys.readouterr().out
    arts = sorted(p.name for p in (corpus / "articles").glob("*.md"))
    assert arts == ["nyt-2024-03-05-bridge-to-close.md", "seed-article.md"]  # replaced in place, not duplicated
    assert second.read_text().splitlines()[0] in (corpus / existing).read_text()
    assert validate_corpus(corpus) == []


def test_same_id_markdown_refused(corpus, tmp_path, capsys):
    src = write(tmp_path, "seed-article.md", SEED.replace("https://hotair.com/2011/10/22/troops-leave/", "https://hotair.com/x/"))
    assert add(corpus, str(src)) == 2
    assert "articles/seed-article.md (same id" in capsys.readouterr().err


def test_ids_are_made_unique(corpus, tmp_path):
    args = ["--outlet", "nyt", "--story", "s", "--published", "2024-03-05", "--title", "Bridge"]
    add(corpus, str(write(tmp_path, "a.txt", STORY_TEXT)), *args)
    other = " ".join(reversed(STORY_TEXT.split()))  # same words, different text
    assert add(corpus, str(write(tmp_path, "b.txt", other)), *args) == 0
    assert {p.stem for p in (corpus / "articles").glob("nyt-*")} == {"nyt-2024-03-05-bridge", "nyt-2024-03-05-bridge-2"}


def test_dry_run_prints_and_writes_nothing(corpus, tmp_path, capsys):
    before = snapshot(corpus)
    src = write(tmp_path, "a.txt", "Bridge to close\n\n" + STORY_TEXT)
    assert add(corpus, str(src), "--outlet", "nyt", "--story", "s", "--published", "2024-03-05", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.startswith("---\nid: nyt-2024-03-05-bridge-to-close\ntitle: Bridge to close\noutlet: nyt\n")
    assert out.endswith(STORY_TEXT + "\n")
    assert snapshot(corpus) == before


# --------------------------------------------------------------------------------------- atomicity
@pytest.mark.parametrize("exc", [OSError("disk full"), KeyboardInterrupt()])
def test_failure_while_writing_leaves_corpus_untouched(corpus, tmp_path, monkeypatch, capsys, exc):
    files = [write(tmp_path, f"{i}.txt", f"Bridge {i}\n\n" + variant(i)) for i in range(3)]
    before = snapshot(corpus)
    real, calls = ingest._stage, []

    def flaky(target, data, staged):
        calls.append(target)
        if len(calls) == 5:  # three raw files and the checksums staged; fail on the first article
            raise exc
        real(target, data, staged)

    monkeypatch.setattr(ingest, "_stage", flaky)
    code = add(corpus, *map(str, files), "--outlet", "nyt", "--story", "s", "--published", "2024-03-05") \
        if isinstance(exc, OSError) else None
    assert code in (2, None)
    if code is None:  # Ctrl-C propagates to mediabias.cli.main, which reports it
        with pytest.raises(KeyboardInterrupt):
            index = ingest.load_index(corpus)
            drafts = [extract.draft_from_file(f) for f in files]
            options = ingest.AddOptions(outlet="nyt", story="s", published="2024-03-05")
            ingest.commit(ingest.plan_additions(drafts, index, options=options), corpus)
    assert len(calls) == 5
    if code == 2:
        assert "could not write" in capsys.readouterr().err
    assert snapshot(corpus) == before  # no article, no raw file, no temporary file left behind


def test_batch_with_one_bad_input_writes_nothing(corpus, tmp_path, capsys):
    good = write(tmp_path, "good.txt", "Bridge to close\n\n" + STORY_TEXT)
    bad = write(tmp_path, "bad.txt", b"")
    before = snapshot(corpus)
    assert add(corpus, str(good), str(bad), "--outlet", "nyt", "--story", "s", "--published", "2024-03-05") == 2
    assert snapshot(corpus) == before
    assert add(corpus, str(good), str(bad), "--outlet", "nyt", "--story", "s", "--published", "2024-03-05", "--skip-invalid") == 0
    assert "skipped" in capsys.readouterr().err
    assert (corpus / "articles" / "nyt-2024-03-05-bridge-to-close.md").exists()


# ------------------------------------------------------------------------------------------ JSONL
def allsides_like(n: int) -> list[dict]:
    sources = ["New York Times - News", "HotAir", "Reuters"]
    return [{"ID": f"rec{i}", "source": sources[i % 3], "url": f"https://example.com/{i}", "date": ["2016-09-20", "7/23/17"][i % 2],
             "authors": "Ann Lee, Bo Kim" if i % 2 else "", "title": f"Headline number {i}", "topic": "bridges",
             "bias_text": ["left", "right", "center"][i % 3],
             "content_original": f"Headline number {i}\n\n" + variant(i)}
            for i in range(n)]


def test_jsonl_gzip_where_limit_and_mapping(corpus, tmp_path, capsys):
    src = tmp_path / "export.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in allsides_like(9))
    before = snapshot(corpus)
    assert add(corpus, "--from-jsonl", str(src), "--map", "story=topic") == 2
    err = capsys.readouterr().err
    assert "'Reuters' (3)" in err and snapshot(corpus) == before  # unknown source: refused, none written
    assert add(corpus, "--from-jsonl", str(src), "--map", "story=topic", "--where", "source=new york times - news",
               "--limit", "2") == 0
    arts = load_corpus(corpus).articles.set_index("article_id")
    added = arts[arts["story"] == "bridges"]
    assert list(added.index) == ["nyt-2016-09-20-headline-number-0", "nyt-2017-07-23-headline-number-3"]
    assert added.loc["nyt-2017-07-23-headline-number-3", "authors"] == "Ann Lee; Bo Kim"
    assert not added["text"].str.startswith("Headline").any()  # the repeated title line is dropped
    raw = (corpus / added.loc["nyt-2016-09-20-headline-number-0", "raw"]).read_text()
    assert json.loads(raw)["ID"] == "rec0"  # the record, verbatim
    # a new outlet needs explicit flags; its lean comes from the record's bias_text
    assert add(corpus, "--from-jsonl", str(src), "--map", "story=topic", "--where", "source=Reuters",
               "--new-outlet", "Reuters", "--kind", "news agency") == 0
    assert "reuters,Reuters,news agency,,center,lean label of source 'Reuters' as given in export.jsonl.gz" in (corpus / "outlets.csv").read_text()
    assert validate_corpus(corpus) == []


def test_jsonl_bad_line(corpus, tmp_path, capsys):
    src = write(tmp_path, "x.jsonl", json.dumps(allsides_like(1)[0]) + "\nnot json\n[1, 2]\n")
    before = snapshot(corpus)
    assert add(corpus, "--from-jsonl", str(src), "--story", "s") == 2
    err = capsys.readouterr().err
    assert "x.jsonl line 2: not a JSON object" in err and "x.jsonl line 3: not a JSON object" in err
    assert snapshot(corpus) == before
    assert add(corpus, "--from-jsonl", str(src), "--story", "s", "--skip-invalid") == 0
    assert capsys.readouterr().err.count("skipped: x.jsonl line") == 2
    assert (corpus / "articles" / "nyt-2016-09-20-headline-number-0.md").exists()


def test_a_record_without_a_date_names_both_ways_out(corpus, tmp_path, capsys):
    undated = {**allsides_like(1)[0], "date": ""}  # AllSides has 4,407 such records
    src = write(tmp_path, "x.jsonl", json.dumps(undated) + "\n" + json.dumps(allsides_like(2)[1]) + "\n")
    before = snapshot(corpus)
    assert add(corpus, "--from-jsonl", str(src), "--story", "s", "--outlet", "nyt") == 2
    assert ("x.jsonl line 1: no publication date in the record; map another field with --map published=FIELD, "
            "or leave such records out with --skip-invalid") in capsys.readouterr().err
    assert snapshot(corpus) == before
    assert add(corpus, "--from-jsonl", str(src), "--story", "s", "--outlet", "nyt", "--skip-invalid") == 0
    assert (corpus / "articles" / "nyt-2017-07-23-headline-number-1.md").exists()


def test_html_in_a_declared_legacy_encoding(corpus, tmp_path):
    html = page(body=PARAS.replace("harbour", "harbour café")).replace("<head>", '<head><meta charset="windows-1252">')
    src = write(tmp_path, "legacy.html", html.encode("cp1252"))
    assert add(corpus, str(src), "--story", "s") == 0
    article = corpus / "articles" / "hotair-2024-03-05-bridge-to-close-for-repairs.md"
    assert "old harbour café bridge" in article.read_text(encoding="utf-8")
    raw = article.read_text().split("raw: ")[1].split("\n")[0]
    assert (corpus / raw).read_bytes() == src.read_bytes()


def test_allsides_records_match_outlets_by_allsides_name(corpus, capsys):
    data = paths.dataset("allsides-articles")
    if data is None:
        pytest.skip("allsides-articles dataset not on this machine")
    before = snapshot(corpus)
    assert add(corpus, "--from-jsonl", str(data / "articles.jsonl.gz"), "--where", "source=New York Times - News",
               "--limit", "2", "--story", "s", "--dry-run") == 0
    out = capsys.readouterr().out
    assert out.count("\noutlet: nyt\n") == 2 and out.count("source_format: jsonl") == 2
    assert snapshot(corpus) == before


# ------------------------------------------------------------------------------------------ BASIL
def test_basil_same_event_three_outlets_through_the_command_line(corpus, tmp_path, capsys):
    basil = paths.dataset("basil")
    if basil is None:
        pytest.skip("BASIL dataset not on this machine")
    files = sorted((basil / "articles" / "2010").glob("*.json"))
    event = files[0].name.rsplit("_", 1)[0]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in files if p.name.startswith(event)]
    assert sorted(r["source"].lower() for r in records) == ["fox", "hpo", "nyt"]
    export = write(tmp_path, "basil.jsonl", "".join(json.dumps(r) + "\n" for r in records))  # in tmp only
    common = ["--from-jsonl", str(export), "--map", "body=body-paragraphs", "--map", "record_id=uuid",
              "--story", f"basil-{event[:8]}"]
    before = snapshot(corpus)
    assert add(corpus, *common) == 2  # fox and hpo are not outlets yet
    assert "'fox' (1), 'hpo' (1)" in capsys.readouterr().err and snapshot(corpus) == before
    assert add(corpus, *common, "--where", "source=fox", "--outlet", "fox", "--new-outlet", "Fox News", "--kind", "broadcaster") == 0
    assert add(corpus, *common, "--where", "source=hpo", "--outlet", "hpo", "--new-outlet", "HuffPost", "--kind", "website") == 0
    assert add(corpus, *common, "--skip-existing") == 0  # adds the NYT one, skips the two already there
    assert capsys.readouterr().err.count("skipped:") == 2
    assert add(corpus, *common) == 2  # a rerun without --skip-existing refuses, naming the files
    assert "already in the corpus" in capsys.readouterr().err
    assert validate_corpus(corpus) == []
    arts = load_corpus(corpus).articles
    story = arts[arts["story"] == f"basil-{event[:8]}"]
    assert sorted(story["outlet"]) == ["fox", "hpo", "nyt"]
    for r in records:
        row = story[story["outlet"] == r["source"].lower()].iloc[0]
        assert row["title"] == r["title"] and row["published"] == r["date"] and row["url"] == r["url"]
        first_sentence = r["body-paragraphs"][0][0].strip()
        assert row["text"].startswith(" ".join(first_sentence.split()))
        assert row["n_paragraphs"] == sum(1 for p in r["body-paragraphs"] if " ".join(p).strip())


# ------------------------------------------------------------------------------------ command line
def test_kinds_match_the_corpus_contract():
    from mediabias.commands import add as add_command
    from mediabias.corpus import OUTLET_KINDS

    assert add_command.KINDS == OUTLET_KINDS


@pytest.mark.parametrize("args, message", [
    ([], "nothing to add"),
    (["a.txt", "b.txt", "--title", "T"], "--title and --url apply to a single FILE"),
    (["--from-jsonl", "x.jsonl", "--published", "2024-01-01"], "apply to single files"),
    (["a.txt", "--where", "source=x"], "need --from-jsonl"),
    (["a.txt", "--new-outlet", "X"], "--new-outlet needs --kind"),
    (["a.txt", "--force", "--skip-existing"], "contradict"),
    (["a.txt", "--outlet", "nope", "--story", "s"], "unknown outlet 'nope'; known: hotair, nyt"),
])
def test_usage_errors(corpus, tmp_path, capsys, args, message):
    write(tmp_path, "a.txt", "Title\n\n" + STORY_TEXT)
    args = [str(tmp_path / a) if a.endswith(".txt") else a for a in args]
    before = snapshot(corpus)
    assert add(corpus, *args) == 2
    assert message in capsys.readouterr().err
    assert snapshot(corpus) == before
