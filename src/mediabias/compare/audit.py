"""The tool against a hand reading: does a reader agree with what the pages say about each article and actor?

A corpus may carry a hand reading (``<corpus>/readings/``, :mod:`mediabias.sources.reading`): for each article, the
writer's stance toward each main actor and the role a reader gives it, each with its deciding sentences. Every
stance and role the pages show is checked against it here; where they disagree the pages say so beside the
number, with the reader's passages, and a stance a reader contradicts is never shown as a finding
(:func:`disagreements_by_outlet` gives 05 the reason to flag it). A corpus without a reading gets empty tables.

Reader actors are written as a reader names them ("the White House / the Obama administration"); they match the
tool's actors (``resources/actors.yaml`` canonical names) by any of their " / "-separated names, compared without
case, a leading "the" or a bracketed note.
"""

from __future__ import annotations

import re

import pandas as pd

from mediabias.sources.reading import Reading, ReadingError, load_reading

#: Columns of :func:`stance_audit` and :func:`role_audit`.
AUDIT_COLUMNS = {
    "article_id": "the article", "reader_actor": "the actor as the reader names it", "tool_actor": "the tool's actor",
    "reader": "the reader's judgement (stance or role; 'none')", "tool": "the tool's ('' when it has none)",
    "tool_score": "the tool's score or probability", "status": "agrees | disagrees | flagged | tool silent",
    "deciding": "the reader's deciding passages, ' | '-joined", "why": "the reader's note",
}


def _names(actor: str) -> set[str]:
    out = set()
    for part in str(actor).split(" / "):
        part = re.sub(r"\s*\(.*?\)\s*", " ", part).strip().lower()
        out.add(re.sub(r"^the\s+", "", part))
    return out


def match_actor(reader_actor: str, tool_actors) -> list[str]:
    """The tool's actors that a reader's actor names (any " / " part, case, "the" and brackets ignored).

    >>> match_actor("the White House / the Obama administration", ["White House", "Obama administration", "Iran"])
    ['White House', 'Obama administration']
    """
    want = _names(reader_actor)
    return [a for a in tool_actors if _names(a) & want]


def _deciding(value) -> str:
    return " | ".join(value) if isinstance(value, (list, tuple)) else str(value or "")


def same_stance(reader: str, tool: str) -> bool:
    """Whether the tool's label says what the reader's does. The reader's *none* (the writer names the actor and
    takes no stance) is the tool's *neutral*: the tool has no fourth class, and PerSenT, which it learned from,
    labels such documents neutral.

    >>> same_stance("none", "neutral"), same_stance("none", "negative"), same_stance("positive", "positive")
    (True, False, True)
    """
    return reader == tool or (reader == "none" and tool == "neutral")


def stance_audit(writer: pd.DataFrame, reading_stance: pd.DataFrame) -> pd.DataFrame:
    """The writer's stance (``writer_stance`` rows) against the reader's, own voice only: :data:`AUDIT_COLUMNS`.

    ``status``: *agrees* (same label), *flagged* (the tool flags its sign, e.g. irony, or marks the reading outside
    what it was measured on, e.g. a country, so it claims none),
    *disagrees*, or *tool silent* (the reader gives a stance the tool has no reading for: the writer never names
    the actor in a way the tool finds, or every paragraph was set aside).
    """
    rows = []
    own = reading_stance[reading_stance["voice"] == "author"] if len(reading_stance) else reading_stance
    for r in own.itertuples(index=False):
        mine = writer[(writer["article_id"] == r.article_id) & (writer["n_paragraphs"] > 0)]
        matched = match_actor(r.actor, list(mine["actor"]))
        if not matched:
            if r.stance != "none":
                rows.append((r.article_id, r.actor, "", r.stance, "", float("nan"), "tool silent",
                             _deciding(r.deciding), r.why))
            continue
        for actor in matched:
            t = mine[mine["actor"] == actor].iloc[0]
            status = ("flagged" if t["flag"] or t.get("outside", "") else "agrees" if same_stance(r.stance, t["label"])
                      else "disagrees")
            rows.append((r.article_id, r.actor, actor, r.stance, t["label"], float(t["score"]), status,
                         _deciding(r.deciding), r.why))
    return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))


def role_audit(roles: pd.DataFrame, reading_roles: pd.DataFrame) -> pd.DataFrame:
    """The role model's roles (``roles`` rows: ``article_id, actor, role`` and ``p_<role>``) against the reader's.

    A reader's "none" agrees only with no role from the tool; a tool role for an actor the reader gives no role
    to is listed as *disagrees*. Actor "nobody" (the reader finds no hero) checks that the tool names no hero.
    """
    rows = []
    own = reading_roles[reading_roles["voice"] == "author"] if len(reading_roles) else reading_roles
    for r in own.itertuples(index=False):
        mine = roles[(roles["article_id"] == r.article_id) & roles["role"].notna()]
        if r.actor == "nobody":
            heroes = mine[mine["role"] == r.role]
            for t in heroes.itertuples(index=False):
                rows.append((r.article_id, "nobody", t.actor, "none", t.role, float(getattr(t, f"p_{t.role}")),
                             "disagrees", _deciding(r.deciding), r.why))
            continue
        matched = match_actor(r.actor, list(mine["actor"]))
        for actor in matched:
            t = mine[mine["actor"] == actor].iloc[0]
            rows.append((r.article_id, r.actor, actor, r.role, t["role"], float(t[f"p_{t['role']}"]),
                         "agrees" if t["role"] == r.role else "disagrees", _deciding(r.deciding), r.why))
        if not matched and r.role != "none":
            rows.append((r.article_id, r.actor, "", r.role, "", float("nan"), "tool silent", _deciding(r.deciding),
                         r.why))
    return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))


def disagreements_by_outlet(audit: pd.DataFrame, outlet_of: dict) -> dict[str, str]:
    """Per publishing outlet, the stances a reader contradicts, as one reason (for 05's flags)."""
    bad = audit[audit["status"] == "disagrees"]
    out: dict[str, list[str]] = {}
    for r in bad.itertuples(index=False):
        finds = "no stance of the writer" if r.reader == "none" else f"the writer {r.reader}"
        out.setdefault(outlet_of.get(r.article_id, r.article_id), []).append(
            f"a reader finds {finds} toward {r.tool_actor} in {r.article_id}, the tool {r.tool}")
    return {o: "; ".join(v) for o, v in out.items()}


def audit_summary(audit: pd.DataFrame, what: str) -> str:
    """One sentence counting an audit's statuses, e.g. for the page above the audit table.

    >>> audit_summary(pd.DataFrame({"status": ["agrees", "disagrees", "agrees"]}), "stance")
    'Against the hand reading, the tool agrees on 2 of 3 stance judgements (disagrees on 1).'
    """
    if audit.empty:
        return f"_The hand reading has no {what} judgement for the articles of this selection._"
    counts = audit["status"].value_counts()
    rest = [f"{k} on {int(counts[k])}" if k != "tool silent" else f"is silent on {int(counts[k])}"
            for k in ("disagrees", "flagged", "tool silent") if counts.get(k, 0)]
    rest = [r.replace("flagged on", "flags its own sign on") for r in rest]
    return (f"Against the hand reading, the tool agrees on {int(counts.get('agrees', 0))} of {len(audit)} {what} "
            f"judgements" + (f" ({', '.join(rest)})" if rest else "") + ".")


def flag_disagreements(summary: pd.DataFrame, reasons: dict[str, str]) -> pd.DataFrame:
    """``summary`` (:func:`mediabias.compare.measures.outlet_summary`) with each outlet's sentiment values flagged
    where the hand reading contradicts one of its stances (``reasons``: :func:`disagreements_by_outlet`), so that
    no comparison states them as findings. Existing flags are kept, the reading's reason appended."""
    out = summary.copy()
    hit = (out["dimension"] == "sentiment") & out["outlet"].isin(list(reasons))
    out.loc[hit, "flag"] = [("; ".join(x for x in (f, reasons[o]) if x)) for f, o in
                            zip(out.loc[hit, "flag"].fillna(""), out.loc[hit, "outlet"])]
    return out


def roles_caveat(audit: pd.DataFrame, *, at_least: float = 0.5, min_judgements: int = 5) -> str:
    """The line a roles figure must carry when a hand reading agrees with fewer than ``at_least`` of its
    judgements (at least ``min_judgements`` of them); "" otherwise (no reading, or a reading that agrees).

    >>> roles_caveat(pd.DataFrame({"status": ["agrees"] * 2 + ["disagrees"] * 8}))
    'Not results: a hand reading of these articles agrees with 2 of 10 role judgements'
    """
    if len(audit) < min_judgements:
        return ""
    agree = int((audit["status"] == "agrees").sum())
    if agree / len(audit) >= at_least:
        return ""
    return f"Not results: a hand reading of these articles agrees with {agree} of {len(audit)} role judgements"


def corpus_reading(corpus_dir) -> tuple[Reading | None, str]:
    """The corpus's hand reading, or ``None`` and a sentence saying why nothing can be checked against it.

    A reading that no longer fits its articles (an article edited or replaced since it was read: a passage not
    found verbatim, an article that is gone) is not used, and the sentence says so, naming the first problem:
    the pages then show the tool's results unchecked rather than fail.
    """
    try:
        reading = load_reading(corpus_dir)
    except ReadingError as exc:
        lines = str(exc).splitlines()
        first = lines[1].strip() if len(lines) > 1 else lines[0]
        return None, (f"_The hand reading in `readings/` no longer fits the articles ({len(lines) - 1} problem(s), "
                      f"first: {first[:160]}); nothing here is checked against it._")
    if reading.stance.empty and reading.roles.empty:
        return None, "_This corpus has no hand reading (`readings/`): nothing here is checked against one._"
    return reading, ""
