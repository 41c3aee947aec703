"""The access log and the retention records in the management site: read, never edited.

Nobody deletes an access log entry or a tombstone here, platform administrators included; only
retention removes old entries (`klushuis.privacy.services.retention_apply`)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.privacy import registry, rules, services
from klushuis.privacy.models import (
    AccessLogEntry,
    DestructionList,
    DestructionListChange,
    ErasureTombstone,
    RetentionPolicy,
)

# What the views record (`what`, kept in English in the log) as staff read it.
WHAT = {
    "application": _("application"),
    "applications": _("applications"),
    "financing statement": _("financing statement"),
    "renovation plan": _("renovation plan"),
    "renovation drawings": _("drawings"),
    "purchase agreement": _("purchase agreement"),
    "signed purchase agreement": _("signed purchase agreement"),
    "instruction to the notary": _("instruction to the notary"),
    "letter": _("letter"),
}
REASONS = {
    services.RETENTION: _("retention period passed"),
    services.BUYER_REQUEST: _("the buyer's request"),
    services.DESTRUCTION_LIST: _("approved destruction list"),
}


class ReadOnlyAdmin(ScopedToOrganisationAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "user_label",
        "action",
        "what_read",
        "reference",
        "row_count",
        "client_ip",
    ]
    list_filter = ["action", "what", "organisation"]
    search_fields = ["reference", "user_label", "client_ip"]
    date_hierarchy = "at"
    list_per_page = 100
    fields = [
        "at",
        "user_label",
        "organisation",
        "action",
        "what",
        "reference",
        "detail",
        "client_ip",
        "path",
    ]
    readonly_fields = fields

    @admin.display(description=_("what was read"), ordering="what")
    def what_read(self, obj):
        return WHAT.get(obj.what, obj.what)

    @admin.display(description=_("rows"))
    def row_count(self, obj):
        return obj.detail.get("rows", "")


@admin.register(ErasureTombstone)
class ErasureTombstoneAdmin(ReadOnlyAdmin):
    list_display = ["erased_at", "category_label", "reference", "context", "why"]
    list_filter = ["category", "reason"]
    search_fields = ["reference", "context"]
    fields = ["category", "reference", "organisation", "context", "counts", "reason", "erased_at"]
    readonly_fields = fields

    @admin.display(description=_("category"), ordering="category")
    def category_label(self, obj):
        try:
            return registry.category(obj.category).label
        except KeyError:
            return obj.category

    @admin.display(description=_("why removed"), ordering="reason")
    def why(self, obj):
        return REASONS.get(obj.reason, obj.reason)


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(ScopedToOrganisationAdmin):
    """The municipality's retention settings; the privacy statement is generated from them."""

    list_display = [
        "organisation",
        "unsuccessful_months",
        "draft_inactive_months",
        "account_inactive_years",
        "access_log_months",
        "contract_years_after_release",
    ]

    def has_delete_permission(self, request, obj=None):
        return False


class DestructionListHistory(admin.TabularInline):
    model = DestructionListChange

    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=capfirst(_("decision")),
        choices=[
            (rules.LIST_APPROVED, _("Approve: destroy these records")),
            (rules.LIST_REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=capfirst(_("reason")), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


@admin.register(DestructionList)
class DestructionListAdmin(ReadOnlyAdmin):
    list_display = ["proposed_at", "organisation", "category", "status", "item_count"]
    list_filter = ["status", "category"]
    fields = [
        "organisation",
        "category",
        "status",
        "items",
        "proposed_by",
        "proposed_at",
        "decide_link",
    ]
    readonly_fields = fields
    inlines = [DestructionListHistory]

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="privacy_destructionlist_decide",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("decision"))
    def decide_link(self, obj):
        if obj.status != rules.LIST_PROPOSED:
            return "-"
        url = reverse("admin:privacy_destructionlist_decide", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Approve or reject"))

    def decide_view(self, request, pk):
        """An authorised person (not the proposer) approves or rejects the list, with a
        reason; the list and the decision are kept."""
        destruction_list = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("privacy.approve_destructionlist"):
            raise PermissionDenied
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.destruction_list_transition(
                    destruction_list=destruction_list,
                    to=form.cleaned_data["decision"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The decision is recorded."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:privacy_destructionlist_change", args=[pk])
                )
        return render(
            request,
            "admin/privacy/destructionlist/decide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Decide on a destruction list"),
                "destruction_list": destruction_list,
                "form": form,
            },
        )

    @admin.display(description=_("records"))
    def item_count(self, obj):
        return len(obj.items)
