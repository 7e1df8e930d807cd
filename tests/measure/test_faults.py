"""Faults while measuring: a child past its deadline, `measure` killed by SIGTERM or Ctrl-C, a
runtime whose output fails its check (generator/measure/run.py, ort.py)."""

from __future__ import annotations

import io
import os
import shutil
import signal
import threading

import pytest

from generator.measure.run import ChildTimeout, Progress, _child, _context
from tests.measure.processes import Watched, alive, descendants
from tests.waiting import wait_until


def answers(conn) -> None:
    conn.send(("result", {}))


def never_answers(conn) -> None:
    """A child that reports its pid, then hangs (as a stuck export or a deadlocked run would)."""
    conn.send(("step", str(os.getpid())))
    threading.Event().wait()


class Recorder(Progress):
    def __init__(self) -> None:
        super().__init__(1, io.StringIO())
        self.steps: list[str] = []

    def step(self, text: str) -> None:
        self.steps.append(text)


# Slow, for make test only: measure's fork server imports torch and transformers, then the
# late child is given its whole deadline.
@pytest.mark.slow
def test_a_child_past_its_deadline_is_killed_and_named():
    progress = Recorder()
    context = _context()
    assert _child(context, answers, (), "warm-up", progress, 900) == {}  # the fork server runs: forks are quick
    with pytest.raises(ChildTimeout) as late:
        _child(context, never_answers, (), "uncased_L-2_H-128_A-2: preparing ort-fp32", progress, 5.0)
    assert late.value.problems == (
        "uncased_L-2_H-128_A-2: preparing ort-fp32: no result within its deadline "
        "of 5 s; the process was stopped",
    )
    [pid] = progress.steps
    assert wait_until(lambda: not alive(int(pid)), timeout=30, what="the late child to be gone")


# Slow, for make test only: two real measure runs, killed.
@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_killed_measure_leaves_no_process_behind_and_writes_nothing(tmp_path, small_catalog, how):
    catalog_dir = tmp_path / "catalog"
    shutil.copytree(small_catalog, catalog_dir)
    with Watched("--quick", "--catalog", str(catalog_dir), "--runtimes", "torch") as watched:
        pid = watched.process.pid
        # the fork server, the resource tracker and a measuring child below the fork server
        family = wait_until(
            lambda: (
                (watched.saw("memory: ") and len(found := descendants(pid)) >= 3 and found)
                or watched.process.poll() is not None
            ),
            timeout=600,
            what="measure's children",
        )
        assert watched.process.poll() is None, watched.stderr()
        assert isinstance(family, set)
        watched.process.send_signal(how)
        code = watched.finish(timeout=120)
        assert code == 130, watched.stderr()
        assert watched.lines[-2:] == [
            "measure was interrupted; every measuring process was ended",
            "error: interrupted; nothing was written",
        ]
        assert "Traceback" not in watched.stderr()
        assert wait_until(
            lambda: not any(alive(p) for p in family),
            timeout=60,
            what=f"every child of measure to end: {sorted(p for p in family if alive(p))}",
        )
    assert not (catalog_dir / "measurements").exists()


# Slow, for make test only: a real ONNX export, optimisation and quantization.
@pytest.mark.slow
def test_an_output_far_from_pytorchs_fails_its_check_and_is_not_timed(tmp_path):
    """Weights drawn with a standard deviation of 1 (initializer_range, which the catalogue
    allows up to 1) saturate attention: float32 kernels then differ past the tolerance and
    int8 loses the direction of many tokens. Both are recorded as check_failed, with figures."""
    from generator.measure import ort

    config = {
        "vocab_size": 30522,
        "hidden_size": 128,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "intermediate_size": 512,
        "max_position_embeddings": 512,
        "type_vocab_size": 2,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "layer_norm_eps": 1e-12,
        "initializer_range": 1.0,
    }
    steps: list[str] = []
    out = ort.prepare(config, ("ort-fp32", "ort-int8"), ("b1_s32",), str(tmp_path / "m"), steps.append)
    assert out["ort-int8"]["status"] == "check_failed"
    assert out["ort-int8"]["check"]["cosine_mean"] < ort.INT8_COSINE_THRESHOLD
    assert out["ort-int8"]["check"]["cosine_min"] < out["ort-int8"]["check"]["cosine_mean"]
    assert out["ort-fp32"]["status"] in ("ok", "check_failed")  # how far fused float32 drifts varies
    assert (out["ort-fp32"]["status"] == "ok") == (out["ort-fp32"]["check"]["max_abs_diff"] <= 1e-4)
    assert out["torch"]["file_bytes"] > 4 * 30522 * 128
    assert steps == [
        "saving model.safetensors",
        "export to ONNX",
        "optimise for BERT",
        "quantize to int8",
        "check ort-fp32 against PyTorch",
        "check ort-int8 against PyTorch",
    ]
