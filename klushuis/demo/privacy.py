"""Privacy in the demo (issue 17): Havenstad's own retention settings, a retention run that
removes the pilot round's unsuccessful applications (its lottery record still verifies, its
tombstones in the admin), and some readings in the access log for the auditor to see."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from klushuis.accounts.models import User
from klushuis.organisations.models import Organisation
from klushuis.privacy.accesslog import DOWNLOAD, EXPORT, VIEW, access_log_append
from klushuis.privacy.models import AccessLogEntry, RetentionPolicy
from klushuis.privacy.services import retention_apply

# Havenstad keeps unsuccessful applications two months after the objection period (its own
# choice, shown on /privacy/havenstad/): the pilot round, settled months ago, is due today.
UNSUCCESSFUL_MONTHS = 2
# A documentation address (RFC 5737), as the proxy would have recorded it.
OFFICE = "192.0.2.10"


def build(demo):
    havenstad = Organisation.objects.get(slug="havenstad")
    RetentionPolicy.objects.update_or_create(
        organisation=havenstad, defaults={"unsuccessful_months": UNSUCCESSFUL_MONTHS}
    )
    demo.objects["retention"] = retention_apply()
    _readings(havenstad)


def _readings(havenstad):
    """What staff read this week, written as the views write it."""
    staff = User.objects.get(email="medewerker@havenstad.test")
    bureau = User.objects.get(email="verkoop@stadsherstel.test")
    applications = list(
        Application.objects.filter(sales_round__municipality=havenstad)
        .exclude(status="draft")
        .select_related("sales_round")
        .order_by("reference")[:6]
    )
    now = timezone.now()
    for index, application in enumerate(applications):
        reader = staff if index % 2 == 0 else bureau
        entry = access_log_append(
            user=reader,
            action=VIEW,
            what="application",
            reference=application.reference,
            organisation_id=havenstad.pk,
            client_ip=OFFICE,
            path=reverse("admin:applications_application_change", args=[application.pk]),
        )
        _at(entry, now - timedelta(days=6 - index, hours=3))
        if application.financing_statement:
            entry = access_log_append(
                user=reader,
                action=DOWNLOAD,
                what="financing statement",
                reference=application.reference,
                organisation_id=havenstad.pk,
                client_ip=OFFICE,
                path=reverse("applications:financing_statement", args=[application.reference]),
            )
            _at(entry, now - timedelta(days=6 - index, hours=2))
    sales_round = applications[0].sales_round if applications else None
    if sales_round is not None:
        statuses = ["submitted", "eligible"]
        entry = access_log_append(
            user=bureau,
            action=EXPORT,
            what="applications",
            organisation_id=havenstad.pk,
            client_ip=OFFICE,
            path=reverse("admin:applications_application_export"),
            detail={
                "filter": {"sales_round": sales_round.slug, "statuses": statuses},
                "rows": Application.objects.filter(
                    sales_round=sales_round, status__in=statuses
                ).count(),
                "format": "xlsx",
            },
        )
        _at(entry, now - timedelta(days=1, hours=5))


def _at(entry, moment):
    # The demo's readings happened on their own days (the log is written once, at the time).
    AccessLogEntry.objects.filter(pk=entry.pk).update(at=moment)
