"""Usage snippets for each model page, as plain code strings.

Tested as code, from the rendered pages (tests/render/test_snippets_run.py, test_pins.py): the
Python ones that need no network run against a random-weight model saved in the layout they
expect; `hf download` runs against a loopback Hub and through huggingface_hub's own parser;
`unzip -d` and the checksum lines run on local files; the pip pins (pins.py) are checked
against each other and against what the pinned releases declare. What cannot run here (TF1,
TF2, KerasHub, the conversion script) is in docs/design/snippets.md, with its evidence.

Catalogue values enter code only through quoting (`repr` for Python literals), so a hostile
URL cannot become code that a visitor copies and runs. The shell snippets hold no free text:
only a model id (validated to uncased_L-<n>_H-<n>_A-<n>), file names derived from it and numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..catalog import Catalog, SourceKind
from . import pins
from .context import ModelView
from .loads import AUTO_CLASSES

HF_MIRROR = "https://hf-mirror.com"
"""A community mirror of the Hugging Face Hub, widely used from mainland China. It is reached
through HF_ENDPOINT, which huggingface_hub reads when it is imported
(huggingface_hub/constants.py: ENDPOINT = os.getenv("HF_ENDPOINT", ...)); transformers downloads
through huggingface_hub, so the same variable redirects it."""
HF_ENDPOINT_VAR = "HF_ENDPOINT"
TFHUB_PREPROCESSOR = "https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3"
"""The text preprocessor published beside the TF2 encoders on TF Hub."""
BERT_REPOSITORY = "https://github.com/google-research/bert"
SAMPLE_SENTENCE = "Small models learn fast."
HUB_FILES = ("config.json", "vocab.txt", "pytorch_model.bin")
"""What the 'local' snippet reads from a google/bert_uncased_* repository: `hf download` fetches
these and not the TensorFlow and Flax weights beside them."""
GLUE_TASK = "MRPC"
"""The task the TF1 example fine-tunes: small, and part of the GLUE table."""

Translate = Callable[..., str]


@dataclass(frozen=True)
class Snippet:
    key: str
    """'hub', 'local', 'tf1', 'tf2' or 'kerashub'; the tab title is i18n 'tab.<key>'."""
    language: str
    """Code-fence language: 'python' or 'bash'."""
    code: str
    mirror: str | None = None
    """The same snippet through the Hugging Face mirror (hf_mirror_form), for snippets that
    download from the Hub; None for the others."""


def hf_mirror_form(code: str, language: str) -> str:
    """`code` with its Hub downloads sent to HF_MIRROR, derived from the snippet itself so the
    two forms never drift apart.

    Shell: the variable prefixes each `hf` command. Python: it is set before the first import,
    because huggingface_hub reads it once, on import.
    """
    if language == "bash":
        return (
            "\n".join(
                f"{HF_ENDPOINT_VAR}={HF_MIRROR} {line}" if line.startswith("hf ") else line
                for line in code.splitlines()
            )
            + "\n"
        )
    lines = code.splitlines()
    first_import = next(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
    setting = [
        "import os",
        "",
        f"os.environ[{HF_ENDPOINT_VAR!r}] = {HF_MIRROR!r}  # before importing transformers",
        "",
    ]
    return "\n".join([*lines[:first_import], *setting, *lines[first_import:]]) + "\n"


def rate(value: float) -> str:
    """A learning rate as the README prints it: 3e-4, not 0.0003 (`:g` switches notation at 1e-4)."""
    mantissa, exponent = f"{value:e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"


def hf_download_command(model: ModelView) -> Snippet | None:
    """One line that downloads the files the 'local' snippet reads (HUB_FILES) from the official
    PyTorch repository into a folder named after the model, the folder that snippet loads."""
    repo = model.hub_repo
    if not repo:
        return None
    code = f"hf download {repo} {' '.join(HUB_FILES)} --local-dir {model.id}\n"
    return Snippet("download", "bash", code, hf_mirror_form(code, "bash"))


def hub_snippet(model: ModelView, t: Translate) -> Snippet | None:
    repo = model.hub_repo
    if not repo:
        return None
    # The classes that load this repository, as the link check found (loads.py): the Auto
    # classes, unless its config.json lacks model_type.
    official = next((h for h in model.hub_loads if h.kind is SourceKind.HUGGINGFACE), None)
    model_class, tokenizer_class = official.classes if official and official.classes else AUTO_CLASSES
    code = f"""\
# {t("snippet.hub.install")}: {pins.HUB.command}
from transformers import {model_class}, {tokenizer_class}

name = {repo!r}
tokenizer = {tokenizer_class}.from_pretrained(name)
model = {model_class}.from_pretrained(name)

inputs = tokenizer({SAMPLE_SENTENCE!r}, return_tensors="pt")
outputs = model(**inputs)
print(outputs.last_hidden_state.shape)  # {t("snippet.shape", hidden=model.model.hidden)}
"""
    return Snippet("hub", "python", code, hf_mirror_form(code, "python"))


def local_snippet(model: ModelView, t: Translate) -> Snippet | None:
    if not model.links_of(SourceKind.BAIDU_PYTORCH):
        return None
    return Snippet(
        "local",
        "python",
        f"""\
# {t("snippet.local.folder")}
# {t("snippet.local.files")}
from transformers import BertModel, BertTokenizer

folder = {model.id!r}
tokenizer = BertTokenizer.from_pretrained(folder)  # {t("snippet.local.uncased")}
model = BertModel.from_pretrained(folder)  # {t("snippet.local.heads")}

inputs = tokenizer({SAMPLE_SENTENCE!r}, return_tensors="pt")
outputs = model(**inputs)
print(outputs.last_hidden_state.shape)  # {t("snippet.shape", hidden=model.model.hidden)}
""",
    )


def tf1_snippet(model: ModelView, catalog: Catalog, t: Translate) -> Snippet | None:
    if not model.links_of(SourceKind.GOOGLE_ZIP, SourceKind.BAIDU_TENSORFLOW):
        return None
    grid = catalog.fine_tuning
    batch = 32 if 32 in grid.batch_sizes else grid.batch_sizes[0]
    chosen = 5e-5 if 5e-5 in grid.learning_rates else grid.learning_rates[0]
    # No quoting needed: a loaded catalogue's ids are exactly uncased_L-<n>_H-<n>_A-<n> (the
    # schema's pattern, and the semantic check that the id matches layers/hidden/heads).
    return Snippet(
        "tf1",
        "bash",
        f"""\
# {t("snippet_notes.tf1_python", python=pins.TF1.python)}
# {pins.TF1.command}
# {t("snippet.tf1.unpack")}
unzip {model.id}.zip -d {model.id}
export BERT_DIR="$PWD/{model.id}"
# {t("snippet.tf1.glue")}
export GLUE_DIR="$PWD/glue_data"
git clone {BERT_REPOSITORY}
cd bert
# {
            t(
                "snippet.tf1.grid",
                epochs=grid.epochs,
                batches=", ".join(map(str, grid.batch_sizes)),
                rates=", ".join(map(rate, grid.learning_rates)),
            )
        }
python run_classifier.py \\
  --task_name={GLUE_TASK} \\
  --do_train=true \\
  --do_eval=true \\
  --data_dir="$GLUE_DIR/{GLUE_TASK}" \\
  --vocab_file="$BERT_DIR/vocab.txt" \\
  --bert_config_file="$BERT_DIR/bert_config.json" \\
  --init_checkpoint="$BERT_DIR/bert_model.ckpt" \\
  --max_seq_length=128 \\
  --train_batch_size={batch} \\
  --learning_rate={rate(chosen)} \\
  --num_train_epochs={grid.epochs}.0 \\
  --output_dir=/tmp/{GLUE_TASK.lower()}_output/
""",
    )


def tf2_snippet(model: ModelView, t: Translate) -> Snippet | None:
    hub = next((link for link in model.links_of(SourceKind.TFHUB)), None)
    if hub is None:
        return None
    return Snippet(
        "tf2",
        "python",
        f"""\
# {t("snippet.hub.install")}: {pins.TF2.command}
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"  # {t("snippet_notes.tf2_keras")}

import tensorflow as tf
import tensorflow_hub as hub
import tensorflow_text  # noqa: F401  {t("snippet.tf2.text")}

preprocess = hub.KerasLayer({TFHUB_PREPROCESSOR!r})
encoder = hub.KerasLayer({hub.url!r}, trainable=True)

outputs = encoder(preprocess(tf.constant([{SAMPLE_SENTENCE!r}])))
print(outputs["pooled_output"].shape)  # (1, {model.model.hidden})
""",
    )


def kerashub_snippet(model: ModelView, t: Translate) -> Snippet | None:
    preset, kerashub = model.model.kerashub_preset, model.model.kerashub
    if not preset or kerashub is None:
        return None
    # A preset of the same shape converted from another checkpoint says so where it is used.
    caveat = (
        ""
        if model.model.kerashub_same_weights
        else f"# {t('snippet.kerashub.other_weights', source=kerashub.converted_from)}\n"
    )
    return Snippet(
        "kerashub",
        "python",
        f"""\
# {t("snippet.hub.install")}: {pins.KERASHUB.command}
{caveat}import keras_hub

classifier = keras_hub.models.BertTextClassifier.from_preset({preset!r}, num_classes=2)
print(classifier.predict([{SAMPLE_SENTENCE!r}]))  # {t("snippet.kerashub.untrained")}
""",
    )


def model_snippets(model: ModelView, catalog: Catalog, t: Translate) -> tuple[Snippet, ...]:
    """The snippets that apply to `model`, in tab order."""
    found = (
        hub_snippet(model, t),
        local_snippet(model, t),
        tf1_snippet(model, catalog, t),
        tf2_snippet(model, t),
        kerashub_snippet(model, t),
    )
    return tuple(s for s in found if s is not None)
