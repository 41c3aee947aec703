"""Selection by plan quality: jurors score blind, staff publish, homes go by deferred acceptance
with the lottery breaking ties, and everything is published by reference."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from applications import services
from applications.assessment import selectors
from applications.assessment.services import (
    assessment_problems,
    assessment_publish,
    assessment_save,
)
from applications.lottery import services as lottery
from applications.models import Application, AssessmentOutcome, LotteryDraw, Offer
from applications.offers import services as offers
from applications.rounds import sales_round_publish
from klushuis.accounts import roles
from properties.models import AssessmentCriterion
from properties.services import sales_round_problems
from tests.applications.conftest import close_round, make_applications
from tests.factories import PropertyFactory, SalesRoundFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jurors(municipality):
    return [
        StaffFactory(email=f"jury{i}@example.test", role=roles.JUROR, organisation=municipality)
        for i in (1, 2)
    ]


@pytest.fixture
def assessed_round(municipality, bureau, bureau_staff, jurors, notary):
    homes = [
        PropertyFactory(municipality=municipality, reference=f"BLH-{i}", house_number=i)
        for i in (1, 2, 3)
    ]
    sales_round = SalesRoundFactory(
        municipality=municipality,
        bureau=bureau,
        slug="bloemhof",
        published_at=None,
        homes=homes,
        selection_method="plan_assessment",
        assessment_min_score=Decimal("5.5"),
    )
    assert "Voor beoordeling van plannen is minstens één criterium nodig." in (
        sales_round_problems(sales_round)
    )
    AssessmentCriterion.objects.create(sales_round=sales_round, name="Kwaliteit", weight=2)
    AssessmentCriterion.objects.create(sales_round=sales_round, name="Duurzaamheid", weight=1)
    sales_round.jurors.set(jurors)
    sales_round = sales_round_publish(sales_round=sales_round, actor=bureau_staff)
    apps = make_applications(sales_round, 6, bureau_staff)
    close_round(sales_round)

    for application in apps:
        services.application_decide(
            application=application, eligible=True, reason="In orde", actor=bureau_staff
        )
    lottery.lottery_freeze(sales_round=sales_round, actor=bureau_staff)
    sales_round.notaries.add(notary)
    lottery.lottery_draw(sales_round=sales_round, public_value="4-5-6", actor=notary)
    return sales_round


def _score_all(sales_round, jurors, score_of):
    criteria = list(sales_round.assessment_criteria.all())
    for preference in selectors.plans_to_assess(sales_round):
        for juror in jurors:
            assessment_save(
                juror=juror,
                preference=preference,
                scores={c.pk: score_of(preference) for c in criteria},
                remarks=f"Opmerking over {preference.property.reference}",
                submit=True,
            )


def test_a_juror_sees_the_others_only_after_submitting(assessed_round, jurors, client_for):
    first, second = jurors
    preference = selectors.plans_to_assess(assessed_round)[0]
    criteria = list(assessed_round.assessment_criteria.all())
    scores = {c.pk: 7 for c in criteria}
    assessment_save(
        juror=second, preference=preference, scores=scores, remarks="Goed plan", submit=True
    )
    url = reverse(
        "applications:jury_plan",
        args=[assessed_round.slug, preference.application.reference, preference.property.reference],
    )
    client = client_for(first)
    page = client.get(url).content.decode()
    assert "Goed plan" not in page
    assert preference.application.applicants.first().surname not in page  # by reference only
    data = {f"criterion_{c.pk}": "6" for c in criteria}
    client.post(url, {**data, "remarks": "", "action": "save"})
    assert "Goed plan" not in client.get(url).content.decode()  # saved is not submitted
    client.post(url, {**data, "remarks": "Mijn oordeel", "action": "submit"})
    assert "Goed plan" in client.get(url).content.decode()


def test_the_work_list_offers_to_assess_what_is_open_and_to_view_what_is_submitted(
    assessed_round, jurors, client_for
):
    done, *open_ = selectors.plans_to_assess(assessed_round)
    criteria = assessed_round.assessment_criteria.all()
    assessment_save(
        juror=jurors[0],
        preference=done,
        scores={c.pk: 7 for c in criteria},
        remarks="",
        submit=True,
    )
    url = reverse("applications:jury_round", args=[assessed_round.slug])
    page = client_for(jurors[0]).get(url).content.decode()
    # A submitted assessment is final: its link opens it to read, not to score again.
    assert page.count(">Bekijken<") == 1
    assert page.count(">Beoordelen<") == len(open_)


def test_a_submitted_assessment_is_final_and_every_criterion_is_needed(assessed_round, jurors):
    preference = selectors.plans_to_assess(assessed_round)[0]
    first, second = assessed_round.assessment_criteria.all()
    with pytest.raises(ValidationError):
        assessment_save(
            juror=jurors[0], preference=preference, scores={first.pk: 7}, remarks="", submit=True
        )
    with pytest.raises(ValidationError):
        assessment_save(
            juror=jurors[0], preference=preference, scores={first.pk: 11}, remarks="", submit=False
        )
    assessment_save(
        juror=jurors[0],
        preference=preference,
        scores={first.pk: 7, second.pk: 8},
        remarks="",
        submit=True,
    )
    with pytest.raises(ValidationError):
        assessment_save(
            juror=jurors[0],
            preference=preference,
            scores={first.pk: 9, second.pk: 9},
            remarks="",
            submit=True,
        )


def test_only_the_rounds_jury_scores(assessed_round, bureau_staff, municipality, client_for):
    preference = selectors.plans_to_assess(assessed_round)[0]
    stranger = StaffFactory(email="andere-jury@example.test", role=roles.JUROR)
    with pytest.raises(PermissionDenied):
        assessment_save(juror=stranger, preference=preference, scores={}, remarks="", submit=False)
    url = reverse("applications:jury_round", args=[assessed_round.slug])
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(bureau_staff).get(url).status_code == 403


def test_the_outcome_waits_for_every_juror_and_every_plan(assessed_round, jurors):
    assert any("nog niet ingediend" in p for p in assessment_problems(assessed_round))
    _score_all(assessed_round, jurors[:1], lambda p: 7)
    assert any("nog niet ingediend" in p for p in assessment_problems(assessed_round))
    _score_all(assessed_round, jurors[1:], lambda p: 7)
    assert assessment_problems(assessed_round) == []


def test_the_best_plan_gets_the_home_and_everything_is_published(
    assessed_round, jurors, bureau_staff, client, client_for
):
    # Each home's best plan is the one of the latest reference that listed it.
    plans = selectors.plans_to_assess(assessed_round)
    refs = sorted({p.application.reference for p in plans})
    _score_all(assessed_round, jurors, lambda p: 3 + refs.index(p.application.reference))
    outcome = assessment_publish(sales_round=assessed_round, actor=bureau_staff)
    record = json.loads(outcome.record)
    for home, ranking in record["rankings"].items():
        listed = [p.application.reference for p in plans if p.property.reference == home]
        scores = {s["ref"]: Decimal(s["score"]) for s in record["scores"] if s["property"] == home}
        assert ranking == sorted(
            (r for r in listed if scores[r] >= Decimal("5.5")), key=lambda r: -scores[r]
        )
    for home, ref in record["allocation"].items():
        score = next(s for s in record["scores"] if s["ref"] == ref and s["property"] == home)[
            "score"
        ]
        assert Decimal(score) >= Decimal("5.5")
    page = client.get(reverse("properties:round_detail", args=[assessed_round.slug]))
    html = page.content.decode()
    assert "Uitkomst van de beoordeling" in html
    assert record["scores"][0]["score"].replace(".", ",") in html  # written the Dutch way
    assert (
        client.get(reverse("applications:assessment_outcome", args=[assessed_round.slug])).json()
        == record
    )
    # The buyer reads their own scores and the remarks, without the jurors' names.
    application = Application.objects.get(reference=record["scores"][0]["ref"])
    detail = client_for(application.user).get(
        reverse("applications:detail", args=[application.reference])
    )
    text = detail.content.decode()
    assert "Opmerking over" in text
    assert "jury1@example.test" not in text
    # Offers follow the published allocation.
    offers.offers_start(sales_round=assessed_round, actor=bureau_staff)
    assert {o.application.reference for o in Offer.objects.all()} == set(
        record["allocation"].values()
    )
    # And the draw it rests on can no longer be annulled.
    draw = LotteryDraw.objects.get(sales_round=assessed_round)
    with pytest.raises(ValidationError):
        lottery.lottery_annul_request(draw=draw, reason="Fout", actor=bureau_staff)


def test_with_equal_scores_the_outcome_is_the_lotterys(assessed_round, jurors, bureau_staff):
    _score_all(assessed_round, jurors, lambda p: 8)
    record = json.loads(assessment_publish(sales_round=assessed_round, actor=bureau_staff).record)
    draw = json.loads(LotteryDraw.objects.get(sales_round=assessed_round).record)
    assert record["allocation"] == draw["allocation"]
    assert record["reserves"] == draw["reserves"]


def test_scores_cannot_change_after_publication(assessed_round, jurors, bureau_staff):
    _score_all(assessed_round, jurors, lambda p: 8)
    assessment_publish(sales_round=assessed_round, actor=bureau_staff)
    with pytest.raises(ValidationError):
        assessment_publish(sales_round=assessed_round, actor=bureau_staff)
    preference = selectors.plans_to_assess(assessed_round)[0]
    with pytest.raises(ValidationError):
        assessment_save(juror=jurors[0], preference=preference, scores={}, remarks="", submit=False)
    assert AssessmentOutcome.objects.count() == 1


def test_staff_publish_the_outcome_from_the_admin(assessed_round, jurors, bureau_staff, client_for):
    _score_all(assessed_round, jurors, lambda p: 8)
    client = client_for(bureau_staff)
    change = reverse("admin:properties_salesround_change", args=[assessed_round.pk])
    assert "Uitkomst publiceren" in client.get(change).content.decode()
    client.post(reverse("admin:properties_salesround_assessment", args=[assessed_round.pk]))
    assert AssessmentOutcome.objects.filter(sales_round=assessed_round).exists()


def test_the_juror_sees_drawings_only_of_the_rounds_plans(assessed_round, jurors, client_for):
    preference = selectors.plans_to_assess(assessed_round)[0]
    url = reverse(
        "applications:jury_drawings",
        args=[assessed_round.slug, preference.application.reference, preference.property.reference],
    )
    # The test plans have no drawings: found nothing, but the page exists for the jury only.
    assert client_for(jurors[0]).get(url).status_code == 404

    assert Client().get(url).status_code == 302  # anonymous: to the login page
