"""Usage snippets as functions: every Python snippet compiles, every shell one parses (the page's
texts are run in test_snippets_run.py)."""

from __future__ import annotations

import subprocess

import pytest

from generator.params import gather_counts
from generator.render.context import site_data
from generator.render.i18n import LANGUAGES, Translator
from generator.render.linkstatus import read_state
from generator.render.snippets import model_snippets

from .conftest import NO_STATE


@pytest.fixture(scope="module")
def site(real_catalog, params_cache):
    counts = gather_counts(real_catalog, cache_path=params_cache / "params.json")
    return site_data(real_catalog, counts, read_state(NO_STATE))


def test_every_python_snippet_compiles_and_every_shell_snippet_parses(site, tmp_path):
    seen = set()
    for lang in LANGUAGES:
        t = Translator.load(lang.code).plain
        for model in site.models:
            for snippet in model_snippets(model, site.catalog, t):
                seen.add(snippet.key)
                if snippet.language == "python":
                    compile(snippet.code, f"{model.id}-{snippet.key}-{lang.code}", "exec")
                else:
                    script = tmp_path / "snippet.sh"
                    script.write_text(snippet.code, encoding="utf-8")
                    subprocess.run(["bash", "-n", str(script)], check=True, timeout=60)
    assert seen == {"hub", "local", "tf1", "tf2", "kerashub"}


def test_tf1_snippet_uses_the_google_research_bert_flags(site):
    snippets = model_snippets(site.models[0], site.catalog, Translator.load("en").plain)
    tf1 = next(s for s in snippets if s.key == "tf1")
    for flag in (
        '--vocab_file="$BERT_DIR/vocab.txt"',
        '--bert_config_file="$BERT_DIR/bert_config.json"',
        '--init_checkpoint="$BERT_DIR/bert_model.ckpt"',
        "--num_train_epochs=4.0",
    ):
        assert flag in tf1.code
    assert f'export BERT_DIR="$PWD/{site.models[0].id}"' in tf1.code


def test_the_hugging_face_mirror_form_is_derived_from_each_hub_snippet(site):
    from generator.render.snippets import HF_MIRROR, hf_download_command

    model = site.models[0]
    download = hf_download_command(model)
    assert download.code == (
        f"hf download google/bert_{model.id} config.json vocab.txt pytorch_model.bin --local-dir {model.id}\n"
    )
    assert download.mirror == f"HF_ENDPOINT={HF_MIRROR} {download.code}"
    hub = next(s for s in model_snippets(model, site.catalog, Translator.load("en").plain) if s.key == "hub")
    compile(hub.mirror, "hub-mirror", "exec")
    lines = hub.mirror.splitlines()
    # huggingface_hub reads HF_ENDPOINT once, on import: the setting precedes every import.
    setting = lines.index(f"os.environ['HF_ENDPOINT'] = {HF_MIRROR!r}  # before importing transformers")
    assert setting < next(i for i, line in enumerate(lines) if line.startswith("from transformers"))
    assert [line for line in lines if line not in ("import os", "") and "HF_ENDPOINT" not in line] == [
        line for line in hub.code.splitlines() if line
    ]


def test_tf_snippets_name_the_versions_today_s_libraries_need(site):
    snippets = {s.key: s for s in model_snippets(site.models[0], site.catalog, Translator.load("en").plain)}
    assert 'pip install "tensorflow==1.15.5" "protobuf<3.21"' in snippets["tf1"].code
    assert "Python 3.7" in snippets["tf1"].code
    tf2 = snippets["tf2"].code
    assert '"tf-keras==2.21.*"' in tf2 and '"tensorflow==2.21.*"' in tf2 and '"tensorflow-text==2.21.*"' in tf2
    assert tf2.index('os.environ["TF_USE_LEGACY_KERAS"] = "1"') < tf2.index("import tensorflow as tf")
