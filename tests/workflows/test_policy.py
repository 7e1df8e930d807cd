"""What each workflow must do and may do: triggers, permissions, commands, no injected text.

These are this project's own rules. The general ones (no pull_request_target, no token left in
a checkout, actions pinned to a commit SHA, no attacker-controlled expression in a script) are
zizmor's audits, which test_validators.py runs; they are not restated here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

from tests.workflows.conftest import GITHUB, ROOT, step_named

PAGES_DEPLOY_JOBS = {("pages.yml", "deploy"), ("link-check.yml", "publish")}


def all_jobs(workflows):
    for name, workflow in workflows.items():
        for job_id, job in workflow["jobs"].items():
            yield name, job_id, job


def all_steps(workflows):
    for name, job_id, job in all_jobs(workflows):
        for step in job.get("steps", []):
            yield name, job_id, step


def test_every_workflow_reads_contents_only_by_default(workflows):
    assert {name: wf.get("permissions") for name, wf in workflows.items()} == {
        name: {"contents": "read"} for name in workflows
    }


def test_no_expression_is_interpolated_into_a_run_script(workflows):
    """Values reach scripts through env: variables, so no title or branch name becomes shell code."""
    offenders = [
        (name, job_id, step.get("name"))
        for name, job_id, step in all_steps(workflows)
        if "${{" in step.get("run", "")
    ]
    assert offenders == []


def test_write_permissions_live_only_where_needed(workflows):
    granted = {(name, job_id): job.get("permissions", {}) for name, job_id, job in all_jobs(workflows)}
    writers = {
        key: {scope for scope, level in perms.items() if level == "write"}
        for key, perms in granted.items()
        if "write" in perms.values()
    }
    assert writers == {
        ("link-check.yml", "check"): {"contents", "issues"},
        **{key: {"pages", "id-token"} for key in PAGES_DEPLOY_JOBS},
    }


def test_ci_runs_make_test_as_ci_run_does_on_python_311_with_pip_cache(workflows):
    ci = workflows["ci.yml"]
    assert {"push", "pull_request"} <= set(ci["on"])
    [job] = ci["jobs"].values()
    assert job["runs-on"].startswith("ubuntu-")
    setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"] == {
        "python-version": "3.11",
        "cache": "pip",
        "cache-dependency-path": "pyproject.toml",
    }
    assert job["steps"][-1]["run"] == "bash .ci/run"
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_pages_builds_with_make_site_and_deploys_with_the_official_actions(workflows):
    pages = workflows["pages.yml"]
    assert pages["concurrency"]["group"] == "pages"
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert step_named(build, "make site")["run"] == "make site"
    upload = build["steps"][-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@") and upload["with"]["path"] == "site"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert set(pages["on"]["workflow_call"]["inputs"]) == {"ref"}


def test_link_check_runs_on_a_schedule_by_hand_and_when_the_catalogue_changes(workflows):
    triggers = workflows["link-check.yml"]["on"]
    assert set(triggers) == {"schedule", "workflow_dispatch", "push"}
    [entry] = triggers["schedule"]
    assert re.fullmatch(r"\d+ \d+ \* \* \d", entry["cron"])  # weekly
    # A push to main that changes catalog/ (but not the state file this job commits) runs it.
    assert triggers["push"] == {"branches": ["main"], "paths": ["catalog/**", "!catalog/link-state.json"]}


def test_pages_builds_with_the_address_pages_reports(workflows):
    """The published address comes from actions/configure-pages, never from a placeholder."""
    build = workflows["pages.yml"]["jobs"]["build"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    configure = build["steps"][uses.index("actions/configure-pages")]
    make_site = step_named(build, "make site")
    assert uses.index("actions/configure-pages") < build["steps"].index(make_site)
    assert make_site["env"] == {"LITTLE_BERTS_SITE_URL": f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"}
    assert build["permissions"] == {"contents": "read", "pages": "read"}


def test_link_check_checks_then_commits_then_files_the_issue(workflows):
    job = workflows["link-check.yml"]["jobs"]["check"]
    names = [step.get("name") for step in job["steps"]]
    check, commit, issue = (
        "Check every link",
        "Commit catalog/link-state.json if it changed",
        "Open, update or close the link-rot issue",
    )
    assert names.index(check) < names.index(commit) < names.index(issue) == len(names) - 1
    assert (
        "generator check-links --state catalog/link-state.json --format markdown"
        in step_named(job, check)["run"]
    )
    issue_run = step_named(job, issue)["run"]
    assert "generator link-issue" in issue_run and "--label link-rot" in issue_run
    assert "--state catalog/link-state.json" in issue_run
    # A failed check (exit 4) must stop the job: nothing after it may run on failure.
    after = job["steps"][names.index(check) + 1 :]
    assert all(
        "always()" not in str(s.get("if", "")) and "failure()" not in str(s.get("if", "")) for s in after
    )
    assert not any(s.get("continue-on-error") for s in job["steps"])


def test_link_check_republishes_the_commit_it_pushed(workflows):
    publish = workflows["link-check.yml"]["jobs"]["publish"]
    assert publish["uses"] == "./.github/workflows/pages.yml"
    assert publish["with"] == {"ref": "${{ needs.check.outputs.state-commit }}"}
    assert workflows["link-check.yml"]["jobs"]["check"]["outputs"] == {
        "state-commit": "${{ steps.commit.outputs.sha }}"
    }


def test_dependabot_updates_actions_and_pip_but_not_the_torch_pin():
    import yaml

    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text())
    by_ecosystem = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(by_ecosystem) == {"github-actions", "pip"}
    assert {"dependency-name": "torch"} in by_ecosystem["pip"]["ignore"]


def test_cpu_torch_preinstall_reads_the_pin_from_pyproject():
    result = subprocess.run(
        ["bash", str(GITHUB / "scripts" / "preinstall-cpu-torch"), "--print-pin"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHON": sys.executable},
    )
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in [d.replace(" ", "") for d in dependencies]
    assert result.stdout.startswith("torch==")
