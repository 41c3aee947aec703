"""Every write to applications goes through here.

`application_transition` is the only code that changes an application's status: it locks the
row, checks the transition table, appends a history row and defers notifications until commit.
"""

import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Lookup, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import rules, tasks
from applications.extensions import APPLICATIONS_REJECTED
from applications.models import (
    Applicant,
    Application,
    Note,
    Preference,
    RenovationPlan,
    StatusChange,
)
from applications.selectors import application_problems, eligibility_findings
from klushuis import outbox
from klushuis.uploads import PDF, pdf_store, safe_name
from properties.rules import ROUND_OPEN

# Statuses that turn an application down: a layer above issues the rejection letter
# (`APPLICATIONS_REJECTED`).
REJECTED = {rules.NOT_SELECTED, rules.INELIGIBLE}

# Statuses the buyer is told about by e-mail.
NOTIFY = {
    rules.SUBMITTED,
    rules.ELIGIBLE,
    rules.INELIGIBLE,
    rules.WITHDRAWN,
}


class WindowClosed(ValidationError):
    """The application window is not open: nothing may be submitted or changed."""


def _require_open_window(application):
    """Deadlines are enforced here, on the server's clock, whatever the page showed."""
    sales_round = application.sales_round
    if sales_round.phase() != ROUND_OPEN:
        raise WindowClosed(
            _(
                "Applications for this round are only accepted from %(opens)s to %(closes)s. "
                "Nothing was changed."
            )
            % {
                "opens": timezone.localtime(sales_round.opens_at).strftime("%d-%m-%Y %H:%M"),
                "closes": timezone.localtime(sales_round.closes_at).strftime("%d-%m-%Y %H:%M"),
            },
            code="window_closed",
        )


def _capacities(application: Application, to: str, actor) -> set[str]:
    """What the actor is for this move: the code itself (no actor), the application's own
    buyer, and/or staff holding the permission the table names for it."""
    if actor is None or not getattr(actor, "pk", None):
        return {rules.SYSTEM}
    found = set()
    if actor.pk == application.user_id:
        found.add(rules.BUYER)
    permission = rules.STAFF_PERMISSIONS.get((application.status, to))
    if permission and actor.is_active and actor.is_staff and actor.has_perm(permission):
        found.add(rules.STAFF)
    return found


def _check_move(application: Application, to: str, actor) -> None:
    """Refuse a move the table does not have, or one this actor may not make."""
    labels = {
        "from": Application.Status(application.status).label,
        "to": Application.Status(to).label,
    }
    if not rules.transition_allowed(application.status, to):
        raise ValidationError(
            _("An application cannot go from %(from)s to %(to)s.") % labels, code="transition"
        )
    if not rules.who_may(application.status, to) & _capacities(application, to, actor):
        raise ValidationError(
            _("You may not move this application from %(from)s to %(to)s.") % labels,
            code="actor",
        )


def application_transition(
    *,
    application: Application,
    to: str,
    actor,
    reason: str = "",
    findings=None,
    locked: bool = False,
) -> Application:
    """Move an application to status `to`.

    Side effects: a history row; after commit, an e-mail to the buyer for the statuses in
    NOTIFY. Raises ValidationError for a transition the table does not allow.

    `locked=True` says the caller read `application` with `select_for_update` in the
    transaction it is still in: the row is used as it is, without reading and locking it again
    in a savepoint of its own (a submit at the deadline saves three statements that way). A
    failure then rolls back the caller's whole transaction.
    """
    if locked and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked=True needs the transaction that holds the row lock")
    with transaction.atomic(savepoint=not locked):
        row = (
            application
            if locked
            else Application.objects.select_for_update().get(pk=application.pk)
        )
        _check_move(row, to, actor)
        StatusChange.objects.create(
            application=row,
            from_status=row.status,
            to_status=to,
            actor=actor if getattr(actor, "pk", None) else None,
            reason=reason,
            findings=findings or [],
        )
        row.status = to
        row.updated_at = timezone.now()
        fields = ["status", "updated_at"]
        if to == rules.SUBMITTED:
            row.submitted_at = row.updated_at
            fields.append("submitted_at")
        row.save(update_fields=fields)
        if to in REJECTED:
            APPLICATIONS_REJECTED.run(application_ids=[row.pk])
        if to in NOTIFY:
            outbox.send(tasks.send_status_email, row.pk, to)
    application.status = row.status
    application.submitted_at = row.submitted_at
    return row


class _InArray(Lookup):
    """`column = ANY(%s::bigint[])`: a list of ids as one PostgreSQL array parameter.

    `pk__in` writes one placeholder per id: for the freeze's 100,000 ids, Django prepares and
    psycopg quotes each value in Python (seconds per statement) and PostgreSQL parses 100,000
    constants. Used directly as a filter expression, not registered on any field.
    """

    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*params, [int(pk) for pk in self.rhs]]


def ids_in(field: str, ids: list[int]) -> Q | Lookup:
    """A filter on `field IN ids` that costs about the same for 10 ids or 100,000 (on
    PostgreSQL; see `_InArray`). Use it as `.filter(ids_in("pk", ids))`."""
    if connection.vendor == "postgresql":
        return _InArray(F(field), ids)
    return Q(**{f"{field}__in": ids})


def application_transition_many(*, ids: list[int], to: str, reason: str) -> int:
    """The same move for many applications at once, by the system (the lottery's freeze).

    Same table, same history rows, one statement each instead of one per application: a
    freeze of 100,000 entries must not take minutes. No e-mails (NOTIFY has no system moves).
    Returns the number moved; raises if any row is not allowed to make the move.
    """
    if to in NOTIFY:
        raise ValueError("moves that notify the buyer go through application_transition")
    with transaction.atomic():
        rows = list(
            Application.objects.select_for_update()
            .filter(ids_in("pk", ids))
            .values_list("pk", "status")
            .order_by("pk")
        )
        # Moves of many at once are the system's own (the freeze, the offers from a selection).
        refused = [pk for pk, status in rows if rules.SYSTEM not in rules.who_may(status, to)]
        if refused:
            raise ValidationError(
                ngettext(
                    "%(count)d application cannot make this move.",
                    "%(count)d applications cannot make this move.",
                    len(refused),
                )
                % {"count": len(refused)}
            )
        now = timezone.now()
        _history_many(rows, to=to, reason=reason, at=now)
        # The one bulk status write in the code base, next to the single-row one above.
        Application.objects.filter(ids_in("pk", [pk for pk, _status in rows])).update(
            status=to, updated_at=now
        )
        if to in REJECTED:
            APPLICATIONS_REJECTED.run(application_ids=[pk for pk, _status in rows])
    return len(rows)


def _history_many(rows: list[tuple[int, str]], *, to: str, reason: str, at) -> None:
    """A history row per (pk, status) of locked rows, as StatusChange(...) would have them.

    On PostgreSQL one INSERT ... SELECT from those rows (locked, so their status is the one
    read): building 100,000 model instances and their parameters took longer in Python than
    the database took to write them. Elsewhere (SQLite: tests, development) bulk_create.
    Both give the same rows, in the order of the applications' pks (tested).
    """
    if connection.vendor != "postgresql":
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    application_id=pk, from_status=status, to_status=to, reason=reason, at=at
                )
                for pk, status in rows
            ],
            batch_size=5000,
        )
        return
    quote = connection.ops.quote_name
    history, application = StatusChange._meta, Application._meta
    columns = ", ".join(
        quote(history.get_field(name).column)
        for name in ("application", "from_status", "to_status", "reason", "findings", "at")
    )
    pk_column = quote(application.pk.column)
    status_column = quote(application.get_field("status").column)
    # findings: the field's default (an empty list), stored as bulk_create stores it.
    findings = json.dumps(history.get_field("findings").get_default())
    with connection.cursor() as cursor:
        cursor.execute(
            # Table and column names from the models, every value a parameter.
            f"INSERT INTO {quote(history.db_table)} ({columns}) "  # noqa: S608
            f"SELECT {pk_column}, {status_column}, %s, %s, %s::jsonb, %s "
            f"FROM {quote(application.db_table)} "
            f"WHERE {pk_column} = ANY(%s::bigint[]) ORDER BY {pk_column}",
            [to, str(reason), findings, at, [pk for pk, _status in rows]],
        )


def application_start(*, user, sales_round) -> Application:
    """The user's application for this round: the existing one, or a new draft.

    Two tabs or a double click cannot make two: the database allows one per user and round,
    and the loser of a race reads the winner's row.
    """
    existing = Application.objects.filter(sales_round=sales_round, user=user).first()
    if existing is not None:
        return existing
    if sales_round.phase() != ROUND_OPEN:
        raise WindowClosed(
            _("The application window of this round is not open."), code="window_closed"
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                sales_round=sales_round,
                user=user,
                fee_status=(
                    Application.Fee.DUE
                    if sales_round.registration_fee
                    else Application.Fee.NOT_APPLICABLE
                ),
            )
    except IntegrityError:
        return Application.objects.get(sales_round=sales_round, user=user)
    return application


def _editable(application: Application | None = None, **lookup) -> Application:
    """Lock the application (or the one `lookup` finds) for a change by its buyer, refusing
    when it cannot change. Only the application's row is locked, not its round's: every buyer
    of a round changes and submits at the same time."""
    rows = Application.objects.select_for_update(of=("self",)).select_related("sales_round")
    locked = rows.get(pk=application.pk) if application is not None else rows.get(**lookup)
    if not locked.editable:
        raise ValidationError(
            _("This application can no longer be changed (status: %(status)s).")
            % {"status": locked.get_status_display()},
            code="not_editable",
        )
    _require_open_window(locked)
    return locked


def application_save_applicants(*, application: Application, main: dict, co: dict | None):
    with transaction.atomic():
        locked = _editable(application)
        Applicant.objects.update_or_create(
            application=locked, role=Applicant.Role.MAIN, defaults=main
        )
        if co:
            Applicant.objects.update_or_create(
                application=locked, role=Applicant.Role.CO, defaults=co
            )
        else:
            Applicant.objects.filter(application=locked, role=Applicant.Role.CO).delete()
        _touch(locked)


def application_save_fields(*, application: Application, fields: dict, files: dict | None = None):
    """Save plain answers (household, financing, declarations) of an editable application."""
    with transaction.atomic():
        locked = _editable(application)
        for name, value in fields.items():
            setattr(locked, name, value)
        for name, upload in (files or {}).items():
            if upload:
                pdf_store(locked, name, upload, _stored_name(upload))
        locked.updated_at = timezone.now()
        locked.save()


def application_save_preferences(*, application: Application, properties: list):
    """Replace the ranked list. Plans of homes that stay on the list are kept."""
    with transaction.atomic():
        locked = _editable(application)
        allowed = set(locked.sales_round.properties.values_list("pk", flat=True))
        if any(p.pk not in allowed for p in properties):
            raise ValidationError(_("Choose homes from this sales round."), code="not_in_round")
        maximum = locked.sales_round.max_preferences
        if len(properties) > maximum:
            raise ValidationError(
                ngettext("Choose at most %(max)d home.", "Choose at most %(max)d homes.", maximum)
                % {"max": maximum}
            )
        keep = {p.pk for p in properties}
        locked.preferences.exclude(property_id__in=keep).delete()
        existing = {pref.property_id: pref for pref in locked.preferences.all()}
        # Ranks are unique: move the kept ones out of the way before renumbering.
        for offset, pref in enumerate(existing.values(), start=1000):
            pref.rank = offset
            pref.save(update_fields=["rank"])
        for rank, prop in enumerate(properties, start=1):
            pref = existing.get(prop.pk)
            if pref is None:
                Preference.objects.create(application=locked, property=prop, rank=rank)
            else:
                pref.rank = rank
                pref.save(update_fields=["rank"])
        _touch(locked)


def application_save_plan(*, preference: Preference, fields: dict, drawings=None):
    with transaction.atomic():
        _editable(preference.application)
        plan = RenovationPlan.objects.filter(preference=preference).first() or RenovationPlan(
            preference=preference
        )
        for name, value in fields.items():
            setattr(plan, name, value)
        if drawings:
            pdf_store(plan, "drawings", drawings, _stored_name(drawings))
        plan.save()
        _touch(preference.application)


def _stored_name(upload) -> str:
    # Never the uploader's file name: it may carry personal data or path tricks.
    return safe_name("upload", upload.name, PDF).split("/", 1)[1]


def _touch(application):
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())


def _unchanged_since_submitted(locked: Application) -> bool:
    """Nothing was changed by the buyer since the submission, and every chosen home still has
    the figures the buyer saw then."""
    if locked.submitted_at is None or locked.updated_at > locked.submitted_at:
        return False
    return all(
        seen == current
        for seen, current in locked.preferences.values_list(
            "figures_seen_id", "property__current_figures_id"
        )
    )


def application_submit(*, application: Application, actor) -> Application:
    """Submit a complete application while the window is open.

    Records which version of each home's figures the buyer saw, marks the homes that the
    financing does not cover (they drop out of the preferences), and moves the application to
    submitted. Side effects: the confirmation e-mail after commit (see application_transition).
    """
    with transaction.atomic():
        result = _submit(_editable(application), actor=actor)
    application.status, application.submitted_at = result.status, result.submitted_at
    return result


def application_submit_own(*, reference: str, user) -> Application:
    """The buyer's submit button: `application_submit` for the buyer's own application, found
    by its reference under the lock, so that the request reads it once (at the deadline
    every query counts). Raises Application.DoesNotExist for anyone else's reference."""
    with transaction.atomic():
        return _submit(_editable(reference=reference, user=user), actor=user)


def _submit(locked: Application, *, actor) -> Application:
    """The submission of an application locked (and found editable) by the caller."""
    if locked.status == rules.SUBMITTED and _unchanged_since_submitted(locked):
        # The second click of a double click (it waited for the first on the row lock):
        # nothing to check or record again.
        return locked
    # The completeness checks, the eligibility findings and the figures below all read
    # the applicants and the homes: read once, under the lock (three times before, and a
    # query per renovation plan; a burst of submissions at the deadline is mostly this).
    prefetch_related_objects(
        [locked],
        "applicants",
        Prefetch(
            "preferences",
            queryset=Preference.objects.select_related(
                "property", "property__current_figures", "plan"
            ).order_by("rank"),
        ),
    )
    problems = application_problems(locked)
    if problems:
        raise ValidationError(problems, code="incomplete")
    findings = eligibility_findings(locked)
    uncovered = {
        f.params["ref"] for f in findings if f.code == "financing_covers_home" and not f.ok
    }
    changed = []
    for pref in locked.preferences.all():
        seen = (pref.property.current_figures_id, pref.property.reference not in uncovered)
        if (pref.figures_seen_id, pref.covered) != seen:
            pref.figures_seen_id, pref.covered = seen
            changed.append(pref)
    Preference.objects.bulk_update(changed, ["figures_seen", "covered"])
    if locked.status == rules.SUBMITTED:
        # A second click, or a change after submitting: still one submission.
        _touch(locked)
        return locked
    return application_transition(
        application=locked,
        to=rules.SUBMITTED,
        actor=actor,
        findings=[f.as_json() for f in findings],
        locked=True,
    )


def application_withdraw(*, application: Application, actor) -> Application:
    """Withdraw. Not after accepting an offer: that ends a sale, which the sale's owner does
    (`contracts.services.sale_withdraw`, from the buyer's page); nor once the agreement was
    sent, which only dissolving it ends."""
    if application.status == rules.ACCEPTED:
        raise ValidationError(
            _(
                "You have accepted a home: withdrawing now also ends the sale. Do that from "
                "your application's page, under the purchase agreement."
            ),
            code="sale",
        )
    if application.status == rules.CONTRACTED:
        # The agreement binds both parties now: only dissolving it ends the application.
        raise ValidationError(
            _(
                "Your purchase agreement has been sent: dissolve it within the cooling-off "
                "period, or contact the municipality."
            ),
            code="contracted",
        )
    return application_transition(application=application, to=rules.WITHDRAWN, actor=actor)


def application_reopen(*, application: Application, actor) -> Application:
    """A withdrawn application back to draft, while the window is still open."""
    _require_open_window(application)
    return application_transition(application=application, to=rules.DRAFT, actor=actor)


def application_decide(*, application: Application, eligible: bool, reason: str, actor):
    """Staff decide eligibility with a reason the buyer will read; the automatic findings at
    that moment are kept with the decision."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."), code="reason")
    findings = eligibility_findings(application)
    return application_transition(
        application=application,
        to=rules.ELIGIBLE if eligible else rules.INELIGIBLE,
        actor=actor,
        reason=reason.strip(),
        findings=[f.as_json() for f in findings],
    )


def note_add(*, application: Application, author, text: str) -> Note:
    return Note.objects.create(application=application, author=author, text=text)
