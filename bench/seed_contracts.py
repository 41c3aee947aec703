"""Accepted offers with a draft purchase agreement each, not yet rendered (run inside Django).

The municipality, its homes, the round, the buyers, their applications and the accepted offers
with the data for the deed are built directly as rows (as `offer_accept` leaves them, without
the lottery, the offer log and the e-mails); the contracts and their first versions are made by
the portal's own `contract_create`, with the render that it queues after commit held back.
"""

import random
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from applications.models import Applicant, Application, DeedParty, Offer
from contracts.models import ContractVersion, DocumentTemplate
from contracts.services import contract_create, library_install
from klushuis.accounts.models import User
from klushuis.organisations.models import Organisation
from properties.models import (
    Neighbourhood,
    Property,
    PropertyFigures,
    RoundProperty,
    SalesRound,
)

TEMPLATE_DETAILS = {
    "seller_address": "Stadhuisplein 1, 3011 AA Havenstad",
    "signatory_name": "mr. drs. H.J. van Dijk",
    "signatory_title": "wethouder Wonen, namens het college van burgemeester en wethouders",
    "notary": "mr. E.J. de Wit, notaris te Havenstad",
}
GIVEN = ["Anna", "Bram", "Charlotte", "Daan", "Eva", "Fleur", "Joris", "Lotte", "Mees", "Noor"]
SURNAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder"]
STREETS = ["Kaaistraat", "Lijnbaan", "Wisselstraat", "Havenweg", "Molenkade", "Singel"]


def seed(count: int) -> list[int]:
    """`count` draft contracts with a pending first version; returns the versions' ids."""
    rng = random.Random(11)
    now = timezone.now()
    org = Organisation.objects.create(name="Gemeente Havenstad", slug="bench", kind="municipality")
    library_install(org)
    DocumentTemplate.objects.filter(municipality=org).update(**TEMPLATE_DETAILS)
    hoods = [
        Neighbourhood.objects.create(municipality=org, name=f"Wijk {i}", slug=f"wijk-{i}")
        for i in range(4)
    ]
    homes = Property.objects.bulk_create(
        [
            Property(
                municipality=org,
                reference=f"HVS-{i:04d}",
                status="allocated",
                street=rng.choice(STREETS),
                house_number=i + 1,
                house_letter=rng.choice(["", "", "", "A"]),
                postcode="3011 AB",
                city="Havenstad",
                neighbourhood=hoods[i % 4],
                cadastral_municipality="HVS01",
                cadastral_section="F",
                cadastral_parcel=1000 + i,
                plot_area_m2=rng.randint(60, 240),
                living_area_m2=rng.randint(45, 140),
                year_built=rng.randint(1900, 1965),
                tenure="ownership",
                title="Arbeiderswoning met tuin",
                description="Een woning die grondig moet worden opgeknapt.",
            )
            for i in range(count)
        ]
    )
    figures = PropertyFigures.objects.bulk_create(
        [
            PropertyFigures(
                property=home,
                version=1,
                purchase_price=Decimal(rng.randrange(95_000, 265_000, 5_000)),
                price_condition=rng.choice(["kk", "von"]),
                valuation=Decimal(rng.randrange(150_000, 320_000, 5_000)),
                minimum_renovation_budget=Decimal(rng.randrange(60_000, 140_000, 5_000)),
                budget_basis_author="Bouwkundig adviesbureau De Graaf",
                budget_basis_date=timezone.localdate() - timedelta(days=60),
                budget_own_work_share=20,
            )
            for home in homes
        ]
    )
    for home, version in zip(homes, figures, strict=True):
        home.current_figures = version
    Property.objects.bulk_update(homes, ["current_figures"])
    sales_round = SalesRound.objects.create(
        name="Klushuizen Havenstad",
        slug="bench-contracts",
        municipality=org,
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=60),
        published_at=now - timedelta(days=100),
        anti_speculation_percentage=50,
        penalty_daily_amount=Decimal(500),
        penalty_cap=Decimal(100_000),
    )
    RoundProperty.objects.bulk_create(
        [RoundProperty(sales_round=sales_round, property=home) for home in homes]
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"koper{i}@bench.test", full_name=f"Koper {i}", password=unusable)
            for i in range(count)
        ]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                sales_round=sales_round,
                user=user,
                status="accepted",
                adults=rng.choice([1, 2]),
                submitted_at=now - timedelta(days=61),
            )
            for user in users
        ]
    )
    applicants = Applicant.objects.bulk_create(
        [
            Applicant(
                application=application,
                role=role,
                given_names=rng.choice(GIVEN),
                surname=rng.choice(SURNAMES),
                date_of_birth=date(rng.randint(1970, 2001), rng.randint(1, 12), rng.randint(1, 28)),
                email=application.user.email,
            )
            for application in applications
            for role in (["main", "co"] if application.adults == 2 else ["main"])
        ]
    )
    offers = Offer.objects.bulk_create(
        [
            Offer(
                sales_round=sales_round,
                application=application,
                property=home,
                status="accepted",
                source="allocation",
                made_at=now - timedelta(days=10),
                respond_before=now + timedelta(days=4),
                decided_at=now - timedelta(days=1),
                decided_by=application.user,
            )
            for application, home in zip(applications, homes, strict=True)
        ]
    )
    offer_of = {offer.application_id: offer for offer in offers}
    DeedParty.objects.bulk_create(
        [
            DeedParty(
                offer=offer_of[applicant.application_id],
                applicant=applicant,
                place_of_birth=rng.choice(["Zwolle", "Rotterdam", "Havenstad", "Utrecht"]),
                civil_status="married" if applicant.application.adults == 2 else "unmarried",
                street_address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
                postcode="3012 EA",
                city="Havenstad",
            )
            for applicant in applicants
        ]
    )
    # The render that contract_create queues after commit is held back: the benchmark renders.
    with mock.patch("contracts.services.generation._queue_render"):
        for offer in Offer.objects.filter(pk__in=[o.pk for o in offers]).order_by("pk"):
            contract_create(offer=offer)
    return list(
        ContractVersion.objects.filter(
            contract__municipality=org, rendering=ContractVersion.Rendering.PENDING
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
