"""Contract files are municipal records (issue 17): destroyed only on a destruction list that
an authorised person other than the proposer approves, never before the limitation periods
after the release, and the approved list is kept."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts.extensions import RELEASED_ON
from contracts.models import Contract
from klushuis.accounts import roles
from klushuis.privacy.models import DestructionList, ErasureTombstone
from klushuis.privacy.services import (
    destruction_list_propose,
    destruction_list_transition,
    retention_apply,
)
from tests.contracts.conftest import accepted  # noqa: F401
from tests.factories import StaffFactory


@pytest.fixture
def released_on():
    """Aftercare's answer, as it will register it: the day the buyer was released."""
    answer = {"day": None}

    def provider(contract):
        return answer["day"]

    RELEASED_ON.register(provider)
    yield answer
    RELEASED_ON._providers.remove(provider)


def _approver(municipality):
    user = StaffFactory(organisation=municipality, role=roles.MUNICIPAL_STAFF)
    user.user_permissions.add(Permission.objects.get(codename="approve_destructionlist"))
    return user


def test_an_unreleased_contract_is_never_proposed(accepted, bureau_staff, released_on):  # noqa: F811
    assert (
        destruction_list_propose(
            organisation=accepted.municipality, category_key="contract_files", actor=bureau_staff
        )
        is None
    )


def test_a_contract_released_less_than_the_limitation_period_ago_is_not_proposed(
    accepted,  # noqa: F811
    bureau_staff,
    released_on,
):
    released_on["day"] = date(2015, 1, 1)  # 20 years run to 2035
    assert (
        destruction_list_propose(
            organisation=accepted.municipality, category_key="contract_files", actor=bureau_staff
        )
        is None
    )


def test_an_approved_list_is_carried_out_and_kept(
    accepted,  # noqa: F811
    bureau_staff,
    released_on,
    client_for,
):
    released_on["day"] = date(2000, 1, 1)
    files = [v.pdf.name for v in accepted.versions.all() if v.pdf]
    storage = accepted.versions.first().pdf.storage
    proposed = destruction_list_propose(
        organisation=accepted.municipality, category_key="contract_files", actor=bureau_staff
    )
    assert [i["reference"] for i in proposed.items] == [accepted.reference]
    assert proposed.items[0]["destroy_from"] == "2020-01-01"
    # Nothing goes before the approval.
    retention_apply()
    assert Contract.objects.filter(pk=accepted.pk).exists()

    # The proposer may hold the permission and still not approve their own list.
    bureau_staff.user_permissions.add(Permission.objects.get(codename="approve_destructionlist"))
    with pytest.raises(ValidationError):
        destruction_list_transition(
            destruction_list=proposed,
            to="approved",
            actor=type(bureau_staff).objects.get(pk=bureau_staff.pk),
            reason="ok",
        )

    approver = _approver(accepted.municipality)
    client = client_for(approver)
    url = reverse("admin:privacy_destructionlist_decide", args=[proposed.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "approved", "reason": "Selectielijst 2020, 20 jaar"})
    assert response.status_code == 302

    report = retention_apply()
    assert report.destroyed == 1
    assert not Contract.objects.filter(pk=accepted.pk).exists()
    assert not any(storage.exists(n) for n in files)
    kept = DestructionList.objects.get(pk=proposed.pk)
    assert kept.status == "carried_out"
    assert [(c.from_status, c.to_status) for c in kept.history.all()] == [
        ("proposed", "approved"),
        ("approved", "carried_out"),
    ]
    assert ErasureTombstone.objects.filter(
        category="contract_files", reference=accepted.reference
    ).exists()
    # A second run destroys nothing more.
    assert retention_apply().destroyed == 0


def test_staff_without_the_permission_do_not_decide(
    accepted,  # noqa: F811
    bureau_staff,
    municipal_staff,
    released_on,
    client_for,
):
    released_on["day"] = date(2000, 1, 1)
    proposed = destruction_list_propose(
        organisation=accepted.municipality, category_key="contract_files", actor=bureau_staff
    )
    client = client_for(municipal_staff)
    url = reverse("admin:privacy_destructionlist_decide", args=[proposed.pk])
    assert client.post(url, {"decision": "approved", "reason": "x"}).status_code == 403
    assert DestructionList.objects.get(pk=proposed.pk).status == "proposed"
