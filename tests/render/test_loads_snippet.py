"""The claim the "Loading from Hugging Face" section makes for a repository whose config.json has
no model_type: the Auto classes refuse it and the explicit BERT classes load it. Checked on a local
folder, and by running the page's own code in a fresh interpreter against a loopback Hub serving
such a repository (a random-weight model, never a download)."""

from __future__ import annotations

import json
import os
import sys

import pytest

from generator.children import run
from generator.links.model import ConfigCheck, LinkReason, LinkResult, LoadVerdict, Verdict
from generator.links.state.file import save_state
from generator.links.state.history import LinkState, apply_run
from generator.render import render_site
from generator.render.loads import AUTO_CLASSES, load_code

from .hub_server import loopback_hub
from .page_code import code_blocks
from .random_bert import pytorch_files, write_files

COPY = "prajjwal1/bert-tiny"
TINY = "uncased_L-2_H-128_A-2"


@pytest.fixture(scope="module")
def copy_files(real_catalog) -> dict[str, bytes]:
    """The files of a copy made before config.json carried model_type (pytorch_files drops it)."""
    files = pytorch_files(real_catalog.model(TINY).hf_config)
    assert "model_type" not in json.loads(files["config.json"])
    return files


def test_a_local_folder_without_model_type_fails_with_automodel_and_loads_with_bertmodel(copy_files, tmp_path):
    from transformers import AutoModel, BertModel, BertTokenizer

    folder = write_files(tmp_path / "copy", copy_files)
    with pytest.raises(ValueError, match="model_type"):
        AutoModel.from_pretrained(folder)
    model = BertModel.from_pretrained(folder)
    tokenizer = BertTokenizer.from_pretrained(folder)
    outputs = model(**tokenizer("Small models learn fast.", return_tensors="pt"))
    assert tuple(outputs.last_hidden_state.shape) == (1, 7, 128)


def run_against_hub(code: str, hub_url: str, folder) -> tuple[int, str]:
    """The exit status, stdout and stderr (stdout first)."""
    (folder / "snippet.py").write_text(code, encoding="utf-8")
    env = {
        **os.environ,
        "HF_ENDPOINT": hub_url,
        "HF_HOME": str(folder / "hf-home"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
    }
    done = run([sys.executable, "snippet.py"], cwd=folder, env=env, timeout=600)
    return done.returncode, done.stdout + "\n" + done.stderr


@pytest.mark.slow  # two fresh interpreters import torch and transformers
def test_the_page_s_code_for_a_copy_without_model_type_runs_and_the_auto_form_does_not(
    real_catalog, copy_files, tmp_path
):
    state = tmp_path / "state.json"
    check = ConfigCheck(LoadVerdict.NO_MODEL_TYPE, "ValueError: no model_type", "5.25.0")
    result = LinkResult(
        f"https://huggingface.co/{COPY}",
        Verdict.OK,
        LinkReason.from_code("http_200"),
        "ok",
        200,
        "2026-12-07T06:00:00Z",
        loads=check,
    )
    save_state(state, apply_run(LinkState(), [result], now="2026-12-07T06:00:00Z"))
    page = render_site(real_catalog, state).files[f"models/{TINY}.en.md"]
    shown = [b.text for b in code_blocks(page) if f"`{COPY}`" in b.after]
    assert len(shown) == 1 and "BertModel.from_pretrained" in shown[0]
    forward = (
        "print(tuple(model(**tokenizer('Small models learn fast.', return_tensors='pt'))"
        ".last_hidden_state.shape))\n"
    )
    with loopback_hub(COPY, copy_files) as hub:
        code, out = run_against_hub(shown[0] + forward, hub.url, tmp_path)
        assert code == 0, out[-3000:]
        assert out.splitlines()[0] == "(1, 7, 128)"
        assert {"config.json", "pytorch_model.bin", "vocab.txt"} <= hub.fetched()
        # The Auto form fails (AutoTokenizer first, as it asks the config which tokenizer), and
        # AutoModel alone fails for the reason the page gives.
        auto, said = run_against_hub(load_code(COPY, *AUTO_CLASSES), hub.url, tmp_path)
        assert auto != 0 and "Traceback" in said
        model_only = f"from transformers import AutoModel\n\nAutoModel.from_pretrained({COPY!r})\n"
        auto, said = run_against_hub(model_only, hub.url, tmp_path)
        assert auto != 0 and "Should have a `model_type` key in its config.json" in said
