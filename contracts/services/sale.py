"""The sale's first and last steps on the buyer's side: accepting an offer, and withdrawing
after accepting (before the agreement was sent). Contracts owns the sale; the selection's side
of each step is `applications.offers.services`, called here in the same transaction.

Locks follow the one order (round -> property -> offer -> application -> contract; see
`contracts.services.lifecycle`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Offer
from applications.offers.services import offer_accept, offers_expire_due
from contracts import rules
from contracts.models import Contract
from contracts.services.generation import contract_create
from contracts.services.lifecycle import _after_dissolution, _lock_sale, _transition
from properties import rules as property_rules
from properties.services import property_transition


def sale_accept(*, offer: Offer, actor, parties: list[dict]) -> Offer:
    """The buyer accepts the offer, giving what only the deed needs (one dict per applicant).

    One transaction: the selection's side (`offer_accept`: the offer, the data for the deed,
    the buyer off their other lists, the application "accepted", the cascade), the home
    allocated, and the draft purchase agreement (rendered after commit). An offer past its
    deadline is refused (code "expired") and recorded as expired.
    """
    try:
        with transaction.atomic():
            locked = offer_accept(offer=offer, actor=actor, parties=parties)
            property_transition(
                property=locked.property,
                to=property_rules.ALLOCATED,
                actor=None,
                reason=_("Offer accepted by %(reference)s")
                % {"reference": locked.application.reference},
            )
            # The purchase agreement follows at once: recorded now, rendered after commit.
            contract_create(offer=locked)
    except ValidationError as error:
        if error.code == "expired":
            offers_expire_due(sales_round=offer.sales_round)
        raise
    return locked


def sale_withdraw(*, application: Application, actor) -> Application:
    """The buyer withdraws after accepting, before the agreement was sent: the draft is
    dissolved, the offer withdrawn, the application withdrawn, the home back in its round and
    on to the next reserve candidate. Once the agreement was sent only dissolving it ends the
    sale (code "contracted")."""
    contract = (
        Contract.objects.filter(application=application).exclude(status=rules.DISSOLVED).first()
    )
    if contract is None or contract.status != rules.DRAFT:
        raise ValidationError(
            _(
                "Your purchase agreement has been sent: dissolve it within the cooling-off "
                "period, or contact the municipality."
            ),
            code="contracted",
        )
    reason = _("The buyer withdrew the application before the agreement was sent")
    with transaction.atomic():
        locked = _lock_sale(contract)
        locked = _transition(
            locked,
            rules.DISSOLVED,
            actor,
            reason=reason,
            acting_as=rules.BUYER,
            dissolved_at=timezone.now(),
            dissolution_reason=reason,
            # Withdrawn before anything was sent: the parties end it, nobody defaulted.
            dissolution_kind=rules.BY_AGREEMENT,
        )
        _after_dissolution(locked, application_actor=actor)
    application.refresh_from_db()
    return application
