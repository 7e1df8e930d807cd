"""generator/project.py: the repository named once, by GITHUB_REPOSITORY."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from generator.project import NO_PROJECT, TOOL, RepositoryInvalid, project_from_env


def test_the_repository_gives_the_site_links_and_the_user_agent():
    project = project_from_env({"GITHUB_REPOSITORY": "octo-org/little-berts"})
    assert project.url == "https://github.com/octo-org/little-berts"
    assert project.user_agent == f"{TOOL} (+https://github.com/octo-org/little-berts)"
    link = urlsplit(project.new_issue_url("Broken link: BERT-Tiny", "a & b\nline 2", labels=("link-report",)))
    assert link.path == "/octo-org/little-berts/issues/new"
    assert parse_qs(link.query) == {"title": ["Broken link: BERT-Tiny"], "body": ["a & b\nline 2"],
                                   "labels": ["link-report"]}


def test_without_a_repository_nothing_is_invented():
    for environ in ({}, {"GITHUB_REPOSITORY": "  "}):
        project = project_from_env(environ)
        assert project == NO_PROJECT and project.url is None and project.user_agent == TOOL
        assert project.new_issue_url("t", "b") is None


@pytest.mark.parametrize("value", ["little-berts", "a/b/c", "https://github.com/a/b", "-a/b", "a/b c", "a/"])
def test_a_malformed_repository_is_refused_with_the_fix(value):
    with pytest.raises(RepositoryInvalid, match="owner/name"):
        project_from_env({"GITHUB_REPOSITORY": value})
