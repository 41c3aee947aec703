from celery import shared_task

from klushuis.uploads.held import held_uploads_sweep


@shared_task
def sweep_held_uploads() -> int:
    """Delete held uploads past their expiry (idempotent: a second run finds none)."""
    return held_uploads_sweep()
