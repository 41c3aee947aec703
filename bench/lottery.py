"""The lottery at scale: 100,000 entries with up to 5 preferences over 1,000 homes.

    .venv/bin/python bench/lottery.py [--entries 100000] [--homes 1000] [--skip-db]

Part 1 times the pure protocol (build and validate the snapshot, draw, build and verify the
record). Part 2 recreates the PostgreSQL database `klushuis_bench_lottery`
(BENCH_LOTTERY_DATABASE_URL), fills a closed round with eligible applications in bulk, and
times freeze (entries built from the database, snapshot stored, applications moved into the
draw) and draw (public value, record stored) through the portal's services, then the size of
the record as served: whole and gzip-compressed.
"""

import argparse
import gzip
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klushuis_bench_lottery"


def part1(entries: int, homes: int) -> None:
    from applications.lottery import protocol

    rng = random.Random(7)
    properties = [f"P-{i:04d}" for i in range(homes)]
    people = [
        protocol.Entry(
            ref=f"R{i:06d}",
            group=rng.choice([1, 2]),
            tickets=rng.randint(1, 3),
            preferences=rng.sample(properties, rng.randint(1, 5)),
        )
        for i in range(entries)
    ]
    seed = protocol.new_seed()
    timings = {}
    start = time.perf_counter()
    snapshot = protocol.build_snapshot("bench", properties, people)
    timings["build snapshot"] = time.perf_counter() - start
    start = time.perf_counter()
    assert protocol.validate_snapshot(snapshot) == []
    timings["validate snapshot"] = time.perf_counter() - start
    start = time.perf_counter()
    protocol.draw(snapshot, seed, "4-17-23")
    timings["draw (order, allocation, reserves)"] = time.perf_counter() - start
    start = time.perf_counter()
    record = protocol.build_record(
        round_slug="bench",
        snapshot=snapshot,
        seed=seed,
        seed_commitment=protocol.seed_commitment(seed),
        public_value_format={"description": "three numbers", "pattern": "^[0-9-]+$"},
        public_value="4-17-23",
        committed_at="2026-01-01T09:00:00+01:00",
        window_closed_at="2026-02-01T12:00:00+01:00",
        frozen_at="2026-02-10T10:00:00+01:00",
        drawn_at="2026-02-11T10:00:00+01:00",
    )
    timings["build record (draws again, self-checks)"] = time.perf_counter() - start
    start = time.perf_counter()
    assert protocol.verify_record(record) == []
    timings["verify record"] = time.perf_counter() - start
    print(f"Part 1: pure protocol, {entries:,} entries, {homes:,} homes")
    for name, seconds in timings.items():
        print(f"  {name:<42} {seconds:7.2f} s")


SEED_DB = """
import random, time
from datetime import timedelta
from decimal import Decimal
from django.utils import timezone
from applications.models import Application, Preference, LotteryCommitment
from applications.lottery import services as lottery
from klushuis.accounts.models import User
from klushuis.organisations.models import Organisation
from properties.models import Neighbourhood, Property, PropertyFigures, SalesRound, RoundProperty
N, H = {entries}, {homes}
rng = random.Random(7)
org = Organisation.objects.create(name="Gemeente Bench", slug="bench", kind="municipality")
hood = Neighbourhood.objects.create(municipality=org, name="Wijk", slug="wijk")
props = Property.objects.bulk_create([Property(municipality=org, reference=f"P-{{i:04d}}",
    status="in_round", street="Benchstraat", house_number=i + 1, postcode="1234 AB", city="B",
    neighbourhood=hood, cadastral_municipality="BNC01", cadastral_section="A",
    cadastral_parcel=i + 1, living_area_m2=80, year_built=1920, title="W", description="-")
    for i in range(H)])
now = timezone.now()
r = SalesRound.objects.create(name="Bench", slug="bench", municipality=org,
    opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1),
    published_at=now - timedelta(days=40), anti_speculation_percentage=50,
    priority_social_rental=True, extra_tickets_local=2, max_preferences=5)
RoundProperty.objects.bulk_create([RoundProperty(sales_round=r, property=p) for p in props])
lottery.lottery_commit(sales_round=r)
LotteryCommitment.objects.update(committed_at=now - timedelta(days=40))
SalesRound.objects.filter(pk=r.pk).update(closes_at=now - timedelta(minutes=1))
r.refresh_from_db()
users = User.objects.bulk_create([User(email=f"b{{i}}@bench.test", full_name="B", password="!")
    for i in range(N)], batch_size=5000)
apps = Application.objects.bulk_create([Application(sales_round=r, user=u, status="eligible",
    leaves_social_rental=rng.random() < 0.3, lives_or_works_locally=rng.random() < 0.5)
    for u in users], batch_size=5000)
Preference.objects.bulk_create([Preference(application=a, property=p, rank=k + 1)
    for a in apps for k, p in enumerate(rng.sample(props, rng.randint(1, 5)))], batch_size=10000)
staff = User.objects.create(email="staff@bench.test", full_name="S", password="!")
r.notaries.add(staff)
start = time.perf_counter()
frozen = lottery.lottery_freeze(sales_round=r, actor=staff)
print("FREEZE", time.perf_counter() - start, frozen.entry_count)
start = time.perf_counter()
draw = lottery.lottery_draw(sales_round=r, public_value="4-17-23", actor=staff)
print("DRAW", time.perf_counter() - start)
print("RECORD", len(draw.record.encode()))
"""


def part2(entries: int, homes: int) -> None:
    from bench.common import database, environment

    database_url = os.environ.get("BENCH_LOTTERY_DATABASE_URL", DEFAULT_DB)
    database(database_url, fresh=True)
    # The proces-verbaal's PDF is a worker's task after the draw commits (the outbox); rendered
    # here in-process it would be timed as part of the draw. It is left recorded, not sent.
    env = environment(
        database_url, DJANGO_SETTINGS_MODULE="klushuis.settings", OUTBOX_SEND_AT_ONCE="false"
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    start = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            SEED_DB.format(entries=entries, homes=homes),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    total = time.perf_counter() - start
    values = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line}
    record = subprocess.run(
        [sys.executable, "manage.py", "lottery_export", "bench"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    ).stdout
    print(f"Part 2: freeze + draw + persistence on PostgreSQL ({entries:,} applications)")
    freeze, count = float(values["FREEZE"][0]), values["FREEZE"][1]
    print(
        f"  {'freeze (entries from the database, stored)':<42} {freeze:7.2f} s  ({count} entries)"
    )
    print(f"  {'draw (record built, verified, stored)':<42} {float(values['DRAW'][0]):7.2f} s")
    print(
        f"  {'record size':<42} {len(record) / 1e6:7.1f} MB, gzip "
        f"{len(gzip.compress(record)) / 1e6:.1f} MB"
    )
    print(f"  (filling the database took {total:.0f} s in all)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--homes", type=int, default=1_000)
    parser.add_argument("--skip-db", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klushuis.settings")
    import django

    django.setup()
    part1(args.entries, args.homes)
    if not args.skip_db:
        part2(args.entries, args.homes)


if __name__ == "__main__":
    main()
