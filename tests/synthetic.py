"""Synthetic corpora for rerun tests: any number of outlets with long names, several stories, an article
with no actor, one with no attribution, and (optionally) a long article whose quotes sit past paragraph 99.

Every sentence below was written for these tests (no dataset text is copied). The articles are short, so the
analysis of a 12-outlet corpus takes about a minute.
"""

from __future__ import annotations

import csv
from pathlib import Path

#: Outlet names of 35 characters or more (the length that broke notebook 01 in issue 26).
LONG_NAMES = [
    "The Washington Post Editorial Board", "The Northern Ledger and Evening Courier", "Radio Free Harbour Public Broadcasting",
    "The Independent Review of Foreign Affairs", "Capital City Morning Telegraph Company", "The Association of Regional Newspapers",
    "Midwestern Farm and Rural Affairs Weekly", "The Coastal Daily Observer and Chronicle", "Global Policy Analysis Quarterly Online",
    "The Citizens' Community Radio Collective", "Southern Plains Evening Star and Gazette", "The Metropolitan Business Journal Network",
]
STORIES = ["iraq-withdrawal-2011", "harbour-bridge-2024", "city-budget-2023"]

PARAGRAPHS = {
    "iraq-withdrawal-2011": [
        "President Barack Obama announced on Friday that all American troops would leave Iraq by the end of the year. "
        "“The long war in Iraq will come to an end,” Obama said at the White House.",
        "Officials in Baghdad said the talks had stalled over legal protections for soldiers who stayed. "
        "Prime Minister Nouri al-Maliki told reporters that parliament would never approve immunity.",
        "Critics in Congress warned that a sudden departure could embolden Iran. Senator John McCain called the "
        "decision a serious mistake, according to a statement from his office.",
    ],
    "harbour-bridge-2024": [
        "The harbour bridge will close for eight weeks of repairs starting in March, the transport department said on Monday. "
        "Engineers found corrosion in two of the main cables during an inspection last autumn.",
        "Mayor Helen Park told a council meeting that buses would run every ten minutes while the bridge is shut. "
        "“Nobody wants this, but safety comes first,” she said.",
        "Shop owners near the southern approach said they feared losing customers. One baker, Tom Reyes, said his "
        "takings had already fallen since the announcement.",
    ],
    "city-budget-2023": [
        "The city council approved a budget on Tuesday that raises spending on libraries and cuts the roads programme. "
        "Councillor Amina Diallo said the vote was the hardest of her career.",
        "The finance director, Paul Keller, warned that the reserves would run out within three years. "
        "“We are borrowing from the future,” Keller told the committee.",
        "Residents who spoke at the hearing were divided. Several parents praised the longer library hours, while a "
        "group of cyclists complained that potholes would go unrepaired.",
    ],
}
#: One closing paragraph per outlet, so that the outlets differ in their words (distinctive words, tone).
SIGNATURES = [
    "This newspaper has argued for years that the question deserves a patient, honest debate.",
    "Our reporters will keep following the story closely and will publish updates every evening.",
    "Listeners can call the station tomorrow morning to share their own views on the decision.",
    "Seen from abroad, the affair looks like yet another sign of a deeply divided political class.",
    "Frankly, the whole episode is a shameful mess, and someone should take the blame for it.",
    "Member papers across the region have carried the report in their weekend editions.",
    "Farmers, as usual, will pay the highest price for choices made far away in the capital.",
    "Along the coast, fishermen and ferry crews watched the news with growing unease.",
    "The policy implications are complex, and a careful comparative analysis is clearly needed.",
    "Volunteers from the collective gathered in the community hall to discuss what happens next.",
    "Out on the plains, ranchers shrugged and said politics rarely changes the weather.",
    "Investors reacted calmly, and the share prices of local firms barely moved on the day.",
]
#: No name, no pronoun for a person, no organisation: no actor to find.
NO_ACTOR = ("Rain fell steadily across the valley for most of the week. The river rose slowly but stayed inside its "
            "banks.\n\nFields near the water were muddy, and the footpaths were closed for a few days. By the weekend "
            "the sky had cleared and the ground began to dry.")
#: No reporting verb, no quotation, no source: nothing to attribute.
NO_ATTRIBUTION = ("The old bridge is long and grey. Its towers rise above the water, and its cables run down to the "
                  "banks on either side.\n\nCars cross it slowly in the morning. Boats pass underneath through the "
                  "whole afternoon, and the lights come on along the deck at dusk.")


def outlet_ids(n: int) -> list[str]:
    return [f"outlet{i:02d}" for i in range(n)]


def long_body(story: str) -> str:
    """100 short paragraphs with no actor, then the story's paragraphs (quotes, names) as paragraphs 100 and on:
    the shape of a live-updates wire story (an AllSides AP "The Latest" has 146 paragraphs)."""
    filler = [f"Update {n}: the briefing room stayed quiet for another hour." for n in range(100)]
    return "\n\n".join([*filler, *PARAGRAPHS[story]])


def build(root: Path, n_outlets: int, *, articles_per_outlet: int = 1, long_article: bool = False) -> Path:
    """Write a corpus of ``n_outlets`` publishing outlets (long names) under ``root/corpus``.

    Each outlet publishes ``articles_per_outlet`` articles, cycling through :data:`STORIES`; the second
    outlet's first article (or the only outlet's second article) excerpts the first outlet. One extra article
    of the first outlet has no actor and another no attribution; with ``long_article``, one more of the last
    outlet has 103 paragraphs (:func:`long_body`).
    """
    corpus = root / "corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "raw").mkdir()
    ids = outlet_ids(n_outlets)
    with (corpus / "outlets.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["outlet_id", "name", "kind", "country", "lean", "lean_source"])
        for i, oid in enumerate(ids):
            writer.writerow([oid, LONG_NAMES[i % len(LONG_NAMES)], "newspaper", "US", "", ""])
    k = 0
    for i, oid in enumerate(ids):
        for j in range(articles_per_outlet):
            story = STORIES[(i + j) % len(STORIES)]
            paras = PARAGRAPHS[story]
            body = "\n\n".join([*(paras[(k + m) % len(paras)] for m in range(len(paras))),
                                 SIGNATURES[i % len(SIGNATURES)]])
            if (i == 1 and j == 0) or (n_outlets == 1 and j == 1):
                excerpt = PARAGRAPHS[story][0]
                body += f"\n\n> [!excerpt {ids[0]}]\n> {excerpt}"
            write_article(corpus, f"{oid}-{j}", oid, story, f"2011-10-{10 + (k % 18):02d}", f"Report {k} on {story}", body)
            k += 1
    write_article(corpus, f"{ids[0]}-quiet", ids[0], STORIES[0], "2011-10-29", "A wet week in the valley", NO_ACTOR)
    write_article(corpus, f"{ids[-1]}-plain", ids[-1], STORIES[1], "2024-03-04", "The bridge at dusk", NO_ATTRIBUTION)
    if long_article:
        write_article(corpus, f"{ids[-1]}-long", ids[-1], STORIES[0], "2011-10-30", "Live updates from Baghdad",
                      long_body(STORIES[0]))
    return corpus


def write_article(corpus: Path, aid: str, outlet: str, story: str, published: str, title: str, body: str) -> None:
    (corpus / "articles" / f"{aid}.md").write_text(
        f"---\nid: {aid}\ntitle: '{title}'\noutlet: {outlet}\nauthors: []\npublished: '{published}'\n"
        f"story: {story}\n---\n\n{body}\n", encoding="utf-8")


def build_quiet(root: Path) -> Path:
    """A corpus of one outlet (long name) whose two articles have no actor and no attribution: every table of
    mentions, roles and attributions is empty."""
    corpus = root / "corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "raw").mkdir()
    (corpus / "outlets.csv").write_text("outlet_id,name,kind,country,lean,lean_source\n"
                                        f"outlet00,{LONG_NAMES[0]},newspaper,US,,\n", encoding="utf-8")
    write_article(corpus, "outlet00-quiet", "outlet00", STORIES[0], "2011-10-29", "A wet week in the valley", NO_ACTOR)
    write_article(corpus, "outlet00-plain", "outlet00", STORIES[1], "2024-03-04", "The bridge at dusk", NO_ATTRIBUTION)
    return corpus
