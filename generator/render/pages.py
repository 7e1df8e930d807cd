"""Render every page of the site, in every language, to {relative path: text}. Pure.

Pages use the mkdocs-static-i18n suffix layout: `about.zh.md` is served at /about/ and
`about.en.md` at /en/about/. Templates live in generator/templates/ and run with autoescape
on; every untrusted value goes through generator/escape.py, by the filter for where it lands.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ..catalog import Catalog, SourceKind
from ..escape import code_block, code_span, href_attr, html_text, md_text
from ..links.model import LinkReason, Reason
from ..measure import Measurements
from ..measure.record import document_text, to_document
from ..paths import TEMPLATES_DIR
from ..project import NO_PROJECT, Project
from . import pins
from .bounded_loader import BoundedLoader
from .chart import chart_points, render_chart
from .context import ModelView, SiteData
from .export import export_json
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, STRINGS_FOLDER, MissingString, Translator
from .linkstatus import LinkStatus
from .measure_page import format_ms, measure_context
from .snippets import hf_download_command, model_snippets, rate
from .speed_script import SITE_PATH as SPEED_SCRIPT
from .speed_script import script_text

TOP_PAGES = {
    "index.md.j2": "index",
    "models.md.j2": "models/index",
    "downloads.md.j2": "downloads",
    "link-status.md.j2": "link-status",
    "about.md.j2": "about",
}
"""Template -> page path without language suffix."""


def when(timestamp: str | None) -> str:
    """'2026-11-24T06:00:00Z' -> '2026-11-24 06:00 UTC'; the same in both languages. Anything
    else is shown as the text it is (Markup, so that autoescape does not escape it twice)."""
    if not timestamp:
        return "–"
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return md_text(timestamp)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    """One Environment per templates folder, kept for the life of the process: Jinja compiles
    each template once, and `auto_reload` recompiles one whose file changed since, so a
    long-running `mkdocs serve` still picks up template edits."""
    env = Environment(
        loader=BoundedLoader(templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters.update(
        md=md_text,
        html_text=html_text,
        code_span=code_span,
        href=href_attr,
        code=code_block,
        when=when,
        num=lambda n: f"{n:,}",
        millions=lambda n: f"{n / 1e6:.1f}M",
        mb=lambda v: "< 0.1 MB" if 0 <= v < 0.05 else f"{v:,.1f} MB",  # 0.0 would read as "nothing"
        gflops=lambda n: f"{n / 1e9:,.2f} GFLOPs",
        score=lambda v: f"{v:.1f}",
        pair=lambda p: f"{p[0]:.1f}/{p[1]:.1f}",
        rate=rate,
        ms=format_ms,
        times=lambda x: f"{x:.1f}" if x < 100 else f"{x:.0f}",
    )
    return env


def reason_text(t: Translator, reason: LinkReason) -> Markup:
    """A checker reason in the page's language; one without a string is shown as its code."""
    if reason.rule is Reason.HTTP:
        return t("reason.http", code=str(reason.number))
    if reason.rule is Reason.BAIDU_ERRNO:
        return t("reason.baidu_errno", errno=str(reason.number))
    if reason.rule is not Reason.UNRECOGNISED:
        try:
            return t(f"reason.{reason.rule.value}")
        except MissingString:
            pass
    # Text between two inline tags is still Markdown: html_text, not HTML escaping alone.
    return Markup("<code>{}</code>").format(html_text(reason.code))


def reason_cell(t: Translator, status: LinkStatus, catalogue_text: bool) -> Markup:
    """Why a link has its verdict: the translated reason; a language that shows the catalogue's
    (English) free text shows the checker's own detail instead when it has one."""
    if status.badge == "unchecked" or status.reason is None or not status.reason.code:
        return Markup("–")
    if catalogue_text and status.detail:
        return md_text(status.detail)
    return reason_text(t, status.reason)


def report_link(project: Project, t: Translator, model: ModelView) -> str | None:
    """A new-issue link on the project's repository, prefilled with the model, its page and
    every one of its links; None when no repository is configured."""
    prefix = "" if t.lang == DEFAULT_LANGUAGE.code else f"/{t.lang}"
    code = t.plain("code.label")
    links = "\n".join(
        f"- {link.kind.value}: {link.url}" + (f" ({code} {link.code})" if link.code else "")
        for link in model.links
    )
    return project.new_issue_url(
        t.plain("report.title", label=model.label, id=model.id),
        t.plain(
            "report.body", label=model.label, id=model.id, page=f"{prefix}/models/{model.id}/", links=links
        ),
        labels=("link-report",),
    )


def render_pages(
    site: SiteData, schema_text: str, templates_dir: Path = TEMPLATES_DIR, project: Project = NO_PROJECT
) -> dict[str, str]:
    """Every generated file: pages in each language, catalog.json and schema.json.

    `templates_dir` holds the templates and their strings/ (tests render edited copies);
    `project` names the repository that "report a broken link" opens issues on.
    """
    env = environment(Path(templates_dir))
    catalog: Catalog = site.catalog
    model_ids = {m.id for m in site.models}
    points = chart_points(site.models)
    out: dict[str, str] = {
        "catalog.json": export_json(catalog, site.measurements),
        "schema.json": schema_text,
        **measurement_files(site.measurements),
        SPEED_SCRIPT: script_text(catalog),
    }
    for language in LANGUAGES:
        t = Translator.load(language.code, Path(templates_dir) / STRINGS_FOLDER)
        # A catalogue may publish no GLUE score at all (the schema allows it): the page says so.
        chart = (
            render_chart(points, t.plain, t.plain(f"split.{catalog.glue.split}"))
            if any(p.glue is not None for p in points)
            else None
        )
        common = {
            "t": t,
            "lang": language.code,
            "catalogue_text": language.catalogue_text,
            "site": site,
            "catalog": catalog,
            "kinds": SourceKind,
            "model_ids": model_ids,
            "chart": chart,
            "pins": pins,
            "reason": lambda status, t=t, text=language.catalogue_text: reason_cell(t, status, text),
            "report_url": lambda model, t=t: report_link(project, t, model),
            "bibtex": code_block(catalog.paper.bibtex),
            **measure_context(site, t, t.plain(f"split.{catalog.glue.split}")),
        }
        for template, path in TOP_PAGES.items():
            out[f"{path}.{language.code}.md"] = env.get_template(template).render(common)
        for model in site.models:
            out[f"models/{model.id}.{language.code}.md"] = render_model(env, common, model)
    return out


def measurement_files(found: tuple[Measurements, ...]) -> dict[str, str]:
    """Each measurement file, published as measurements/<machine>.json for readers to check."""
    return {f"measurements/{m.machine.id}.json": document_text(to_document(m)) for m in found}


def render_model(env: Environment, common: dict[str, Any], model: ModelView) -> str:
    t: Translator = common["t"]
    return env.get_template("model.md.j2").render(
        common,
        model=model,
        config_json=code_block(json.dumps(model.model.hf_config, indent=2)),
        snippets=model_snippets(model, common["catalog"], t.plain),
        download=hf_download_command(model),
    )


MODELS_SECTION = "Models"
"""The nav section of the model pages; mkdocs-static-i18n translates it (strings: site.models_section)."""


NavItem = str | dict[str, list[str]]
"""One entry of MkDocs' `nav`: a page, or a section's name and its pages."""


def site_nav(site: SiteData) -> list[NavItem]:
    """The MkDocs `nav`: top pages, and the models section in catalogue order.

    Titles are left to the pages (each language's own H1); only the section needs a name,
    which mkdocs-static-i18n's nav_translations translates.
    """
    return [
        "index.md",
        {MODELS_SECTION: ["models/index.md", *(f"models/{m.id}.md" for m in site.models)]},
        "downloads.md",
        "link-status.md",
        "about.md",
    ]
