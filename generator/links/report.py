"""Reports of a check run: one data structure, three formats (json, markdown, text).

Gather, then print: `build_report` joins results, owners and history into rows; the
formatters only lay them out. Worst first everywhere a person reads: confirmed dead, dead this
run, unsure, ok. The JSON keeps the input order (machines sort for themselves).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .baidu.codes import code_check_json, code_to_json
from .checking.check import CheckRun
from .evidence.changes import EvidenceChange, change_json
from .evidence.listing import evidence_json
from .evidence.loads import config_check_json, loads_to_json
from .inert import code_span, link_or_code
from .model import ConfigCheck, LinkResult, LoadVerdict, Owner, Target, Verdict
from .state.history import LinkHistory, LinkState, Standing

GROUP_ORDER = ("confirmed", "dead", "unsure", "ok")
_GROUP_OF_STANDING = {
    Standing.DEAD: "confirmed",
    Standing.FAILING: "dead",
    Standing.UNSURE: "unsure",
    Standing.OK: "ok",
}


@dataclass(frozen=True)
class ReportRow:
    result: LinkResult
    owners: tuple[Owner, ...]
    history: LinkHistory | None
    """The URL's history after this run; None when no state file is used."""
    evidence_changes: tuple[EvidenceChange, ...] = ()
    """Sizes and hashes this run found changed (news: the run reports them)."""

    @property
    def group(self) -> str:
        """'confirmed' (dead for users, even if this run was unsure), 'dead', 'unsure' or 'ok':
        the link's standing when there is a history, else this run's verdict."""
        if self.history is None:
            return self.result.verdict.value
        return _GROUP_OF_STANDING[self.history.standing.standing]


@dataclass(frozen=True)
class Report:
    checked_at: str
    finished_at: str
    rows: tuple[ReportRow, ...]
    state_path: str | None
    """The state file used, or None (no history for this run)."""
    state_written: bool
    dead_after_runs: int | None
    state_error: str | None = None
    """Why the state file could not be written, when the run tried and failed."""

    def summary(self) -> dict[str, int]:
        counts = {"total": len(self.rows)}
        for verdict in Verdict:
            counts[verdict.value] = sum(1 for r in self.rows if r.result.verdict is verdict)
        if self.state_path is not None:
            counts["confirmed_dead"] = sum(1 for r in self.rows if r.group == "confirmed")
        return counts

    def in_group(self, group: str) -> list[ReportRow]:
        return [row for row in self.rows if row.group == group]


def build_report(
    run: CheckRun,
    targets: Sequence[Target],
    *,
    state: LinkState | None,
    state_path: str | None,
    state_written: bool,
    state_error: str | None = None,
    changes: Mapping[str, tuple[EvidenceChange, ...]] | None = None,
) -> Report:
    """Rows for every result; `state` is the state after this run (None: no history shown) and
    `changes` the file changes this run recorded (state.record_run gives both)."""
    owners = {target.url: target.owners for target in targets}
    news = changes or {}
    rows = tuple(
        ReportRow(
            result=r,
            owners=owners.get(r.url, ()),
            history=state.get(r.url) if state is not None else None,
            evidence_changes=news.get(r.url, ()) if state is not None else (),
        )
        for r in run.results
    )
    return Report(
        checked_at=run.started_at,
        finished_at=run.finished_at,
        rows=rows,
        state_path=state_path,
        state_written=state_written,
        dead_after_runs=state.dead_after_runs if state else None,
        state_error=state_error,
    )


def _record(row: ReportRow) -> dict[str, object]:
    r = row.result
    record: dict[str, object] = {
        "url": r.url,
        "verdict": r.verdict.value,
        "reason": r.reason.code,
        "detail": r.detail,
        "http_status": r.http_status,
        "final_url": r.final_url,
        "checked_at": r.checked_at,
        "requests": r.requests,
        "owners": [{"id": o.id, "type": o.type, "kind": o.kind} for o in row.owners],
        "evidence": evidence_json(r.evidence) if r.evidence else None,
    }
    if r.code is not None:  # Baidu shares only
        record["code"] = code_check_json(r.code)
    if r.loads is not None:  # Hugging Face repositories only
        record["loads"] = config_check_json(r.loads)
    if row.history is not None:
        h = row.history
        record.update(
            since=h.since,
            last_ok=h.last_ok,
            consecutive_dead=h.consecutive_dead,
            confirmed_dead=h.confirmed_dead,
            dead_since=h.dead_since,
            dead_reason=h.dead_reason and h.dead_reason.code,
            dead_detail=h.dead_detail,
        )
        if r.code is not None:
            record["code_history"] = (
                dict(code_to_json(h.code), standing=h.code.standing) if h.code is not None else None
            )
        if r.loads is not None:  # the check the pages show: an undecided run keeps the last decided one
            record["loads_history"] = loads_to_json(h.loads) if h.loads is not None else None
        record["evidence_changes"] = [change_json(c) for c in row.evidence_changes]
    return record


def to_json(report: Report) -> str:
    document = {
        "checked_at": report.checked_at,
        "finished_at": report.finished_at,
        "summary": report.summary(),
        "state_file": report.state_path,
        "state_written": report.state_written,
        "state_error": report.state_error,
        "dead_after_runs": report.dead_after_runs,
        "links": [_record(row) for row in report.rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _owners_text(owners: tuple[Owner, ...]) -> str:
    return ", ".join(
        f"{o.id} ({o.kind})" if o.type == "model" else f"{o.id} (bundle, {o.kind})" for o in owners
    )


def _history_text(row: ReportRow) -> str:
    h = row.history
    if h is None:
        return ""
    parts = []
    if h.consecutive_dead:
        runs = h.consecutive_dead
        parts.append("dead on 1 run" if runs == 1 else f"dead on {runs} consecutive runs")
    if h.verdict is Verdict.DEAD:
        parts.append(f"failing since {h.dead_since or h.since}")
    elif h.verdict is Verdict.UNSURE:
        if h.consecutive_dead:  # this run's reason is the unsure one: say what the streak is about
            why = h.dead_reason.code if h.dead_reason is not None else ""
            parts.append(f"dead since {h.dead_since or '?'} ({why or 'reason not recorded'})")
        parts.append(f"unsure since {h.since}")
    if row.result.verdict is not Verdict.OK:
        parts.append(f"last ok {h.last_ok}" if h.last_ok else "never ok in the recorded history")
    return "; ".join(parts)


def _news_text(row: ReportRow) -> str:
    """A code that was not accepted and files whose size or hash changed, in words."""
    parts = []
    check = row.result.code
    if check is not None and check.code and check.verdict.value in ("rejected", "unsure"):
        parts.append(f"code {check.code} {check.verdict.value}: {check.detail}")
    for c in row.evidence_changes:
        parts.append(f"{c.file}: {c.field} changed from {c.before} to {c.after}")
    if row.result.loads is not None and row.result.loads.verdict is not LoadVerdict.LOADS:
        parts.append(f"config.json {loads_words(row.result.loads)}: {row.result.loads.detail}")
    return "; ".join(parts)


def loads_words(check: ConfigCheck) -> str:
    """'does not load with transformers 5.25.0 (no model_type)' and the like, for the reports."""
    version = f"transformers {check.transformers}" if check.transformers else "transformers"
    return {
        LoadVerdict.LOADS: f"loads with {version}",
        LoadVerdict.NO_MODEL_TYPE: f"does not load with {version}'s Auto classes (no model_type)",
        LoadVerdict.FAILS: f"does not load with {version}",
        LoadVerdict.UNSURE: "not judged this run",
    }[check.verdict]


def _summary_line(report: Report) -> str:
    s = report.summary()
    dead = f"{s['dead']} dead"
    if "confirmed_dead" in s:
        dead += f" ({s['confirmed_dead']} confirmed)"
    return f"{s['total']} links: {s['ok']} ok, {dead}, {s['unsure']} unsure"


_HEADINGS = {
    "confirmed": ("Confirmed dead", "Dead on {n} or more consecutive runs: these need a new link or a note."),
    "dead": ("Dead this run", "Definitive signal this run (404, 410, NoSuchKey, a dead Baidu share)."),
    "unsure": (
        "Unsure",
        "No definitive answer (rate limits, server errors, timeouts, anti-bot pages, "
        "refusals): never counted as dead.",
    ),
}


def to_markdown(report: Report) -> str:
    """A report a maintainer can paste into an issue: dead first, each with the models it serves."""
    lines = [f"## Link check: {_summary_line(report)}", ""]
    note = f"Checked {report.checked_at} with `python -m generator check-links`."
    if report.state_path is not None:
        note += (
            f" A link counts as dead after {report.dead_after_runs} consecutive dead runs; "
            f"history in `{report.state_path}`"
            + (
                "."
                if report.state_written
                else f" (not updated: {report.state_error or 'this run verified nothing'})."
            )
        )
    lines += [note, ""]
    headings = dict(_HEADINGS)
    if report.state_path is not None:
        headings["dead"] = (
            "Dead this run, not yet confirmed",
            f"Failing: confirmed if {report.dead_after_runs} consecutive runs agree.",
        )
    for group in ("confirmed", "dead", "unsure"):
        rows = report.in_group(group)
        if not rows:
            continue
        title, blurb = headings[group]
        lines += [f"### {title} ({len(rows)})", "", blurb.format(n=report.dead_after_runs), ""]
        for row in rows:
            r = row.result
            still = group == "confirmed" and r.verdict is not Verdict.DEAD
            this_run = f" (this run: {r.verdict.value})" if still else ""
            # The detail quotes the server (a Location, a page's words): a code span keeps it inert.
            lines.append(
                f"- {link_or_code(r.url)} — {code_span(r.reason.code)}{this_run}: {code_span(r.detail)}"
            )
            extra = [
                text
                for text in (
                    _owners_text(row.owners) and f"serves {_owners_text(row.owners)}",
                    _history_text(row),
                )
                if text
            ]
            if extra:
                lines.append(f"  {'; '.join(extra)}")
        lines.append("")
    lines += _codes_and_files_markdown(report)
    lines += _configs_markdown(report)
    ok_rows = report.in_group("ok")
    if ok_rows:
        lines += [f"<details><summary>OK ({len(ok_rows)})</summary>", ""]
        lines += [f"- {link_or_code(row.result.url)} — {code_span(row.result.reason.code)}" for row in ok_rows]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def _codes_and_files_markdown(report: Report) -> list[str]:
    """Codes Baidu did not accept this run and files whose size or hash changed. Server text
    (names, values, details) goes in as inert code spans: this report is pasted into issues."""
    lines = []
    for row in report.rows:
        check = row.result.code
        if check is not None and check.code and check.verdict.value in ("rejected", "unsure"):
            standing = row.history.code.standing if row.history and row.history.code else None
            note = " (confirmed: rejected on consecutive runs)" if standing == "rejected" else ""
            lines.append(
                f"- {link_or_code(row.result.url)} code {code_span(check.code)} "
                f"{check.verdict.value}{note}: {code_span(check.detail)}"
            )
        for c in row.evidence_changes:
            lines.append(
                f"- {link_or_code(row.result.url)} {code_span(c.file)}: {c.field} changed from "
                f"{code_span(c.before)} to {code_span(c.after)}"
            )
    if not lines:
        return []
    return [
        f"### Extraction codes and files ({len(lines)})",
        "",
        "Codes Baidu did not accept this run, and files whose size or checksum changed since the previous run.",
        "",
        *lines,
        "",
    ]


def _configs_markdown(report: Report) -> list[str]:
    """Every Hugging Face repository's config check this run, those that do not load first."""
    checked = [(row, row.result.loads) for row in report.rows if row.result.loads is not None]
    checked.sort(key=lambda pair: pair[1].verdict is LoadVerdict.LOADS)
    if not checked:
        return []
    lines = [
        f"### Loads with transformers ({len(checked)})",
        "",
        "Each Hugging Face repository's config.json, given to `AutoConfig.from_pretrained` offline.",
        "",
    ]
    for row, check in checked:
        lines.append(f"- {link_or_code(row.result.url)} {loads_words(check)}: {code_span(check.detail)}")
    return [*lines, ""]


def to_text(report: Report) -> str:
    """Plain lines for a terminal: worst first, then one summary line."""
    lines: list[str] = []
    for group in GROUP_ORDER:
        for row in report.in_group(group):
            r = row.result
            label = "DEAD*" if group == "confirmed" else r.verdict.value.upper()
            lines.append(f"{label:<7} {r.reason.code:<24} {r.url}")
            news = _news_text(row)
            if group == "ok":
                if news:  # a working link still reports a rejected code or a changed file
                    lines.append("        " + news)
                continue  # one line is enough for a working link otherwise
            extra = [r.detail]
            if row.owners:
                extra.append(f"serves {_owners_text(row.owners)}")
            if row.history is not None:
                extra.append(_history_text(row))
            extra.append(news)
            lines.append("        " + "; ".join(e for e in extra if e))
    if any(row.group == "confirmed" for row in report.rows):
        lines.append(f"(DEAD* = confirmed dead: dead on {report.dead_after_runs} or more consecutive runs)")
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"
