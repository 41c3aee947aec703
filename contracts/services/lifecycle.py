"""The agreement's life after it was made: sending, signatures, the cooling-off period,
dissolution and transfer. `_transition` is the one place a contract's status changes.

Lock order, the same as the offers' (`applications.offers.services`): round -> property ->
offer -> application -> contract. Every service here takes its locks through `_lock_sale`,
so a dissolution cannot deadlock against a decline, an expiry or the cascade in the same
round (tests/contracts/test_races.py).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import rules as application_rules
from applications.models import Application, Offer
from applications.offers.services import offer_transition, offers_cascade, offers_lock
from applications.services import application_transition
from contracts import cooling_off, rules, selectors
from contracts.extensions import CONTRACT_TRANSFERRED
from contracts.models import Contract, ContractStatusChange, ContractVersion, Kind
from contracts.services.generation import _copy_version, _mail, dutch_day
from contracts.services.templates import library_install
from klushuis.uploads import PDF, pdf_store, validate_upload
from properties import rules as property_rules
from properties.services import property_transition

COOLING_OFF_REASON = "Bedenktijd"


def _lock_sale(contract: Contract) -> Contract:
    """Lock the round, the home, the offer, the application and the contract, in that order
    (see the module's docstring). Call inside a transaction; returns the locked contract."""
    offer = Offer.objects.select_related("sales_round").get(pk=contract.offer_id)
    offers_lock(sales_round=offer.sales_round, property_ids=[offer.property_id])
    Offer.objects.select_for_update(of=("self",)).filter(pk=offer.pk).exists()
    Application.objects.select_for_update().filter(pk=contract.application_id).exists()
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("application", "offer__sales_round", "property")
        .get(pk=contract.pk)
    )


def _capacities(contract: Contract, actor) -> set[str]:
    """The capacities in which `actor` acts on this agreement (see `rules.TRANSITIONS`)."""
    if actor is None:
        return {rules.SYSTEM}
    capacities = set()
    if contract.application.user_id == actor.pk:
        capacities.add(rules.BUYER)
    if actor.has_perm("contracts.manage_contracts"):
        capacities.add(rules.STAFF)
    return capacities


def _transition(
    contract: Contract, to: str, actor, reason: str = "", *, acting_as=None, **fields
) -> Contract:
    """The one place a contract's status changes: locked, checked against the table and who
    may make the move (code "actor"; `acting_as` narrows it to one capacity, when a service is
    one side's own: the cooling-off period is the buyer's), with a history row. Call inside a
    transaction that took the sale's locks (`_lock_sale`)."""
    locked = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=contract.pk)
    )
    if not rules.transition_allowed(locked.status, to):
        raise ValidationError(
            _("A purchase agreement cannot go from %(from)s to %(to)s.")
            % {"from": locked.get_status_display(), "to": Contract.Status(to).label},
            code="transition",
        )
    capacities = _capacities(locked, actor)
    if acting_as is not None:
        capacities &= {acting_as}
    if not rules.may_move(locked.status, to, capacities):
        raise ValidationError(
            _("You may not make this change to the purchase agreement (%(from)s to %(to)s).")
            % {"from": locked.get_status_display(), "to": Contract.Status(to).label},
            code="actor",
        )
    rendering = selectors.sent_rendering(locked)
    if rules.waits_for_sent_pdf(to, sent_pdf_ready=selectors.sent_pdf_ready(rendering)):
        if rendering == ContractVersion.Rendering.FAILED:
            message = _(
                "The PDF sent for signing could not be made (the error is on the agreement's "
                "page), so nobody can have signed it: no signature can be recorded until it is."
            )
        else:
            message = _(
                "The PDF sent for signing is still being made: a signature can be recorded "
                "once the buyer can download it, in a moment."
            )
        raise ValidationError(message, code="sent_pdf_not_ready")
    ContractStatusChange.objects.create(
        contract=locked,
        from_status=locked.status,
        to_status=to,
        actor=actor,
        reason=reason,
    )
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *fields])
    return locked


def _moment(value) -> str:
    """A moment as the messages show it: "17 oktober 2026 14:05" (Europe/Amsterdam)."""
    local = timezone.localtime(value)
    return f"{dutch_day(local.date())} {local:%H:%M}"


def _check_order(moment, *, what: str, not_before=()) -> None:
    """The agreement's events happen in order: `moment` (the event called `what`) is not in the
    future and not before any of the earlier events in `not_before`, pairs of (moment or None,
    message with %(moment)s). The staff's forms take minutes, so an earlier moment counts from
    its minute: a handover typed as 14:05 may follow a signature recorded at 14:05:30."""
    if moment > timezone.now():
        raise ValidationError(
            _("%(what)s cannot be in the future.") % {"what": what}, code="future"
        )
    for earlier, message in not_before:
        if earlier is not None and moment < earlier.replace(second=0, microsecond=0):
            raise ValidationError(message % {"moment": _moment(earlier)}, code="order")


def contract_send(*, contract, actor) -> Contract:
    """Send the checked draft to the buyer. Side effects: a final version (the same text
    without the draft marker) is recorded as the sent version and rendered after commit; once
    it is rendered the buyer is mailed (see `contract_render`); the application moves to
    "contract"."""
    with transaction.atomic():
        contract = _lock_sale(contract)
        version = selectors.latest_version(contract)
        if version is None or version.rendering != ContractVersion.Rendering.DONE:
            raise ValidationError(_("The PDF of the latest version is not ready yet."))
        # The programme of requirements is part of what the buyer agrees to (the renovation
        # obligation refers to it): an agreement without it cannot be sent for signing.
        if not version.data.get("requirements"):
            raise ValidationError(
                _(
                    "The agreement has no programme of requirements (PvE) attached: add it to "
                    "the home's documents, then make the agreement again."
                ),
                code="requirements",
            )
        seller = version.data["seller"]
        if not (seller["signatory_name"] and seller["address"] and contract.notary):
            raise ValidationError(
                _(
                    "Fill in the municipality's address, its signatory and the notary (in the "
                    "template and the dates), then make the agreement again."
                )
            )
        locked = _transition(
            contract,
            rules.SENT,
            actor,
            reason=_("Version %(number)s sent for signing") % {"number": version.number + 1},
            sent_at=timezone.now(),
            return_by=timezone.localdate() + timedelta(days=version.template.return_days),
        )
        # What the buyer signs is the checked draft's text, made again without the draft marker
        # and recorded as the version that was sent (its SHA-256 is written when it is rendered).
        final = _copy_version(version, final=True)
        locked.sent_version = final
        locked.save(update_fields=["sent_version"])
        if locked.application.status == application_rules.ACCEPTED:
            application_transition(
                application=locked.application,
                to=application_rules.CONTRACTED,
                actor=None,
                reason=_("Purchase agreement %(reference)s sent") % {"reference": locked.reference},
            )
    return locked


def contract_record_buyer_signature(*, contract, actor, signed_at=None) -> Contract:
    """The signed agreement came back. Refused while the PDF sent for signing is not rendered
    (see `_transition`)."""
    with transaction.atomic():
        locked = _lock_sale(contract)
        signed_at = signed_at or timezone.now()
        _check_order(
            signed_at,
            what=_("The buyer's signature"),
            not_before=[
                (
                    locked.sent_at,
                    _("The buyer cannot have signed before the agreement was sent (%(moment)s)."),
                )
            ],
        )
        return _transition(locked, rules.SIGNED_BY_BUYER, actor, buyer_signed_at=signed_at)


def cooling_off_applies(contract: Contract, handed_over) -> bool:
    """Art. 7:2 lid 2 BW: no new cooling-off period when the buyer used one to dissolve a
    sale of the same home with the same seller less than six months before."""
    earlier = (
        Contract.objects.filter(
            property=contract.property,
            municipality=contract.municipality,
            application__user=contract.application.user,
            status=rules.DISSOLVED,
            dissolved_at__isnull=False,
        )
        .exclude(pk=contract.pk)
        .order_by("-dissolved_at")
    )
    for previous in earlier:
        # Both cooling-off kinds count, online or by a letter staff recorded (art. 7:2 lid 2 BW).
        used_cooling_off = previous.dissolution_kind in rules.COOLING_OFF_KINDS
        if used_cooling_off and not cooling_off.cooling_off_applies(
            cooling_off.handover_date(previous.dissolved_at), cooling_off.handover_date(handed_over)
        ):
            return False
    return True


def contract_record_seller_signature(
    *, contract, actor, signed_copy, handed_over_at, signed_at=None
) -> Contract:
    """Both have signed; the signed copy is stored and the moment it was handed to the buyer
    recorded: the cooling-off period runs from the next day (art. 7:2 BW). Refused while the
    PDF sent for signing is not rendered (see `_transition`)."""
    validate_upload(signed_copy, allowed={PDF}, max_bytes=rules.MAX_SIGNED_COPY_BYTES)
    with transaction.atomic():
        locked = _lock_sale(contract)
        signed_at = signed_at or timezone.now()
        _check_order(
            signed_at,
            what=_("The municipality's signature"),
            not_before=[
                (
                    locked.buyer_signed_at,
                    _("The municipality cannot have signed before the buyer did (%(moment)s)."),
                )
            ],
        )
        _check_order(
            handed_over_at,
            what=_("The handover"),
            not_before=[
                (
                    locked.buyer_signed_at,
                    _(
                        "The signed agreement cannot have been handed over before the buyer "
                        "signed it (%(moment)s)."
                    ),
                )
            ],
        )
        locked = _transition(
            locked,
            rules.SIGNED_BY_SELLER,
            actor,
            seller_signed_at=signed_at,
            handed_over_at=handed_over_at,
            cooling_off_applies=cooling_off_applies(locked, handed_over_at),
        )
        pdf_store(locked, "signed_copy", signed_copy, f"{locked.reference}-getekend.pdf")
        _fix_signing_dates(locked)
        locked.save(
            update_fields=[
                "signed_copy",
                "signed_copy_original",
                "signed_copy_sha256",
                "deposit_due",
                "financing_condition_ends",
            ]
        )
        _mail(locked.pk, "signed")
    return locked


def _signed_terms(contract: Contract) -> dict:
    """The terms of the version the buyer signed (a later template change does not count)."""
    version = contract.sent_version
    terms = (version.data.get("terms") if version is not None else None) or {}
    if not terms:  # a version made before the terms were recorded: the template's
        template = library_install(contract.municipality)[Kind.PURCHASE_AGREEMENT]
        sales_round = contract.offer.sales_round
        terms = {
            "deposit_days": template.deposit_days,
            "financing_condition_days": template.financing_condition_days,
            "renovation_start_months": sales_round.renovation_start_months,
            "renovation_completion_months": sales_round.renovation_completion_months,
        }
    return terms


def _fix_signing_dates(contract: Contract) -> None:
    """The agreement signed by both was handed over: its deposit and financing terms become
    dates, counted from that day and never inside the cooling-off period."""
    terms = _signed_terms(contract)
    state = selectors.cooling_off_state(contract)
    contract.deposit_due, contract.financing_condition_ends = rules.dates_after_signing(
        cooling_off.handover_date(contract.handed_over_at),
        deposit_days=terms["deposit_days"],
        financing_days=terms["financing_condition_days"],
        cooling_off_last_day=state["last_day"] if state and state["applies"] else None,
    )


def contract_dissolve_by_buyer(*, contract, actor) -> Contract:
    """The buyer dissolves within the cooling-off period, checked on the server's clock.
    Only the buyer (the table's "buyer", see `_transition`). Side effects: as
    `_after_dissolution`."""
    with transaction.atomic():
        locked = _lock_sale(contract)
        state = selectors.cooling_off_state(locked)
        if locked.status == rules.SIGNED_BY_BUYER and state is None:
            pass  # signed, not yet handed over: the period has not even started
        elif state is None or not state["running"]:
            raise ValidationError(
                _(
                    "The cooling-off period has ended; the purchase can no longer be dissolved "
                    "this way."
                ),
                code="cooling_off_over",
            )
        # Who may: the table's "buyer" (`acting_as`), so staff use their own service.
        locked = _transition(
            locked,
            rules.DISSOLVED,
            actor,
            reason=f"{COOLING_OFF_REASON} (art. 7:2 BW)",
            acting_as=rules.BUYER,
            dissolved_at=timezone.now(),
            dissolution_reason=_("Dissolved by the buyer within the cooling-off period"),
            dissolution_kind=rules.COOLING_OFF_ONLINE,
        )
        _after_dissolution(locked)
    return locked


def contract_dissolve_by_staff(*, contract, actor, reason: str, kind: str) -> Contract:
    """Staff record a dissolution of the given kind (`rules.STAFF_DISSOLUTION_KINDS`: the
    buyer's cooling-off letter, by agreement, for default, the financing condition).
    Side effects: as `_after_dissolution`."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the dissolution."))
    if kind not in rules.STAFF_DISSOLUTION_KINDS:
        raise ValidationError(_("Choose the kind of dissolution."), code="kind")
    with transaction.atomic():
        locked = _lock_sale(contract)
        locked = _transition(
            locked,
            rules.DISSOLVED,
            actor,
            reason=reason.strip(),
            acting_as=rules.STAFF,
            dissolved_at=timezone.now(),
            dissolution_reason=reason.strip(),
            dissolution_kind=kind,
        )
        _after_dissolution(locked)
    return locked


def _after_dissolution(contract: Contract, *, application_actor=None):
    """The home is free again: the accepted offer is withdrawn (logged, with history), the
    application ends, the home is back in its round, and it goes to its next reserve
    candidate. Consequences of the dissolution (actor None) unless the buyer withdrew their
    application themselves (`application_actor`). Runs under the sale's locks."""
    reason = _("Purchase agreement %(reference)s dissolved") % {"reference": contract.reference}
    offer = offer_transition(
        offer=contract.offer,
        to=Offer.Status.WITHDRAWN,
        actor=application_actor,
        reason=contract.dissolution_reason or reason,
    )
    application = Application.objects.get(pk=contract.application_id)
    if application.status in (application_rules.ACCEPTED, application_rules.CONTRACTED):
        application_transition(
            application=application,
            to=application_rules.WITHDRAWN,
            actor=application_actor,
            reason=reason,
        )
    # Back in the round before the cascade, which may offer it to the next reserve.
    property_transition(
        property=contract.property, to=property_rules.IN_ROUND, actor=None, reason=reason
    )
    _mail(contract.pk, "dissolved")
    offers_cascade(sales_round=offer.sales_round)


def contract_transfer(*, contract, actor, transferred_at=None) -> Contract:
    """The notary passed the deed. Not while the buyer may still dissolve. Side effect: the
    home is sold."""
    with transaction.atomic():
        locked = _lock_sale(contract)
        state = selectors.cooling_off_state(locked)
        if state is not None and state["running"]:
            raise ValidationError(
                _("The cooling-off period runs until %(day)s; transfer after that.")
                % {"day": dutch_day(state["last_day"])}
            )
        transferred_at = transferred_at or timezone.now()
        not_before = [
            (
                locked.handed_over_at,
                _(
                    "The transfer cannot be before the signed agreement was handed over "
                    "(%(moment)s)."
                ),
            )
        ]
        if state is not None and state["applies"]:
            not_before.append(
                (
                    state["ends_at"],
                    _("The transfer cannot be before the cooling-off period ended (%(moment)s)."),
                )
            )
        _check_order(transferred_at, what=_("The transfer"), not_before=not_before)
        terms = _signed_terms(locked)
        # The renovation's deadlines are counted from the transfer, now that it is known.
        start, completion = rules.renovation_deadlines(
            cooling_off.handover_date(transferred_at),
            terms["renovation_start_months"],
            terms["renovation_completion_months"],
        )
        locked = _transition(
            locked,
            rules.TRANSFERRED,
            actor,
            transferred_at=transferred_at,
            renovation_start_by=start,
            renovation_completed_by=completion,
        )
        property_transition(
            property=locked.property,
            to=property_rules.SOLD,
            actor=None,
            reason=_("Transferred to the buyer (purchase agreement %(reference)s)")
            % {"reference": locked.reference},
        )
        # Layers above follow the sale (aftercare starts its obligations), in this transaction.
        CONTRACT_TRANSFERRED.run(contract=locked, actor=actor)
    return locked
