import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from klushuis.accounts.models import User
from klushuis.organisations.models import Mandate, Organisation

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
            self.groups.add(Group.objects.get(name=extracted))
