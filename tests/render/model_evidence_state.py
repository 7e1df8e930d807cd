"""A link-state file for the real catalogue's BERT-Tiny as two runs of the checker leave it (the state
layer writes it): a rejected and an accepted Baidu code, and file evidence from Baidu, Google and the
Hub, one file name hostile. Read by the model-page and link-status-page tests."""

from __future__ import annotations

from generator.links.model import CodeCheck, CodeVerdict, Evidence, FileFact, LinkReason, LinkResult, Verdict
from generator.links.state.file import save_state
from generator.links.state.history import LinkState, apply_run

TINY = "models/uncased_L-2_H-128_A-2"
BAIDU_PT = "https://pan.baidu.com/s/19b1x0yJafaTcLa5qBysjEQ"  # code lnyy
BAIDU_TF = "https://pan.baidu.com/s/1Qx7S_Anx-tUJz5YA0IY2RQ"  # code s5sz
ZIP = "https://storage.googleapis.com/bert_models/2020_02_20/uncased_L-2_H-128_A-2.zip"
HUB = "https://huggingface.co/google/bert_uncased_L-2_H-128_A-2"
MD5 = "0dea89b1cb5560eb7538c602d670c0d5"
SHA = "ab" * 32
HOSTILE = "<img src=x onerror=alert(1)> @octocat [x](javascript:alert(1)) `$(rm -rf ~)`.bin"


def result(url: str, day: int, **extra) -> LinkResult:
    return LinkResult(
        url,
        Verdict.OK,
        LinkReason.from_code("baidu_needs_code" if "baidu" in url else "http_200"),
        "ok",
        200,
        f"2026-11-{day:02d}T06:00:00Z",
        **extra,
    )


def write_evidence_state(path, zip_md5_day2: str = MD5):
    def run(day, zip_md5):
        return [
            result(BAIDU_PT, day, code=CodeCheck(CodeVerdict.REJECTED, -9, "wrong code", code="lnyy")),
            result(
                BAIDU_TF,
                day,
                code=CodeCheck(CodeVerdict.ACCEPTED, 0, "accepted", code="s5sz"),
                evidence=Evidence("baidu", (FileFact("uncased_L-2_H-128_A-2.zip", size=16_000_123),)),
            ),
            result(
                ZIP,
                day,
                evidence=Evidence(
                    "gcs",
                    (FileFact("uncased_L-2_H-128_A-2.zip", size=16_937_472, md5=zip_md5, crc32c="9f6632e4"),),
                ),
            ),
            result(
                HUB,
                day,
                evidence=Evidence(
                    "huggingface",
                    (
                        FileFact("config.json", size=570),
                        FileFact("pytorch_model.bin", size=17_733_185, sha256=SHA),
                        FileFact(HOSTILE, size=1, sha256=SHA),
                    ),
                ),
            ),
        ]

    state = apply_run(LinkState(), run(1, MD5), now="2026-11-01T06:00:00Z")
    state = apply_run(state, run(2, zip_md5_day2), now="2026-11-02T06:00:00Z")
    save_state(path, state)
    return path
