"""A believable Dutch example for development and demonstrations.

`python manage.py demo` calls `build`. Each part of the portal adds its own section here as it
lands, so that the demo shows every phase of a sale. Everything is generated from a fixed seed:
two runs on empty databases give the same data. Demo accounts use `.test` addresses (a domain
reserved for testing, RFC 2606) and printed development passwords.
"""

from dataclasses import dataclass, field

from faker import Faker

from klushuis.accounts.models import User
from klushuis.demo import (
    aftercare,
    alerts,
    applications,
    klushuur,
    organisations,
    past_sale,
    privacy,
    properties,
)


@dataclass
class Demo:
    """What the sections share: the random source and what earlier sections made."""

    applicants: int
    fake: Faker
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, e-mail, password)
    objects: dict = field(default_factory=dict)


def build(*, applicants: int = 300, seed: int = 2026) -> Demo:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    demo = Demo(applicants=applicants, fake=fake)
    organisations.build(demo)
    properties.build(demo)
    applications.build(demo)
    alerts.build(demo)
    aftercare.build(demo)
    klushuur.build(demo)
    privacy.build(demo)
    return demo


def known_logins() -> list[tuple[str, str, str]]:
    """The demo's fixed logins, for printing again when the demo was loaded earlier."""
    logins = [("platform administrator", "beheer@havenstad.test", organisations.ADMIN_PASSWORD)]
    logins += [
        (role, email, organisations.STAFF_PASSWORD) for email, _n, _o, role in organisations.STAFF
    ]
    logins.append(
        (
            "notary (a draw: /loting/; reports resales: /notaris/woningen/)",
            "notaris@havenstad.test",
            organisations.STAFF_PASSWORD,
        )
    )
    logins.append(applications.reserve_login())
    logins.append(applications.contract_login())
    logins.append(past_sale.sold_login())
    logins += aftercare.known_logins()
    logins.append(("buyer", "koper@example.test", organisations.BUYER_PASSWORD))
    logins += klushuur.logins()
    return logins


def give_known_staff_demo_devices() -> None:
    """Give the demo's staff accounts that exist their demo second factor, if they lack one."""
    staff_emails = ["beheer@havenstad.test", applications.NOTARY_EMAIL]
    staff_emails += [email for email, _n, _o, _r in organisations.STAFF]
    staff_emails.append(klushuur.STAFF_EMAIL)
    for user in User.objects.filter(email__in=staff_emails):
        if not user.totpdevice_set.exists():
            organisations.give_demo_device(user)
