import json
import re
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from aftercare.models import (
    Case,
    CompletionNotice,
    DefaultNotice,
    Exemption,
    PenaltyClaim,
    Resale,
)
from applications.lottery.protocol import verify_record
from applications.models import (
    Application,
    AssessmentOutcome,
    LotteryDraw,
    Offer,
    OfferLogEntry,
    StatusChange,
)
from contracts.models import Contract, Letter
from contracts.selectors import cooling_off_state, latest_version
from klushuis.accounts.models import User
from klushuis.demo import alerts as demo_alerts
from klushuis.demo import klushuur as demo_klushuur
from klushuis.demo import past_sale
from klushuis.organisations.models import Organisation
from klushuis.privacy.models import AccessLogEntry, ErasureTombstone
from klushuur import selectors as klushuur_selectors
from klushuur.models import Agreement, Change
from properties.models import (
    AlertDelivery,
    AlertSubscription,
    Property,
    PropertyDocument,
    PropertyPhoto,
    SalesRound,
)
from properties.services import round_opening_alerts_queue
from reports import selectors as report_selectors
from tests.roles import ensure_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles(db):
    """The staff roles the demo's people get: a transactional test that ran earlier in this
    process flushed the groups the migrations made."""
    ensure_roles()


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# The full demo draws photos and renders PDFs, which takes seconds: the checks of what it
# makes share one run instead of each loading it again.
def test_the_demo_fills_an_empty_database_and_prints_the_logins(capsys, committed, client_for):
    with committed():  # `manage.py demo` commits, and thumbnails are made after commit
        call_command("demo", applicants=30)  # enough for reserve lists in every round
    out = capsys.readouterr().out
    assert "beheer@havenstad.test" in out
    assert "demo-koper-2026" in out
    # Staff log in with the published demo secret in any authenticator app (README).
    assert "KLUSHUISDEMOGEHEIMKLUSHUISDEMO23" in out
    staff_without_app = User.objects.filter(
        groups__isnull=False, totpdevice__isnull=True
    ).values_list("email", flat=True)
    assert list(staff_without_app) == []
    assert Organisation.objects.filter(kind="municipality").count() >= 2
    tenants = [email for email, _name, _what in demo_klushuur.TENANTS]
    buyers = User.objects.filter(is_staff=False, groups__isnull=True).exclude(email__in=tenants)
    # The number of applicants, and the past rounds' own buyers (they bought months ago).
    past = buyers.filter(email__startswith="koper-pilot") | buyers.filter(
        email__startswith="koper-eerder"
    )
    assert buyers.exclude(pk__in=past).count() == 30
    assert buyers.filter(email__startswith="koper-pilot").count() == past_sale.BUYERS
    assert buyers.filter(email__startswith="koper-eerder").count() == past_sale.EARLIER.buyers
    # Klushuur: a tenant at work with an accepted kitchen (a rent reduction), an opt-in reported,
    # a home-seeker waiting, a change waiting for consent.
    agreement = Agreement.objects.get(tenant__email=tenants[0])
    assert any(month.reduction for month in klushuur_selectors.rent_schedule(agreement))
    assert agreement.addenda.get().rendering == "done"
    assert Change.objects.filter(status="requested").count() == 1
    assert "klushuur@woonstad.test" in out
    buyer = User.objects.get(email="koper@example.test")
    assert buyer.check_password("demo-koper-2026")
    assert buyer.email_verified

    properties = Property.objects.all()
    assert properties.filter(status__in=["published", "in_round"]).count() >= 30
    for prop in properties:
        prop.full_clean()  # valid postcodes, cadastral codes, references...
        survey = prop.documents.get(kind=PropertyDocument.Kind.BUILDING_SURVEY)
        with survey.file.open("rb") as pdf:
            assert pdf.read(4) == b"%PDF"
        assert survey.size == survey.file.size
        assert 2 <= prop.photos.count() <= 4
        assert prop.documents.filter(kind=PropertyDocument.Kind.REQUIREMENTS).exists()
    assert PropertyPhoto.objects.exists()
    assert not PropertyPhoto.objects.filter(thumbnail="").exists()
    assert properties.annotate(n=Count("figures")).filter(n=2).exists()

    rounds = {r.slug: r for r in SalesRound.objects.all()}
    assert {slug: r.phase() for slug, r in rounds.items()} == {
        "oude-haven-2": "open",
        "spoorzicht-1": "announced",
        "molenwijk-1": "closed",
        "bloemhof-1": "closed",
        "lindenburg-binnenstad-1": "draft",
        "havenstad-pilot": "closed",
        "havenstad-eerder": "closed",
    }
    # The dates are relative to today, so a season or a year in a name would go stale.
    assert rounds["oude-haven-2"].name == "Oude Haven, tweede ronde"
    for sales_round in rounds.values():
        assert not re.search(r"\d{4}|voorjaar|najaar|zomer|winter", sales_round.name)
    open_round = rounds["oude-haven-2"]
    assert open_round.closes_at.astimezone(AMSTERDAM).time() == time(12)
    assert {p.status for p in open_round.properties.all()} == {"in_round"}
    assert {p.status for p in rounds["lindenburg-binnenstad-1"].properties.all()} == {"published"}
    named = AlertSubscription.objects.filter(email__startswith="alert")
    assert named.filter(confirmed_at__isnull=False).count() == 3
    # Followers gathered over the years, each alerted by every round that opened after they
    # confirmed: recorded as sent then, so nothing is mailed about old news now.
    assert AlertSubscription.objects.count() == 4 + demo_alerts.FOLLOWERS
    assert not AlertDelivery.objects.filter(sent_at__isnull=True).exists()
    assert round_opening_alerts_queue() == 0
    alerted = set(AlertDelivery.objects.values_list("sales_round__slug", flat=True))
    assert alerted == {slug for slug, r in rounds.items() if r.opens_at <= timezone.now()}
    assert not AlertDelivery.objects.filter(
        subscription__confirmed_at__gt=F("sales_round__opens_at")
    ).exists()
    # Applications in every state a reviewer meets; the demo buyer has one to follow.
    statuses = set(Application.objects.values_list("sales_round__slug", "status"))
    assert {
        ("oude-haven-2", "submitted"),
        ("oude-haven-2", "draft"),
        ("molenwijk-1", "offered"),
        ("molenwijk-1", "ineligible"),
        ("molenwijk-1", "contracted"),
    } <= statuses
    assert set(
        Application.objects.filter(user__email="koper@example.test").values_list(
            "sales_round__slug", "status"
        )
    ) >= {("oude-haven-2", "submitted")}
    assert {"molenwijk-1", "bloemhof-1"} <= set(
        Application.objects.filter(user__email="koper@example.test").values_list(
            "sales_round__slug", flat=True
        )
    )
    # The closed round's lottery was committed, frozen and drawn, and its record verifies.

    draw = LotteryDraw.objects.get(sales_round__slug="molenwijk-1", annulled_at__isnull=True)
    assert verify_record(json.loads(draw.record)) == []
    # Drawn by the demo's notary, who is named for Havenstad's rounds and no others.
    notary = User.objects.get(email="notaris@havenstad.test")
    assert draw.drawn_by == notary
    assert set(notary.notarised_rounds.values_list("municipality__slug", flat=True)) == {
        "havenstad"
    }
    # After the draw: a declined offer passed by itself to the first reserve candidate, and
    # the public log shows both steps; another buyer accepted with the data for the deed.

    declined = Offer.objects.get(sales_round__slug="molenwijk-1", status="declined")
    passed_on = Offer.objects.get(property=declined.property, status="open")
    assert passed_on.source == "reserve"
    assert passed_on.reserve_rank == 1
    events = list(
        OfferLogEntry.objects.filter(property=declined.property).values_list("event", flat=True)
    )
    assert events == ["offered", "declined", "offered"]
    accepted = Offer.objects.get(
        sales_round__slug="molenwijk-1", status="accepted", contract__status="signed_by_seller"
    )
    assert accepted.deed_parties.count() == accepted.application.applicants.count()
    # Its purchase agreement is rendered, signed by both and in its cooling-off period.

    assert accepted.property.status == "allocated"
    assert latest_version(accepted.contract).rendering == "done"
    assert cooling_off_state(accepted.contract)["running"]
    assert accepted.application.user.email in out
    # Signed, sent and handed over now, in that order.
    contract = accepted.contract
    assert contract.sent_at <= contract.buyer_signed_at <= contract.handed_over_at
    assert contract.handed_over_at > contract.sent_at
    # The pilot round's sales are over: recorded at their own moments months ago, transferred
    # at the notary after the cooling-off period; the homes are sold and the catalogue says so.
    pilot = rounds["havenstad-pilot"]
    assert pilot.closes_at < timezone.now() - timedelta(days=100)
    earlier = rounds["havenstad-eerder"]
    sold = Offer.objects.filter(contract__status="transferred").select_related("contract")
    assert {o.sales_round_id for o in sold} == {pilot.pk, earlier.pk}
    for offer in sold:
        _assert_the_sale_is_in_order(offer, rounds[offer.sales_round.slug])
    # Retention ran on the demo: the pilot's unsuccessful applications are gone, their
    # tombstones kept, and its lottery record (checked below) still verifies.
    assert not Application.objects.filter(
        sales_round=pilot, status__in=["not_selected", "declined", "offer_expired"]
    ).exists()
    assert ErasureTombstone.objects.filter(context=pilot.slug).exists()
    assert AccessLogEntry.objects.filter(action="export").exists()
    first = sold.filter(sales_round=pilot).order_by("property__reference").first()
    assert f"buyer whose home was transferred (sold)  {first.application.user.email}" in re.sub(
        r" {2,}", "  ", out
    )
    response = client_for(first.application.user).get(
        reverse("applications:detail", args=[first.application.reference])
    )
    page = response.content.decode()
    # The buyer's page tells the same story as the history: handed over, then transferred.
    state = cooling_off_state(first.contract)
    transferred_on = timezone.localtime(first.contract.transferred_at).date()
    with translation.override("nl"):
        handed_over = formats.date_format(state["handed_over_on"], "l j F Y")
        transferred = formats.date_format(transferred_on, "j F Y")
    assert transferred in page
    assert handed_over in page
    catalogue = (
        Client()
        .get(reverse("properties:property_detail", args=[first.property.reference]))
        .content.decode()
    )
    assert "Verkocht" in catalogue
    assert passed_on.application.user.email in out  # its buyer's login is printed to try it
    # The agreements cover each kind of property (an apartment right and a leasehold from the
    # lottery round, houses from the pilot), each rendered with what that kind of sale needs.
    sales = list(Contract.objects.select_related("property", "offer__sales_round"))
    # Today's: one in its cooling-off period and one draft; the pilot round's two were
    # transferred months ago, the earlier round's five two years ago.
    past = {"havenstad-pilot", "havenstad-eerder"}
    assert len([c for c in sales if c.offer.sales_round.slug not in past]) == 2
    assert len(sales) == 9
    # Aftercare at every stage, each with its buyer's login printed.
    cases = Case.objects.all()
    assert cases.count() == 7
    assert cases.filter(deemed_accepted=True).count() == 1
    assert cases.filter(accepted_on__isnull=False, registered_on__isnull=False).count() == 1
    assert CompletionNotice.objects.filter(status="submitted").count() == 1
    assert CompletionNotice.objects.filter(status="rejected").count() == 1
    # After the sale (2): a resale within the anti-speculation period with its payment
    # computed, and a home released after an exemption with its statement (issue #16).
    assert Property.objects.filter(status="renovated").count() == 1
    released = Case.objects.get(released_on__isnull=False)
    assert released.property.status == "released"
    statement = released.releases.get(status="approved").statement
    assert statement.kind == "release_statement"
    assert statement.rendering == "done"
    assert len(statement.sha256) == 64
    resale = Resale.objects.get()
    assert resale.report.reporter == "notary"
    assert resale.payment_due > 0
    assert resale.paid_on is None
    assert out.count("buyer, aftercare: ") == 7
    # After the sale (2): an extension granted and one refused, each with the buyer's document
    # and its decision letter; a notice of default whose term runs; a penalty claimed from its
    # computation and paid.
    decided = Exemption.objects.filter(status__in=["granted", "refused"])
    for status in ("granted", "refused"):
        assert any(
            exemption.documents.exists()
            and Letter.objects.filter(kind="exemption_decision", related_id=exemption.pk).exists()
            for exemption in decided
            if exemption.status == status
        ), status
    today = timezone.localdate()
    running = DefaultNotice.objects.filter(comply_by__gte=today)
    assert running.count() == 1
    assert running.get().letter.kind == "default_notice"
    paid = PenaltyClaim.objects.get(status="paid")
    assert paid.computation["days"] > 0
    assert paid.paid_amount == paid.amount_due
    assert paid.notice.comply_by < today
    assert "notice of default running" in out
    assert "penalty paid, then released" in out
    kinds = {"apartment" if c.property.is_apartment_right else c.property.tenure for c in sales}
    # The pilot round's fixed draw sells its leasehold home, whatever today's draws give.
    assert {"apartment", "ownership", "leasehold"} <= kinds
    # A project leader sees a full funnel for a round that is over, from the alerts it sent
    # to its transfers (its unsuccessful applicants removed by retention count from their
    # tombstones).
    havenstad = Organisation.objects.get(slug="havenstad")
    funnels = {
        r.slug: r.funnel
        for r in report_selectors.round_figures(report_selectors.Scope((havenstad.pk,)))
    }
    assert all(n > 0 for _step, n in funnels["havenstad-pilot"]), funnels["havenstad-pilot"]
    assert all(n > 0 for _step, n in funnels["havenstad-eerder"]), funnels["havenstad-eerder"]
    for contract in sales:
        version = latest_version(contract)
        assert version.rendering == "done"
        values = version.data["values"]
        if contract.property.is_apartment_right:
            assert values["vve"]
            assert values["perceel_oppervlakte"] is None
        if contract.property.tenure == "leasehold":
            assert values["erfpacht_voorwaarden"]
    # The round assessed by plan: every plan scored by three jurors, the outcome published.
    outcome = json.loads(AssessmentOutcome.objects.get(sales_round__slug="bloemhof-1").record)
    assert outcome["allocation"]
    assert outcome["scores"]
    assert all(len(values) == 3 for s in outcome["scores"] for values in s["juror_scores"].values())
    assert Offer.objects.filter(sales_round__slug="bloemhof-1").count() == len(
        outcome["allocation"]
    )
    decided = StatusChange.objects.filter(to_status__in=["eligible", "ineligible"])
    assert decided.exists()
    assert all(change.reason for change in decided)

    # Loading it again on top (--force) keeps what is there instead of failing.
    call_command("demo", applicants=3, force=True)
    assert Property.objects.count() == properties.count()


def _assert_the_sale_is_in_order(offer, pilot):
    """Every step of a past sale after the one before, and its history rows in that order."""
    contract = offer.contract
    assert offer.property.status in ("sold", "renovated", "released")  # since: aftercare
    state = cooling_off_state(contract)
    assert state["applies"]
    assert not state["running"]
    moments = [
        pilot.published_at,
        pilot.opens_at,
        offer.application.submitted_at,
        pilot.closes_at,
        offer.made_at,
        offer.decided_at,
        contract.sent_at,
        contract.buyer_signed_at,
        contract.seller_signed_at,
        contract.handed_over_at,
        state["ends_at"],
        contract.transferred_at,
        timezone.now(),
    ]
    assert moments == sorted(moments)
    assert offer.decided_at < contract.sent_at < contract.handed_over_at < state["ends_at"]
    history = list(contract.history.order_by("pk").values_list("to_status", "at"))
    assert [status for status, _at in history] == [
        "draft",
        "sent",
        "signed_by_buyer",
        "signed_by_seller",
        "transferred",
    ]
    assert [at for _s, at in history] == sorted(at for _s, at in history)
    assert history[0][1] == offer.decided_at
    assert history[1][1] == contract.sent_at
    assert history[2][1] == contract.buyer_signed_at
    assert history[-1][1] == contract.transferred_at
    applied = list(
        StatusChange.objects.filter(application=offer.application)
        .order_by("pk")
        .values_list("to_status", "at")
    )
    assert [status for status, _at in applied] == [
        "submitted",
        "eligible",
        "in_draw",
        "offered",
        "accepted",
        "contracted",
    ]
    assert [at for _s, at in applied] == sorted(at for _s, at in applied)
    home = list(offer.property.history.order_by("pk").values_list("to_status", "at"))
    assert [at for _s, at in home] == sorted(at for _s, at in home)
    sold = [entry for entry in home if entry[0] == "sold"]
    assert sold == [("sold", contract.transferred_at)]
    # Renovated since, when aftercare accepted the completion (later, in order).
    assert home[-1][0] in ("sold", "renovated", "released")
    draw = LotteryDraw.objects.get(sales_round=pilot, annulled_at__isnull=True)
    assert pilot.closes_at < draw.drawn_at < offer.made_at
    assert verify_record(json.loads(draw.record)) == []


def test_the_demo_refuses_a_database_with_data_unless_told(applicant, monkeypatch):
    # About the guard, not the content: skip the slow homes section (checked above).
    monkeypatch.setattr("klushuis.demo.properties.build", lambda demo: None)
    monkeypatch.setattr("klushuis.demo.applications.build", lambda demo: None)
    with pytest.raises(CommandError, match="not empty"):
        call_command("demo", applicants=2)
    call_command("demo", applicants=2, if_empty=True)
    assert not Organisation.objects.exists()
    call_command("demo", applicants=2, force=True)
    assert Organisation.objects.exists()


def test_the_demo_never_runs_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
    assert not Organisation.objects.exists()
