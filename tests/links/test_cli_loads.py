"""check-links as a user runs it on Hugging Face repositories: each config.json judged by the
installed transformers, in the JSON and markdown reports and the state file, over two runs."""

from __future__ import annotations

import json

import pytest

from tests.links.answers import BERT, TRANSFORMERS_VERSION, json_reply
from tests.links.commands import FAST, write_urls
from tests.links.hostile_world import hostile_catalogue
from tests.links.loopback import Reply, html
from tests.running import proxy_env, run_generator

# Slow, for make test only: each check-links run judges config.json with transformers, which
# imports torch in the fresh interpreter (about 2 s of CPU a run).
pytestmark = pytest.mark.slow

OFFICIAL = "http://huggingface.co/google/bert_uncased_L-2_H-128_A-2"
COPY = "http://huggingface.co/prajjwal1/bert-tiny"


def serve(proxy, copy_config: Reply) -> None:
    for url in (OFFICIAL, COPY):
        proxy.route(url.removeprefix("http://huggingface.co"), html("<title>model card</title>"))
    proxy.route(
        "/google/bert_uncased_L-2_H-128_A-2/resolve/main/config.json",
        json_reply({**BERT, "model_type": "bert"}),
    )
    proxy.route("/prajjwal1/bert-tiny/resolve/main/config.json", copy_config)


def run(proxy, tmp_path, *args: str):
    urls = write_urls(tmp_path, OFFICIAL, COPY)
    # HF_ENDPOINT sends anything huggingface_hub might fetch to the loopback proxy too, where the
    # test would see it: transformers must judge the config offline.
    env = {**proxy_env(proxy.base), "HF_ENDPOINT": "http://huggingface.co"}
    return run_generator(
        "check-links",
        *FAST,
        "--urls",
        str(urls),
        "--state",
        str(tmp_path / "state.json"),
        *args,
        env=env,
        timeout=300,
    )


def test_reports_and_state_say_which_repository_loads_and_with_which_transformers(proxy, tmp_path):
    serve(proxy, json_reply(BERT))
    first = run(proxy, tmp_path, "--format", "json")
    assert first.returncode == 0, first.stderr
    records = {r["url"]: r for r in json.loads(first.stdout)["links"]}
    version = TRANSFORMERS_VERSION
    assert records[OFFICIAL]["loads"] == {
        "verdict": "loads",
        "detail": "AutoConfig builds BertConfig",
        "transformers": version,
        "config_class": "BertConfig",
    }
    assert records[COPY]["loads"]["verdict"] == "no_model_type"
    assert records[COPY]["loads_history"]["verdict"] == "no_model_type"
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["links"]
    assert saved[COPY]["loads"]["transformers"] == version
    config_paths = {s.path for s in proxy.seen if s.path.endswith("config.json")}
    assert config_paths == {
        "/google/bert_uncased_L-2_H-128_A-2/resolve/main/config.json",
        "/prajjwal1/bert-tiny/resolve/main/config.json",
    }
    assert len([s for s in proxy.seen if "resolve" in s.path]) == 2  # transformers itself fetched nothing

    serve(proxy, Reply(503, b"busy"))  # the next run cannot read it: the page keeps last week's answer
    second = run(proxy, tmp_path, "--format", "markdown")
    assert "### Loads with transformers (2)" in second.stdout
    assert f"- <{COPY}> not judged this run: `config.json not judged: HTTP 503`" in second.stdout
    assert f"- <{OFFICIAL}> loads with transformers {version}: `AutoConfig builds BertConfig`" in second.stdout
    saved = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["links"]
    assert saved[COPY]["loads"]["verdict"] == "no_model_type"


# Slow, for make test only: a check-links run and a site build, each a fresh interpreter.
@pytest.mark.slow
def test_a_community_copy_without_model_type_shows_it_on_its_page_after_a_link_check(proxy, tmp_path):
    """The issue's end-to-end case: the small fixture catalogue (its URLs http://, so the loopback
    proxy answers for huggingface.co), one check-links run, one build: the copy's page says it does
    not load with this transformers and gives the BERT classes; the official repository's says it
    loads. Every other host answers 404 here, which changes nothing for these two."""
    catalog = hostile_catalogue(tmp_path / "catalog")
    serve(proxy, json_reply(BERT))
    env = {**proxy_env(proxy.base), "LITTLE_BERTS_CACHE_DIR": str(tmp_path / "cache")}
    checked = run_generator("check-links", *FAST, "--catalog", str(catalog), env=env, timeout=600)
    assert checked.returncode in (0, 1), checked.stderr[-3000:]
    built = run_generator(
        "build", "--catalog", str(catalog), "--output", str(tmp_path / "site"), env=env, timeout=600
    )
    assert built.returncode == 0, built.stderr[-3000:]
    version = TRANSFORMERS_VERSION
    for lang, loads, refused in (
        (
            "en",
            f"loads with transformers {version}",
            f"its config.json has no `model_type`, so `AutoModel.from_pretrained` does not load it with "
            f"transformers {version}",
        ),
        (
            "zh",
            f"可用 transformers {version} 加载",
            f"其 config.json 缺少 `model_type`，因此 transformers {version} 的 "
            "`AutoModel.from_pretrained` 无法加载",
        ),
    ):
        page = (tmp_path / "site" / "models" / f"uncased_L-2_H-128_A-2.{lang}.md").read_text(encoding="utf-8")
        page = page.replace("\\", "")  # Markdown escapes dropped
        assert loads in page and refused in page
        assert "model = BertModel.from_pretrained('prajjwal1/bert-tiny')" in page
