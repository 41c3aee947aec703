"""Klushuur in the demo: a housing corporation with a complex whose tenants can paint the
outside, and two homes to let with kitchen and bathroom jobs; tenants at each stage, from
interested to accepted work with a running rent reduction, and a change waiting for consent."""

import io
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from klushuis.accounts import roles
from klushuis.accounts.models import User
from klushuis.demo.organisations import BUYER_PASSWORD, STAFF_PASSWORD, give_demo_device
from klushuis.organisations.models import Organisation
from klushuur import documents, rules, services
from klushuur.models import Complex, Job, Offer, RentalHome

CORPORATION_SLUG = "woonstad-havenstad"
STAFF_EMAIL = "klushuur@woonstad.test"
TENANTS = [
    # e-mail, name, what the login shows
    ("huurder.klus@example.test", "Sanne Visser", "tenant at work: kitchen accepted, rent reduced"),
    (
        "huurder.verf@example.test",
        "Ahmed Bakker",
        "tenant of the complex: outside painting reported",
    ),
    ("huurder.nieuw@example.test", "Lotte Smit", "tenant of the complex: not yet opted in"),
    ("woningzoeker@example.test", "Daan Mulder", "home-seeker: application awaiting a decision"),
]


def logins() -> list[tuple[str, str, str]]:
    found = [(f"klushuur staff ({CORPORATION_SLUG})", STAFF_EMAIL, STAFF_PASSWORD)]
    found += [(f"klushuur {what}", email, BUYER_PASSWORD) for email, _n, what in TENANTS]
    return found


def _user(email, name, password, **extra):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            password=make_password(password),
            full_name=name,
            email_verified_at=timezone.now(),
            **extra,
        )
    return user


def _render_and_sign(agreement, staff):
    addendum = agreement.addenda.order_by("-number").first()
    documents.addendum_render(addendum.pk)
    addendum.refresh_from_db()
    services.addendum_sign(addendum=addendum, actor=agreement.tenant)
    services.addendum_sign(addendum=addendum, actor=staff)


def build(demo):
    corporation, _created = Organisation.objects.get_or_create(
        slug=CORPORATION_SLUG,
        defaults={
            "name": "Woonstad Havenstad",
            "kind": Organisation.Kind.HOUSING_CORPORATION,
            "primary_colour": "#5b2a86",
            "email": "klushuur@woonstad.test",
            "website": "https://www.woonstad.test",
        },
    )
    if Offer.objects.filter(corporation=corporation).exists():
        return  # loaded before
    staff = _user(
        STAFF_EMAIL, "Inge Kuipers", STAFF_PASSWORD, is_staff=True, organisation=corporation
    )
    staff.groups.add(Group.objects.get(name=roles.CORPORATION_STAFF))
    give_demo_device(staff)
    at_work, painter, newcomer, seeker = (
        _user(email, name, BUYER_PASSWORD) for email, name, _what in TENANTS
    )

    complex_ = Complex.objects.create(
        corporation=corporation, name="Vogelbuurt", city="Havenstad", outside_needs_consent=True
    )
    homes = [
        RentalHome.objects.create(
            corporation=corporation,
            complex=complex_,
            street="Lijsterlaan",
            house_number=number,
            postcode="3012KL",
            city="Havenstad",
            base_rent=Decimal("574.35"),
            tenant=tenant,
        )
        for number, tenant in ((3, painter), (5, newcomer))
    ]
    merel, spreeuw = (
        RentalHome.objects.create(
            corporation=corporation,
            street=street,
            house_number=number,
            postcode=postcode,
            city="Havenstad",
            base_rent=Decimal(rent),
        )
        for street, number, postcode, rent in (
            ("Merelstraat", 12, "3011AB", "612.50"),
            ("Spreeuwenhof", 7, "3011AD", "655.80"),
        )
    )

    kitchen = Job.objects.create(
        corporation=corporation,
        name="Eigen keuken plaatsen",
        kind=Job.Kind.KITCHEN,
        location=rules.INSIDE,
        consent_needed=True,
        certification="Gasaansluiting door een erkend installateur",
        materials_supplied=True,
        quality_requirements="Keuken uit het assortiment, waterpas, aansluitingen lekdicht.",
        compensation_kind=rules.RENT_REDUCTION,
        compensation_amount=Decimal("45.00"),
        compensation_months=24,
        choices="Keuken Basis wit\nKeuken Eiken\nKeuken Antraciet",
        weeks_to_complete=12,
    )
    bathroom = Job.objects.create(
        corporation=corporation,
        name="Badkamer vernieuwen",
        kind=Job.Kind.BATHROOM,
        location=rules.INSIDE,
        consent_needed=True,
        certification="Elektra in de natte cel door een erkend installateur",
        materials_supplied=False,
        quality_requirements="Tegelwerk waterdicht, afvoer op afschot, mechanische ventilatie.",
        compensation_kind=rules.RENT_FREEZE,
        compensation_months=12,
        choices="Sanitair Wit\nSanitair Zwart mat",
        weeks_to_complete=16,
    )
    painting = Job.objects.create(
        corporation=corporation,
        name="Buitenschilderwerk kozijnen en deuren",
        kind=Job.Kind.OUTSIDE_PAINTING,
        location=rules.OUTSIDE,
        consent_needed=True,
        materials_supplied=True,
        quality_requirements="Hout geschuurd en gegrond, twee lagen dekkend, geen druipers.",
        compensation_kind=rules.ONE_OFF,
        compensation_amount=Decimal("650.00"),
        choices="Grachtengroen\nGebroken wit\nOssenbloedrood",
        weeks_to_complete=10,
    )
    complex_offer = Offer.objects.create(
        corporation=corporation,
        title="Vogelbuurt: schilder zelf uw kozijnen en deuren",
        slug="vogelbuurt-buitenschilderwerk",
        complex=complex_,
        description="Huurders van de Vogelbuurt schilderen zelf de buitenkant van hun woning, "
        "in een kleur uit het palet van de buurt. De verf levert Woonstad.",
        conditions="Schilderen tussen april en oktober, bij droog weer. Steigerwerk boven de "
        "eerste verdieping doet Woonstad.",
    )
    complex_offer.jobs.set([painting])
    offers = []
    for home, slug in ((merel, "merelstraat-12"), (spreeuw, "spreeuwenhof-7")):
        offer = Offer.objects.create(
            corporation=corporation,
            title=f"{home.street} {home.house_number}: keuken en badkamer naar uw smaak",
            slug=f"klushuur-{slug}",
            home=home,
            description="Een eengezinswoning met tuin. U plaatst zelf uw keuken en vernieuwt de "
            "badkamer; daarvoor betaalt u minder huur of blijft de huur gelijk.",
            conditions="U woont zelf in de woning. Werk aan gas en elektra door een erkend "
            "installateur.",
        )
        offer.jobs.set([kitchen, bathroom])
        offers.append(offer)
    for offer in (complex_offer, *offers):
        services.offer_transition(offer=offer, to=rules.OFFER_PUBLISHED, actor=staff)
        offer.refresh_from_db()

    # Merelstraat 12: allocated, signed, kitchen accepted (the reduction runs), bathroom to do.
    application = services.application_submit(
        offer=offers[0],
        user=at_work,
        jobs=[kitchen, bathroom],
        choices={str(kitchen.pk): "Keuken Eiken", str(bathroom.pk): "Sanitair Wit"},
        motivation="Ik ben keukenmonteur en wil graag zelf mijn keuken kiezen.",
    )
    services.application_decide(
        application=application,
        actor=staff,
        allocate=True,
        rule="Huisvestingsverordening Havenstad art. 2.4: klushuurwoning, op inschrijfduur",
        ranking=1,
        reason="Langste inschrijfduur van de kandidaten met passend inkomen.",
    )
    agreement = application.agreement
    _render_and_sign(agreement, staff)
    job = agreement.jobs.get(job=kitchen)
    services.job_report(job=job, actor=at_work, report="Keuken geplaatst.", photos=[_photo()])
    services.job_inspect(job=job, actor=staff, accept=True, remarks="Netjes afgewerkt.")

    # Spreeuwenhof 7: two applications waiting for the corporation's decision.
    services.application_submit(
        offer=offers[1],
        user=seeker,
        jobs=[kitchen],
        choices={str(kitchen.pk): "Keuken Antraciet"},
        motivation="Handig met hout, twee weken vakantie in de zomer.",
    )
    services.interest_register(
        user=seeker,
        corporation=corporation,
        job_kinds=["kitchen", "floors"],
        skills="Timmeren, vloeren leggen",
        available_time="Avonden en weekenden",
    )

    # Vogelbuurt: one tenant opted in, signed and reported the painting done.
    opt_in = services.application_submit(
        offer=complex_offer,
        user=painter,
        jobs=[painting],
        choices={str(painting.pk): "Grachtengroen"},
    )
    services.application_decide(
        application=opt_in,
        actor=staff,
        allocate=True,
        rule="Huurder van het complex (deelname voor alle huurders open)",
        ranking=None,
        reason="Zittend huurder van Lijsterlaan 3.",
    )
    _render_and_sign(opt_in.agreement, staff)
    services.job_report(
        job=opt_in.agreement.jobs.get(),
        actor=painter,
        report="Kozijnen en voordeur geschilderd.",
        photos=[_photo()],
    )
    # A change waiting for consent, six weeks after the written request: staff are reminded.
    services.change_submit(
        home=homes[1],
        tenant=newcomer,
        description="Zonnescherm boven de achterdeur",
        location=rules.OUTSIDE,
        easy_to_undo=True,
        requested_on=timezone.localdate() - timedelta(weeks=6),
    )
    services.change_submit(
        home=homes[1],
        tenant=newcomer,
        description="Laminaat in de woonkamer",
        location=rules.INSIDE,
        easy_to_undo=True,
    )
    demo.logins += logins()


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 160, 90)).save(buffer, "JPEG")
    return SimpleUploadedFile("klaar.jpg", buffer.getvalue(), content_type="image/jpeg")
