"""Does a Hugging Face repository load with today's transformers? Judged from its config.json.

`AutoModel.from_pretrained(<repo>)` first builds a config with `AutoConfig`, which picks the
class from config.json's `model_type`. A copy whose config lacks it (some community copies
made before the key existed) is refused by transformers 5 ("Should have a `model_type` key in
its config.json"; AutoConfig's docstring still speaks of a fallback on the repository's name,
but its code raises), while the explicit class
(`BertModel.from_pretrained`) still reads it. So the check reads only config.json (a few
hundred bytes, never weights) and asks the installed transformers itself:

    the answer's JSON (bounds.answer_json, parsed inside the request's deadline from at most
    MAX_CONFIG_BYTES), written to a temporary folder, then
    AutoConfig.from_pretrained(folder, local_files_only=True, trust_remote_code=False)

`local_files_only` keeps transformers off the network whatever HF_HUB_OFFLINE says (it is read
once, when huggingface_hub is imported, so a run cannot set it for itself alone), and
`trust_remote_code=False` means a config that names remote code is refused, as it is for a
reader who does not pass that flag, instead of prompting. transformers is imported here, on
the first config that reaches it, never when the link checker starts: check-links without a
Hugging Face link, the site and `link-issue` do not pay its import (seconds). Once imported,
one judgement costs milliseconds on a config of at most MAX_CONFIG_BYTES.
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..checking import bounds
from ..model import Answer, ConfigCheck, FieldReader, LoadVerdict, NoteProblem
from .listing import HF_REVISION, hub_repo_of

MAX_CONFIG_BYTES = 64 * 1024
"""Most bytes read of a config.json: BERT's is about 600; a body longer than this is not judged."""
MAX_MESSAGE = 300
"""Characters kept of transformers' error message (the first sentence is the useful one)."""
CONFIG_FILE = "config.json"

_IMPORT = threading.Lock()


def config_url(page_url: str) -> str | None:
    """`<scheme>://<host>/<repo>/resolve/main/config.json` for a repository page URL, on the
    page's own host (a mirror's page is checked on the mirror), or None for another URL."""
    repo = hub_repo_of(page_url)
    if repo is None:
        return None
    parts = urlsplit(page_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{repo}/resolve/{HF_REVISION}/{CONFIG_FILE}", "", ""))


def unread(why: str) -> ConfigCheck:
    """No config reached transformers this run: nothing is decided (the history keeps the last
    decided check)."""
    return ConfigCheck(LoadVerdict.UNSURE, bounds.text(f"config.json not judged: {why}"))


def judge_answer(answer: Answer, *, size: int, repo: str) -> ConfigCheck:
    """The check for the answer to a config.json request; `size`: body bytes read (at most
    MAX_CONFIG_BYTES + 1, so a longer body shows as one byte over)."""
    if answer.status in (404, 410):
        return ConfigCheck(
            LoadVerdict.FAILS,
            f"the repository has no {CONFIG_FILE} (HTTP {answer.status}), "
            "so from_pretrained has nothing to build a config from",
        )
    if not 200 <= answer.status < 300:
        location = answer.headers.get("location")
        why = f"redirected to {location!r} (not followed)" if location else f"HTTP {answer.status}"
        return unread(why)
    if size > MAX_CONFIG_BYTES:
        return unread(f"the answer is over {MAX_CONFIG_BYTES:,} bytes, more than any config; not read further")
    if not isinstance(answer.data, dict):
        return ConfigCheck(
            LoadVerdict.FAILS, f"{CONFIG_FILE} is not a JSON object, so transformers cannot read it"
        )
    return judge_config(answer.data, repo=repo)


def judge_config(config: dict[str, Any], *, repo: str) -> ConfigCheck:
    """What the installed transformers' AutoConfig makes of `config` (a parsed config.json),
    offline. `repo` replaces the temporary folder in its messages, as a reader would see them."""
    try:
        with _IMPORT:  # one import, even when several worker threads reach this at once
            from transformers import AutoConfig, __version__
    except Exception as error:  # a broken install says nothing about the repository
        return unread(f"transformers cannot be imported here ({type(error).__name__}: {error})")
    with tempfile.TemporaryDirectory(prefix="lb-config-") as folder:
        Path(folder, CONFIG_FILE).write_text(json.dumps(config), encoding="utf-8")
        try:
            built = AutoConfig.from_pretrained(folder, local_files_only=True, trust_remote_code=False)
        except Exception as error:  # whatever transformers raises is its answer: it does not load
            message = bounds.text(str(error).replace(folder, repo), MAX_MESSAGE)
            # The missing key, when that is what transformers names (not remote code it refused).
            missing = "model_type" not in config and "model_type" in str(error)
            verdict = LoadVerdict.NO_MODEL_TYPE if missing else LoadVerdict.FAILS
            return ConfigCheck(verdict, f"{type(error).__name__}: {message}", transformers=__version__)
    name = type(built).__name__
    return ConfigCheck(
        LoadVerdict.LOADS, f"AutoConfig builds {name}", transformers=__version__, config_class=name
    )


def config_check_json(check: ConfigCheck) -> dict[str, object]:
    return {
        "verdict": check.verdict.value,
        "detail": check.detail,
        "transformers": check.transformers,
        "config_class": check.config_class,
    }


@dataclass(frozen=True)
class LoadsHistory:
    """The latest config check of one repository as the state file keeps it."""

    check: ConfigCheck
    last_checked: str
    """The run that made this check."""


def advance_loads(previous: LoadsHistory | None, found: ConfigCheck | None, at: str) -> LoadsHistory | None:
    """The record after one run: an undecided check (a timeout, a 5xx) keeps the last decided
    one, as an unsure link verdict keeps a dead streak; no check at all keeps it too."""
    if found is None or (not found.decided and previous is not None and previous.check.decided):
        return previous
    return LoadsHistory(found, at)


def loads_to_json(history: LoadsHistory) -> dict[str, object]:
    return {**config_check_json(history.check), "last_checked": history.last_checked}


def loads_from_json(
    record: Mapping[str, Any], where: str, field: FieldReader, problem: NoteProblem
) -> LoadsHistory:
    """A LoadsHistory from its JSON object, read with the state file's accessor (see
    codes.code_from_json); the caller drops the result when a problem was noted."""
    verdict = field(where, record, "verdict", (str,))
    known = {v.value for v in LoadVerdict}
    if isinstance(verdict, str) and verdict not in known:
        problem(f"{where}.verdict: {verdict!r} is not one of {', '.join(sorted(known))}")
    check = ConfigCheck(
        LoadVerdict(verdict) if verdict in known else LoadVerdict.UNSURE,
        detail=field(where, record, "detail", (str,)),
        transformers=field(where, record, "transformers", (str,), True),
        config_class=field(where, record, "config_class", (str,), True),
    )
    return LoadsHistory(check, last_checked=field(where, record, "last_checked", (str,)))
