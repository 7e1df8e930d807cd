"""Every `pip install` line the pages show, as data: one place for the pins, read by the
snippets, the About page's conversion recipe and the tests that check the pins agree.

Why each pin (the evidence, and what cannot run here, is in docs/design/snippets.md):
- TF1: 1.15.5 is the last TensorFlow 1 release, with wheels for CPython 3.6 and 3.7 only.
  It declares `protobuf>=3.6.1` with no upper bound, so pip picks protobuf 4.x, and
  `import tensorflow` then fails ("Descriptors cannot not be created directly"); protobuf
  3.20.x is the last series it imports with.
- TF2: TensorFlow 2.16 and later ship Keras 3, while tensorflow_hub's KerasLayer needs Keras 2,
  which tf-keras provides; tf-keras and tensorflow-text each require TensorFlow's own minor.
- Conversion: transformers shipped convert_bert_original_tf_checkpoint_to_pytorch.py up to
  4.47.x; 4.48 removed it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Install:
    """One `pip install` line: PEP 508 requirements, in the order the page prints them."""

    requirements: tuple[str, ...]
    python: str | None = None
    """The newest Python the pinned versions have wheels for, when that is older than today's."""

    @property
    def command(self) -> str:
        """`pip install "a==1" "b<2"`: every requirement quoted, so a shell never reads `<` as a
        redirection."""
        return "pip install " + " ".join(
            f'"{r}"' if any(c in r for c in "<>=*![") else r for r in self.requirements
        )


TF1_VERSION = "1.15.5"
TF1 = Install((f"tensorflow=={TF1_VERSION}", "protobuf<3.21"), python="3.7")
"""google-research/bert's run_classifier.py: TF1-only APIs (tf.contrib, tf.flags)."""
TF2 = Install(("tensorflow==2.21.*", "tf-keras==2.21.*", "tensorflow-text==2.21.*", "tensorflow-hub==0.16.1"))
"""The TF Hub SavedModel with its text preprocessor (tensorflow_text ops), through Keras 2."""
HUB = Install(("torch", "transformers"))
"""The Hugging Face snippets: today's releases."""
KERASHUB = Install(("keras-hub",))
CONVERSION = Install(("transformers<4.48", "torch", "tensorflow"))
"""The About page's TF1 -> PyTorch recipe: the last transformers series with the script."""
CONVERSION_LAST_SERIES = "4.47"
"""Printed on the About page: the newest transformers series that ships the script."""

DECLARED: dict[str, tuple[str, ...]] = {
    "tf-keras==2.21.0": ("tensorflow<2.22,>=2.21",),
    "tensorflow-text==2.21.1": ("tensorflow<2.22,>=2.21.0",),
    "tensorflow-hub==0.16.1": ("numpy>=1.12.0", "protobuf>=3.19.6", "tf-keras>=2.14.1"),
    "tensorflow==1.15.5": ("protobuf>=3.6.1",),
}
"""What each pinned release itself requires (its Requires-Dist), quoted so the tests can hold the
pins to it: the TF2 lines from the wheels' METADATA (read with `pip download --no-deps`,
2026-12-07), TensorFlow 1.15's as pip reads it (rwth-i6/returnn#1209's install log);
docs/design/snippets.md gives the sources.
A pin that a pinned package's own requirement excludes cannot install together with it."""

PROTOBUF_LAST_TF1_SERIES = "3.20"
"""The newest protobuf series TensorFlow 1.15 imports with (4.21 dropped the pure-Python
descriptors it builds); TF1's `protobuf<3.21` must admit it and nothing newer."""
CONVERSION_FIRST_WITHOUT = "4.48.0"
"""The first transformers release without the conversion script (wheel listings)."""
