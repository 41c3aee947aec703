from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from klushuis.organisations.colours import MINIMUM_CONTRAST, contrast_ratio
from klushuis.organisations.models import Mandate, Organisation
from klushuis.organisations.selectors import organisation_ids_for_user, scope_to_user


class OrganisationAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "primary_colour", "website", "email", "phone"]
        widgets = {"primary_colour": forms.TextInput(attrs={"type": "color"})}

    def clean_primary_colour(self):
        colour = self.cleaned_data["primary_colour"].lower()
        ratio = contrast_ratio(colour, "#ffffff")
        if ratio < MINIMUM_CONTRAST:
            raise forms.ValidationError(
                _(
                    "White text on this colour has a contrast of %(ratio).1f:1; at least "
                    "%(minimum).1f:1 is needed to be readable (WCAG 2.1 AA). "
                    "Choose a darker colour."
                ),
                params={"ratio": ratio, "minimum": MINIMUM_CONTRAST},
            )
        return colour


class MandateInline(admin.TabularInline):
    model = Mandate
    fk_name = "bureau"
    extra = 0
    verbose_name = _("mandate held")
    verbose_name_plural = _("mandates held (municipalities this bureau works for)")


class ScopedToOrganisationAdmin(admin.ModelAdmin):
    """Admin for data that belongs to organisations: staff see only the ones they work for.

    Subclasses name the lookup from their model to its organisation in `organisation_path`.
    """

    organisation_path = "organisation"

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, self.organisation_path)


@admin.register(Organisation)
class OrganisationAdmin(ScopedToOrganisationAdmin):
    form = OrganisationAdminForm
    organisation_path = "pk"
    list_display = ["name", "kind", "email", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MandateInline]

    # The kind steers what an organisation's staff may see and the slug is in public URLs:
    # only platform administrators change them, never the organisation's own staff.
    platform_fields = ["kind", "slug"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += self.platform_fields
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if request.user.is_superuser else {}


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["bureau", "principal", "valid_from", "valid_until"]
    list_select_related = ["bureau", "principal"]

    def get_queryset(self, request):
        ids = organisation_ids_for_user(request.user)
        qs = super().get_queryset(request).select_related("bureau", "principal")
        return qs if ids is None else qs.filter(bureau_id__in=ids, principal_id__in=ids)
