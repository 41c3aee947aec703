"""Publishing a sales round: the round is the properties layer's, but its publication starts
the selection (the lottery's seed commitment, LOTTERY.md step 1), so it lives here, above both.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.lottery.services import lottery_commit
from klushuis import outbox
from properties import rules as property_rules
from properties import tasks as property_tasks
from properties.models import SalesRound
from properties.services import property_transition, sales_round_problems


def sales_round_publish(*, sales_round: SalesRound, actor) -> SalesRound:
    """Publish a round: it appears on the site and its properties go into it.

    Locks the round, then each of its homes (the lock order: round, then property). Side
    effects: the lottery's seed commitment; each home moves to "in a sales round" with the
    publisher as its actor (history); after commit, the opening-alert sweep runs in case the
    window is already open.
    """
    with transaction.atomic():
        locked = SalesRound.objects.select_for_update().get(pk=sales_round.pk)
        if locked.published_at is not None:
            return locked
        problems = sales_round_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.save(update_fields=["published_at", "published_by"])
        # The seed commitment is published with the round, before anyone applies
        # (LOTTERY.md, step 1); plan assessment uses the lottery to break ties.
        lottery_commit(sales_round=locked)
        for prop in locked.properties.order_by("pk"):
            property_transition(
                property=prop,
                to=property_rules.IN_ROUND,
                actor=actor,
                reason=_("In sales round %(round)s") % {"round": locked.slug},
            )
        outbox.send(property_tasks.send_round_opening_alerts, robust=False)
    return locked
