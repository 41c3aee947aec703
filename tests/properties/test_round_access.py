"""What staff see and may do around a sales round beyond their own data (issue 12)."""

from django.urls import reverse

from applications.services import application_start
from klushuis.accounts import roles
from properties.models import SalesRound
from tests.factories import NeighbourhoodFactory, SalesRoundFactory, StaffFactory
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


def _filter_choices(response, title):
    """The choice labels of the changelist's filter on `title` (a field name); the admin leaves
    out a filter with a single choice."""
    for spec in response.context["cl"].filter_specs:
        if getattr(spec, "field_path", None) == title:
            return {str(label) for _pk, label in spec.lookup_choices}
    return set()


def test_list_filters_name_only_the_users_own_municipalities_and_rounds(
    client_for, bureau_staff, municipality, other_municipality, applicant, other_applicant
):
    ours = SalesRoundFactory(municipality=municipality, name="Oude Haven")
    theirs = SalesRoundFactory(municipality=other_municipality, name="Dijkerveld geheim")
    draft = SalesRoundFactory(
        municipality=other_municipality, name="Dijkerveld concept", published_at=None
    )
    application_start(user=applicant, sales_round=ours)
    application_start(user=other_applicant, sales_round=theirs)
    NeighbourhoodFactory(municipality=other_municipality, name="Achterwijk")
    client = client_for(bureau_staff)

    rounds = client.get(reverse("admin:properties_salesround_changelist"))
    assert _filter_choices(rounds, "municipality") <= {municipality.name}
    applications = client.get(reverse("admin:applications_application_changelist"))
    assert _filter_choices(applications, "sales_round") <= {str(ours)}
    homes = client.get(reverse("admin:properties_property_changelist"))
    assert "Achterwijk" not in _filter_choices(homes, "neighbourhood")
    for page in (rounds, applications, homes):
        html = page.content.decode()
        for hidden in (theirs.name, draft.name, other_municipality.name, "Achterwijk"):
            assert hidden not in html
