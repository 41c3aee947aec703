"""Every HTML template a browser gets obeys the portal's Content-Security-Policy, which allows
no inline style or script: a `style=` or `on…=` attribute, a `<style>` element or a `<script>`
without `src` would be blocked (and logged) by the browser. PDF templates (rendered by
WeasyPrint, not a browser) and e-mail templates (mail clients ignore stylesheets) may keep
theirs."""

import re
from pathlib import Path

import pytest
from django.conf import settings

EXEMPT = ("pdf", "emails")
INLINE = [
    (re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE), "a style= attribute"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE), "an on…= event handler"),
    (re.compile(r"<style[\s>]", re.IGNORECASE), "a <style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE), "an inline <script>"),
]


def browser_templates() -> list[Path]:
    found = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            if path.relative_to(root).parts[0] not in EXEMPT:
                found.append(path)
    return found


def inline_code(text: str) -> list[str]:
    return [what for pattern, what in INLINE if pattern.search(text)]


def test_the_walk_finds_the_templates_browsers_get():
    names = {path.name for path in browser_templates()}
    assert {"base.html", "change_form.html", "offers.html", "property_list.html"} <= names


@pytest.mark.parametrize(
    "markup",
    [
        '<table style="width:100%">',
        '<fieldset class="module" style="margin-top:1em">',
        "<a href=\"#\" onclick='go()'>",
        "<body onload=go()>",
        "<style>p { color: red }</style>",
        "<script>alert(1)</script>",
    ],
)
def test_the_check_recognises_inline_code(markup):
    assert inline_code(markup)


def test_the_check_leaves_ordinary_markup_alone():
    markup = (
        '<script src="/static/js/portal.js" defer></script><link rel="stylesheet" href="x.css">'
        '<p class="onderweg" data-online="1">{% if on %}stylish{% endif %}</p>'
    )
    assert inline_code(markup) == []


@pytest.mark.parametrize("path", browser_templates(), ids=lambda p: "/".join(p.parts[-3:]))
def test_no_browser_template_has_inline_style_or_script(path):
    assert inline_code(path.read_text(encoding="utf-8")) == [], path
