"""Staff lists and pages fit a 1280 px window: every column visible, nothing wider than it."""

import pytest
from django.urls import reverse

from contracts.models import Contract
from tests.applications.conftest import frozen_round, lottery_round, notary  # noqa: F401
from tests.contracts.conftest import accepted  # noqa: F401

MEASURE = """() => {
  const box = document.querySelector('#changelist .results');
  const headers = box ? [...box.querySelectorAll('thead th')] : [];
  const edge = box ? box.getBoundingClientRect().right + 1 : 0;
  return {
    page: document.documentElement.scrollWidth,
    hidden: headers.filter(th => th.getBoundingClientRect().right > edge)
                   .map(th => th.innerText.trim()),
  };
}"""


def _as_staff(page, live_server, client_for, user):
    # The session of a logged-in client (client_for satisfies any second factor), given to
    # the browser: this test is about the pages, not the login.
    client = client_for(user)
    client.get(reverse("admin:index"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_staff_lists_and_the_agreement_fit_1280_px(
    live_server,
    page,
    client_for,
    bureau_staff,
    accepted,  # noqa: F811
    screenshot,
):
    _as_staff(page, live_server, client_for, bureau_staff)
    contract = Contract.objects.get()
    pages = {
        "homes": reverse("admin:properties_property_changelist"),
        "queue": reverse("admin:applications_application_changelist"),
        "agreements": reverse("admin:contracts_contract_changelist"),
        "rounds": reverse("admin:properties_salesround_changelist"),
        "agreement": reverse("admin:contracts_contract_change", args=[contract.pk]),
    }
    for name, url in pages.items():
        page.goto(f"{live_server.url}{url}")
        screenshot(f"admin-1280-{name}")
        measured = page.evaluate(MEASURE)
        assert measured["page"] <= 1280, name
        assert measured["hidden"] == [], name
    page.goto(f"{live_server.url}{pages['queue']}")
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert {"INGEDIEND OP", "WONINGEN", "VERKLARING"} <= {h.strip().upper() for h in headers}
    page.goto(f"{live_server.url}{pages['homes']}")
    headers = {h.strip().upper() for h in page.locator("#result_list thead th").all_inner_texts()}
    assert {"KOOPSOM", "MIN. BUDGET", "WOONOPPERVLAKTE"} <= headers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_round_form_shows_the_jury_only_for_an_assessment_by_plan(
    live_server, page, client_for, bureau_staff, screenshot
):
    _as_staff(page, live_server, client_for, bureau_staff)
    page.goto(f"{live_server.url}{reverse('admin:properties_salesround_add')}")
    jury = page.get_by_label("Beoordeling van plannen")
    criteria = page.get_by_label("Beoordelingscriteria")
    assert jury.is_hidden()
    assert criteria.is_hidden()
    page.select_option("#id_selection_method", "plan_assessment")
    assert jury.is_visible()
    assert criteria.is_visible()
    assert page.locator("#id_assessment_min_score").is_visible()
    screenshot("admin-round-plan-assessment")
    page.select_option("#id_selection_method", "lottery")
    assert jury.is_hidden()
    assert criteria.is_hidden()
    assert page.console_errors == []
