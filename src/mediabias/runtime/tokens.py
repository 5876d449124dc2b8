"""Per-token vectors of the bundled MiniLM, for instruments that pool the vectors of a span.

:mod:`mediabias.runtime.encoder` gives one mean-pooled vector per sentence; the sentiment-holder classifier
(:mod:`mediabias.sentiment.holder`) needs the vectors of two entity spans and of the words between them, so it
reads the last layer per token instead. Same weights, tokenizer and 256-token cap as the encoder; its own ONNX graph
(the last hidden layer, fp32, built from the installed weights on first use like the encoder's, never committed).
A module of its own so that the cache keys of the steps that use the sentence encoder do not depend on it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from mediabias.runtime import onnxrt
from mediabias.runtime.encoder import base_sha256, model_dir, tokenizer


def token_vectors(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Last-layer MiniLM vectors of every token of each text, with the tokens' character offsets.

    For instruments that pool the vectors of a span (the two entities of a pair in
    :mod:`mediabias.sentiment.holder`) rather than of the whole sentence. Same tokenizer and 256-token cap as
    :func:`mediabias.runtime.encoder.encode_sentences`; the special tokens ``[CLS]``/``[SEP]`` are included with offsets ``(0, 0)``.
    ONNX Runtime (one text per call, unpadded: see :mod:`mediabias.runtime.onnxrt`) unless ``MEDIABIAS_RUNTIME=torch``.

    Returns:
        One ``(vectors, offsets)`` per text: ``vectors`` ``(n_tokens, 384)`` float32 (not normalised),
        ``offsets`` ``(n_tokens, 2)`` int character spans into the text.
    """
    if not texts:
        return []
    enc = tokenizer()(list(texts), truncation=True, return_offsets_mapping=True)
    out = []
    if onnxrt.runtime() == "torch":
        import torch  # deferred: torch is heavy and only the torch runtime needs it

        bert = token_model()
        with torch.inference_mode():
            for ids, offsets in zip(enc["input_ids"], enc["offset_mapping"]):
                x = torch.tensor([ids])
                h = bert(input_ids=x, attention_mask=torch.ones_like(x),
                         token_type_ids=torch.zeros_like(x)).last_hidden_state[0]
                out.append((h.numpy().astype(np.float32), np.asarray(offsets, dtype=int)))
        return out
    session = onnxrt.session(str(token_onnx_path()))
    for ids, offsets in zip(enc["input_ids"], enc["offset_mapping"]):
        x = np.asarray([ids], dtype=np.int64)
        h = session.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})[0][0]
        out.append((h.astype(np.float32), np.asarray(offsets, dtype=int)))
    return out


@functools.lru_cache(maxsize=1)
def token_model():
    """all-MiniLM-L6-v2 as a plain ``transformers`` model in eval mode (the torch runtime of :func:`token_vectors`)."""
    directory = model_dir()
    from transformers import AutoModel  # deferred: transformers is heavy and only the encoders need it

    return AutoModel.from_pretrained(directory, attn_implementation="eager").eval()


@functools.lru_cache(maxsize=1)
def token_onnx_path() -> Path:
    """The ONNX graph of the encoder's last layer (fp32, no pooling), built from the installed weights if missing."""
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
