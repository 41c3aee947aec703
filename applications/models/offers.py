"""Offers after the selection, the reserve lists they cascade through, and the public log.

An offer is a record of its own per application and home; the application's status only
summarises it. Whether an open offer has run out is derived from the clock when read
(`Offer.is_overdue`), and applied by `offers_expire_due` on read, by a periodic sweep and by a
management command, so the portal is right without a scheduler.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.offers import rules as offer_rules
from applications.offers.countries import country_name


class Offer(models.Model):
    class Status(models.TextChoices):
        OPEN = offer_rules.OPEN, _("Open")
        ACCEPTED = offer_rules.ACCEPTED, _("Accepted")
        DECLINED = offer_rules.DECLINED, _("Declined")
        EXPIRED = offer_rules.EXPIRED, _("Expired")
        WITHDRAWN = offer_rules.WITHDRAWN, _("Withdrawn")

    class Source(models.TextChoices):
        ALLOCATION = "allocation", _("Allocated in the selection")
        RESERVE = "reserve", _("From the reserve list")

    sales_round = models.ForeignKey(
        "properties.SalesRound",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("sales round"),
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("application"),
    )
    property = models.ForeignKey(
        "properties.Property",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("home"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reserve_rank = models.PositiveSmallIntegerField(_("reserve rank"), null=True, blank=True)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    respond_before = models.DateTimeField(_("respond before"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["sales_round", "made_at", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            # Whatever the code does, a home is never on offer to two buyers, and a buyer never
            # holds two open offers (one at a time) or two accepted homes.
            models.UniqueConstraint(
                fields=["property"],
                condition=models.Q(status__in=["open", "accepted"]),
                name="one_live_offer_per_home",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="open"),
                name="one_open_offer_per_application",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="accepted"),
                name="one_accepted_offer_per_application",
            ),
        ]
        indexes = [models.Index(fields=["status", "respond_before"])]
        permissions = [("manage_offers", _("Can make and withdraw offers"))]

    def __str__(self):
        return gettext("Offer of %(home)s to %(application)s (%(status)s)") % {
            "home": self.property,
            "application": self.application,
            "status": self.get_status_display().lower(),
        }

    def answer_by(self):
        """The last minute to answer, for people: "until 1 December, 23:59" reads better than
        the exclusive moment "before 2 December, 00:00" that is stored and compared. (A method:
        the field `property` hides the built-in decorator inside this class.)"""
        return self.respond_before - timedelta(minutes=1)

    def is_overdue(self, now=None) -> bool:
        return self.status == self.Status.OPEN and (now or timezone.now()) >= self.respond_before

    def shown_status(self, now=None) -> str:
        """The status as the buyer should see it: an open offer past its deadline has expired,
        even before the sweep has recorded it."""
        return self.Status.EXPIRED if self.is_overdue(now) else self.status

    def get_shown_status_display(self):
        return self.Status(self.shown_status()).label


class OfferStatusChange(models.Model):
    """Appended for every change of an offer's status (`offer_transition`): who, when, from,
    to, why. The public offer log says the same by reference only; this one is for staff."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="history", verbose_name=_("offer")
    )
    from_status = models.CharField(
        _("previous status"), max_length=10, choices=Offer.Status.choices
    )
    to_status = models.CharField(_("new status"), max_length=10, choices=Offer.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["offer", "at", "pk"]
        verbose_name = _("offer status change")
        verbose_name_plural = _("offer history")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ReservePlace(models.Model):
    """A candidate's place on one home's reserve list, in the selection's order."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered the home")
        REMOVED = "removed", _("Off the list")

    sales_round = models.ForeignKey(
        "properties.SalesRound",
        on_delete=models.PROTECT,
        related_name="reserve_places",
        verbose_name=_("sales round"),
    )
    property = models.ForeignKey(
        "properties.Property",
        on_delete=models.PROTECT,
        related_name="reserve_places",
        verbose_name=_("home"),
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="reserve_places",
        verbose_name=_("application"),
    )
    rank = models.PositiveIntegerField(_("rank"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        ordering = ["property", "rank"]
        verbose_name = _("reserve place")
        verbose_name_plural = _("reserve places")
        constraints = [
            models.UniqueConstraint(fields=["property", "rank"], name="reserve_rank_once"),
            models.UniqueConstraint(fields=["property", "application"], name="reserve_place_once"),
        ]

    def __str__(self):
        return gettext("Reserve %(rank)d for %(home)s: %(application)s") % {
            "rank": self.rank,
            "home": self.property,
            "application": self.application,
        }


class OfferLogEntry(models.Model):
    """The public offer log (LOTTERY.md section 4): appended, never edited, by reference only,
    so the cascade after the selection can be checked like the draw."""

    class Event(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")
        LEFT_LIST = "left_list", _("left the reserve list (accepted another home)")

    sales_round = models.ForeignKey(
        "properties.SalesRound",
        on_delete=models.PROTECT,
        related_name="offer_log",
        verbose_name=_("sales round"),
    )
    property = models.ForeignKey(
        "properties.Property", on_delete=models.PROTECT, related_name="+", verbose_name=_("home")
    )
    reference = models.CharField(_("application reference"), max_length=40)
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    # For "offered": the place on the reserve list it came from; empty for the allocation.
    reserve_rank = models.PositiveSmallIntegerField(_("reserve rank"), null=True, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["sales_round", "at", "pk"]
        verbose_name = _("offer log entry")
        verbose_name_plural = _("offer log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.property_id} {self.reference} {self.event}"


class DeedParty(models.Model):
    """What only the deed needs, asked when the offer is accepted (DOMAIN.md, "Application"):
    per buyer, place of birth, civil status and the address for the deed."""

    class CivilStatus(models.TextChoices):
        UNMARRIED = "unmarried", _("Unmarried, no registered partnership")
        MARRIED = "married", _("Married")
        PARTNERSHIP = "partnership", _("Registered partnership")
        DIVORCED = "divorced", _("Divorced")
        WIDOWED = "widowed", _("Widowed")

    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, related_name="deed_parties", verbose_name=_("offer")
    )
    applicant = models.ForeignKey(
        "applications.Applicant",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("buyer"),
    )
    place_of_birth = models.CharField(_("place of birth"), max_length=120)
    civil_status = models.CharField(_("civil status"), max_length=12, choices=CivilStatus.choices)
    # A Dutch address is checked as Dutch (applications/offers/forms.py); a buyer living
    # abroad gives the country and the address as it is written there.
    country = models.CharField(_("country"), max_length=2, default="NL")
    street_address = models.CharField(_("current address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("town or city"), max_length=120)

    class Meta:
        verbose_name = _("buyer's data for the deed")
        verbose_name_plural = _("buyers' data for the deed")
        constraints = [
            models.UniqueConstraint(fields=["offer", "applicant"], name="deed_party_once"),
        ]

    def __str__(self):
        return str(self.applicant)

    def address_text(self) -> str:
        """One line, with the country when it is not the Netherlands."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        text = f"{self.street_address}, {place}"
        if self.country and self.country != "NL":
            text = f"{text}, {country_name(self.country)}"
        return text
