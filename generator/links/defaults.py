"""The link checker's named defaults, in a module that imports nothing heavy.

`python -m generator --help` imports every command module to build its parser, and check-links'
options show these defaults in its --help; keeping them apart from checking/fetch.py and
checking/transport.py (requests, urllib3) keeps those start-ups free of the HTTP stack.
"""

from __future__ import annotations

from ..project import TOOL

USER_AGENT = TOOL
"""The tool alone. A run of check-links names the repository too (GITHUB_REPOSITORY, as the
site does), so a site operator who sees our requests knows whom to ask: the command reads it
through generator/project.py when it starts, and a malformed value stops it there (exit 3)."""

# Probing one URL (fetch.ProbeOptions)
DEFAULT_TIMEOUT = 15.0
"""Seconds to wait for a connection and for each read (per request, not per URL)."""
DEFAULT_RETRIES = 3
"""Retries after the first attempt, for 408, 429, 5xx, timeouts and resets."""
DEFAULT_BACKOFF_BASE = 1.0
"""The first wait before a retry, in seconds; it doubles on every further retry."""
DEFAULT_RETRY_AFTER_CAP = 60.0
"""The longest wait between retries, whatever Retry-After asks for."""
DEFAULT_MAX_REDIRECTS = 10
MAX_TREE_PAGES = 5
"""Pages of a Hub tree listing read per run (evidence/listing.py)."""
CODE_CHECK_REQUESTS = 3
"""Requests a Baidu code check adds: the home page, the verification and the listing (baidu/verify.py)."""
CONFIG_REQUESTS = 1
"""Requests a Hugging Face repository's config check adds: its config.json (evidence/loads.py)."""
MAX_EXTRA_REQUESTS = max(MAX_TREE_PAGES + CONFIG_REQUESTS, CODE_CHECK_REQUESTS)
"""Requests a link may send after its HEAD and GET chains, each once (never retried): the Hub's
tree pages and config.json, or a Baidu code check. The run's time bound (check-links --help) counts them."""
DEFAULT_BODY_CAP = 512 * 1024
"""The most body bytes read from one answer (a Baidu share page's data is well inside)."""

# Politeness (schedule.Politeness)
DEFAULT_CONCURRENCY = 8
"""URLs checked at once over all hosts."""
DEFAULT_PER_HOST_CONCURRENCY = 1
"""Requests in flight to one host at once."""
DEFAULT_HOST_INTERVAL = 1.0
"""Seconds between two request starts on one host slot."""
DEFAULT_CODE_INTERVAL = 3.0
"""Seconds between two Baidu extraction-code verifications over the whole run, on top of the
host's own interval: wrong or hurried attempts bring captchas for every share."""
