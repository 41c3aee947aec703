"""The access log and the retention records in the management site: read, never edited.

Nobody deletes an access log entry or a tombstone here, platform administrators included; only
retention removes old entries (`klushuis.privacy.services.retention_apply`)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.privacy.models import (
    AccessLogEntry,
    DestructionList,
    DestructionListChange,
    ErasureTombstone,
    RetentionPolicy,
)


class ReadOnlyAdmin(ScopedToOrganisationAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user_label", "action", "what", "reference", "row_count", "client_ip"]
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

    @admin.display(description=_("rows"))
    def row_count(self, obj):
        return obj.detail.get("rows", "")


@admin.register(ErasureTombstone)
class ErasureTombstoneAdmin(ReadOnlyAdmin):
    list_display = ["erased_at", "category", "reference", "context", "reason"]
    list_filter = ["category", "reason"]
    search_fields = ["reference", "context"]
    fields = ["category", "reference", "organisation", "context", "counts", "reason", "erased_at"]
    readonly_fields = fields


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


@admin.register(DestructionList)
class DestructionListAdmin(ReadOnlyAdmin):
    list_display = ["proposed_at", "organisation", "category", "status", "item_count"]
    list_filter = ["status", "category"]
    fields = ["organisation", "category", "status", "items", "proposed_by", "proposed_at"]
    readonly_fields = fields
    inlines = [DestructionListHistory]

    @admin.display(description=_("records"))
    def item_count(self, obj):
        return len(obj.items)
