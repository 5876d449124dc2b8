"""Score :func:`mediabias.sources.extract_attributions` on PolNeAR (brat standoff), beside textacy.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates every attribution relation in US election news as
Source, Cue and Content spans linked by ``E`` lines. A directory in its layout has ``text/<name>.txt`` and
``attributions/<name>_<annotator>.ann`` (the first annotator in sorted order is used when several are).

How spans are compared:

* Spans are reduced to sets of **word tokens** (``\\w+`` runs), so punctuation and quotation marks at the edges
  do not count. A predicted content loses the tokens of its own source and cue (PolNeAR splits a content
  around an inserted ``he said``: ``"A," he said, "B."`` is one content of two fragments).
* Each role (source, cue, content) is scored separately as a set of distinct spans per article, matched
  one-to-one (greedy, best overlap first) at three levels:
  ``exact`` (same token set), ``overlap`` (Dice coefficient of the token sets >= 0.5) and ``any``
  (at least one shared token).
* ``relation``: a predicted relation matches a gold one when their contents match at that level and, when
  both have a source, their sources do too.
* Precision, recall and F1 are micro-averaged over articles, overall and per outlet (filename prefix).

The baseline is textacy's ``direct_quotations`` (textacy 0.13), run paragraph by paragraph (it raises on
unbalanced quotation marks; a failing paragraph yields nothing) on the same spaCy parse.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from mediabias import __version__
from mediabias.sources import extract_attributions, paragraph_spans, parse

ROLES = ("source", "cue", "content", "relation")
LEVELS = {"exact": None, "overlap": 0.5, "any": 0.0}
WORD = re.compile(r"\w+")
COMMAND = "mediabias evaluate attribution --data {data}"


# ------------------------------------------------------------------------------------------ reading gold


def read_ann(path: Path) -> list[dict]:
    """Relations of one brat ``.ann`` file: dicts with ``source``, ``cue``, ``content`` as lists of (start, end)."""
    spans, relations = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            frags = [tuple(int(x) for x in f.split()) for f in offsets.split(";") if f.strip()]
            spans[parts[0]] = (label, frags)
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(item.split(":", 1) for item in parts[1].split() if ":" in item)
            rel = {}
            for role in ("Source", "Cue", "Content"):
                tid = roles.get(role)
                rel[role.lower()] = spans[tid][1] if tid in spans else []
            relations.append(rel)
    return relations


def load_polnear(data: Path, *, limit: int | None = None) -> list[dict]:
    """Articles of a PolNeAR-layout directory: ``name, outlet, text, relations`` (sorted by name)."""
    data = Path(data)
    out = []
    for txt in sorted((data / "text").glob("*.txt")):
        anns = sorted((data / "attributions").glob(txt.stem + "_*.ann")) or sorted(
            (data / "attributions").glob(txt.stem + ".ann"))
        if not anns:
            continue
        out.append({"name": txt.stem, "outlet": txt.stem.split("_")[0],
                    "text": txt.read_text(encoding="utf-8"), "relations": read_ann(anns[0])})
        if limit and len(out) >= limit:
            break
    if not out:
        raise ValueError(f"{data}: no PolNeAR articles found (expected text/<name>.txt with "
                         "attributions/<name>_<annotator>.ann beside it)")
    return out


# ------------------------------------------------------------------------------------------ scoring


def _tokens(starts, frags) -> frozenset:
    import bisect

    ids = set()
    for start, end in frags:
        lo = bisect.bisect_right(starts[1], start) - 1
        lo = max(lo, 0)
        for i in range(lo, len(starts[0])):
            s, e = starts[0][i]
            if s >= end:
                break
            if e > start:
                ids.add(i)
    return frozenset(ids)


def _index(text: str):
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    return words, [e for _, e in words]


def to_token_relations(text: str, relations: list[dict]) -> list[dict]:
    """Relations with each role as a frozenset of word-token ids (content minus its source and cue)."""
    idx = _index(text)
    out = []
    for rel in relations:
        toks = {role: _tokens(idx, rel.get(role) or []) for role in ("source", "cue", "content")}
        toks["content"] = toks["content"] - toks["source"] - toks["cue"]
        out.append(toks)
    return out


def _dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _ok(a, b, level: str) -> bool:
    if level == "exact":
        return a == b
    return len(a & b) > 0 and _dice(a, b) >= LEVELS[level] if level == "overlap" else len(a & b) > 0


def _match(pred: list, gold: list, ok) -> int:
    """One-to-one greedy matching, best Dice first; returns the number of matched pairs."""
    pairs = sorted(((_dice(p, g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold) if ok(p, g)),
                   key=lambda x: (-x[0], x[1], x[2]))
    used_p, used_g, n = set(), set(), 0
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j)
            n += 1
    return n


def score_article(pred: list[dict], gold: list[dict]) -> list[dict]:
    """Counts (tp, n_pred, n_gold) per role and level for one article's token relations."""
    rows = []
    for level in LEVELS:
        ok = lambda a, b, level=level: _ok(a, b, level)
        for role in ("source", "cue", "content"):
            p = sorted({r[role] for r in pred if r[role]}, key=sorted)
            g = sorted({r[role] for r in gold if r[role]}, key=sorted)
            rows.append({"role": role, "match": level, "tp": _match(p, g, ok), "n_pred": len(p), "n_gold": len(g)})
        p = [r for r in pred if r["content"]]
        g = [r for r in gold if r["content"]]

        def rel_ok(a, b):
            if not ok(a["content"], b["content"]):
                return False
            return not (a["source"] and b["source"]) or ok(a["source"], b["source"])

        pairs = sorted(((_dice(a["content"], b["content"]), i, j) for i, a in enumerate(p)
                        for j, b in enumerate(g) if rel_ok(a, b)), key=lambda x: (-x[0], x[1], x[2]))
        used_p, used_g, n = set(), set(), 0
        for _, i, j in pairs:
            if i not in used_p and j not in used_g:
                used_p.add(i), used_g.add(j)
                n += 1
        rows.append({"role": "relation", "match": level, "tp": n, "n_pred": len(p), "n_gold": len(g)})
    return rows


def _prf(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["precision"] = (df.tp / df.n_pred.where(df.n_pred > 0)).fillna(0.0).round(4)
    df["recall"] = (df.tp / df.n_gold.where(df.n_gold > 0)).fillna(0.0).round(4)
    pr = df.precision + df.recall
    df["f1"] = (2 * df.precision * df.recall / pr.where(pr > 0)).fillna(0.0).round(4)
    return df


# ------------------------------------------------------------------------------------------ systems


def predict_mediabias(doc, scheme: str = "polnear") -> list[dict]:
    """mediabias.sources on a parsed doc → relations as char-span lists (PolNeAR's scheme unless told)."""
    table = extract_attributions(doc.text, doc=doc, scheme=scheme)
    rels = []
    for r in table.itertuples():
        span = lambda s, e: [] if pd.isna(s) else [(int(s), int(e))]
        rels.append({"source": span(r.source_start, r.source_end), "cue": span(r.cue_start, r.cue_end),
                     "content": span(r.content_start, r.content_end), "attribution_kind": r.attribution_kind,
                     "negated": bool(r.negated)})
    return rels


#: Subsets of the predictions scored on their own (relation, overlap): each attribution kind, the sourcing
#: kinds together, and the negated cues.
KIND_SUBSETS = {"speech": lambda r: r["attribution_kind"] == "speech",
                "position": lambda r: r["attribution_kind"] == "position",
                "conjecture": lambda r: r["attribution_kind"] == "conjecture",
                "sourcing (speech + position)": lambda r: r["attribution_kind"] in ("speech", "position"),
                "negated cue": lambda r: r["negated"]}


def score_kinds(pred_chars: list[dict], pred: list[dict], gold: list[dict]) -> list[dict]:
    """Relation-level overlap counts (tp, n_pred, n_gold) for each subset of :data:`KIND_SUBSETS`.

    ``pred_chars`` are the char-span predictions (with ``attribution_kind``), ``pred`` the same as token
    relations; PolNeAR does not annotate kinds, so a subset's precision says how often that kind is an
    annotated attribution, and its recall how much of the gold it covers."""
    rows = []
    for name, keep in KIND_SUBSETS.items():
        sub = [p for p, c in zip(pred, pred_chars) if keep(c)]
        rel = next(r for r in score_article(sub, gold) if r["role"] == "relation" and r["match"] == "overlap")
        rows.append({"subset": name, "tp": rel["tp"], "n_pred": rel["n_pred"], "n_gold": rel["n_gold"]})
    return rows


def _char_span(tokens, base: int) -> list[tuple[int, int]]:
    if not tokens:
        return []
    return [(base + min(t.idx for t in tokens), base + max(t.idx + len(t) for t in tokens))]


def predict_textacy(doc) -> list[dict]:
    """textacy ``direct_quotations`` per paragraph (errors on unbalanced quotes skip that paragraph)."""
    from textacy.extract.triples import direct_quotations

    rels = []
    for p_start, p_end in paragraph_spans(doc.text):
        span = doc.char_span(p_start, p_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sub = span.as_doc()
        base = span.start_char
        try:
            triples = list(direct_quotations(sub))
        except (ValueError, IndexError, AttributeError):
            continue
        for t in triples:
            rels.append({"source": _char_span(list(t.speaker), base), "cue": _char_span(list(t.cue), base),
                         "content": [(base + t.content.start_char, base + t.content.end_char)]})
    return rels


def predict_reader(doc) -> list[dict]:
    """The reader's scheme the corpus tables use (:mod:`mediabias.sources.scheme`), scored for comparison only:
    PolNeAR annotates some relations it leaves out and none it adds (nested ones)."""
    return predict_mediabias(doc, scheme="reader")


SYSTEMS = {"mediabias": predict_mediabias, "mediabias (reader scheme)": predict_reader,
           "textacy (baseline)": predict_textacy}


def score(data: Path, *, limit: int | None = None, nlp=None) -> pd.DataFrame:
    """Counts and P/R/F1 per system, outlet (and ``all``), role and match level."""
    articles = load_polnear(data, limit=limit)
    rows, kind_rows = [], []
    for art, doc in zip(articles, parse((a["text"] for a in articles), nlp=nlp)):
        gold = to_token_relations(art["text"], art["relations"])
        for system, predict in SYSTEMS.items():
            chars = predict(doc)
            pred = to_token_relations(art["text"], chars)
            for row in score_article(pred, gold):
                rows.append({"system": system, "outlet": art["outlet"], **row})
            if system == "mediabias":
                kind_rows += score_kinds(chars, pred, gold)
    counts = pd.DataFrame(rows)
    keys = ["system", "outlet", "role", "match"]
    per_outlet = counts.groupby(keys, as_index=False)[["tp", "n_pred", "n_gold"]].sum()
    overall = counts.groupby(["system", "role", "match"], as_index=False)[["tp", "n_pred", "n_gold"]].sum()
    overall.insert(1, "outlet", "all")
    table = pd.concat([overall, per_outlet], ignore_index=True)
    order = {"role": {r: i for i, r in enumerate(ROLES)}, "match": {m: i for i, m in enumerate(LEVELS)}}
    table = table.sort_values(
        ["system", "outlet", "role", "match"],
        key=lambda s: s.map(order[s.name]) if s.name in order else s.map(lambda v: (v != "all", v)),
    ).reset_index(drop=True)
    table = _prf(table)
    table.attrs["n_articles"] = len(articles)
    kinds = pd.DataFrame(kind_rows, columns=["subset", "tp", "n_pred", "n_gold"])
    kinds = kinds.groupby("subset", as_index=False, sort=False)[["tp", "n_pred", "n_gold"]].sum()
    table.attrs["kinds"] = _prf(kinds).to_dict(orient="records")
    return table


#: Acceptance floors of the issue: F1 at overlap >= 0.70 and recall >= 2x the baseline's, for these roles.
FLOORS = {"roles": ("content", "source"), "f1": 0.70, "recall_vs_baseline": 2.0, "target_f1": 0.85}


def floors(table: pd.DataFrame) -> list[dict]:
    """The floor checks on the overall overlap scores: one dict per role."""
    rows = []
    overall = table[(table.outlet == "all") & (table.match == "overlap")].set_index(["system", "role"])
    for role in FLOORS["roles"]:
        ours, base = overall.loc[("mediabias", role)], overall.loc[("textacy (baseline)", role)]
        ratio = ours.recall / base.recall if base.recall else float("inf")
        rows.append({"role": role, "f1": float(ours.f1), "recall": float(ours.recall),
                     "baseline_recall": float(base.recall), "recall_ratio": round(float(ratio), 2),
                     "f1_floor_met": bool(ours.f1 >= FLOORS["f1"]),
                     "recall_floor_met": bool(ratio >= FLOORS["recall_vs_baseline"]),
                     "target_met": bool(ours.f1 >= FLOORS["target_f1"])})
    return rows


def _markdown(table: pd.DataFrame, *, command: str, split: str, n: int) -> str:
    lines = [
        "# Attribution extraction on PolNeAR", "",
        f"- command: `{command}`", f"- mediabias version: {__version__}",
        f"- data: PolNeAR `{split}` ({n} articles; first annotator's .ann per article)",
        "- matching: word-token sets; exact = identical; overlap = Dice >= 0.5; any = >= 1 shared token;",
        "  one-to-one greedy matching per article, micro-averaged; relation = content and source both match.",
        "- baseline: textacy 0.13 `direct_quotations`, per paragraph, same spaCy parse.",
        "- `mediabias` is the extractor in PolNeAR's scheme; `mediabias (reader scheme)` is what the corpus tables use",
        "  (nested attributions kept; acts, raising verbs, holderless nouns left out: `mediabias.sources.scheme`),",
        "  shown for comparison: where it differs from PolNeAR it follows the hand reading (`corpus/readings`).", "",
        "## Overall", "",
        "| system | role | match | precision | recall | F1 | n_pred | n_gold |", "|---|---|---|---|---|---|---|---|",
    ]
    for r in table[table.outlet == "all"].itertuples():
        lines.append(f"| {r.system} | {r.role} | {r.match} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} "
                     f"| {r.n_pred} | {r.n_gold} |")
    lines += ["", "## Floors (overlap match)", "",
              "| role | F1 | recall | baseline recall | ratio | F1 >= 0.70 | recall >= 2x baseline | target F1 0.85 |",
              "|---|---|---|---|---|---|---|---|"]
    for f in floors(table):
        yes = lambda b: "yes" if b else "no"
        lines.append(f"| {f['role']} | {f['f1']:.3f} | {f['recall']:.3f} | {f['baseline_recall']:.3f} | "
                     f"{f['recall_ratio']:.2f}x | {yes(f['f1_floor_met'])} | {yes(f['recall_floor_met'])} | "
                     f"{yes(f['target_met'])} |")
    if table.attrs.get("kinds"):
        lines += ["", "## By attribution kind (mediabias, relation, overlap match)", "",
                  "PolNeAR annotates belief and intention attributions but not their kind, so each row scores one",
                  "subset of the predictions against all of the gold: precision = how often that kind is an",
                  "annotated attribution; recall = the share of the gold it covers. The overall scores above are",
                  "unchanged by the kinds (every kind is still extracted); source measures count speech + position.",
                  "", "| subset | precision | recall | F1 | n_pred | n_gold |", "|---|---|---|---|---|---|"]
        for k in table.attrs["kinds"]:
            lines.append(f"| {k['subset']} | {k['precision']:.3f} | {k['recall']:.3f} | {k['f1']:.3f} "
                         f"| {k['n_pred']} | {k['n_gold']} |")
    lines += ["", "## Per outlet (overlap match, F1)", "",
              "| system | outlet | source | cue | content | relation |", "|---|---|---|---|---|---|"]
    sub = table[(table.match == "overlap") & (table.outlet != "all")]
    for (system, outlet), g in sub.groupby(["system", "outlet"], sort=True):
        f = dict(zip(g.role, g.f1))
        lines.append(f"| {system} | {outlet} | {f['source']:.3f} | {f['cue']:.3f} | {f['content']:.3f} "
                     f"| {f['relation']:.3f} |")
    return "\n".join(lines) + "\n"


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Score on a PolNeAR-layout directory; write ``attribution.json`` / ``.md`` to ``out_dir`` if given.

    Returns:
        One row per (system, outlet, role, match): ``tp, n_pred, n_gold, precision, recall, f1``;
        ``outlet == "all"`` rows are the overall scores; system ``textacy (baseline)`` is the baseline.
    """
    data = Path(data)
    table = score(data, limit=limit)
    if out_dir is not None:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        split = f"{data.parent.name}/{data.name}"
        command = COMMAND.format(data=f"<datasets>/{split}") + (f" --limit {limit}" if limit else "")
        payload = {
            "instrument": "attribution", "dataset": "PolNeAR", "split": split,
            "n_articles": table.attrs["n_articles"], "command": command, "version": __version__,
            "matching": {"unit": "word tokens (\\w+)", "exact": "identical token sets",
                         "overlap": "Dice >= 0.5", "any": ">= 1 shared token",
                         "relation": "content matches and, when both have one, source matches"},
            "baseline": "textacy (baseline)",
            "floors": floors(table),
            "kinds": table.attrs.get("kinds", []),
            "scores": table.to_dict(orient="records"),
        }
        (out_dir / "attribution.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
        (out_dir / "attribution.md").write_text(
            _markdown(table, command=command, split=split, n=table.attrs["n_articles"]))
    return table
