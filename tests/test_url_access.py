"""Every URL's access rule in one table (issue 12).

Each row is a URL pattern: the project's URLconf, every registered ModelAdmin's `get_urls()` and
the custom admin views. Each column is a role of the standing cast (tests/cast.py), and each
cell the answer that role gets, checked with Django's test client. A URL pattern without a row
fails `test_every_url_pattern_has_a_row`: a new URL gets its access rule written down on
purpose.

The cast is built once for the module (inside a transaction rolled back at the end), and each
cell runs in its own savepoint, so a POST that changes something is undone before the next.
PDF rendering is replaced by a stub: the table is about who gets an answer, not its pages.

The table's legend is above it. A cell that today's code answers wrongly holds the *right*
answer, marked "!" with the row of issue 12 that fixes it in FIXED_BY: each role's test checks
every other cell, then xfails citing the rows while the bugs are there, and fails as soon as a
fix lands (a strict xfail, per cell), so that the mark goes with the fix.

Each role's test logs in once (through `client_for`) and walks its column. The module takes
about 30 s of CPU, most of it rendering the management site's pages; the cast is built once.
"""

import re
from dataclasses import dataclass
from datetime import date
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin import site
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, reverse

from aftercare.models import (
    AftercareSettings,
    Case,
    CompletionNotice,
    DefaultNotice,
    Evidence,
    Exemption,
    ExemptionDocument,
    Obligation,
    RequirementItem,
)
from applications.lottery.reports import report_render
from applications.models import LotteryDraw, LotteryReport, LotterySnapshot
from contracts.models import Clause, DocumentTemplate, Letter
from contracts.selectors import latest_version
from contracts.services import contract_render
from klushuis.accounts import roles
from klushuis.holiday_calendar.models import DecreeDay
from klushuis.organisations.models import Mandate
from klushuis.privacy.models import (
    AccessLogEntry,
    DestructionList,
    ErasureTombstone,
    RetentionPolicy,
)
from properties.models import AlertSubscription
from tests import cast as standing
from tests.cast import ROLES
from tests.klushuur import world as klushuur_world
from tests.test_urls import walk

LOGIN, ADMIN_LOGIN, ADMIN_INDEX = "login", "admin-login", "admin-index"


@dataclass(frozen=True)
class Bug:
    """The right answer, which today's code does not give yet (issue 12, `row`)."""

    answer: object
    row: int


# Unnamed patterns (the admin's "<id>/" redirects and catch-all) are keyed by their route.
PATTERNS = {name or route: (route, name) for name, route, _callback in walk()}


# --- What each URL points at ------------------------------------------------------------------


def _aftercare(cast):
    """The aftercare of the cast's sale, with a draft completion notice and one photo. Written
    directly: the cast's agreement is not transferred (which would change other rows), and
    the table is about who gets an answer."""
    contract = cast.contract
    case = Case.objects.create(
        contract=contract,
        property=contract.property,
        municipality=contract.municipality,
        sales_round=cast.this_round,
        buyer=cast.roles["buyer"],
        transfer_date=date(2026, 1, 5),
        terms={"renovation_start_months": 6, "renovation_completion_months": 24},
    )
    item = RequirementItem.objects.create(case=case, number=1, title="Dak")
    notice = CompletionNotice.objects.create(case=case)
    Evidence.objects.create(
        notice=notice, item=item, kind="photo", file=ContentFile(b"\xff\xd8\xff", name="e.jpg")
    )
    AftercareSettings.objects.create(municipality=cast.municipality)
    # An exemption request with a document, and a notice of default with its letter (#16).
    exemption = Exemption.objects.create(
        case=case, ground="illness", explanation="Ziek.", requested_by=cast.roles["buyer"]
    )
    ExemptionDocument.objects.create(
        exemption=exemption, file=ContentFile(b"%PDF-1.7\n", name="d.pdf")
    )
    obligation = Obligation.objects.create(
        case=case, kind="renovation_start", due_on=date(2026, 7, 5)
    )
    default_notice = DefaultNotice.objects.create(
        case=case,
        obligation=obligation,
        due_on=obligation.due_on,
        facts="Niet begonnen.",
        method="email",
        sent_on=date(2026, 7, 10),
        notice_days=8,
        comply_by=date(2026, 7, 18),
        consequence={},
        created_by=cast.roles["municipal_staff"],
    )
    template = DocumentTemplate.objects.filter(municipality=cast.municipality).first()
    Letter.objects.create(
        kind="default_notice",
        related=default_notice,
        data={"head": {"reference": "X-I1"}, "values": {}, "clause_order": []},
        template=template,
        template_version=template.version,
        rendering=Letter.Rendering.DONE,
        pdf=ContentFile(b"%PDF-1.7\n", name="l.pdf"),
    )
    return case


def _objects(cast, klushuur):
    """The real objects the cast's URLs point at: `this_round`'s, its aftercare case, and
    klushuur's (the buyer is the klushuur tenant at work, the other buyer a tenant of the
    complex)."""
    sales_round, home, application = cast.this_round, cast.home, cast.application
    k_world, k_agreement, k_job, k_change = klushuur
    case = Case.objects.get(contract=cast.contract)
    draw = LotteryDraw.objects.get(sales_round=sales_round)
    return {
        "round": sales_round.slug,
        "home": home.reference,
        "photo": home.photos.get().pk,
        "document": home.documents.get().pk,
        "draw": draw.pk,
        "snapshot": LotterySnapshot.objects.get(commitment__sales_round=sales_round).pk,
        "application": application.reference,
        "plan": application.preferences.get().plan.pk,
        "offer": cast.offer.pk,
        "contract": cast.contract.pk,
        "letter": Letter.objects.filter(application=cast.contract.application).first().pk,
        "property_type": ContentType.objects.get_for_model(home).pk,
        "home_pk": home.pk,
        "neighbourhood": (home.municipality.slug, home.neighbourhood.slug),
        # The home's offer closed when it was allocated; the complex's is open to its tenants.
        "k_offer": k_world.complex_offer.slug,
        "k_agreement": k_agreement.pk,
        "k_job": k_job.pk,
        "k_photo": k_job.photos.first().pk,
        "k_home": k_world.complex_home.pk,
        "case": case.pk,
        "evidence": Evidence.objects.get(notice__case=case).pk,
        "exemption_document": ExemptionDocument.objects.get(exemption__case=case).pk,
        "aftercare_letter": Letter.objects.get(kind="default_notice").pk,
        # Admin change pages, one object per model admin (`app_label_model`).
        "admin": {
            "auth_group": Group.objects.get(name=roles.BUREAU_SALES_STAFF).pk,
            "accounts_user": cast.roles["buyer"].pk,
            "organisations_organisation": cast.municipality.pk,
            "organisations_mandate": Mandate.objects.get(principal=cast.municipality).pk,
            "properties_neighbourhood": home.neighbourhood_id,
            "properties_property": home.pk,
            "properties_salesround": sales_round.pk,
            "properties_alertsubscription": AlertSubscription.objects.get().pk,
            "applications_application": application.pk,
            "applications_lotterydraw": draw.pk,
            "applications_lotterycommitment": draw.commitment_id,
            "contracts_clause": Clause.objects.filter(municipality=cast.municipality).first().pk,
            "contracts_documenttemplate": DocumentTemplate.objects.filter(
                municipality=cast.municipality
            )
            .first()
            .pk,
            "contracts_contract": cast.contract.pk,
            "contracts_letter": Letter.objects.filter(application=cast.contract.application)
            .first()
            .pk,
            "aftercare_case": case.pk,
            "aftercare_aftercaresettings": AftercareSettings.objects.get(
                municipality=cast.municipality
            ).pk,
            # Seeded by the holiday calendar's migration; made here if a flush removed it.
            "holiday_calendar_decreeday": DecreeDay.objects.get_or_create(
                day=date(2026, 5, 15), defaults={"decree": "Besluit gelijkstelling"}
            )[0].pk,
            "klushuur_job": k_world.kitchen.pk,
            "klushuur_complex": k_world.complex.pk,
            "klushuur_rentalhome": k_world.home.pk,
            "klushuur_offer": k_world.home_offer.pk,
            "klushuur_application": k_agreement.application_id,
            "klushuur_agreement": k_agreement.pk,
            "klushuur_change": k_change.pk,
            "klushuur_interest": k_world.applicant.klushuur_interests.get().pk,
            "axes_accessattempt": AccessAttempt.objects.get().pk,
            "axes_accesslog": AccessLog.objects.get().pk,
            "axes_accessfailurelog": AccessFailureLog.objects.get().pk,
            "privacy_accesslogentry": AccessLogEntry.objects.get(reference="HVS-TEST").pk,
            "privacy_erasuretombstone": ErasureTombstone.objects.get().pk,
            "privacy_retentionpolicy": RetentionPolicy.objects.get().pk,
            "privacy_destructionlist": DestructionList.objects.get().pk,
        },
    }


def _kwargs(key, objects) -> dict:
    o = objects
    explicit = {
        "theme_css": {"slug": "havenstad"},
        "privacy_municipality": {"slug": "havenstad"},
        "accounts:verify": {"token": "not-a-token"},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "x-y"},
        "properties:property_detail": {"reference": o["home"]},
        "properties:property_photo": {"reference": o["home"], "pk": o["photo"]},
        "properties:property_photo_thumb": {"reference": o["home"], "pk": o["photo"]},
        "properties:property_document": {"reference": o["home"], "pk": o["document"]},
        "properties:alert_confirm": {"token": "not-a-token"},
        "properties:alert_unsubscribe": {"token": "not-a-token"},
        "applications:lottery_record_by_id": {"slug": o["round"], "pk": o["draw"]},
        "applications:lottery_report": {"slug": o["round"], "pk": o["draw"]},
        "applications:lottery_snapshot_by_id": {"slug": o["round"], "pk": o["snapshot"]},
        "applications:jury_plan": {
            "slug": o["round"],
            "reference": o["application"],
            "home": o["home"],
        },
        "applications:jury_drawings": {
            "slug": o["round"],
            "reference": o["application"],
            "home": o["home"],
        },
        "applications:step": {"reference": o["application"], "step": 1},
        "reports:results": {
            "municipality": o["neighbourhood"][0],
            "neighbourhood": o["neighbourhood"][1],
        },
        "contracts:offer": {"reference": o["application"], "pk": o["offer"]},
        "applications:drawings": {"reference": o["application"], "pk": o["plan"]},
        "contracts:pdf": {"reference": o["application"], "number": 1},
        "contracts:letter": {"reference": o["application"], "kind": "aanbiedingsbrief"},
        "admin:app_list": {"app_label": "properties"},
        "admin:view_on_site": {"content_type_id": o["property_type"], "object_id": o["home_pk"]},
        "admin:contracts_contract_version_pdf": {"pk": o["contract"], "number": 1},
        "admin:contracts_letter_pdf": {"pk": o["letter"]},
        "admin:contracts_contract_act": {"pk": o["contract"], "action": "send"},
        "uploads:held": {"token": "not-a-token"},
        "aftercare:evidence": {"pk": o["evidence"]},
        "aftercare:exemption_document": {"pk": o["exemption_document"]},
        "aftercare:letter": {"pk": o["aftercare_letter"]},
        "aftercare:public_photo": {"reference": o["home"], "pk": o["evidence"]},
        "admin:aftercare_case_act": {"pk": o["case"], "action": "schedule"},
        "admin:properties_property_status": {"pk": o["home_pk"], "target": "withdrawn"},
        "klushuur:offer_detail": {"slug": o["k_offer"]},
        "klushuur:apply": {"slug": o["k_offer"]},
        "klushuur:home": {"pk": o["k_home"]},
        "klushuur:agreement": {"pk": o["k_agreement"]},
        "klushuur:sign": {"pk": o["k_agreement"]},
        "klushuur:addendum": {"pk": o["k_agreement"], "number": 1},
        "klushuur:schedule": {"pk": o["k_agreement"], "fmt": "csv"},
        "klushuur:report": {"pk": o["k_agreement"], "job": o["k_job"]},
        "klushuur:photo": {"pk": o["k_agreement"], "photo": o["k_photo"]},
        "admin:klushuur_offer_act": {"pk": o["admin"]["klushuur_offer"], "action": "close"},
        "admin:klushuur_application_decide": {"pk": o["admin"]["klushuur_application"]},
        "admin:klushuur_agreement_addendum_pdf": {"pk": o["k_agreement"], "number": 1},
        "admin:klushuur_agreement_schedule": {"pk": o["k_agreement"], "fmt": "xlsx"},
        "admin:klushuur_agreement_photo": {"pk": o["k_agreement"], "photo": o["k_photo"]},
        "admin:klushuur_agreement_act": {"pk": o["k_agreement"], "action": "sign"},
        "admin:klushuur_change_act": {"pk": o["admin"]["klushuur_change"], "action": "answer"},
        "admin:properties_salesround_offer_withdraw": {
            "pk": o["admin"]["properties_salesround"],
            "offer_pk": o["offer"],
        },
    }
    if key in explicit:
        return explicit[key]
    route, _name = PATTERNS[key]
    if route.endswith("(?P<url>.*)$"):  # the admin's catch-all: url_of() gives the path
        return {}
    params = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    model = re.match(r"beheer/(\w+)/(\w+)/", route)
    if model and params & {"pk", "object_id", "id"}:
        pk = o["admin"][f"{model[1]}_{model[2]}"]
        return dict.fromkeys(params, pk)
    if params == {"slug"}:
        return {"slug": o["round"]}
    if params == {"reference"}:
        return {"reference": o["application"]}
    if params == {"pk"} and key.startswith("aftercare:"):
        return {"pk": o["case"]}
    assert not params, f"{key}: give its kwargs in _kwargs()"
    return {}


def url_of(key, objects) -> str:
    route, name = PATTERNS[key]
    kwargs = _kwargs(key, objects)
    if name:
        return reverse(name, kwargs=kwargs)
    if route.endswith("(?P<url>.*)$"):  # the admin's catch-all
        return "/beheer/no-such-page/"
    path = route
    for param, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{param}>", str(value), path)
    return "/" + path


def answer(response):
    if response.status_code in (301, 302):
        target = response.url
        if target.startswith(reverse("accounts:login")):
            return LOGIN
        if target.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if target == reverse("admin:index"):
            return ADMIN_INDEX
        return 302
    return response.status_code


# --- The cast, built once ---------------------------------------------------------------------


def _stub_pdf(html):
    return b"%PDF-1.7\n% stub for the access table\n"


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("access-media")


def _storage(root, storages):
    return {
        "MEDIA_ROOT": root / "media",
        "PRIVATE_MEDIA_ROOT": root / "private",
        "STORAGES": {
            **storages,
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": root / "private", "base_url": None},
            },
        },
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, module_media):
    """Replaces the conftest's: every cell reads the files the cast uploaded once."""
    for name, value in _storage(module_media, settings.STORAGES).items():
        setattr(settings, name, value)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, module_media):
    """The standing cast and its objects, built once; rolled back after the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(**_storage(module_media, settings.STORAGES)),
        mock.patch("klushuis.pdf.render_pdf", _stub_pdf),
        transaction.atomic(),
    ):
        cast = standing.build()
        _aftercare(cast)
        AlertSubscription.objects.create(email="attendering@example.test")
        # One record of each kind the login throttle keeps, for its admin pages.
        who = {"username": "iemand@example.test", "ip_address": "192.0.2.1", "user_agent": "test"}
        AccessAttempt.objects.create(**who, failures_since_start=1)
        AccessLog.objects.create(**who)
        AccessFailureLog.objects.create(**who)
        # One record of each kind the privacy module keeps, for its admin pages.
        here = {"organisation": cast.municipality}
        AccessLogEntry.objects.create(
            **here,
            user_label="x@example.test",
            action="view",
            what="application",
            reference="HVS-TEST",
        )
        ErasureTombstone.objects.create(**here, category="application", reference="X", reason="t")
        RetentionPolicy.objects.create(**here)
        DestructionList.objects.create(
            **here, category="contract", proposed_by=cast.roles["administrator"]
        )
        contract_render(latest_version(cast.contract).pk)
        for report in LotteryReport.objects.filter(rendering=LotteryReport.Rendering.PENDING):
            report_render(report.pk)
        k_world = klushuur_world.build(
            "toegang", applicant=cast.roles["buyer"], existing_tenant=cast.roles["other_buyer"]
        )
        klushuur = (k_world, *klushuur_world.at_work(k_world))
        yield cast, _objects(cast, klushuur)
        transaction.set_rollback(True)


# --- The table --------------------------------------------------------------------------------
# Columns, in the order of tests.cast.ROLES: anonymous, buyer, other buyer, juror of this round,
# juror elsewhere, notary here, notary elsewhere, auditor, municipal staff, bureau with a mandate,
# bureau without one, platform administrator. L: to the portal's login page (login is required
# by default, the management site's pages included); A: to the management site's login page;
# I: to the management site's index (what the admin answers for an object outside the user's
# data); "403!": should be 403, today's code answers otherwise, and the row of issue 12 named in
# FIXED_BY (below the tables) fixes it.

# fmt: off
PORTAL = {
    #                                      ano buy by2 jur jr2 not nt2 aud mun bur br2 adm
    "home":                                "200 200 200 200 200 200 200 200 200 200 200 200",
    "set_language":                        "405 405 405 405 405 405 405 405 405 405 405 405",
    "theme_css":                           "200 200 200 200 200 200 200 200 200 200 200 200",
    "healthz":                             "200 200 200 200 200 200 200 200 200 200 200 200",
    "about":                               "200 200 200 200 200 200 200 200 200 200 200 200",
    "privacy":                             "200 200 200 200 200 200 200 200 200 200 200 200",
    "privacy_municipality":                "200 200 200 200 200 200 200 200 200 200 200 200",
    "accessibility":                       "200 200 200 200 200 200 200 200 200 200 200 200",
    "security_txt":                        "200 200 200 200 200 200 200 200 200 200 200 200",
    "robots_txt":                          "200 200 200 200 200 200 200 200 200 200 200 200",
    "sitemap":                             "200 200 200 200 200 200 200 200 200 200 200 200",
    "uploads:held":                        "L   404 404 404 404 404 404 404 404 404 404 404",
    "accounts:login":                      "200 302 302 302 302 302 302 302 302 302 302 302",
    "accounts:logout":                     "L   405 405 405 405 405 405 405 405 405 405 405",
    "accounts:register":                   "200 302 302 302 302 302 302 302 302 302 302 302",
    "accounts:register_done":              "200 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:verify_resend":              "200 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:verify":                     "400 400 400 400 400 400 400 400 400 400 400 400",
    "accounts:password_reset":             "200 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:password_reset_done":        "200 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:password_reset_confirm":     "200 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:password_reset_complete":    "200 200 200 200 200 200 200 200 200 200 200 200",
    "accounts:password_change":            "L   200 200 200 200 200 200 200 200 200 200 200",
    "accounts:second_factor":              "L   302 302 302 302 302 302 302 302 302 302 302",
    "accounts:second_factor_setup":        "L   302 302 200 200 200 200 200 200 200 200 200",
    "accounts:second_factor_qr":           "L   404 404 200 200 200 200 200 200 200 200 200",
    "accounts:second_factor_recovery_codes":"L   302 302 302 302 302 302 302 302 302 302 302",
    "accounts:second_factor_new_recovery_codes":"L   405 405 405 405 405 405 405 405 405 405 405",
    "accounts:account":                    "L   200 200 200 200 200 200 200 200 200 200 200",
    "privacy:my_data":                     "L   200 200 200 200 200 200 200 200 200 200 200",
    "privacy:my_data_download":            "L   200 200 200 200 200 200 200 200 200 200 200",
    "privacy:my_data_delete":              "L   405 405 405 405 405 405 405 405 405 405 405",
    "properties:property_list":            "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:property_detail":          "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:property_photo":           "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:property_photo_thumb":     "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:property_document":        "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:round_list":               "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:round_detail":             "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:alert_subscribe":          "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:alert_subscribe_done":     "200 200 200 200 200 200 200 200 200 200 200 200",
    "properties:alert_confirm":            "400 400 400 400 400 400 400 400 400 400 400 400",
    "properties:alert_unsubscribe":        "400 400 400 400 400 400 400 400 400 400 400 400",
    "applications:lottery_record":         "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:lottery_record_by_id":   "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:lottery_report":         "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:lottery_snapshot":       "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:lottery_snapshot_by_id": "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:offer_log":              "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:assessment_outcome":     "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:jury_rounds":            "L   403 403 200 200 403 403 403 403 403 403 200",
    "applications:jury_round":             "L   403 403 200 404 403 403 403 403 403 403 404",
    "applications:jury_plan":              "L   403 403 200 404 403 403 403 403 403 403 404",
    "applications:jury_drawings":          "L   403 403 200 404 403 403 403 403 403 403 404",
    "applications:lottery_verify":         "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:lottery_verifier":       "200 200 200 200 200 200 200 200 200 200 200 200",
    "applications:lottery_draw_list":      "L   403 403 403 403 200 200 403 403 403 403 200",
    "applications:lottery_draw":           "L   403 403 403 403 200 404 403 403 403 403 404",
    "applications:dashboard":              "L   200 200 200 200 200 200 200 200 200 200 200",
    "applications:start":                  "L   405 405 405 405 405 405 405 405 405 405 405",
    "applications:detail":                 "L   200 404 404 404 404 404 404 404 404 404 404",
    "applications:step":                   "L   302 404 404 404 404 404 404 404 404 404 404",
    "applications:submit":                 "L   405 405 405 405 405 405 405 405 405 405 405",
    "applications:withdraw":               "L   200 404 404 404 404 404 404 404 404 404 404",
    "applications:reopen":                 "L   405 405 405 405 405 405 405 405 405 405 405",
    "applications:financing_statement":    "L   200 404 404 404 404 404 200 200 200 404 200",
    "applications:drawings":               "L   200 404 404 404 404 404 200 200 200 404 200",
    "contracts:pdf":                       "L   404 404 404 404 404 404 200 200 200 404 200",
    "contracts:offer":                     "L   200 404 404 404 404 404 404 404 404 404 404",
    "contracts:withdraw":                  "L   200 404 404 404 404 404 404 404 404 404 404",
    "contracts:dissolve":                  "L   200 404 404 404 404 404 404 404 404 404 404",
    "contracts:letter":                    "L   200 404 404 404 404 404 404 404 404 404 404",
    "klushuur:offer_list":                 "200 200 200 200 200 200 200 200 200 200 200 200",
    "klushuur:offer_detail":               "200 200 200 200 200 200 200 200 200 200 200 200",
    "klushuur:interest":                   "L   200 200 200 200 200 200 200 200 200 200 200",
    "klushuur:mine":                       "L   200 200 200 200 200 200 200 200 200 200 200",
    "klushuur:apply":                      "L   404 200 404 404 404 404 404 404 404 404 404",
    "klushuur:home":                       "L   404 200 404 404 404 404 404 404 404 404 404",
    "klushuur:agreement":                  "L   200 404 404 404 404 404 404 404 404 404 404",
    "klushuur:sign":                       "L   405 405 405 405 405 405 405 405 405 405 405",
    "klushuur:addendum":                   "L   200 404 404 404 404 404 404 404 404 404 404",
    "klushuur:schedule":                   "L   200 404 404 404 404 404 404 404 404 404 404",
    "klushuur:report":                     "L   405 405 405 405 405 405 405 405 405 405 405",
    "klushuur:photo":                      "L   200 404 404 404 404 404 404 404 404 404 404",
    "aftercare:mine":                      "L   302 200 200 200 200 200 200 200 200 200 200",
    "aftercare:home":                      "L   200 404 404 404 404 404 404 404 404 404 404",
    "aftercare:progress":                  "L   405 405 405 405 405 405 405 405 405 405 405",
    "aftercare:notice":                    "L   200 404 404 404 404 404 404 404 404 404 404",
    "aftercare:consent":                   "L   405 405 405 405 405 405 405 405 405 405 405",
    "aftercare:registration":              "L   405 405 405 405 405 405 405 405 405 405 405",
    "aftercare:exemption":                 "L   405 405 405 405 405 405 405 405 405 405 405",
    "aftercare:resale_report":             "L   405 405 405 405 405 405 405 405 405 405 405",
    # No release in the table's case: the statement is nobody's yet (tests/aftercare walk it).
    "aftercare:statement":                 "L   404 404 404 404 404 404 404 404 404 404 404",
    # Notaries report resales of the homes of the municipalities whose rounds name them.
    "aftercare:notary_homes":              "L   403 403 403 403 200 200 403 403 403 403 200",
    "aftercare:notary_report":             "L   403 403 403 403 200 404 403 403 403 403 404",
    "aftercare:evidence":                  "L   200 404 404 404 404 404 200 200 200 404 200",
    "aftercare:exemption_document":        "L   200 404 404 404 404 404 200 200 200 404 200",
    "aftercare:letter":                    "L   200 404 404 404 404 404 200 200 200 404 200",
    "aftercare:public_photo":              "404 404 404 404 404 404 404 404 404 404 404 404",
    # Aggregates for staff with read access to the sales, scoped to their municipalities (the
    # bureau without a mandate here has one elsewhere: it sees that municipality only).
    "reports:dashboard":                   "L   403 403 403 403 403 403 200 200 200 200 200",
    "reports:council_report":              "L   403 403 403 403 403 403 200 200 200 200 200",
    "reports:export":                      "L   403 403 403 403 403 403 200 200 200 200 200",
    "reports:results":                     "200 200 200 200 200 200 200 200 200 200 200 200",
}

# The management site, by URL name without "admin:". Each ModelAdmin's unnamed "<id>/" route
# (it redirects to the change page) is "<app>_<model>_redirect"; the site's unnamed catch-all
# is "catch_all". The POST-only transition views answer a GET with 405 once the user is staff;
# who may make them is in POST below.
ADMIN = {
    #                                            ano buy by2 jur jr2 not nt2 aud mun bur br2 adm
    "index":                                     "A   A   A   200 200 A   A   200 200 200 200 200",
    "login":                                     "200 200 200 I   I   200 200 I   I   I   I   I",
    "logout":                                    "A   I   I   405 405 I   I   405 405 405 405 405",
    "password_change":                           "A   A   A   200 200 A   A   200 200 200 200 200",
    "password_change_done":                      "A   A   A   200 200 A   A   200 200 200 200 200",
    "autocomplete":                              "A   A   A   403 403 A   A   403 403 403 403 403",
    "jsi18n":                                    "A   A   A   200 200 A   A   200 200 200 200 200",
    "view_on_site":                              "A   A   A   404 404 A   A   404 404 404 404 404",
    "auth_group_changelist":                     "L   A   A   403 403 A   A   403 403 403 403 200",
    "auth_group_add":                            "L   A   A   403 403 A   A   403 403 403 403 200",
    "auth_group_history":                        "L   A   A   403 403 A   A   403 403 403 403 200",
    "auth_group_delete":                         "L   A   A   403 403 A   A   403 403 403 403 200",
    "auth_group_change":                         "L   A   A   403 403 A   A   403 403 403 403 200",
    "auth_group_redirect":                       "L   A   A   302 302 A   A   302 302 302 302 302",
    "auth_user_password_change":                 "L   A   A   403 403 A   A   403 403 403 403 200",
    "accounts_user_changelist":                  "L   A   A   403 403 A   A   200 200 200 200 200",
    "accounts_user_add":                         "L   A   A   403 403 A   A   403 403 403 403 200",
    "accounts_user_history":                     "L   A   A   I   I   A   A   I   I   I   I   200",
    "accounts_user_delete":                      "L   A   A   403 403 A   A   403 403 403 403 200",
    "accounts_user_change":                      "L   A   A   403 403 A   A   I   I   I   I   200",
    "accounts_user_redirect":                    "L   A   A   302 302 A   A   302 302 302 302 302",
    "organisations_organisation_changelist":     "L   A   A   403 403 A   A   200 200 200 200 200",
    "organisations_organisation_add":            "L   A   A   403 403 A   A   403 403 403 403 200",
    "organisations_organisation_history":        "L   A   A   403 I   A   A   200 200 200 I   200",
    "organisations_organisation_delete":         "L   A   A   403 403 A   A   403 403 403 403 200",
    "organisations_organisation_change":         "L   A   A   403 403 A   A   200 200 200 I   200",
    "organisations_organisation_redirect":       "L   A   A   302 302 A   A   302 302 302 302 302",
    "organisations_mandate_changelist":          "L   A   A   403 403 A   A   200 200 200 200 200",
    "organisations_mandate_add":                 "L   A   A   403 403 A   A   403 403 403 403 200",
    "organisations_mandate_history":             "L   A   A   I   I   A   A   I   I   200 I   200",
    "organisations_mandate_delete":              "L   A   A   403 403 A   A   403 403 403 403 200",
    "organisations_mandate_change":              "L   A   A   403 403 A   A   I   I   200 I   200",
    "organisations_mandate_redirect":            "L   A   A   302 302 A   A   302 302 302 302 302",
    "holiday_calendar_decreeday_changelist":     "L   A   A   403 403 A   A   200 200 200 200 200",
    "holiday_calendar_decreeday_add":            "L   A   A   403 403 A   A   403 403 403 403 200",
    "holiday_calendar_decreeday_history":        "L   A   A   403 403 A   A   200 200 200 200 200",
    "holiday_calendar_decreeday_delete":         "L   A   A   403 403 A   A   403 403 403 403 200",
    "holiday_calendar_decreeday_change":         "L   A   A   403 403 A   A   200 200 200 200 200",
    "holiday_calendar_decreeday_redirect":       "L   A   A   302 302 A   A   302 302 302 302 302",
    "properties_neighbourhood_changelist":       "L   A   A   403 403 A   A   200 200 200 200 200",
    "properties_neighbourhood_add":              "L   A   A   403 403 A   A   403 200 200 200 200",
    "properties_neighbourhood_history":          "L   A   A   403 I   A   A   200 200 200 I   200",
    "properties_neighbourhood_delete":           "L   A   A   403 403 A   A   403 403 403 403 200",
    "properties_neighbourhood_change":           "L   A   A   403 403 A   A   200 200 200 I   200",
    "properties_neighbourhood_redirect":         "L   A   A   302 302 A   A   302 302 302 302 302",
    "properties_property_status":                "L   A   A   405 405 A   A   405 405 405 405 405",
    "properties_property_changelist":            "L   A   A   403 403 A   A   200 200 200 200 200",
    "properties_property_add":                   "L   A   A   403 403 A   A   403 200 200 200 200",
    "properties_property_history":               "L   A   A   403 I   A   A   200 200 200 I   200",
    "properties_property_delete":                "L   A   A   403 403 A   A   403 403 403 403 200",
    "properties_property_change":                "L   A   A   403 403 A   A   200 200 200 I   200",
    "properties_property_redirect":              "L   A   A   302 302 A   A   302 302 302 302 302",
    "properties_salesround_publish":             "L   A   A   405 405 A   A   405 405 405 405 405",
    "properties_salesround_freeze":              "L   A   A   405 405 A   A   405 405 405 405 405",
    "properties_salesround_assessment":          "L   A   A   405 405 A   A   405 405 405 405 405",
    "properties_salesround_offers":              "L   A   A   403 404 A   A   200 200 200 404 200",
    "properties_salesround_offers_start":        "L   A   A   405 405 A   A   405 405 405 405 405",
    "properties_salesround_offer_withdraw":      "L   A   A   405 405 A   A   405 405 405 405 405",
    "properties_salesround_changelist":          "L   A   A   403 403 A   A   200 200 200 200 200",
    "properties_salesround_add":                 "L   A   A   403 403 A   A   403 200 200 200 200",
    "properties_salesround_history":             "L   A   A   403 I   A   A   200 200 200 I   200",
    "properties_salesround_delete":              "L   A   A   403 403 A   A   403 403 403 403 200",
    "properties_salesround_change":              "L   A   A   403 403 A   A   200 200 200 I   200",
    "properties_salesround_redirect":            "L   A   A   302 302 A   A   302 302 302 302 302",
    "properties_alertsubscription_changelist":   "L   A   A   403 403 A   A   403 403 403 403 200",
    "properties_alertsubscription_add":          "L   A   A   403 403 A   A   403 403 403 403 403",
    "properties_alertsubscription_history":      "L   A   A   I   I   A   A   I   I   I   I   200",
    "properties_alertsubscription_delete":       "L   A   A   403 403 A   A   403 403 403 403 200",
    "properties_alertsubscription_change":       "L   A   A   403 403 A   A   403 403 403 403 200",
    "properties_alertsubscription_redirect":     "L   A   A   302 302 A   A   302 302 302 302 302",
    "applications_application_export":           "L   A   A   403 403 A   A   403 200 200 200 200",
    "applications_application_decide":           "L   A   A   403 404 A   A   403 200 200 404 200",
    "applications_application_changelist":       "L   A   A   403 403 A   A   200 200 200 200 200",
    "applications_application_add":              "L   A   A   403 403 A   A   403 403 403 403 403",
    "applications_application_history":          "L   A   A   403 I   A   A   200 200 200 I   200",
    "applications_application_delete":           "L   A   A   403 403 A   A   403 403 403 403 403",
    "applications_application_change":           "L   A   A   403 403 A   A   200 200 200 I   200",
    "applications_application_redirect":         "L   A   A   302 302 A   A   302 302 302 302 302",
    "applications_lotterydraw_annul":            "L   A   A   403 404 A   A   403 200 200 404 200",
    "applications_lotterydraw_changelist":       "L   A   A   403 403 A   A   200 200 200 200 200",
    "applications_lotterydraw_add":              "L   A   A   403 403 A   A   403 403 403 403 403",
    "applications_lotterydraw_history":          "L   A   A   403 I   A   A   200 200 200 I   200",
    "applications_lotterydraw_delete":           "L   A   A   403 403 A   A   403 403 403 403 403",
    "applications_lotterydraw_change":           "L   A   A   403 403 A   A   200 200 200 I   200",
    "applications_lotterydraw_redirect":         "L   A   A   302 302 A   A   302 302 302 302 302",
    "applications_lotterycommitment_changelist": "L   A   A   403 403 A   A   200 200 200 200 200",
    "applications_lotterycommitment_add":        "L   A   A   403 403 A   A   403 403 403 403 403",
    "applications_lotterycommitment_history":    "L   A   A   403 I   A   A   200 200 200 I   200",
    "applications_lotterycommitment_delete":     "L   A   A   403 403 A   A   403 403 403 403 403",
    "applications_lotterycommitment_change":     "L   A   A   403 403 A   A   200 200 200 I   200",
    "applications_lotterycommitment_redirect":   "L   A   A   302 302 A   A   302 302 302 302 302",
    "contracts_clause_changelist":               "L   A   A   403 403 A   A   200 200 200 200 200",
    "contracts_clause_add":                      "L   A   A   403 403 A   A   403 200 200 200 200",
    "contracts_clause_history":                  "L   A   A   403 I   A   A   200 200 200 I   200",
    "contracts_clause_delete":                   "L   A   A   403 403 A   A   403 200 200 I   200",
    "contracts_clause_change":                   "L   A   A   403 403 A   A   200 200 200 I   200",
    "contracts_clause_redirect":                 "L   A   A   302 302 A   A   302 302 302 302 302",
    "contracts_documenttemplate_preview":        "L   A   A   403 404 A   A   200 200 200 404 200",
    "contracts_documenttemplate_changelist":     "L   A   A   403 403 A   A   200 200 200 200 200",
    "contracts_documenttemplate_add":            "L   A   A   403 403 A   A   403 200 200 200 200",
    "contracts_documenttemplate_history":        "L   A   A   403 I   A   A   200 200 200 I   200",
    "contracts_documenttemplate_delete":         "L   A   A   403 403 A   A   403 200 200 I   200",
    "contracts_documenttemplate_change":         "L   A   A   403 403 A   A   200 200 200 I   200",
    "contracts_documenttemplate_redirect":       "L   A   A   302 302 A   A   302 302 302 302 302",
    "contracts_contract_version_pdf":            "L   A   A   403 404 A   A   200 200 200 404 200",
    "contracts_contract_signed_pdf":             "L   A   A   403 404 A   A   404 404 404 404 404",
    "contracts_contract_notary_pdf":             "L   A   A   403 404 A   A   200 200 200 404 200",
    "contracts_contract_act":                    "L   A   A   405 405 A   A   405 405 405 405 405",
    "contracts_contract_changelist":             "L   A   A   403 403 A   A   200 200 200 200 200",
    "contracts_contract_add":                    "L   A   A   403 403 A   A   403 403 403 403 403",
    "contracts_contract_history":                "L   A   A   403 I   A   A   200 200 200 I   200",
    "contracts_contract_delete":                 "L   A   A   403 403 A   A   403 403 403 403 403",
    "contracts_contract_change":                 "L   A   A   403 403 A   A   200 200 200 I   200",
    "contracts_contract_redirect":               "L   A   A   302 302 A   A   302 302 302 302 302",
    "contracts_letter_pdf":                      "L   A   A   403 403 A   A   200 200 200 404 200",
    "contracts_letter_changelist":               "L   A   A   403 403 A   A   200 200 200 200 200",
    "contracts_letter_add":                      "L   A   A   403 403 A   A   403 403 403 403 403",
    "contracts_letter_history":                  "L   A   A   403 I   A   A   200 200 200 I   200",
    "contracts_letter_delete":                   "L   A   A   403 403 A   A   403 403 403 403 403",
    "contracts_letter_change":                   "L   A   A   403 403 A   A   200 200 200 I   200",
    "contracts_letter_redirect":                 "L   A   A   302 302 A   A   302 302 302 302 302",
    "klushuur_offer_act":                       "L   A   A   405 405 A   A   405 405 405 405 405",
    "klushuur_application_decide":              "L   A   A   405 405 A   A   405 405 405 405 405",
    "klushuur_agreement_addendum_pdf":          "L   A   A   404 404 A   A   404 404 404 404 200",
    "klushuur_agreement_schedule":              "L   A   A   404 404 A   A   404 404 404 404 200",
    "klushuur_agreement_photo":                 "L   A   A   404 404 A   A   404 404 404 404 200",
    "klushuur_agreement_act":                   "L   A   A   405 405 A   A   405 405 405 405 405",
    "klushuur_change_act":                      "L   A   A   405 405 A   A   405 405 405 405 405",
    "klushuur_job_changelist":                  "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_job_add":                         "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_job_history":                     "L   A   A   I   I   A   A   I   I   I   I   200",
    "klushuur_job_delete":                      "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_job_change":                      "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_job_redirect":                    "L   A   A   302 302 A   A   302 302 302 302 302",
    "klushuur_complex_changelist":              "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_complex_add":                     "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_complex_history":                 "L   A   A   I   I   A   A   I   I   I   I   200",
    "klushuur_complex_delete":                  "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_complex_change":                  "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_complex_redirect":                "L   A   A   302 302 A   A   302 302 302 302 302",
    "klushuur_rentalhome_changelist":           "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_rentalhome_add":                  "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_rentalhome_history":              "L   A   A   I   I   A   A   I   I   I   I   200",
    "klushuur_rentalhome_delete":               "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_rentalhome_change":               "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_rentalhome_redirect":             "L   A   A   302 302 A   A   302 302 302 302 302",
    "klushuur_offer_changelist":                "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_offer_add":                       "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_offer_history":                   "L   A   A   I   I   A   A   I   I   I   I   200",
    "klushuur_offer_delete":                    "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_offer_change":                    "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_offer_redirect":                  "L   A   A   302 302 A   A   302 302 302 302 302",
    "klushuur_application_changelist":          "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_application_add":                 "L   A   A   403 403 A   A   403 403 403 403 403",
    "klushuur_application_history":             "L   A   A   I   I   A   A   I   I   I   I   200",
    "klushuur_application_delete":              "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_application_change":              "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_application_redirect":            "L   A   A   302 302 A   A   302 302 302 302 302",
    "klushuur_agreement_changelist":            "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_agreement_add":                   "L   A   A   403 403 A   A   403 403 403 403 403",
    "klushuur_agreement_history":               "L   A   A   I   I   A   A   I   I   I   I   200",
    "klushuur_agreement_delete":                "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_agreement_change":                "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_agreement_redirect":              "L   A   A   302 302 A   A   302 302 302 302 302",
    "klushuur_change_changelist":               "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_change_add":                      "L   A   A   403 403 A   A   403 403 403 403 403",
    "klushuur_change_history":                  "L   A   A   I   I   A   A   I   I   I   I   200",
    "klushuur_change_delete":                   "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_change_change":                   "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_change_redirect":                 "L   A   A   302 302 A   A   302 302 302 302 302",
    "klushuur_interest_changelist":             "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_interest_add":                    "L   A   A   403 403 A   A   403 403 403 403 403",
    "klushuur_interest_history":                "L   A   A   I   I   A   A   I   I   I   I   200",
    "klushuur_interest_delete":                 "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_interest_change":                 "L   A   A   403 403 A   A   403 403 403 403 200",
    "klushuur_interest_redirect":               "L   A   A   302 302 A   A   302 302 302 302 302",
    "aftercare_case_act":                        "L   A   A   405 405 A   A   405 405 405 405 405",
    "aftercare_case_dossier":                    "L   A   A   403 404 A   A   200 200 200 404 200",
    "aftercare_case_timeline":                   "L   A   A   403 404 A   A   200 200 200 404 200",
    "aftercare_case_changelist":                 "L   A   A   403 403 A   A   200 200 200 200 200",
    "aftercare_case_add":                        "L   A   A   403 403 A   A   403 403 403 403 403",
    "aftercare_case_history":                    "L   A   A   403 I   A   A   200 200 200 I   200",
    "aftercare_case_delete":                     "L   A   A   403 403 A   A   403 403 403 403 403",
    "aftercare_case_change":                     "L   A   A   403 403 A   A   200 200 200 I   200",
    "aftercare_case_redirect":                   "L   A   A   302 302 A   A   302 302 302 302 302",
    "aftercare_aftercaresettings_changelist":    "L   A   A   403 403 A   A   200 200 200 200 200",
    "aftercare_aftercaresettings_add":           "L   A   A   403 403 A   A   403 200 200 200 200",
    "aftercare_aftercaresettings_history":       "L   A   A   403 I   A   A   200 200 200 I   200",
    "aftercare_aftercaresettings_delete":        "L   A   A   403 403 A   A   403 403 403 403 200",
    "aftercare_aftercaresettings_change":        "L   A   A   403 403 A   A   200 200 200 I   200",
    "aftercare_aftercaresettings_redirect":      "L   A   A   302 302 A   A   302 302 302 302 302",
    "axes_accessattempt_changelist":             "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accessattempt_add":                    "L   A   A   403 403 A   A   403 403 403 403 403",
    "axes_accessattempt_history":                "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accessattempt_delete":                 "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accessattempt_change":                 "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accessattempt_redirect":               "L   A   A   302 302 A   A   302 302 302 302 302",
    "axes_accesslog_changelist":                 "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accesslog_add":                        "L   A   A   403 403 A   A   403 403 403 403 403",
    "axes_accesslog_history":                    "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accesslog_delete":                     "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accesslog_change":                     "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accesslog_redirect":                   "L   A   A   302 302 A   A   302 302 302 302 302",
    "axes_accessfailurelog_changelist":          "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accessfailurelog_add":                 "L   A   A   403 403 A   A   403 403 403 403 403",
    "axes_accessfailurelog_history":             "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accessfailurelog_delete":              "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accessfailurelog_change":              "L   A   A   403 403 A   A   403 403 403 403 200",
    "axes_accessfailurelog_redirect":            "L   A   A   302 302 A   A   302 302 302 302 302",
    "privacy_accesslogentry_changelist":         "L   A   A   403 403 A   A   200 403 403 403 200",
    "privacy_accesslogentry_add":                "L   A   A   403 403 A   A   403 403 403 403 403",
    "privacy_accesslogentry_history":            "L   A   A   403 I   A   A   200 403 403 I   200",
    "privacy_accesslogentry_delete":             "L   A   A   403 403 A   A   403 403 403 403 403",
    "privacy_accesslogentry_change":             "L   A   A   403 403 A   A   200 403 403 403 200",
    "privacy_accesslogentry_redirect":           "L   A   A   302 302 A   A   302 302 302 302 302",
    "privacy_erasuretombstone_changelist":       "L   A   A   403 403 A   A   200 403 403 403 200",
    "privacy_erasuretombstone_add":              "L   A   A   403 403 A   A   403 403 403 403 403",
    "privacy_erasuretombstone_history":          "L   A   A   403 I   A   A   200 403 403 I   200",
    "privacy_erasuretombstone_delete":           "L   A   A   403 403 A   A   403 403 403 403 403",
    "privacy_erasuretombstone_change":           "L   A   A   403 403 A   A   200 403 403 403 200",
    "privacy_erasuretombstone_redirect":         "L   A   A   302 302 A   A   302 302 302 302 302",
    "privacy_retentionpolicy_changelist":        "L   A   A   403 403 A   A   200 200 200 200 200",
    "privacy_retentionpolicy_add":               "L   A   A   403 403 A   A   403 403 403 403 200",
    "privacy_retentionpolicy_history":           "L   A   A   403 I   A   A   200 200 200 I   200",
    "privacy_retentionpolicy_delete":            "L   A   A   403 403 A   A   403 403 403 403 403",
    "privacy_retentionpolicy_change":            "L   A   A   403 403 A   A   200 200 200 I   200",
    "privacy_retentionpolicy_redirect":          "L   A   A   302 302 A   A   302 302 302 302 302",
    "privacy_destructionlist_decide":            "L   A   A   403 404 A   A   403 403 403 404 200",
    "privacy_destructionlist_changelist":        "L   A   A   403 403 A   A   200 200 200 200 200",
    "privacy_destructionlist_add":               "L   A   A   403 403 A   A   403 403 403 403 403",
    "privacy_destructionlist_history":           "L   A   A   403 I   A   A   200 200 200 I   200",
    "privacy_destructionlist_delete":            "L   A   A   403 403 A   A   403 403 403 403 403",
    "privacy_destructionlist_change":            "L   A   A   403 403 A   A   200 200 200 I   200",
    "privacy_destructionlist_redirect":          "L   A   A   302 302 A   A   302 302 302 302 302",
    "app_list":                                  "A   A   A   404 404 A   A   200 200 200 200 200",
    "catch_all":                                 "A   A   A   404 404 A   A   404 404 404 404 404",
}

# POST where the permission differs from GET's, with an empty body: the permission is checked
# before the form, so a refused form (400, or 200 with its errors) or a refused step (302 back
# with a message) shows that the user got through. The cast's round is past the draw and its
# offers, so the steps that came before are refused as done.
POST = {
    # The portal's (by URL name)
    #                                       ano buy by2 jur jr2 not nt2 aud mun bur br2 adm
    "applications:lottery_draw":            "L   403 403 403 403 200 404 403 403 403 403 404",
    "applications:submit":                  "L   400 404 404 404 404 404 404 404 404 404 404",
    "applications:withdraw":                "L   200 404 404 404 404 404 404 404 404 404 404",
    "applications:reopen":                  "L   302 404 404 404 404 404 404 404 404 404 404",
    "contracts:withdraw":                   "L   200 404 404 404 404 404 404 404 404 404 404",
    "contracts:dissolve":                   "L   200 404 404 404 404 404 404 404 404 404 404",
    "klushuur:sign":                        "L   302 404 404 404 404 404 404 404 404 404 404",
    "klushuur:report":                      "L   200 404 404 404 404 404 404 404 404 404 404",
    "klushuur:apply":                       "L   404 200 404 404 404 404 404 404 404 404 404",
    "klushuur:home":                        "L   404 200 404 404 404 404 404 404 404 404 404",
    "klushuur:interest":                    "L   200 200 200 200 200 200 200 200 200 200 200",
    "privacy:my_data_delete":               "L   400 400 403 403 400 400 403 403 403 403 403",
    # The management site's (by URL name without "admin:")
    "klushuur_offer_act":                   "L   A   A   404 404 A   A   404 404 404 404 302",
    "klushuur_application_decide":          "L   A   A   404 404 A   A   404 404 404 404 302",
    "klushuur_agreement_act":               "L   A   A   404 404 A   A   404 404 404 404 302",
    "klushuur_change_act":                  "L   A   A   404 404 A   A   404 404 404 404 302",
    "properties_salesround_publish":        "L   A   A   403 404 A   A   403 302 302 404 302",
    "properties_salesround_freeze":         "L   A   A   403 404 A   A   403 302 302 404 302",
    "properties_salesround_assessment":     "L   A   A   403 404 A   A   403 302 302 404 302",
    "properties_salesround_offers_start":   "L   A   A   403 404 A   A   403 302 302 404 302",
    "properties_salesround_offer_withdraw": "L   A   A   403 404 A   A   403 302 302 404 302",
    "applications_application_decide":      "L   A   A   403 404 A   A   403 200 200 404 200",
    "properties_property_status":           "L   A   A   403 404 A   A   403 302 302 404 302",
    "applications_lotterydraw_annul":       "L   A   A   403 404 A   A   403 200 200 404 200",
    "contracts_contract_act":               "L   A   A   403 404 A   A   403 302 302 404 302",
    "aftercare:progress":                   "L   200 404 404 404 404 404 404 404 404 404 404",
    "aftercare:notice":                     "L   200 404 404 404 404 404 404 404 404 404 404",
    "aftercare:consent":                    "L   302 404 404 404 404 404 404 404 404 404 404",
    "aftercare:registration":               "L   200 404 404 404 404 404 404 404 404 404 404",
    "aftercare:resale_report":              "L   200 404 404 404 404 404 404 404 404 404 404",
    "aftercare_case_act":                   "L   A   A   403 404 A   A   403 200 200 404 200",
}
# fmt: on

# The rows of issue 12 that fix a cell marked "!": none left open.
FIXED_BY: dict[str, int] = {}


CODES = {"L": LOGIN, "A": ADMIN_LOGIN, "I": ADMIN_INDEX}


def _cells(key, text):
    cells = []
    for token in text.split():
        expected = CODES.get(token.rstrip("!")) or int(token.rstrip("!"))
        cells.append(Bug(expected, FIXED_BY[key]) if token.endswith("!") else expected)
    assert len(cells) == len(ROLES), text
    return cells


def row_key(key) -> str:
    """The table's key for a URL pattern (PATTERNS' key)."""
    route, name = PATTERNS[key]
    if name:
        return name.removeprefix("admin:")
    if route.endswith("(?P<url>.*)$"):
        return "catch_all"
    model = re.fullmatch(r"beheer/(\w+)/(\w+)/<path:object_id>/", route)
    assert model, f"{route}: an unnamed URL pattern needs a key in row_key()"
    return f"{model[1]}_{model[2]}_redirect"


def _table(key):
    route, _name = PATTERNS[key]
    return ADMIN if route.startswith("beheer/") else PORTAL


def _rows():
    """(method, URL pattern key, the row's text) for every cell row of the tables."""
    for key in PATTERNS:
        yield "get", key, _table(key)[row_key(key)]
    for key in PATTERNS:
        if row_key(key) in POST:
            yield "post", key, POST[row_key(key)]


def test_every_url_pattern_has_a_row():
    missing = [key for key in PATTERNS if row_key(key) not in _table(key)]
    assert not missing, (
        "URL patterns without a row in tests/test_url_access.py (write who may open them): "
        + ", ".join(missing)
    )
    known = {row_key(key) for key in PATTERNS}
    stale = [key for key in [*PORTAL, *ADMIN, *POST] if key not in known]
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def test_the_walk_includes_every_model_admins_urls():
    """The admin's URLs, custom views included, are all in the walk that the table covers."""
    names = {name for _route, name in PATTERNS.values()}
    for model_admin in site._registry.values():
        for pattern in model_admin.get_urls():
            if pattern.name:
                assert f"admin:{pattern.name}" in names, pattern.name
    for pattern in site.get_urls():
        if isinstance(pattern, URLPattern) and pattern.name:
            assert f"admin:{pattern.name}" in names, pattern.name


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_in_the_table(built, client_for, role):
    """One role down its column: logged in once, every URL opened in a savepoint of its own.
    Every wrong cell is listed; a role whose only wrong cells are marked "!" xfails citing the
    issue's rows, and fails once one of them is right (a strict xfail, per cell)."""
    cast, objects = built
    client = client_for(cast.roles[role])
    column = ROLES.index(role)
    wrong, known, fixed = [], [], []
    with mock.patch("klushuis.pdf.render_pdf", _stub_pdf):
        for method, key, text in _rows():
            expected = _cells(row_key(key), text)[column]
            with transaction.atomic():
                got = answer(getattr(client, method)(url_of(key, objects)))
                transaction.set_rollback(True)  # a POST's change is undone before the next
            cell = f"{method.upper()} {key}"
            if isinstance(expected, Bug):
                if got == expected.answer:
                    fixed.append(f"{cell} (issue 12 row {expected.row})")
                else:
                    known.append(
                        f"{cell}: {got}, should be {expected.answer} (issue 12 row {expected.row})"
                    )
            elif got != expected:
                wrong.append(f"{cell}: {got}, expected {expected}")
    assert not wrong, f"{role} gets:\n" + "\n".join(wrong)
    assert not fixed, f"{role} now gets the right answer (remove the '!' mark): {fixed}"
    if known:
        pytest.xfail(f"{role}: " + "; ".join(known))
