"""The commands and code the pages show, taken from the rendered pages and run: the local-folder
snippet on a random-weight model saved as the download unpacks, `hf download` against a loopback
Hub and through huggingface_hub's own argument parser, `unzip -d` on a zip laid out like
Google's 2020 ones, and the checksum lines on local files. What cannot run here (TF1, TF2,
KerasHub, the conversion script) is listed, with why, in docs/design/snippets.md."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import sys
from pathlib import Path

import click
import pytest

from generator.children import run
from generator.links.model import Evidence, FileFact, LinkReason, LinkResult, Verdict
from generator.links.state.file import save_state
from generator.links.state.history import LinkState, apply_run
from generator.render import render_site
from generator.render.i18n import LANGUAGES, Translator
from generator.render.snippets import HF_MIRROR, HUB_FILES

from .hub_server import loopback_hub
from .page_code import CodeBlock, code_blocks, only
from .random_bert import official_zip, pytorch_files, write_files

TINY = "uncased_L-2_H-128_A-2"
HF = Path(sys.executable).with_name("hf")
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}


def page(pages: dict[str, str], model_id: str, lang: str) -> str:
    return pages[f"models/{model_id}.{lang}.md"]


def tab_block(text: str, lang: str, key: str) -> CodeBlock:
    """The first code block in the content tab `key` ('local', 'tf1' ...) of a page."""
    title = Translator.load(lang).plain(f"tab.{key}")
    return next(block for block in code_blocks(text) if block.tab == title)


def hf_download_lines(text: str) -> list[str]:
    return [
        line
        for block in code_blocks(text)
        if block.language == "bash"
        for line in block.text.splitlines()
        if re.match(r"^(HF_ENDPOINT=\S+ )?hf download ", line)
    ]


def run_python(code: str, folder: Path, env_extra: dict[str, str]) -> str:
    (folder / "snippet.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "HF_HOME": str(folder / "hf-home"), **env_extra}
    done = run([sys.executable, "snippet.py"], cwd=folder, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def tiny_files(real_catalog) -> dict[str, bytes]:
    return pytorch_files(real_catalog.model(TINY).hf_config)


@pytest.mark.slow  # a fresh interpreter imports torch and transformers and runs a model
@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_the_local_folder_snippet_the_page_shows_runs_on_an_unpacked_download(
    real_pages, tiny_files, tmp_path, lang
):
    """The rendered page's text, offline, in a fresh interpreter, beside the folder the Baidu
    PyTorch download unpacks to: it loads the saved weights (not fresh random ones) and prints
    the shape its comment promises."""
    snippet = tab_block(page(real_pages, TINY, lang), lang, "local")
    write_files(tmp_path / TINY, tiny_files)
    check = (
        "import torch\n"
        f"saved = torch.load({TINY + '/pytorch_model.bin'!r}, weights_only=True)\n"
        "assert torch.equal(model.embeddings.word_embeddings.weight,"
        " saved['bert.embeddings.word_embeddings.weight'])\n"
    )
    out = run_python(snippet.text + check, tmp_path, OFFLINE)
    # The comment promises (1, <tokens>, H); the sample sentence is [CLS] 5 tokens [SEP].
    promised = re.search(r"print\(outputs\.last_hidden_state\.shape\)  # .*\(1, [^,()]+, (\d+)\)", snippet.text)
    assert promised and promised.group(1) == "128", snippet.text
    assert out.strip() == "torch.Size([1, 7, 128])"


@pytest.mark.slow  # the real hf, then the local snippet in a fresh interpreter
def test_hf_download_as_shown_fetches_only_what_the_local_snippet_reads_and_that_snippet_runs(
    real_pages, tiny_files, tmp_path
):
    """The page's `hf download` line, run by the real `hf` program against a loopback Hub whose
    repository also holds TensorFlow and Flax weights: only the files the local snippet reads
    arrive, in the folder that snippet loads, and the snippet then runs on them."""
    line = next(line for line in hf_download_lines(page(real_pages, TINY, "en")) if line.startswith("hf "))
    repo = shlex.split(line)[2]
    files = {
        **tiny_files,
        "tf_model.h5": b"tf weights",
        "flax_model.msgpack": b"flax weights",
        "model.safetensors": b"not read by the snippet",
    }
    with loopback_hub(repo, files) as hub:
        env = {
            **os.environ,
            "HF_ENDPOINT": hub.url,
            "HF_HOME": str(tmp_path / "hf-home"),
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "NO_COLOR": "1",
        }
        done = run(
            ["bash", "-c", line.replace("hf download", shlex.quote(str(HF)) + " download", 1)],
            cwd=tmp_path,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        assert hub.fetched() == set(HUB_FILES)
    arrived = sorted(p.name for p in (tmp_path / TINY).iterdir() if not p.name.startswith("."))
    assert arrived == sorted(HUB_FILES)
    local = tab_block(page(real_pages, TINY, "en"), "en", "local")
    assert run_python(local.text, tmp_path, OFFLINE).strip() == "torch.Size([1, 7, 128])"


def parse_hf(argv: list[str]) -> dict:
    """`hf …` arguments as huggingface_hub's own command line parses them (click, under typer):
    raises click.UsageError for a flag or an argument it does not accept."""
    from huggingface_hub.cli.hf import app

    assert argv[0] == "hf"
    root = click.Context(app, info_name="hf")
    name, command, rest = app.resolve_command(root, argv[1:])  # as `hf` itself resolves it
    assert name == argv[1] and command is not None
    return command.make_context(name, rest, parent=root).params


def test_every_hf_download_line_on_every_page_is_accepted_by_huggingface_hub_s_parser(real_pages, real_catalog):
    """Both forms (plain and through the mirror), every model, both languages: the real parser
    reads the repository, exactly the files the local snippet reads, and the folder it loads."""
    seen = 0
    for model in real_catalog.models:
        for lang in LANGUAGES:
            for line in hf_download_lines(page(real_pages, model.id, lang.code)):
                words = shlex.split(line)
                if words[0].startswith("HF_ENDPOINT="):
                    assert words.pop(0) == f"HF_ENDPOINT={HF_MIRROR}"
                params = parse_hf(words)
                assert params["repo_id"] == f"google/bert_{model.id}"
                assert params["filenames"] == HUB_FILES and not params["include"]
                assert params["local_dir"] == model.id
                seen += 1
    assert seen == 2 * 2 * len(real_catalog.models)  # plain and mirror, zh and en


def test_the_parser_check_refuses_what_hf_refuses():
    """The check above can fail: a misspelt flag is refused, and the `--include a b` form (what
    the old huggingface-cli took) reads b as a file name under today's `hf`."""
    with pytest.raises(click.UsageError, match="--includes"):
        parse_hf(["hf", "download", "google/x", "--includes", "*.json"])
    params = parse_hf(["hf", "download", "google/x", "--include", "*.json", "*.txt"])
    assert params["filenames"] == ("*.txt",) and params["include"] == ("*.json",)


def bert_dir_paths(code: str, variable: str = "BERT_DIR") -> list[str]:
    return re.findall(rf'"\${variable}/([^"]+)"', code)


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_the_tf1_unzip_line_makes_the_folder_every_path_of_the_snippet_names(real_pages, tmp_path, lang):
    """The 2020 zips hold their files at the archive root: the snippet's own `unzip … -d` and
    `export BERT_DIR=` lines, run on such a zip, give every "$BERT_DIR/…" path it passes on
    (a checkpoint prefix is its .index file)."""
    tf1 = tab_block(page(real_pages, TINY, lang), lang, "tf1")
    setup = [line for line in tf1.text.splitlines() if line.startswith(("unzip ", "export BERT_DIR="))]
    assert len(setup) == 2, tf1.text
    official_zip(tmp_path / f"{TINY}.zip")
    paths = bert_dir_paths(tf1.text)
    assert {"vocab.txt", "bert_config.json", "bert_model.ckpt"} <= set(paths)
    checks = [f'test -f "$BERT_DIR/{p}{".index" if p.endswith(".ckpt") else ""}"' for p in paths]
    done = run(["bash", "-euc", "\n".join([*setup, *checks])], cwd=tmp_path, env=dict(os.environ), timeout=60)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "bert_config.json").exists()  # nothing scattered into the current folder


def test_the_conversion_recipe_unzips_into_the_folder_its_flags_name(real_pages, tmp_path):
    """The About page's TF1 -> PyTorch recipe: its unzip line, then every file its flags name."""
    for lang in LANGUAGES:
        (recipe,) = only(code_blocks(real_pages[f"about.{lang.code}.md"]), contains="unzip ")
        (unzip,) = [line for line in recipe.text.splitlines() if line.startswith("unzip ")]
        folder = tmp_path / lang.code
        folder.mkdir()
        official_zip(folder / shlex.split(unzip)[1])
        named = re.findall(r"--(?:tf_checkpoint_path|bert_config_file)[= ](\S+)", recipe.text)
        assert len(named) == 2, recipe.text
        checks = [f"test -f {p}.index" if p.endswith(".ckpt") else f"test -f {p}" for p in named]
        done = run(["bash", "-euc", "\n".join([unzip, *checks])], cwd=folder, env=dict(os.environ), timeout=60)
        assert done.returncode == 0, (recipe.text, done.stderr)


def test_the_checksum_lines_print_ok_for_the_recorded_files_and_fail_for_any_other(real_catalog, tmp_path):
    """Evidence recorded from local files (what GCS and the Hub report), the page rendered from
    it, and its verify block run beside those files: every line prints OK; one byte changed and
    the block fails."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    official_zip(folder / f"{TINY}.zip")
    (folder / "pytorch_model.bin").write_bytes(b"weights")
    zip_bytes, bin_bytes = (folder / f"{TINY}.zip").read_bytes(), (folder / "pytorch_model.bin").read_bytes()
    zip_fact = FileFact(f"{TINY}.zip", size=len(zip_bytes), md5=hashlib.md5(zip_bytes).hexdigest())
    bin_fact = FileFact("pytorch_model.bin", size=len(bin_bytes), sha256=hashlib.sha256(bin_bytes).hexdigest())
    at = "2026-11-02T06:00:00Z"
    results = [
        LinkResult(
            f"https://storage.googleapis.com/bert_models/2020_02_20/{TINY}.zip",
            Verdict.OK,
            LinkReason.from_code("http_200"),
            "ok",
            200,
            at,
            evidence=Evidence("gcs", (zip_fact,)),
        ),
        LinkResult(
            f"https://huggingface.co/google/bert_{TINY}",
            Verdict.OK,
            LinkReason.from_code("http_200"),
            "ok",
            200,
            at,
            evidence=Evidence("huggingface", (bin_fact,)),
        ),
    ]
    state = tmp_path / "state.json"
    save_state(state, apply_run(LinkState(), results, now=at))
    pages = render_site(real_catalog, state).files
    for lang in LANGUAGES:
        (verify,) = only(code_blocks(page(pages, TINY, lang.code)), contains="sum -c -")
        assert verify.text.count("sum -c -") == 2
        done = run(
            ["bash", "-euo", "pipefail", "-c", verify.text], cwd=folder, env=dict(os.environ), timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [f"{TINY}.zip: OK", "pytorch_model.bin: OK"]
    (folder / "pytorch_model.bin").write_bytes(b"weightz")
    done = run(["bash", "-euo", "pipefail", "-c", verify.text], cwd=folder, env=dict(os.environ), timeout=60)
    assert done.returncode != 0 and "pytorch_model.bin: FAILED" in done.stdout
