"""Usage snippets for each model page, as plain code strings (tested: they compile, one runs).

Catalogue values enter code only through quoting (`repr` for Python literals), so a hostile
URL cannot become code that a visitor copies and runs. The shell snippet holds no free text:
only a model id (validated to uncased_L-<n>_H-<n>_A-<n>) and numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..catalog import Catalog, SourceKind
from .context import ModelView

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
TF1_VERSION = "1.15.5"
"""The last TensorFlow 1 release: google-research/bert's scripts use TF1-only APIs (tf.contrib,
tf.flags), and TF 1.15 has wheels for Python 3.5 to 3.7 only."""
TF2_PINS = ('"tensorflow==2.21.*" "tf-keras==2.21.*" "tensorflow-text==2.21.*" "tensorflow-hub==0.16.1"')
"""Versions that work together: TensorFlow 2.16 and later ship Keras 3, while tensorflow_hub's
KerasLayer needs Keras 2, which the tf-keras package provides (its version follows TensorFlow's),
and tensorflow-text must match TensorFlow's minor version."""
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
        return "\n".join(f"{HF_ENDPOINT_VAR}={HF_MIRROR} {line}" if line.startswith("hf ") else line
                         for line in code.splitlines()) + "\n"
    lines = code.splitlines()
    first_import = next(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
    setting = ["import os", "",
               f"os.environ[{HF_ENDPOINT_VAR!r}] = {HF_MIRROR!r}  # before importing transformers", ""]
    return "\n".join([*lines[:first_import], *setting, *lines[first_import:]]) + "\n"


def hf_download_command(model: ModelView) -> Snippet | None:
    """One line that downloads the official PyTorch repository into a folder named after the
    model (the folder the 'local' snippet loads from)."""
    repo = model.hub_repo
    if not repo:
        return None
    code = f"hf download {repo} --local-dir {model.id}\n"
    return Snippet("download", "bash", code, hf_mirror_form(code, "bash"))


def hub_snippet(model: ModelView, t: Translate) -> Snippet | None:
    repo = model.hub_repo
    if not repo:
        return None
    code = f"""\
# {t("snippet.hub.install")}: pip install torch transformers
from transformers import AutoModel, AutoTokenizer

name = {repo!r}
tokenizer = AutoTokenizer.from_pretrained(name)
model = AutoModel.from_pretrained(name)

inputs = tokenizer({SAMPLE_SENTENCE!r}, return_tensors="pt")
outputs = model(**inputs)
print(outputs.last_hidden_state.shape)  # {t("snippet.shape", hidden=model.model.hidden)}
"""
    return Snippet("hub", "python", code, hf_mirror_form(code, "python"))


def local_snippet(model: ModelView, t: Translate) -> Snippet | None:
    if not model.links_of(SourceKind.BAIDU_PYTORCH):
        return None
    return Snippet("local", "python", f"""\
# {t("snippet.local.folder")}
# {t("snippet.local.files")}
from transformers import BertModel, BertTokenizer

folder = {model.id!r}
tokenizer = BertTokenizer.from_pretrained(folder)  # {t("snippet.local.uncased")}
model = BertModel.from_pretrained(folder)  # {t("snippet.local.heads")}

inputs = tokenizer({SAMPLE_SENTENCE!r}, return_tensors="pt")
outputs = model(**inputs)
print(outputs.last_hidden_state.shape)  # {t("snippet.shape", hidden=model.model.hidden)}
""")


def tf1_snippet(model: ModelView, catalog: Catalog, t: Translate) -> Snippet | None:
    if not model.links_of(SourceKind.GOOGLE_ZIP, SourceKind.BAIDU_TENSORFLOW):
        return None
    grid = catalog.fine_tuning
    batch = 32 if 32 in grid.batch_sizes else grid.batch_sizes[0]
    rate = 5e-5 if 5e-5 in grid.learning_rates else grid.learning_rates[0]
    # No quoting needed: a loaded catalogue's ids are exactly uncased_L-<n>_H-<n>_A-<n> (the
    # schema's pattern, and the semantic check that the id matches layers/hidden/heads).
    return Snippet("tf1", "bash", f"""\
# {t("snippet_notes.tf1_python")}
# pip install "tensorflow=={TF1_VERSION}"
# {t("snippet.tf1.unpack")}
export BERT_DIR="$PWD/{model.id}"
# {t("snippet.tf1.glue")}
export GLUE_DIR="$PWD/glue_data"
git clone {BERT_REPOSITORY}
cd bert
# {t("snippet.tf1.grid", epochs=grid.epochs, batches=", ".join(map(str, grid.batch_sizes)),
                        rates=", ".join(f"{r:g}" for r in grid.learning_rates))}
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
  --learning_rate={rate:g} \\
  --num_train_epochs={grid.epochs}.0 \\
  --output_dir=/tmp/{GLUE_TASK.lower()}_output/
""")


def tf2_snippet(model: ModelView, t: Translate) -> Snippet | None:
    hub = next((link for link in model.links_of(SourceKind.TFHUB)), None)
    if hub is None:
        return None
    return Snippet("tf2", "python", f"""\
# {t("snippet.hub.install")}: pip install {TF2_PINS}
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"  # {t("snippet_notes.tf2_keras")}

import tensorflow as tf
import tensorflow_hub as hub
import tensorflow_text  # noqa: F401  {t("snippet.tf2.text")}

preprocess = hub.KerasLayer({TFHUB_PREPROCESSOR!r})
encoder = hub.KerasLayer({hub.url!r}, trainable=True)

outputs = encoder(preprocess(tf.constant([{SAMPLE_SENTENCE!r}])))
print(outputs["pooled_output"].shape)  # (1, {model.model.hidden})
""")


def kerashub_snippet(model: ModelView, t: Translate) -> Snippet | None:
    preset, kerashub = model.model.kerashub_preset, model.model.kerashub
    if not preset or kerashub is None:
        return None
    # A preset of the same shape converted from another checkpoint says so where it is used.
    caveat = ("" if model.model.kerashub_same_weights else
              f"# {t('snippet.kerashub.other_weights', source=kerashub.converted_from)}\n")
    return Snippet("kerashub", "python", f"""\
# {t("snippet.hub.install")}: pip install keras-hub
{caveat}import keras_hub

classifier = keras_hub.models.BertTextClassifier.from_preset({preset!r}, num_classes=2)
print(classifier.predict([{SAMPLE_SENTENCE!r}]))  # {t("snippet.kerashub.untrained")}
""")


def model_snippets(model: ModelView, catalog: Catalog, t: Translate) -> tuple[Snippet, ...]:
    """The snippets that apply to `model`, in tab order."""
    found = (hub_snippet(model, t), local_snippet(model, t), tf1_snippet(model, catalog, t),
             tf2_snippet(model, t), kerashub_snippet(model, t))
    return tuple(s for s in found if s is not None)
