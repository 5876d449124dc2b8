"""ONNX Runtime for the two networks: which runtime runs, where the exported graphs live, how they are built.

The networks (the MiniLM sentence encoder, :mod:`mediabias.runtime.encoder`; the target-sentiment network,
:mod:`mediabias.models.target_sentiment`) run in ONNX Runtime by default; ``MEDIABIAS_RUNTIME=torch`` runs them in
PyTorch as before, so the two can be measured and compared (``scripts/bench_networks.py``).

The ``.onnx`` files are never downloaded nor committed: each is exported (``torch.onnx.export``) from the weights
installed or committed, then, where the validation scores hold, quantized to int8 (dynamic, per channel). They
are built by ``make setup`` (``scripts/build_onnx.py``) under :func:`artefact_dir`, or on first use by whichever
process needs one first: under a file lock, written to a temporary file and renamed into place, so several Dask
workers starting at once build it once and never read half a file. A file's name carries a key (SHA-256 of the
weights it comes from, the export recipe and the torch / onnx / onnxruntime versions), so new weights or pins
give a new file rather than a stale one; its SHA-256 is written beside it and checked when it is loaded, and a
file that does not match (corrupt, truncated, edited) is rebuilt.

The graph files are not in the pipeline's cache key, and need not be: a graph is a function of inputs that
already are (the committed ``models/target_sentiment.pt`` named by :mod:`mediabias.models.target_sentiment`; the
export and quantization recipe, written in the source of this module and of the modules that call
:func:`ensure`, whose source the key hashes) or that the architecture leaves to the pinned environment (the
MiniLM weights, the torch / onnx / onnxruntime versions). The runtime switch ``$MEDIABIAS_RUNTIME`` is not in
the key either: tables cached under one runtime are reused under the other (the fp32 encoder agrees with
PyTorch within 1e-6, the int8 target network within 0.08 in probability), so compare runtimes on a fresh
results folder.

Each output must be a function of its input only, whatever the list, chunk or worker it came in, so tables
stay byte-identical across worker counts. Dynamic int8 quantization scales activations over the whole input
tensor, so an int8 graph runs one sentence (or mention) per call, unpadded. In fp32 the MiniLM *layers* give
every token the same last-layer vector, to the bit, alone or in a length-sorted padded batch (checked vector by
vector on 800 AllSides sentences and rewritten paragraphs, on 80 bundled-corpus sentences by
``tests/runtime/test_onnx_runtime.py``, and by all 15 tables staying byte-identical on 45 articles), but the
pooling and the target network's head do not (a row's mean or softmax changes in the last bit with the batch;
the target network's layers too). So :func:`padded_runs` runs the fp32 MiniLM layers in batches of :data:`BATCH`,
while the pooling (:func:`extract`: the graph's own pooling nodes, cut out of it) and the target network stay one
input per call. On 40 AllSides articles this took the `irony` step (sentence vectors) from 0.41 to 0.32 CPU
seconds per article and the `holders` step (token vectors) from 1.24 to 1.05 (``docs/performance.md``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import filelock

from mediabias.runtime.atomic import atomic_write, temporary_path, write_text

RUNTIME_ENV = "MEDIABIAS_RUNTIME"
RUNTIMES = ("onnx", "torch")
#: Where built graphs go (default: ``<venv>/share/mediabias/onnx``, else ``~/.cache/mediabias/onnx``).
DIR_ENV = "MEDIABIAS_ONNX_DIR"
#: Threads per ONNX session (default 1: the engine runs one thread per task).
THREADS_ENV = "MEDIABIAS_ONNX_THREADS"
#: Bumped when the way graphs are exported or quantized changes (it is part of every file's key).
RECIPE_VERSION = "1"
OPSET = 17


class ArtefactError(RuntimeError):
    """An ONNX graph could not be built or loaded."""


def runtime() -> str:
    """``"onnx"`` (default) or ``"torch"``, from ``$MEDIABIAS_RUNTIME``."""
    name = os.environ.get(RUNTIME_ENV, "onnx").strip().lower() or "onnx"
    if name not in RUNTIMES:
        raise ValueError(f"${RUNTIME_ENV} is {name!r}; expected one of {', '.join(RUNTIMES)}")
    return name


def artefact_dir() -> Path:
    """The folder of built graphs: ``$MEDIABIAS_ONNX_DIR``, else ``<sys.prefix>/share/mediabias/onnx`` when
    writable (a virtualenv), else ``~/.cache/mediabias/onnx``."""
    if os.environ.get(DIR_ENV):
        return Path(os.environ[DIR_ENV]).expanduser()
    prefix = Path(sys.prefix) / "share" / "mediabias" / "onnx"
    probe = next((p for p in (prefix, *prefix.parents) if p.exists()), None)
    if probe is not None and os.access(probe, os.W_OK):
        return prefix
    return Path.home() / ".cache" / "mediabias" / "onnx"


def providers() -> list[str]:
    """CUDA first when this onnxruntime build offers it, then the CPU. The graphs are the same on both, so the
    tables agree within float tolerance; nodes the CUDA provider lacks (the int8 ones) run on the CPU."""
    import onnxruntime  # deferred: only the ONNX runtime path needs it

    available = onnxruntime.get_available_providers()
    return [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def recipe_key(*parts: str) -> str:
    """A 16-hex key of ``parts`` plus the recipe version and the exporting/running library versions."""
    versions = [importlib.metadata.version(name) for name in ("torch", "onnx", "onnxruntime")]  # not imported
    text = "\x1e".join([RECIPE_VERSION, str(OPSET), *versions, *parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


#: Weight MatMuls of a BERT layer, by the node names ``torch.onnx.export`` gives them.
ATTENTION = r"layer\.\d+/attention/(self/(query|key|value)|output/dense)/MatMul$"
FFN_IN = r"layer\.\d+/intermediate/dense/MatMul$"
FFN_OUT = r"layer\.\d+/output/dense/MatMul$"


def quantize_int8(source: Path, target: Path, *, pattern: str) -> None:
    """Dynamic int8 quantization, per output channel, of the weight MatMuls whose node name matches ``pattern``
    (the others stay fp32). Per channel because per-tensor scales moved the encoder's vectors to cosine 0.84 of
    fp32 on some sentences (per channel: above 0.96)."""
    import onnx  # deferred: build time only
    from onnxruntime.quantization import QuantType, quantize_dynamic

    names = [n.name for n in onnx.load(str(source), load_external_data=False).graph.node if n.op_type == "MatMul"]
    keep = [n for n in names if not re.search(pattern, n)]
    if len(keep) == len(names):
        raise ArtefactError(f"no MatMul of {source.name} matches {pattern!r}: nothing to quantize")
    quantize_dynamic(str(source), str(target), per_channel=True, weight_type=QuantType.QInt8,
                     op_types_to_quantize=["MatMul"], nodes_to_exclude=keep)


def ensure(name: str, key: str, export: Callable[[Path], None], *, quantize: str | None) -> Path:
    """The path of graph ``name`` (built now if missing or corrupt): ``<artefact_dir>/<name>-<fp32|int8>-<hash>``.

    Args:
        name: the network (``"minilm"``, ``"target_sentiment"``).
        key: :func:`recipe_key` of what the graph is derived from.
        export: writes the fp32 ONNX graph to the path it is given.
        quantize: ``None`` for fp32, else the pattern of the MatMuls to quantize to int8 (:func:`quantize_int8`).
    """
    digest = hashlib.sha256(f"{key}\x1e{quantize or ''}".encode("utf-8")).hexdigest()[:16]
    path = artefact_dir() / f"{name}-{'int8' if quantize else 'fp32'}-{digest}.onnx"
    if verified(path):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(str(path) + ".lock", timeout=1800):
        if verified(path):  # another process built it while we waited
            return path
        fp32 = temporary_path(path).with_suffix(".fp32.tmp")
        try:
            with atomic_write(path) as tmp:
                with warnings.catch_warnings(), contextlib.redirect_stdout(sys.stderr):
                    warnings.simplefilter("ignore")  # the exporter's tracer and quantizer advice, not faults
                    logging.disable(logging.WARNING)
                    try:
                        export(fp32)
                        if quantize:
                            quantize_int8(fp32, tmp, pattern=quantize)
                        else:
                            fp32.replace(tmp)
                    finally:
                        logging.disable(logging.NOTSET)
                sha = file_sha256(tmp)
                write_text(sha_path(path), json.dumps({"sha256": sha, "name": name, "key": key, "int8": quantize}))
        except Exception as exc:
            raise ArtefactError(f"could not build the ONNX graph {path.name}: {exc}") from exc
        finally:
            fp32.unlink(missing_ok=True)
    if not verified(path):
        raise ArtefactError(f"the ONNX graph {path} was built but does not match its recorded SHA-256")
    return path


def sha_path(path: Path) -> Path:
    return path.with_suffix(".sha256.json")


def verified(path: Path) -> bool:
    """Whether ``path`` exists and its SHA-256 is the one recorded when it was built."""
    try:
        expected = json.loads(sha_path(path).read_text(encoding="utf-8"))["sha256"]
    except (OSError, ValueError, KeyError):
        return False
    return path.exists() and file_sha256(path) == expected


def extract(source: Path, inputs: list[str], outputs: list[str], target: Path) -> None:
    """Write the part of the graph at ``source`` that computes ``outputs`` from ``inputs`` (tensor names) to
    ``target``: the same nodes and weights, cut out (``onnx.utils.Extractor``)."""
    import onnx  # deferred: build time only
    from onnx.utils import Extractor

    model = onnx.shape_inference.infer_shapes(onnx.load(str(source)))
    onnx.save(Extractor(model).extract_model(list(inputs), list(outputs)), str(target))


def last_hidden_name(source: Path) -> str:
    """The name of the last layer's output in a BERT graph (the output of its last ``LayerNormalization``)."""
    import onnx  # deferred: build time only

    nodes = onnx.load(str(source), load_external_data=False).graph.node
    return [n for n in nodes if n.op_type == "LayerNormalization"][-1].output[0]


#: Sequences per call of :func:`padded_runs` (8: larger batches pad more and gained nothing on 2 cores).
BATCH = 8


def padded_runs(session, ids: list[list[int]], *, batch: int = BATCH) -> list:
    """The first output of ``session`` (inputs ``input_ids``, ``attention_mask``) for each token-id list, run in
    batches of ``batch`` lists of neighbouring lengths, padded with 0 and attention mask 0; each row is cut back
    to its own tokens (``(n_tokens, ...)``, a contiguous copy). Only for fp32 graphs whose rows are independent
    of their neighbours to the bit (see the module docstring)."""
    import numpy as np  # deferred: as the callers

    out: list = [None] * len(ids)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    for k in range(0, len(order), batch):
        part = order[k:k + batch]
        width = max(len(ids[i]) for i in part)
        x = np.zeros((len(part), width), dtype=np.int64)
        mask = np.zeros_like(x)
        for j, i in enumerate(part):
            x[j, :len(ids[i])] = ids[i]
            mask[j, :len(ids[i])] = 1
        result = session.run(None, {"input_ids": x, "attention_mask": mask})[0]
        for j, i in enumerate(part):
            out[i] = np.ascontiguousarray(result[j, :len(ids[i])])
    return out


@functools.lru_cache(maxsize=4)
def session(path: str):
    """An ``InferenceSession`` on ``path``: ``$MEDIABIAS_ONNX_THREADS`` threads (default 1), CUDA when present."""
    import onnxruntime  # deferred: only the ONNX runtime path needs it

    options = onnxruntime.SessionOptions()
    threads = int(os.environ.get(THREADS_ENV, "1"))
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    try:
        return onnxruntime.InferenceSession(path, options, providers=providers())
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ArtefactError(f"ONNX Runtime cannot load {path}: {exc}; delete it to have it rebuilt") from exc


def pattern(names: str) -> str:
    """The regex of ``"ATTENTION|FFN_IN"``-style names of this module's MatMul groups (or a regex as is)."""
    groups = {"ATTENTION": ATTENTION, "FFN_IN": FFN_IN, "FFN_OUT": FFN_OUT}
    parts = names.split("|")
    if all(p in groups for p in parts):
        return "|".join(f"({groups[p]})" for p in parts)
    return names
