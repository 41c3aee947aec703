"""Applying retention: what is due is removed for real (rows and files, private storage
included), leaving a tombstone with the reference and counts only.

- **Idempotent**: an item already removed is skipped (its erase finds no row); a tombstone is
  written once per record (a unique constraint).
- **Resumable**: items are removed in transactions of a hundred; a crash loses at most the
  chunk in hand, whose items are still due at the next run. Files are recorded as
  `PendingFileRemoval` in that same transaction and removed after the commit, so a crash
  between the two leaves the record for the next run (`pending_files_remove`).
- **Safe while the portal serves**: each erase locks its row and checks again, under the lock,
  that it is still due (a buyer who reopened a draft a second ago keeps it); a row another
  request holds is skipped for this run.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klushuis.privacy import registry, rules
from klushuis.privacy.models import (
    AccessLogEntry,
    DestructionList,
    DestructionListChange,
    ErasureTombstone,
    PendingFileRemoval,
    RetentionPolicy,
)

log = logging.getLogger(__name__)

RETENTION, BUYER_REQUEST, DESTRUCTION_LIST = "retention", "buyer_request", "destruction_list"
CHUNK = 100  # items removed per transaction


# --- Settings ---------------------------------------------------------------------------------


class Policies:
    """Each municipality's retention, read once per run (the defaults without a row)."""

    def __init__(self):
        self._by_id = {p.organisation_id: p.as_rules() for p in RetentionPolicy.objects.all()}

    def __call__(self, organisation_id: int | None) -> rules.Retention:
        return self._by_id.get(organisation_id, rules.DEFAULTS)


def retention_for(organisation_id: int | None) -> rules.Retention:
    policy = RetentionPolicy.objects.filter(organisation_id=organisation_id).first()
    return policy.as_rules() if policy else rules.DEFAULTS


# --- Files ------------------------------------------------------------------------------------


def _field_label(f) -> str:
    """ "app_label.Model.field": the field's own storage finds the file again after a crash."""
    return f"{f.field.model._meta.label}.{f.field.name}"


def _storage_of(label: str):
    model, _dot, field_name = label.rpartition(".")
    return apps.get_model(model)._meta.get_field(field_name).storage


def files_forget(*fields) -> int:
    """Record the files of rows being removed (call inside the removing transaction): they are
    deleted after the commit, or by the next run after a crash. Returns how many."""
    present = [f for f in fields if f and f.name]
    if not present:
        return 0
    rows = PendingFileRemoval.objects.bulk_create(
        [PendingFileRemoval(storage=_field_label(f), name=f.name) for f in present]
    )
    pending = [(row.pk, f.storage, f.name) for row, f in zip(rows, present, strict=True)]

    def remove():
        for _pk, storage, name in pending:
            storage.delete(name)
        PendingFileRemoval.objects.filter(pk__in=[pk for pk, _s, _n in pending]).delete()

    transaction.on_commit(remove)
    return len(pending)


def pending_files_remove() -> int:
    """Remove the files a crashed run recorded but did not delete. Idempotent."""
    done = 0
    for row in PendingFileRemoval.objects.order_by("pk").iterator():
        _storage_of(row.storage).delete(row.name)  # deleting a missing file is no error
        row.delete()
        done += 1
    return done


# --- Retention --------------------------------------------------------------------------------


@dataclass
class RetentionReport:
    today: date
    dry_run: bool
    due: dict[str, list[str]] = field(default_factory=dict)  # category -> references
    removed: dict[str, int] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # no longer due, or in use
    access_log_removed: int = 0
    destroyed: int = 0  # records on approved destruction lists
    files_removed: int = 0

    def lines(self) -> list[str]:
        out = []
        for key in sorted(set(self.due) | set(self.removed)):
            out.append(
                f"{key}: due {len(self.due.get(key, []))}, removed {self.removed.get(key, 0)}, "
                f"kept under a legal duty {self.held.get(key, 0)}, "
                f"skipped {self.skipped.get(key, 0)}"
            )
        out.append(f"access log entries removed: {self.access_log_removed}")
        out.append(f"records destroyed on approved destruction lists: {self.destroyed}")
        return out


def erase_one(category: registry.Category, item: registry.DueItem, *, reason: str) -> bool:
    """Remove one item and write its tombstone, in one transaction. False when it was no
    longer there or no longer due (another request changed it, or an earlier run removed it).
    """
    with transaction.atomic():
        counts = category.erase(item)
        if counts is None:
            return False
        ErasureTombstone.objects.get_or_create(
            category=category.key,
            reference=item.reference,
            defaults={
                "organisation_id": item.organisation_id,
                "context": counts.pop("context", ""),
                "counts": counts,
                "reason": reason,
            },
        )
    return True


def _erase_chunk(category, items, *, reason) -> int:
    """Remove a chunk with the category's set-based eraser and write the tombstones at once."""
    by_key = {item.key: item for item in items}
    removed = category.erase_many(items)
    ErasureTombstone.objects.bulk_create(
        [
            ErasureTombstone(
                category=category.key,
                reference=by_key[key].reference,
                organisation_id=by_key[key].organisation_id,
                context=counts.pop("context", ""),
                counts=counts,
                reason=reason,
            )
            for key, counts in removed.items()
        ],
        ignore_conflicts=True,
    )
    return len(removed)


def retention_apply(*, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Remove what is due on `today` in every registered category, and old access log entries.

    Side effects (not in a dry run): rows removed, tombstones written, files deleted after each
    commit, inactive accounts warned by mail (a task per account id, after commit).
    """
    today = today or timezone.localdate()
    report = RetentionReport(today=today, dry_run=dry_run)
    if not dry_run:
        report.files_removed += pending_files_remove()
    policies = Policies()
    for category in registry.categories():
        if category.due is None or category.erase is None:
            continue
        items = list(category.due(policies, today))
        held = registry.LEGAL_HOLDS.held(category.key, {i.key for i in items})
        report.due[category.key] = [i.reference for i in items if i.key not in held]
        report.held[category.key] = len(held)
        if dry_run:
            continue
        removed = skipped = 0
        todo = [item for item in items if item.key not in held]
        # A transaction per chunk (a savepoint per item): a crash loses at most the chunk in
        # hand, whose items are still due at the next run; the locks last one chunk.
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            with transaction.atomic():
                if category.erase_many is not None:
                    done = _erase_chunk(category, chunk, reason=RETENTION)
                else:
                    done = sum(erase_one(category, item, reason=RETENTION) for item in chunk)
            removed += done
            skipped += len(chunk) - done
        report.removed[category.key], report.skipped[category.key] = removed, skipped
    report.access_log_removed = access_log_expire(policies, today, dry_run=dry_run)
    if not dry_run:
        for approved in DestructionList.objects.filter(status=rules.LIST_APPROVED):
            report.destroyed += destruction_list_carry_out(approved)
        report.files_removed += pending_files_remove()
    # Counts and category names only: a log line never names a buyer.
    log.info("retention %s: %s", "dry run" if dry_run else "applied", "; ".join(report.lines()))
    return report


def access_log_expire(policies, today: date, *, dry_run: bool = False) -> int:
    """The access log's own retention, per municipality (the defaults for unscoped entries)."""
    total = 0
    organisation_ids = set(AccessLogEntry.objects.values_list("organisation_id", flat=True))
    for organisation_id in organisation_ids:
        cutoff = rules.access_log_cutoff(policies(organisation_id), today)
        moment = timezone.make_aware(
            timezone.datetime.combine(cutoff, timezone.datetime.min.time())
        )
        due = AccessLogEntry.objects.filter(organisation_id=organisation_id, at__lt=moment)
        total += due.count() if dry_run else due.delete()[0]
    return total


# --- The privacy statement -------------------------------------------------------------------


def statement_rows(retention: rules.Retention) -> list[dict]:
    """One row per category of personal data, as the code and these settings handle it."""
    return [
        {
            "key": c.key,
            "label": c.label,
            "purpose": c.purpose,
            "legal_basis": c.legal_basis,
            "recipients": c.recipients,
            "retention": c.retention_text(retention),
        }
        for c in registry.categories()
    ]


# --- A buyer's own data -----------------------------------------------------------------------


def my_data_export(user) -> list[registry.ExportSection]:
    sections = []
    for category in registry.categories():
        if category.export is not None:
            sections.extend(category.export(user))
    return sections


def my_data_kept(user) -> list[str]:
    """What stays after a deletion request, each with why (a legal duty)."""
    kept = []
    for category in registry.categories():
        if category.kept_for_user is not None:
            kept.extend(category.kept_for_user(user))
    return kept


def my_data_erase(user) -> dict:
    """A buyer's deletion request (AVG art. 17): everything not under a legal duty goes now,
    the account last. Side effects: rows and files removed, tombstones written, the account
    removed (or, when a legal duty keeps records that name it, closed and stripped).
    Returns counts per category and what is kept with the reasons."""
    kept = my_data_kept(user)
    counts = {}
    with transaction.atomic():
        for category in registry.categories():
            if category.erase_for_user is not None:
                counts[category.key] = category.erase_for_user(user)
    pending_files_remove()
    return {"removed": counts, "kept": kept}


# --- Destruction lists ------------------------------------------------------------------------


def destruction_list_propose(*, organisation, category_key: str, actor, today=None):
    """Propose a list of the municipality's records in `category_key` whose terms have run.
    Nothing is destroyed: an authorised person other than `actor` approves it first.
    Returns None when nothing is due."""
    today = today or timezone.localdate()
    category = registry.category(category_key)
    items = category.destruction_list(retention_for(organisation.pk), today, organisation.pk)
    if not items:
        return None
    return DestructionList.objects.create(
        organisation=organisation, category=category_key, items=items, proposed_by=actor
    )


def destruction_list_transition(*, destruction_list, to: str, actor, reason: str = ""):
    """The one write path of a destruction list's status (rules.LIST_TRANSITIONS): approve or
    reject (an authorised person, not the proposer, with `privacy.approve_destructionlist`),
    carry out (the system, which destroys each record and writes its tombstone). The list and
    its history are kept. Side effects: on carrying out, records and files destroyed."""
    with transaction.atomic():
        locked = DestructionList.objects.select_for_update().get(pk=destruction_list.pk)
        capacity = rules.SYSTEM if actor is None else rules.AUTHORISED
        if not rules.list_move_allowed(locked.status, to, capacity):
            raise ValidationError(_("This destruction list cannot make that move."), code="move")
        if capacity == rules.AUTHORISED:
            if not actor.has_perm("privacy.approve_destructionlist"):
                raise PermissionDenied
            if not rules.approver_may_decide(
                proposer_id=locked.proposed_by_id, approver_id=actor.pk
            ):
                raise ValidationError(
                    _("Whoever proposed a destruction list does not decide on it."),
                    code="four_eyes",
                )
            if not reason.strip():
                raise ValidationError(_("Give a reason."), code="reason")
        DestructionListChange.objects.create(
            destruction_list=locked,
            from_status=locked.status,
            to_status=to,
            actor=actor,
            reason=reason,
        )
        DestructionList.objects.filter(pk=locked.pk).update(status=to)
        locked.status = to
    return locked


def destruction_list_carry_out(destruction_list) -> int:
    """Destroy what an approved list names, then mark it carried out. Resumable: each record
    goes in its own transaction and a destroyed one is skipped."""
    if destruction_list.status != rules.LIST_APPROVED:
        raise ValidationError(_("Only an approved destruction list is carried out."))
    category = registry.category(destruction_list.category)
    done = 0
    for entry in destruction_list.items:
        item = registry.DueItem(
            key=entry["key"],
            reference=entry["reference"],
            organisation_id=destruction_list.organisation_id,
        )
        with transaction.atomic():
            counts = category.destroy(entry)
            if counts is None:
                continue
            ErasureTombstone.objects.get_or_create(
                category=category.key,
                reference=item.reference,
                defaults={
                    "organisation_id": item.organisation_id,
                    "counts": counts,
                    "reason": DESTRUCTION_LIST,
                    "context": f"destruction list {destruction_list.pk}",
                },
            )
            done += 1
    pending_files_remove()
    destruction_list_transition(
        destruction_list=destruction_list, to=rules.LIST_CARRIED_OUT, actor=None
    )
    return done
