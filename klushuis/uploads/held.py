"""Held uploads: keep a file that passed the checks while its form is refused for another reason.

The rules, in one place:
- A file is held only after it passed the form's checks (type by content, size, and whatever
  the form's own clean method does to it), so a held file never needs checking again.
- A hold belongs to one user and one scope (the form it was uploaded in); its token is
  unguessable and is looked up together with both, so a token copied into another form or
  used by another account finds nothing.
- The saving step copies the held file into place through the model's own storage and then
  releases the hold; an abandoned hold expires after `HELD_UPLOAD_MAX_AGE` seconds and is
  deleted by the sweep (Celery beat `sweep-held-uploads`, `manage.py sweep_held_uploads`).
"""

from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from klushuis.uploads.checks import detect_type, safe_name
from klushuis.uploads.models import HeldUpload


def _max_age() -> timedelta:
    return timedelta(seconds=getattr(settings, "HELD_UPLOAD_MAX_AGE", 24 * 3600))


class HeldFile(File):
    """A held upload opened for reading, shaped like an uploaded file (name, size,
    content_type), so a service that stores uploads stores it the same way."""

    def __init__(self, held: HeldUpload):
        super().__init__(held.file.open("rb"), name=held.original_name)
        self.held = held
        self.content_type = held.content_type
        self.size = held.size


def held_upload_create(*, user, scope: str, upload) -> HeldUpload:
    """Hold an upload that passed its checks. Side effect: the file is written to the
    private storage under a generated name (never the uploader's file name)."""
    # The type read from the content, as the checks did; never the browser's claim.
    mime = detect_type(upload) or ""
    now = timezone.now()
    held = HeldUpload(
        user=user,
        scope=scope,
        original_name=(upload.name or "").rsplit("/", 1)[-1][:255],
        content_type=mime,
        size=upload.size,
        created_at=now,
        expires_at=now + _max_age(),
    )
    upload.seek(0)
    held.file.save(safe_name("held", upload.name or "", mime).split("/", 1)[1], upload, save=False)
    upload.seek(0)
    held.save()
    return held


def held_upload_get(*, token: str, user, scope: str) -> HeldUpload | None:
    """The live hold with this token for this user and scope, or None."""
    if not token or not getattr(user, "is_authenticated", False):
        return None
    return HeldUpload.objects.filter(
        token=token, user=user, scope=scope, expires_at__gt=timezone.now()
    ).first()


def held_upload_get_for_view(*, token: str, user) -> HeldUpload | None:
    """A live hold of this user (any scope): what the permission-checked view may serve."""
    if not token or not getattr(user, "is_authenticated", False):
        return None
    return HeldUpload.objects.filter(token=token, user=user, expires_at__gt=timezone.now()).first()


def held_upload_release(held: HeldUpload) -> None:
    """Delete a hold and its file, after the saving step stored its own copy. Side effect:
    the file is deleted once the surrounding transaction commits (a rollback keeps it)."""
    name = held.file.name
    storage = held.file.storage
    HeldUpload.objects.filter(pk=held.pk).delete()
    transaction.on_commit(lambda: storage.delete(name) if name else None)


def held_uploads_sweep(now=None) -> int:
    """Delete expired holds and their files; returns how many."""
    now = now or timezone.now()
    count = 0
    for held in HeldUpload.objects.filter(expires_at__lte=now).iterator():
        held.file.storage.delete(held.file.name)
        held.delete()
        count += 1
    return count
