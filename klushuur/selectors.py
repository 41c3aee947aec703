"""Reads of klushuur, with the access rules built in: tenants see only their own, staff only
their corporation's."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from klushuur import rules
from klushuur.models import Agreement, AgreementJob, Application, Change, Offer, RentalHome


def published_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.filter(status=rules.OFFER_PUBLISHED)
        .select_related("corporation", "home", "complex")
        .prefetch_related("jobs")
    )


def applications_of(user) -> QuerySet[Application]:
    return Application.objects.filter(user=user).select_related("offer", "home")


def agreements_of(user) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(tenant=user)
        .select_related("home__corporation")
        .prefetch_related(
            Prefetch("jobs", AgreementJob.objects.select_related("job").prefetch_related("photos"))
        )
    )


def homes_of(user) -> QuerySet[RentalHome]:
    return RentalHome.objects.filter(tenant=user).select_related("corporation", "complex")


def changes_of_home(home) -> QuerySet[Change]:
    """The home's register: every change by any tenant, passing to the next."""
    return Change.objects.filter(home=home).select_related("tenant")


def rent_schedule(agreement: Agreement) -> list[rules.ScheduleMonth]:
    """From the agreement's start to the last month any accepted compensation runs (at least a
    year): base rent, reductions, one-off payments, freezes."""
    compensations = [
        c for c in (job.compensation() for job in agreement.jobs.all()) if c is not None
    ]
    first = agreement.starts_on
    last = rules.schedule_end(compensations, rules.add_months(first, 11))
    return rules.rent_schedule(agreement.base_rent, compensations, first, last)


def compensations(agreement: Agreement) -> list[rules.Compensation]:
    return [c for c in (job.compensation() for job in agreement.jobs.all()) if c is not None]


def today():
    return timezone.localdate()
