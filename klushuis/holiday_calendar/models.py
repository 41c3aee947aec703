from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeDay(models.Model):
    """A day the government equated with a public holiday by decree (art. 3 lid 3 Algemene
    termijnenwet). It counts like a holiday in every statutory term the portal computes, such as
    the cooling-off period. Recorded by a platform administrator, with the decree as its source.
    """

    day = models.DateField(
        _("day"),
        unique=True,
        help_text=_(
            "The day the decree equates with a public holiday. From the next page that is "
            "opened it counts like a holiday in every statutory term, such as the buyer's "
            "cooling-off period."
        ),
    )
    decree = models.CharField(
        _("decree"),
        max_length=300,
        help_text=_(
            "The title of the decree as published, for example “Besluit gelijkstelling van "
            "2 januari 2026, 15 mei 2026, 7 mei 2027, 28 april 2028 en 26 mei 2028 met een "
            "algemeen erkende feestdag”."
        ),
    )
    publication = models.CharField(
        _("Staatscourant reference"),
        max_length=100,
        blank=True,
        help_text=_("Where the decree was published, for example “Stcrt. 2025, 12345”."),
    )
    url = models.URLField(_("link to the publication"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("decree day")
        verbose_name_plural = _("decree days")

    def __str__(self):
        return f"{self.day:%d-%m-%Y} ({self.decree})"
