"""The lottery's three published steps, and annulment: every write goes through here.

The protocol itself (hashes, order, allocation) is `applications.lottery.protocol`, plain
Python; this module turns applications into entries, keeps the seed in its own table and
records each step with its time.
"""

import hashlib
import json
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import rules
from applications.lottery import protocol, reports
from applications.models import (
    Application,
    AssessmentOutcome,
    LotteryCommitment,
    LotteryDraw,
    LotterySeed,
    LotterySnapshot,
    Offer,
    Preference,
)
from applications.services import application_transition_many, ids_in


def _iso(moment) -> str:
    """ISO 8601 with the offset, in Europe/Amsterdam. Microseconds are kept: two steps within
    one second must still be in strict order (LOTTERY.md, section 5)."""
    return timezone.localtime(moment).isoformat()


# Commitments made at publication beyond the first, for re-draws after an annulment. LOTTERY.md
# asks a re-draw for a new commitment (section 4) made before the window closed (section 5), so
# it must exist before anyone applies (docs/decisions/0004). Two annulments of one round would
# already be a scandal; a third leaves the round without a verifiable draw, and says so.
RESERVE_COMMITMENTS = 2


def lottery_commit(*, sales_round) -> LotteryCommitment:
    """Step 1: fresh 32-byte seeds in a table of their own, and their SHA-256 for publication.

    Called when a round is published. Makes the commitment in use and RESERVE_COMMITMENTS
    reserves, each with its own seed; all are published on the round page from now on. Nothing
    logs or returns a seed; it leaves the database only inside the record of its draw.
    """
    try:
        re.compile(sales_round.lottery_value_pattern)
    except re.error as error:
        raise ValidationError(
            _("The pattern of the public value is not a valid regular expression.")
        ) from error
    now = timezone.now()
    with transaction.atomic():
        if LotteryCommitment.objects.filter(sales_round=sales_round).exists():
            raise ValidationError(_("This round has its commitments already."))
        made = []
        for sequence in range(1, RESERVE_COMMITMENTS + 2):
            seed = protocol.new_seed()
            commitment = LotteryCommitment.objects.create(
                sales_round=sales_round,
                sequence=sequence,
                seed_commitment=protocol.seed_commitment(seed),
                public_value_description=sales_round.lottery_value_description,
                public_value_pattern=sales_round.lottery_value_pattern,
                committed_at=now,
                activated_at=now if sequence == 1 else None,
            )
            LotterySeed.objects.create(commitment=commitment, value=seed)
            made.append(commitment)
    return made[0]


def _active(queryset):
    return queryset.filter(superseded_at__isnull=True, activated_at__isnull=False)


def active_commitment(sales_round) -> LotteryCommitment | None:
    return (
        _active(LotteryCommitment.objects.filter(sales_round=sales_round))
        .select_related("sales_round")
        .first()
    )


def _entries(sales_round):
    """The eligible applications with at least one eligible preference, as protocol entries,
    and the (pk, status) of each included application.

    Group and tickets follow from the round's published rules and the applicant's answers,
    never from a hand-set value. Read as plain values (the applications, then their preferences
    in rank order): a round of 100,000 entries must not build 400,000 model objects.
    """
    in_round = dict(sales_round.properties.values_list("pk", "reference"))
    statuses = [rules.ELIGIBLE, rules.IN_DRAW]
    rows = list(
        Application.objects.filter(sales_round=sales_round, status__in=statuses)
        .order_by("reference")
        .values_list("pk", "reference", "status", "leaves_social_rental", "lives_or_works_locally")
    )
    # By application id, no join: a plan that does not depend on the table statistics being
    # fresh (a round filled in bulk and frozen at once has none). The ids as one array on
    # PostgreSQL (`ids_in`), so one query instead of batches of 10,000 parameters.
    chosen: dict[int, list[str]] = {}
    ids = sorted(row[0] for row in rows)
    for application_id, property_id, covered in (
        Preference.objects.filter(ids_in("application_id", ids))
        .order_by("application_id", "rank")
        .values_list("application_id", "property_id", "covered")
    ):
        if covered and property_id in in_round:
            chosen.setdefault(application_id, []).append(in_round[property_id])
    entries, included = [], []
    for pk, reference, status, leaves_social_rental, local in rows:
        preferences = list(dict.fromkeys(chosen.get(pk, ())))
        if not preferences:
            continue
        # Group 1 first: with the round's priority, those who leave a social rental home.
        group = 2 if sales_round.priority_social_rental and not leaves_social_rental else 1
        tickets = 1 + (sales_round.extra_tickets_local if local else 0)
        entries.append(
            protocol.Entry(ref=reference, group=group, tickets=tickets, preferences=preferences)
        )
        included.append((pk, status))
    return sorted(in_round.values()), entries, included


def lottery_freeze_problems(sales_round) -> list[str]:
    problems = []
    if sales_round.phase() != "closed":
        problems.append(_("The application window has not closed yet."))
    commitment = active_commitment(sales_round)
    if commitment is None:
        problems.append(_("The round has no seed commitment."))
    elif LotterySnapshot.objects.filter(commitment=commitment).exists():
        problems.append(_("The entries are frozen already."))
    undecided = Application.objects.filter(sales_round=sales_round, status=rules.SUBMITTED).count()
    if undecided:
        problems.append(
            ngettext(
                "%(count)d application still waits for an eligibility decision.",
                "%(count)d applications still wait for an eligibility decision.",
                undecided,
            )
            % {"count": undecided}
        )
    return problems


def lottery_freeze(*, sales_round, actor) -> LotterySnapshot:
    """Step 2: freeze the entries once the window has closed and every decision is final.

    Side effects: eligible applications move to "in the draw" (their eligibility can no longer
    change), with a history row each.
    """
    with transaction.atomic():
        commitment = _active(
            LotteryCommitment.objects.select_for_update().filter(sales_round=sales_round)
        ).first()
        problems = lottery_freeze_problems(sales_round)
        if problems:
            raise ValidationError(problems)
        properties, entries, included = _entries(sales_round)
        try:
            # Validates the snapshot it builds (section 2 of the protocol).
            snapshot = protocol.build_snapshot(sales_round.slug, properties, entries)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        # The canonical bytes once: the stored text and its hash (= snapshot_sha256) from them.
        canonical = protocol.canonical_bytes(snapshot)
        frozen = LotterySnapshot.objects.create(
            commitment=commitment,
            canonical=canonical.decode("utf-8"),
            sha256=hashlib.sha256(canonical).hexdigest(),
            entry_count=len(entries),
            window_closed_at=sales_round.closes_at,
            frozen_by=actor,
        )
        application_transition_many(
            ids=[pk for pk, status in included if status == rules.ELIGIBLE],
            to=rules.IN_DRAW,
            reason=_("Entered in the lottery"),
        )
    return frozen


def lottery_draw(*, sales_round, public_value: str, actor) -> LotteryDraw:
    """Step 3: take the public value and draw, in one transaction (no preview).

    Only a notary named for the round draws it. The commitment row is locked, and the database
    allows one valid draw per round, so two people pressing the button at once get one draw; the
    second is told it was drawn already.
    Side effect: the draw report (PDF) is rendered after commit (`reports.report_order`).
    """
    value = protocol.normalise_public_value(public_value or "")
    if actor is None or not sales_round.notaries.filter(pk=actor.pk).exists():
        raise ValidationError(_("Only a notary named for this round may draw it."), code="notary")
    try:
        with transaction.atomic():
            commitment = _active(
                LotteryCommitment.objects.select_for_update().filter(sales_round=sales_round)
            ).first()
            if commitment is None:
                raise ValidationError(_("The round has no seed commitment."), code="state")
            # An annulment supersedes its commitment, so a valid draw of the round is the
            # only one that can stand in the way.
            if valid_draw(sales_round) is not None:
                raise ValidationError(_("This round has been drawn already."), code="drawn")
            snapshot_row = LotterySnapshot.objects.filter(commitment=commitment).first()
            if snapshot_row is None:
                raise ValidationError(_("The entries have not been frozen yet."), code="state")
            problems = protocol.public_value_problems(value, commitment.public_value_pattern)
            if problems:
                raise ValidationError(
                    _("The value does not have the announced form: %(format)s")
                    % {"format": commitment.public_value_description},
                    code="format",
                )
            snapshot = json.loads(snapshot_row.canonical)
            drawn_at = timezone.now()
            try:
                record = _build_record(
                    sales_round, commitment, snapshot_row, snapshot, value, drawn_at
                )
            except ValueError as error:
                # The protocol refuses to produce a record that its own verifier would reject
                # (e.g. times out of order after the clock was set back). Nothing is drawn or
                # stored.
                raise ValidationError(
                    _("This draw would not verify under the published protocol: %(problem)s")
                    % {"problem": error},
                    code="protocol",
                ) from error
            draw = LotteryDraw.objects.create(
                commitment=commitment,
                sales_round=sales_round,
                public_value=value,
                record=json.dumps(record, ensure_ascii=False, indent=1),
                drawn_at=drawn_at,
                drawn_by=actor,
            )
            reports.report_order(draw, annulled=False)
            return draw
    except IntegrityError as error:
        raise ValidationError(_("This round has been drawn already."), code="drawn") from error


def _build_record(sales_round, commitment, snapshot_row, snapshot, value, drawn_at):
    return protocol.build_record(
        round_slug=sales_round.slug,
        snapshot=snapshot,
        seed=bytes(commitment.seed.value),
        seed_commitment=commitment.seed_commitment,
        public_value_format={
            "description": commitment.public_value_description,
            "pattern": commitment.public_value_pattern,
        },
        public_value=value,
        committed_at=_iso(commitment.committed_at),
        window_closed_at=_iso(snapshot_row.window_closed_at),
        frozen_at=_iso(snapshot_row.frozen_at),
        drawn_at=_iso(drawn_at),
    )


def lottery_annul_request(*, draw: LotteryDraw, reason: str, actor) -> LotteryDraw:
    """The first of the two people needed to annul a draw; the reason is published."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the annulment."))
    with transaction.atomic():
        locked = LotteryDraw.objects.select_for_update().get(pk=draw.pk)
        if locked.annulled_at is not None:
            raise ValidationError(_("This draw has been annulled already."))
        _refuse_when_used(locked)
        locked.annulment_reason = reason.strip()
        locked.annulment_requested_by = actor
        locked.annulment_requested_at = timezone.now()
        locked.save(
            update_fields=[
                "annulment_reason",
                "annulment_requested_by",
                "annulment_requested_at",
            ]
        )
    return locked


def _refuse_when_used(draw):
    """Once buyers hold offers from a draw (or an assessment outcome rests on it), annulling
    it would take homes from people who were told they had them: that is for a court."""
    if (
        Offer.objects.filter(sales_round_id=draw.sales_round_id).exists()
        or AssessmentOutcome.objects.filter(draw=draw).exists()
    ):
        raise ValidationError(
            _("Offers or an assessment outcome rest on this draw; it can no longer be annulled.")
        )


def lottery_annul_approve(*, draw: LotteryDraw, actor) -> LotteryDraw:
    """The second person approves: the draw stays published, marked annulled, and the round's
    next reserve commitment comes into use. A new draw then needs a new freeze; never the old
    seed. Without a reserve left the round cannot be drawn again under the protocol.
    Side effect: the report of the annulled draw is rendered after commit."""
    with transaction.atomic():
        locked = LotteryDraw.objects.select_for_update().get(pk=draw.pk)
        if locked.annulled_at is not None:
            raise ValidationError(_("This draw has been annulled already."))
        if locked.annulment_requested_by_id is None:
            raise ValidationError(_("Nobody has asked for this annulment yet."))
        if locked.annulment_requested_by_id == actor.pk:
            raise ValidationError(_("A second person must approve the annulment."))
        _refuse_when_used(locked)
        now = timezone.now()
        locked.annulled_by = actor
        locked.annulled_at = now
        locked.save(update_fields=["annulled_by", "annulled_at"])
        LotteryCommitment.objects.filter(pk=locked.commitment_id).update(superseded_at=now)
        reserve = (
            LotteryCommitment.objects.select_for_update()
            .filter(
                sales_round=locked.sales_round_id,
                activated_at__isnull=True,
                superseded_at__isnull=True,
            )
            .order_by("sequence")
            .first()
        )
        if reserve is not None:
            reserve.activated_at = now
            reserve.save(update_fields=["activated_at"])
        reports.report_order(locked, annulled=True)
    return locked


def valid_draw(sales_round) -> LotteryDraw | None:
    return LotteryDraw.objects.filter(sales_round=sales_round, annulled_at__isnull=True).first()


def result_for(application: Application) -> dict | None:
    """The buyer's own result: position, the home allocated and reserve ranks, with the
    homes named by address (the record names them by reference)."""
    draw = valid_draw(application.sales_round)
    if draw is None:
        return None
    record = json.loads(draw.record)
    ref = application.reference
    position = next((o for o in record["order"] if o["ref"] == ref), None)
    if position is None:
        return {"in_draw": False}
    allocated = next((p for p, r in record["allocation"].items() if r == ref), None)
    reserves = {p: refs.index(ref) + 1 for p, refs in record["reserves"].items() if ref in refs}
    addresses = {
        home.reference: home.address
        for home in application.sales_round.properties.filter(reference__in=[allocated, *reserves])
    }
    return {
        "in_draw": True,
        "position": position["position"],
        "of": len(record["order"]),
        "allocated": addresses.get(allocated, allocated) if allocated else None,
        "allocated_reference": allocated,
        "reserves": {addresses.get(p, p): rank for p, rank in reserves.items()},
        "drawn_at": draw.drawn_at,
    }
