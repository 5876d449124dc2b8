"""What fine-tuning a target-sentiment encoder costs on this machine: the shipped size against a base-size one.

    python scripts/bench_training.py [--threads 1] [--steps 4] [--batch 32] [--tokens 48]

Times full training steps (forward, backward, AdamW) of two randomly initialised BERT-shaped encoders on a
batch of ``--batch`` random sequences of ``--tokens`` tokens (NewsMTSC sentences average about 45 tokens with
the target markers): the all-MiniLM-L6-v2 shape the package ships (6 layers x 384) and the base shape of
RoBERTa/MPNet/BERT-base (12 x 768), the size of the models that reach F1m 0.80-0.83 on NewsMTSC. Weights are
random (the cost does not depend on them) so nothing is downloaded. Prints seconds per step (median of
``--steps`` after one warm-up) and the projected hours for one model (3 epochs over the 8,739 NewsMTSC train
targets) and for 5-fold cross-validation plus the shipped model. The embeddings are trained too here; the
package's own training keeps them frozen, so its measured cost is about 0.6x of the small row.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

TRAIN_TARGETS = 8_739
EPOCHS = 3
SHAPES = {"all-MiniLM-L6-v2 shape (6 x 384)": dict(hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                                                  intermediate_size=1536),
          "base shape (12 x 768)": dict(hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                                        intermediate_size=3072)}


def step_seconds(shape: dict, *, batch: int, tokens: int, steps: int) -> float:
    import torch
    from transformers import BertConfig, BertModel

    torch.manual_seed(0)
    model = BertModel(BertConfig(**shape))
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5)
    ids = torch.randint(1000, 20000, (batch, tokens))
    times = []
    for i in range(steps + 1):
        t0 = time.perf_counter()
        model(input_ids=ids).last_hidden_state[:, 0].sum().backward()
        opt.step()
        opt.zero_grad()
        if i:  # the first step warms up
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=4)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--tokens", type=int, default=48)
    args = p.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    per_epoch = math.ceil(TRAIN_TARGETS / args.batch)
    print(f"{args.threads} thread(s), batch {args.batch} x {args.tokens} tokens, {per_epoch} steps per epoch")
    for name, shape in SHAPES.items():
        s = step_seconds(shape, batch=args.batch, tokens=args.tokens, steps=args.steps)
        one = s * per_epoch * EPOCHS / 3600
        print(f"{name}: {s:.2f} s/step; one model ({EPOCHS} epochs) {one:.1f} h; "
              f"5-fold CV + shipped model {one * (1 + 5 * 0.8):.1f} h")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
