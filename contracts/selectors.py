"""Reads for contracts, with who-may-see-what built in."""

from django.http import Http404

from contracts.models import Contract
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
