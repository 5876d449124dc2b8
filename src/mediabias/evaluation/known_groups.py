"""Known-groups checks of outlet comparisons on AllSides (Baly et al., EMNLP 2020).

``mediabias evaluate known-groups --data $MEDIABIAS_DATA/allsides-articles/articles.jsonl.gz`` runs the checks
of ``resources/known_groups.yaml``: comparisons whose direction is known in advance from AllSides' outlet
ratings (sentiment toward Donald Trump in the news of left- vs right-rated sources, 2017-2020; toward Barack
Obama 2012-2016 and Donald Trump 2017-2020 in opinion outlets of unambiguous lean; loaded language in an
outlet's opinion vs its news sources). Each reports the effect, a 95% bootstrap interval that resamples
**outlets** (and articles within them), the number of outlets and articles, and whether the check passed
(expected sign, interval excluding zero).

The file is streamed once; articles are filtered by source, date and mention before any analysis, and each
source contributes at most ``per_source`` articles chosen by SHA-1 of the article ID, so a run takes minutes on
two cores and selects the same articles every time. Sentiment toward the entity is the author's voice only,
aggregated as in ``resources/aggregation.yaml`` (:mod:`mediabias.sentiment.entity_tone`); an article with no mention in
the author's voice is left out (it says nothing about the author's view).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from mediabias import __version__
from mediabias.compare.stats import SEED, percentile_interval, ratio_of_sums, resample, two_stage_resamples
from mediabias.evaluation.common import data_command, write_document
from mediabias.language import distant
from mediabias.runtime.text import split_sentences
from mediabias.sentiment.entity_tone import Aggregation, aggregate, chosen_aggregation, entity_sentiment, find_mentions, split_paragraphs
from mediabias.sentiment.stance import stance_of_texts
from mediabias.language import loaded_language, model as loaded_model

NAME = "known_groups"
N_BOOT = 2000
FIELDS = ("ID", "source", "date", "content_original", "bias_text")


@functools.lru_cache(maxsize=1)
def config() -> dict:
    return yaml.safe_load(resources.files("mediabias.resources").joinpath("known_groups.yaml").read_text("utf-8"))


def _year(date) -> int | None:
    s = str(date or "")
    return int(s[:4]) if len(s) >= 4 and s[:4].isdigit() and s[4:5] == "-" else None


def _order(article_id: str) -> str:
    return hashlib.sha1(str(article_id).encode("utf-8")).hexdigest()


def read_allsides(path: Path):
    """Records of the AllSides JSON-lines file (``.jsonl`` or ``.jsonl.gz``), checked for the needed fields.

    Raises:
        ValueError: one line naming the file, line and missing field when a record is not an AllSides article.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "articles.jsonl.gz"
    if not path.exists():
        raise ValueError(f"{path} not found: pass the AllSides articles.jsonl.gz (one JSON article per line)")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not a JSON line ({exc.msg})") from None
                if not isinstance(rec, dict):
                    raise ValueError(f"{path}:{n}: expected a JSON object per line")
                missing = [f for f in FIELDS if f not in rec]
                if missing:
                    raise ValueError(f"{path}:{n}: not an AllSides article record (missing {', '.join(missing)})")
                yield rec
    except (OSError, EOFError) as exc:
        raise ValueError(f"{path}: cannot be read as {'gzip ' if opener is gzip.open else ''}JSON lines ({exc})") from None


def select(path: Path) -> dict[str, pd.DataFrame]:
    """One pass over the file: the articles each check uses (at most ``per_source`` per source and group).

    Returns:
        By check name, a table ``check, group, outlet, source, article_id, year, entity, order, text``.
    """
    cfg = config()
    nl, oo, on = cfg["news_left_right"], cfg["opinion_outlets"], cfg["opinion_vs_news"]
    right, left = {s.strip() for s in oo["right"]}, {s.strip() for s in oo["left"]}
    news_left, news_right = set(nl["left"]), set(nl["right"])
    pairs = {s.strip(): (outlet, side) for outlet, spec in on["outlets"].items()
             for side in ("opinion", "news") for s in spec[side]}
    pools: dict[str, list[dict]] = {"news_left_right": [], "opinion_outlets": [], "opinion_vs_news": []}
    for rec in read_allsides(path):
        source, year, text = str(rec["source"]).strip(), _year(rec["date"]), rec["content_original"] or ""
        if not text.strip() or year is None:
            continue
        base = {"source": source, "article_id": str(rec["ID"]), "year": year, "order": _order(rec["ID"]), "text": text}
        lean = "left" if source in news_left else "right" if source in news_right else None
        lo, hi = nl["years"]
        if (lean is not None and str(rec["bias_text"]).strip() == lean and lo <= year <= hi and distant.label(rec.get("url"), source) != distant.OPINION
                and len(find_mentions(text, nl["entity"])) >= nl.get("min_mentions", 1)):
            pools["news_left_right"].append({**base, "check": "news_left_right", "group": lean, "outlet": source,
                                             "entity": nl["entity"]})
        if source in right | left:
            for t in oo["targets"]:
                lo, hi = t["years"]
                if lo <= year <= hi and len(find_mentions(text, t["entity"])) >= oo.get("min_mentions", 1):
                    pools["opinion_outlets"].append({**base, "check": f"opinion_outlets:{t['entity']}",
                                                     "group": "right" if source in right else "left",
                                                     "outlet": source, "entity": t["entity"]})
        if source in pairs:
            outlet, side = pairs[source]
            pools["opinion_vs_news"].append({**base, "check": "opinion_vs_news", "group": side, "outlet": outlet,
                                             "entity": None})
    out = {}
    caps = {"news_left_right": nl["per_source"], "opinion_outlets": oo["per_source"], "opinion_vs_news": on["per_source"]}
    cols = ["check", "group", "outlet", "source", "article_id", "year", "entity", "order", "text"]
    for name, rows in pools.items():
        df = pd.DataFrame(rows, columns=cols)
        if df.empty:
            out[name] = df
            continue
        df = df.sort_values(["check", "source", "order"]).groupby(["check", "source"], sort=True).head(caps[name])
        least = {"news_left_right": nl.get("min_articles", 1), "opinion_outlets": oo.get("min_articles", 1)}.get(name)
        if least:
            counts = df.groupby(["check", "source"])["article_id"].transform("size")
            df = df[counts >= least]
        out[name] = df.reset_index(drop=True)
    return out


# ------------------------------------------------------------------------------------------- bootstraps
def group_difference(values, groups, clusters, *, a: str, b: str, n_boot: int = N_BOOT, seed: int = SEED) -> dict:
    """Mean of group ``a`` minus mean of group ``b`` (articles pooled), with an outlet-clustered bootstrap.

    Replicates resample outlets with replacement within each group (an outlet's articles stay together).
    Returns ``effect, low, high, n_a, n_b, outlets_a, outlets_b``.
    """
    df = pd.DataFrame({"v": np.asarray(values, float), "g": list(groups), "c": list(clusters)}).dropna(subset=["v"])
    rng = np.random.default_rng(seed)
    out = {}
    boots = []
    for side in (a, b):
        s = df[df["g"] == side].groupby("c", sort=True)["v"].agg(["sum", "size"])
        out[side] = s
        if len(s) == 0:
            return {"effect": None, "low": None, "high": None, "n_a": 0, "n_b": 0, "outlets_a": 0, "outlets_b": 0}
        boots.append(ratio_of_sums(s["sum"].to_numpy(), s["size"].to_numpy(), resample(len(s), n_boot=n_boot, rng=rng)))
    sa, sb = out[a], out[b]
    effect = sa["sum"].sum() / sa["size"].sum() - sb["sum"].sum() / sb["size"].sum()
    low = high = None
    if len(sa) >= 2 and len(sb) >= 2:
        low, high = percentile_interval(boots[0] - boots[1])
    elif len(sa) + len(sb) >= 3:
        # one outlet on a side: its articles are resampled instead (the interval then ignores outlet variation)
        boots = []
        for side in (a, b):
            v = df.loc[df["g"] == side, "v"].to_numpy()
            boots.append(v[resample(len(v), n_boot=n_boot, rng=rng)].mean(1))
        low, high = percentile_interval(boots[0] - boots[1])
    return {"effect": float(effect), "low": low, "high": high, "n_a": int(sa["size"].sum()), "n_b": int(sb["size"].sum()),
            "outlets_a": int(len(sa)), "outlets_b": int(len(sb))}


def paired_outlet_difference(values, sides, outlets, *, a: str = "opinion", b: str = "news", n_boot: int = N_BOOT,
                             seed: int = SEED) -> dict:
    """Mean over outlets having both sides of (mean of side ``a`` − mean of side ``b``), bootstrap over outlets
    and articles within each outlet's sides. Returns ``effect, low, high, outlets, n_a, n_b, per_outlet``."""
    df = pd.DataFrame({"v": np.asarray(values, float), "s": list(sides), "o": list(outlets)}).dropna(subset=["v"])
    both = [o for o, g in df.groupby("o", sort=True) if set(g["s"]) >= {a, b}]
    if not both:
        return {"effect": None, "low": None, "high": None, "outlets": 0, "n_a": 0, "n_b": 0, "per_outlet": {}}
    arrays = [(df.loc[(df.o == o) & (df.s == a), "v"].to_numpy(), df.loc[(df.o == o) & (df.s == b), "v"].to_numpy()) for o in both]
    per = {o: round(float(x.mean() - y.mean()), 4) for o, (x, y) in zip(both, arrays)}
    effect = float(np.mean([x.mean() - y.mean() for x, y in arrays]))
    rng = np.random.default_rng(seed)
    boots = np.empty(n_boot)
    draws = two_stage_resamples([(x.size, y.size) for x, y in arrays], n_boot=n_boot, rng=rng)
    for r, drawn in enumerate(draws):
        tot = 0.0
        for i, (px, py) in drawn:
            x, y = arrays[i]
            tot += x[px].mean() - y[py].mean()
        boots[r] = tot / len(arrays)
    low, high = percentile_interval(boots)
    return {"effect": effect, "low": low, "high": high, "outlets": len(both),
            "n_a": int(sum(x.size for x, _ in arrays)), "n_b": int(sum(y.size for _, y in arrays)), "per_outlet": per}


def verdict(effect, low, high, sign: int) -> str:
    if effect is None:
        return "not run (no articles)"
    if low is None:
        return "expected direction, no interval" if np.sign(effect) == sign else "wrong direction, no interval"
    near, far = sorted([sign * low, sign * high])
    if near > 0:
        return "passed"
    if np.sign(effect) == sign:
        return "expected direction, interval includes 0"
    return "FAILED (opposite direction)" if far < 0 else "wrong direction, interval includes 0"


# ----------------------------------------------------------------------------------------------- checks
def sentiment_values(sel: pd.DataFrame) -> pd.DataFrame:
    """Per selected article: the aggregated author-voice sentiment toward its entity (and VADER's, same sentences)."""
    docs = sel.assign(doc_id=sel["article_id"] + "|" + sel["check"],
                      paragraphs=[split_paragraphs(t) for t in sel["text"]])
    mentions = entity_sentiment(docs[["doc_id", "entity", "paragraphs"]])
    # the author's voice, whatever the committed aggregation counts: these checks are about the writer's own view
    how = Aggregation(("author",), chosen_aggregation().weighting)
    keys = docs[["doc_id", "entity"]]
    tool = aggregate(mentions, keys, how=how, value="score")
    vader = aggregate(mentions, keys, how=how, value="vader_compound")
    return docs.drop(columns=["text", "paragraphs"]).assign(
        value=tool["value"].to_numpy(), vader=vader["value"].to_numpy(), n_mentions=tool["n_mentions"].to_numpy(),
        n_all_mentions=docs["doc_id"].map(mentions.groupby("doc_id").size()).fillna(0).astype(int).to_numpy())


def stance_values(sel: pd.DataFrame) -> pd.Series:
    """Per selected article (rows of ``sel``, in order): the writer's stance score toward its entity from the stance
    reader (P(positive) - P(negative) of :func:`mediabias.sentiment.stance.stance_of_texts`), NaN when the writer
    never names the entity in their own voice (the reader then has no evidence)."""
    docs = pd.DataFrame({"article_id": (sel["article_id"] + "|" + sel["check"]).to_numpy(),
                         "actor": sel["entity"].to_numpy(),
                         "paragraphs": [split_paragraphs(t) for t in sel["text"]]})
    _, articles = stance_of_texts(docs)
    score = dict(zip(zip(articles["article_id"], articles["actor"]), articles["score"]))
    return pd.Series([score.get((d, a), np.nan) for d, a in zip(docs["article_id"], docs["actor"])], index=sel.index)


def loaded_values(sel: pd.DataFrame, max_sentences: int) -> pd.DataFrame:
    flat = [(aid, s) for aid, t in zip(sel["article_id"], sel["text"]) for s in split_sentences(t)[:max_sentences]]
    texts = [s for _, s in flat]
    p = loaded_model.probability(texts)
    cues = loaded_language(texts)
    df = pd.DataFrame({"article_id": [a for a, _ in flat], "loaded": loaded_model.is_loaded(p),
                       "cues": cues["n_cues"].to_numpy(), "words": cues["n_words"].to_numpy()})
    g = df.groupby("article_id")
    rates = pd.DataFrame({"share_loaded": g["loaded"].mean(),
                          "cues_per_1000_words": 1000 * g["cues"].sum() / g["words"].sum().clip(lower=1),
                          "n_sentences": g.size()})
    return sel.drop(columns="text").merge(rates, left_on="article_id", right_index=True, how="inner")


def _r(x):
    return None if x is None else round(float(x), 4)


def evaluate(data: Path) -> dict:
    cfg = config()
    sel = select(Path(data))
    checks = []
    # 1 and 2: sentiment
    sent_sel = pd.concat([sel["news_left_right"], sel["opinion_outlets"]], ignore_index=True)
    vals = sentiment_values(sent_sel) if len(sent_sel) else sent_sel
    if len(sent_sel):
        vals = vals.assign(stance=stance_values(sent_sel).to_numpy())
    specs = [("news_left_right", "Donald_Trump", cfg["news_left_right"]["years"], -1,
              "News of sources AllSides rates left vs right: sentiment toward Donald Trump (author's voice)")]
    specs += [(f"opinion_outlets:{t['entity']}", t["entity"], t["years"], 1 if ">" in t["expected"] else -1,
               f"Opinion outlets ({', '.join(cfg['opinion_outlets']['left'])} vs "
               f"{', '.join(cfg['opinion_outlets']['right'])}): sentiment toward {t['entity'].replace('_', ' ')} "
               "(author's voice)") for t in cfg["opinion_outlets"]["targets"]]
    for check, entity, years, sign, title in specs:
        v = vals[vals["check"] == check] if len(vals) else vals
        used = v[v["n_mentions"] > 0] if len(v) else v
        row = {"check": check, "title": title, "entity": entity, "years": years,
               "expected": "left minus right " + ("< 0" if sign < 0 else "> 0"),
               "selected_articles": int(len(v)), "articles_with_author_voice_mention": int(len(used))}
        for method, col, rows in (("stance reader (writer's stance)", "stance", v),
                                  ("tone model (author-voice sentences)", "value", used),
                                  ("VADER (same sentences)", "vader", used)):
            r = group_difference(rows[col], rows["group"], rows["outlet"], a="left", b="right") if len(rows) else \
                group_difference([], [], [], a="left", b="right")
            row[method] = {**{k: _r(r[k]) if k in ("effect", "low", "high") else r[k] for k in r},
                           "verdict": verdict(r["effect"], r["low"], r["high"], sign)}
        row["sources"] = ({s: int(n) for s, n in used.groupby("source").size().sort_index().items()} if len(used) else {})
        row["source_means"] = ({s: round(float(x), 4) for s, x in used.groupby("source")["value"].mean().sort_index().items()}
                               if len(used) else {})
        row["source_stance_means"] = ({s: round(float(x), 4) for s, x in v.groupby("source")["stance"].mean().sort_index().items()}
                                      if len(v) else {})
        row["source_articles"] = ({s: int(n) for s, n in v.groupby("source").size().sort_index().items()} if len(v) else {})
        checks.append(row)
    # 3: loaded language, opinion vs news of the same outlet
    on = cfg["opinion_vs_news"]
    lv = loaded_values(sel["opinion_vs_news"], on["max_sentences"]) if len(sel["opinion_vs_news"]) else None
    row = {"check": "opinion_vs_news", "title": "Loaded language: an outlet's opinion sources vs its news sources",
           "expected": on["expected"], "selected_articles": int(len(sel["opinion_vs_news"]))}
    for method, col in (("tool: share of sentences loaded (model; CIRCULAR, trained on this contrast)", "share_loaded"),
                        ("tool: lexicon cues per 1,000 words (not fitted to AllSides)", "cues_per_1000_words")):
        r = paired_outlet_difference(lv[col], lv["group"], lv["outlet"]) if lv is not None else \
            paired_outlet_difference([], [], [])
        row[method] = {**{k: (_r(r[k]) if k in ("effect", "low", "high") else r[k]) for k in r},
                       "verdict": verdict(r["effect"], r["low"], r["high"], 1)}
    row["sources"] = ({f"{o} / {s}": int(n) for (o, s), n in lv.groupby(["outlet", "source"]).size().sort_index().items()}
                      if lv is not None else {})
    checks.append(row)
    agg = chosen_aggregation()
    return {"instrument": NAME, "mediabias_version": __version__,
            "command": data_command("known-groups", data),
            "aggregation": {"voices": ["author"], "weighting": agg.weighting},
            "selection": {k: {"per_source": cfg[k]["per_source"]} for k in ("news_left_right", "opinion_outlets", "opinion_vs_news")},
            "checks": checks}


def run(data: Path, *, out_dir: Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Run the checks; write ``known_groups.{json,md}`` to ``out_dir``. ``limit`` is not supported (the
    selection is already capped per source) and is rejected so a partial run is never written."""
    if limit is not None:
        raise ValueError("known-groups takes no --limit: the selection is capped per source (resources/known_groups.yaml)")
    doc = evaluate(Path(data))
    if out_dir is not None:
        write_document(out_dir, NAME, doc, markdown(doc))
    return table(doc)


def table(doc: dict) -> pd.DataFrame:
    rows = []
    for c in doc["checks"]:
        for method, r in c.items():
            if isinstance(r, dict) and "verdict" in r:
                rows.append({"check": c["check"], "method": method, "effect": r["effect"], "low": r["low"],
                             "high": r["high"], "n_left_or_opinion": r.get("n_a"), "n_right_or_news": r.get("n_b"),
                             "verdict": r["verdict"]})
    return pd.DataFrame(rows)


def _ci(r: dict) -> str:
    if r["effect"] is None:
        return "—"
    if r["low"] is None:
        return f"{r['effect']:+.3f} (no interval)"
    return f"{r['effect']:+.3f} [{r['low']:+.3f}, {r['high']:+.3f}]"


def markdown(doc: dict) -> str:
    sel = doc["selection"]
    lines = [
        "# Known groups on AllSides: comparisons with an expected direction",
        "",
        f"`{doc['command']}` (mediabias {doc['mediabias_version']})",
        "",
        "AllSides (Baly et al., EMNLP 2020) rates **outlets**, not articles: these are sanity checks with an "
        "expected direction, not gold labels. A check **passes** when the effect has the expected sign and its 95% "
        "bootstrap interval (resampling outlets, 2,000 replicates, fixed seed) excludes zero.",
        "",
        "## Which articles were used",
        "",
        "The file is read once. An article is eligible for a check when its `source` (AllSides' name, stripped), "
        "its `date` year and a mention of the entity (`resources/entity_forms.yaml`) match the check "
        "(`resources/known_groups.yaml`); for the news check, the source is one of the newsrooms listed there, "
        "AllSides rates the article left or right accordingly, and it is not opinion by `mediabias.language.distant.label` "
        "(no opinion folder in the URL). From each source's eligible "
        "articles, the first by SHA-1 of the article `ID` are taken: "
        f"{sel['news_left_right']['per_source']} per source for the news check (sources with fewer than the "
        f"minimum are dropped), {sel['opinion_outlets']['per_source']} per source and target for the opinion "
        f"outlets, {sel['opinion_vs_news']['per_source']} per source for opinion vs news. Sentiment is the author's "
        f"voice only (mentions inside attributed content are left out), aggregated per article as in "
        f"`resources/aggregation.yaml` (voices {', '.join(doc['aggregation']['voices'])}, weighting "
        f"{doc['aggregation']['weighting']}); an article without such a mention is left out.",
        "",
        "## What each check was tuned on",
        "",
        "* Sentiment: the target model was trained on NewsMTSC only; the aggregation was chosen on BASIL 2010-2012. "
        "Neither saw AllSides, so checks 1 and 2 are out-of-sample.",
        "* Loaded language: the shipped model was trained on opinion vs news sentences **of this collection** "
        "(`resources/distant_labels.yaml`), so its opinion-vs-news check is circular and shown only for "
        "completeness; the lexicon cue rate was never fitted to AllSides and is the real check.",
        "",
        "## Results",
        "",
        "| check | method | effect [95% interval] | n (left/opinion, right/news) | outlets | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for c in doc["checks"]:
        for method, r in c.items():
            if isinstance(r, dict) and "verdict" in r:
                outlets = f"{r.get('outlets_a', r.get('outlets'))}/{r.get('outlets_b', r.get('outlets'))}"
                lines.append(f"| {c['title']} ({c['expected']}) | {method} | {_ci(r)} | {r['n_a']}, {r['n_b']} | "
                             f"{outlets} | {r['verdict']} |")
    readings = config().get("readings", {})
    for name, text in readings.items():
        lines += ["", f"**Reading of `{name}`.** {text.strip()}"]
    lines += ["", "With a single outlet on one side, the interval resamples "
              "articles instead of outlets and cannot show how much outlets of one lean differ among themselves. "
              "A check with only a handful of articles on one side (see below) is reported but says little.",
              "", "## Articles per source", ""]
    for c in doc["checks"]:
        lines.append(f"* **{c['check']}** ({c['selected_articles']} selected"
                     + (f", {c['articles_with_author_voice_mention']} with a mention in the author's voice" if "articles_with_author_voice_mention" in c else "")
                     + "): " + ", ".join(f"{s} {n}" for s, n in c["sources"].items()))
        if c.get("source_articles"):
            lines.append("  articles selected per source (the stance reader's n): "
                         + ", ".join(f"{s} {n}" for s, n in c["source_articles"].items()))
        if c.get("source_stance_means"):
            lines.append("  mean writer's stance per source: "
                         + ", ".join(f"{s} {v:+.2f}" for s, v in c["source_stance_means"].items()))
        if c.get("source_means"):
            lines.append("  mean sentence tone per source: " + ", ".join(f"{s} {v:+.2f}" for s, v in c["source_means"].items()))
    lines.append("")
    return "\n".join(lines)
