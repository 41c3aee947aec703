"""Reads for contracts, with who-may-see-what built in."""

from datetime import timedelta

from django.http import Http404
from django.utils import timezone

from contracts import cooling_off, rules
from contracts.models import Contract, ContractVersion
from klushuis.holiday_calendar.selectors import decree_days
from klushuis.organisations.selectors import organisation_ids_for_user


def contract_for_application(application) -> Contract | None:
    return (
        Contract.objects.filter(application=application)
        .exclude(status="dissolved")
        .order_by("-created_at")
        .first()
    ) or Contract.objects.filter(application=application).order_by("-created_at").first()


def contract_get_for_user(*, reference: str, user) -> Contract:
    """The buyer's own contract, or one staff may see; 404 for anyone else."""
    contract = (
        Contract.objects.select_related("application", "municipality", "property")
        .filter(application__reference=reference)
        .order_by("-created_at")
        .first()
    )
    if contract is None:
        raise Http404
    if contract.application.user_id == user.pk:
        return contract
    ids = organisation_ids_for_user(user)
    if (ids is None or contract.municipality_id in ids) and user.has_perm(
        "contracts.view_contract"
    ):
        return contract
    raise Http404


def latest_version(contract) -> ContractVersion | None:
    return contract.versions.order_by("-number").first()


def contract_sent_version(contract: Contract) -> ContractVersion | None:
    """The version the buyer was sent to sign (pending until its PDF is rendered); None for a
    draft. Agreements sent before final versions existed fall back to their latest PDF."""
    if contract.status == rules.DRAFT:
        return None
    if contract.sent_version_id is not None:
        return contract.sent_version
    return contract.versions.filter(rendering=ContractVersion.Rendering.DONE).first()


def sent_rendering(contract: Contract) -> str | None:
    """The rendering state of the version sent for signing; None when there is none (a draft,
    or an agreement sent before sent versions existed, which keeps working as before)."""
    if contract.sent_version_id is None:
        return None
    return (
        ContractVersion.objects.filter(pk=contract.sent_version_id)
        .values_list("rendering", flat=True)
        .first()
    )


def sent_pdf_ready(rendering: str | None) -> bool:
    return rendering in (None, ContractVersion.Rendering.DONE)


def contract_signing_waits(contract: Contract) -> bool:
    """Whether recording the buyer's signature must wait for the PDF sent for signing (the
    staff page then offers no button and says why)."""
    return contract.status == rules.SENT and rules.waits_for_sent_pdf(
        rules.SIGNED_BY_BUYER, sent_pdf_ready=sent_pdf_ready(sent_rendering(contract))
    )


def cooling_off_state(contract: Contract, now=None) -> dict | None:
    """What both sides are shown: whether the period applies, its last day and whether it
    is still running. None before the signed agreement was handed over."""
    if contract.handed_over_at is None:
        return None
    now = now or timezone.now()
    # Decree days (art. 3 lid 3 Atw) count like holidays: the ones recorded now.
    days = decree_days()
    last_day = cooling_off.cooling_off_last_day(contract.handed_over_at, decree_days=days)
    ends_at = cooling_off.cooling_off_ends_at(contract.handed_over_at, decree_days=days)
    handed_over_on = cooling_off.handover_date(contract.handed_over_at)
    return {
        "applies": contract.cooling_off_applies,
        "handed_over_on": handed_over_on,
        "first_day": handed_over_on + timedelta(days=1),
        "last_day": last_day,
        "ends_at": ends_at,
        "running": contract.cooling_off_applies and now < ends_at,
    }


def application_page_context(*, application) -> dict:
    """What the buyer's application page shows of their purchase agreement (registered on
    `applications.extensions.APPLICATION_PAGE` in `ContractsConfig.ready`)."""
    contract = contract_for_application(application)
    if contract is None:
        return {}
    version = contract_sent_version(contract)
    return {
        "contract": contract,
        "contract_version": version,
        # What the version sent for signing says (seller, deposit, dates), for the buyer's
        # instructions; the same data the PDF was made from.
        "contract_terms": version.data if version else None,
        "cooling_off": cooling_off_state(contract),
    }
