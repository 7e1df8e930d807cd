"""tools/check_templates.py, run by `make lint`: a template never branches on the language."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "check_templates.py"


def run(*folders: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, folders)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )


def test_the_repositorys_templates_do_not_branch_on_the_language():
    result = run()
    assert result.returncode == 0, result.stderr


def test_a_new_lang_branch_in_a_template_fails_with_its_file_and_line(tmp_path):
    (tmp_path / "ok.md.j2").write_text(
        '{{ t("model_page.also_called") }}\n{% include "prose/about." ~ lang ~ ".md.j2" %}\n'
    )
    page = tmp_path / "partials" / "new.md.j2"
    page.parent.mkdir()
    page.write_text('# title\n{% if lang == "zh" %}中文{% else %}English{% endif %}\n')
    result = run(tmp_path)
    assert result.returncode == 1
    assert f"{page}:2: branches on the language" in result.stderr
    assert "ok.md.j2" not in result.stderr


def test_every_spelling_of_a_language_test_is_refused(tmp_path):
    spellings = [
        '{% if config.theme.language == "zh" %}',
        "{% if t.lang != 'en' %}",
        '{% if "zh" == code %}',
        '{% if lang in ("zh",) %}',
        '{{ "a" if page_lang == "en" }}',
    ]
    for number, spelling in enumerate(spellings):
        (tmp_path / f"p{number}.html").write_text(spelling + "\n")
    result = run(tmp_path)
    assert result.returncode == 1
    assert all(f"p{number}.html:1:" in result.stderr for number in range(len(spellings))), result.stderr


def test_a_comparison_that_names_no_language_passes(tmp_path):
    # main.html asks whether the page is in the default language without naming one.
    (tmp_path / "main.html").write_text("{%- if i18n_page_locale != default_locale %}x{% endif %}\n")
    assert run(tmp_path).returncode == 0
