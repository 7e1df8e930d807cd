"""Stage `links` of the pipeline: an honest verdict for every download link, with history.

    targets (catalogue links or a URL list)
      --schedule (per-host slots, interval; overall concurrency)-->
      fetch + transport (HEAD/GET, manual redirects, retries, byte cap)
      --> classify (+ baidu) --> LinkResult
      --> state (history, 2-run rule, atomic write) --> report (text / markdown / json)

Top-level modules: model (verdicts, reasons as LinkReason values, results), defaults (named
defaults, no imports), inputs (catalogue or --urls file), run (one check-links run: check,
record the history, build the report; the command only prints it), report and progress
(output), inert (code spans for the reports and the issue). Sub-packages, one per part:
  checking/  check (every URL probed once), fetch (the prober), transport (its requests:
             redirects by hand, retries, capped bodies), deadline, classify (pure verdict
             rules), schedule (politeness), urls (hosts, private-address guard), bounds (every
             value a server chooses, bounded before it is kept);
  baidu/     share (share pages and their errnos), verify (an extraction code tried against
             its share), codes (each code's history);
  evidence/  listing (file names, sizes and hashes hosts publish), changes (what changed);
  state/     history (each link's standing: ok, failing, dead or unsure), file (the JSON file
             that stores it), lock (one run at a time per file);
  issue/     plan (the one link-rot issue), news (what changed since the last run).
This package's top level stays light (no requests import): the site and `link-issue` only
need the state file's types.
"""

from .model import Answer, Judgement, LinkResult, Owner, Reason, Target, Verdict
from .state.file import DEFAULT_STATE_PATH, LinkStateInvalid, load_state
from .state.history import (
    DEFAULT_DEAD_AFTER_RUNS,
    FORMAT_VERSION,
    LinkHistory,
    LinkStanding,
    LinkState,
    Standing,
)

__all__ = [
    "DEFAULT_DEAD_AFTER_RUNS",
    "DEFAULT_STATE_PATH",
    "FORMAT_VERSION",
    "Answer",
    "Judgement",
    "LinkHistory",
    "LinkResult",
    "LinkStanding",
    "LinkState",
    "LinkStateInvalid",
    "Owner",
    "Reason",
    "Standing",
    "Target",
    "Verdict",
    "load_state",
]
