"""The lottery in the admin: published draws and their two-person annulment.

The seed is deliberately absent: LotterySeed has no admin, and no admin here shows it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from applications.lottery import services
from applications.models import LotteryCommitment, LotteryDraw
from klushuis.organisations.admin import ScopedToOrganisationAdmin


class AnnulForm(forms.Form):
    reason = forms.CharField(
        label=_("reason (published with the annulled draw)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@admin.register(LotteryDraw)
class LotteryDrawAdmin(ScopedToOrganisationAdmin):
    organisation_path = "sales_round__municipality"
    list_display = ["sales_round", "drawn_at", "public_value", "drawn_by", "state"]
    list_select_related = ["sales_round", "drawn_by"]
    fields = [
        "sales_round",
        "drawn_at",
        "drawn_by",
        "public_value",
        "record_link",
        "annulment_reason",
        "annulment_requested_by",
        "annulment_requested_at",
        "annulled_by",
        "annulled_at",
        "annul",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.annulled_at:
            return _("annulled")
        if obj.annulment_requested_at:
            return _("annulment requested")
        return _("valid")

    @admin.display(description=_("record"))
    def record_link(self, obj):
        url = reverse("applications:lottery_record_by_id", args=[obj.sales_round.slug, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("published record (JSON)"))

    @admin.display(description=_("annulment"))
    def annul(self, obj):
        if obj.annulled_at:
            return "-"
        url = reverse("admin:applications_lotterydraw_annul", args=[obj.pk])
        label = (
            _("Approve the annulment (second person)")
            if obj.annulment_requested_at
            else _("Request annulment")
        )
        return format_html('<a class="button" href="{}">{}</a>', url, label)

    def get_urls(self):
        return [
            path(
                "<int:pk>/annul/",
                self.admin_site.admin_view(self.annul_view),
                name="applications_lotterydraw_annul",
            ),
            *super().get_urls(),
        ]

    def annul_view(self, request, pk):
        draw = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.annul_lottery"):
            raise PermissionDenied
        approving = draw.annulment_requested_at is not None
        form = AnnulForm(request.POST or None) if not approving else None
        if request.method == "POST":
            try:
                if approving:
                    services.lottery_annul_approve(draw=draw, actor=request.user)
                    self.message_user(
                        request,
                        _(
                            "The draw is annulled; the round has a new commitment. Freeze the "
                            "entries again before the next draw."
                        ),
                        messages.SUCCESS,
                    )
                elif form.is_valid():
                    services.lottery_annul_request(
                        draw=draw, reason=form.cleaned_data["reason"], actor=request.user
                    )
                    self.message_user(
                        request,
                        _("Annulment requested. A second person must approve it."),
                        messages.SUCCESS,
                    )
                else:
                    raise ValidationError(_("Give the reason for the annulment."))
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                return HttpResponseRedirect(
                    reverse("admin:applications_lotterydraw_change", args=[pk])
                )
        return render(
            request,
            "admin/applications/lotterydraw/annul.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Annul a draw"),
                "draw": draw,
                "form": form,
                "approving": approving,
            },
        )


@admin.register(LotteryCommitment)
class LotteryCommitmentAdmin(ScopedToOrganisationAdmin):
    """Commitments and their frozen entries, read-only. The seed is not a field here."""

    organisation_path = "sales_round__municipality"
    list_display = [
        "sales_round",
        "sequence",
        "seed_commitment",
        "committed_at",
        "activated_at",
        "superseded_at",
        "frozen",
    ]
    list_select_related = ["sales_round", "snapshot"]
    fields = [
        "sales_round",
        "seed_commitment",
        "public_value_description",
        "public_value_pattern",
        "sequence",
        "committed_at",
        "activated_at",
        "superseded_at",
        "frozen",
    ]
    readonly_fields = fields

    @admin.display(description=_("entries frozen"))
    def frozen(self, obj):
        snapshot = getattr(obj, "snapshot", None)
        if snapshot is None:
            return "-"
        return f"{snapshot.entry_count} · {snapshot.frozen_at:%Y-%m-%d %H:%M} · {snapshot.sha256}"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
