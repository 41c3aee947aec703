import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from applications.lottery.selectors import notary_candidates
from klushuis.admin import ReadOnlyInline
from klushuis.organisations.admin import ScopedToOrganisationAdmin
from klushuis.organisations.models import Organisation
from klushuis.organisations.selectors import organisation_list_for_user, scope_to_user
from klushuis.uploads import JPEG, PDF, PNG, WEBP, safe_name, validate_upload
from properties import rules, services
from properties.models import (
    AlertSubscription,
    AssessmentCriterion,
    Neighbourhood,
    Property,
    PropertyDocument,
    PropertyFigures,
    PropertyPhoto,
    PropertyStatusChange,
    RoundProperty,
    SalesRound,
    ViewingDay,
)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024


def _limit_to_scope(db_field, request, kwargs):
    """Foreign keys to organisations offer only the ones the user works for."""
    if db_field.related_model is Organisation:
        qs = organisation_list_for_user(request.user)
        if db_field.name == "bureau":
            qs = qs.filter(kind=Organisation.Kind.ADVISORY_BUREAU)
        else:
            qs = qs.exclude(kind=Organisation.Kind.ADVISORY_BUREAU)
        kwargs["queryset"] = qs
    elif db_field.related_model is Neighbourhood:
        kwargs["queryset"] = scope_to_user(
            Neighbourhood.objects.select_related("municipality"), request.user, "municipality"
        )
    return kwargs


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ScopedToOrganisationAdmin):
    organisation_path = "municipality"
    list_display = ["name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **_limit_to_scope(db_field, request, kwargs)
        )


# --- Property ----------------------------------------------------------------------------------


class PropertyAdminForm(forms.ModelForm):
    """The property with its figures. Changing a figure appends a version (see services)."""

    purchase_price = forms.DecimalField(
        label=_("purchase price (€)"), min_value=0, max_digits=12, decimal_places=2
    )
    price_condition = forms.ChoiceField(
        label=_("price condition"), choices=PropertyFigures.PriceCondition.choices
    )
    valuation = forms.DecimalField(
        label=_("valuation (€)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    minimum_renovation_budget = forms.DecimalField(
        label=_("minimum renovation budget (€)"), min_value=0, max_digits=12, decimal_places=2
    )
    budget_basis_author = forms.CharField(
        label=_("estimate made by"), max_length=200, help_text=_("Who estimated the cost.")
    )
    budget_basis_date = forms.DateField(
        label=_("estimate date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    budget_own_work_share = forms.IntegerField(
        label=_("assumed own work (%)"), min_value=0, max_value=100
    )
    budget_basis_notes = forms.CharField(
        label=_("basis of the estimate"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    figures_reason = forms.CharField(
        label=_("reason for changing the figures"),
        required=False,
        max_length=300,
        help_text=_("Required when the figures of a public property change; it is kept."),
    )

    class Meta:
        model = Property
        fields = [
            "municipality", "reference", "title", "street", "house_number", "house_letter",
            "house_number_addition", "postcode", "city", "neighbourhood",
            "cadastral_municipality", "cadastral_section", "cadastral_parcel",
            "cadastral_apartment_index", "plot_area_m2", "living_area_m2", "year_built",
            "tenure", "leasehold_terms", "energy_label", "description",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.current_figures if self.instance.pk else None
        if current is not None:
            for name in services.FIGURE_FIELDS:
                self.initial.setdefault(name, getattr(current, name))

    def clean_postcode(self):
        return rules.normalise_postcode(self.cleaned_data["postcode"])

    def clean_cadastral_municipality(self):
        return self.cleaned_data["cadastral_municipality"].strip().upper()

    def clean_cadastral_section(self):
        return self.cleaned_data["cadastral_section"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        municipality, neighbourhood = cleaned.get("municipality"), cleaned.get("neighbourhood")
        if municipality and neighbourhood and neighbourhood.municipality_id != municipality.pk:
            self.add_error(
                "neighbourhood", _("This neighbourhood belongs to another municipality.")
            )
        current = self.instance.current_figures if self.instance.pk else None
        changed = current is not None and any(
            getattr(current, name) != cleaned.get(name) for name in services.FIGURE_FIELDS
        )
        if changed and self.instance.is_public and not cleaned.get("figures_reason", "").strip():
            self.add_error(
                "figures_reason", _("Say why the figures change: buyers may have seen them.")
            )
        if (
            cleaned.get("tenure") == Property.Tenure.LEASEHOLD
            and not cleaned.get("leasehold_terms", "").strip()
        ):
            self.add_error("leasehold_terms", _("A leasehold needs its terms."))
        return cleaned

    def figures(self):
        return {name: self.cleaned_data.get(name) for name in services.FIGURE_FIELDS}


class PhotoForm(forms.ModelForm):
    class Meta:
        model = PropertyPhoto
        fields = ["image", "alt_text", "position"]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload
            mime = validate_upload(image, allowed={JPEG, PNG, WEBP}, max_bytes=MAX_PHOTO_BYTES)
            image.name = safe_name("photo", image.name, mime).split("/", 1)[1]
        return image


class DocumentForm(forms.ModelForm):
    class Meta:
        model = PropertyDocument
        fields = ["kind", "title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            validate_upload(upload, allowed={PDF}, max_bytes=MAX_DOCUMENT_BYTES)
            upload.name = safe_name("document", upload.name, PDF).split("/", 1)[1]
            self.instance.size = upload.size
        return upload


class PhotoInline(admin.TabularInline):
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


class DocumentInline(admin.TabularInline):
    model = PropertyDocument
    form = DocumentForm
    extra = 0
    fields = ["kind", "title", "file", "size", "uploaded_at"]
    readonly_fields = ["size", "uploaded_at"]

    def has_delete_permission(self, request, obj=None):
        # Buyers may have relied on a document; it is replaced by a new one, not removed.
        return False


class FiguresHistoryInline(ReadOnlyInline):
    model = PropertyFigures
    fk_name = "property"
    verbose_name_plural = _("figures history (every version shown to buyers)")
    fields = [
        "version", "created_at", "created_by", "purchase_price", "price_condition",
        "minimum_renovation_budget", "budget_basis_author", "budget_basis_date",
        "budget_own_work_share", "reason",
    ]  # fmt: skip
    readonly_fields = fields


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
                request, _("%(count)d properties changed.") % {"count": done}, messages.SUCCESS
            )

    action.__name__ = f"make_{target}"
    return action


@admin.register(Property)
class PropertyAdmin(ScopedToOrganisationAdmin):
    form = PropertyAdminForm
    organisation_path = "municipality"
    list_display = [
        "reference", "address", "neighbourhood", "status", "price", "renovation_budget",
        "living_area_m2",
    ]  # fmt: skip
    list_filter = ["status", "municipality", "neighbourhood"]
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
        return obj.current_figures.purchase_price if obj.current_figures else "-"

    @admin.display(description=_("minimum renovation budget"))
    def renovation_budget(self, obj):
        return obj.current_figures.minimum_renovation_budget if obj.current_figures else "-"

    @admin.display(description=_("page on the site"))
    def public_page(self, obj):
        if not obj.pk:
            return "-"
        url = reverse("properties:property_detail", args=[obj.reference])
        label = _("View page") if obj.is_public else _("Preview (not public yet)")
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **_limit_to_scope(db_field, request, kwargs)
        )

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


# --- Sales round -------------------------------------------------------------------------------


RULE_FIELDS = [
    "municipality", "slug", "opens_at", "closes_at", "registration_fee", "minimum_age",
    "one_application_per_household", "financing_must_cover_budget", "max_preferences",
    "first_time_buyers_only", "selection_method", "priority_social_rental",
    "extra_tickets_local", "lottery_value_description", "lottery_value_pattern",
    "offer_response_days", "assessment_min_score", "renovation_start_months",
    "renovation_completion_months", "self_occupancy_years", "anti_speculation",
    "anti_speculation_years", "anti_speculation_percentage", "anti_speculation_amount",
    "penalty_amount", "penalty_daily_amount", "penalty_cap",
]  # fmt: skip


class SalesRoundAdminForm(forms.ModelForm):
    # Only accounts holding the notary's permission are offered, and the field refuses any
    # other id sent to the server: a round's notaries are the only people who can draw it.
    notaries = forms.ModelMultipleChoiceField(
        queryset=notary_candidates(),
        required=False,
        label=capfirst(SalesRound._meta.get_field("notaries").verbose_name),
        help_text=SalesRound._meta.get_field("notaries").help_text,
        # Wrapped as the admin wraps its own pickers, so the label stays beside the boxes.
        widget=RelatedFieldWidgetWrapper(
            FilteredSelectMultiple(_("notaries"), is_stacked=False),
            SalesRound._meta.get_field("notaries").remote_field,
            admin.site,
            can_add_related=False,
            can_change_related=False,
            can_delete_related=False,
            can_view_related=False,
        ),
    )

    class Meta:
        model = SalesRound
        fields = [
            "name", "slug", "municipality", "bureau", "introduction", "opens_at", "closes_at",
            "information_meeting_at", "information_meeting_place", *RULE_FIELDS[4:],
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The window must close after it opens."))
        method = cleaned.get("anti_speculation")
        if method == SalesRound.AntiSpeculation.PROFIT_SHARE and not cleaned.get(
            "anti_speculation_percentage"
        ):
            self.add_error("anti_speculation_percentage", _("Give the share of the profit."))
        if method == SalesRound.AntiSpeculation.FIXED_SUM and not cleaned.get(
            "anti_speculation_amount"
        ):
            self.add_error("anti_speculation_amount", _("Give the fixed sum."))
        pattern = cleaned.get("lottery_value_pattern")
        if pattern:
            try:
                re.compile(pattern)
            except re.error:
                self.add_error(
                    "lottery_value_pattern", _("This is not a valid regular expression.")
                )
        if cleaned.get("penalty_daily_amount") and not cleaned.get("penalty_cap"):
            self.add_error("penalty_cap", _("A daily penalty needs a maximum."))
        municipality, bureau = cleaned.get("municipality"), cleaned.get("bureau")
        if (
            municipality
            and bureau
            and not bureau.mandates_held.filter(principal=municipality).exists()
        ):
            self.add_error("bureau", _("This bureau holds no mandate from the municipality."))
        return cleaned

    def _post_clean(self):
        # Model validation would report the window constraint a second time, as a form-wide
        # error; the field error above already says it.
        super()._post_clean()
        if "closes_at" in self.errors:
            self.errors.pop("__all__", None)


class RoundPropertyInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        municipality = getattr(self.instance, "municipality", None)
        for form in self.forms:
            prop = form.cleaned_data.get("property") if hasattr(form, "cleaned_data") else None
            if prop and municipality and prop.municipality_id != municipality.pk:
                form.add_error("property", _("This property is sold by another organisation."))


class RoundPropertyInline(admin.TabularInline):
    model = RoundProperty
    formset = RoundPropertyInlineFormSet
    extra = 1
    autocomplete_fields = ["property"]

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


class ViewingDayInline(admin.TabularInline):
    model = ViewingDay
    extra = 0


@admin.register(SalesRound)
class SalesRoundAdmin(ScopedToOrganisationAdmin):
    form = SalesRoundAdminForm
    organisation_path = "municipality"
    change_form_template = "admin/properties/salesround/change_form.html"
    list_display = ["name", "municipality", "bureau", "opens_at", "closes_at", "phase_label"]
    list_filter = ["municipality", "selection_method"]
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
                    "lottery_value_pattern",
                    "offer_response_days",
                    "assessment_min_score",
                    "jurors",
                    "notaries",
                ]
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
            db_field, request, **_limit_to_scope(db_field, request, kwargs)
        )

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
                _("%(count)d entries are frozen and published; the notary can draw now.")
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


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "created_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Subscribers belong to the platform, not to one municipality: administrators only.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(Q(pk__in=[]))
