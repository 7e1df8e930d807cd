"""The closed-form counts (generator/params/formula.py): pure Python, checked by hand."""

from __future__ import annotations

from generator.params.formula import formula_counts, formula_flops


def test_bert_tiny_module_by_module(real_catalog):
    counts = formula_counts(real_catalog.model("uncased_L-2_H-128_A-2"))
    assert counts.params_embeddings == (30522 + 512 + 2) * 128 + 2 * 128 == 3_972_864
    # Q, K, V, output (4 x (128*128 + 128)) + LayerNorm + 128->512->128 feed-forward + LayerNorm
    assert counts.params_per_layer == 4 * (128 * 128 + 128) + 256 + (128 * 512 + 512) + (512 * 128 + 128) + 256
    assert counts.params_encoder == 2 * 198_272
    assert counts.params_pooler == 128 * 128 + 128
    assert counts.params_backbone == 4_385_920
    assert counts.params_mlm_head == (128 * 128 + 128) + 256 + 30522 == 47_290
    assert counts.params_nsp_head == 258
    assert counts.params_pretraining == 4_433_468


def test_published_kerashub_backbones(real_catalog):
    backbone = {m.id: formula_counts(m).params_backbone for m in real_catalog.models}
    assert backbone["uncased_L-4_H-512_A-8"] == 28_763_648
    assert backbone["uncased_L-8_H-512_A-8"] == 41_373_184
    assert backbone["uncased_L-12_H-768_A-12"] == 109_482_240


def test_flops_of_bert_tiny_by_hand(real_catalog):
    tiny = real_catalog.model("uncased_L-2_H-128_A-2")
    projections = 4 * 2 * 128 * 128 * 128  # Q, K, V, output: 128 tokens x 128 x 128
    feed_forward = 2 * 2 * 128 * 128 * 512  # in and out
    attention = 2 * 2 * 128 * 128 * 128  # scores and weighted sum, over all heads
    pooler = 2 * 128 * 128
    assert formula_flops(tiny, 128) == 2 * (projections + feed_forward + attention) + pooler == 117_473_280
