"""The standing cast's rounds, built through the services as real rounds are (tests/conftest.py
says who is who). Plain functions, so that a module-scoped setup can build the same cast as the
function-scoped `cast` fixture."""

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
from contracts.services import library_install
from klushuis.accounts import roles
from properties.models import AssessmentCriterion, PropertyDocument, PropertyPhoto, SalesRound
from properties.services import sales_round_publish
from tests.applications.conftest import fill_in, pdf_upload
from tests.factories import PropertyFactory, SalesRoundFactory, StaffFactory

ROLES = [
    "anonymous", "buyer", "other_buyer", "juror", "juror_elsewhere", "notary",
    "notary_elsewhere", "auditor", "municipal_staff", "bureau", "bureau_without_mandate",
    "administrator",
]  # fmt: skip


@dataclass
class Cast:
    roles: dict  # role (see ROLES) -> user, None for the anonymous visitor
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


def cast_round(*, municipality, bureau, staff, buyers, juror, notary):
    """A round of `municipality` run by `bureau`, assessed by plan, with one home: both buyers
    applied and were found eligible, the entries were frozen, `notary` drew, `juror` and a
    second juror scored (the first buyer's plan best), the outcome was published and the offer
    made; the first buyer accepted it (a draft purchase agreement, not yet rendered), the
    second is its first reserve."""
    home = _home(municipality, "HVS-101")
    sales_round = SalesRoundFactory(
        municipality=municipality, bureau=bureau, name="Havenstad, eerste ronde",
        slug="havenstad-1", published_at=None, homes=[home],
        selection_method=SalesRound.SelectionMethod.PLAN_ASSESSMENT,
    )  # fmt: skip
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
                juror=member, preference=preference, scores={criterion.pk: score},
                remarks="Degelijk plan.", submit=True,
            )  # fmt: skip
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
    offers.offer_accept(
        offer=offer,
        actor=buyers[0],
        parties=[
            {
                "applicant": a, "place_of_birth": "Zwolle", "civil_status": "unmarried",
                "street_address": "Lijnbaan 12", "postcode": "3012 EA", "city": "Rotterdam",
            }
            for a in offer.application.applicants.all()
        ],
    )  # fmt: skip
    return sales_round


def cast_other_round(*, municipality, bureau, staff, juror, notary):
    """A published round of another municipality, open for applications, with its own juror
    and notary."""
    home = _home(municipality, "DKV-1")
    sales_round = SalesRoundFactory(
        municipality=municipality, bureau=bureau, name="Dijkerveld, eerste ronde",
        slug="dijkerveld-1", published_at=None, homes=[home],
        selection_method=SalesRound.SelectionMethod.PLAN_ASSESSMENT,
        assessment_min_score=Decimal("5.5"),
    )  # fmt: skip
    AssessmentCriterion.objects.create(sales_round=sales_round, name="Kwaliteit", weight=1)
    sales_round.jurors.set([juror])
    sales_round.notaries.set([notary])
    return sales_round_publish(sales_round=sales_round, actor=staff)
