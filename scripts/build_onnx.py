"""Build the ONNX graphs of the networks from the installed weights (run by ``make setup``).

The MiniLM sentence encoder, the target-sentiment network and the holder network are exported with ``torch.onnx.export`` and, where
the validation scores hold, quantized to int8 (see :mod:`mediabias.runtime.onnxrt`). The graphs go under
``<venv>/share/mediabias/onnx`` (or ``$MEDIABIAS_ONNX_DIR``); nothing is downloaded. Idempotent: a graph already
built and intact is kept. Without this step the first process that needs a graph builds it (under a file lock).

    python scripts/build_onnx.py          # the graphs the package uses on this machine
    python scripts/build_onnx.py --all    # also the fp32 graphs (for tests and scripts/bench_networks.py)
"""

from __future__ import annotations

import argparse
import sys

from mediabias.models import holder_net
from mediabias.models import target_sentiment as target
from mediabias.runtime import encoder, onnxrt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also build the fp32 graphs of both networks")
    args = parser.parse_args()
    for quantize in ("default", None) if args.all else ("default",):
        for path in (encoder.onnx_path(quantize), target.onnx_path(quantize=quantize)):
            print(f"ONNX graph ready: {path}")
    print(f"ONNX graph ready: {holder_net.onnx_path()}")
    if encoder.INT8 is None:  # the fp32 encoder runs as its layers (batched) and its pooling (see onnxrt)
        for path in (encoder.token_onnx_path(), encoder.pooling_onnx_path()):
            print(f"ONNX graph ready: {path}")
    print(f"runtime: {onnxrt.runtime()} (set ${onnxrt.RUNTIME_ENV}=torch for PyTorch); providers: {onnxrt.providers()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
