"""Visitors who asked to be told when a sales round opens, and the alerts sent to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from properties.models.rounds import SalesRound


class AlertSubscription(models.Model):
    """A visitor who wants an e-mail when a new sales round opens (double opt-in)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default="nl", verbose_name=_("language")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("subscribed at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("round alert subscription")
        verbose_name_plural = _("round alert subscriptions")

    def __str__(self):
        return self.email


class AlertDelivery(models.Model):
    """One alert e-mail per subscriber per round: recorded first, so a retried task or a
    second sweep never mails anybody twice."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, verbose_name=_("alert subscription")
    )
    sales_round = models.ForeignKey(
        SalesRound, on_delete=models.CASCADE, verbose_name=_("sales round")
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "sales_round"], name="alert_once_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.subscription_id} / {self.sales_round_id}"
