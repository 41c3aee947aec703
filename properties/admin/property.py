"""Admin of homes: the page with its figures, photos, documents and history, and the status
moves staff make by hand."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from klushuis.admin import (
    HeldUploadsAdmin,
    HeldUploadsInline,
    ReadOnlyInline,
    file_size,
)
from klushuis.formatting import euro, short_moment
from klushuis.organisations.admin import ScopedToOrganisationAdmin
from properties import rules, services
from properties.admin.common import limit_to_scope
from properties.admin.property_forms import DocumentForm, PhotoForm, PropertyAdminForm
from properties.models import (
    Property,
    PropertyDocument,
    PropertyFigures,
    PropertyPhoto,
    PropertyStatusChange,
)


class PhotoInline(HeldUploadsInline, admin.TabularInline):
    model = PropertyPhoto
    form = PhotoForm
    extra = 0
    fields = ["preview", "image", "alt_text", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.pk:
            return "-"
        url = reverse(
            "properties:property_photo_thumb" if photo.thumbnail else "properties:property_photo",
            args=[photo.property.reference, photo.pk],
        )
        return format_html('<img src="{}" alt="" width="120">', url)


class DocumentInline(HeldUploadsInline, admin.TabularInline):
    model = PropertyDocument
    form = DocumentForm
    extra = 0
    fields = ["kind", "title", "file", "stored_size", "uploaded"]
    readonly_fields = ["stored_size", "uploaded"]

    @admin.display(description=_("size"))
    def stored_size(self, document):
        # Only a saved document has a file: after a refused save the size of the chosen file
        # would read as if it were kept.
        return file_size(document.size) if document.pk else "-"

    @admin.display(description=PropertyDocument._meta.get_field("uploaded_at").verbose_name)
    def uploaded(self, document):
        # Short, so the column fits beside the others; a new row has no moment yet.
        return short_moment(document.uploaded_at) if document.pk else "-"

    def has_delete_permission(self, request, obj=None):
        # Buyers may have relied on a document; it is replaced by a new one, not removed.
        return False


class FiguresHistoryInline(ReadOnlyInline):
    model = PropertyFigures
    fk_name = "property"
    verbose_name_plural = _("figures history (every version shown to buyers)")
    fields = [
        "version",
        "created_at",
        "created_by",
        "price",
        "price_condition",
        "budget",
        "budget_basis_author",
        "budget_basis_date",
        "budget_own_work_share",
        "reason",
    ]
    readonly_fields = fields

    @admin.display(description=_("purchase price"))
    def price(self, figures):
        return euro(figures.purchase_price)

    @admin.display(description=_("minimum renovation budget"))
    def budget(self, figures):
        return euro(figures.minimum_renovation_budget)


class StatusHistoryInline(ReadOnlyInline):
    model = PropertyStatusChange
    verbose_name_plural = _("status history")
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


def _transition_action(target, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        done = 0
        for prop in queryset:
            try:
                services.property_transition(property=prop, to=target, actor=request.user)
                done += 1
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{prop.reference}: {' '.join(error.messages)}", messages.ERROR
                )
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(count)d home changed.", "%(count)d homes changed.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    action.__name__ = f"make_{target}"
    return action


# The moves staff make by hand on a home's page; the others follow from its sales round.
STATUS_MOVES = {
    rules.PUBLISHED: (_("Publish in the catalogue"), _("The home is now in the catalogue.")),
    rules.DRAFT: (_("Back to draft"), _("The home is a draft again: no longer in the catalogue.")),
    rules.WITHDRAWN: (_("Withdraw from sale"), _("The home is withdrawn from sale.")),
}
HAND_MOVED = {rules.DRAFT, rules.PUBLISHED, rules.WITHDRAWN}


@admin.register(Property)
class PropertyAdmin(HeldUploadsAdmin, ScopedToOrganisationAdmin):
    class Media:
        js = ["js/upload-limit.js"]  # checks file sizes before sending

    form = PropertyAdminForm
    change_form_template = "admin/properties/property/change_form.html"
    organisation_path = "municipality"
    list_display = [
        "reference",
        "home_address",
        "neighbourhood",
        "status",
        "price",
        "renovation_budget",
        "living_area",
    ]
    list_filter = [
        "status",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        ("neighbourhood", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["neighbourhood", "current_figures", "municipality"]
    search_fields = ["reference", "street", "postcode", "city"]
    readonly_fields = ["status", "public_page"]
    inlines = [PhotoInline, DocumentInline, FiguresHistoryInline, StatusHistoryInline]
    actions = [
        _transition_action(rules.PUBLISHED, _("Publish in the catalogue")),
        _transition_action(rules.WITHDRAWN, _("Withdraw from sale")),
        _transition_action(rules.DRAFT, _("Back to draft")),
    ]
    fieldsets = [
        (None, {"fields": ["municipality", "reference", "title", "status", "public_page"]}),
        (
            _("Address"),
            {
                "fields": [
                    ("street", "house_number", "house_letter", "house_number_addition"),
                    ("postcode", "city"),
                    "neighbourhood",
                ]
            },
        ),
        (
            _("Cadastral designation"),
            {
                "fields": [
                    (
                        "cadastral_municipality",
                        "cadastral_section",
                        "cadastral_parcel",
                        "cadastral_apartment_index",
                    )
                ]
            },
        ),
        (
            _("The home"),
            {
                "fields": [
                    ("living_area_m2", "plot_area_m2", "year_built", "energy_label"),
                    "tenure",
                    "leasehold_terms",
                    ("ground_rent", "ground_rent_bought_off_until"),
                    ("apartment_share", "owners_association_contribution"),
                    "owners_association",
                    "owners_association_rules",
                    "description",
                ]
            },
        ),
        (
            _("Figures shown to buyers (versioned)"),
            {
                "fields": [
                    ("purchase_price", "price_condition", "valuation"),
                    "minimum_renovation_budget",
                    ("budget_basis_author", "budget_basis_date", "budget_own_work_share"),
                    "budget_basis_notes",
                    "figures_reason",
                ]
            },
        ),
    ]

    @admin.display(description=_("purchase price"), ordering="current_figures__purchase_price")
    def price(self, obj):
        return euro(obj.current_figures.purchase_price) if obj.current_figures else "-"

    @admin.display(
        description=_("min. budget"), ordering="current_figures__minimum_renovation_budget"
    )
    def renovation_budget(self, obj):
        return euro(obj.current_figures.minimum_renovation_budget) if obj.current_figures else "-"

    @admin.display(description=_("address"), ordering="street")
    def home_address(self, obj):
        return obj.address

    @admin.display(description=_("living area"), ordering="living_area_m2")
    def living_area(self, obj):
        return f"{obj.living_area_m2} m²" if obj.living_area_m2 else "-"

    @admin.display(description=_("page on the site"))
    def public_page(self, obj):
        if not obj.pk:
            return "-"
        url = reverse("properties:property_detail", args=[obj.reference])
        label = _("View page") if obj.is_public else _("Preview (not public yet)")
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **limit_to_scope(db_field, request, kwargs)
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/status/<str:target>/",
                self.admin_site.admin_view(require_POST(self.status_view)),
                name="properties_property_status",
            ),
            *super().get_urls(),
        ]

    def status_view(self, request, pk, target):
        """The status buttons on a home's page: one service call, a message in words."""
        home = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, home):
            raise PermissionDenied
        if target not in STATUS_MOVES:
            raise Http404
        if home.status not in HAND_MOVED:
            # A home in a sales round moves with its round, not by hand.
            self.message_user(
                request, _("This home moves with its sales round, not by hand."), messages.ERROR
            )
        else:
            self._move(request, home, target)
        return HttpResponseRedirect(reverse("admin:properties_property_change", args=[pk]))

    def _move(self, request, home, target):
        try:
            services.property_transition(property=home, to=target, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, STATUS_MOVES[target][1], messages.SUCCESS)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        movable = obj is not None and obj.status in HAND_MOVED
        if movable and self.has_change_permission(request, obj):
            context["status_moves"] = [
                (target, label)
                for target, (label, _done) in STATUS_MOVES.items()
                if rules.property_move_allowed(obj.status, target, rules.STAFF)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.property_figures_update(
            property=obj,
            figures=form.figures(),
            actor=request.user,
            reason=form.cleaned_data.get("figures_reason", ""),
        )

    def save_formset(self, request, form, formset, change):
        instances = formset.save()
        if formset.model is PropertyPhoto:
            changed = {f.instance.pk for f in formset.forms if "image" in f.changed_data}
            for photo in instances:
                if photo.pk in changed:
                    services.property_photo_saved(photo=photo)
