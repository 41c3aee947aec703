from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from klushuis.accounts import roles
from klushuis.accounts.models import User
from klushuis.accounts.second_factor import DEMO_TOTP_KEY
from klushuis.organisations.models import Mandate, Organisation

# Development-only passwords, printed by `manage.py demo`; the demo refuses production.
STAFF_PASSWORD = "demo-medewerker-2026"  # noqa: S105
BUYER_PASSWORD = "demo-koper-2026"  # noqa: S105
ADMIN_PASSWORD = "demo-beheer-2026"  # noqa: S105

ORGANISATIONS = [
    # slug, name, kind, colour, e-mail, phone, website
    (
        "havenstad",
        "Gemeente Havenstad",
        "municipality",
        "#0b4f8a",
        "klushuizen@havenstad.test",
        "14 0123",
        "https://www.havenstad.test",
    ),
    (
        "lindenburg",
        "Gemeente Lindenburg",
        "municipality",
        "#7a1f3d",
        "wonen@lindenburg.test",
        "0345 123 456",
        "https://www.lindenburg.test",
    ),
    (
        "dijkerveld",
        "Gemeente Dijkerveld",
        "municipality",
        "#1d5e3a",
        "klushuis@dijkerveld.test",
        "0570 765 432",
        "https://www.dijkerveld.test",
    ),
    (
        "stadsherstel-advies",
        "Stadsherstel Advies B.V.",
        "advisory_bureau",
        "#3b3b8f",
        "verkoop@stadsherstel.test",
        "010 222 3344",
        "https://www.stadsherstel.test",
    ),
    (
        "woonwijzer",
        "Woonwijzer Verkoopadvies",
        "advisory_bureau",
        "#5c3d00",
        "info@woonwijzer.test",
        "026 555 0101",
        "https://www.woonwijzer.test",
    ),
    (
        "de-linde",
        "Woonstichting De Linde",
        "housing_corporation",
        "#00596b",
        "klushuur@delinde.test",
        "0345 700 800",
        "https://www.delinde.test",
    ),
]

MANDATES = [
    ("stadsherstel-advies", "havenstad"),
    ("stadsherstel-advies", "lindenburg"),
    ("woonwijzer", "dijkerveld"),
]

STAFF = [
    # e-mail, name, organisation, role, password
    ("medewerker@havenstad.test", "Fatima El Amrani", "havenstad", roles.MUNICIPAL_STAFF),
    (
        "verkoop@stadsherstel.test",
        "Joost van der Meulen",
        "stadsherstel-advies",
        roles.BUREAU_SALES_STAFF,
    ),
    ("verkoop@woonwijzer.test", "Sanne de Boer", "woonwijzer", roles.BUREAU_SALES_STAFF),
    ("auditor@havenstad.test", "Pieter Hendriks", "havenstad", roles.AUDITOR),
    # The jury of the rounds assessed by plan quality.
    ("jury1@havenstad.test", "Karin Bos", "havenstad", roles.JUROR),
    ("jury2@havenstad.test", "Ahmed Yilmaz", "havenstad", roles.JUROR),
    ("jury3@havenstad.test", "Marieke Visser", "havenstad", roles.JUROR),
]


def build(demo):
    orgs = {}
    for slug, name, kind, colour, email, phone, website in ORGANISATIONS:
        orgs[slug], _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "primary_colour": colour,
                "email": email,
                "phone": phone,
                "website": website,
            },
        )
    for bureau, principal in MANDATES:
        Mandate.objects.get_or_create(
            bureau=orgs[bureau],
            principal=orgs[principal],
            defaults={"valid_from": timezone.localdate().replace(month=1, day=1)},
        )
    demo.objects["organisations"] = orgs

    now = timezone.now()
    # PBKDF2 is slow on purpose (about 0.2 s a hash): hash each demo password once and give
    # every account that shares it the same hash, instead of one hash per account.
    hashes = {}

    def hashed(password):
        if password not in hashes:
            hashes[password] = make_password(password)
        return hashes[password]

    admin = User.objects.filter(email="beheer@havenstad.test").first()
    if admin is None:
        admin = User.objects.create(
            email="beheer@havenstad.test",
            password=hashed(ADMIN_PASSWORD),
            full_name="Beheerder Portaal",
            is_staff=True,
            is_superuser=True,
            email_verified_at=now,
        )
    give_demo_device(admin)
    demo.logins.append(("platform administrator", admin.email, ADMIN_PASSWORD))

    for email, name, org, role in STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=hashed(STAFF_PASSWORD),
                full_name=name,
                organisation=orgs[org],
                is_staff=True,
                email_verified_at=now,
            )
            user.groups.add(Group.objects.get(name=role))
        give_demo_device(user)
        demo.logins.append((f"{role} ({orgs[org].name})", email, STAFF_PASSWORD))

    # The buyers in one insert. Addresses are lower case, as `create_user` would store them,
    # so the case-insensitive unique constraint (user_email_unique_ci) holds.
    fake = demo.fake
    emails = [
        "koper@example.test" if number == 1 else f"koper{number}@example.test"
        for number in range(1, demo.applicants + 1)
    ]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    buyers, new = [], []
    for email in emails:
        user = existing.get(email)
        if user is None:
            # A name only for a new buyer, as before: the names follow the seed in this order.
            user = User(
                email=email,
                password=hashed(BUYER_PASSWORD),
                full_name=fake.name(),
                email_verified_at=now,
            )
            new.append(user)
        buyers.append(user)
    User.objects.bulk_create(new)
    demo.objects["buyers"] = buyers
    demo.logins.append(("buyer", buyers[0].email, BUYER_PASSWORD))


def give_demo_device(user) -> None:
    """An authenticator app set up with the published demo secret (DEMO_TOTP_SECRET)."""
    TOTPDevice.objects.get_or_create(
        user=user,
        key=DEMO_TOTP_KEY,
        defaults={"name": "Demo (published secret)", "confirmed": True},
    )
