"""The standing cast from factories: its people and organisations, and its rounds built through
the services as real rounds are (tests/conftest.py says who is who). Plain functions, so that a
module-scoped setup (`build`) makes the same cast as the function-scoped fixtures."""

import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from applications import services
from applications.assessment.selectors import plans_to_assess
from applications.assessment.services import assessment_publish, assessment_save
from applications.lottery import services as lottery
from applications.models import Application, LotteryCommitment, Offer
from applications.offers import services as offers
from applications.rounds import sales_round_publish
from contracts.services import library_install, sale_accept
from klushuis.accounts import roles
from klushuis.organisations.models import Organisation
from properties.models import AssessmentCriterion, PropertyDocument, PropertyPhoto, SalesRound
from tests.applications.conftest import fill_in, pdf_upload
from tests.factories import (
    BureauFactory,
    MandateFactory,
    OrganisationFactory,
    PropertyFactory,
    SalesRoundFactory,
    StaffFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "buyer",
    "other_buyer",
    "juror",
    "juror_elsewhere",
    "notary",
    "notary_elsewhere",
    "auditor",
    "municipal_staff",
    "bureau",
    "bureau_without_mandate",
    "administrator",
]


@dataclass
class Cast:
    roles: dict  # role (see ROLES) -> user, None for the anonymous visitor
    municipality: Organisation
    other_municipality: Organisation
    this_round: SalesRound
    other_round: SalesRound

    @property
    def home(self):
        return self.this_round.properties.get()

    @property
    def application(self) -> Application:
        """The buyer's application in this round: offered the home, accepted, contracted."""
        return Application.objects.get(sales_round=self.this_round, user=self.roles["buyer"])

    @property
    def offer(self) -> Offer:
        return Offer.objects.get(application=self.application)

    @property
    def contract(self):
        return self.offer.contract


def _close(sales_round):
    """Time travel: the window closed a minute ago, the seed was committed before it opened."""
    now = timezone.now()
    SalesRound.objects.filter(pk=sales_round.pk).update(
        opens_at=now - timedelta(days=20), closes_at=now - timedelta(minutes=1)
    )
    LotteryCommitment.objects.filter(sales_round=sales_round).update(
        committed_at=now - timedelta(days=21)
    )
    sales_round.refresh_from_db()


def _home(municipality, reference):
    home = PropertyFactory(municipality=municipality, reference=reference)
    PropertyPhoto.objects.create(
        property=home, image=ContentFile(b"\xff\xd8\xff", name="p.jpg"), alt_text="Gevel"
    )
    PropertyDocument.objects.create(
        property=home, kind="other", title="Rapport", file=ContentFile(b"%PDF-", name="d.pdf")
    )
    return home


def this_round(*, municipality, bureau, staff, buyers, juror, notary):
    """A round of `municipality` run by `bureau`, assessed by plan, with one home: both buyers
    applied and were found eligible, the entries were frozen, `notary` drew, `juror` and a
    second juror scored (the first buyer's plan best), the outcome was published and the offer
    made; the first buyer accepted it (a draft purchase agreement, not yet rendered), the
    second is its first reserve."""
    home = _home(municipality, "HVS-101")
    sales_round = SalesRoundFactory(
        municipality=municipality,
        bureau=bureau,
        name="Havenstad, eerste ronde",
        slug="havenstad-1",
        published_at=None,
        homes=[home],
        selection_method=SalesRound.SelectionMethod.PLAN_ASSESSMENT,
    )
    AssessmentCriterion.objects.create(sales_round=sales_round, name="Kwaliteit", weight=1)
    second_juror = StaffFactory(
        email="jurylid2@havenstad.test", organisation=municipality, role=roles.JUROR
    )
    sales_round.jurors.set([juror, second_juror])
    sales_round.notaries.set([notary])
    sales_round = sales_round_publish(sales_round=sales_round, actor=staff)
    for buyer in buyers:
        application = fill_in(
            services.application_start(user=buyer, sales_round=sales_round), buyer, [home]
        )
        services.application_save_plan(
            preference=application.preferences.get(),
            fields={},
            drawings=pdf_upload("tekeningen.pdf"),
        )
        services.application_submit(application=application, actor=buyer)
    _close(sales_round)
    for application in Application.objects.filter(sales_round=sales_round):
        services.application_decide(
            application=application, eligible=True, reason="In orde", actor=staff
        )
    lottery.lottery_freeze(sales_round=sales_round, actor=staff)
    lottery.lottery_draw(sales_round=sales_round, public_value="4-17-23", actor=notary)
    criterion = sales_round.assessment_criteria.get()
    for preference in plans_to_assess(sales_round):
        score = 8 if preference.application.user == buyers[0] else 6
        for member in (juror, second_juror):
            assessment_save(
                juror=member,
                preference=preference,
                scores={criterion.pk: score},
                remarks="Degelijk plan.",
                submit=True,
            )
    outcome = assessment_publish(sales_round=sales_round, actor=staff)
    assert list(json.loads(outcome.record)["allocation"].values()) == [
        Application.objects.get(sales_round=sales_round, user=buyers[0]).reference
    ]
    templates = library_install(municipality)
    for template in templates.values():
        template.seller_address = "Stadhuisplein 1, 3011 AA Havenstad"
        template.signatory_name = "mr. J. de Boer"
        template.signatory_title = "wethouder Wonen"
        template.notary = "Notariskantoor Kade, Havenstad"
        template.save()
    offers.offers_start(sales_round=sales_round, actor=staff)
    offer = Offer.objects.get(sales_round=sales_round, application__user=buyers[0])
    sale_accept(
        offer=offer,
        actor=buyers[0],
        parties=[
            {
                "applicant": a,
                "place_of_birth": "Zwolle",
                "civil_status": "unmarried",
                "street_address": "Lijnbaan 12",
                "postcode": "3012 EA",
                "city": "Rotterdam",
            }
            for a in offer.application.applicants.all()
        ],
    )
    return sales_round


def other_round(*, municipality, bureau, staff, juror, notary):
    """A published round of another municipality, open for applications, with its own juror
    and notary."""
    home = _home(municipality, "DKV-1")
    sales_round = SalesRoundFactory(
        municipality=municipality,
        bureau=bureau,
        name="Dijkerveld, eerste ronde",
        slug="dijkerveld-1",
        published_at=None,
        homes=[home],
        selection_method=SalesRound.SelectionMethod.PLAN_ASSESSMENT,
        assessment_min_score=Decimal("5.5"),
    )
    AssessmentCriterion.objects.create(sales_round=sales_round, name="Kwaliteit", weight=1)
    sales_round.jurors.set([juror])
    sales_round.notaries.set([notary])
    return sales_round_publish(sales_round=sales_round, actor=staff)


# --- The people and their organisations ------------------------------------------------------


def municipality():
    return OrganisationFactory(name="Gemeente Havenstad", slug="havenstad")


def bureau(municipality):
    """A bureau holding a mandate from `municipality`."""
    made = BureauFactory(name="Stadsherstel Advies", slug="stadsherstel")
    MandateFactory(bureau=made, principal=municipality)
    return made


def other_municipality():
    return OrganisationFactory(name="Gemeente Dijkerveld", slug="dijkerveld")


def other_bureau(other_municipality):
    made = BureauFactory(name="Woonwijzer", slug="woonwijzer")
    MandateFactory(bureau=made, principal=other_municipality)
    return made


def applicant():
    return UserFactory(email="koper@example.test", full_name="Anna de Vries")


def other_applicant():
    return UserFactory(email="andere.koper@example.test", full_name="Bram Jansen")


def municipal_staff(municipality):
    return StaffFactory(
        email="medewerker@havenstad.test", organisation=municipality, role=roles.MUNICIPAL_STAFF
    )


def bureau_staff(bureau):
    return StaffFactory(
        email="verkoop@stadsherstel.test", organisation=bureau, role=roles.BUREAU_SALES_STAFF
    )


def outsider(other_bureau):
    """Sales staff of a bureau without a mandate from `municipality`."""
    return StaffFactory(
        email="verkoop@woonwijzer.test", organisation=other_bureau, role=roles.BUREAU_SALES_STAFF
    )


def auditor(municipality):
    return StaffFactory(
        email="auditor@havenstad.test", organisation=municipality, role=roles.AUDITOR
    )


def superuser():
    return UserFactory(email="beheer@example.test", is_staff=True, is_superuser=True)


def juror(municipality):
    return StaffFactory(email="jurylid@havenstad.test", organisation=municipality, role=roles.JUROR)


def juror_elsewhere(other_municipality):
    return StaffFactory(
        email="jurylid@dijkerveld.test", organisation=other_municipality, role=roles.JUROR
    )


def notary_here():
    return StaffFactory(
        email="notaris@havenstad.test", is_staff=False, organisation=None, role=roles.NOTARY
    )


def notary_elsewhere():
    return StaffFactory(
        email="notaris@dijkerveld.test", is_staff=False, organisation=None, role=roles.NOTARY
    )


def build() -> Cast:
    """The whole cast at once, for a setup that outlives one test (the same people and rounds
    as the `cast` fixture)."""
    here, elsewhere = municipality(), other_municipality()
    with_mandate, without = bureau(here), other_bureau(elsewhere)
    people = {
        "anonymous": None,
        "buyer": applicant(),
        "other_buyer": other_applicant(),
        "juror": juror(here),
        "juror_elsewhere": juror_elsewhere(elsewhere),
        "notary": notary_here(),
        "notary_elsewhere": notary_elsewhere(),
        "auditor": auditor(here),
        "municipal_staff": municipal_staff(here),
        "bureau": bureau_staff(with_mandate),
        "bureau_without_mandate": outsider(without),
        "administrator": superuser(),
    }
    return Cast(
        roles=people,
        municipality=here,
        other_municipality=elsewhere,
        this_round=this_round(
            municipality=here,
            bureau=with_mandate,
            staff=people["bureau"],
            buyers=[people["buyer"], people["other_buyer"]],
            juror=people["juror"],
            notary=people["notary"],
        ),
        other_round=other_round(
            municipality=elsewhere,
            bureau=without,
            staff=people["bureau_without_mandate"],
            juror=people["juror_elsewhere"],
            notary=people["notary_elsewhere"],
        ),
    )
