"""Aftercare at scale: the staff worklist and the buyer's page with 10,000 sold homes.

    .venv/bin/python bench/aftercare.py [--homes 10000] [--obligations 10] [--repeat 30]

Recreates the PostgreSQL database `klushuis_bench_aftercare` (BENCH_DATABASE_URL) and fills it
with N sold homes of one municipality, each with a transferred agreement, an aftercare case,
its PvE items and M obligations (N x M rows: 100,000 by default) spread over two years, some
met, some open, some overdue. Rows are written in bulk (what `aftercare_start` writes, without
running it 10,000 times). Then, in this process, through Django's test client with the whole
middleware stack (sessions, second factor, CSP, language):

- the worklist (the management site's aftercare list) in each of its views, unfiltered and
  filtered by neighbourhood, as bureau staff with a mandate;
- the buyer's "Mijn woning" page of one home;

each 3 warm-ups and then `--repeat` timed requests: the number of queries (the same for every
request of a URL, or the script fails) and the median and p90 server time. Results go to
`bench/results/aftercare.json`.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import database, environment  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klushuis_bench_aftercare"
RESULTS = ROOT / "bench" / "results"
WARMUPS = 3


def seed(homes: int, per_home: int) -> dict:
    """Bulk rows; returns the ids the measurements need."""
    import random
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from aftercare import rules
    from aftercare.models import Case, Obligation, RequirementItem
    from applications.models import Application, Offer
    from contracts.models import Contract
    from contracts.rules import add_months
    from klushuis.accounts import roles
    from klushuis.accounts.models import User
    from klushuis.organisations.models import Mandate, Organisation
    from properties.models import Neighbourhood, Property, SalesRound

    rng = random.Random(15)
    now = timezone.now()
    today = timezone.localdate()
    org = Organisation.objects.create(name="Gemeente Havenstad", slug="bench", kind="municipality")
    bureau = Organisation.objects.create(name="Stadsherstel", slug="bureau", kind="bureau")
    Mandate.objects.create(bureau=bureau, principal=org, valid_from=today - timedelta(days=900))
    staff = User.objects.create(
        email="verkoop@bench.test", full_name="Verkoop", is_staff=True, organisation=bureau
    )
    staff.groups.add(Group.objects.get(name=roles.BUREAU_SALES_STAFF))
    hoods = [
        Neighbourhood.objects.create(municipality=org, name=f"Wijk {i}", slug=f"wijk-{i}")
        for i in range(8)
    ]
    rounds = [
        SalesRound.objects.create(
            name=f"Ronde {i}",
            slug=f"ronde-{i}",
            municipality=org,
            opens_at=now - timedelta(days=900 - 30 * i),
            closes_at=now - timedelta(days=880 - 30 * i),
            published_at=now - timedelta(days=910 - 30 * i),
        )
        for i in range(10)
    ]
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"koper{i}@bench.test", full_name=f"Koper {i}", password=unusable)
        for i in range(homes)
    )
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
        for i in range(homes)
    )
    round_of = [rounds[i % len(rounds)] for i in range(homes)]
    applications = Application.objects.bulk_create(
        Application(sales_round=round_of[i], user=users[i], status="contracted")
        for i in range(homes)
    )
    offers = Offer.objects.bulk_create(
        Offer(
            sales_round=round_of[i],
            application=applications[i],
            property=properties[i],
            status="accepted",
            source="allocation",
            made_at=now - timedelta(days=800),
            respond_before=now - timedelta(days=790),
        )
        for i in range(homes)
    )
    transfers = [today - timedelta(days=rng.randint(30, 760)) for _ in range(homes)]
    contracts = Contract.objects.bulk_create(
        Contract(
            offer=offers[i],
            application=applications[i],
            property=properties[i],
            municipality=org,
            reference=f"KO-{i:05d}",
            status="transferred",
            transfer_date=transfers[i],
        )
        for i in range(homes)
    )
    terms = rules.Terms(renovation_start_months=6, renovation_completion_months=24)
    cases = Case.objects.bulk_create(
        Case(
            contract=contracts[i],
            property=properties[i],
            municipality=org,
            sales_round=round_of[i],
            buyer=users[i],
            transfer_date=transfers[i],
            terms=terms.as_data(),
        )
        for i in range(homes)
    )
    RequirementItem.objects.bulk_create(
        RequirementItem(case=case, number=n, title=f"Onderdeel {n}")
        for case in cases
        for n in range(1, 7)
    )
    kinds = [rules.RENOVATION_START, *[rules.PROGRESS_REPORT] * (per_home - 3), rules.COMPLETION]
    rows = []
    for case in cases:
        for sequence, kind in enumerate(kinds, start=1):
            due = add_months(case.transfer_date, 2 * sequence + 2)
            obligation = Obligation(case=case, kind=kind, sequence=sequence, due_on=due)
            if due < today and rng.random() < 0.8:
                obligation.status = rules.MET  # bulk test data, as the services would leave it
                obligation.done_on = due - timedelta(days=rng.randint(0, 20))
            rows.append(obligation)
        rows.append(
            Obligation(
                case=case,
                kind=rules.ANTI_SPECULATION,
                due_on=add_months(case.transfer_date, 60),
            )
        )
    Obligation.objects.bulk_create(rows, batch_size=5000)
    # What the services keep on each case: its earliest open deadline.
    first = (
        Obligation.objects.filter(case=OuterRef("pk"), status=rules.OPEN)
        .exclude(kind__in=rules.PERIODS)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    Case.objects.update(next_due_on=Subquery(first))
    # Statistics, as autovacuum would gather them after a load this size.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "staff": staff.pk,
        "buyer": users[0].pk,
        "case": cases[0].pk,
        "neighbourhood": hoods[3].pk,
        "obligations": Obligation.objects.count(),
        "cases": Case.objects.count(),
    }


def log_in(client, user):
    """Logged in, past the second factor for staff (as tests/conftest.py's `log_in`)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if user.is_staff:
        device = TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, seconds, runs = set(), [], {}
    for run in range(WARMUPS + repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        if run >= WARMUPS:
            # The page's own queries: without the session's read and its save, which the session
            # middleware makes when the "last seen" time moved on (now and then, not per page),
            # and without transaction statements.
            sqls = [
                q["sql"]
                for q in queries.captured_queries
                if "django_session" not in q["sql"] and q["sql"] not in ("BEGIN", "COMMIT")
            ]
            counts.add(len(sqls))
            seconds.append(elapsed)
            runs[len(sqls)] = [sql[:160] for sql in sqls]
    if len(counts) != 1:
        low, high = runs[min(counts)], runs[max(counts)]
        extra = [sql for sql in high if sql not in low]
        raise SystemExit(f"{url}: the number of queries varies: {sorted(counts)}: {extra}")
    ordered = sorted(seconds)
    return {
        "url": url,
        "queries": counts.pop(),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p90_ms": round(ordered[math.ceil(0.9 * len(ordered)) - 1] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=10_000)
    parser.add_argument("--obligations", type=int, default=10, help="per home (at least 4)")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    database(url, fresh=True)
    os.environ.update(environment(url, ALLOWED_HOSTS="testserver,localhost"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from klushuis.accounts.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ids = seed(args.homes, args.obligations)
    seeded = round(time.perf_counter() - started, 1)
    print(f"seeded {ids['cases']} cases, {ids['obligations']} obligations in {seeded} s")
    staff = log_in(Client(), User.objects.get(pk=ids["staff"]))
    buyer = log_in(Client(), User.objects.get(pk=ids["buyer"]))
    worklist = reverse("admin:aftercare_case_changelist")
    results = []
    for query in [
        "",
        "?work=due_this_month",
        "?work=overdue",
        "?work=awaiting_inspection",
        "?work=awaiting_brp_check",
        f"?work=overdue&neighbourhood={ids['neighbourhood']}",
    ]:
        results.append(measure(staff, worklist + query, args.repeat))
    results.append(measure(buyer, reverse("aftercare:home", args=[ids["case"]]), args.repeat))
    for row in results:
        print(
            f"{row['queries']:>3} queries  {row['median_ms']:>7} ms  p90 {row['p90_ms']:>7}  "
            f"{row['url']}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "aftercare.json").write_text(
        json.dumps({"seed": ids, "seeded_s": seeded, "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
