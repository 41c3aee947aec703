"""Offers after the selection and the reserve cascade (DOMAIN.md "Offer", LOTTERY.md §4).

The outcome of the draw is steered in these tests (the allocation and reserve lists of the
stored record are replaced) so that each cascade is known in advance; how a draw allocates is
tested in test_lottery*.py.
"""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from applications.lottery import services as lottery
from applications.models import (
    Application,
    LotteryDraw,
    Offer,
    OfferLogEntry,
    Preference,
    ReservePlace,
)
from applications.offers import services as offers
from applications.offers.services import offer_respond_before
from contracts.services import sale_accept
from klushuis.templatetags.portal import euro
from tests.contracts.conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(frozen_round, notary):
    draw = lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    apps = list(Application.objects.filter(sales_round=frozen_round).order_by("reference"))
    homes = list(frozen_round.properties.order_by("reference"))
    return frozen_round, draw, apps, homes


def steer(draw, apps, homes, allocation, reserves):
    """allocation {home index: app index}, reserves {home index: [app indexes]}."""
    record = json.loads(draw.record)
    record["allocation"] = {homes[h].reference: apps[a].reference for h, a in allocation.items()}
    record["reserves"] = {
        homes[h].reference: [apps[a].reference for a in listed] for h, listed in reserves.items()
    }
    LotteryDraw.objects.filter(pk=draw.pk).update(record=json.dumps(record))


@pytest.fixture
def started(drawn, bureau_staff, outbox, committed):
    """Homes 0, 1, 2 offered to A, B, C; reserves: home 0 [D, E], home 1 [D, F], home 2 [E]."""
    sales_round, draw, apps, homes = drawn
    steer(draw, apps, homes, {0: 0, 1: 1, 2: 2}, {0: [3, 4], 1: [3, 5], 2: [4]})
    with committed():
        offers.offers_start(sales_round=sales_round, actor=bureau_staff)
    return sales_round, apps, homes


def open_offer(app):
    return Offer.objects.get(application=app, status="open")


def status(app):
    app.refresh_from_db()
    return app.status


def log(sales_round):
    return [
        (e.property.reference, e.reference, e.event)
        for e in OfferLogEntry.objects.filter(sales_round=sales_round).order_by("at", "pk")
    ]


def test_making_the_offers_follows_the_allocation_and_tells_everyone(started, outbox):
    sales_round, apps, _homes = started
    a, b, c, d, _e, _f = apps
    assert {o.application for o in Offer.objects.filter(status="open")} == {a, b, c}
    assert [status(x) for x in apps] == ["offered"] * 3 + ["reserve"] * 3
    assert ReservePlace.objects.filter(application=d).count() == 2
    assert [event for *_, event in log(sales_round)] == ["offered"] * 3
    subjects = sorted(m.subject for m in outbox)
    assert sum("woning voor u" in s for s in subjects) == 3
    assert sum("reservekandidaat" in s for s in subjects) == 3
    offer = open_offer(a)
    respond_before = timezone.localtime(offer.respond_before)
    assert (respond_before.hour, respond_before.minute) == (0, 0)
    with pytest.raises(ValidationError, match="al gedaan"):
        offers.offers_start(sales_round=sales_round, actor=None)


def test_a_declined_home_goes_to_the_first_reserve_without_staff(started, outbox, committed):
    sales_round, apps, homes = started
    a, _b, _c, d, _e, _f = apps
    outbox.clear()
    with committed():
        offers.offer_decline(offer=open_offer(a), actor=a.user)
    assert status(a) == "declined"
    offer = open_offer(d)
    assert (offer.property, offer.source, offer.reserve_rank) == (homes[0], "reserve", 1)
    assert status(d) == "offered"
    assert log(sales_round)[-2:] == [
        (homes[0].reference, a.reference, "declined"),
        (homes[0].reference, d.reference, "offered"),
    ]
    assert {m.to[0] for m in outbox} == {a.user.email, d.user.email}
    history = d.history.order_by("-at", "-pk").first()
    assert history.to_status == "offered"
    assert "reservelijst" in history.reason


def test_a_candidate_gets_one_offer_at_a_time_and_accepting_clears_their_lists(started):
    sales_round, apps, homes = started
    a, b, _c, d, _e, f = apps
    offers.offer_decline(offer=open_offer(a), actor=a.user)  # home 0 -> D
    offers.offer_decline(offer=open_offer(b), actor=b.user)  # home 1 waits: D holds home 0
    assert not Offer.objects.filter(property=homes[1], status="open").exists()
    assert open_offer(d).property == homes[0]
    _accept(open_offer(d), d)
    assert status(d) == "accepted"
    assert ReservePlace.objects.get(application=d, property=homes[1]).state == "removed"
    assert open_offer(f).property == homes[1]  # the next on home 1's list
    assert (homes[1].reference, d.reference, "left_list") in log(sales_round)


def test_declining_takes_a_candidate_off_that_list_only(started):
    _sales_round, apps, homes = started
    a, b, _c, d, e, _f = apps
    offers.offer_decline(offer=open_offer(a), actor=a.user)  # home 0 -> D
    offers.offer_decline(offer=open_offer(b), actor=b.user)  # home 1 waits for D
    offers.offer_decline(offer=open_offer(d), actor=d.user)  # D: off home 0, still on home 1
    assert open_offer(d).property == homes[1]
    assert open_offer(e).property == homes[0]
    assert list(d.history.order_by("at", "pk").values_list("to_status", flat=True))[-2:] == [
        "reserve",
        "offered",
    ]


def test_a_candidate_first_on_two_free_homes_gets_the_one_they_ranked_higher(drawn):
    sales_round, draw, apps, homes = drawn
    _a, _b, _c, d, _e, _f = apps
    Preference.objects.filter(application=d).delete()
    Preference.objects.create(application=d, property=homes[1], rank=1)
    Preference.objects.create(application=d, property=homes[0], rank=2)
    steer(draw, apps, homes, {0: 0, 1: 1}, {0: [3], 1: [3]})
    offers.offers_start(sales_round=sales_round, actor=None)
    Offer.objects.filter(status="open").update(respond_before=timezone.now())
    offers.offers_expire_due()
    assert open_offer(d).property == homes[1]
    assert not Offer.objects.filter(property=homes[0], status="open").exists()


def test_an_overdue_offer_expires_when_read_and_passes_on(started, client_for):
    sales_round, apps, homes = started
    _a, _b, c, _d, e, _f = apps
    Offer.objects.filter(application=c).update(respond_before=timezone.now())
    # Nobody ran the sweep: the buyer's page applies the deadline when it is read.
    page = client_for(c.user).get(reverse("applications:detail", args=[c.reference]))
    assert "Verlopen" in page.content.decode()
    assert status(c) == "offer_expired"
    assert open_offer(e).property == homes[2]
    assert (homes[2].reference, c.reference, "expired") in log(sales_round)


def test_the_sweep_and_the_command_expire_offers_and_are_idempotent(started, capsys):
    _sales_round, _apps, _homes = started
    Offer.objects.filter(status="open").update(respond_before=timezone.now())
    call_command("expire_offers")
    assert "3 offer(s) expired" in capsys.readouterr().out
    call_command("expire_offers")
    assert "0 offer(s) expired" in capsys.readouterr().out
    assert Offer.objects.filter(status="expired").count() == 3


def _accept(offer, app):
    return sale_accept(
        offer=offer,
        actor=app.user,
        parties=[
            {
                "applicant": applicant,
                "place_of_birth": "Utrecht",
                "civil_status": "unmarried",
                "street_address": "Kade 1",
                "postcode": "3011 AB",
                "city": "Havenstad",
            }
            for applicant in app.applicants.all()
        ],
    )


def test_an_answer_after_the_deadline_is_refused_on_the_server(started):
    _sales_round, apps, _homes = started
    a = apps[0]
    offer = open_offer(a)
    Offer.objects.filter(pk=offer.pk).update(respond_before=timezone.now())
    with pytest.raises(ValidationError, match="verstreken"):
        _accept(offer, a)
    offer.refresh_from_db()
    assert offer.status == "expired"
    assert status(a) == "offer_expired"


def test_a_second_answer_is_refused(started):
    _sales_round, apps, _homes = started
    a = apps[0]
    offer = open_offer(a)
    _accept(offer, a)
    with pytest.raises(ValidationError, match="al beantwoord"):
        offers.offer_decline(offer=offer, actor=a.user)
    assert Offer.objects.get(pk=offer.pk).status == "accepted"


def test_the_database_never_lets_a_home_be_offered_twice(started):
    sales_round, apps, _homes = started
    offer = open_offer(apps[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(
            sales_round=sales_round,
            application=apps[3],
            property=offer.property,
            source="reserve",
            respond_before=offer.respond_before,
        )


def test_staff_withdraw_an_offer_with_a_reason_and_the_home_passes_on(started, bureau_staff):
    sales_round, apps, homes = started
    _a, _b, c, _d, e, _f = apps
    with pytest.raises(ValidationError):
        offers.offer_withdraw(offer=open_offer(c), actor=bureau_staff, reason=" ")
    offers.offer_withdraw(offer=open_offer(c), actor=bureau_staff, reason="Dubbele inschrijving")
    assert status(c) == "not_selected"
    assert "Dubbele inschrijving" in c.history.order_by("-at", "-pk").first().reason
    assert open_offer(e).property == homes[2]
    # The reason stays out of the public log.
    assert "Dubbele" not in json.dumps(log(sales_round))


def test_a_draw_with_offers_can_no_longer_be_annulled(started, bureau_staff):
    sales_round, _apps, _homes = started
    draw = LotteryDraw.objects.get(sales_round=sales_round)
    with pytest.raises(ValidationError, match="niet meer"):
        lottery.lottery_annul_request(draw=draw, reason="Fout", actor=bureau_staff)


def test_the_deadline_is_the_end_of_the_last_day_in_amsterdam():
    amsterdam = ZoneInfo("Europe/Amsterdam")
    # Made on the Saturday before summer time ends (25 October 2026): ten days later is
    # 4 November, and the offer runs until midnight there, in winter time.
    made = datetime(2026, 10, 24, 23, 30, tzinfo=amsterdam)
    deadline = offer_respond_before(made, 10)
    assert deadline == datetime(2026, 11, 4, tzinfo=amsterdam)
    assert timezone.localtime(deadline).utcoffset() == timedelta(hours=1)
    # Made just after midnight UTC but already the next day in Amsterdam.
    made = datetime(2026, 6, 30, 22, 30, tzinfo=ZoneInfo("UTC"))  # 1 July, 00:30 there
    assert offer_respond_before(made, 1) == datetime(2026, 7, 3, tzinfo=amsterdam)


# --- The buyer's page -------------------------------------------------------------------------

DEED = {
    "place_of_birth": "Utrecht",
    "civil_status": "married",
    "street_address": "Kade 1",
    "postcode": "3011ab",
    "city": "Havenstad",
}


def _deed_post(app, **override):
    data = {"action": "accept", "accept-confirm": "on"}
    for applicant in app.applicants.all():
        for key, value in {**DEED, **override}.items():
            data[f"buyer-{applicant.pk}-{key}"] = value
    return data


def test_the_buyer_accepts_with_the_data_for_the_deed(started, client_for):
    _sales_round, apps, _homes = started
    a = apps[0]
    offer = open_offer(a)
    url = reverse("contracts:offer", args=[a.reference, offer.pk])
    client = client_for(a.user)
    assert client.get(url).status_code == 200
    missing = client.post(url, _deed_post(a, place_of_birth=""))
    assert missing.status_code == 200
    assert "Kade 1" in missing.content.decode()  # what was typed is kept
    done = client.post(url, _deed_post(a))
    assert done.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted"
    party = offer.deed_parties.get()
    assert (party.place_of_birth, party.postcode) == ("Utrecht", "3011 AB")


def test_an_answer_on_a_page_left_open_past_the_deadline_keeps_what_was_typed(started, client_for):
    _sales_round, apps, _homes = started
    a = apps[0]
    offer = open_offer(a)
    url = reverse("contracts:offer", args=[a.reference, offer.pk])
    client = client_for(a.user)
    client.get(url)
    Offer.objects.filter(pk=offer.pk).update(respond_before=timezone.now())
    response = client.post(url, _deed_post(a, place_of_birth="Zwolle"))
    assert response.status_code in (200, 409)
    assert Offer.objects.get(pk=offer.pk).status == "expired"


def test_nobody_else_sees_an_offer(started, client_for, other_applicant):
    _sales_round, apps, _homes = started
    offer = open_offer(apps[0])
    url = reverse("contracts:offer", args=[apps[0].reference, offer.pk])
    assert client_for(other_applicant).get(url).status_code == 404


def test_the_round_page_and_the_json_publish_the_log_by_reference_only(started, client):
    sales_round, apps, _homes = started
    offers.offer_decline(offer=open_offer(apps[0]), actor=apps[0].user)
    page = client.get(reverse("properties:round_detail", args=[sales_round.slug])).content
    page = page.decode()
    assert apps[3].reference in page
    assert "afgewezen" in page
    body = client.get(reverse("applications:offer_log", args=[sales_round.slug])).json()
    assert [e["event"] for e in body["entries"]] == ["offered"] * 3 + ["declined", "offered"]
    names = [p.surname for a in apps for p in a.applicants.all()]
    assert not any(name in json.dumps(body) for name in names)


# --- Staff ------------------------------------------------------------------------------------


def test_staff_make_the_offers_and_follow_them_per_home(drawn, client_for, bureau_staff):
    sales_round, draw, _apps, homes = drawn
    client = client_for(bureau_staff)
    overview = reverse("admin:properties_salesround_offers", args=[sales_round.pk])
    assert client.get(overview).status_code == 200
    start = reverse("admin:properties_salesround_offers_start", args=[sales_round.pk])
    assert client.post(start).status_code == 302
    allocated = len(json.loads(draw.record)["allocation"])
    assert Offer.objects.filter(status="open").count() == allocated
    page = client.get(overview).content.decode()
    assert homes[0].address in page
    offer = Offer.objects.filter(status="open").first()
    withdraw = reverse(
        "admin:properties_salesround_offer_withdraw", args=[sales_round.pk, offer.pk]
    )
    client.post(withdraw, {"reason": "Niet zelf bewonen"})
    offer.refresh_from_db()
    assert offer.status == "withdrawn"


def test_outsiders_and_auditors_cannot_make_offers(drawn, client_for, outsider, auditor):
    sales_round, _draw, _apps, _homes = drawn
    start = reverse("admin:properties_salesround_offers_start", args=[sales_round.pk])
    client_for(auditor).post(start)
    assert not Offer.objects.exists()
    assert client_for(outsider).post(start).status_code in (302, 403, 404)
    assert not Offer.objects.exists()


def test_a_buyer_with_an_open_offer_lands_on_the_dashboard_with_the_offer_first(started, client):
    _sales_round, apps, _homes = started
    a = apps[0]
    a.user.set_password("renoveren-in-2026!")
    a.user.save()
    login = {"username": a.user.email, "password": "renoveren-in-2026!"}
    response = client.post(reverse("accounts:login"), login)
    assert response.url == reverse("applications:dashboard")
    page = client.get(response.url).content.decode()
    offer = open_offer(a)
    assert reverse("contracts:offer", args=[a.reference, offer.pk]) in page
    assert "Beantwoord de aanbieding" in page
    client.logout()
    # With `next`, `next` wins.
    response = client.post(reverse("accounts:login"), {**login, "next": "/verkooprondes/"})
    assert response.url == "/verkooprondes/"


def test_a_buyer_without_an_offer_lands_on_the_account_page(started, client):
    _sales_round, apps, _homes = started
    d = apps[3]  # only on reserve lists
    d.user.set_password("renoveren-in-2026!")
    d.user.save()
    response = client.post(
        reverse("accounts:login"), {"username": d.user.email, "password": "renoveren-in-2026!"}
    )
    assert response.url == reverse("accounts:account")


def test_a_refused_acceptance_has_a_summary_at_the_top_linking_to_each_field(started, client_for):
    _sales_round, apps, _homes = started
    a = apps[0]
    offer = open_offer(a)
    url = reverse("contracts:offer", args=[a.reference, offer.pk])
    data = _deed_post(a, postcode="315 AB", street_address="Kade")
    del data["accept-confirm"]
    response = client_for(a.user).post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    pk = a.applicants.get().pk
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    assert f'href="#id_buyer-{pk}-postcode"' in summary
    assert "1234 AB" in summary
    assert f'href="#id_buyer-{pk}-street_address"' in summary
    assert 'href="#id_accept-confirm"' in summary
    assert html.index('id="error-summary"') < html.index('id="accept-title"')
    assert 'value="315 AB"' in html
    assert 'value="Utrecht"' in html
    assert Offer.objects.get(pk=offer.pk).status == "open"


def test_a_dutch_postcode_is_written_the_dutch_way_and_a_buyer_abroad_writes_their_own(
    started, client_for
):
    _sales_round, apps, _homes = started
    a = apps[0]
    offer = open_offer(a)
    url = reverse("contracts:offer", args=[a.reference, offer.pk])
    abroad = _deed_post(
        a, country="BE", street_address="Rue de la Loi 16", postcode="1000", city="Brussel"
    )
    assert client_for(a.user).post(url, abroad).status_code == 302
    party = Offer.objects.get(pk=offer.pk).deed_parties.get()
    assert (party.country, party.postcode) == ("BE", "1000")
    assert party.address_text() == "Rue de la Loi 16, 1000 Brussel, België"


def test_the_civil_status_asks_for_a_choice_instead_of_dashes(started, client_for):
    _sales_round, apps, _homes = started
    offer = open_offer(apps[0])
    url = reverse("contracts:offer", args=[apps[0].reference, offer.pk])
    html = client_for(apps[0].user).get(url).content.decode()
    assert "---------" not in html
    assert "Kies uw burgerlijke staat" in html


def _figures_text(home):
    """The price, its condition and the minimum budget as a Dutch page shows them."""

    figures = home.current_figures
    return (
        euro(figures.purchase_price),
        str(figures.get_price_condition_display()),
        euro(figures.minimum_renovation_budget),
    )


def test_the_offer_states_the_price_the_minimum_budget_and_the_deadline(
    started, client_for, outbox
):
    _sales_round, apps, homes = started
    a = apps[0]
    offer = open_offer(a)
    deadline = formats.date_format(timezone.localtime(offer.answer_by()), "j F Y, H:i")
    client = client_for(a.user)
    banner = client.get(reverse("applications:dashboard")).content.decode()
    page = client.get(reverse("contracts:offer", args=[a.reference, offer.pk])).content.decode()
    mail = next(m for m in outbox if a.user.email in m.to)
    with translation.override("nl"):
        price, condition, budget = _figures_text(homes[0])
    for shown in (banner, page, mail.body):
        shown = shown.replace("&nbsp;", "\xa0")
        assert price in shown
        assert condition in shown
        assert budget in shown
        assert deadline in shown


def test_the_lottery_result_names_the_home_by_address_and_says_what_is_true_now(
    started, client_for
):
    _sales_round, apps, homes = started
    a = apps[0]
    client = client_for(a.user)
    url = reverse("applications:detail", args=[a.reference])
    page = client.get(url).content.decode()
    assert f"<strong>{homes[0].address}</strong> is aan u toegewezen" in page
    assert homes[0].reference not in page.split('id="lottery-allocated"')[1].split("</p>")[0]
    assert "U hebt een aanbod voor deze woning" in page
    assert "U krijgt een aanbod" not in page
    offers.offer_decline(offer=open_offer(a), actor=a.user)
    page = client.get(url).content.decode()
    assert "U hebt het aanbod afgewezen" in page
    assert "U krijgt een aanbod" not in page
    d = apps[3]  # first on home 0's reserve list: now offered it
    page = client_for(d.user).get(reverse("applications:detail", args=[d.reference]))
    text = page.content.decode()
    offered = f"{homes[0].address}: nummer 1 op de reservelijst: <strong>aan u aangeboden (open)"
    assert offered in text


def test_the_offer_letter_states_the_answer_deadline(started, client_for):
    _sales_round, apps, _homes = started
    a = apps[0]
    offer = open_offer(a)
    response = client_for(a.user).get(
        reverse("contracts:letter", args=[a.reference, "aanbiedingsbrief"])
    )
    text = " ".join(pdf_text(response.content).split())
    with translation.override("nl"):
        deadline = formats.date_format(timezone.localtime(offer.answer_by()), "l j F Y, H:i")
    assert f"uiterlijk op {deadline} uur" in text


# --- Who may move an offer: every forbidden move, by status and by actor -----------------------

# Written out, not read from the table (applications/offers/rules.py): what each status lets
# whom do. Everything else is refused by `offer_transition`, the one write path.
OFFER_MOVES_ALLOWED = {
    ("open", "accepted", "buyer"),
    ("open", "declined", "buyer"),
    ("open", "expired", "system"),
    ("open", "withdrawn", "staff"),
    ("accepted", "withdrawn", "buyer"),  # the buyer withdraws their acceptance (the sale's)
    ("accepted", "withdrawn", "system"),  # the purchase agreement was dissolved
}
OFFER_STATUSES = ["open", "accepted", "declined", "expired", "withdrawn"]


def _offer_in(status, started, staff):
    _sales_round, apps, _homes = started
    a = apps[0]
    offer = open_offer(a)
    if status == "accepted":
        _accept(offer, a)
    elif status == "declined":
        offers.offer_decline(offer=offer, actor=a.user)
    elif status == "withdrawn":
        offers.offer_withdraw(offer=offer, actor=staff, reason="Dubbel")
    elif status == "expired":
        Offer.objects.filter(pk=offer.pk).update(respond_before=timezone.now())
        offers.offers_expire_due()
    offer.refresh_from_db()
    assert offer.status == status
    return offer


@pytest.mark.parametrize("actor_name", ["buyer", "staff", "other_buyer", "system"])
@pytest.mark.parametrize("status", OFFER_STATUSES)
def test_every_offer_move_the_table_does_not_give_this_actor_is_refused(
    status, actor_name, started, bureau_staff
):
    offer = _offer_in(status, started, bureau_staff)
    actor = {
        "buyer": offer.application.user,
        "staff": bureau_staff,
        "other_buyer": started[1][1].user,
        "system": None,
    }[actor_name]
    let_through = []
    for target in OFFER_STATUSES:
        if (status, target, actor_name) in OFFER_MOVES_ALLOWED:
            continue
        try:
            with transaction.atomic():
                offers.offers_lock(sales_round=offer.sales_round, property_ids=[offer.property_id])
                offers.offer_transition(offer=offer, to=target, actor=actor, reason="Test")
        except ValidationError:
            pass
        else:
            let_through.append(target)
        assert Offer.objects.get(pk=offer.pk).status == status
    assert let_through == []


def test_an_offer_moved_by_someone_the_table_does_not_name_is_refused_as_such(
    started, bureau_staff
):
    _sales_round, apps, _homes = started
    offer = open_offer(apps[0])
    with pytest.raises(ValidationError) as refused:
        offers.offer_decline(offer=offer, actor=apps[1].user)
    assert refused.value.code == "actor"
    with pytest.raises(ValidationError) as refused:
        offers.offer_withdraw(offer=offer, actor=apps[0].user, reason="Zelf")
    assert refused.value.code == "actor"
    assert Offer.objects.get(pk=offer.pk).status == "open"


def test_every_move_of_an_offer_is_in_its_history(started, bureau_staff):
    _sales_round, apps, _homes = started
    a, _b, c = apps[:3]
    _accept(open_offer(a), a)
    declined = open_offer(c)
    offers.offer_decline(offer=declined, actor=c.user)
    accepted = Offer.objects.get(application=a)
    assert [(h.from_status, h.to_status, h.actor) for h in accepted.history.all()] == [
        ("open", "accepted", a.user)
    ]
    assert [(h.from_status, h.to_status, h.actor) for h in declined.history.all()] == [
        ("open", "declined", c.user)
    ]
