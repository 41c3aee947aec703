"""Demo section: the visitors who asked to be told when a round opens, and the alerts they got.

The first step of the council's funnel (reports) is the alert subscribers a round reached. A
portal that has run for a couple of years has gathered followers: some subscribed before the
earliest round, more with every round after it, a few never confirmed the link. Each round that
has opened mailed everyone confirmed by then, a few minutes after its window opened (the alert
sweep's pace). Written directly, as history: the services would mail them now. Every delivery
is recorded as sent and every opened round as alerted, so the sweep after this load mails
nobody.
"""

import random
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from properties.models import AlertDelivery, AlertSubscription, SalesRound

SEED = 20261201
FOLLOWERS = 160
# One in this many never clicked the confirmation link.
NEVER_CONFIRMED = 9
# The first follower subscribed this many days ago (before the earliest demo round opened).
FIRST_DAYS_AGO = 900


def email(number: int) -> str:
    return f"volger{number:03d}@example.test"


def build(demo) -> None:
    rng = random.Random(SEED)
    now = timezone.now()
    followers = []
    for number in range(FOLLOWERS):
        # More followers with every round: the dates crowd towards today.
        days_ago = int(FIRST_DAYS_AGO * (1 - number / FOLLOWERS) ** 1.4) + 2
        created = now - timedelta(days=days_ago, minutes=rng.randint(0, 720))
        confirmed = (
            None
            if number % NEVER_CONFIRMED == NEVER_CONFIRMED - 1
            else created + timedelta(minutes=rng.randint(2, 1440))
        )
        followers.append(
            AlertSubscription(
                email=email(number),
                language="en" if number % 7 == 3 else "nl",
                created_at=created,
                confirmed_at=confirmed,
            )
        )
    # A second load (--force) keeps what the first made.
    AlertSubscription.objects.bulk_create(followers, ignore_conflicts=True)
    confirmed = list(
        AlertSubscription.objects.filter(
            email__in=[f.email for f in followers], confirmed_at__isnull=False
        )
    )
    opened = SalesRound.objects.filter(published_at__isnull=False, opens_at__lte=now).order_by(
        "opens_at"
    )
    deliveries = []
    for sales_round in opened:
        for subscription in confirmed:
            if subscription.confirmed_at < sales_round.opens_at:
                deliveries.append(
                    AlertDelivery(
                        subscription=subscription,
                        sales_round=sales_round,
                        sent_at=sales_round.opens_at + timedelta(minutes=rng.randint(1, 9)),
                    )
                )
    AlertDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    # Every opened round's alerts count as sent (the rounds section and the past rounds mark
    # theirs already; this makes sure of it for any round this section mailed).
    SalesRound.objects.filter(
        pk__in=[r.pk for r in opened], opening_alerts_sent_at__isnull=True
    ).update(opening_alerts_sent_at=F("opens_at"))
    demo.objects["alert_deliveries"] = len(deliveries)
