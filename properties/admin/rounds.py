"""Admin of sales rounds: rules, homes, viewing days and criteria.

Publishing a round and the selection steps after it (freeze, assessment, offers) belong to the
layer above: `applications.admin.rounds.SelectionRoundAdmin` extends this admin with them and
takes its place on the admin site. The template leaves blocks for them.
"""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klushuis.accounts.selectors import users_with_permission
from klushuis.formatting import short_moment
from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.organisations.selectors import (
    organisation_ids_for_user,
    scope_to_user,
)
from properties import rules, services
from properties.admin.common import limit_to_scope
from properties.admin.round_forms import (
    JUROR_PERMISSION,
    RULE_FIELDS,
    FreeHomeChoiceField,
    LabelledDateTimes,
    RoundPropertyInlineFormSet,
    SalesRoundAdminForm,
    lottery_value_format_label,
)
from properties.models import (
    AssessmentCriterion,
    Property,
    RoundProperty,
    SalesRound,
    ViewingDay,
)


class RoundPropertyInline(admin.TabularInline):
    model = RoundProperty
    formset = RoundPropertyInlineFormSet
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "property":
            # Only free homes (published, in no round) and those already in this round.
            round_id = request.resolver_match.kwargs.get("object_id") if request else None
            free = Q(status=rules.PUBLISHED)
            if round_id:
                free |= Q(roundproperty__sales_round_id=round_id)
            kwargs["queryset"] = scope_to_user(
                Property.objects.filter(free).distinct(), request.user, "municipality"
            ).order_by("street", "house_number")
            kwargs["form_class"] = FreeHomeChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _locked(self, obj):
        return obj is not None and obj.published_at is not None

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class AssessmentCriterionInline(admin.TabularInline):
    """Criteria are round rules: editable until the window opens, then frozen."""

    model = AssessmentCriterion
    extra = 0
    fields = ["order", "name", "description", "weight", "max_score"]

    def _frozen(self, obj):
        return obj is not None and obj.rules_frozen

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class ViewingDayInline(LabelledDateTimes, admin.TabularInline):
    model = ViewingDay
    extra = 0


@admin.register(SalesRound)
class SalesRoundAdmin(LabelledDateTimes, ScopedToOrganisationAdmin):
    form = SalesRoundAdminForm
    prepopulated_fields = {"slug": ["name"]}
    organisation_path = "municipality"
    change_form_template = "admin/properties/salesround/change_form.html"
    list_display = ["name", "municipality", "bureau", "window", "phase_label"]
    list_filter = [("municipality", admin.RelatedOnlyFieldListFilter), "selection_method"]
    list_select_related = ["municipality", "bureau"]
    search_fields = ["name", "slug"]
    inlines = [RoundPropertyInline, ViewingDayInline, AssessmentCriterionInline]
    filter_horizontal = ["jurors"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "municipality", "bureau", "introduction"]}),
        (
            _("Timetable (Europe/Amsterdam)"),
            {
                "fields": [
                    ("opens_at", "closes_at"),
                    ("information_meeting_at", "information_meeting_place"),
                ]
            },
        ),
        (
            _("Eligibility"),
            {
                "fields": [
                    "minimum_age",
                    "one_application_per_household",
                    "financing_must_cover_budget",
                    "first_time_buyers_only",
                    "max_preferences",
                    "registration_fee",
                ]
            },
        ),
        (
            _("Selection"),
            {
                "fields": [
                    "selection_method",
                    "priority_social_rental",
                    "extra_tickets_local",
                    "lottery_value_description",
                    "lottery_value_format",
                    "offer_response_days",
                    "notaries",
                ]
            },
        ),
        (
            _("Assessment of plans"),
            {
                "classes": ["assessment-only"],
                "description": _("Only for a round assessed by plan quality."),
                "fields": ["assessment_min_score", "jurors"],
            },
        ),
        (
            _("Obligations in the purchase agreements"),
            {
                "fields": [
                    ("renovation_start_months", "renovation_completion_months"),
                    "self_occupancy_years",
                    ("anti_speculation", "anti_speculation_years"),
                    ("anti_speculation_percentage", "anti_speculation_amount"),
                    ("penalty_amount", "penalty_percentage"),
                    ("penalty_daily_amount", "penalty_cap"),
                ]
            },
        ),
    ]

    @admin.display(description=_("application window"), ordering="opens_at")
    def window(self, obj):
        return _("%(opens)s to %(closes)s") % {
            "opens": short_moment(obj.opens_at),
            "closes": short_moment(obj.closes_at),
        }

    @admin.display(description=_("public value of the lottery: format"))
    def lottery_value_format(self, obj):
        return lottery_value_format_label(obj.lottery_value_pattern)

    def _is_lottery(self, request, obj):
        method = request.POST.get("selection_method") if request.method == "POST" else None
        method = method or (obj.selection_method if obj else SalesRound.SelectionMethod.LOTTERY)
        return method == SalesRound.SelectionMethod.LOTTERY

    def get_fieldsets(self, request, obj=None):
        # Jury, criteria and minimum score belong to rounds assessed by plan quality: hidden
        # for a lottery (the script in Media shows them when the method is switched).
        hidden = self._is_lottery(request, obj)
        return [
            (name, {**options, "classes": [*options["classes"], "hidden"]})
            if hidden and "assessment-only" in options.get("classes", [])
            else (name, options)
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if isinstance(inline, AssessmentCriterionInline):
                inline.classes = ["assessment-only"]
                if self._is_lottery(request, obj):
                    inline.classes.append("hidden")
        return inlines

    def get_prepopulated_fields(self, request, obj=None):
        # Once published the address is fixed (it is read-only then).
        return (
            {}
            if obj is not None and obj.published_at is not None
            else super().get_prepopulated_fields(request, obj)
        )

    class Media:
        js = ["js/admin-round.js"]

    @admin.display(description=_("phase"))
    def phase_label(self, obj):
        return dict(PHASE_LABELS)[obj.phase()]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.rules_frozen:
            # Applicants applied under these rules: they cannot change any more.
            return RULE_FIELDS
        if obj is not None and obj.published_at is not None:
            return ["municipality", "slug"]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **limit_to_scope(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "jurors":
            kwargs["queryset"] = users_with_permission(
                JUROR_PERMISSION, organisation_ids=organisation_ids_for_user(request.user)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["round_problems"] = (
                services.sales_round_problems(obj) if obj.published_at is None else []
            )
            context["preview_url"] = reverse("properties:round_detail", args=[obj.slug])
        return super().render_change_form(request, context, add, change, form_url, obj)


PHASE_LABELS = [
    (rules.ROUND_DRAFT, _("Draft")),
    (rules.ROUND_ANNOUNCED, _("Announced")),
    (rules.ROUND_OPEN, _("Open for applications")),
    (rules.ROUND_CLOSED, _("Closed")),
]
