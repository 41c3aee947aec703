import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from klushuis.accounts import roles
from klushuis.organisations.selectors import organisation_ids_for_user
from tests.factories import MandateFactory
from tests.roles import ensure_roles

pytestmark = pytest.mark.django_db


def test_bureau_staff_work_for_their_bureau_and_its_principals(
    bureau_staff, bureau, municipality, other_municipality
):
    assert organisation_ids_for_user(bureau_staff) == {bureau.pk, municipality.pk}


def test_an_expired_mandate_no_longer_gives_access(bureau_staff, bureau, other_municipality):
    MandateFactory(
        bureau=bureau,
        principal=other_municipality,
        valid_from="2020-01-01",
        valid_until="2021-01-01",
    )
    assert other_municipality.pk not in organisation_ids_for_user(bureau_staff)


def test_buyers_work_for_no_organisation(applicant):
    assert organisation_ids_for_user(applicant) == set()


def test_a_bureau_user_sees_only_their_own_organisations_in_the_admin(
    client_for, bureau_staff, outsider, municipality, other_municipality, other_bureau
):
    html = client_for(bureau_staff).get(reverse("admin:organisations_organisation_changelist"))
    content = html.content.decode()
    assert "Stadsherstel Advies" in content
    assert "Gemeente Havenstad" in content
    assert "Gemeente Dijkerveld" not in content
    assert "Woonwijzer" not in content


def test_another_bureaus_organisation_is_not_found_in_the_admin(
    client_for, bureau_staff, other_bureau, other_municipality
):
    client = client_for(bureau_staff)
    for org in (other_bureau, other_municipality):
        url = reverse("admin:organisations_organisation_change", args=[org.pk])
        # The admin redirects to its index with a "does not exist" message rather than a 404.
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("admin:index")


def test_staff_see_colleagues_but_not_other_bureaus_or_buyers(
    client_for, bureau_staff, municipal_staff, outsider, applicant
):
    content = client_for(bureau_staff).get(reverse("admin:accounts_user_changelist"))
    content = content.content.decode()
    assert municipal_staff.email in content
    assert bureau_staff.email in content
    assert outsider.email not in content
    assert applicant.email not in content


def test_staff_cannot_give_themselves_more_rights(client_for, bureau_staff):
    url = reverse("admin:accounts_user_change", args=[bureau_staff.pk])
    response = client_for(bureau_staff).get(url)
    # View permission only: the page shows the person, without editable role fields.
    assert response.status_code == 200
    assert 'name="groups"' not in response.content.decode()
    assert 'name="is_superuser"' not in response.content.decode()


def test_the_municipality_can_edit_its_own_house_colour_but_not_to_an_unreadable_one(
    client_for, municipal_staff, municipality
):
    client = client_for(municipal_staff)
    url = reverse("admin:organisations_organisation_change", args=[municipality.pk])
    data = {
        "name": municipality.name,
        "slug": municipality.slug,
        "kind": municipality.kind,
        "primary_colour": "#ffee00",
        "website": "",
        "email": "",
        "phone": "",
        "mandates_held-TOTAL_FORMS": "0",
        "mandates_held-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "contrast" in response.content.decode()
    assert 'value="Gemeente Havenstad"' in response.content.decode()
    response = client.post(url, {**data, "primary_colour": "#7a1f3d"})
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.primary_colour == "#7a1f3d"


@pytest.mark.parametrize(
    ("role", "may_change"),
    [(roles.MUNICIPAL_STAFF, True), (roles.BUREAU_SALES_STAFF, False), (roles.AUDITOR, False)],
)
def test_roles_are_groups_with_permissions_created_by_migration(role, may_change):
    group = Group.objects.get(name=role)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "view_organisation" in codenames
    assert ("change_organisation" in codenames) is may_change


def test_the_auditor_role_can_only_view():
    group = Group.objects.get(name=roles.AUDITOR)
    assert all(p.codename.startswith("view_") for p in group.permissions.all())


def test_the_roles_can_be_recreated_from_their_migrations_identically():
    before = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    Group.objects.all().delete()
    ensure_roles()
    after = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert after == before
