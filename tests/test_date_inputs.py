"""Every date and time box shows its stored value: an <input type="date"> accepts only ISO
dates, so a form that writes "14-11-2026" (the Dutch format) into one shows it empty, and
saving the page untouched is refused with "Dit veld is verplicht."."""

import contextlib
import importlib
import importlib.util
from datetime import UTC, date, datetime

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from tests.factories import UserFactory

OUR_APPS = ("applications", "contracts", "properties", "klushuis", "aftercare")
ISO = {"date": "2026-11-14", "datetime-local": "2026-11-14T09:30"}
VALUES = {"date": date(2026, 11, 14), "datetime-local": datetime(2026, 11, 14, 9, 30, tzinfo=UTC)}


def _import_form_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith(OUR_APPS):
            continue
        for module in ("forms", "admin", "lottery.forms", "assessment.forms", "offers.forms"):
            name = f"{config.name}.{module}"
            with contextlib.suppress(ModuleNotFoundError):
                if importlib.util.find_spec(name):
                    importlib.import_module(name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _our_form_classes():
    _import_form_modules()
    return sorted(
        {
            cls
            for cls in _subclasses(forms.BaseForm)
            if cls.__module__.startswith(OUR_APPS) and getattr(cls, "base_fields", None)
        },
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


def _admin_form_classes():
    request = RequestFactory().get(reverse("admin:index"))
    request.resolver_match = resolve(reverse("admin:index"))
    request.user = UserFactory(is_staff=True, is_superuser=True)
    for model, model_admin in admin.site._registry.items():
        if not model._meta.app_label.startswith((*OUR_APPS, "accounts", "organisations")):
            continue
        yield model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield inline.get_formset(request).form


def _wrong_date_widgets(form_classes):
    wrong = []
    with translation.override("nl"):
        for form_class in form_classes:
            for name, field in form_class.base_fields.items():
                widget = field.widget
                kind = getattr(widget, "input_type", None)
                if kind not in ISO:
                    continue
                shown = widget.format_value(VALUES[kind])
                if shown != ISO[kind]:
                    wrong.append(f"{form_class.__module__}.{form_class.__name__}.{name}: {shown}")
    return wrong


def test_every_date_box_in_the_public_forms_shows_an_iso_date_in_dutch():
    assert _wrong_date_widgets(_our_form_classes()) == []


@pytest.mark.django_db
def test_every_date_box_in_the_admin_shows_an_iso_date_in_dutch():
    assert _wrong_date_widgets(list(_admin_form_classes())) == []
