"""Stage `links` of the pipeline: an honest verdict for every download link, with history.

    targets (catalogue links or a URL list)
      --schedule (per-host slots, interval; overall concurrency)-->
      fetch (HEAD/GET, manual redirects, retries, byte cap) --> classify (+ baidu) --> LinkResult
      --> state (history, 2-run rule, atomic write) --> report (text / markdown / json)

Modules: model (verdicts, reasons as LinkReason values, results), defaults (named
defaults, no imports), urls (hosts, private-address guard), classify and baidu (pure verdict
rules), fetch (the prober), schedule (politeness), check (every URL probed once), run (one
check-links run: check, record the history, build the report; the command only prints it),
inputs (catalogue or --urls file), state (the history, and each link's standing: ok, failing,
dead or unsure), state_file (the JSON file that stores it), state_lock (one run at a time per
file), report and progress (output), issue (the one link-rot issue).
This package's top level stays light (no requests import): the site and `link-issue` only
need the state file's types.
"""

from .model import Answer, Judgement, LinkResult, Owner, Reason, Target, Verdict
from .state import DEFAULT_DEAD_AFTER_RUNS, FORMAT_VERSION, LinkHistory, LinkStanding, LinkState, Standing
from .state_file import DEFAULT_STATE_PATH, LinkStateInvalid, load_state

__all__ = [
    "DEFAULT_DEAD_AFTER_RUNS", "DEFAULT_STATE_PATH", "FORMAT_VERSION", "Answer", "Judgement", "LinkHistory",
    "LinkResult", "LinkStanding", "LinkState", "LinkStateInvalid", "Owner", "Reason", "Standing", "Target",
    "Verdict", "load_state",
]
