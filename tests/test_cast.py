"""The standing cast is what its docstring says, so that the permission tests built on it test
what they claim."""

import pytest

from applications.models import Application, Offer
from klushuis.organisations.selectors import organisation_ids_for_user
from tests.cast import ROLES

pytestmark = pytest.mark.django_db


def test_the_cast_has_every_role_and_this_rounds_sale_reached_a_contract(cast):
    assert list(cast.roles) == ROLES
    this_round, buyer, other = cast.this_round, cast.roles["buyer"], cast.roles["other_buyer"]
    assert this_round.municipality == cast.municipality
    assert cast.offer.status == "accepted"
    assert cast.contract.application.user == buyer
    assert not Offer.objects.filter(sales_round=this_round, application__user=other).exists()
    assert Application.objects.get(sales_round=this_round, user=other).status == "reserve"
    assert cast.application.preferences.get().plan.drawings
    assert list(this_round.notaries.all()) == [cast.roles["notary"]]
    assert list(cast.other_round.notaries.all()) == [cast.roles["notary_elsewhere"]]
    assert cast.roles["juror"] in this_round.jurors.all()
    assert cast.roles["juror_elsewhere"] not in this_round.jurors.all()
    assert cast.roles["juror_elsewhere"] in cast.other_round.jurors.all()


def test_only_the_bureau_with_a_mandate_works_for_the_casts_municipality(cast):
    assert cast.municipality.pk in organisation_ids_for_user(cast.roles["bureau"])
    assert cast.municipality.pk not in organisation_ids_for_user(
        cast.roles["bureau_without_mandate"]
    )
