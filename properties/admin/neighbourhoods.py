"""Admin of neighbourhoods."""

from django.contrib import admin

from klushuis.organisations.admin import ScopedToOrganisationAdmin
from properties.admin.common import limit_to_scope
from properties.models import (
    Neighbourhood,
)


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ScopedToOrganisationAdmin):
    organisation_path = "municipality"
    list_display = ["name", "municipality"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **limit_to_scope(db_field, request, kwargs)
        )
