"""Speed and agreement of the two networks, PyTorch fp32 vs ONNX Runtime fp32 vs ONNX Runtime int8, one thread.

    python scripts/bench_networks.py [--data ../shared/datasets] [--sentences 400] [--mentions 400]

Sentences: every regex-split sentence of the bundled corpus plus NewsMTSC dev (rw) sentences up to
``--sentences``; mentions: NewsMTSC dev (rw, then mt) targets up to ``--mentions``. Prints, per network and
runtime, items per second (after one warm-up pass over the first 16) and the agreement with PyTorch: the
encoder's smallest and mean cosine, the target network's largest probability difference and the share of
mentions whose predicted class agrees. ``onnx fp32 batched`` runs the fp32 graph on batches of up to 32
sentences of one token length (no padding), for comparison with the one-per-call runs the package uses (a row's
output then depends on the batch size in the last bit). The int8 rows quantize the named groups of MatMuls
(:func:`mediabias.runtime.onnxrt.pattern`); the package's choice is the last row of each network.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import torch

from mediabias import paths
from mediabias.corpus import load_corpus
from mediabias.models import target_sentiment as target
from mediabias.runtime import encoder, onnxrt
from mediabias.runtime.text import split_sentences


ALL = "ATTENTION|FFN_IN|FFN_OUT"


def corpus_sentences() -> list[str]:
    corpus = load_corpus()
    return [s for text in corpus.articles["text"] for para in text.split("\n\n") for s in split_sentences(para)]


def newsmtsc(data, n_sentences: int, n_mentions: int):
    folder = paths.dataset("newsmtsc", data)
    if folder is None:
        return [], []
    sents, mentions = [], []
    for split in ("rw", "mt"):
        for line in (folder / "splits" / split / "dev.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if split == "rw" and len(sents) < n_sentences:
                sents.append(row["sentence_normalized"])
            for t in row["targets"]:
                if len(mentions) < n_mentions:
                    mentions.append((row["sentence_normalized"], (t["from"], t["to"])))
    return sents, mentions


def timed(fn, items, warm=16):
    fn(items[:warm])
    start = time.perf_counter()
    out = fn(items)
    return out, len(items) / (time.perf_counter() - start)


def encode_onnx(path, batched=False):
    session = onnxrt.session(str(path))
    tok = encoder.tokenizer()

    def run(sentences):
        ids = tok(list(sentences), truncation=True)["input_ids"]
        out = np.empty((len(ids), encoder.DIM), dtype=np.float32)
        if not batched:
            groups = [[i] for i in range(len(ids))]
        else:
            order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
            groups = [g[k:k + 32] for _, g in itertools.groupby(order, key=lambda i: len(ids[i]))
                      for g in [list(g)] for k in range(0, len(g), 32)]
        for g in groups:
            x = np.asarray([ids[i] for i in g], dtype=np.int64)
            out[g] = session.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})[0]
        return out
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--mentions", type=int, default=400)
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.environ[onnxrt.THREADS_ENV] = "1"
    extra, mentions = newsmtsc(args.data, args.sentences, args.mentions)
    sentences = list(dict.fromkeys(corpus_sentences() + extra))
    print(f"encoder: {len(sentences)} distinct sentences "
          f"({np.mean([len(encoder.tokenizer()(s)['input_ids']) for s in sentences]):.1f} tokens on average)")
    st = encoder.sentence_encoder()
    ref, speed = timed(lambda s: np.asarray(st.encode(list(s), batch_size=32, normalize_embeddings=True,
                                                         show_progress_bar=False)), sentences)
    print(f"  torch fp32 (sentence-transformers, batches of 32)  {speed:7.1f} sentences/s")
    for label, path, batched in (("onnx fp32", encoder.onnx_path(None), False),
                                 ("onnx fp32 batched", encoder.onnx_path(None), True),
                                 ("onnx int8 (all weight MatMuls)", encoder.onnx_path(ALL), False),
                                 ("onnx int8 (all but feed-forward out)", encoder.onnx_path("ATTENTION|FFN_IN"), False),
                                 ("onnx int8 (attention only)", encoder.onnx_path("ATTENTION"), False),
                                 (f"package default ({encoder.INT8 or 'fp32'})", encoder.onnx_path(), False)):
        out, speed = timed(encode_onnx(path, batched), sentences)
        cos = (out * ref).sum(1)
        print(f"  {label:<50} {speed:7.1f} sentences/s  cosine with torch: min {cos.min():.4f} mean {cos.mean():.4f}")
    if not mentions:
        print("target network: NewsMTSC not found; skipped")
        return 0
    sents, spans = zip(*mentions)
    print(f"target network: {len(mentions)} NewsMTSC dev mentions")
    config = json.loads((target.MODEL_DIR / target.CONFIG_FILE).read_text())
    models = {"torch fp32 (batches of 64 sorted by length)": target.load_target_model(runtime="torch")}
    for label, quantize in (("onnx fp32", None), ("onnx int8 (all weight MatMuls)", ALL),
                            ("onnx int8 (all but feed-forward out)", "ATTENTION|FFN_IN"),
                            ("onnx int8 (attention only)", "ATTENTION"),
                            (f"package default ({target.INT8 or 'fp32'})", "default")):
        session = onnxrt.session(str(target.onnx_path(quantize=quantize)))
        models[label] = target.TargetSentimentModel(session, target.load_tokenizer(), config, runtime="onnx")
    ref = None
    for label, model in models.items():
        out, speed = timed(lambda m: model.predict_proba((sents[:len(m)], spans[:len(m)])).to_numpy(), list(sents))
        if ref is None:
            ref = out
            print(f"  {label:<50} {speed:7.1f} mentions/s")
            continue
        agree = (out.argmax(1) == ref.argmax(1)).mean()
        print(f"  {label:<50} {speed:7.1f} mentions/s  vs torch: max |dp| {np.abs(out - ref).max():.4f}, "
              f"same class {agree:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
