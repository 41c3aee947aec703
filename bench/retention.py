"""Retention at scale: a settled round of 10,000 applications with their documents removed.

    .venv/bin/python bench/retention.py [--applications 10000] [--control 500]

Recreates the PostgreSQL database `klushuis_bench_retention` (BENCH_RETENTION_DATABASE_URL),
fills a round of N applications through a real freeze and draw (so it has a published record),
each with an applicant, a preference and a financing statement as received and sanitised (two
files in private storage), and settles it: the draw two years ago, every home sold, every
application not selected. A second round of the same municipality (`--control` applications,
still running) is the control. Then it times `retention_apply` and checks that:

- every application of the settled round, its rows and its files are gone, with a tombstone each;
- the control round's rows and files are byte for byte what they were;
- the settled round's lottery record is unchanged and still verifies.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/klushuis_bench_retention"

SCRIPT = """
import hashlib, json, random, time
from datetime import timedelta
from django.core.files.base import ContentFile
from django.utils import timezone
from applications.models import (Applicant, Application, LotteryCommitment, LotteryDraw,
    Preference)
from applications.lottery import services as lottery
from klushuis.accounts.models import User
from klushuis.organisations.models import Organisation
from klushuis.privacy.models import ErasureTombstone
from klushuis.privacy.services import retention_apply
from properties.models import Neighbourhood, Property, SalesRound, RoundProperty
import importlib.util, pathlib
spec = importlib.util.spec_from_file_location("v", pathlib.Path("docs/lottery/verify_record.py"))
verifier = importlib.util.module_from_spec(spec); spec.loader.exec_module(verifier)

N, CONTROL, HOMES = {applications}, {control}, 20
rng = random.Random(7)
now = timezone.now()
org = Organisation.objects.create(name="Gemeente Bench", slug="bench", kind="municipality")
hood = Neighbourhood.objects.create(municipality=org, name="Wijk", slug="wijk")
storage = Application._meta.get_field("financing_statement").storage
PDF = b"%PDF-1.7\\n% bench\\n" + b"0" * 20000

def make_round(slug, count, offset):
    props = Property.objects.bulk_create([Property(municipality=org,
        reference=f"{{slug[:3].upper()}}-{{i:03d}}", status="in_round", street="Benchstraat",
        house_number=offset + i + 1, postcode="1234 AB", city="B", neighbourhood=hood,
        cadastral_municipality="BNC01", cadastral_section="A", cadastral_parcel=offset + i + 1,
        living_area_m2=80, year_built=1920, title="W", description="-") for i in range(HOMES)])
    r = SalesRound.objects.create(name=slug, slug=slug, municipality=org,
        opens_at=now - timedelta(days=900), closes_at=now + timedelta(days=1),
        published_at=now - timedelta(days=910), anti_speculation_percentage=50,
        max_preferences=5)
    RoundProperty.objects.bulk_create([RoundProperty(sales_round=r, property=p) for p in props])
    users = User.objects.bulk_create([User(email=f"{{slug}}{{i}}@bench.test", full_name="B",
        password="!") for i in range(count)], batch_size=5000)
    apps = Application.objects.bulk_create([Application(sales_round=r, user=u, status="eligible")
        for u in users], batch_size=5000)
    Applicant.objects.bulk_create([Applicant(application=a, role="main", given_names="Bench",
        surname=str(a.pk), date_of_birth="1990-01-01", email=f"a{{a.pk}}@bench.test")
        for a in apps], batch_size=5000)
    Preference.objects.bulk_create([Preference(application=a, property=rng.choice(props), rank=1)
        for a in apps], batch_size=5000)
    for a in apps:
        a.financing_statement = storage.save(f"applications/financing/b{{a.pk}}.pdf",
                                             ContentFile(PDF))
        a.financing_statement_original = storage.save(
            f"applications/financing/originals/b{{a.pk}}.pdf", ContentFile(PDF))
    Application.objects.bulk_update(apps, ["financing_statement",
                                           "financing_statement_original"], batch_size=2000)
    return r, props

start = time.perf_counter()
settled, settled_homes = make_round("settled", N, 0)
control, _ = make_round("control", CONTROL, 1000)
lottery.lottery_commit(sales_round=settled)
LotteryCommitment.objects.filter(sales_round=settled).update(
    committed_at=now - timedelta(days=920))
SalesRound.objects.filter(pk=settled.pk).update(closes_at=now - timedelta(days=800))
settled.refresh_from_db()
staff = User.objects.create(email="staff@bench.test", full_name="S", password="!")
settled.notaries.add(staff)
lottery.lottery_freeze(sales_round=settled, actor=staff)
draw = lottery.lottery_draw(sales_round=settled, public_value="4-17-23", actor=staff)
# Settled two years ago (time travel): everyone not selected, every home sold. Written
# directly: 10,000 sales through the services would take the benchmark hours to seed.
LotteryDraw.objects.filter(pk=draw.pk).update(drawn_at=now - timedelta(days=730))
Application.objects.filter(sales_round=settled).update(status="not_selected")
Property.objects.filter(pk__in=[p.pk for p in settled_homes]).update(status="sold")
print("SEEDED", time.perf_counter() - start)

def fingerprint():
    rows = list(Application.objects.filter(sales_round=control).order_by("pk").values_list(
        "pk", "reference", "status", "financing_statement", "updated_at"))
    people = list(Applicant.objects.filter(application__sales_round=control).order_by("pk")
                  .values_list("pk", "surname", "email"))
    files = [hashlib.sha256(storage.open(r[3]).read()).hexdigest() for r in rows]
    return hashlib.sha256(repr((rows, people, files)).encode()).hexdigest()

settled_files = list(Application.objects.filter(sales_round=settled).values_list(
    "financing_statement", "financing_statement_original"))
record_before = LotteryDraw.objects.get(pk=draw.pk).record
control_before = fingerprint()
others = (User.objects.count(), Property.objects.count())

start = time.perf_counter()
report = retention_apply(dry_run=True)
print("DRYRUN", time.perf_counter() - start, len(report.due["unsuccessful_applications"]))
start = time.perf_counter()
report = retention_apply()
print("APPLY", time.perf_counter() - start, report.removed["unsuccessful_applications"])
start = time.perf_counter()
again = retention_apply()
print("AGAIN", time.perf_counter() - start, again.removed["unsuccessful_applications"])

left = Application.objects.filter(sales_round=settled).count()
left_people = Applicant.objects.filter(application__sales_round=settled).count()
left_files = sum(storage.exists(n) for pair in settled_files for n in pair)
print("LEFT", left, left_people, left_files)
print("TOMBSTONES", ErasureTombstone.objects.filter(context="settled").count())
print("CONTROL", fingerprint() == control_before)
print("OTHERS", others == (User.objects.count(), Property.objects.count()))
record_after = LotteryDraw.objects.get(pk=draw.pk).record
problems = [n for n, ok, _d in verifier.verify(json.loads(record_after)) if not ok]
print("RECORD", record_after == record_before, not problems)
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--control", type=int, default=500)
    args = parser.parse_args()
    from bench.common import database, environment

    database_url = os.environ.get("BENCH_RETENTION_DATABASE_URL", DEFAULT_DB)
    database(database_url, fresh=True)
    private = ROOT / "bench" / "results" / "retention-private"
    shutil.rmtree(private, ignore_errors=True)
    env = environment(
        database_url, DJANGO_SETTINGS_MODULE="klushuis.settings", PRIVATE_MEDIA_ROOT=str(private)
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    out = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            SCRIPT.format(applications=args.applications, control=args.control),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    values = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    print(f"Retention over a settled round of {args.applications:,} applications (PostgreSQL)")
    seeded, dry = float(values["SEEDED"][0]), float(values["DRYRUN"][0])
    print(f"  seeding (draw, {2 * args.applications:,} files)   {seeded:8.1f} s")
    print(f"  dry run: {values['DRYRUN'][1]} due                 {dry:8.1f} s")
    applied, again = float(values["APPLY"][0]), float(values["AGAIN"][0])
    print(f"  apply: {values['APPLY'][1]} removed               {applied:8.1f} s")
    print(f"  second run: {values['AGAIN'][1]} removed           {again:8.1f} s")
    print(f"  left in the round (applications, applicants, files): {' '.join(values['LEFT'])}")
    print(f"  tombstones: {values['TOMBSTONES'][0]}")
    print(f"  control round unchanged (rows and files): {values['CONTROL'][0]}")
    print(f"  accounts and homes untouched: {values['OTHERS'][0]}")
    print(f"  lottery record unchanged, still verifies: {' '.join(values['RECORD'])}")
    ok = (
        values["LEFT"] == ["0", "0", "0"]
        and values["CONTROL"] == ["True"]
        and values["OTHERS"] == ["True"]
        and values["RECORD"] == ["True", "True"]
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
