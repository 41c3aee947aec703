"""The access log, the retention settings per municipality, the tombstones of what retention
removed, the files still to remove, and the destruction lists for municipal records."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klushuis.privacy import rules


class AccessLogEntry(models.Model):
    """One reading of personal data by someone other than the person it is about.

    Appended by `klushuis.privacy.accesslog.access_record`, never changed; removed only by
    retention (`RetentionPolicy.access_log_months`). It names the record by its reference, so
    the log itself holds no buyer's personal data.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        DOWNLOAD = "download", _("downloaded")
        EXPORT = "export", _("exported")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept apart from the account, which may be removed before the entry is.
    user_label = models.CharField(_("account"), max_length=254)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whose data (municipality)"),
    )
    action = models.CharField(_("what was done"), max_length=20, choices=Action.choices)
    what = models.CharField(_("what was read"), max_length=100)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    detail = models.JSONField(_("filter and row count"), default=dict, blank=True)
    client_ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    path = models.CharField(_("address on the portal"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("who read personal data (access log)")

    def __str__(self):
        return f"{self.user_label} {self.get_action_display()} {self.what} {self.reference}"


class RetentionPolicy(models.Model):
    """How long one municipality keeps each category (it is the controller of its sales).

    Without a row the defaults of `rules.DEFAULTS` apply, which docs/privacy.md cites.
    """

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="retention_policy",
        limit_choices_to={"kind": "municipality"},
        verbose_name=_("municipality"),
    )
    unsuccessful_months = models.PositiveSmallIntegerField(
        _("unsuccessful applications: months after the allocation is final"),
        default=rules.DEFAULTS.unsuccessful_months,
    )
    objection_weeks = models.PositiveSmallIntegerField(
        _("objection period in weeks"), default=rules.DEFAULTS.objection_weeks
    )
    draft_inactive_months = models.PositiveSmallIntegerField(
        _("drafts never submitted: months without activity"),
        default=rules.DEFAULTS.draft_inactive_months,
    )
    account_inactive_years = models.PositiveSmallIntegerField(
        _("accounts: years without a login"), default=rules.DEFAULTS.account_inactive_years
    )
    account_warning_days = models.PositiveSmallIntegerField(
        _("accounts: days between the warning mail and removal"),
        default=rules.DEFAULTS.account_warning_days,
    )
    access_log_months = models.PositiveSmallIntegerField(
        _("access log: months"), default=rules.DEFAULTS.access_log_months
    )
    contract_years_after_release = models.PositiveSmallIntegerField(
        _("contract files: years after release before destruction may be proposed"),
        default=rules.DEFAULTS.contract_years_after_release,
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self):
        return str(self.organisation)

    def as_rules(self) -> rules.Retention:
        return rules.Retention(**{f: getattr(self, f) for f in rules.Retention.field_names()})


class ErasureTombstone(models.Model):
    """What is left of a removed record: its reference and counts, never personal data.

    The public lottery record names entries by reference only, so it still verifies; the
    aggregate statistics read the counts.
    """

    category = models.CharField(_("category"), max_length=50)
    reference = models.CharField(_("reference"), max_length=100)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    context = models.CharField(_("belonged to"), max_length=200, blank=True)
    counts = models.JSONField(_("counts"), default=dict)
    reason = models.CharField(_("why removed"), max_length=30)
    erased_at = models.DateTimeField(_("removed at"), default=timezone.now)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = _("tombstone of removed data")
        verbose_name_plural = _("tombstones of removed data")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "reference"], name="privacy_one_tombstone_per_record"
            )
        ]

    def __str__(self):
        return f"{self.category} {self.reference}"


class PendingFileRemoval(models.Model):
    """A file whose row was removed, recorded in the same transaction: the file goes after the
    commit, and a crash in between leaves this row for the next run to finish."""

    # The field the file belonged to ("app_label.Model.field"), whose storage holds it.
    storage = models.CharField(max_length=200)
    name = models.CharField(max_length=500)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("file still to remove")
        verbose_name_plural = _("files still to remove")

    def __str__(self):
        return f"{self.storage}:{self.name}"


class RetentionNotice(models.Model):
    """The warning mail sent before an inactive account is removed (removed with it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="retention_notice"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user_id} {self.sent_at:%Y-%m-%d}"


class DestructionList(models.Model):
    """A proposed list of municipal records (contract files) to destroy (vernietigingslijst,
    Archiefwet 1995 art. 3 with the Selectielijst gemeenten): proposed by the portal or staff,
    approved or rejected by an authorised person who is not the proposer, and kept for good."""

    class Status(models.TextChoices):
        PROPOSED = rules.LIST_PROPOSED, _("proposed")
        APPROVED = rules.LIST_APPROVED, _("approved")
        REJECTED = rules.LIST_REJECTED, _("rejected")
        CARRIED_OUT = rules.LIST_CARRIED_OUT, _("carried out")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    category = models.CharField(_("category"), max_length=50)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    items = models.JSONField(_("records on the list"), default=list)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("destruction list")
        verbose_name_plural = _("destruction lists")
        permissions = [("approve_destructionlist", "Can approve a destruction list")]

    def __str__(self):
        return f"{self.organisation} {self.category} {self.proposed_at:%Y-%m-%d}"


class DestructionListChange(models.Model):
    """The list's history: who approved, rejected or carried it out, when and why."""

    destruction_list = models.ForeignKey(
        DestructionList, on_delete=models.PROTECT, related_name="history"
    )
    from_status = models.CharField(_("from"), max_length=20)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("destruction list change")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"
