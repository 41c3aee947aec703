"""Reports at scale: the staff dashboard over a municipality with 50 rounds, 20,000
applications and 2,000 sales.

    .venv/bin/python bench/reports.py [--rounds 50] [--applications 20000] [--sales 2000]
                                      [--repeat 30]

Recreates the PostgreSQL database `klushuis_reports` (BENCH_DATABASE_URL) and fills it in bulk
with one municipality's rounds, applications with their history (submitted, eligible, in the
draw, then offered or not selected) and three preferences each, alert deliveries, offers
(accepted and declined), purchase agreements (transferred and dissolved), an aftercare case per
sale with its deadlines (met on time, late, overdue, open), exemptions granted and refused,
resales with an anti-speculation payment, accepted completion notices with invoices, and
tombstones of removed applications (which count in their round's funnel). Then, through
Django's test client with the whole middleware stack, the dashboard (`reports:dashboard`) as
bureau staff with a mandate: 3 warm-ups and `--repeat` timed requests; the number of queries
must be the same for every request (`--reuse`: measure an earlier run's database again); the
median and p90 server time go to `bench/results/reports.json`.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.aftercare import log_in, measure  # noqa: E402
from bench.common import database, environment  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klushuis_reports"
RESULTS = ROOT / "bench" / "results"


def seed(rounds_n: int, applications_n: int, sales_n: int) -> dict:
    """Bulk rows, as the services would leave them; returns the ids the measurement needs."""
    import itertools
    import random
    from datetime import timedelta
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.utils import timezone

    from aftercare.models import (
        Case,
        CompletionNotice,
        Evidence,
        Exemption,
        Obligation,
        RequirementItem,
        Resale,
    )
    from applications.models import Application, Offer, Preference, StatusChange
    from applications.privacy import DRAFTS, UNSUCCESSFUL
    from contracts.models import Contract
    from klushuis.accounts import roles
    from klushuis.accounts.models import User
    from klushuis.organisations.models import Mandate, Organisation
    from klushuis.privacy.models import ErasureTombstone
    from properties.models import (
        AlertDelivery,
        AlertSubscription,
        Neighbourhood,
        Property,
        PropertyFigures,
        SalesRound,
    )

    rng = random.Random(20)
    now = timezone.now()
    today = timezone.localdate()
    org = Organisation.objects.create(name="Gemeente Havenstad", slug="bench", kind="municipality")
    bureau = Organisation.objects.create(name="Stadsherstel", slug="bureau", kind="bureau")
    Mandate.objects.create(bureau=bureau, principal=org, valid_from=today - timedelta(days=3000))
    staff = User.objects.create(
        email="verkoop@bench.test", full_name="Verkoop", is_staff=True, organisation=bureau
    )
    staff.groups.add(Group.objects.get(name=roles.BUREAU_SALES_STAFF))
    hoods = [
        Neighbourhood.objects.create(municipality=org, name=f"Wijk {i}", slug=f"wijk-{i}")
        for i in range(8)
    ]
    rounds = SalesRound.objects.bulk_create(
        SalesRound(
            name=f"Ronde {i}",
            slug=f"ronde-{i}",
            municipality=org,
            opens_at=now - timedelta(days=60 * (rounds_n - i) + 30),
            closes_at=now - timedelta(days=60 * (rounds_n - i) + 10),
            published_at=now - timedelta(days=60 * (rounds_n - i) + 40),
        )
        for i in range(rounds_n)
    )
    homes_per_round = max(1, -(-sales_n // rounds_n)) + 10
    homes_n = homes_per_round * rounds_n
    properties = Property.objects.bulk_create(
        Property(
            municipality=org,
            reference=f"HVS-{i:05d}",
            status="sold",
            street="Kaaistraat",
            house_number=i + 1,
            postcode="3011 AB",
            city="Havenstad",
            neighbourhood=hoods[i % len(hoods)],
            cadastral_municipality="HVS01",
            cadastral_section="F",
            cadastral_parcel=1000 + i,
            plot_area_m2=100,
            living_area_m2=80,
            year_built=1930,
            tenure="ownership",
            title="Arbeiderswoning",
            description="Verkocht.",
        )
        for i in range(homes_n)
    )
    figures = PropertyFigures.objects.bulk_create(
        PropertyFigures(
            property=home,
            version=1,
            purchase_price=Decimal(rng.randrange(90_000, 200_000, 1000)),
            minimum_renovation_budget=Decimal(rng.randrange(40_000, 120_000, 1000)),
            budget_basis_author="Bouwkundig bureau",
            budget_own_work_share=20,
            budget_basis_date=today,
        )
        for home in properties
    )
    for home, current in zip(properties, figures, strict=True):
        home.current_figures = current
    Property.objects.bulk_update(properties, ["current_figures"], batch_size=2000)
    homes_of = {
        r.pk: properties[i * homes_per_round : (i + 1) * homes_per_round]
        for i, r in enumerate(rounds)
    }
    for r in rounds:
        r.properties.set(homes_of[r.pk])
    unusable = make_password(None)
    users = User.objects.bulk_create(
        (
            User(email=f"koper{i}@bench.test", full_name=f"Koper {i}", password=unusable)
            for i in range(applications_n)
        ),
        batch_size=5000,
    )
    round_of = [rounds[i % rounds_n] for i in range(applications_n)]
    applications = Application.objects.bulk_create(
        (
            Application(
                sales_round=round_of[i],
                user=users[i],
                reference=f"A-{i:06d}",
                status="not_selected",
                submitted_at=now,
            )
            for i in range(applications_n)
        ),
        batch_size=5000,
    )
    history, preferences = [], []
    for i, application in enumerate(applications):
        steps = ["draft", "submitted", "eligible", "in_draw", "not_selected"]
        if i % 10 == 9:
            steps = ["draft", "submitted", "ineligible"]
        for before, after in itertools.pairwise(steps):
            history.append(
                StatusChange(application=application, from_status=before, to_status=after)
            )
        homes = homes_of[round_of[i].pk]
        for rank, home in enumerate(rng.sample(homes, 3), start=1):
            preferences.append(Preference(application=application, property=home, rank=rank))
    StatusChange.objects.bulk_create(history, batch_size=10000)
    Preference.objects.bulk_create(preferences, batch_size=10000)
    subscriptions = AlertSubscription.objects.bulk_create(
        AlertSubscription(email=f"melding{i}@bench.test", confirmed_at=now) for i in range(500)
    )
    AlertDelivery.objects.bulk_create(
        (
            AlertDelivery(subscription=s, sales_round=r, sent_at=now)
            for r in rounds
            for s in subscriptions
        ),
        batch_size=10000,
    )
    # Sales: the first applications of each round get its homes.
    by_round = {}
    for i, application in enumerate(applications):
        by_round.setdefault(round_of[i].pk, []).append(application)
    sold, offers = [], []
    for r in rounds:
        for home, application in zip(homes_of[r.pk], by_round[r.pk], strict=False):
            if len(sold) < sales_n:
                sold.append((r, home, application))
    for r, home, application in sold:
        offers.append(
            Offer(
                sales_round=r,
                application=application,
                property=home,
                status="accepted",
                source="allocation",
                made_at=r.closes_at,
                respond_before=r.closes_at + timedelta(days=14),
            )
        )
    offers = Offer.objects.bulk_create(offers, batch_size=5000)
    contracts = Contract.objects.bulk_create(
        (
            Contract(
                offer=offer,
                application=offer.application,
                property=offer.property,
                municipality=org,
                reference=f"KO-{n:05d}",
                status="dissolved" if n % 25 == 0 else "transferred",
                dissolution_kind="by_agreement" if n % 25 == 0 else "",
                seller_signed_at=offer.made_at + timedelta(days=30),
                transfer_date=(offer.made_at + timedelta(days=rng.randint(80, 200))).date(),
            )
            for n, offer in enumerate(offers)
        ),
        batch_size=5000,
    )
    transferred = [c for c in contracts if c.status == "transferred"]
    cases = Case.objects.bulk_create(
        (
            Case(
                contract=c,
                property=c.property,
                municipality=org,
                sales_round=c.offer.sales_round,
                buyer=c.application.user,
                transfer_date=c.transfer_date,
                terms={},
                accepted_on=c.transfer_date + timedelta(days=500) if n % 2 else None,
            )
            for n, c in enumerate(transferred)
        ),
        batch_size=5000,
    )
    items = RequirementItem.objects.bulk_create(
        RequirementItem(case=case, number=1, title="Dak") for case in cases
    )
    obligations = []
    for case in cases:
        for kind, months in [("renovation_start", 6), ("completion", 24), ("brp_registration", 25)]:
            due = case.transfer_date + timedelta(days=30 * months)
            met = due < today and rng.random() < 0.85
            obligations.append(
                Obligation(
                    case=case,
                    kind=kind,
                    due_on=due,
                    status="met" if met else "open",
                    done_on=due + timedelta(days=rng.randint(-30, 20)) if met else None,
                )
            )
    obligations = Obligation.objects.bulk_create(obligations, batch_size=10000)
    accepted = [case for case in cases if case.accepted_on]
    notices = CompletionNotice.objects.bulk_create(
        CompletionNotice(case=case, status="accepted") for case in accepted
    )
    item_of = {item.case_id: item for item in items}
    Evidence.objects.bulk_create(
        (
            Evidence(
                notice=notice,
                item=item_of[notice.case_id],
                kind="invoice",
                file="bench/invoice.pdf",
                amount=Decimal(rng.randrange(5_000, 40_000, 100)),
            )
            for notice in notices
            for _n in range(3)
        ),
        batch_size=10000,
    )
    # Exemptions: a new completion deadline granted for every 20th sale, a refusal for every
    # 50th; a resale with an anti-speculation payment for every 40th.
    completion = {o.case_id: o for o in obligations if o.kind == "completion"}
    Exemption.objects.bulk_create(
        Exemption(
            case=case,
            obligation=completion[case.pk],
            ground="illness",
            explanation="Bench.",
            requested_by_id=case.buyer_id,
            status="granted" if n % 20 == 0 else "refused",
            outcome="new_deadline" if n % 20 == 0 else "refusal",
        )
        for n, case in enumerate(cases)
        if n % 20 == 0 or n % 50 == 1
    )
    Resale.objects.bulk_create(
        Resale(
            case=case,
            sold_on=today,
            price=Decimal(300_000),
            verdict="payment_due",
            computation={},
            payment_due=Decimal(rng.randrange(5_000, 30_000, 100)),
            recorded_by=staff,
            paid_on=today if n % 80 == 0 else None,
        )
        for n, case in enumerate(cases)
        if n % 40 == 0
    )
    # Applications removed by retention earlier, as their tombstones record them (the round's
    # slug as context): drafts, and unsuccessful ones not selected.
    ErasureTombstone.objects.bulk_create(
        ErasureTombstone(
            organisation=org,
            category=DRAFTS if n % 3 else UNSUCCESSFUL,
            reference=f"T-{n}",
            context=rounds[n % rounds_n].slug,
            counts={"status": "draft", "submitted": False, "offers": 0}
            if n % 3
            else {"status": "not_selected", "submitted": True, "offers": 0},
            reason="retention",
        )
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "staff": staff.pk,
        "municipality": org.pk,
        "rounds": len(rounds),
        "applications": len(applications),
        "history": len(history),
        "sales": len(transferred),
        "obligations": len(obligations),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--sales", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database of an earlier run again"
    )
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    database(url, fresh=not args.reuse)
    os.environ.update(environment(url, ALLOWED_HOSTS="testserver,localhost"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from klushuis.accounts.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if args.reuse:
        from klushuis.organisations.models import Organisation

        ids = {
            "staff": User.objects.get(email="verkoop@bench.test").pk,
            "municipality": Organisation.objects.get(slug="bench").pk,
        }
    else:
        ids = seed(args.rounds, args.applications, args.sales)
    seeded = round(time.perf_counter() - started, 1)
    print(f"seeded {ids} in {seeded} s")
    staff = log_in(Client(), User.objects.get(pk=ids["staff"]))
    dashboard = reverse("reports:dashboard")
    results = [measure(staff, f"{dashboard}?gemeente={ids['municipality']}", args.repeat)]
    for row in results:
        print(
            f"{row['queries']:>3} queries  {row['median_ms']:>7} ms  p90 {row['p90_ms']:>7}  "
            f"{row['url']}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reports.json").write_text(
        json.dumps({"seed": ids, "seeded_s": seeded, "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
