"""Every write to properties, sales rounds and alerts goes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klushuis import outbox
from properties import mails, rules, tasks
from properties.models import (
    AlertDelivery,
    AlertSubscription,
    Property,
    PropertyFigures,
    PropertyPhoto,
    PropertyStatusChange,
    SalesRound,
)

FIGURE_FIELDS = [
    "purchase_price",
    "price_condition",
    "valuation",
    "minimum_renovation_budget",
    "budget_basis_author",
    "budget_basis_date",
    "budget_own_work_share",
    "budget_basis_notes",
]


def property_figures_update(*, property: Property, figures: dict, actor, reason: str = ""):
    """Append a new version of the figures shown to buyers, if anything changed.

    The earlier versions stay, with who changed them and when. Once the property is public a
    reason is required: buyers may have relied on the old figures.
    Returns the version in force afterwards.
    """
    with transaction.atomic():
        locked = Property.objects.select_for_update().get(pk=property.pk)
        current = locked.current_figures
        if current is not None and all(
            getattr(current, name) == figures.get(name) for name in FIGURE_FIELDS
        ):
            return current
        if current is not None and locked.is_public and not reason.strip():
            raise ValidationError(
                {"figures_reason": _("Say why the figures change: buyers may have seen them.")}
            )
        version = PropertyFigures.objects.create(
            property=locked,
            version=(current.version + 1) if current else 1,
            created_by=actor if getattr(actor, "pk", None) else None,
            reason=reason.strip(),
            **{name: figures.get(name) for name in FIGURE_FIELDS},
        )
        locked.current_figures = version
        locked.save(update_fields=["current_figures"])
        property.current_figures = version
    return version


# Who may act as staff on a home's status (rules.PROPERTY_TRANSITIONS).
STAFF_PERMISSION = "properties.change_property"


def property_actor_capacity(actor) -> str | None:
    """The capacity in which `actor` moves a home: None is the code itself ("system"); a user
    holding the staff permission is "staff"; anybody else has none."""
    if actor is None:
        return rules.SYSTEM
    if actor.is_active and actor.has_perm(STAFF_PERMISSION):
        return rules.STAFF
    return None


def property_transition(*, property: Property, to: str, actor, reason: str = "") -> Property:
    """The one write path of a property's status: locks the home, checks the move and who
    makes it against rules.PROPERTY_TRANSITIONS, writes the status and appends a history row.

    `actor` None is the system (a consequence of another move; `reason` names its cause).
    Refuses with ValidationError: code "transition" for a move the table does not have,
    "actor" for a move by someone it does not name, "figures" to publish a home without
    figures. Moving to the status the home has is a no-op. No side effects.
    Lock order: a caller that holds a round locks it first (round, then property).
    """
    with transaction.atomic():
        locked = Property.objects.select_for_update().get(pk=property.pk)
        if locked.status == to:
            return locked
        if not rules.property_transition_allowed(locked.status, to):
            raise ValidationError(
                _("A property cannot go from %(from)s to %(to)s.")
                % {
                    "from": Property.Status(locked.status).label,
                    "to": Property.Status(to).label,
                },
                code="transition",
            )
        capacity = property_actor_capacity(actor)
        if capacity is None or not rules.property_move_allowed(locked.status, to, capacity):
            raise ValidationError(
                _("You may not move this home from %(from)s to %(to)s.")
                % {
                    "from": Property.Status(locked.status).label,
                    "to": Property.Status(to).label,
                },
                code="actor",
            )
        if to == rules.PUBLISHED and locked.current_figures_id is None:
            raise ValidationError(
                _("A property needs its figures before it is published."), code="figures"
            )
        PropertyStatusChange.objects.create(
            property=locked, from_status=locked.status, to_status=to, actor=actor, reason=reason
        )
        locked.status = to
        locked.save(update_fields=["status"])
        property.status = to
    return locked


def property_photo_saved(*, photo: PropertyPhoto) -> None:
    """Side effect: the thumbnail is (re)made by a task after commit."""
    if photo.thumbnail:
        photo.thumbnail.delete(save=False)
        PropertyPhoto.objects.filter(pk=photo.pk).update(thumbnail="")
    outbox.send(tasks.make_photo_thumbnail, photo.pk, robust=False)


ROUND_PROBLEM_MESSAGES = {
    "window_order": lambda p: _("The window must close after it opens."),
    "window_past": lambda p: _("The window has already closed."),
    "no_properties": lambda p: _("The round has no properties."),
    "no_criteria": lambda p: _("Assessment of plans needs at least one criterion."),
    "profit_share_missing": lambda p: _(
        "The anti-speculation clause needs its share of the profit."
    ),
    "fixed_sum_missing": lambda p: _("The anti-speculation clause needs its fixed sum."),
    "penalty_cap_missing": lambda p: _("A daily penalty needs a maximum."),
    "penalty_cap_below_base": lambda p: _("The maximum penalty cannot be below the penalty."),
    "unready_properties": lambda p: (
        _("These properties are not published with figures yet: %(references)s.") % p
    ),
}


def sales_round_problems(sales_round: SalesRound) -> list[str]:
    properties = list(sales_round.properties.all())
    unready = [
        p.reference
        for p in properties
        if p.current_figures_id is None or p.status not in (rules.PUBLISHED, rules.IN_ROUND)
    ]
    found = rules.round_problems(
        opens_at=sales_round.opens_at,
        closes_at=sales_round.closes_at,
        now=timezone.now(),
        property_count=len(properties),
        unready_properties=unready,
        anti_speculation=sales_round.anti_speculation,
        anti_speculation_percentage=sales_round.anti_speculation_percentage,
        anti_speculation_amount=sales_round.anti_speculation_amount,
        penalty_amount=sales_round.penalty_amount,
        penalty_percentage=sales_round.penalty_percentage,
        penalty_daily_amount=sales_round.penalty_daily_amount,
        penalty_cap=sales_round.penalty_cap,
        plan_assessment=sales_round.selection_method == SalesRound.SelectionMethod.PLAN_ASSESSMENT,
        criterion_count=sales_round.assessment_criteria.count(),
    )
    return [ROUND_PROBLEM_MESSAGES[code](params) for code, params in found]


# --- Alerts ------------------------------------------------------------------------------------


def alert_subscribe(*, email: str, language: str) -> None:
    """Start a subscription and mail a confirmation link (double opt-in).

    Nothing reveals whether the address was subscribed already: a confirmed subscriber gets no
    new mail, an unconfirmed one gets the link again.
    """
    email = email.strip().lower()
    with transaction.atomic():
        subscription, _created = AlertSubscription.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        if subscription.confirmed_at is None:
            outbox.send(tasks.send_alert_confirmation, subscription.pk, robust=False)


def alert_confirm(*, subscription_id: int, email: str) -> AlertSubscription | None:
    with transaction.atomic():
        subscription = (
            AlertSubscription.objects.select_for_update()
            .filter(pk=subscription_id, email=email)
            .first()
        )
        if subscription is not None and subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
    return subscription


def alert_unsubscribe(*, subscription_id: int, email: str) -> None:
    """Forget the subscriber entirely (no reason to keep the address)."""
    AlertSubscription.objects.filter(pk=subscription_id, email=email).delete()


def round_opening_alerts_queue(*, now=None) -> int:
    """For every published round whose window has opened and whose alerts were not sent,
    record one delivery per confirmed subscriber and queue the e-mails after commit.

    Recording first makes it safe to run from a periodic task and a command at once: the
    round row is locked, and a delivery is unique per subscriber and round.
    Returns the number of deliveries queued.
    """
    now = now or timezone.now()
    queued = []
    with transaction.atomic():
        rounds = SalesRound.objects.select_for_update(skip_locked=True).filter(
            published_at__isnull=False,
            opening_alerts_sent_at__isnull=True,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        for sales_round in rounds:
            subscriptions = AlertSubscription.objects.filter(confirmed_at__isnull=False)
            deliveries = AlertDelivery.objects.bulk_create(
                [AlertDelivery(subscription=s, sales_round=sales_round) for s in subscriptions],
                ignore_conflicts=True,
            )
            sales_round.opening_alerts_sent_at = now
            sales_round.save(update_fields=["opening_alerts_sent_at"])
            queued.extend((sales_round.pk, d.subscription_id) for d in deliveries)
        for round_id, subscription_id in queued:
            outbox.send(tasks.send_round_alert, round_id, subscription_id, robust=False)
    return len(queued)


def round_alert_send(*, round_id: int, subscription_id: int) -> bool:
    """Send one opening alert unless it was sent already; False when there was nothing to do.

    The delivery row stays locked while the mail goes out, so two workers never both send it;
    if sending fails the transaction rolls back and a retry sends it.
    """
    with transaction.atomic():
        delivery = (
            AlertDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription", "sales_round")
            .filter(sales_round_id=round_id, subscription_id=subscription_id, sent_at__isnull=True)
            .first()
        )
        if delivery is None:
            return False
        mails.send_round_alert(delivery.subscription, delivery.sales_round)
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
    return True
