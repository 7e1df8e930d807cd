"""generator/project.py: the repository (GITHUB_REPOSITORY) and the published address
(LITTLE_BERTS_SITE_URL), each read and checked in one place."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from generator.project import NO_PROJECT, TOOL, RepositoryInvalid, SiteUrlInvalid, project_from_env


def test_the_repository_gives_the_site_links_and_the_user_agent():
    project = project_from_env({"GITHUB_REPOSITORY": "octo-org/little-berts"})
    assert project.url == "https://github.com/octo-org/little-berts"
    assert project.user_agent == f"{TOOL} (+https://github.com/octo-org/little-berts)"
    link = urlsplit(project.new_issue_url("Broken link: BERT-Tiny", "a & b\nline 2", labels=("link-report",)))
    assert link.path == "/octo-org/little-berts/issues/new"
    assert parse_qs(link.query) == {
        "title": ["Broken link: BERT-Tiny"],
        "body": ["a & b\nline 2"],
        "labels": ["link-report"],
    }


def test_without_a_repository_nothing_is_invented():
    for environ in ({}, {"GITHUB_REPOSITORY": "  "}):
        project = project_from_env(environ)
        assert project == NO_PROJECT and project.url is None and project.user_agent == TOOL
        assert project.new_issue_url("t", "b") is None


@pytest.mark.parametrize(
    "value",
    [
        "little-berts",
        "a/b/c",
        "https://github.com/a/b",
        "-a/b",
        "a/b c",
        "a/",
        "a/..",
        "a/.",
        "a-/b",
        "a--b/c",
        "a/b\nc",
        "a/b?x=1",
        "a/b#x",
        'a/b"',
        "a/<script>",
        "a/b\u202e",
        "x" * 40 + "/b",
        "a/" + "b" * 101,
    ],
)
def test_a_malformed_repository_is_refused_with_the_fix(value):
    with pytest.raises(RepositoryInvalid, match="owner/name"):
        project_from_env({"GITHUB_REPOSITORY": value})


@pytest.mark.parametrize(
    "value", ["octo-org/little-berts", "a/.github", "A1/b_c.d-e", "a/..b", "x" * 39 + "/b"]
)
def test_every_repository_github_allows_is_accepted(value):
    assert project_from_env({"GITHUB_REPOSITORY": value}).repository == value


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("https://octo-org.github.io/little-berts/", "https://octo-org.github.io/little-berts/"),
        ("https://octo-org.github.io/little-berts", "https://octo-org.github.io/little-berts/"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("https://bert.example.org/a_b/c~d/%E4%B8%AD/", "https://bert.example.org/a_b/c~d/%E4%B8%AD/"),
    ],
)
def test_the_published_address_is_read_once_and_ends_in_a_slash(value, address):
    assert project_from_env({"LITTLE_BERTS_SITE_URL": value}).site_url == address
    assert project_from_env({"LITTLE_BERTS_SITE_URL": " "}).site_url is None
    assert project_from_env({}).site_url is None


@pytest.mark.parametrize(
    "value",
    [
        'https://x.example/"><script>alert(1)</script>',
        "https://x.example/a b",
        "https://x.example/\nb",
        "javascript:alert(1)",
        "ftp://x.example/",
        "//x.example/",
        "x.example",
        "https://user:pw@x.example/",
        "https://x.example/?q=1",
        "https://x.example/#top",
        "https://x.example/a/../b",
        "https://x.example/'",
        "https://x.example/a\\b",
        "https:///path",
        "https://x.example:99999999/",
        "https://-x.example/",
        "https://x.example/\u202e",
        "https://x.example/<img>",
    ],
)
def test_a_malformed_published_address_is_refused_with_the_fix(value):
    with pytest.raises(SiteUrlInvalid, match=r"SITE_URL=.* is not a plain absolute http\(s\) address"):
        project_from_env({"LITTLE_BERTS_SITE_URL": value})


@pytest.mark.parametrize(
    ("name", "value"),
    [("GITHUB_REPOSITORY", "a/.."), ("LITTLE_BERTS_SITE_URL", 'https://x.example/"><script>')],
)
def test_a_bad_value_stops_every_command_that_reads_it_with_exit_3(cli, tmp_path, name, value):
    """One reader, one answer: `build` and `check-links` both refuse (check-links used to drop
    a bad repository from its User-Agent silently while the site build refused it)."""
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/never-asked\n", encoding="utf-8")
    commands = (
        ("build", "--output", str(tmp_path / "out")),
        ("check-links", "--urls", str(urls), "--no-state"),
    )
    for args in commands:
        done = cli(*args, env={name: value})
        assert done.returncode == 3, (args, done.stderr[-2000:])
        assert f"{name}={value!r}" in done.stderr and "Traceback" not in done.stderr
        assert "checking" not in done.stderr  # refused before any link was checked
    assert not (tmp_path / "out").exists()
