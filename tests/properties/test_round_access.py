"""What staff see and may do around a sales round beyond their own data (issue 12)."""

from django.urls import reverse

from klushuis.accounts import roles
from properties.models import SalesRound
from tests.factories import StaffFactory
from tests.properties.test_admin import round_data


def _juror_choices(client):
    form = client.get(reverse("admin:properties_salesround_add")).context["adminform"].form
    return set(form.fields["jurors"].queryset)


def test_the_jurors_picker_offers_only_jurors_of_the_users_organisations(
    client_for, bureau_staff, municipality, applicant, superuser, outsider, other_municipality
):
    here = StaffFactory(role=roles.JUROR, organisation=municipality, full_name="Jet Jurist")
    independent = StaffFactory(role=roles.JUROR, organisation=None, full_name="Ina Onafhankelijk")
    elsewhere = StaffFactory(role=roles.JUROR, organisation=other_municipality)
    choices = _juror_choices(client_for(bureau_staff))
    assert choices == {here, independent}
    assert not {applicant, superuser, outsider, bureau_staff, elsewhere} & choices


def test_the_server_refuses_anyone_without_the_juror_role_on_the_jury(
    client_for, bureau_staff, municipality, applicant, superuser
):
    juror = StaffFactory(role=roles.JUROR, organisation=municipality)
    client = client_for(bureau_staff)
    url = reverse("admin:properties_salesround_add")
    for stranger in (applicant, superuser, bureau_staff):
        response = client.post(url, round_data(municipality, jurors=[juror.pk, stranger.pk]))
        assert response.status_code == 200
        assert "jurors" in response.context["adminform"].form.errors
        assert not SalesRound.objects.exists()
    assert client.post(url, round_data(municipality, jurors=[juror.pk])).status_code == 302
    assert list(SalesRound.objects.get().jurors.all()) == [juror]
