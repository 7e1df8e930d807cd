"""A stand-in for the GitHub CLI, installed as `gh` first on PATH by the tests.

It appends every call (argv and stdin) as one JSON line to $FAKE_GH_DIR/calls.jsonl and keeps
the repository's issues in $FAKE_GH_DIR/issues.json, so a test can run the command several
times and see the issue open, change and close. If $FAKE_GH_DIR/fail exists and its text is a
prefix of the call (e.g. "issue create"), the call fails the way gh does: a message on stderr
and exit 1. If $FAKE_GH_DIR/list-answer exists, `issue list` prints it verbatim. If
$FAKE_GH_DIR/hang exists, the call starts a helper of its own that holds its stdout (as gh's git
or credential helper would), writes "<gh pid> <helper pid>" to $FAKE_GH_DIR/pids and never ends.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

state_dir = Path(os.environ["FAKE_GH_DIR"])
args = sys.argv[1:]
stdin = sys.stdin.read() if "-" in args else None
with (state_dir / "calls.jsonl").open("a", encoding="utf-8") as log:
    log.write(json.dumps({"argv": args, "stdin": stdin}) + "\n")

if (state_dir / "hang").exists():
    helper = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()"])
    (state_dir / "pids.tmp").write_text(f"{os.getpid()} {helper.pid}")
    (state_dir / "pids.tmp").rename(state_dir / "pids")  # whole, or not yet there
    signal.pause()

fail = state_dir / "fail"
if fail.exists() and " ".join(args).startswith(fail.read_text().strip()):
    print("HTTP 401: Bad credentials (https://api.github.com/graphql)", file=sys.stderr)
    sys.exit(1)

# GitHub refuses an issue body over 65,536 characters, and gh passes the refusal on.
if stdin is not None and len(stdin) > 65_536:
    print("GraphQL: Body is too long (maximum is 65536 characters) (createIssue)", file=sys.stderr)
    sys.exit(1)

issues_file = state_dir / "issues.json"
issues = json.loads(issues_file.read_text()) if issues_file.exists() else []


def option(name):
    return args[args.index(name) + 1] if name in args else None


def save():
    issues_file.write_text(json.dumps(issues))


def find(number):
    return next(issue for issue in issues if issue["number"] == int(number))


command = args[:2]
if command == ["issue", "list"] and (state_dir / "list-answer").exists():
    print((state_dir / "list-answer").read_text())
elif command == ["issue", "list"]:
    label, state = option("--label"), option("--state")
    fields = option("--json").split(",")
    chosen = [
        issue
        for issue in issues
        if (label is None or label in issue["labels"]) and (state is None or issue["state"] == state)
    ]
    print(json.dumps([{field: issue[field] for field in fields} for issue in chosen]))
elif command == ["issue", "create"]:
    number = max((issue["number"] for issue in issues), default=0) + 1
    issues.append(
        {
            "number": number,
            "title": option("--title"),
            "body": stdin,
            "labels": [option("--label")],
            "state": "open",
        }
    )
    save()
    print(f"https://github.com/example/little-berts/issues/{number}")
elif command == ["issue", "edit"]:
    issue = find(args[2])
    issue["title"], issue["body"] = option("--title") or issue["title"], stdin or issue["body"]
    save()
elif command == ["issue", "close"]:
    find(args[2])["state"] = "closed"
    save()
elif command == ["label", "create"]:
    pass
else:
    print(f"fake gh: unexpected call {args}", file=sys.stderr)
    sys.exit(2)
