"""check-links as a user runs it on Hugging Face repositories: each config.json judged by the
installed transformers, in the JSON and markdown reports and the state file, over two runs."""

from __future__ import annotations

import json

import transformers

from tests.links.commands import FAST, write_urls
from tests.links.evidence.test_loads import BERT, json_reply
from tests.links.loopback import Reply, html
from tests.running import proxy_env, run_generator

OFFICIAL = "http://huggingface.co/google/bert_uncased_L-2_H-128_A-2"
COPY = "http://huggingface.co/prajjwal1/bert-tiny"


def serve(proxy, copy_config: Reply) -> None:
    for url in (OFFICIAL, COPY):
        proxy.route(url.removeprefix("http://huggingface.co"), html("<title>model card</title>"))
    proxy.route("/google/bert_uncased_L-2_H-128_A-2/resolve/main/config.json",
                json_reply({**BERT, "model_type": "bert"}))
    proxy.route("/prajjwal1/bert-tiny/resolve/main/config.json", copy_config)


def run(proxy, tmp_path, *args: str):
    urls = write_urls(tmp_path, OFFICIAL, COPY)
    # HF_ENDPOINT sends anything huggingface_hub might fetch to the loopback proxy too, where the
    # test would see it: transformers must judge the config offline.
    env = {**proxy_env(proxy.base), "HF_ENDPOINT": "http://huggingface.co"}
    return run_generator("check-links", *FAST, "--urls", str(urls), "--state", str(tmp_path / "state.json"),
                         *args, env=env, timeout=300)


def test_reports_and_state_say_which_repository_loads_and_with_which_transformers(proxy, tmp_path):
    serve(proxy, json_reply(BERT))
    first = run(proxy, tmp_path, "--format", "json")
    assert first.returncode == 0, first.stderr
    records = {r["url"]: r for r in json.loads(first.stdout)["links"]}
    version = transformers.__version__
    assert records[OFFICIAL]["loads"] == {"verdict": "loads", "detail": "AutoConfig builds BertConfig",
                                          "transformers": version, "config_class": "BertConfig"}
    assert records[COPY]["loads"]["verdict"] == "no_model_type"
    assert records[COPY]["loads_history"]["verdict"] == "no_model_type"
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["links"]
    assert saved[COPY]["loads"]["transformers"] == version
    config_paths = {s.path for s in proxy.seen if s.path.endswith("config.json")}
    assert config_paths == {"/google/bert_uncased_L-2_H-128_A-2/resolve/main/config.json",
                            "/prajjwal1/bert-tiny/resolve/main/config.json"}
    assert len([s for s in proxy.seen if "resolve" in s.path]) == 2  # transformers itself fetched nothing

    serve(proxy, Reply(503, b"busy"))  # the next run cannot read it: the page keeps last week's answer
    second = run(proxy, tmp_path, "--format", "markdown")
    assert "### Loads with transformers (2)" in second.stdout
    assert f"- <{COPY}> not judged this run: `config.json not judged: HTTP 503`" in second.stdout
    assert f"- <{OFFICIAL}> loads with transformers {version}: `AutoConfig builds BertConfig`" in second.stdout
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["links"]
    assert saved[COPY]["loads"]["verdict"] == "no_model_type"
