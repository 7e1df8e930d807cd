"""A Hugging Face repository's config.json, read through the loopback proxy and judged by the
installed transformers (evidence/loads.py): the five answers a Hub can give, and what each
becomes. Real transformers, no weights, no internet."""

from __future__ import annotations

import pytest

from generator.links.evidence import loads
from generator.links.model import LoadVerdict, Verdict
from tests.links.answers import BERT, HUB, TRANSFORMERS_VERSION, json_reply
from tests.links.loopback import Reply, html, probe

PAGE = "/google/bert_uncased_L-2_H-128_A-2"
CONFIG = f"{PAGE}/resolve/main/config.json"


def check(proxy, config: Reply):
    proxy.route(PAGE, html("<title>model card</title>"))
    proxy.route(CONFIG, config)
    result = probe(HUB)
    assert result.verdict is Verdict.OK  # whatever config.json says, the link itself works
    assert proxy.count(CONFIG, "GET") == 1 and proxy.count(CONFIG) == 1
    assert next(s for s in proxy.seen if s.path == CONFIG).host == "huggingface.co"
    return result.loads


def test_a_config_with_model_type_loads_with_the_installed_transformers(proxy):
    found = check(proxy, json_reply({**BERT, "model_type": "bert"}))
    assert found.verdict is LoadVerdict.LOADS
    assert (found.config_class, found.transformers) == ("BertConfig", TRANSFORMERS_VERSION)


def test_a_config_without_model_type_does_not_load_and_the_message_names_the_repository(proxy):
    found = check(proxy, json_reply(BERT))
    assert found.verdict is LoadVerdict.NO_MODEL_TYPE and found.transformers == TRANSFORMERS_VERSION
    assert "model_type" in found.detail and "google/bert_uncased_L-2_H-128_A-2" in found.detail
    assert "lb-config-" not in found.detail  # the temporary folder is not news


def test_invalid_json_does_not_load(proxy):
    found = check(proxy, Reply(200, b'{"model_type": "bert",', {"Content-Type": "application/json"}))
    assert found.verdict is LoadVerdict.FAILS and "not a JSON object" in found.detail


def test_an_oversized_answer_is_read_to_the_cap_only_and_not_judged(proxy):
    chunk = b" " * 65536

    def endless():
        yield b'{"model_type": "bert", "pad": "'
        for _ in range(64):  # 4 MiB, of which the checker reads 64 KiB and one byte
            yield chunk

    found = check(proxy, Reply(200, endless, {"Content-Type": "application/json"}, length=31 + 64 * 65536))
    assert found.verdict is LoadVerdict.UNSURE and "65,536 bytes" in found.detail
    assert found.transformers is None
    assert proxy.bytes_sent[CONFIG] < 4 * 1024 * 1024


def test_no_config_json_does_not_load(proxy):
    found = check(proxy, Reply(404, b"Entry not found", {"Content-Type": "text/plain"}))
    assert found.verdict is LoadVerdict.FAILS and "HTTP 404" in found.detail


@pytest.mark.parametrize(
    "reply", [Reply(503, b"busy"), Reply(429, b"slow down"), Reply(reset=True)], ids=["503", "429", "reset"]
)
def test_no_usable_answer_decides_nothing(proxy, reply):
    found = check(proxy, reply)
    assert found.verdict is LoadVerdict.UNSURE and not found.decided


def test_a_model_type_transformers_does_not_know_fails_with_its_own_words():
    found = loads.judge_config({**BERT, "model_type": "not-a-real-architecture"}, repo="someone/copy")
    assert found.verdict is LoadVerdict.FAILS and "does not recognize this architecture" in found.detail


def test_remote_code_is_refused_not_run_and_nobody_is_prompted():
    config = {**BERT, "auto_map": {"AutoConfig": "someone/copy--configuration.EvilConfig"}}
    found = loads.judge_config(config, repo="someone/copy")
    assert found.verdict is LoadVerdict.FAILS and "trust_remote_code" in found.detail
    assert found.transformers == TRANSFORMERS_VERSION


def test_the_config_url_is_on_the_pages_host_and_only_for_repository_pages():
    assert (
        loads.config_url("https://hf-mirror.com/prajjwal1/bert-tiny")
        == "https://hf-mirror.com/prajjwal1/bert-tiny/resolve/main/config.json"
    )
    assert loads.config_url("https://huggingface.co/datasets/glue") is None
    assert loads.config_url("https://huggingface.co/google") is None


def test_the_link_checker_imports_transformers_only_when_a_config_reaches_it():
    import subprocess
    import sys

    code = (
        "import sys, generator.links.checking.fetch, generator.links.run, generator.links.evidence.loads;"
        "print('transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
