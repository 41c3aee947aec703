from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from klushuis.accounts.models import User
from klushuis.organisations.models import Mandate, Organisation
from properties import rules as property_rules
from properties import services as property_services
from properties.models import Neighbourhood, Property, RoundProperty, SalesRound
from tests.roles import ensure_roles

PASSWORD = "a-Strong-test-passw0rd"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente Test {n}")
    slug = factory.Sequence(lambda n: f"gemeente-test-{n}")
    kind = Organisation.Kind.MUNICIPALITY
    primary_colour = "#0b4f8a"


class BureauFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Adviesbureau {n}")
    slug = factory.Sequence(lambda n: f"adviesbureau-{n}")
    kind = Organisation.Kind.ADVISORY_BUREAU


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    bureau = factory.SubFactory(BureauFactory)
    principal = factory.SubFactory(OrganisationFactory)
    valid_from = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.test")
    full_name = factory.Faker("name", locale="nl_NL")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)


class StaffFactory(UserFactory):
    is_staff = True
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            ensure_roles()
            self.groups.add(Group.objects.get(name=extracted))


# --- Properties ---------------------------------------------------------------------------------


FIGURES = {
    "purchase_price": Decimal("150000.00"),
    "price_condition": "kk",
    "valuation": Decimal("210000.00"),
    "minimum_renovation_budget": Decimal("90000.00"),
    "budget_basis_author": "Bouwkundig adviesbureau De Graaf",
    "budget_basis_date": timezone.localdate() - timedelta(days=60),
    "budget_own_work_share": 20,
    "budget_basis_notes": "",
}


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    municipality = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    slug = factory.Sequence(lambda n: f"wijk-{n}")


class PropertyFactory(factory.django.DjangoModelFactory):
    """A property with figures; status "published" unless told otherwise."""

    class Meta:
        model = Property
        skip_postgeneration_save = True

    municipality = factory.SubFactory(OrganisationFactory)
    neighbourhood = factory.LazyAttribute(
        lambda o: NeighbourhoodFactory(municipality=o.municipality)
    )
    reference = factory.Sequence(lambda n: f"HVS-{n:04d}")
    street = "Kaaistraat"
    house_number = factory.Sequence(lambda n: n + 1)
    postcode = "3011 AB"
    city = "Havenstad"
    cadastral_municipality = "HVS01"
    cadastral_section = "F"
    cadastral_parcel = factory.Sequence(lambda n: 1000 + n)
    living_area_m2 = 80
    plot_area_m2 = 120
    year_built = 1920
    title = "Arbeiderswoning met tuin"
    description = "Een woning die grondig moet worden opgeknapt."

    @factory.post_generation
    def figures(self, create, extracted, **kwargs):
        if create:
            property_services.property_figures_update(
                property=self, figures={**FIGURES, **(extracted or {})}, actor=None
            )

    @factory.post_generation
    def status(self, create, extracted, **kwargs):
        target = extracted if extracted is not None else "published"
        # Through the transition service, along the table's path, like real properties: each
        # move by whom the table lets make it (staff, or the code itself for the sale's moves).
        path = {
            "draft": [],
            "published": ["published"],
            "in_round": ["published", "in_round"],
            "allocated": ["published", "in_round", "allocated"],
            "sold": ["published", "in_round", "allocated", "sold"],
            "renovated": ["published", "in_round", "allocated", "sold", "renovated"],
            "released": ["published", "in_round", "allocated", "sold", "renovated", "released"],
            "withdrawn": ["withdrawn"],
        }[target]
        current = "draft"
        for step in path if create else []:
            allowed = property_rules.PROPERTY_TRANSITIONS[(current, step)]
            actor = None if property_rules.SYSTEM in allowed else _property_staff()
            property_services.property_transition(property=self, to=step, actor=actor)
            current = step


def _property_staff():
    """The staff member in whose name the factories make staff moves of homes (a superuser:
    pickers of jurors and notaries leave superusers out)."""
    user, _created = User.objects.get_or_create(
        email="woningbeheer@example.test",
        defaults={"full_name": "Woningbeheer", "is_staff": True, "is_superuser": True},
    )
    return user


class SalesRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Verkoopronde {n}")
    slug = factory.Sequence(lambda n: f"ronde-{n}")
    municipality = factory.SubFactory(OrganisationFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    anti_speculation_percentage = 50
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def homes(self, create, extracted, **kwargs):
        for prop in extracted or []:
            RoundProperty.objects.create(sales_round=self, property=prop)
