"""Attributions in the seed articles, hand-checked against the curated article text (no page furniture)."""

from __future__ import annotations

import pandas as pd
import pytest

from mediabias.sources import lexicon, speakers
from mediabias.sources import COLUMNS, extract_attributions, quote_spans

SEED_003 = "003_90f0f04d63b1e894"
SEED_004 = "004_e91974fb60900235"


@pytest.fixture(scope="session")
def nlp():
    from mediabias.runtime.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_tables(nlp):
    from mediabias.corpus import load_corpus
    from mediabias.sources import parse

    arts = load_corpus().articles.sort_values("article_id")
    docs = parse(arts["text"].tolist(), nlp=nlp)
    return {aid: extract_attributions(doc.text, doc=doc) for aid, doc in zip(arts["article_id"], docs)}


def _row(table, cue, snippet):
    hits = table[(table.cue_text.fillna("") == cue) & table.content_text.str.contains(snippet, regex=False)]
    assert len(hits) == 1, f"expected one attribution with cue {cue!r} and content containing {snippet!r}:\n" + \
        table[["source_text", "cue_text", "content_text"]].to_string()
    return hits.iloc[0]


# (article, cue, content snippet, speaker, kind, cue_class, source_type, named)
CASES = [
    # 003 Foreign Policy / The Cable: every attribution in the article
    (SEED_003, "according to", "prospects of reaching an agreement", "close observers of the process", "indirect",
     "neutral", "expert", False),
    (SEED_003, "told", "no final decisions have been made", "Mark Toner", "direct", "neutral", "us_government", True),
    (SEED_003, "said", "not discouraged", "Leon Panetta", "direct", "neutral", "us_government", True),
    (SEED_003, "told", "in our own sweet time", "Samir Sumaida’ie", "mixed", "neutral", "foreign_official", True),
    (SEED_003, "said", "the reason a deal isn’t likely", "Ramzy Mardini", "indirect", "neutral", "expert", True),
    (SEED_003, "said", "That’s impossible for an Iraqi legislature", "Ramzy Mardini", "indirect", "neutral", "expert",
     True),
    (SEED_003, "said", "red line for the U.S.", "Ramzy Mardini", "direct", "neutral", "expert", True),
    (SEED_003, "told", "The immunity we had said is not possible", "Nouri al-Maliki", "direct", "neutral",
     "foreign_official", True),
    (SEED_003, "said", "wrong mindset in Iraq", "Ramzy Mardini", "direct", "neutral", "expert", True),
    # 004 The Media Line: every attribution in the article
    (SEED_004, "told", "Apparent mass confusion", "analysts", "indirect", "neutral", "expert", False),
    (SEED_004, "read", "We respect your sovereign decision", "William Seely", "direct", "neutral", "document", True),
    (SEED_004, "calling", "“draft”", "Mark Milley", "mixed", "neutral", "us_military", True),
    (SEED_004, "described", "“an honest mistake”", "Mark Milley", "mixed", "neutral", "us_military", True),
    (SEED_004, "reiterated", "no decision whatsoever", "Mark Esper", "mixed", "neutral", "us_government", True),
    (SEED_004, "told", "I am not aware of any past situation", "Richard Kemp", "direct", "neutral", "expert", True),
    (SEED_004, "elaborated", "Among those plans", "Richard Kemp", "direct", "neutral", "expert", True),
    (SEED_004, "concluded", "extremely embarrassing", "Richard Kemp", "mixed", "neutral", "expert", True),
    (SEED_004, "reported", "revenge attack", "The New York Times", "indirect", "neutral", "media", True),
    (SEED_004, "speculated", "Iran might target American troops", "Sources", "indirect", "stance", "anonymous", False),
    # the article names him in full once, in a possessive ("President Donald Trump’s commitment")
    (SEED_004, "threatened", "striking 52 Iranian positions", "Donald Trump", "indirect", "stance", "us_government",
     True),
    (SEED_004, "rejected", "repeated assertion", "Pentagon", "indirect", "stance", "us_military", True),
    (SEED_004, "told", "demonstrates the difficulty", "Chuck Freilich", "mixed", "neutral", "expert", True),
    (SEED_004, "said", "Strange things do happen", "Chuck Freilich", "direct", "neutral", "expert", True),
    (SEED_004, "postulated", "If it wasn’t a mistake", "Chuck Freilich", "direct", "stance", "expert", True),
    (SEED_004, "explained to", "self-inflicted wound", "Ross Harrison", "indirect", "neutral", "expert", True),
    (SEED_004, "said", "Beforehand, the pressure was on Tehran", "Ross Harrison", "direct", "neutral", "expert", True),
    (SEED_004, "believe", "hamstring President Trump", "Ross Harrison", "mixed", "neutral", "expert", True),
    (SEED_004, "fears", "no longer perceived", "Ross Harrison", "mixed", "stance", "expert", True),
    (SEED_004, "said", "Saudi Arabia and the United Arab Emirates", "Ross Harrison", "direct", "neutral", "expert",
     True),
    (SEED_004, "agree", "concurrent withdrawal from Iraq", "Analysts", "indirect", "neutral", "expert", False),
    # 000 Hot Air quoting the NYT
    ("000_908ce795a3fce461", "said", "negotiations would now center", "an American official in Iraq", "indirect",
     "neutral", "us_government", False),
    ("000_908ce795a3fce461", "insisted", "rebuilding our own country", "Barack Obama", "indirect", "stance",
     "us_government", True),
    # 001 Hot Air quoting The Cable
    ("001_7127911f8c492fa6", "said", "largely driven by domestic political concerns", "Sullivan", "direct", "neutral",
     "citizen_other", True),
    ("001_7127911f8c492fa6", "said", "Multiple experts have testified", "Buck McKeon", "direct", "neutral",
     "legislator", True),
    ("001_7127911f8c492fa6", "said", "obvious fix for troop immunity", "one former senior Hill staffer", "direct",
     "neutral", "legislator", False),
    # 002 Hot Air quoting the AP and National Journal
    ("002_0525342205e8e59f", "learned", "abandoning plans", "The Associated Press", "indirect", "stance", "media",
     True),
    ("002_0525342205e8e59f", "per", "according to several of his aides", "National Journal", "direct", "neutral",
     "media", True),
    ("002_0525342205e8e59f", "said", "does not have the votes", "the U.S. military official", "indirect", "neutral",
     "us_military", False),
]


@pytest.mark.parametrize("article,cue,snippet,speaker,kind,cue_class,source_type,named", CASES)
def test_seed_attribution(seed_tables, article, cue, snippet, speaker, kind, cue_class, source_type, named):
    row = _row(seed_tables[article], cue, snippet)
    assert row.speaker == speaker
    assert row.kind == kind
    assert row.cue_class == cue_class
    assert row.source_type == source_type
    assert bool(row.named) is named


# Beyond the hand-listed attributions above, the extractor also returns these (belief/intention cues and
# one continuation paragraph); listing them keeps every row of 003 and 004 under test.
EXTRA = {
    SEED_003: ["thinks", "wanted", "demand", "reports"],
    SEED_004: ["announcing", "explain", "seemed", "vowing", "", "warned", "reportedly"],
}
# "reportedly" (004): "which was reportedly sent after ..." credits the clause to unnamed reports (issue 25;
# resources/reporting_adverbs.csv), as PolNeAR annotates it: a cue with no source.
# "warned" (004): "warned <addressee> against <gerund>" became a cue with the gerund clause as content in issue 3;
# checked against the seed text (the President warned Iran against targeting American interests).
# "reports" (003): "in response to several reports over the weekend that <clause>" became a source-less nominal
# cue in issue 3 (PolNeAR annotates such relations with an empty source); checked against the seed text.


@pytest.mark.parametrize("article", [SEED_003, SEED_004])
def test_every_attribution_accounted_for(seed_tables, article):
    listed = sorted([c[1] for c in CASES if c[0] == article] + EXTRA[article])
    assert sorted(seed_tables[article].cue_text.fillna("")) == listed


def test_offsets_index_the_text(seed_tables):
    from mediabias.corpus import load_corpus

    texts = dict(zip(*load_corpus().articles[["article_id", "text"]].T.values))
    for aid, table in seed_tables.items():
        assert list(table.columns) == list(COLUMNS)
        for r in table.itertuples():
            assert texts[aid][r.content_start:r.content_end] == r.content_text
            if r.cue_text is not None and r.cue_text == r.cue_text:
                assert texts[aid][r.cue_start:r.cue_end] == r.cue_text


@pytest.mark.parametrize("article,short,full", [
    (SEED_003, "he", "Ramzy Mardini"),      # "he said" → Ramzy Mardini
    (SEED_004, "Col. Kemp", "Richard Kemp"),  # Col. Kemp = Col. (ret.) Richard Kemp
    (SEED_004, "the chairman of the Joint Chiefs of Staff", "Mark Milley"),
    (SEED_004, "Freilich", "Chuck Freilich"),
    ("001_7127911f8c492fa6", "McKeon", "Buck McKeon"),
])
def test_speaker_resolution(seed_tables, article, short, full):
    table = seed_tables[article]
    rows = table[table.source_text == short]
    assert len(rows) and set(rows.speaker) == {full}


def test_affiliation_and_addressee(seed_tables):
    t = seed_tables[SEED_003]
    mardini = _row(t, "said", "the reason a deal isn’t likely")
    assert mardini.affiliation == "the Institute for the Study of War"
    assert _row(t, "told", "in our own sweet time").addressee == "The Cable"
    assert _row(t, "told", "no final decisions").affiliation == "State Department"


def test_continuation_paragraph_keeps_speaker(seed_tables):
    row = _row(seed_tables[SEED_004], "", "Moving forward, this is not going")
    assert row.speaker == "Ross Harrison" and row.kind == "direct" and pd.isna(row.source_text)


def test_quote_across_paragraphs_is_one_content(seed_tables):
    row = _row(seed_tables[SEED_004], "told", "I am not aware")
    assert "irrespective of recent events" in row.content_text


# ---------------------------------------------------------------- robustness (no corpus needed for pairing)


@pytest.mark.parametrize("text,n_quotes,closed", [
    ('He said "it is over." She said "no."', 2, [True, True]),
    ("He said “it is over.” She said “no.”", 2, [True, True]),
    ("Samir Sumaida’ie said “in our own sweet time.”", 1, [True]),
    ("Sumaida'ie's office said 'maybe' and \"yes.\"", 1, [True]),
    ("“First paragraph of a long quote.\n\n“Second paragraph,” she said.", 2, [False, True]),
    ('An unbalanced " mark here.\n\n"Fine," Smith said.', 2, [False, True]),
    ("He said ''it is over.'' She didn't.", 1, [True]),  # two apostrophes as a double quote (NYT archive)
])
def test_quote_pairing(text, n_quotes, closed):
    quotes = quote_spans(text)
    assert len(quotes) == n_quotes
    assert [q.closed for q in quotes] == closed


@pytest.mark.parametrize("text,cue,speaker,kind", [
    ('"It was a mistake," Milley said.', "said", "Milley", "direct"),
    ("“It was a mistake,” Milley said.", "said", "Milley", "direct"),
    ("Iraqi Ambassador Samir Sumaida’ie told reporters that the deal was close.", "told", "Samir Sumaida’ie",
     "indirect"),
    ('He never closes this quote: "oops.\n\n"Fine," said Jane Smith.', "said", "Jane Smith", "direct"),
    ("The plan failed, according to two officials.", "according to", "two officials", "indirect"),
    ("''We will win,'' Senator Jane Doe said.", "said", "Jane Doe", "direct"),
    # a person is kept distinct from the institution they lead, and from their aides
    ("The Obama administration said that the talks had failed.", "said", "Obama administration", "indirect"),
    ("Obama aides said the deal was dead.", "said", "Obama aides", "indirect"),
    ("President Obama said the war was over.", "said", "Obama", "indirect"),
])
def test_robust_extraction(nlp, text, cue, speaker, kind):
    table = extract_attributions(text, nlp=nlp)
    row = table[table.cue_text == cue].iloc[0]
    assert (row.speaker, row.kind) == (speaker, kind)


# Constructions added in issue 3 (hand-written sentences): text, cue, source text, content text.
@pytest.mark.parametrize("text,cue,source,content", [
    ("The senator figures the bill will pass next week.", "figures", "The senator", "the bill will pass next week"),
    ("The governor warned lawmakers against raising taxes.", "warned", "The governor",
     "against raising taxes"),
    ("Mayor Smith has called for ending the curfew.", "called for", "Mayor Smith", "ending the curfew"),
    ("The governor signed the budget.", "signed", "The governor", "the budget"),
    ("She assured voters that the plant would stay open.", "assured", "She", "that the plant would stay open"),
    ("The campaign is hoping to win Ohio.", "hoping", "The campaign", "to win Ohio"),
    ("Most analysts think the same thing.", "think", "Most analysts", "the same thing"),
])
def test_issue3_constructions(nlp, text, cue, source, content):
    table = extract_attributions(text, nlp=nlp)
    row = table[table.cue_text == cue].iloc[0]
    assert (row.source_text, row.content_text) == (source, content)


# Second round of issue 3 (hand-written sentences): text, cue, source text (None: no source), content text.
@pytest.mark.parametrize("text,cue,source,content", [
    # a subject inside the quotation is not the speaker
    ('"My apologies, I am sorry," Quick said after a back-and-forth.', "said", "Quick",
     '"My apologies, I am sorry,"'),
    # inverted cue whose speaker the parser hangs on the next participle
    ('"I am not going to say it is a mistake," said retired surgeon Ben Carson, asked about his claims.', "said",
     "retired surgeon Ben Carson", '"I am not going to say it is a mistake,"'),
    # a reflexive object with a predicate
    ("Sanders calls himself a democratic socialist.", "calls", "Sanders", "himself a democratic socialist"),
    # a second predicate of the cue's subject ends the clause
    ("She was telling voters that the mayor is a faker and questioning how he got away with it.", "telling", "She",
     "that the mayor is a faker"),
    # source-less nominal cues
    ("The senator faces questions about the contract after reports that the deal had collapsed.", "reports", None,
     "that the deal had collapsed"),
    ("There is growing concern about the security of the ballots.", "concern", None, "the security of the ballots"),
])
def test_issue3_round2_constructions(nlp, text, cue, source, content):
    table = extract_attributions(text, nlp=nlp)
    row = table[table.cue_text == cue].iloc[0]
    assert (None if pd.isna(row.source_text) else row.source_text, row.content_text) == (source, content)


def test_intention_nouns_need_a_source(nlp):
    assert not (extract_attributions("The decision to close the base surprised many.", nlp=nlp).cue_text
                == "decision").any()


@pytest.mark.parametrize("text", [
    "Iowa: Jane Doe, John Roe, Mary Major, Richard Miles.",  # a list heading, not a speaker
    "Q: Did you see the debate last night?",  # an interview turn label
])
def test_colon_headings_are_not_sources(nlp, text):
    assert not (extract_attributions(text, nlp=nlp).cue_text == ":").any()


@pytest.mark.parametrize("description,expected", [
    ("State Department spokesman Mark Toner", "us_government"),
    ("Iraqi Ambassador Samir Sumaida’ie", "foreign_official"),
    ("Ramzy Mardini, a scholar at the Institute for the Study of War", "expert"),
    ("House Armed Services Chairman Buck McKeon", "legislator"),
    ("White House spokesman Jay Carney", "us_government"),  # the executive, not the House
    ("The New York Times", "media"),
    ("the authenticated missive by US Brigadier General William Seely", "document"),
    ("40 conservative foreign policy professionals", "expert"),  # seed 001's FP excerpt (was citizen_other)
])
def test_source_type_codebook(description, expected):
    orgs = ["Institute for the Study of War"] if "Institute" in description else []
    assert speakers.source_type(description, orgs=orgs) == expected


@pytest.mark.parametrize("name,expected", [
    ("Col. (ret.) Richard Kemp", "Richard Kemp"), ("Dr. Chuck Freilich", "Chuck Freilich"),
    ("Prof. Ross Harrison", "Ross Harrison"), ("Samir Sumaida'ie", "Samir Sumaida’ie"),
])
def test_strip_titles(name, expected):
    assert speakers.strip_titles(name) == expected


def test_reporting_verb_classes():
    lex = lexicon.reporting_verbs()
    assert lex.loc["say", "cue_class"] == "neutral" and lex.loc["tell", "cue_class"] == "neutral"
    for verb in ("insist", "admit", "claim", "concede", "postulate", "warn"):
        assert lex.loc[verb, "cue_class"] == "stance"


# ---------------------------------------------------------------- corpus level, command line, scorer


def test_corpus_table_has_voice_and_chain():
    from mediabias.sources import CORPUS_COLUMNS, attributions

    table = attributions()
    assert list(table.columns) == list(CORPUS_COLUMNS) + list(COLUMNS)
    assert table.attribution_id.is_unique
    nyt = table[(table.article_id == "000_908ce795a3fce461") & (table.cue_text == "said")
                & table.content_text.str.contains("negotiations would now center")].iloc[0]
    assert nyt.voice == "excerpt" and nyt.origin_outlet == "nyt"
    assert nyt.chain == "Hot Air → The New York Times → an American official in Iraq"
    assert set(table.voice) == {"author", "excerpt"}


def test_command_writes_json(tmp_path):
    import json

    from mediabias.cli import main

    out = tmp_path / "attributions.json"
    assert main(["sources", "--format", "json", "--output", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows and {"chain", "speaker", "cue_class"} <= set(rows[0])


ANN = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 29\tthe plan is ready.
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
"""


def test_scorer_on_a_tiny_brat_directory(tmp_path):
    from mediabias.evaluation import attribution as ev

    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "nyt_x.txt").write_text("Smith said the plan is ready.", encoding="utf-8")
    (tmp_path / "attributions" / "nyt_x_a1.ann").write_text(ANN, encoding="utf-8")
    [art] = ev.load_polnear(tmp_path)
    assert art["outlet"] == "nyt" and art["relations"][0]["cue"] == [(6, 10)]
    gold = ev.to_token_relations(art["text"], art["relations"])
    half = ev.to_token_relations(art["text"], [{"source": [(0, 5)], "cue": [(6, 10)], "content": [(11, 19)]}])
    rows = {(r["role"], r["match"]): r["tp"] for r in ev.score_article(half, gold)}
    assert rows[("source", "exact")] == 1 and rows[("cue", "exact")] == 1
    assert rows[("content", "exact")] == 0 and rows[("content", "overlap")] == 1  # "the plan" vs 4 words: Dice .67
    table = ev.run(tmp_path)
    ours = table[(table.system == "mediabias") & (table.outlet == "all") & (table.match == "exact")]
    assert dict(zip(ours.role, ours.f1)) == {"source": 1.0, "cue": 1.0, "content": 1.0, "relation": 1.0}


def test_polnear_dev_smoke():
    from mediabias import paths
    from mediabias.evaluation import attribution as ev

    folder = paths.dataset("polnear")
    if folder is None or not (folder / "dev").exists():
        pytest.skip("PolNeAR is not on this machine")
    table = ev.run(folder / "dev", limit=2)
    assert set(table.system) == {"mediabias", "mediabias (reader scheme)", "textacy (baseline)"} and table.n_gold.gt(0).any()


def test_corpus_table_for_an_article_without_attributions(tmp_path):
    """An article that credits nobody yields an empty table with every column (it used to raise)."""
    from mediabias.corpus import load_corpus
    from mediabias.sources import CORPUS_COLUMNS, attributions

    from tests.conftest import one_article_corpus

    corpus = one_article_corpus(tmp_path, "The troops left the base on Tuesday. The convoy drove south.\n")
    table = attributions(load_corpus(corpus))
    assert table.empty
    assert list(table.columns) == list(CORPUS_COLUMNS) + list(COLUMNS)


def test_pipeline_gives_one_name_per_person_across_a_storys_articles(tmp_path):
    """Hot Air's 002 says only "Obama"; 000 of the same story says "Barack Obama": the results table uses one."""
    import shutil

    from mediabias.corpus import load_corpus
    from mediabias.pipeline import analyze
    from tests.conftest import BUNDLED

    shutil.copytree(BUNDLED, tmp_path / "corpus")
    analyze(load_corpus(tmp_path / "corpus"), steps=("attributions",), progress=False)
    table = pd.read_parquet(tmp_path / "corpus" / "results" / "attributions.parquet")
    hotair = table[table.outlet == "hotair"]
    assert "Obama" not in set(hotair.speaker)
    assert (hotair.speaker == "Barack Obama").sum() >= 8
    assert "Hot Air → Obama" not in set(hotair.chain) and "Hot Air → Barack Obama" in set(hotair.chain)


def _merge_short_names_quadratic(names):
    """The reference: each name against every longer name before it."""
    unique = sorted(set(n for n in names if n), key=lambda n: (-len(n.split()), n))
    mapping = {}
    for name in unique:
        targets = {mapping[full] for full in unique
                   if speakers.same_person(name, full) and speakers.one_person(full, set(unique))}
        mapping[name] = targets.pop() if len(targets) == 1 else name
    return mapping


def test_short_names_merge_into_the_longest_full_name():
    names = ["Obama", "Barack Obama", "President Barack Obama", "Kemp", "Richard Kemp", "Harrison", "Jeffrey"]
    mapping = speakers.merge_short_names(names)
    assert mapping["Obama"] == mapping["Barack Obama"] == "President Barack Obama"
    assert speakers.merge_short_names(["Romney", "Ann Romney", "Mitt Romney"])["Romney"] == "Romney"  # which one?
    assert mapping["Kemp"] == "Richard Kemp" and mapping["Harrison"] == "Harrison"


def test_short_names_never_merge_into_page_furniture_or_two_names_run_together():
    """Read in AllSides stories: a USA Today video button glued to a name ("CLOSE Donald Trump") and a caption's
    list of names had become the full name of every "Donald Trump" and "Hillary Clinton" of the story."""
    names = ["Donald Trump", "Trump", "CLOSE Donald Trump", "Hillary Clinton", "Joe Biden", "Joe Biden Hillary Clinton",
             "Clinton", "Rudy Giuliani", "Giuliani", "J.D. Vance", "Vance", "Martin Luther King Jr.", "King Jr."]
    mapping = speakers.merge_short_names(names)
    assert mapping["Trump"] == mapping["Donald Trump"] == "Donald Trump"
    assert mapping["Clinton"] == mapping["Hillary Clinton"] == "Hillary Clinton"
    assert mapping["CLOSE Donald Trump"] == "CLOSE Donald Trump"  # left as it is, only no longer a target
    assert mapping["Giuliani"] == "Rudy Giuliani" and mapping["Vance"] == "J.D. Vance"
    assert mapping["King Jr."] == "Martin Luther King Jr."
    # furniture and epithets opening a name; a surname two people of the story share
    mapping = speakers.merge_short_names(["Donald Trump", "Add Donald Trump", "Trump", "Twitter Joaquin Castro",
                                          "Joaquin Castro", "Mary Trump", "Glenn Close", "Close"])
    assert mapping["Donald Trump"] == "Donald Trump" and mapping["Joaquin Castro"] == "Joaquin Castro"
    assert mapping["Trump"] == "Trump" and mapping["Close"] == "Glenn Close"


def test_short_names_merge_as_the_quadratic_reference_does(seed_tables):
    import random

    seed_names = [s for t in seed_tables.values() for s in t["speaker"].dropna()]
    rng = random.Random(7)
    words = ["John", "Smith", "Jones", "Mary", "Lee", "Ann", "Kim", "Park"]
    made = [" ".join(rng.choices(words, k=rng.randint(1, 4))) for _ in range(400)]
    for names in (seed_names, made, seed_names + made + ["", "  "]):
        assert speakers.merge_short_names(names) == _merge_short_names_quadratic(names)


# ------------------------------------------------------------------------------------------ transcript turns
TRANSCRIPT = ("AMY GOODMAN: And what do the U.S. elections mean for what is taking place now?\n\n"
              "NOAM CHOMSKY: Well, the Republicans said they would block it. It is a disaster.\n\n"
              "STEVE DOOCY (co-host): Is the Obama administration guilty of government malpractice?")


def test_transcript_turns_give_each_paragraph_to_its_labelled_speaker():
    from mediabias.sources import extract_attributions

    t = extract_attributions(TRANSCRIPT)
    assert t[["speaker", "cue_text", "kind", "attribution_kind"]].values.tolist() == [
        ["Amy Goodman", ":", "direct", "speech"],
        ["Noam Chomsky", ":", "direct", "speech"],
        ["Steve Doocy", ":", "direct", "speech"],
    ]
    # the whole turn is the speaker's (the nested "the Republicans said" gives way, as PolNeAR nests no relation)
    assert t.content_text.tolist() == [
        "And what do the U.S. elections mean for what is taking place now?",
        "Well, the Republicans said they would block it. It is a disaster.",
        "Is the Obama administration guilty of government malpractice?",
    ]
    assert t.source_text.tolist() == ["AMY GOODMAN", "NOAM CHOMSKY", "STEVE DOOCY"]


@pytest.mark.parametrize("text", [
    "FILE PHOTO: Virginia Governor Ralph Northam speaks to reporters in Richmond.",
    "UPDATE: The number of deaths near the border has risen to 37.",
    "TARGET: One Italian civilian killed in shooting",
    "NUMBER OF ATTACKS: 78",
    "WATCH: UKRAINE PRESIDENT BACKS TRUMP",
    "Q: What happens next in the talks?",
])
def test_page_furniture_in_upper_case_is_not_a_transcript_turn(text):
    from mediabias.sources.syntax import parse
    from mediabias.sources.transcripts import turns

    assert turns(next(parse([text]))) == []


def test_a_label_is_a_speaker_when_it_recurs_carries_a_role_or_reads_as_a_full_name():
    from mediabias.sources.transcripts import is_speaker_label, speaker_name

    content = "And almost all the countries have joined?"
    assert is_speaker_label("INSKEEP", content, recurs=True)
    assert not is_speaker_label("INSKEEP", content)             # alone, one word is as likely a heading
    assert is_speaker_label("DOOCY", content, role=True)
    assert is_speaker_label("JAKE TAPPER", content)
    assert not is_speaker_label("FIX IS IN", "PBS Moderators Ignore Clinton Scandals.")  # a headline
    assert not is_speaker_label("STAT OF THE WEEK", "$43 million, the amount approved.")
    assert not is_speaker_label("AMY GOODMAN", "THANK YOU ALL VERY MUCH")  # an upper-case line is a headline
    assert speaker_name("MAYOR-ELECT BILL DE BLASIO") == "Mayor-Elect Bill De Blasio"
    assert speaker_name("O'REILLY") == "O'Reilly"


def test_single_word_labels_count_in_a_transcript_where_they_take_turns():
    from mediabias.sources import extract_attributions

    text = ("TAPPER: Do you think he has campaigned as a healer?\n\nFALLIN: I think he is trying to campaign as one.\n\n"
            "TAPPER: And the skeptics?\n\nFALLIN: Well, the whole nation needs to work together on this.\n\n"
            "HUFFPOLLSTER: A seismic shift among voters may have won the caucus.")
    t = extract_attributions(text)
    assert t.speaker.tolist() == ["Tapper", "Fallin", "Tapper", "Fallin"]


def test_a_mention_inside_a_turn_is_the_speakers_voice_not_the_authors():
    import pandas as pd

    from mediabias.sentiment.entity_tone import entity_sentiment

    docs = pd.DataFrame({"doc_id": ["t"], "entity": ["Barack_Obama"], "paragraphs": [TRANSCRIPT.split("\n\n")]})
    m = entity_sentiment(docs)
    assert m[["mention", "voice", "speaker"]].values.tolist() == [["Obama", "quoted", "Steve Doocy"]]


def test_story_speakers_gathered_in_batches_name_people_as_the_whole_table_does():
    """The pipeline streams the attributions table: a story's names gathered batch by batch give the renaming of
    the whole table; articles of another story, or of none, keep their names; unnamed sources are left alone."""
    from mediabias.sources.table import rename_story_speakers, story_speaker_names, unify_story_speakers

    t = pd.DataFrame({
        "article_id": ["a", "a", "b", "c", "d", "b"],
        "speaker": ["Obama", "Panetta", "Barack Obama", "Obama", "Obama", "Leon Panetta"],
        "named": [True, True, True, True, True, False],
        "chain": ["Hot Air → Obama", "Hot Air → Panetta", "FP → Barack Obama", "AP → Obama", "X → Obama",
                  "FP → Leon Panetta"],
    })
    story_of = {"a": "iraq", "b": "iraq", "c": "budget", "d": None}
    names = None
    for start in range(0, len(t), 2):
        names = story_speaker_names(t.iloc[start:start + 2], story_of, names)
    batched = pd.concat([rename_story_speakers(t.iloc[s:s + 2], story_of, names) for s in range(0, len(t), 2)])
    pd.testing.assert_frame_equal(batched, unify_story_speakers(t, story_of))
    assert batched["speaker"].tolist() == ["Barack Obama", "Panetta", "Barack Obama", "Obama", "Obama", "Leon Panetta"]
    assert batched["chain"].tolist()[0] == "Hot Air → Barack Obama"
