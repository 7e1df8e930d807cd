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

TFHUB_PREPROCESSOR = "https://tfhub.dev/tensorflow/bert_en_uncased_preprocess/3"
"""The text preprocessor published beside the TF2 encoders on TF Hub."""
BERT_REPOSITORY = "https://github.com/google-research/bert"
SAMPLE_SENTENCE = "Small models learn fast."
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


def hub_snippet(model: ModelView, t: Translate) -> Snippet | None:
    hub = next((s for s in model.model.sources if s.kind is SourceKind.HUGGINGFACE), None)
    repo = hub.hub_repo if hub else None
    if not repo:
        return None
    return Snippet("hub", "python", f"""\
# {t("snippet.hub.install")}: pip install torch transformers
from transformers import AutoModel, AutoTokenizer

name = {repo!r}
tokenizer = AutoTokenizer.from_pretrained(name)
model = AutoModel.from_pretrained(name)

inputs = tokenizer({SAMPLE_SENTENCE!r}, return_tensors="pt")
outputs = model(**inputs)
print(outputs.last_hidden_state.shape)  # {t("snippet.shape", hidden=model.model.hidden)}
""")


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
# {t("snippet.hub.install")}: pip install tensorflow tensorflow-hub tensorflow-text
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
