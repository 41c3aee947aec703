from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klushuis.organisations.colours import HEX_COLOUR


class Organisation(models.Model):
    """A municipality, an advisory bureau or a housing corporation."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        ADVISORY_BUREAU = "advisory_bureau", _("Advisory bureau")
        HOUSING_CORPORATION = "housing_corporation", _("Housing corporation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    primary_colour = models.CharField(
        _("house colour"),
        max_length=7,
        default="#1f4e79",
        validators=[RegexValidator(HEX_COLOUR, _("Enter a colour as #rrggbb."))],
        help_text=_("Used as background behind white text, so it must be dark enough."),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone number"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Mandate(models.Model):
    """An advisory bureau working for a municipality (or corporation) by mandate.

    Legally, what the bureau tells buyers counts as the municipality's own statement; the
    mandate is what lets bureau staff see and run that municipality's sales.
    """

    bureau = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mandates_held",
        limit_choices_to={"kind": Organisation.Kind.ADVISORY_BUREAU},
        verbose_name=_("advisory bureau"),
    )
    principal = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="mandates_given",
        limit_choices_to=~Q(kind=Organisation.Kind.ADVISORY_BUREAU),
        verbose_name=_("on behalf of"),
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["bureau__name", "principal__name"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "principal", "valid_from"], name="mandate_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="mandate_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.bureau} → {self.principal}"

    def clean(self):
        errors = {}
        if self.bureau_id and self.bureau.kind != Organisation.Kind.ADVISORY_BUREAU:
            errors["bureau"] = _("Only an advisory bureau can hold a mandate.")
        if self.principal_id and self.principal.kind == Organisation.Kind.ADVISORY_BUREAU:
            errors["principal"] = _("A mandate is given by a municipality or a corporation.")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day):
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
