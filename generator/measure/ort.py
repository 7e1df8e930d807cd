"""The ONNX Runtime runtimes: make each model's files, check them against PyTorch, open sessions.

Runs in child processes only (run.py starts them; this module imports torch, onnx and
onnxruntime). For one model, `prepare_main` (a fresh child with a deadline):

1. builds the same random-weight BertModel as the PyTorch runtime (worker._build, seed 0) and
   saves it with save_pretrained: `model.safetensors` is what a person ships with PyTorch;
2. exports it with torch.onnx.export (EXPORTER below), attention in its "eager" form, whose
   MatMul/Softmax pattern ONNX Runtime's BERT fusions recognise (sdpa exports as one opaque
   op, and nothing fuses); batch and sequence length stay dynamic;
3. `ort-fp32`: onnxruntime.transformers.optimizer.optimize_model(model_type="bert") fuses
   embeddings + LayerNorm, attention, bias + GELU and skip + LayerNorm;
4. `ort-int8`: onnxruntime.quantization.quantize_dynamic on that graph (int8 weights,
   activations quantized per run);
5. checks each file's last_hidden_state against PyTorch's (sdpa, as timed) on every shape the
   runtime is timed at, plus a padded batch (only real tokens compared).

A step that raises fails that runtime for that model (and the ones built on it), with the step
named; the other models are measured all the same. The latency child then opens sessions on
the files that passed (`sessions`).
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .record import TORCH_FILE
from .settings import SHAPE_BY_KEY, Shape

EXPORTER = {"dynamo": False, "opset_version": 17}
"""torch 2.13's TorchScript-based exporter (dynamo=False), pinned: the dynamo exporter also works
offline but its graph keeps attention unfused under the BERT optimizer (0 Attention nodes
against 2 for BERT-Tiny, 2026-12-07), and it took 15-18 s against 4-7 s to export BERT-Tiny."""
FP32_TOLERANCE = 1e-4
"""Largest absolute difference of last_hidden_state (LayerNorm outputs, of order 1) that ort-fp32
may show against PyTorch: float32 rounding of fused kernels stays near 1e-6."""
INT8_COSINE_THRESHOLD = 0.999
"""Mean cosine similarity per token that ort-int8's last_hidden_state must reach."""
QUANTIZATION = {"per_channel": False, "reduce_range": False}
"""quantize_dynamic's settings: one scale per weight tensor; the full int8 range (reduce_range
is for CPUs without VNNI, whose U8S8 products can saturate)."""
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
PADDED = Shape(2, 64)
"""The padded batch of the check: the second sequence's last 16 tokens are padding."""


def steps(runtime: str) -> tuple[str, ...]:
    """What was done to a model for `runtime`, as the file records it."""
    export = (
        f"torch.onnx.export(dynamo={EXPORTER['dynamo']}, opset_version={EXPORTER['opset_version']}) of "
        "the same random-weight BertModel with attention in its eager form; inputs input_ids, "
        "attention_mask, token_type_ids; batch and sequence dynamic"
    )
    optimise = (
        "onnxruntime.transformers.optimizer.optimize_model(model_type='bert', num_heads, hidden_size, "
        "opt_level=0): fused embeddings, attention, bias+GELU and skip+LayerNorm"
    )
    session = (
        "InferenceSession on CPUExecutionProvider, graph optimization ORT_ENABLE_ALL, "
        "intra_op_num_threads = the thread setting, inter_op 1, sequential, intra-op spinning off"
    )
    if runtime == "ort-fp32":
        return export, optimise, session
    return (
        export,
        optimise,
        f"onnxruntime.quantization.quantize_dynamic(weight_type=QInt8, per_channel="
        f"{QUANTIZATION['per_channel']}, reduce_range={QUANTIZATION['reduce_range']})",
        session,
    )


def check_text(runtime: str, shapes: tuple[str, ...]) -> str:
    inputs = ", ".join(SHAPE_BY_KEY[k].label for k in shapes) + f", {PADDED.label} padded"
    if runtime == "ort-fp32":
        return (
            f"max absolute difference of last_hidden_state against PyTorch (sdpa), real tokens of "
            f"{inputs}; passes at most {FP32_TOLERANCE}"
        )
    return (
        f"cosine similarity per token of last_hidden_state against PyTorch (sdpa), real tokens of "
        f"{inputs}; passes when the mean is at least {INT8_COSINE_THRESHOLD} (minimum recorded)"
    )


FILES = {"torch": TORCH_FILE, "ort-fp32": "the optimised float32 .onnx file", "ort-int8": "the int8 .onnx file"}


def safetensors_bytes(model: Any) -> int:
    """The size of the model.safetensors file save_pretrained writes for `model`: its state dict
    (the persistent tensors), serialised the same way, in memory (no disk round trip)."""
    from safetensors.torch import save

    return len(save({k: v.contiguous() for k, v in model.state_dict().items()}, metadata={"format": "pt"}))


def versions() -> dict[str, str]:
    from importlib import metadata

    return {name: metadata.version(name) for name in ("onnxruntime", "onnx", "torch", "transformers")}


def _quiet() -> None:
    """The exporter's deprecation and tracer warnings and the quantizer's logging advice would
    garble the parent's progress bar; what counts is in the file."""
    warnings.simplefilter("ignore")
    logging.getLogger().setLevel(logging.ERROR)
    import onnxruntime
    from transformers.utils import logging as transformers_logging

    # save_pretrained's "Writing model shards" bar; transformers leaves the function unannotated
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    onnxruntime.set_default_logger_severity(3)


def _feeds(torch: Any, shape: Shape, vocab_size: int, padded: bool = False) -> dict[str, Any]:
    generator = torch.Generator().manual_seed(7_000 + shape.batch * 1000 + shape.seq)
    ids = torch.randint(1000, vocab_size, (shape.batch, shape.seq), generator=generator)
    mask = torch.ones_like(ids)
    if padded:
        mask[-1, -16:] = 0
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}


def _export(torch: Any, model: Any, path: Path, vocab_size: int) -> None:
    class Backbone(torch.nn.Module):  # type: ignore[misc]  # torch is passed in as Any (imported in the child)
        """Positional inputs in INPUT_NAMES order, two outputs: what the exporter traces."""

        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> tuple[Any, Any]:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state, out.pooler_output

    model.set_attn_implementation("eager")
    try:
        # A padded example input: with an all-ones mask the tracer would fold the mask away.
        example = _feeds(torch, PADDED, vocab_size, padded=True)
        dynamic = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES}
        with torch.no_grad():
            torch.onnx.export(
                Backbone(model).eval(),
                tuple(example[n] for n in INPUT_NAMES),
                str(path),
                input_names=list(INPUT_NAMES),
                output_names=["last_hidden_state", "pooler_output"],
                dynamic_axes=dynamic,
                do_constant_folding=True,
                **EXPORTER,
            )
    finally:
        model.set_attn_implementation("sdpa")


def _compare(numpy: Any, runtime: str, pairs: list[tuple[Any, Any, Any]]) -> dict[str, float]:
    """The check's figures over the real tokens of every (ours, reference, mask) triple."""
    if runtime == "ort-fp32":
        diff = max(float(numpy.abs(ours - ref)[mask.astype(bool)].max()) for ours, ref, mask in pairs)
        return {"max_abs_diff": diff, "tolerance": FP32_TOLERANCE}
    cosines = []
    for ours, ref, mask in pairs:
        a, b = ours[mask.astype(bool)].astype("float64"), ref[mask.astype(bool)].astype("float64")
        cosines.append((a * b).sum(-1) / (numpy.linalg.norm(a, axis=-1) * numpy.linalg.norm(b, axis=-1)))
    every = numpy.concatenate(cosines)
    return {
        "cosine_mean": float(every.mean()),
        "cosine_min": float(every.min()),
        "threshold": INT8_COSINE_THRESHOLD,
    }


def passed(check: dict[str, float]) -> bool:
    if "max_abs_diff" in check:
        return check["max_abs_diff"] <= check["tolerance"]
    return check["cosine_mean"] >= check["threshold"]


def session(path: str | bytes, threads: int) -> Any:
    """An ONNX Runtime session on a model file (or a serialised model) with the options every
    ONNX Runtime figure is timed with."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Spinning threads would keep a core busy after each run, and in interleaved rounds the next
    # model (PyTorch's, say) would pay for it: the ratio between runtimes would be unfair.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def prepare(
    hf_config: dict[str, Any],
    runtimes: tuple[str, ...],
    shapes: tuple[str, ...],
    folder: str,
    send: Callable[[str], None],
) -> dict[str, Any]:
    """{runtime: {status, file_bytes?, check?, error?, path?}} for one model, torch included
    (its file size). A step that raises fails the runtimes that need it, naming the step."""
    from .worker import _build

    _quiet()
    import numpy
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    work = Path(folder)
    work.mkdir(parents=True, exist_ok=True)
    os.chdir(work)  # names the model this process prepares (/proc/<pid>/cwd), for whoever looks
    torch, model = _build(hf_config)
    send("saving model.safetensors")
    out: dict[str, Any] = {"torch": {"status": "ok", "file_bytes": safetensors_bytes(model)}}
    if not runtimes:
        return out
    vocab = hf_config["vocab_size"]
    inputs = [_feeds(torch, SHAPE_BY_KEY[k], vocab) for k in shapes]
    inputs.append(_feeds(torch, PADDED, vocab, padded=True))
    with torch.inference_mode():
        references = [
            model(input_ids=f["input_ids"], attention_mask=f["attention_mask"]).last_hidden_state.numpy()
            for f in inputs
        ]
    files = {"ort-fp32": work / "model.onnx", "ort-int8": work / "model-int8.onnx"}
    made: dict[str, Any] = {}

    def fail(step: str, exc: BaseException, *which: str) -> None:
        message = " ".join(f"{step}: {type(exc).__name__}: {exc}".split())  # one line
        for runtime in which:
            if runtime in runtimes and runtime not in out:
                out[runtime] = {"status": "failed", "error": message[:480]}

    raw = work / "exported.onnx"
    try:
        send("export to ONNX")
        _export(torch, model, raw, vocab)
        send("optimise for BERT")
        # opt_level=0: the Python fusions only. The default for bert (1) first runs ONNX Runtime's
        # basic passes over a saved copy, which the exporter's constant folding already did: the
        # same fused nodes for BERT-Tiny, and a minute less for BERT-Base on a busy machine; the
        # session applies every ONNX Runtime optimisation when it loads the file anyway.
        optimised = optimize_model(
            str(raw),
            model_type="bert",
            num_heads=hf_config["num_attention_heads"],
            hidden_size=hf_config["hidden_size"],
            opt_level=0,
            use_gpu=False,
        )
        optimised.save_model_to_file(str(files["ort-fp32"]), use_external_data_format=False)
        made["ort-fp32"] = files["ort-fp32"]
    except Exception as exc:
        fail("export and optimisation", exc, "ort-fp32", "ort-int8")
    finally:
        raw.unlink(missing_ok=True)
    if "ort-int8" in runtimes and "ort-fp32" in made:
        try:
            send("quantize to int8")
            quantize_dynamic(
                str(files["ort-fp32"]),
                str(files["ort-int8"]),
                weight_type=QuantType.QInt8,
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
                **QUANTIZATION,
            )
            made["ort-int8"] = files["ort-int8"]
        except Exception as exc:
            fail("int8 quantization", exc, "ort-int8")
    for runtime in runtimes:
        if runtime not in made:
            continue
        try:
            send(f"check {runtime} against PyTorch")
            runner = session(str(made[runtime]), 1)
            outputs = [
                runner.run(["last_hidden_state"], {n: f[n].numpy() for n in INPUT_NAMES})[0] for f in inputs
            ]
            check = _compare(
                numpy,
                runtime,
                [
                    (o, r, f["attention_mask"].numpy())
                    for o, r, f in zip(outputs, references, inputs, strict=True)
                ],
            )
        except Exception as exc:
            fail(f"{runtime} check run", exc, runtime)
            continue
        out[runtime] = {
            "status": "ok" if passed(check) else "check_failed",
            "check": check,
            "file_bytes": os.path.getsize(made[runtime]),
            "path": str(made[runtime]),
        }
    if "ort-fp32" not in runtimes:
        files["ort-fp32"].unlink(missing_ok=True)
    return out
