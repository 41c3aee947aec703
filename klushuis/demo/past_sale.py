"""Demo section: a sale that is over, recorded as it happened.

Havenstad's pilot round sold two homes in Bloemhof about four months ago. Its whole life runs
through the real services, each step at its own moment in the past (`time_machine.travel`,
with the clock standing still): the round published with its seed commitment before the window,
applications submitted during it, eligibility decided after closing, the entries frozen and
drawn by the demo notary a few days later, the offers made and accepted with the data for the
deed, the purchase agreements rendered, sent, signed by the buyer and the municipality and
handed over, the cooling-off period passing, and the transfer at the notary some weeks later.
So every history row, log entry and date on the buyer's page agrees: the homes show as sold.

The pilot round's buyers are its own (`koper-pilot<n>@example.test`): someone who bought a
klushuis does not apply for the next one.
"""

import random
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


def _day(today, days: int, hour: int, minute: int = 0) -> datetime:
    return local(today + timedelta(days=days), hour, minute)


def build(*, staff, notary, pdf, fill_in, statement_pdf) -> Contract | None:
    """The pilot round and its two sales; returns the first transferred agreement.

    `fill_in` and `statement_pdf` are the applications section's own helpers (the same form
    a buyer fills in, the same blank PDF for the signed copy)."""
    rng = random.Random(SEED)
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    today = timezone.localdate()
    at = {
        "published": _day(today, -160, 10),
        "opens": _day(today, -150, 9),
        "closes": _day(today, -122, 12),
        "decided": _day(today, -118, 11),
        "frozen": _day(today, -115, 10),
        "drawn": _day(today, -115, 10, 30),
        "offered": _day(today, -112, 9),
    }
    homes = _homes(at["published"] - timedelta(days=21))
    with time_machine.travel(at["published"], tick=False):
        sales_round = SalesRound(
            slug=SLUG,
            name="Pilotronde Havenstad",
            municipality=Organisation.objects.get(slug="havenstad"),
            bureau=Organisation.objects.get(slug="stadsherstel-advies"),
            opens_at=at["opens"],
            closes_at=at["closes"],
            information_meeting_at=at["opens"] - timedelta(days=5, hours=-9),
            introduction=(
                "De eerste klushuizen van Havenstad: twee woningen in Bloemhof, verkocht bij "
                "loting. De inschrijving is lang gesloten en beide woningen zijn verkocht en "
                "geleverd."
            ),
            information_meeting_place="Wijkcentrum Bloemhof, Rozenlaan 1",
            selection_method="lottery",
            max_preferences=2,
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
        at["opens"] + timedelta(seconds=rng.uniform(0.05, 0.95) * window) for _ in range(BUYERS)
    )
    applications = []
    for number, moment in enumerate(moments, start=1):
        with time_machine.travel(moment, tick=False):
            buyer = User.objects.create(
                email=f"koper-pilot{number}@example.test",
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
        lottery.lottery_draw(sales_round=sales_round, public_value=PUBLIC_VALUE, actor=notary)
    with time_machine.travel(at["offered"], tick=False):
        made = offers.offers_start(sales_round=sales_round, actor=staff)
    transferred = [
        _sale(offer, staff, start=at["offered"] + timedelta(days=3 + 2 * index), pdf=statement_pdf)
        for index, offer in enumerate(sorted(made, key=lambda o: o.property.reference))
    ]
    return transferred[0] if transferred else None


def _homes(listed_before: datetime) -> list[Property]:
    """The pilot's homes. The homes section lists every home some months ago; these were
    listed before the pilot round was published (demo time travel, as that section does)."""
    homes = list(Property.objects.filter(neighbourhood__name=NEIGHBOURHOOD).order_by("reference"))
    homes = [homes[position] for position in POSITIONS]
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
