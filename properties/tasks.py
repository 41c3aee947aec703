from io import BytesIO

from celery import shared_task
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from properties import mails
from properties.models import AlertSubscription, PropertyPhoto

THUMBNAIL_SIZE = (640, 480)


@shared_task
def make_photo_thumbnail(photo_id: int) -> None:
    """Resize a property photo for the catalogue; idempotent (skips a photo that has one)."""
    photo = PropertyPhoto.objects.filter(pk=photo_id).first()
    if photo is None or photo.thumbnail:
        return
    with photo.image.open("rb") as source, Image.open(source) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        width, height = image.size
        image.thumbnail(THUMBNAIL_SIZE)
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    name = f"thumb-{photo.pk}.jpg"
    photo.thumbnail.save(name, ContentFile(buffer.getvalue()), save=False)
    photo.width, photo.height = width, height
    photo.save(update_fields=["thumbnail", "width", "height"])


@shared_task
def send_alert_confirmation(subscription_id: int) -> None:
    subscription = AlertSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at is not None:
        return
    mails.send_alert_confirmation(subscription)


@shared_task
def send_round_opening_alerts() -> int:
    """Periodic sweep (beat, and `manage.py send_round_alerts`)."""
    # Not at the top: services queues these tasks (and imports this module), so a top-level
    # import here would make a cycle inside the app.
    from properties.services import round_opening_alerts_queue  # noqa: PLC0415

    return round_opening_alerts_queue()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_round_alert(round_id: int, subscription_id: int) -> None:
    # Not at the top: the same cycle with services as above.
    from properties.services import round_alert_send  # noqa: PLC0415

    round_alert_send(round_id=round_id, subscription_id=subscription_id)
