"""Admin of sales rounds: rules, homes, viewing days, criteria, and publishing."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

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
                    ("penalty_amount", "penalty_daily_amount", "penalty_cap"),
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

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="properties_salesround_publish",
            ),
            path(
                "<int:pk>/freeze/",
                self.admin_site.admin_view(require_POST(self.freeze_view)),
                name="properties_salesround_freeze",
            ),
            path(
                "<int:pk>/assessment/",
                self.admin_site.admin_view(require_POST(self.assessment_view)),
                name="properties_salesround_assessment",
            ),
            path(
                "<int:pk>/offers/",
                self.admin_site.admin_view(self.offers_view),
                name="properties_salesround_offers",
            ),
            path(
                "<int:pk>/offers/start/",
                self.admin_site.admin_view(require_POST(self.offers_start_view)),
                name="properties_salesround_offers_start",
            ),
            path(
                "<int:pk>/offers/<int:offer_pk>/withdraw/",
                self.admin_site.admin_view(require_POST(self.offer_withdraw_view)),
                name="properties_salesround_offer_withdraw",
            ),
            *super().get_urls(),
        ]

    def _back(self, sales_round, name="properties_salesround_change"):
        return HttpResponseRedirect(reverse(f"admin:{name}", args=[sales_round.pk]))

    def _run(self, request, action, success):
        try:
            action()
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)

    def assessment_view(self, request, pk):
        """Compute and publish the outcome of a round assessed by plan quality."""
        from applications.assessment.services import assessment_publish

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        self._run(
            request,
            lambda: assessment_publish(sales_round=sales_round, actor=request.user),
            _("The outcome of the assessment is published; you can make the offers now."),
        )
        return self._back(sales_round)

    def offers_start_view(self, request, pk):
        from applications.offers.services import offers_start

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        self._run(
            request,
            lambda: offers_start(sales_round=sales_round, actor=request.user),
            _("The offers are made; the buyers have been told by e-mail."),
        )
        return self._back(sales_round, "properties_salesround_offers")

    def offer_withdraw_view(self, request, pk, offer_pk):
        from applications.models import Offer
        from applications.offers.forms import WithdrawOfferForm
        from applications.offers.services import offer_withdraw

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        offer = get_object_or_404(Offer, pk=offer_pk, sales_round=sales_round)
        form = WithdrawOfferForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, _("Give the reason for withdrawing the offer."), messages.ERROR
            )
        else:
            self._run(
                request,
                lambda: offer_withdraw(
                    offer=offer, actor=request.user, reason=form.cleaned_data["reason"]
                ),
                _("The offer is withdrawn; the home went to the next reserve candidate, if any."),
            )
        return self._back(sales_round, "properties_salesround_offers")

    def offers_view(self, request, pk):
        """Per home: its offers, its reserve list and its log; and the offers that are due."""
        from django.template.response import TemplateResponse

        from applications.offers.selectors import round_offer_overview
        from applications.offers.services import offers_start_problems

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.view_offer"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": sales_round,
            "title": _("Offers: %(round)s") % {"round": sales_round.name},
            "overview": round_offer_overview(sales_round),
            "start_problems": offers_start_problems(sales_round),
            "can_manage": request.user.has_perm("applications.manage_offers"),
        }
        return TemplateResponse(request, "admin/properties/salesround/offers.html", context)

    def publish_view(self, request, pk):
        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("properties.publish_salesround"):
            raise PermissionDenied
        try:
            services.sales_round_publish(sales_round=sales_round, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, _("The round is published on the site."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:properties_salesround_change", args=[sales_round.pk])
        )

    def freeze_view(self, request, pk):
        """Freeze the lottery's entries (step 2) once the window closed and all is decided."""
        from applications.lottery.services import lottery_freeze

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.review_application"):
            raise PermissionDenied
        try:
            frozen = lottery_freeze(sales_round=sales_round, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry is frozen and published; the notary can draw now.",
                    "%(count)d entries are frozen and published; the notary can draw now.",
                    frozen.entry_count,
                )
                % {"count": frozen.entry_count},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse("admin:properties_salesround_change", args=[sales_round.pk])
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.published_at is not None:
            from applications.lottery.selectors import round_lottery
            from applications.lottery.services import lottery_freeze_problems

            context["lottery"] = round_lottery(obj)
            context["freeze_problems"] = lottery_freeze_problems(obj)
            context["can_freeze"] = request.user.has_perm("applications.review_application")
            from applications.assessment.services import assessment_problems
            from applications.models import AssessmentOutcome, Offer

            context["can_manage_offers"] = request.user.has_perm("applications.manage_offers")
            context["offers_made"] = Offer.objects.filter(sales_round=obj).exists()
            if obj.selection_method == SalesRound.SelectionMethod.PLAN_ASSESSMENT:
                context["assessment_published"] = AssessmentOutcome.objects.filter(
                    sales_round=obj
                ).exists()
                context["assessment_problems"] = assessment_problems(obj)
        if obj is not None:
            context["round_problems"] = (
                services.sales_round_problems(obj) if obj.published_at is None else []
            )
            context["can_publish"] = request.user.has_perm("properties.publish_salesround")
            context["preview_url"] = reverse("properties:round_detail", args=[obj.slug])
        return super().render_change_form(request, context, add, change, form_url, obj)


PHASE_LABELS = [
    (rules.ROUND_DRAFT, _("Draft")),
    (rules.ROUND_ANNOUNCED, _("Announced")),
    (rules.ROUND_OPEN, _("Open for applications")),
    (rules.ROUND_CLOSED, _("Closed")),
]
