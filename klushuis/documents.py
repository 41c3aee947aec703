"""Generated PDFs kept as records: the shape shared by contract versions and draw reports.

A document is recorded first ("pending", in the transaction of what it documents), rendered by
a Celery task after commit, and stored privately with its SHA-256; then it never changes. The
render runs outside any transaction (it takes a second or two of CPU); the file and the "done"
mark are written together under a row lock, so a worker killed at any point leaves the
document pending, never half done, and the sweep queues it again. After `MAX_ATTEMPTS` failed
renders it is marked failed and the sweep leaves it alone.

The apps keep what is theirs: the HTML, the file name, the task that queues a render, and
WeasyPrint itself (imported in one module only, `klushuis.pdf`), passed in as `make_pdf`.
"""

import hashlib
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A pending document younger than this is probably still being rendered by a worker.
RENDER_GRACE = timedelta(minutes=2)
MAX_ATTEMPTS = 5


def pdf_field(*, storage, upload_to: str) -> models.FileField:
    """The stored PDF of a rendered document (each app keeps its own storage and folder)."""
    return models.FileField(
        _("PDF"), storage=storage, upload_to=upload_to, blank=True, max_length=200
    )


class RenderedDocument(models.Model):
    """A PDF made from recorded data: its rendering state and, once done, its size, SHA-256
    and when it was made. A subclass adds `pdf = pdf_field(...)`, and its Meta extends this
    one's (`class Meta(RenderedDocument.Meta)`) to keep the sweep's index."""

    class Rendering(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    rendering = models.CharField(
        _("rendering"), max_length=10, choices=Rendering.choices, default=Rendering.PENDING
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        abstract = True
        # The sweep looks for pending documents older than the grace period.
        indexes = [models.Index(fields=["rendering", "created_at"])]


Document = TypeVar("Document", bound=RenderedDocument)


def document_render(
    model: type[Document],
    pk: int,
    *,
    make_pdf: Callable[[Document], bytes],
    filename: Callable[[Document], str],
    related: Iterable[str] = (),
    on_done: Callable[[Document], None] | None = None,
) -> Document | None:
    """Render a pending document and store it with its SHA-256. Idempotent: a document that
    is done (or being rendered by another worker) is left alone and None returned.

    `make_pdf` turns the document (loaded with `related`) into PDF bytes; an error it raises
    is recorded on the document and raised again, for the task to retry. `on_done` runs inside
    the transaction that stores the PDF (to defer what follows with `transaction.on_commit`).
    """
    with transaction.atomic():
        document = (
            model.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(*related)
            .filter(pk=pk, rendering=RenderedDocument.Rendering.PENDING)
            .first()
        )
        if document is None:
            return None
        document.attempts += 1
        document.save(update_fields=["attempts"])
    try:
        pdf = make_pdf(document)
    except Exception as error:  # recorded, and retried by the task and the sweep
        failed = document.attempts >= MAX_ATTEMPTS
        model.objects.filter(pk=document.pk).update(
            error=repr(error)[:2000],
            rendering=(
                RenderedDocument.Rendering.FAILED if failed else RenderedDocument.Rendering.PENDING
            ),
        )
        raise
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=document.pk)
        if locked.rendering != RenderedDocument.Rendering.PENDING:
            return None  # another worker finished first; its PDF stands
        locked.pdf.save(filename(document), ContentFile(pdf), save=False)
        locked.sha256 = hashlib.sha256(pdf).hexdigest()
        locked.size = len(pdf)
        locked.rendering = RenderedDocument.Rendering.DONE
        locked.rendered_at = timezone.now()
        locked.error = ""
        locked.save(update_fields=["pdf", "sha256", "size", "rendering", "rendered_at", "error"])
        if on_done is not None:
            on_done(locked)
    return locked


def documents_render_pending(
    model: type[RenderedDocument],
    queue: Callable[[int], None],
    *,
    now: datetime | None = None,
    grace: timedelta = RENDER_GRACE,
) -> int:
    """The sweep: queue every document left pending past the grace period (a worker died, the
    broker lost the message) that has attempts left. Returns how many were queued."""
    now = now or timezone.now()
    stale = model.objects.filter(
        rendering=RenderedDocument.Rendering.PENDING,
        created_at__lte=now - grace,
        attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", flat=True)
    count = 0
    for pk in stale:
        queue(pk)
        count += 1
    return count


def document_retry(model: type[Document], pk: int) -> bool:
    """Give a failed document its attempts back, so the next render (and the sweep) tries it
    again, e.g. after a missing font was installed. Returns whether it was failed."""
    return bool(
        model.objects.filter(pk=pk, rendering=RenderedDocument.Rendering.FAILED).update(
            rendering=RenderedDocument.Rendering.PENDING, attempts=0, error=""
        )
    )
