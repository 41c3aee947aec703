from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessage(models.Model):
    """A task to hand to the broker, recorded in the transaction of the change it follows."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "outbox message"
        indexes = [
            models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="outbox_pending")
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
