"""Counts of real transformers models built on the meta device (generator/params/count.py)."""

from __future__ import annotations

import dataclasses

import pytest

from generator.params import ConfigRejected, CountRun
from generator.params.count import count_models, import_torch_stack

# (BertModel incl. pooler, BertForPreTraining with the tied decoder counted once) per model.
# Worked by hand from the per-module sizes (V=30522, P=512, T=2, I=4H):
#   embeddings (V+P+T)H + 2H; one layer 4H^2 + 2HI + 9H + I; pooler H^2 + H;
#   MLM head H^2 + 3H + V; NSP head 2H + 2.
# e.g. H=128: embeddings 3,972,864, layer 198,272, pooler 16,512 -> L2 backbone 4,385,920;
# heads 47,290 + 258 -> pretraining 4,433,468. Each extra pair of layers adds 2 x layer:
# 396,544 (H=128), 1,579,520 (H=256), 6,304,768 (H=512), 14,175,744 (H=768).
EXPECTED = {
    "uncased_L-2_H-128_A-2": (4_385_920, 4_433_468),
    "uncased_L-2_H-256_A-4": (9_591_040, 9_688_380),
    "uncased_L-2_H-512_A-8": (22_458_880, 22_754_108),
    "uncased_L-2_H-768_A-12": (38_603_520, 39_227_708),
    "uncased_L-4_H-128_A-2": (4_782_464, 4_830_012),
    "uncased_L-4_H-256_A-4": (11_170_560, 11_267_900),
    "uncased_L-4_H-512_A-8": (28_763_648, 29_058_876),
    "uncased_L-4_H-768_A-12": (52_779_264, 53_403_452),
    "uncased_L-6_H-128_A-2": (5_179_008, 5_226_556),
    "uncased_L-6_H-256_A-4": (12_750_080, 12_847_420),
    "uncased_L-6_H-512_A-8": (35_068_416, 35_363_644),
    "uncased_L-6_H-768_A-12": (66_955_008, 67_579_196),
    "uncased_L-8_H-128_A-2": (5_575_552, 5_623_100),
    "uncased_L-8_H-256_A-4": (14_329_600, 14_426_940),
    "uncased_L-8_H-512_A-8": (41_373_184, 41_668_412),
    "uncased_L-8_H-768_A-12": (81_130_752, 81_754_940),
    "uncased_L-10_H-128_A-2": (5_972_096, 6_019_644),
    "uncased_L-10_H-256_A-4": (15_909_120, 16_006_460),
    "uncased_L-10_H-512_A-8": (47_677_952, 47_973_180),
    "uncased_L-10_H-768_A-12": (95_306_496, 95_930_684),
    "uncased_L-12_H-128_A-2": (6_368_640, 6_416_188),
    "uncased_L-12_H-256_A-4": (17_488_640, 17_585_980),
    "uncased_L-12_H-512_A-8": (53_982_720, 54_277_948),
    "uncased_L-12_H-768_A-12": (109_482_240, 110_106_428),
}


def by_id(run: CountRun):
    return {c.model_id: c for c in run.counts}


def test_every_catalogue_model_is_counted_in_catalogue_order(cold_run, real_catalog):
    assert [c.model_id for c in cold_run.counts] == [m.id for m in real_catalog.models]
    assert set(EXPECTED) == {m.id for m in real_catalog.models}


@pytest.mark.parametrize("model_id", sorted(EXPECTED))
def test_exact_counts_in_both_conventions(cold_run, model_id):
    count = by_id(cold_run)[model_id]
    assert (count.params_backbone, count.params_pretraining) == EXPECTED[model_id]


def test_named_backbones_match_kerashub_exactly(cold_run):
    counts = by_id(cold_run)
    assert counts["uncased_L-2_H-128_A-2"].params_backbone == 4_385_920
    assert counts["uncased_L-4_H-512_A-8"].params_backbone == 28_763_648
    assert counts["uncased_L-8_H-512_A-8"].params_backbone == 41_373_184
    assert counts["uncased_L-12_H-768_A-12"].params_backbone == 109_482_240


def test_breakdown_adds_up_and_sizes_follow_from_the_pretraining_count(cold_run):
    for c in cold_run.counts:
        assert c.params_embeddings + c.params_encoder + c.params_pooler == c.params_backbone
        assert c.params_encoder == c.layers * c.params_per_layer
        assert c.params_backbone + c.params_mlm_head + c.params_nsp_head == c.params_pretraining
        assert c.params_nsp_head == 2 * c.hidden + 2
        assert c.size_fp32_mb == pytest.approx(c.params_pretraining * 4 / 1e6)
        assert c.size_fp16_mb == pytest.approx(c.size_fp32_mb / 2)
    tiny = by_id(cold_run)["uncased_L-2_H-128_A-2"]
    # The official pytorch_model.bin of BERT-Tiny is about 17.7 MB: fp32, heads included, tied once.
    assert round(tiny.size_fp32_mb, 1) == 17.7


def test_flops_are_measured_on_meta_tensors_and_match_the_formula(cold_run):
    for c in cold_run.counts:
        assert c.flops_method == "measured"
        assert c.flops_forward_128 == c.flops_formula_128
    assert by_id(cold_run)["uncased_L-2_H-128_A-2"].flops_forward_128 == 117_473_280


def test_decoder_is_tied_so_counting_every_tensor_would_double_count(real_catalog):
    torch, config_cls, _model_cls, pretraining_cls = import_torch_stack()
    tiny = real_catalog.models[0]
    with torch.device("meta"):
        model = pretraining_cls(config_cls(**tiny.hf_config))
    assert model.cls.predictions.decoder.weight is model.bert.embeddings.word_embeddings.weight
    distinct = sum(p.numel() for p in model.parameters())
    every_reference = sum(p.numel() for _n, p in model.named_parameters(remove_duplicate=False))
    assert distinct == EXPECTED[tiny.id][1]
    # The duplicates are the decoder's weight (V x H) and its bias (V), shared with the head.
    assert every_reference - distinct == 30522 * 128 + 30522


def test_real_weights_give_the_same_counts_and_flops_as_the_meta_device(cold_run, real_catalog):
    tiny = real_catalog.models[0]
    [real] = count_models([tiny], by_id(cold_run)[tiny.id].counted_with, device="cpu")
    assert real == by_id(cold_run)[tiny.id]


def test_configs_transformers_rejects_are_all_named(real_catalog):
    tiny = real_catalog.models[0]
    odd_heads = dataclasses.replace(tiny, id="uncased_L-2_H-130_A-4", hidden=130, heads=4)
    bad_act = dataclasses.replace(
        tiny, id="uncased_L-2_H-128_A-2-nope", shared=dataclasses.replace(tiny.shared, hidden_act="nope")
    )
    with pytest.raises(ConfigRejected) as caught:
        count_models([odd_heads, tiny, bad_act], "test")
    problems = caught.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("uncased_L-2_H-130_A-4: transformers cannot build this config: ValueError:")
    assert "hidden size (130) is not a multiple of the number of attention heads (4)" in problems[0]
    assert problems[1].startswith("uncased_L-2_H-128_A-2-nope: transformers cannot build this config:")
    assert "nope" in problems[1]
