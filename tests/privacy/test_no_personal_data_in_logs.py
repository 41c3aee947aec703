"""No personal data in logs, error reports, URLs or Celery task arguments (issue 17).

A whole application-to-contract flow runs with every logger at DEBUG and every task call
recorded; then the log lines, the task arguments and the URLs visited are searched for the
names, e-mail addresses and birth dates the factories made."""

import io
import logging
import re
from datetime import date
from unittest import mock

import pytest
from celery.app.task import Task
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter
from faker import Faker
from pypdf import PdfWriter

from applications import services
from applications.lottery import services as lottery
from applications.models import Applicant, Application, DeedParty, Offer
from applications.offers import services as offers
from contracts.services import contract_send, library_install
from klushuis.accounts.models import User
from klushuis.privacy.redaction import RedactEmailAddresses
from tests.applications.conftest import close_round, fill_in
from tests.contracts.conftest import accept, attach_requirements
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _stub_pdf(html):
    """A real one-page PDF without the text (the agreement's PvE annex is appended to it)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _personal_data() -> list[str]:
    """Every name, e-mail address and birth date the factories made, in the ways they are
    written."""
    found = set()
    for applicant in Applicant.objects.all():
        found |= {applicant.given_names, applicant.surname, applicant.email, applicant.full_name}
        found |= _dates(applicant.date_of_birth)
    for user in User.objects.filter(is_staff=False):
        found |= {user.email, user.full_name}
    for party in DeedParty.objects.all():
        found |= {party.place_of_birth, party.street_address}
    return sorted(v for v in found if v and len(v) >= 4)


fake = Faker("nl_NL")


def _person(email):
    return {
        "given_names": fake.first_name(),
        "surname": fake.last_name(),
        "date_of_birth": fake.date_of_birth(minimum_age=25, maximum_age=60),
        "email": email,
        "phone": "0612345678",
    }


def _dates(day: date) -> set[str]:
    return {day.isoformat(), day.strftime("%d-%m-%Y"), f"{day.day}-{day.month}-{day.year}"}


@pytest.fixture
def recorded(caplog):
    """Every log record at DEBUG, and every task queued with its arguments."""
    caplog.set_level(logging.DEBUG)
    calls = []
    real = Task.apply_async

    def record(self, args=None, kwargs=None, *rest, **options):
        calls.append((self.name, args, kwargs))
        return real(self, args, kwargs, *rest, **options)

    with (
        mock.patch.object(Task, "apply_async", record),
        mock.patch("klushuis.pdf.render_pdf", _stub_pdf),
    ):
        yield caplog, calls


def test_a_whole_flow_logs_and_queues_no_personal_data(
    recorded,
    lottery_round,
    bureau_staff,
    notary,
    municipal_staff,
    client_for,
    django_capture_on_commit_callbacks,
):
    caplog, calls = recorded
    visited = []
    lottery_round.notaries.add(notary)
    for template in library_install(lottery_round.municipality).values():
        template.seller_address = "Stadhuisplein 1, 3011 AA Havenstad"
        template.signatory_name = "mr. J. de Boer"
        template.signatory_title = "wethouder Wonen"
        template.notary = "Notariskantoor Kade, Havenstad"
        template.save()
    homes = list(lottery_round.properties.order_by("reference"))
    with django_capture_on_commit_callbacks(execute=True):
        buyers = [UserFactory() for _ in range(3)]
        for user in buyers:
            client = client_for(user)
            application = services.application_start(user=user, sales_round=lottery_round)
            fill_in(application, user, homes[:1])
            services.application_save_applicants(
                application=application, main=_person(user.email), co=_person(fake.email())
            )
            for name in ("applications:detail",):
                url = reverse(name, args=[application.reference])
                visited.append(url)
                client.get(url)
            services.application_submit(application=application, actor=user)
        close_round(lottery_round)
        for application in Application.objects.filter(sales_round=lottery_round):
            services.application_decide(
                application=application, eligible=True, reason="In orde", actor=bureau_staff
            )
        lottery.lottery_freeze(sales_round=lottery_round, actor=bureau_staff)
        lottery.lottery_draw(sales_round=lottery_round, public_value="3-1-4", actor=notary)
        offers.offers_start(sales_round=lottery_round, actor=bureau_staff)
        offer = Offer.objects.filter(status=Offer.Status.OPEN).first()
        attach_requirements(offer.property)
        accept(offer)
    # The agreement is rendered after the commit (above); then it is sent and rendered again.
    contract = Offer.objects.get(pk=offer.pk).contract
    with django_capture_on_commit_callbacks(execute=True):
        contract_send(contract=contract, actor=bureau_staff)
        staff = client_for(municipal_staff)
        for url in (
            reverse("admin:applications_application_change", args=[offer.application.pk]),
            reverse("admin:contracts_contract_change", args=[contract.pk]),
            reverse("applications:detail", args=["NOPE-0000"]),  # a 404, which is logged
        ):
            visited.append(url)
            staff.get(url)
    assert calls, "the flow queued no task: the recording does not work"
    secrets = _personal_data()
    assert len(secrets) > 10
    # The test's own tools (factory_boy and Faker log what they generate) are not the portal.
    lines = [
        r.getMessage()
        for r in caplog.get_records("setup") + caplog.records
        if not r.name.startswith(("factory", "faker"))
    ]
    assert any("Not Found" in line for line in lines), "the log capture does not work"
    text = "\n".join(lines)
    for secret in secrets:
        assert not re.search(rf"\b{re.escape(secret)}\b", text), f"in the log: {secret}"
    for task, args, kwargs in calls:
        for value in [*(args or ()), *(kwargs or {}).values()]:
            assert isinstance(value, int | str | list | tuple | type(None)), (task, value)
            for secret in secrets:
                assert secret not in str(value), (task, secret)
    for url in visited:
        for secret in secrets:
            assert secret not in url


def test_an_e_mail_address_a_library_logs_is_redacted():
    record = logging.LogRecord(
        "axes", logging.WARNING, __file__, 1, "Login failed for %s", ("jan@example.nl",), None
    )
    RedactEmailAddresses().filter(record)
    assert record.getMessage() == "Login failed for [e-mail]"


def test_an_error_report_shows_no_posted_values_or_local_variables(settings):
    request = RequestFactory().post("/inschrijven/", {"surname": "Jansen", "email": "j@x.nl"})
    request.user = mock.Mock(is_authenticated=False)
    surname = "Jansen"  # a local variable the traceback would show
    try:
        raise ValueError("boom")
    except ValueError as error:
        report = ExceptionReporter(request, type(error), error, error.__traceback__)
        text = report.get_traceback_text()
    assert "boom" in text
    assert surname not in text
    assert "j@x.nl" not in text
