import json
import shutil
import subprocess

import pytest

from applications.lottery import services as lottery
from applications.models import Application, LotteryDraw, Offer
from applications.offers import services as offers
from contracts.services import library_install, sale_accept
from properties.models import PropertyDocument
from tests.applications.conftest import (  # noqa: F401
    complete_application,
    frozen_round,
    homes,
    lottery_round,
    notary,
    open_round,
    pdf_upload,
)


def pdf_text(data: bytes) -> str:
    """The text of a PDF as `pdftotext` reads it (poppler-utils, installed by .ci/run)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    result = subprocess.run(  # noqa: S603 - our own PDF bytes on stdin, no shell
        [pdftotext, "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def attach_requirements(home):
    """The home's programme of requirements (PvE): an agreement is sent only with one."""
    return PropertyDocument.objects.create(
        property=home,
        kind="requirements",
        title="Programma van eisen",
        file=pdf_upload("programma-van-eisen.pdf"),
    )


def accept(offer):
    app = offer.application
    return sale_accept(
        offer=offer,
        actor=app.user,
        parties=[
            {
                "applicant": a,
                "place_of_birth": "Zwolle",
                "civil_status": "married",
                "street_address": "Lijnbaan 12",
                "postcode": "3012 EA",
                "city": "Rotterdam",
            }
            for a in app.applicants.all()
        ],
    )


@pytest.fixture
def accepted(frozen_round, notary, bureau_staff, committed):  # noqa: F811
    """Home HVS-1 allocated to the first application, the second on its reserve list; the
    offer accepted, its contract rendered (Celery runs eagerly after commit)."""
    return _accepted(frozen_round, notary, bureau_staff, committed, requirements=True)


@pytest.fixture
def accepted_without_pve(frozen_round, notary, bureau_staff, committed):  # noqa: F811
    """As `accepted`, for a home that has no programme of requirements (PvE)."""
    return _accepted(frozen_round, notary, bureau_staff, committed, requirements=False)


def _accepted(frozen_round, notary, bureau_staff, committed, *, requirements):  # noqa: F811
    templates = library_install(frozen_round.municipality)
    for template in templates.values():
        template.seller_address = "Stadhuisplein 1, 3011 AA Havenstad"
        template.signatory_name = "mr. J. de Boer"
        template.signatory_title = "wethouder Wonen"
        template.notary = "Notariskantoor Kade, Havenstad"
        template.save()
    draw = lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    apps = list(Application.objects.filter(sales_round=frozen_round).order_by("reference"))
    home = frozen_round.properties.order_by("reference").first()
    record = json.loads(draw.record)
    record["allocation"] = {home.reference: apps[0].reference}
    record["reserves"] = {home.reference: [apps[1].reference]}
    LotteryDraw.objects.filter(pk=draw.pk).update(record=json.dumps(record))
    offers.offers_start(sales_round=frozen_round, actor=bureau_staff)
    if requirements:
        attach_requirements(home)
    with committed():
        accept(Offer.objects.get(application=apps[0]))
    offer = Offer.objects.get(application=apps[0])
    return offer.contract
