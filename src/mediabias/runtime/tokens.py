"""Per-token vectors of the bundled MiniLM, for instruments that pool the vectors of a span.

:mod:`mediabias.runtime.encoder` gives one mean-pooled vector per sentence; the sentiment-holder classifier
(:mod:`mediabias.sentiment.holder`) needs the vectors of two entity spans and of the words between them, so it
reads the last layer per token instead. Same weights, tokenizer and 256-token cap as the encoder, and the same ONNX
graph of the last hidden layer (fp32, :func:`mediabias.runtime.encoder.token_onnx_path`) that the encoder pools.
"""

from __future__ import annotations

import numpy as np

from mediabias.runtime import onnxrt
from mediabias.runtime.encoder import token_model, token_onnx_path, tokenizer


def token_vectors(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Last-layer MiniLM vectors of every token of each text, with the tokens' character offsets.

    For instruments that pool the vectors of a span (the two entities of a pair in
    :mod:`mediabias.sentiment.holder`) rather than of the whole sentence. Same tokenizer and 256-token cap as
    :func:`mediabias.runtime.encoder.encode_sentences`; the special tokens ``[CLS]``/``[SEP]`` are included with
    offsets ``(0, 0)``. ONNX Runtime (length-sorted padded batches, each text's vectors the same bits as alone:
    :func:`mediabias.runtime.onnxrt.padded_runs`) unless ``MEDIABIAS_RUNTIME=torch``.

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
    hidden = onnxrt.padded_runs(onnxrt.session(str(token_onnx_path())), enc["input_ids"])  # same bits as one per call
    return [(h.astype(np.float32), np.asarray(offsets, dtype=int)) for h, offsets in zip(hidden, enc["offset_mapping"])]
