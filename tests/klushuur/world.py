"""A housing corporation's klushuur, built through the services: the catalogue, a complex whose
tenants may paint the outside, a home to let with kitchen and bathroom jobs, their offers."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from klushuis.accounts import roles
from klushuis.organisations.models import Organisation
from klushuur import rules, services
from klushuur.documents import addendum_render
from klushuur.models import Complex, Job, Offer, RentalHome
from tests.factories import OrganisationFactory, StaffFactory, UserFactory


@dataclass
class World:
    corporation: Organisation
    other_corporation: Organisation
    staff: object
    other_staff: object
    complex: Complex
    home: RentalHome  # to let
    complex_home: RentalHome  # let to `existing_tenant`
    kitchen: Job
    bathroom: Job
    painting: Job
    home_offer: Offer
    complex_offer: Offer
    applicant: object
    existing_tenant: object


def jpeg(name="klaar.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def build(slug="woonstad", *, applicant=None, existing_tenant=None) -> World:
    corporation = OrganisationFactory(
        name=f"Woonstichting {slug.title()}",
        slug=slug,
        kind=Organisation.Kind.HOUSING_CORPORATION,
    )
    other = OrganisationFactory(
        name=f"Andere corporatie {slug}",
        slug=f"{slug}-ander",
        kind=Organisation.Kind.HOUSING_CORPORATION,
    )
    staff = StaffFactory(
        email=f"klushuur@{slug}.test", organisation=corporation, role=roles.CORPORATION_STAFF
    )
    other_staff = StaffFactory(
        email=f"klushuur@{slug}-ander.test", organisation=other, role=roles.CORPORATION_STAFF
    )
    existing_tenant = existing_tenant or UserFactory(
        email=f"huurder@{slug}.test", full_name="Fatima El Amrani"
    )
    applicant = applicant or UserFactory(
        email=f"woningzoeker@{slug}.test", full_name="Jeroen de Wit"
    )
    complex_ = Complex.objects.create(
        corporation=corporation, name="Vogelbuurt", city="Havenstad", outside_needs_consent=True
    )
    home = RentalHome.objects.create(
        corporation=corporation,
        street="Merelstraat",
        house_number=12,
        postcode="3011AB",
        city="Havenstad",
        base_rent=Decimal("612.50"),
    )
    complex_home = RentalHome.objects.create(
        corporation=corporation,
        complex=complex_,
        street="Lijsterlaan",
        house_number=3,
        postcode="3011AC",
        city="Havenstad",
        base_rent=Decimal("580.00"),
        tenant=existing_tenant,
    )
    kitchen = Job.objects.create(
        corporation=corporation,
        name="Eigen keuken plaatsen",
        kind=Job.Kind.KITCHEN,
        location=rules.INSIDE,
        consent_needed=True,
        certification="Gasaansluiting door een erkend installateur",
        materials_supplied=True,
        quality_requirements="Keuken uit het assortiment, waterpas, aansluitingen dicht.",
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
        materials_supplied=False,
        quality_requirements="Tegelwerk waterdicht, afvoer op afschot.",
        compensation_kind=rules.RENT_FREEZE,
        compensation_months=12,
        weeks_to_complete=16,
    )
    painting = Job.objects.create(
        corporation=corporation,
        name="Buitenschilderwerk",
        kind=Job.Kind.OUTSIDE_PAINTING,
        location=rules.OUTSIDE,
        consent_needed=True,
        materials_supplied=True,
        quality_requirements="Twee lagen, hout geschuurd en gegrond.",
        compensation_kind=rules.ONE_OFF,
        compensation_amount=Decimal("650.00"),
        choices="Grachtengroen\nGebroken wit\nOssenbloedrood",
        weeks_to_complete=8,
    )
    home_offer = Offer.objects.create(
        corporation=corporation,
        title="Merelstraat 12: keuken en badkamer zelf doen",
        slug=f"{slug}-merelstraat-12",
        home=home,
        description="Een ruime eengezinswoning die u zelf opknapt.",
        conditions="U woont zelf in de woning.",
    )
    home_offer.jobs.set([kitchen, bathroom])
    complex_offer = Offer.objects.create(
        corporation=corporation,
        title="Vogelbuurt: schilder uw gevel",
        slug=f"{slug}-vogelbuurt-schilderen",
        complex=complex_,
        description="Huurders van de Vogelbuurt schilderen zelf de buitenkant.",
        conditions="Schilderen tussen april en oktober.",
    )
    complex_offer.jobs.set([painting])
    for offer in (home_offer, complex_offer):
        services.offer_transition(offer=offer, to=rules.OFFER_PUBLISHED, actor=staff)
        offer.refresh_from_db()
    return World(
        corporation,
        other,
        staff,
        other_staff,
        complex_,
        home,
        complex_home,
        kitchen,
        bathroom,
        painting,
        home_offer,
        complex_offer,
        applicant,
        existing_tenant,
    )


def allocate(world: World):
    """The applicant applied for the home with a kitchen choice, and was allocated it."""
    application = services.application_submit(
        offer=world.home_offer,
        user=world.applicant,
        jobs=[world.kitchen, world.bathroom],
        choices={str(world.kitchen.pk): "Keuken Eiken"},
        motivation="Ik ben timmerman.",
    )
    services.application_decide(
        application=application,
        actor=world.staff,
        allocate=True,
        rule="Woonruimteverdeling Havenstad art. 12: klushuurwoning, volgorde van inschrijving",
        ranking=1,
        reason="Eerste in volgorde, passend inkomen.",
    )
    application.refresh_from_db()
    return application


def at_work(world: World):
    """`allocate`, the addendum rendered (the caller stubs the PDF) and signed by both, and the
    kitchen reported done with a photo: the agreement as the URL-access table opens it."""
    application = allocate(world)
    agreement = application.agreement
    addendum = agreement.addenda.get()
    addendum_render(addendum.pk)
    addendum.refresh_from_db()
    services.addendum_sign(addendum=addendum, actor=world.applicant)
    services.addendum_sign(addendum=addendum, actor=world.staff)
    kitchen = agreement.jobs.get(job=world.kitchen)
    services.job_report(job=kitchen, actor=world.applicant, report="Klaar", photos=[jpeg()])
    change = services.change_submit(
        home=world.complex_home,
        tenant=world.existing_tenant,
        description="Zonnescherm",
        location=rules.OUTSIDE,
        easy_to_undo=True,
    )
    services.interest_register(
        user=world.applicant,
        corporation=world.corporation,
        job_kinds=["kitchen"],
        skills="Timmerman",
        available_time="Weekenden",
    )
    return agreement, kitchen, change
