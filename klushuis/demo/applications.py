"""Demo section: applications in the open and the closed rounds, the selections and offers.

The open round gets drafts, submissions and a few withdrawals; the closed rounds get
submissions that staff have already reviewed, eligible or not, each with a reason, and their
public lottery committed, frozen and drawn by a notary. In the round assessed by plan quality
three jurors have scored every plan and the outcome is published. Both closed rounds have their
offers made; in the lottery round one buyer declined, and the home passed by itself to the
first reserve candidate; another buyer accepted and signed (in the cooling-off period
now). The sales that are over (transferred at the notary, the homes sold) are the pilot
round's, recorded at their own moments in the past (`klushuis.demo.past_sale`). The demo buyer
(koper@example.test) has a submitted application in the open round, one in the lottery round
and one in the assessed round (with the jury's scores and remarks); koper2@example.test has
none, to try the form with.

Applications go through the services, which accept changes only while a window is open: for
the closed round the demo reopens the window for a moment and travels back afterwards, as the
rounds section does.
"""

import io
import random
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from applications import services
from applications.assessment.selectors import plans_to_assess
from applications.assessment.services import assessment_publish, assessment_save
from applications.lottery import services as lottery
from applications.models import (
    Application,
    LotteryCommitment,
    Offer,
    ReservePlace,
    StatusChange,
)
from applications.offers import services as offers
from contracts import selectors as contract_selectors
from contracts import services as contracts
from contracts.models import Contract, DocumentTemplate
from klushuis.accounts import roles
from klushuis.accounts.models import User
from klushuis.demo import past_sale
from klushuis.demo.organisations import BUYER_PASSWORD, STAFF_PASSWORD, give_demo_device
from klushuis.organisations.models import Organisation
from properties.models import SalesRound

SEED = 20261121
OPEN_ROUND, CLOSED_ROUND, ASSESSED_ROUND = "oude-haven-2", "molenwijk-1", "bloemhof-1"
REMARKS = [
    "Sterk plan voor de fundering; de planning van het dak is krap.",
    "Goede aandacht voor isolatie. Let op de begroting voor de installaties.",
    "Het plan volgt het programma van eisen netjes. Het aandeel eigen werk is ambitieus.",
    "Duidelijke tekeningen en een realistische begroting.",
    "",
]
HOUSING = ["social_rental", "private_rental", "private_rental", "with_parents", "owner_occupied"]
LENDERS = [
    "Hypotheekadvies Havenstad",
    "De Hypotheker Havenstad",
    "Rabobank Rijnmond",
    "ING Hypotheken",
    "Van Bruggen Adviesgroep",
    "Financieel Advies Kade",
]
PLANS = [
    "Fundering herstellen, dak vernieuwen met isolatie, nieuwe kozijnen met HR++-glas, "
    "installaties vervangen en een warmtepomp plaatsen.",
    "Gevel en voegwerk herstellen, dak isoleren, badkamer en keuken vernieuwen; het "
    "schilderwerk en de afwerking doen we zelf.",
    "Casco herstellen met een aannemer, daarna zelf isoleren, stucen en de keuken plaatsen. "
    "Zonnepanelen op het achterdak.",
]
INELIGIBLE_REASONS = [
    "De financieringsverklaring dekt geen van de gekozen woningen.",
    "Een medeaanvrager is op de sluitingsdag jonger dan 18 jaar.",
    "Er is al een inschrijving van hetzelfde huishouden in deze ronde.",
]


def _statement_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def build(demo):
    if Application.objects.exists():
        return  # loaded before (--force): applications are not made twice
    rounds = demo.objects["sales_rounds"]
    buyers = list(User.objects.filter(is_staff=False).order_by("pk"))
    staff = User.objects.get(email="verkoop@stadsherstel.test")
    rng = random.Random(SEED)
    pdf = _statement_pdf()
    open_round, closed_round = rounds[OPEN_ROUND], rounds[CLOSED_ROUND]
    demo_buyer, try_buyer = buyers[0], (buyers[1] if len(buyers) > 1 else None)
    others = [b for b in buyers if b not in (demo_buyer, try_buyer)]
    half = len(others) * 3 // 5

    _apply_all(rng, open_round, [demo_buyer, *others[:half]], pdf, demo_buyer)
    with _window_open(closed_round):
        submitted = _apply_all(rng, closed_round, [demo_buyer, *others[half:]], pdf, demo_buyer)
    first_other = True
    for application in submitted:
        if application.status != "submitted":
            continue
        # At least one refusal, so that every demo shows what a buyer reads then.
        fails = application.user != demo_buyer and (first_other or rng.random() < 0.12)
        first_other = first_other and application.user == demo_buyer
        services.application_decide(
            application=application,
            eligible=not fails,
            reason=rng.choice(INELIGIBLE_REASONS)
            if fails
            else "Voldoet aan alle voorwaarden van de verkoopronde.",
            actor=staff,
        )
    _backdate(closed_round)
    assessed = rounds[ASSESSED_ROUND]
    with _window_open(assessed):
        jury_entries = _apply_all(
            rng, assessed, [demo_buyer, *others[: max(2, len(others) // 8)]], pdf, demo_buyer
        )
    for application in jury_entries:
        if application.status == "submitted":
            services.application_decide(
                application=application,
                eligible=True,
                reason="Voldoet aan alle voorwaarden van de verkoopronde.",
                actor=staff,
            )
    _backdate(assessed)
    _lottery(closed_round, staff, {closed_round: "12-7-31", assessed: "5-23-40"})
    _jury(rng, assessed, staff)
    _offers(demo, closed_round, assessed, staff, demo_buyer)
    notary = User.objects.get(email=NOTARY_EMAIL)
    for spec in (past_sale.PILOT, past_sale.EARLIER):
        demo.objects[spec.slug] = past_sale.build(
            staff=staff,
            notary=notary,
            pdf=pdf,
            fill_in=_fill_in,
            statement_pdf=_statement_pdf,
            spec=spec,
        )
    demo.logins.insert(-1, past_sale.sold_login())
    demo.logins.insert(
        -1,
        (
            "notary (a draw: /loting/; reports resales: /notaris/woningen/)",
            NOTARY_EMAIL,
            "demo-medewerker-2026",
        ),
    )


NOTARY_EMAIL = "notaris@havenstad.test"


def _lottery(closed_round, staff, values):
    """Every published round committed when it was published; the closed rounds frozen and
    drawn in public by a notary."""
    for sales_round in SalesRound.objects.filter(published_at__isnull=False):
        # Demo time travel: the rounds were published in the past, so were their commitments.
        LotteryCommitment.objects.filter(sales_round=sales_round).update(
            committed_at=sales_round.published_at
        )
    notary = User.objects.create(
        email=NOTARY_EMAIL,
        full_name="mr. E.J. de Wit (notaris)",
        password=make_password(STAFF_PASSWORD),
        email_verified_at=timezone.now(),
    )
    notary.groups.add(Group.objects.get(name=roles.NOTARY))
    # A notary draws only the rounds that name them: this one is Havenstad's notary.
    for sales_round in SalesRound.objects.filter(municipality__slug="havenstad"):
        sales_round.notaries.add(notary)
    give_demo_device(notary)
    for sales_round, value in values.items():
        lottery.lottery_freeze(sales_round=sales_round, actor=staff)
        lottery.lottery_draw(sales_round=sales_round, public_value=value, actor=notary)


def _jury(rng, sales_round, staff):
    """Three jurors score every plan: a plan has a quality of its own, each juror sees it a
    little differently. Then staff publish the outcome."""
    criteria = list(sales_round.assessment_criteria.all())
    jurors = list(sales_round.jurors.order_by("email"))
    for preference in plans_to_assess(sales_round):
        quality = rng.randint(4, 9)
        for juror in jurors:
            assessment_save(
                juror=juror,
                preference=preference,
                scores={c.pk: max(0, min(10, quality + rng.randint(-1, 1))) for c in criteria},
                remarks=rng.choice(REMARKS),
                submit=True,
            )
    assessment_publish(sales_round=sales_round, actor=staff)


TEMPLATE_DETAILS = {
    "havenstad": {
        "seller_address": "Stadhuisplein 1, 3011 AA Havenstad",
        "signatory_name": "mr. drs. H.J. van Dijk",
        "signatory_title": "wethouder Wonen, namens het college van burgemeester en wethouders",
        "notary": "mr. E.J. de Wit, notaris te Havenstad",
    },
    "lindenburg": {
        "seller_address": "Markt 1, 3441 BA Lindenburg",
        "signatory_name": "drs. A. Smit",
        "signatory_title": "wethouder Ruimtelijke Ordening",
        "notary": "mr. K. Bakker, notaris te Lindenburg",
    },
}


def _contract_templates():
    """The municipalities' document templates from the standard library, with their own
    address, signatory and notary filled in (staff do this once in the admin)."""
    for slug, details in TEMPLATE_DETAILS.items():
        contracts.library_install(Organisation.objects.get(slug=slug))
        DocumentTemplate.objects.filter(municipality__slug=slug).update(**details)


def _sign(offer, staff):
    """The accepted home's agreement: rendered, sent, and signed by both, one after the other
    now; the signed copy is handed to the buyer now (the cooling-off period runs from the next
    day). The services keep these in order: no signature before sending, no handover before
    the buyer signed."""
    contract = offer.contract
    contracts.contract_render(contract_selectors.latest_version(contract).pk)
    contract = contracts.contract_send(contract=contract, actor=staff)
    # The demo is loaded in one transaction, so the task rendering the PDF sent for signing
    # would only run after it; no signature is recorded before that PDF exists.
    contracts.contract_render(contract.sent_version_id)
    contracts.contract_record_buyer_signature(contract=contract, actor=staff)
    signed = timezone.now()
    return contracts.contract_record_seller_signature(
        contract=contract,
        actor=staff,
        signed_copy=SimpleUploadedFile(
            "getekend.pdf", _statement_pdf(), content_type="application/pdf"
        ),
        signed_at=signed,
        handed_over_at=signed,
    )


def contract_login() -> tuple[str, str, str]:
    """The buyer whose purchase agreement is signed and in its cooling-off period."""
    contract = (
        Contract.objects.filter(status="signed_by_seller")
        .select_related("application__user")
        .first()
    )
    email = contract.application.user.email if contract else "-"
    return ("buyer with a signed purchase agreement (cooling-off)", email, BUYER_PASSWORD)


def reserve_login() -> tuple[str, str, str]:
    """The buyer who was offered a home from the reserve list after a decline (to try it)."""
    offer = (
        Offer.objects.filter(source="reserve", status="open", sales_round__slug=CLOSED_ROUND)
        .select_related("application__user")
        .first()
    )
    email = offer.application.user.email if offer else "-"
    return ("buyer offered a home from a reserve list", email, BUYER_PASSWORD)


def _offers(demo, lottery_round, assessed, staff, demo_buyer):
    """Offers in both closed rounds. In the lottery round one buyer declines (preferably the
    holder of a home where the demo buyer is first reserve, so the demo buyer can accept the
    home that passed on) and another accepts, giving the data for the deed."""
    assessed_made = offers.offers_start(sales_round=assessed, actor=staff)
    made = offers.offers_start(sales_round=lottery_round, actor=staff)
    first_reserves = {
        p.property_id: p.application.user_id
        for p in ReservePlace.objects.filter(sales_round=lottery_round, rank=1).select_related(
            "application"
        )
    }
    candidates = [o for o in made if o.application.user_id != demo_buyer.pk]
    # Only a house in full ownership is declined: the apartment right and the leasehold of
    # this round stay with their first buyers, whose agreements the demo shows.
    houses = [o for o in candidates if _kind_of_sale(o) == "ownership"]
    to_decline = next(
        (o for o in houses if first_reserves.get(o.property_id) == demo_buyer.pk),
        next((o for o in houses if o.property_id in first_reserves), None),
    )
    if to_decline is not None:
        offers.offer_decline(offer=to_decline, actor=to_decline.application.user)
        demo.logins.insert(-1, reserve_login())
    _contract_templates()
    # Sales of different kinds of property where the draw allows (an apartment right, a
    # leasehold, a house in full ownership), so staff can compare the agreements: one signed
    # today and in its cooling-off period, one accepted with its draft. The sales that are
    # over (transferred at the notary, the homes sold) are the pilot round's (past_sale.py).
    lottery_offers = [o for o in candidates if o != to_decline and o.status == Offer.Status.OPEN]
    # When few homes were offered in the lottery round (the draw differs per load), the
    # assessed round's sales make up the rest.
    others = [o for o in assessed_made if o.application.user_id != demo_buyer.pk]
    chosen = _by_kind(lottery_offers, others)
    for index, offer in enumerate(chosen[:2]):
        _accept(offer)
        if index == 0:
            _sign(offer, staff)
            demo.logins.insert(-1, contract_login())
        else:
            offer.refresh_from_db()
            contracts.contract_render(contract_selectors.latest_version(offer.contract).pk)


def _kind_of_sale(offer) -> str:
    home = offer.property
    if home.is_apartment_right:
        return "apartment"
    return "leasehold" if home.tenure == "leasehold" else "ownership"


def _by_kind(first_pool, rest_pool) -> list:
    """Up to three offers to accept (the demo takes two): the first from `first_pool` (the
    lottery round's), each of a kind of property not chosen yet where one is left, one offer
    per application. The lottery round of the demo has an apartment right and a leasehold,
    and every home in it is offered (more applicants than homes), so the two taken are those;
    the pilot round's transferred sales are houses in full ownership."""
    chosen: list = []
    for pool in (first_pool, first_pool + rest_pool, first_pool + rest_pool):
        left = [
            o
            for o in pool
            if o not in chosen and o.application_id not in {c.application_id for c in chosen}
        ]
        if not left:
            continue
        kinds = {_kind_of_sale(o) for o in chosen}
        wanted = [k for k in ("apartment", "leasehold", "ownership") if k not in kinds]
        chosen.append(next((o for k in wanted for o in left if _kind_of_sale(o) == k), left[0]))
    return chosen


def _accept(offer):
    offer.refresh_from_db()
    couple = offer.application.applicants.count() > 1
    contracts.sale_accept(
        offer=offer,
        actor=offer.application.user,
        parties=[
            {
                "applicant": applicant,
                "place_of_birth": "Rotterdam",
                "civil_status": "married" if couple else "unmarried",
                "street_address": "Wisselstraat 12",
                "postcode": "3151 AB",
                "city": "Havenstad",
            }
            for applicant in offer.application.applicants.all()
        ],
    )


def _apply_all(rng, sales_round, buyers, pdf, demo_buyer):
    homes = list(sales_round.properties.select_related("current_figures").order_by("reference"))
    made = []
    for index, buyer in enumerate(buyers):
        application = services.application_start(user=buyer, sales_round=sales_round)
        _fill_in(rng, application, buyer, homes, sales_round, pdf, houses_only=buyer == demo_buyer)
        roll = rng.random()
        # The second buyer of each round leaves a draft, so that every demo has one.
        if buyer == demo_buyer or (index != 1 and roll < 0.85):
            services.application_submit(application=application, actor=buyer)
            if buyer != demo_buyer and roll < 0.03:
                services.application_withdraw(application=application, actor=buyer)
        made.append(application)
    return made


def _fill_in(rng, application, buyer, homes, sales_round, pdf, houses_only=False):
    given, _sep, surname = buyer.full_name.partition(" ")
    born = date(rng.randint(1968, 2003), rng.randint(1, 12), rng.randint(1, 28))
    co = None
    if rng.random() < 0.5:
        co = {
            "given_names": rng.choice(["Sanne", "Daan", "Fleur", "Milan", "Noor", "Bram"]),
            "surname": surname or "Jansen",
            "date_of_birth": date(born.year + rng.randint(-4, 4), rng.randint(1, 12), 15),
            "email": buyer.email.replace("@", ".partner@"),
            "phone": "",
        }
    services.application_save_applicants(
        application=application,
        main={
            "given_names": given or "Koper",
            "surname": surname or "Onbekend",
            "date_of_birth": born,
            "email": buyer.email,
            "phone": f"06{rng.randint(10000000, 99999999)}",
        },
        co=co,
    )
    housing = rng.choice(HOUSING)
    services.application_save_fields(
        application=application,
        fields={
            "adults": 2 if co else 1,
            "children": rng.choice([0, 0, 1, 2]),
            "current_housing": housing,
            "leaves_social_rental": housing == "social_rental" and rng.random() < 0.8,
            "lives_or_works_locally": rng.random() < 0.6,
            "owns_home": housing == "owner_occupied",
        },
    )
    # The demo buyer chooses houses only: the apartment right and the leasehold go to others,
    # whose agreements the demo shows (`_by_kind`), while the demo buyer's offer stays open.
    pool = homes
    if houses_only:
        pool = [h for h in homes if h.tenure == "ownership" and not h.is_apartment_right] or homes
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(1, sales_round.max_preferences)))
    services.application_save_preferences(application=application, properties=chosen)
    # Most financing covers the first choice; some only the cheaper homes.
    need = max(h.current_figures.financing_requirement() for h in chosen)
    mortgage = _round(need * Decimal(rng.uniform(0.8, 1.15)), 1000)
    services.application_save_fields(
        application=application,
        fields={
            "max_mortgage": mortgage,
            "own_funds": Decimal(rng.randrange(5000, 60000, 1000)),
            "financing_provider": rng.choice(LENDERS),
            "financing_date": timezone.localdate() - timedelta(days=rng.randint(3, 90)),
            "declares_self_occupancy": True,
            "declares_no_letting": True,
            "declares_no_other_klushuis": True,
        },
        files={"financing_statement": SimpleUploadedFile("verklaring.pdf", pdf)},
    )
    for preference in application.preferences.select_related("property__current_figures"):
        minimum = preference.property.current_figures.minimum_renovation_budget
        total = minimum * Decimal(rng.uniform(1.0, 1.4))
        shares = [Decimal(x) for x in (0.15, 0.35, 0.2, 0.15, 0.15)]
        start = timezone.localdate() + timedelta(days=rng.randint(120, 240))
        services.application_save_plan(
            preference=preference,
            fields={
                "description": rng.choice(PLANS),
                "budget_structure": _round(total * shares[0], 500),
                "budget_envelope": _round(total * shares[1], 500),
                "budget_installations": _round(total * shares[2], 500),
                "budget_sustainability": _round(total * shares[3], 500),
                "budget_interior": _round(total * shares[4], 500),
                "budget_other": Decimal(0),
                "planned_start": start,
                "planned_completion": start + timedelta(days=rng.randint(300, 600)),
                "own_work_share": rng.choice([0, 10, 20, 30, 40]),
                "contractor": rng.choice(["", "Bouwbedrijf Van der Kade", "Aannemer De Wit"]),
            },
        )


def _round(amount: Decimal, step: int) -> Decimal:
    return (amount / step).quantize(Decimal(1)) * step


@contextmanager
def _window_open(sales_round):
    """Reopen a closed round's window for the services, then put it back (demo time travel)."""
    closes_at = sales_round.closes_at
    SalesRound.objects.filter(pk=sales_round.pk).update(
        closes_at=timezone.now() + timedelta(hours=1)
    )
    sales_round.refresh_from_db()
    try:
        yield
    finally:
        SalesRound.objects.filter(pk=sales_round.pk).update(closes_at=closes_at)
        sales_round.refresh_from_db()


def _backdate(sales_round):
    """Submissions of the closed round happened during its window, decisions just after."""
    rng = random.Random(SEED + 1)
    window = (sales_round.closes_at - sales_round.opens_at).total_seconds()
    for application in Application.objects.filter(sales_round=sales_round):
        at = sales_round.opens_at + timedelta(seconds=rng.uniform(0.1, 0.98) * window)
        Application.objects.filter(pk=application.pk).update(
            created_at=at - timedelta(hours=rng.randint(1, 48)), submitted_at=at, updated_at=at
        )
        StatusChange.objects.filter(application=application, to_status="submitted").update(at=at)
        StatusChange.objects.filter(
            application=application, to_status__in=["eligible", "ineligible"]
        ).update(at=sales_round.closes_at + timedelta(days=rng.randint(2, 9)))
