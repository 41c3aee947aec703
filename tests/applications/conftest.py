import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from applications import services
from applications.lottery import services as lottery
from applications.models import Application, LotteryCommitment
from applications.rounds import sales_round_publish
from properties.models import SalesRound
from tests.factories import PropertyFactory, SalesRoundFactory, UserFactory


def pdf_upload(name="verklaring.pdf"):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def homes(municipality):
    return [
        PropertyFactory(
            municipality=municipality,
            reference=f"HVS-{i}",
            street="Kaaistraat",
            house_number=i,
            figures={"purchase_price": price},
        )
        for i, price in enumerate([Decimal(150000), Decimal(200000), Decimal(120000)], start=1)
    ]


@pytest.fixture
def open_round(municipality, bureau, homes):
    return SalesRoundFactory(
        municipality=municipality,
        bureau=bureau,
        name="Oude Haven",
        slug="oude-haven",
        homes=homes,
        max_preferences=3,
    )


PLAN = {
    "description": "Dak en gevel herstellen, nieuwe installaties, isoleren.",
    "budget_structure": Decimal(20000),
    "budget_envelope": Decimal(40000),
    "budget_installations": Decimal(20000),
    "budget_sustainability": Decimal(10000),
    "budget_interior": Decimal(10000),
    "budget_other": Decimal(0),
    "planned_start": date(2027, 3, 1),
    "planned_completion": date(2028, 3, 1),
    "own_work_share": 20,
    "contractor": "",
}


def fill_in(application, user, homes, *, mortgage=Decimal(250000), co=None):
    """A complete application, written through the services as the form would."""
    services.application_save_applicants(
        application=application,
        main={
            "given_names": "Anna",
            "surname": "de Vries",
            "date_of_birth": date(1990, 5, 1),
            "email": user.email,
            "phone": "0612345678",
        },
        co=co,
    )
    services.application_save_fields(
        application=application,
        fields={
            "adults": 2,
            "children": 1,
            "current_housing": "social_rental",
            "leaves_social_rental": True,
            "lives_or_works_locally": True,
            "owns_home": False,
        },
    )
    services.application_save_preferences(application=application, properties=homes)
    services.application_save_fields(
        application=application,
        fields={
            "max_mortgage": mortgage,
            "own_funds": Decimal(20000),
            "financing_provider": "Hypotheekadvies Havenstad",
            "financing_date": timezone.localdate() - timedelta(days=10),
        },
        files={"financing_statement": pdf_upload()},
    )
    for preference in application.preferences.all():
        services.application_save_plan(preference=preference, fields=PLAN)
    services.application_save_fields(
        application=application,
        fields={
            "declares_self_occupancy": True,
            "declares_no_letting": True,
            "declares_no_other_klushuis": True,
        },
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def complete_application(open_round, applicant, homes):
    application = services.application_start(user=applicant, sales_round=open_round)
    return fill_in(application, applicant, homes[:2])


# --- A round through the lottery (commit, freeze) ---------------------------------------------


@pytest.fixture
def notary(notary_here):
    """The notary of the round at hand (`frozen_round` names them)."""
    return notary_here


@pytest.fixture
def lottery_round(municipality, bureau, bureau_staff):
    """A round published through the service (so it has a commitment) with 3 homes."""
    homes = [
        PropertyFactory(municipality=municipality, reference=f"HVS-{i}", house_number=i)
        for i in (1, 2, 3)
    ]
    sales_round = SalesRoundFactory(
        municipality=municipality,
        bureau=bureau,
        slug="oude-haven",
        published_at=None,
        homes=homes,
        priority_social_rental=True,
        extra_tickets_local=2,
    )
    return sales_round_publish(sales_round=sales_round, actor=bureau_staff)


def make_applications(sales_round, count, bureau_staff):
    homes = list(sales_round.properties.order_by("reference"))
    made = []
    for i in range(count):
        user = UserFactory()
        application = services.application_start(user=user, sales_round=sales_round)
        fill_in(application, user, homes[: 1 + i % 3])
        Application.objects.filter(pk=application.pk).update(
            leaves_social_rental=i % 2 == 0, lives_or_works_locally=i % 3 == 0
        )
        services.application_submit(application=application, actor=user)
        made.append(application)
    return made


def close_round(sales_round):
    """Time travel: the window closed five minutes ago, the round was published (and the
    seed committed) before it opened."""
    now = timezone.now()
    SalesRound.objects.filter(pk=sales_round.pk).update(
        opens_at=now - timedelta(days=20), closes_at=now - timedelta(minutes=5)
    )
    LotteryCommitment.objects.filter(sales_round=sales_round).update(
        committed_at=now - timedelta(days=21)
    )
    sales_round.refresh_from_db()


@pytest.fixture
def frozen_round(lottery_round, bureau_staff, notary):
    """The lottery round with its entries frozen, waiting for its notary (`notary`) to draw."""
    lottery_round.notaries.add(notary)
    apps = make_applications(lottery_round, 6, bureau_staff)
    close_round(lottery_round)
    for application in apps:
        services.application_decide(
            application=application, eligible=True, reason="In orde", actor=bureau_staff
        )
    lottery.lottery_freeze(sales_round=lottery_round, actor=bureau_staff)
    return lottery_round
