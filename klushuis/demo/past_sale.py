"""Demo section: a sale that is over, recorded as it happened.

Havenstad's pilot round sold two homes in Bloemhof about four months ago. Its whole life runs
through the real services, each step at its own moment in the past (`time_machine.travel`,
with the clock standing still): the round published with its seed commitment before the window,
applications submitted during it, eligibility decided after closing, the entries frozen and
drawn by the demo notary a few days later, the offers made and accepted with the data for the
deed, the purchase agreements rendered, sent, signed by the buyer and the municipality and
handed over, the cooling-off period passing, and the transfer at the notary some weeks later.
So every history row, log entry and date on the buyer's page agrees: the homes show as sold.

The pilot's two homes are a semi-detached house in full ownership and a corner house on
leasehold land (erfpacht): its draw is fixed (seed and public value), so the demo always has a
transferred agreement of each.

The pilot round's buyers are its own (`koper-pilot<n>@example.test`): someone who bought a
klushuis does not apply for the next one.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import time_machine
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from faker import Faker

from applications import services
from applications.lottery import services as lottery
from applications.models import Offer
from applications.offers import services as offers
from applications.rounds import sales_round_publish
from contracts import selectors as contract_selectors
from contracts import services as contracts
from contracts.models import Contract
from klushuis.accounts.models import User
from klushuis.demo.organisations import BUYER_PASSWORD
from klushuis.demo.properties.homes import local
from klushuis.organisations.models import Organisation
from properties.models import (
    Property,
    PropertyFigures,
    PropertyStatusChange,
    RoundProperty,
    SalesRound,
)

SEED = 20260712
SLUG = "havenstad-pilot"
NEIGHBOURHOOD, POSITIONS = "Bloemhof", (5, 6)
BUYERS = 6
PUBLIC_VALUE = "3-17-29"


@dataclass(frozen=True)
class PastRound:
    """A round that is over: its homes (neighbourhood, position), its buyers' e-mail prefix,
    and how many days before the pilot's moments it ran (0: the pilot itself)."""

    slug: str
    name: str
    introduction: str
    places: tuple[tuple[str, int], ...]
    buyer_prefix: str
    buyers: int
    public_value: str
    seed: int
    days_earlier: int = 0
    max_preferences: int = 2


PILOT = PastRound(
    slug=SLUG,
    name="Pilotronde Havenstad",
    introduction=(
        "De eerste klushuizen van Havenstad: twee woningen in Bloemhof, verkocht bij "
        "loting. De inschrijving is lang gesloten en beide woningen zijn verkocht en "
        "geleverd."
    ),
    places=tuple((NEIGHBOURHOOD, position) for position in POSITIONS),
    buyer_prefix="koper-pilot",
    buyers=BUYERS,
    public_value=PUBLIC_VALUE,
    seed=SEED,
)

# An earlier round whose homes were transferred about two years and a month ago: their
# renovations are due now, so the aftercare section (klushuis/demo/aftercare.py) shows them at
# every stage after the sale.
EARLIER = PastRound(
    slug="havenstad-eerder",
    name="Klushuizen Havenstad, eerdere ronde",
    introduction=(
        "Vijf klushuizen in Oude Haven, Spoorzicht en Molenwijk, ruim twee jaar geleden "
        "verkocht bij loting. De woningen zijn geleverd; de kopers renoveren en wonen er zelf."
    ),
    places=(
        ("Oude Haven", 8),
        ("Oude Haven", 9),
        ("Spoorzicht", 6),
        ("Molenwijk", 6),
        ("Molenwijk", 7),
    ),
    buyer_prefix="koper-eerder",
    buyers=14,
    public_value="8-21-34",
    seed=20240611,
    days_earlier=710,
    max_preferences=5,
)


def _day(today, days: int, hour: int, minute: int = 0) -> datetime:
    return local(today + timedelta(days=days), hour, minute)


def build(*, staff, notary, pdf, fill_in, statement_pdf, spec: PastRound = PILOT) -> list[Contract]:
    """A past round (the pilot unless `spec` says otherwise) and its sales; returns the
    transferred agreements, in the order of their homes.

    `fill_in` and `statement_pdf` are the applications section's own helpers (the same form
    a buyer fills in, the same blank PDF for the signed copy)."""
    rng = random.Random(spec.seed)
    fake = Faker("nl_NL")
    fake.seed_instance(spec.seed)
    today = timezone.localdate() - timedelta(days=spec.days_earlier)
    at = {
        "published": _day(today, -160, 10),
        "opens": _day(today, -150, 9),
        "closes": _day(today, -122, 12),
        "decided": _day(today, -118, 11),
        "frozen": _day(today, -115, 10),
        "drawn": _day(today, -115, 10, 30),
        "offered": _day(today, -112, 9),
    }
    homes = _homes(spec.places, at["published"] - timedelta(days=21))
    with time_machine.travel(at["published"], tick=False):
        sales_round = SalesRound(
            slug=spec.slug,
            name=spec.name,
            municipality=Organisation.objects.get(slug="havenstad"),
            bureau=Organisation.objects.get(slug="stadsherstel-advies"),
            opens_at=at["opens"],
            closes_at=at["closes"],
            information_meeting_at=at["opens"] - timedelta(days=5, hours=-9),
            introduction=spec.introduction,
            information_meeting_place="Wijkcentrum Bloemhof, Rozenlaan 1",
            selection_method="lottery",
            max_preferences=spec.max_preferences,
            offer_response_days=14,
            anti_speculation="profit_share",
            anti_speculation_percentage=50,
            anti_speculation_years=5,
        )
        sales_round.full_clean()
        sales_round.save()
        for home in homes:
            RoundProperty.objects.create(sales_round=sales_round, property=home)
        sales_round.notaries.add(notary)
        sales_round = sales_round_publish(sales_round=sales_round, actor=staff)
    # The opening alerts went out when the window opened, months ago: the alert sweep after
    # this load must not mail about old news (as the rounds section does for its past rounds).
    SalesRound.objects.filter(pk=sales_round.pk).update(opening_alerts_sent_at=at["opens"])

    window = (at["closes"] - at["opens"]).total_seconds()
    moments = sorted(
        at["opens"] + timedelta(seconds=rng.uniform(0.05, 0.95) * window)
        for _ in range(spec.buyers)
    )
    applications = []
    for number, moment in enumerate(moments, start=1):
        with time_machine.travel(moment, tick=False):
            buyer = User.objects.create(
                email=f"{spec.buyer_prefix}{number}@example.test",
                full_name=fake.name(),
                password=make_password(BUYER_PASSWORD),
                email_verified_at=timezone.now(),
            )
        with time_machine.travel(moment + timedelta(hours=1), tick=False):
            application = services.application_start(user=buyer, sales_round=sales_round)
            fill_in(rng, application, buyer, homes, sales_round, pdf)
            applications.append(services.application_submit(application=application, actor=buyer))
    with time_machine.travel(at["decided"], tick=False):
        for application in applications:
            services.application_decide(
                application=application,
                eligible=True,
                reason="Voldoet aan alle voorwaarden van de verkoopronde.",
                actor=staff,
            )
    with time_machine.travel(at["frozen"], tick=False):
        lottery.lottery_freeze(sales_round=sales_round, actor=staff)
    with time_machine.travel(at["drawn"], tick=False):
        lottery.lottery_draw(sales_round=sales_round, public_value=spec.public_value, actor=notary)
    with time_machine.travel(at["offered"], tick=False):
        made = offers.offers_start(sales_round=sales_round, actor=staff)
    return [
        _sale(offer, staff, start=at["offered"] + timedelta(days=3 + 2 * index), pdf=statement_pdf)
        for index, offer in enumerate(sorted(made, key=lambda o: o.property.reference))
    ]


def _homes(places, listed_before: datetime) -> list[Property]:
    """The round's homes. The homes section lists every home some months ago; these were
    listed before the round was published (demo time travel, as that section does)."""
    homes = []
    for neighbourhood, position in places:
        area = list(
            Property.objects.filter(neighbourhood__name=neighbourhood).order_by("reference")
        )
        homes.append(area[position])
    for home in homes:
        listed = PropertyStatusChange.objects.get(property=home, to_status="published").at
        if listed > listed_before:
            shift = listed - listed_before
            Property.objects.filter(pk=home.pk).update(created_at=home.created_at - shift)
            PropertyFigures.objects.filter(property=home, version=1).update(
                created_at=listed_before - timedelta(days=1)
            )
            PropertyStatusChange.objects.filter(property=home, to_status="published").update(
                at=listed_before
            )
    return homes


def _sale(offer: Offer, staff, *, start: datetime, pdf) -> Contract:
    """One sale from acceptance to transfer, each step on its own day."""
    steps = {
        "accepted": start.replace(hour=20, minute=15),
        "rendered": (start + timedelta(days=1)).replace(hour=9, minute=30),
        "sent": (start + timedelta(days=3)).replace(hour=10),
        "buyer_signed": (start + timedelta(days=10)).replace(hour=16, minute=40),
        "seller_signed": (start + timedelta(days=13)).replace(hour=14),
        "handed_over": (start + timedelta(days=13)).replace(hour=14, minute=30),
        "transferred": (start + timedelta(days=55)).replace(hour=10),
    }
    user = offer.application.user
    with time_machine.travel(steps["accepted"], tick=False):
        offer.refresh_from_db()
        contracts.sale_accept(
            offer=offer,
            actor=user,
            parties=[
                {
                    "applicant": applicant,
                    "place_of_birth": "Havenstad",
                    "civil_status": "unmarried",
                    "street_address": "Rozenlaan 88",
                    "postcode": "3161 AB",
                    "city": "Havenstad",
                }
                for applicant in offer.application.applicants.all()
            ],
        )
    contract = Contract.objects.get(offer=offer)
    with time_machine.travel(steps["rendered"], tick=False):
        contracts.contract_render(contract_selectors.latest_version(contract).pk)
    with time_machine.travel(steps["sent"], tick=False):
        contract = contracts.contract_send(contract=contract, actor=staff)
        contracts.contract_render(contract.sent_version_id)
    with time_machine.travel(steps["buyer_signed"], tick=False):
        contracts.contract_record_buyer_signature(contract=contract, actor=staff)
    with time_machine.travel(steps["handed_over"], tick=False):
        contract = contracts.contract_record_seller_signature(
            contract=contract,
            actor=staff,
            signed_copy=SimpleUploadedFile("getekend.pdf", pdf(), content_type="application/pdf"),
            signed_at=steps["seller_signed"],
            handed_over_at=steps["handed_over"],
        )
    with time_machine.travel(steps["transferred"], tick=False):
        return contracts.contract_transfer(contract=contract, actor=staff)


def sold_login() -> tuple[str, str, str]:
    """The buyer whose home in the pilot round was transferred at the notary."""
    contract = (
        Contract.objects.filter(status="transferred", offer__sales_round__slug=SLUG)
        .select_related("application__user")
        .order_by("property__reference")
        .first()
    )
    email = contract.application.user.email if contract else "-"
    return ("buyer whose home was transferred (sold)", email, BUYER_PASSWORD)
